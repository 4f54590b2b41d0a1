"""The live board's figures, as one JSON-ready dict: pure Python over one class's rows (no SQL, no web).

What the board shows, and how each figure is counted:
- the lesson only: the rows of sessions in the hub's lesson window (game/store/live.py class_rows);
- each student (a player of the class: one per device sign-in, never merged by nickname, so a second
  "Tom" shows as "Tom (2)"; numbered in the order they joined, for projector mode): where they are now
  (the latest level attempt of their latest session: pre-test, a level, post-test, re-test; done when
  the session finished), answers so far, and their first-try score;
- first-try score = the class report's figure for the student: the points of the first finished
  attempt at each level and post-test over their maximum (pre-tests measure what the class knew
  before); the live first-try answers (of the first attempt at each level and role that was not
  abandoned) count the scored questions answered so far, for "needs help";
- needs help: under 50 % of those answers right after at least 3 of them, or no progress (no new row
  of theirs reaching the hub, on the hub's own clock) for 3 minutes while their session is open;
- for every question answered so far (per level and role, as the report's item analysis keeps them):
  how many chose each option on first tries; the key only for questions the teacher revealed;
- class progress: students in the pre-test, in the levels, in the post-test, done; and, from the
  class report, the mean first-try score and the before/after gain once post-tests have arrived.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

HELP_ACCURACY = 50.0  # percent
HELP_MIN_ANSWERS = 3
IDLE_SECONDS = 180.0
SCORED_ROLES = ("level", "post")
STAGES = ("waiting", "pre", "level", "post", "retention", "done", "left")
TESTS = ("pre", "post", "retention")  # roles that are a stage of their own; the rest is "level"


def question_key(level_id: str, role: str, question_id: str) -> str:
    return f"{level_id}|{role}|{question_id}"


def epoch(stamp: str | None) -> float | None:
    """A stored UTC ISO time ('...Z') as seconds since the epoch; None when missing or unreadable."""
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


@dataclass
class BoardInput:
    class_code: str
    rows: Any  # game.store.live.ClassRows: the lesson's rows of this class
    report: Any  # game.reports.model.Report of this class over the same lesson window
    catalog: Any  # game.reports.catalog.Catalog
    sequences: dict[str, list[tuple[str, str]]]  # track id -> (level id, role) in play order
    now: float  # seconds since the epoch, the hub's clock
    arrived: dict[str, float] = field(default_factory=dict)  # player uuid -> when their rows last arrived (hub clock)
    revealed: set[str] = field(default_factory=set)  # question keys whose answer key is shown
    join: dict[str, str] = field(default_factory=dict)  # address and code, shown on the board
    started: float | None = None  # when the hub started (hub clock): "no progress" counts from here at most


def labels(players: list[tuple[Any, ...]]) -> dict[int, str]:
    """Each player's name on the board: the nickname, with (2), (3)... for a second, third player of the
    lesson with the same nickname (another device, or the same student signed in again)."""
    seen: dict[str, int] = defaultdict(int)
    out = {}
    for player_id, _uuid, nickname, *_rest in players:
        seen[nickname] += 1
        out[player_id] = nickname if seen[nickname] == 1 else f"{nickname} ({seen[nickname]})"
    return out


def build_board(given: BoardInput) -> dict[str, Any]:
    rows = given.rows
    label = labels(rows.players)
    player_uuid = {p[0]: p[1] for p in rows.players}
    numbers = {p[0]: i + 1 for i, p in enumerate(rows.players)}  # in the order they joined
    sessions = {s[0]: s for s in rows.sessions}
    latest_session: dict[int, tuple] = {}
    for s in rows.sessions:
        mine = latest_session.get(s[1])
        if mine is None or (s[3], s[0]) > (mine[3], mine[0]):
            latest_session[s[1]] = s
    attempts_of_session: dict[int, list[tuple]] = defaultdict(list)
    first_attempt: dict[tuple[int, str, str], tuple] = {}  # (player, level, role) -> first live attempt
    first_finished: dict[tuple[int, str, str], tuple] = {}  # (player, level, role) -> first finished attempt
    attempt_player: dict[int, int] = {}
    for t in sorted(rows.attempts, key=lambda t: (t[4], t[0])):  # by start, then arrival (the report's order)
        player = sessions[t[1]][1]
        attempt_player[t[0]] = player
        attempts_of_session[t[1]].append(t)
        if t[5] != "abandoned":
            first_attempt.setdefault((player, t[2], t[3]), t)
        if t[5] == "finished" and t[7] is not None:
            first_finished.setdefault((player, t[2], t[3]), t)
    first_ids = {t[0]: (key, t) for key, t in first_attempt.items()}
    # first-try score as the class report counts it: the first finished attempt at each level and post-test,
    # its points over its maximum (so a level without questions counts too)
    points: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (player, _level, role), t in first_finished.items():
        if role in SCORED_ROLES:
            points[player][0] += t[6] or 0
            points[player][1] += t[7] or 0

    answered: dict[int, int] = defaultdict(int)
    scored: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # player -> [answered, right] on first tries, live
    counts: dict[str, dict[str, int]] = {}  # question key -> option id -> first-try count
    totals: dict[str, int] = defaultdict(int)  # question key -> first-try answers
    order: list[str] = []  # question keys in the order their first answer arrived
    current = None
    for _answer_id, attempt_id, qid, chosen, correct, max_score, _answered_at in rows.answers:
        player = attempt_player.get(attempt_id)
        if player is None:
            continue
        answered[player] += 1
        first = first_ids.get(attempt_id)
        if first is None:
            continue
        (_player, level_id, role), _t = first
        key = question_key(level_id, role, qid)
        current = key
        if key not in counts:
            counts[key] = defaultdict(int)
            order.append(key)
        totals[key] += 1
        picked = [c for c in chosen.split("|") if c] or [""]
        for option_id in picked:
            counts[key][option_id] += 1
        if role in SCORED_ROLES and max_score:
            scored[player][0] += 1
            scored[player][1] += int(bool(correct))

    students = []
    for player, number in numbers.items():
        stage, level_id, role, track_id = "waiting", None, None, None
        session = latest_session.get(player)
        if session is not None:
            track_id = session[2]
            if session[5] == "finished":
                stage = "done"
            elif session[5] != "open":
                stage = "left"
            elif attempts_of_session.get(session[0]):
                _tid, _sid, level_id, role = attempts_of_session[session[0]][-1][:4]
                stage = role if role in TESTS else "level"
        sequence = given.sequences.get(track_id or "", [])
        step = sequence.index((level_id, role)) + 1 if (level_id, role) in sequence else None
        n, right = scored.get(player, (0, 0))
        accuracy = 100.0 * right / n if n else None  # live, on the answers so far: for "needs help"
        got, most = points.get(player, (0, 0))
        # no progress: measured on the hub's clock only (a device's clock may be anything), from the
        # last time rows of theirs arrived, or from the hub's start when none arrived since
        progress_at = given.arrived.get(player_uuid[player], given.started)
        idle = max(0.0, given.now - progress_at) if progress_at is not None else None
        help_reasons = []
        if accuracy is not None and n >= HELP_MIN_ANSWERS and accuracy < HELP_ACCURACY:
            help_reasons.append("accuracy")
        if stage not in ("done", "left") and idle is not None and idle >= IDLE_SECONDS:
            help_reasons.append("idle")
        students.append(
            {
                "number": number,
                "nickname": label[player],
                "track": track_id,
                "stage": stage,
                "level": level_id,
                "role": role,
                "step": step,
                "steps": len(sequence) or None,
                "answers": answered.get(player, 0),
                "first_try": {"answered": n, "right": right, "percent": _round(100.0 * got / most if most else None)},
                "idle_seconds": None if idle is None else int(idle),
                "help": help_reasons,
            }
        )

    questions = []
    for key in order:
        level_id, role, qid = key.split("|", 2)
        info = given.catalog.questions.get(qid)
        kind = info.kind if info else "single"
        shown = key in given.revealed
        options = []
        known = [o.id for o in info.options] if info else []
        if kind == "estimate":
            bands = [0] * 10
            for value, count in counts[key].items():
                try:
                    bands[min(9, max(0, int(float(value)) // 10))] += count
                except ValueError:
                    continue
            options = [{"id": f"{10 * i}-{10 * i + 9 if i < 9 else 100}", "count": c} for i, c in enumerate(bands)]
        else:
            for option_id in known + sorted(set(counts[key]) - set(known) - {""}) + ([""] if "" in counts[key] else []):
                option = {"id": option_id, "count": counts[key].get(option_id, 0)}
                if shown and info is not None:
                    option["correct"] = option_id in info.key
                options.append(option)
        questions.append(
            {
                "key": key,
                "level": level_id,
                "role": role,
                "question": qid,
                "kind": kind,
                "n": totals[key],
                "options": options,
                "revealed": shown,
            }
        )

    stages = {stage: 0 for stage in STAGES}
    for s in students:
        stages[s["stage"]] += 1
    overview = next((o for o in given.report.overview if o.class_code == given.class_code), None)
    gain = [
        {
            "track": g.track_id,
            "n": g.n,
            "pre": _round(g.pre_percent),
            "post": _round(g.post_percent),
            "g": _round(g.gain, 2),
        }
        for g in given.report.gain_classes
        if g.class_code == given.class_code
    ]
    return {
        "class": given.class_code,
        "join": given.join,
        "students": students,
        "questions": questions,
        "current": current,
        "progress": {"students": len(students), **stages},
        "help": [s["number"] for s in students if s["help"]],
        "mean_first_percent": _round(overview.mean_percent) if overview else None,
        "gain": gain,
        "answers": sum(answered.values()),
    }


def for_projector(board: dict[str, Any]) -> dict[str, Any]:
    """The same board with students as numbers only: no nickname leaves the hub for the projector."""
    return {**board, "students": [{k: v for k, v in s.items() if k != "nickname"} for s in board["students"]]}
