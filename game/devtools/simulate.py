"""Plausible play data for demos, tests and benchmarks, written the way the game writes it.

Each simulated student signs in (Store.add_player), and plays a track through the real quiz
rules (game.levels.quiz.logic.QuizLogic) with the game's session recorder (game.session.Recorder),
so every row goes through the same Store methods as in play. Only the clock is simulated.

The model: a student has a latent ability theta ~ N(0.2, 1); a question has a difficulty b; the
student knows the answer with probability 1 / (1 + exp(-a (theta - b))) (a: how sharply the
question separates, 1 to 2.2) and otherwise guesses,
drawn to each distractor by its own attractiveness (some are hardly ever picked). Response
times are log-normal, slower on hard questions. Between the pre-test and the post-test a
student's ability grows by about `learn`, so the post-test shows a gain on average.

Planted items (for tests and demos): `easy` questions get b = -5 (nearly everyone right);
`miskeyed` questions behave as if their key were wrong: students who know pick a distractor.

Time on a question is reading (its characters, question and options, at the student's own reading
speed: about 6 Chinese characters or 18 English letters a second, as a child reads) plus thinking.
Each student plays on a device of their own (as in a class with a tablet each).

Nicknames are made the way a student makes one by tapping: an adjective and an animal from the
content's nicknames.yaml (勇敢的熊猫, Brave Panda), each pair once per class, shuffled by class; without
that file, or past its pairs, an animal with the seat number. No name is written in this code
(class_nicknames); SimResult.nicknames lists them in seat order for whoever needs them.

For the teacher-insight sections (game/reports/insight.py):
- refusal skills: each student prefers some refusal skills to others (log-normal weights, the class
  leaning on "say no"), picks a safe reply among those on offer by those weights, and takes the
  second chance a scenario gives after an unsafe reply more often than the first;
- `fast_clickers`: the class's last students are scripted: one shared device, sessions a couple of
  minutes apart, every answer the first option shown, in under a second;
- `copiers`: the students before them copy one cheat sheet (the same option per question, drawn once
  per class, mostly wrong), at a normal pace;
- `retention_weeks`: the teacher schedules the re-test that many weeks after the last day of play; a
  share (`retention_share`) of the students start a session some days after it opens and, through
  the game's own rule (game/classroom/retention.py), play the re-test first, then the track from its first level. Between
  the post-test and the re-test a student keeps a share 2^(-weeks / `half_life_weeks`) of what the
  course added to their ability.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.cliargs import fail


@dataclass
class SimResult:
    class_code: str
    students: int
    sessions: int = 0
    attempts: int = 0
    answers: int = 0
    events: int = 0
    sequence: list[tuple[str, str]] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)  # the class's students, in seat order
    fast_clickers: list[str] = field(default_factory=list)  # nicknames of the scripted students
    copiers: list[str] = field(default_factory=list)
    retested: list[str] = field(default_factory=list)  # those who took the re-test
    retention_opens: dt.date | None = None


SKILLS = ("say_no", "give_reason", "change_subject", "leave", "tell_adult")
READING = {"zh-CN": 6.0, "en": 18.0}  # a child's reading speed, characters a second (median)


@dataclass
class Student:
    """How one simulated student plays: ability, pace, reading speed, liked refusal skills, and a script if any."""

    theta: float
    speed: float = 1.0  # thinking time multiplier
    reading: float = 6.0  # characters a second
    skills: dict[str, float] = field(default_factory=dict)
    script: str = ""  # "" (plays), "fast" (taps the first option at once) or "copy" (copies the cheat sheet)
    rng: random.Random | None = None  # for the student's own choices (apart from the main stream)

    def pick(self, replies: list[Any]) -> Any:
        """A safe reply, weighted by how much this student likes its skill."""
        chooser = self.rng or random.Random(0)
        return chooser.choices(replies, [self.skills.get(c.skill or "", 1.0) for c in replies])[0]


def _characters(question: Any, lang: str) -> int:
    return len(question.prompt.get(lang)) + sum(len(o.text.get(lang)) for o in question.choices())


class SimClock:
    """The store's clock during a simulation: moves only when told to."""

    def __init__(self, start: dt.datetime):
        self.t = start

    def __call__(self) -> str:
        return self.t.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def advance(self, seconds: float) -> None:
        self.t += dt.timedelta(seconds=seconds)


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def play_sequence(track: Any, prepost: bool = True) -> list[tuple[str, str]]:
    """(level id, role) to play. A track without a pre/post test gets its last level as both
    (same items), with the other levels between them, when prepost is True."""
    sequence = track.sequence()
    if prepost and not track.pre_test and not track.post_test and len(track.levels) >= 2:
        last = track.levels[-1]
        sequence = [(last, "pre")] + [(lid, "level") for lid in track.levels[:-1]] + [(last, "post")]
    return sequence


class _Items:
    """Per-question difficulty, the option a knowing student picks, and how tempting each distractor is."""

    def __init__(self, content: Any, rng: random.Random, easy: Iterable[str], miskeyed: Iterable[str]):
        self.difficulty: dict[str, float] = {}
        self.slope: dict[str, float] = {}
        self.truth: dict[str, frozenset[str]] = {}
        self.pull: dict[str, dict[str, float]] = {}
        easy, miskeyed = set(easy), set(miskeyed)
        for qid in sorted(content.questions):
            question = content.questions[qid]
            options = question.choices()
            key = frozenset(o.id for o in options if o.correct)
            self.difficulty[qid] = -5.0 if qid in easy else rng.gauss(0.2, 0.9)
            self.slope[qid] = rng.uniform(1.0, 2.2)
            wrong = [o.id for o in options if not o.correct]
            if qid in miskeyed and wrong:
                self.truth[qid] = frozenset({wrong[0]})
                self.difficulty[qid] = min(self.difficulty[qid], -0.5)
            else:
                self.truth[qid] = key
            pull = {o.id: 1.0 for o in options}
            for i, oid in enumerate(wrong):
                # one distractor in four is hardly tempting at all
                pull[oid] = (
                    0.03 if (i == len(wrong) - 1 and len(wrong) > 2 and rng.random() < 0.25) else rng.uniform(0.4, 1.6)
                )
            self.pull[qid] = pull


def _choose(question: Any, option_ids: list[str], items: _Items, theta: float, rng: random.Random) -> list[str]:
    qid = question.id
    if rng.random() < _logistic(items.slope[qid] * (theta - items.difficulty[qid])):
        return sorted(items.truth[qid], key=option_ids.index)
    pull = items.pull[qid]
    if question.kind == "multiple":
        picked = [o for o in option_ids if rng.random() < 0.3 + 0.25 * pull.get(o, 1.0)]
        return picked or [rng.choice(option_ids)]
    weights = [pull.get(o, 1.0) for o in option_ids]
    return [rng.choices(option_ids, weights)[0]]


def _play_quiz(
    level: Any,
    content: Any,
    recorder: Any,
    clock: SimClock,
    items: _Items,
    theta: float,
    who: Student,
    rng: random.Random,
    lang: str = "zh-CN",
    sheet: dict[str, str] | None = None,
) -> int:
    from game.levels.quiz.logic import QuizLogic

    logic = QuizLogic.build(level, content.quizzes[level.quiz], rng, content.questions)
    answered = 0
    while logic.phase != "done":
        question = logic.item.question
        think = who.speed * math.exp(rng.gauss(math.log(3.0) + 0.25 * (items.difficulty[question.id] - theta), 0.35))
        seconds = think + _characters(question, lang) / who.reading
        if who.script == "fast":
            seconds = 0.3 + 0.6 * (who.rng or rng).random()
        outcomes = logic.update(seconds)
        if not outcomes and question.kind == "estimate":  # the norms item: a belief, never scored
            logic.set_value(min(100, max(0, rng.gauss(35 - 10 * theta, 15))))
            outcomes = logic.submit()
        elif not outcomes:
            ids = [o.id for o in logic.item.options]
            chosen = _choose(question, ids, items, theta, rng)
            if who.script == "fast":
                chosen = ids[:1]  # the first button, whatever it says
            elif who.script == "copy" and sheet is not None:
                chosen = [sheet.setdefault(question.id, ids[len(sheet) % len(ids)])]
            if question.kind == "multiple":
                for oid in chosen:
                    logic.choose(oid)
                outcomes = logic.submit()
            else:
                outcomes = logic.choose(chosen[0])
        clock.advance(min(seconds, level.time_limit_s or seconds))
        for outcome in outcomes:
            recorder.record(outcome)
            answered += 1
        clock.advance(rng.uniform(3.0, 9.0))  # reading the feedback
        for outcome in logic.next():
            recorder.record(outcome)
    return answered


def _play_scenario(
    level: Any,
    recorder: Any,
    clock: SimClock,
    theta: float,
    rng: random.Random,
    who: Student | None = None,
    lang: str = "zh-CN",
) -> int:
    """A refusal scenario through its own rules: at each node a safe reply with a chance that grows
    with ability (and after an unsafe reply, when the story gives a second chance), the safe reply
    picked by the student's liking for its skill; reading first; every reply and the ending recorded."""
    from game.levels.scenario.logic import ScenarioLogic
    from game.outcomes import AnswerChosen

    who = who or Student(theta)
    logic = ScenarioLogic(level)
    answered = 0
    while logic.phase == "talk" and logic.choices:
        read = (len(logic.node.text.get(lang)) + sum(len(c.text.get(lang)) for c in logic.choices)) / who.reading
        seconds = read + math.exp(rng.gauss(math.log(3.5) - 0.2 * theta, 0.35))
        if who.script == "fast":
            seconds = 0.3 + 0.6 * (who.rng or rng).random()
        outcomes = list(logic.update(seconds) or [])
        clock.advance(seconds)
        safe = [c for c in logic.choices if c.safe]
        other = [c for c in logic.choices if not c.safe]
        pick = (
            rng.choice(safe)
            if safe and (not other or rng.random() < _logistic(1.2 * theta + 1.0))
            else rng.choice(other)
        )
        if pick.safe and len(safe) > 1 and who.skills:  # which safe reply: by the skills this student likes
            pick = who.pick(safe)
        if who.script == "fast":
            pick = logic.choices[0]
        outcomes += logic.choose(pick.id)
        for outcome in outcomes:
            recorder.record(outcome)
        answered += sum(isinstance(o, AnswerChosen) for o in outcomes)
    clock.advance(rng.uniform(4.0, 10.0))  # reading the ending's feedback
    for outcome in logic.finish():
        recorder.record(outcome)
    return answered


def _play_spot(level: Any, recorder: Any, clock: SimClock, theta: float, rng: random.Random, script: str = "") -> int:
    """A spot-the-disguise shelf through its own rules: each item judged right with a chance that
    grows with ability (the suspicious ones a little harder), then Done and the feedback."""
    from game.levels.spot.logic import SpotLogic
    from game.outcomes import AnswerChosen

    logic = SpotLogic(level)
    for item in level.items:
        right = rng.random() < _logistic(theta + (0.3 if item.suspicious else 1.0))
        if right == item.suspicious and script != "fast":
            logic.toggle(item.id)
    seconds = math.exp(rng.gauss(math.log(25.0) - 0.2 * theta, 0.3)) if script != "fast" else 1.0
    outcomes = list(logic.update(seconds) or [])
    clock.advance(seconds)
    outcomes += logic.done()
    clock.advance(rng.uniform(8.0, 20.0))
    outcomes += logic.finish()
    for outcome in outcomes:
        recorder.record(outcome)
    return sum(isinstance(o, AnswerChosen) for o in outcomes)


def _play_other(level: Any, content: Any, recorder: Any, clock: SimClock, theta: float, rng: random.Random) -> int:
    """The chase: hits by drugs, maybe a catch, then its result."""
    from game.outcomes import GameEvent, LevelFinished

    drugs = list(getattr(level, "drugs", None) or sorted(content.drugs))
    hits = max(0, round(rng.gauss(3.0 - theta, 1.2)))
    t_ms = 0
    for _ in range(hits):
        t_ms += rng.randint(2000, 15000)
        clock.advance(t_ms / 1000.0 / max(hits, 1))
        recorder.record(GameEvent("hit", {"drug": rng.choice(drugs)}, t_ms))
    caught = rng.random() < _logistic(theta + 0.5)
    if caught:
        recorder.record(GameEvent("caught", {}, t_ms + 1000))
    clock.advance(rng.uniform(40, 120))
    score = max(0, 100 - 15 * hits) if caught else max(0, 50 - 15 * hits)
    recorder.record(LevelFinished(score, 100, caught))
    return 0


def _student(
    i: int,
    count: int,
    fast_clickers: int,
    copiers: int,
    rng: random.Random,
    extra: random.Random,
    lang: str,
    bias: dict[str, float],
) -> Student:
    """Student i of count: ability and pace from the main stream (drawn where they always were, so a seed gives
    the data it gave before these behaviours), reading speed, liked skills and script from `extra`."""
    who = Student(rng.gauss(0.2, 1.0), math.exp(rng.gauss(0.0, 0.25)))
    who.reading = READING.get(lang, 6.0) * math.exp(extra.gauss(0.0, 0.2))
    who.skills = {s: bias.get(s, 1.0) * math.exp(extra.gauss(0.0, 0.8)) for s in SKILLS}
    who.rng = extra
    if i >= count - fast_clickers:
        who.script = "fast"
    elif i >= count - fast_clickers - copiers:
        who.script = "copy"
    return who


def class_nicknames(
    content: Any, class_code: str, count: int, lang: str = "zh-CN", prefix: str | None = None
) -> list[str]:
    """`count` distinct nicknames for a class, in seat order: each adjective-and-animal pair of the content's
    nicknames.yaml once (in an order drawn from the class code), then an animal with the seat number; with
    `prefix`, the prefix and the seat number (tests that need a particular text in every name)."""
    from game.content.nickname import join_words, words_in

    if prefix is not None:
        return [f"{prefix}{i + 1:02d}" for i in range(count)]
    words = getattr(content, "nicknames", None)
    if words is None:
        return [f"{i + 1:02d}" for i in range(count)]
    adjectives, animals = words_in(words.adjectives, lang), words_in(words.animals, lang)
    pairs = [(a, b) for a in adjectives for b in animals]
    random.Random(f"nicknames|{class_code}").shuffle(pairs)
    names = [join_words(pair, lang) for pair in pairs[:count]]
    names += [f"{animals[i % len(animals)]}{i + 1}" for i in range(len(names), count)]
    return names


def _check_class(students: int, fast_clickers: int, copiers: int) -> None:
    """Refuse a class that cannot be: negative counts, or more fast clickers and copiers than students."""
    if students < 0 or fast_clickers < 0 or copiers < 0:
        raise ValueError("students, fast clickers and copiers must be 0 or more")
    if fast_clickers + copiers > students:
        raise ValueError("fast clickers and copiers are students of the class: no more of them than students")


def _first_day(start: dt.date | dt.datetime | None, days: int, retention_weeks: float | None) -> dt.datetime:
    """Midnight UTC of the first day of play: `start`'s day, or recent days (with a re-test, early enough that
    it has been taken by now)."""
    if start is None:
        back = days + (7 * retention_weeks + 7 if retention_weeks is not None else 0)
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=back)
    # sessions fall 00:30-08:00 UTC on each day (08:30-16:00 in China, UTC+8: school hours)
    day0 = start.date() if isinstance(start, dt.datetime) else start
    return dt.datetime.combine(day0, dt.time(), dt.UTC)


def _play_level(
    level: Any,
    content: Any,
    recorder: Any,
    clock: SimClock,
    items: _Items,
    grown: float,
    who: Student,
    rng: random.Random,
    lang: str,
    sheet: dict[str, str],
) -> int:
    """Play one level by its type; returns the number of answers given."""
    if level.type == "quiz":
        return _play_quiz(level, content, recorder, clock, items, grown, who, rng, lang, sheet)
    if level.type == "scenario":
        return _play_scenario(level, recorder, clock, grown, rng, who, lang)
    if level.type == "spot":
        return _play_spot(level, recorder, clock, grown, rng, who.script)
    _play_other(level, content, recorder, clock, grown, rng)  # the chase's hits are not answers
    return 0


def simulate(
    store: Any,
    content: Any,
    class_code: str,
    students: int,
    seed: int = 0,
    track_id: str | None = None,
    *,
    lang: str = "zh-CN",
    start: dt.date | dt.datetime | None = None,
    days: int = 5,
    learn: float = 1.2,
    replay: float = 0.15,
    quit_rate: float = 0.05,
    easy: Iterable[str] = (),
    miskeyed: Iterable[str] = (),
    prepost: bool = True,
    nickname_prefix: str | None = None,
    batch: int = 50,
    fast_clickers: int = 0,
    copiers: int = 0,
    retention_weeks: float | None = None,
    retention_share: float = 0.8,
    half_life_weeks: float = 8.0,
) -> SimResult:
    """Fill `store` with `students` simulated students of `class_code` playing a track (see the module docstring)."""
    from game.session import Player, Recorder

    _check_class(students, fast_clickers, copiers)
    tracks = content.tracks
    track = tracks[track_id] if track_id else tracks[sorted(tracks)[0]]
    sequence = play_sequence(track, prepost)
    rng = random.Random(f"{seed}|{class_code}")
    extra = random.Random(f"{seed}|{class_code}|insight")  # what the newer behaviours draw, apart from the rest
    items = _Items(content, random.Random(f"items|{seed}"), easy, miskeyed)
    begin = _first_day(start, days, retention_weeks)
    clock = SimClock(begin)
    result = SimResult(
        class_code,
        students,
        sequence=sequence,
        nicknames=class_nicknames(content, class_code, students, lang, nickname_prefix),
    )
    class_bias = {"say_no": 2.0}  # a class leans on "no, thanks"
    roster: list[Student] = []
    sheet: dict[str, str] = {}  # the copiers' one cheat sheet
    burst = begin + dt.timedelta(days=extra.randrange(max(days, 1)), hours=extra.uniform(0.5, 6.0))
    scripted = 0
    saved_now, saved_device = store.now, store.device
    store.now = clock

    def play(nickname: str, who: Student, ability: float, plan: list[tuple[str, str]], quits: bool) -> None:
        player_id = store.add_player(nickname, class_code, track.age_group)
        recorder = Recorder(
            store, Player(player_id, nickname, class_code, track.age_group), track.id, lang, content.version
        )
        result.sessions += 1
        for index, (level_id, role) in enumerate(plan):
            if quits and index == len(plan) // 2:
                break
            level = content.levels[level_id]
            recorder.begin_level(level_id, level.type, role)
            result.attempts += 1
            grown = ability + (learn * index / max(len(plan) - 1, 1) if role not in ("pre", "retention") else 0.0)
            grown += rng.gauss(0.0, 0.2)
            result.answers += _play_level(level, content, recorder, clock, items, grown, who, rng, lang, sheet)
            clock.advance(rng.uniform(5, 20) if who.script != "fast" else extra.uniform(1, 3))
        recorder.end("quit" if quits else "finished")

    try:
        for first in range(0, students, batch):
            with store.transaction():
                for i in range(first, min(students, first + batch)):
                    nickname = result.nicknames[i]
                    who = _student(i, students, fast_clickers, copiers, rng, extra, lang, class_bias)
                    roster.append(who)
                    plays = 2 if rng.random() < replay and not who.script else 1
                    for number in range(plays):
                        day = rng.randrange(max(days, 1))
                        clock.t = begin + dt.timedelta(days=day, hours=rng.uniform(0.5, 8.0))
                        store.device = f"sim-{class_code}-{i + 1:02d}"  # a tablet each
                        if who.script == "fast":  # one shared device, one session after another
                            clock.t = burst + dt.timedelta(minutes=2.5 * scripted)
                            store.device = f"sim-{class_code}-shared"
                            scripted += 1
                        quits = rng.random() < quit_rate and not who.script
                        play(nickname, who, who.theta + (0.5 * learn if number else 0.0), sequence, quits)
                    if who.script == "fast":
                        result.fast_clickers.append(nickname)
                    elif who.script == "copy":
                        result.copiers.append(nickname)
        if retention_weeks is not None and getattr(track, "retention_test", None):
            _retest(
                store,
                content,
                track,
                class_code,
                roster,
                result.nicknames,
                retention_weeks,
                retention_share,
                half_life_weeks,
                learn,
                begin + dt.timedelta(days=max(days, 1)),
                clock,
                extra,
                result,
                play,
                batch,
            )
    finally:
        store.now, store.device = saved_now, saved_device
    return result


def _retest(
    store: Any,
    content: Any,
    track: Any,
    class_code: str,
    roster: list[Student],
    names: list[str],
    weeks: float,
    share: float,
    half_life: float,
    learn: float,
    after: dt.datetime,
    clock: SimClock,
    extra: random.Random,
    result: SimResult,
    play: Any,
    batch: int,
) -> None:
    """The teacher opens the re-test `weeks` after the last day of play; some students come back: the game's own
    rule (game.classroom.retention.sequence) puts the re-test first for them."""
    from game.classroom import retention
    from game.session import Player
    from game.store import retention as schedule

    opens = (after + dt.timedelta(weeks=weeks)).date()
    schedule.set_date(store, class_code, opens)
    result.retention_opens = opens
    kept = 0.5 ** (weeks / half_life) if half_life > 0 else 1.0
    back = [i for i, who in enumerate(roster) if not who.script and extra.random() < share]
    for first in range(0, len(back), batch):
        with store.transaction():
            for i in back[first : first + batch]:
                nickname = names[i]
                clock.t = dt.datetime.combine(opens, dt.time(), dt.UTC) + dt.timedelta(
                    days=extra.randrange(1, 6), hours=extra.uniform(0.5, 8.0)
                )
                store.device = f"sim-{class_code}-{i + 1:02d}"
                plan = retention.sequence(store, Player(0, nickname, class_code, track.age_group), track)
                if plan[:1] != [(track.retention_test, "retention")]:
                    continue  # not due (the game's rule says so)
                play(nickname, roster[i], roster[i].theta + learn * kept, plan, False)
                result.retested.append(nickname)


# -- the `simulate` command ------------------------------------------------------------------------------
def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    from game import paths
    from game.cliargs import date, positive

    simulate = sub.add_parser("simulate", help="fill a database with plausible play data (demos, tests, benchmarks)")
    simulate.add_argument("--db", type=Path, required=True, help="the SQLite database to fill (created if missing)")
    simulate.add_argument(
        "--class", dest="class_code", required=True, metavar="CODE", help="class code of the students"
    )
    simulate.add_argument("--students", type=positive, required=True, metavar="N", help="how many students")
    simulate.add_argument("--seed", type=int, default=0, help="random seed (same seed, same data)")
    simulate.add_argument("--track", dest="track_id", metavar="ID", help="track to play (default: the first)")
    simulate.add_argument(
        "--content", type=Path, default=paths.CONTENT, help="content folder (default: the shipped one)"
    )
    simulate.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN")
    simulate.add_argument("--start", type=date, metavar="DATE", help="first day of play (default: a week ago)")
    simulate.add_argument("--days", type=int, default=5, help="spread the sessions over this many days (default 5)")
    simulate.add_argument(
        "--no-prepost",
        action="store_true",
        help="do not use the last level as pre- and post-test when the track has none",
    )
    simulate.add_argument(
        "--plant-easy", action="append", default=[], metavar="QID", help="make this question very easy (demo)"
    )
    simulate.add_argument(
        "--plant-miskeyed",
        action="append",
        default=[],
        metavar="QID",
        help="make this question behave as if its answer key were wrong (demo)",
    )
    simulate.add_argument(
        "--fast-clickers",
        type=positive,
        default=0,
        metavar="N",
        help="N scripted students: every answer the first button, in under a second, one shared device",
    )
    simulate.add_argument(
        "--copiers",
        type=positive,
        default=0,
        metavar="N",
        help="N students who copy one cheat sheet (the same, mostly wrong, options)",
    )
    simulate.add_argument(
        "--retention-weeks",
        type=positive,
        metavar="W",
        help="the teacher opens the re-test W weeks after the last day of play; most students take it",
    )
    return {"simulate": cmd_simulate}


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.reports.cli import report_content
    from game.store import Store, StoreError

    try:
        content = report_content(args.content)
    except ValueError as exc:
        return fail(str(exc))
    if args.track_id and args.track_id not in content.tracks:
        return fail(f"no track {args.track_id!r}; there are: {', '.join(sorted(content.tracks))}")
    unknown = [q for q in args.plant_easy + args.plant_miskeyed if q not in content.questions]
    if unknown:
        return fail(f"no question {unknown[0]!r} in the content")
    if args.fast_clickers + args.copiers > args.students:
        return fail("--fast-clickers and --copiers are students of the class: no more of them than --students")
    start = args.start
    try:
        store = Store.open(args.db)
    except StoreError as exc:
        return fail(str(exc))
    try:
        result = simulate(
            store,
            content,
            args.class_code,
            args.students,
            args.seed,
            args.track_id,
            lang=args.lang,
            start=start,
            days=max(1, args.days),
            easy=args.plant_easy,
            miskeyed=args.plant_miskeyed,
            prepost=not args.no_prepost,
            fast_clickers=args.fast_clickers,
            copiers=args.copiers,
            retention_weeks=args.retention_weeks,
        )
    except StoreError as exc:
        return fail(str(exc))
    finally:
        store.close()
    roles = ", ".join(f"{lid} ({role})" for lid, role in result.sequence)
    print(
        f"simulated class {result.class_code}: {result.students} students, {result.sessions} sessions, "
        f"{result.attempts} level attempts, {result.answers} answers; played {roles}"
    )
    if result.fast_clickers or result.copiers:
        print(
            f"scripted fast clickers: {', '.join(result.fast_clickers) or 'none'}; copiers: {', '.join(result.copiers) or 'none'}"
        )
    if result.retention_opens is not None:
        print(f"re-test opened {result.retention_opens}: taken by {len(result.retested)} students")
    return 0
