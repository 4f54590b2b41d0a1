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
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class SimResult:
    class_code: str
    students: int
    sessions: int = 0
    attempts: int = 0
    answers: int = 0
    events: int = 0
    sequence: list[tuple[str, str]] = field(default_factory=list)


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
                pull[oid] = 0.03 if (i == len(wrong) - 1 and len(wrong) > 2 and rng.random() < 0.25) else rng.uniform(0.4, 1.6)
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


def _play_quiz(level: Any, content: Any, recorder: Any, clock: SimClock, items: _Items, theta: float, speed: float,
               rng: random.Random) -> int:
    from game.levels.quiz.logic import QuizLogic

    logic = QuizLogic.build(level, content.quizzes[level.quiz], rng, content.questions)
    answered = 0
    while logic.phase != "done":
        question = logic.item.question
        seconds = speed * math.exp(rng.gauss(math.log(7.0) + 0.25 * (items.difficulty[question.id] - theta), 0.35))
        outcomes = logic.update(seconds)
        if not outcomes and question.kind == "estimate":  # the norms item: a belief, never scored
            logic.set_value(min(100, max(0, rng.gauss(35 - 10 * theta, 15))))
            outcomes = logic.submit()
        elif not outcomes:
            ids = [o.id for o in logic.item.options]
            chosen = _choose(question, ids, items, theta, rng)
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


def _play_scenario(level: Any, recorder: Any, clock: SimClock, theta: float, rng: random.Random) -> int:
    """A refusal scenario through its own rules: at each node a safe reply with a chance that grows
    with ability, a few seconds of reading first; every reply and the ending are recorded."""
    from game.levels.scenario.logic import ScenarioLogic
    from game.outcomes import AnswerChosen

    logic = ScenarioLogic(level)
    answered = 0
    while logic.phase == "talk" and logic.choices:
        seconds = math.exp(rng.gauss(math.log(9.0) - 0.2 * theta, 0.35))
        outcomes = list(logic.update(seconds) or [])
        clock.advance(seconds)
        safe = [c for c in logic.choices if c.safe]
        other = [c for c in logic.choices if not c.safe]
        pick = rng.choice(safe) if safe and (not other or rng.random() < _logistic(1.2 * theta + 1.0)) else rng.choice(other)
        outcomes += logic.choose(pick.id)
        for outcome in outcomes:
            recorder.record(outcome)
        answered += sum(isinstance(o, AnswerChosen) for o in outcomes)
    clock.advance(rng.uniform(4.0, 10.0))  # reading the ending's feedback
    for outcome in logic.finish():
        recorder.record(outcome)
    return answered


def _play_spot(level: Any, recorder: Any, clock: SimClock, theta: float, rng: random.Random) -> int:
    """A spot-the-disguise shelf through its own rules: each item judged right with a chance that
    grows with ability (the suspicious ones a little harder), then Done and the feedback."""
    from game.levels.spot.logic import SpotLogic
    from game.outcomes import AnswerChosen

    logic = SpotLogic(level)
    for item in level.items:
        right = rng.random() < _logistic(theta + (0.3 if item.suspicious else 1.0))
        if right == item.suspicious:
            logic.toggle(item.id)
    seconds = math.exp(rng.gauss(math.log(25.0) - 0.2 * theta, 0.3))
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
    nickname_prefix: str = "S",
    batch: int = 50,
) -> SimResult:
    """Fill `store` with `students` simulated students of `class_code` playing a track."""
    from game.session import Player, Recorder

    if students < 0:
        raise ValueError("students must be 0 or more")
    tracks = content.tracks
    track = tracks[track_id] if track_id else tracks[sorted(tracks)[0]]
    sequence = play_sequence(track, prepost)
    rng = random.Random(f"{seed}|{class_code}")
    items = _Items(content, random.Random(f"items|{seed}"), easy, miskeyed)
    if start is None:
        start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    # sessions fall 00:30-08:00 UTC on each day (08:30-16:00 in China, UTC+8: school hours)
    day0 = start.date() if isinstance(start, dt.datetime) else start
    begin = dt.datetime.combine(day0, dt.time(), dt.timezone.utc)
    clock = SimClock(begin)
    result = SimResult(class_code, students, sequence=sequence)
    saved_now = store.now
    store.now = clock
    try:
        for first in range(0, students, batch):
            with store.transaction():
                for i in range(first, min(students, first + batch)):
                    nickname = f"{nickname_prefix}{i + 1:02d}"
                    theta = rng.gauss(0.2, 1.0)
                    speed = math.exp(rng.gauss(0.0, 0.25))
                    plays = 2 if rng.random() < replay else 1
                    for play in range(plays):
                        day = rng.randrange(max(days, 1))
                        clock.t = begin + dt.timedelta(days=day, hours=rng.uniform(0.5, 8.0))
                        player_id = store.add_player(nickname, class_code, track.age_group)
                        recorder = Recorder(store, Player(player_id, nickname, class_code, track.age_group), track.id,
                                            lang, content.version)
                        result.sessions += 1
                        ability = theta + (0.5 * learn if play else 0.0)
                        quits = rng.random() < quit_rate
                        for index, (level_id, role) in enumerate(sequence):
                            if quits and index == len(sequence) // 2:
                                break
                            level = content.levels[level_id]
                            recorder.begin_level(level_id, level.type, role)
                            result.attempts += 1
                            grown = ability + (learn * index / max(len(sequence) - 1, 1) if role != "pre" else 0.0)
                            grown += rng.gauss(0.0, 0.2)
                            if level.type == "quiz":
                                result.answers += _play_quiz(level, content, recorder, clock, items, grown, speed, rng)
                            elif level.type == "scenario":
                                result.answers += _play_scenario(level, recorder, clock, grown, rng)
                            elif level.type == "spot":
                                result.answers += _play_spot(level, recorder, clock, grown, rng)
                            else:
                                _play_other(level, content, recorder, clock, grown, rng)
                            clock.advance(rng.uniform(5, 20))
                        recorder.end("quit" if quits else "finished")
    finally:
        store.now = saved_now
    return result
