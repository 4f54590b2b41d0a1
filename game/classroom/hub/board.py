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
    sessions = {s[0]: s for s in rows.sessions}
    attempts = _index_attempts(rows.attempts, sessions)
    tally = _tally_answers(rows.answers, attempts)
    points = _first_try_points(attempts.first_finished)
    latest = _latest_sessions(rows.sessions)
    label = labels(rows.players)
    students = [
        _student(given, player, uuid, number, label[player], latest.get(player), attempts, tally, points)
        for number, (player, uuid, *_rest) in enumerate(rows.players, start=1)  # in the order they joined
    ]
    questions = [_question(given, key, tally) for key in tally.order]
    stages = {stage: 0 for stage in STAGES}
    for s in students:
        stages[s["stage"]] += 1
    overview = next((o for o in given.report.overview if o.class_code == given.class_code), None)
    return {
        "class": given.class_code,
        "join": given.join,
        "students": students,
        "questions": questions,
        "current": tally.current,
        "progress": {"students": len(students), **stages},
        "help": [s["number"] for s in students if s["help"]],
        "mean_first_percent": _round(overview.mean_percent) if overview else None,
        "gain": _gain(given),
        "answers": sum(tally.answered.values()),
    }


def _latest_sessions(sessions: list[tuple]) -> dict[int, tuple]:
    """Each player's latest session: the latest start, then the latest to arrive."""
    latest: dict[int, tuple] = {}
    for s in sessions:
        mine = latest.get(s[1])
        if mine is None or (s[3], s[0]) > (mine[3], mine[0]):
            latest[s[1]] = s
    return latest


@dataclass
class _Attempts:
    """The lesson's level attempts, indexed the ways the board reads them."""

    of_session: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    first: dict[tuple[int, str, str], tuple] = field(default_factory=dict)  # (player, level, role) -> first live
    first_finished: dict[tuple[int, str, str], tuple] = field(default_factory=dict)  # ... -> first finished
    player: dict[int, int] = field(default_factory=dict)  # attempt id -> player
    first_ids: dict[int, tuple[tuple[int, str, str], tuple]] = field(default_factory=dict)  # attempt id -> first


def _index_attempts(rows: list[tuple], sessions: dict[int, tuple]) -> _Attempts:
    out = _Attempts()
    for t in sorted(rows, key=lambda t: (t[4], t[0])):  # by start, then arrival (the report's order)
        player = sessions[t[1]][1]
        out.player[t[0]] = player
        out.of_session[t[1]].append(t)
        if t[5] != "abandoned":
            out.first.setdefault((player, t[2], t[3]), t)
        if t[5] == "finished" and t[7] is not None:
            out.first_finished.setdefault((player, t[2], t[3]), t)
    out.first_ids = {t[0]: (key, t) for key, t in out.first.items()}
    return out


def _first_try_points(first_finished: dict[tuple[int, str, str], tuple]) -> dict[int, list[int]]:
    """First-try score as the class report counts it: the first finished attempt at each level and post-test,
    its points over its maximum (so a level without questions counts too); player -> [points, maximum]."""
    points: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (player, _level, role), t in first_finished.items():
        if role in SCORED_ROLES:
            points[player][0] += t[6] or 0
            points[player][1] += t[7] or 0
    return points


@dataclass
class _Tally:
    """The lesson's answers counted: per player, and per question on first tries."""

    answered: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    scored: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # [answered, right]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # question key -> option id -> first tries
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # question key -> first-try answers
    order: list[str] = field(default_factory=list)  # question keys in the order their first answer arrived
    current: str | None = None


def _tally_answers(answers: list[tuple], attempts: _Attempts) -> _Tally:
    tally = _Tally()
    for _answer_id, attempt_id, qid, chosen, correct, max_score, _answered_at in answers:
        player = attempts.player.get(attempt_id)
        if player is None:
            continue
        tally.answered[player] += 1
        first = attempts.first_ids.get(attempt_id)
        if first is None:
            continue
        (_player, level_id, role), _t = first
        key = question_key(level_id, role, qid)
        tally.current = key
        if key not in tally.counts:
            tally.counts[key] = defaultdict(int)
            tally.order.append(key)
        tally.totals[key] += 1
        for option_id in [c for c in chosen.split("|") if c] or [""]:
            tally.counts[key][option_id] += 1
        if role in SCORED_ROLES and max_score:
            tally.scored[player][0] += 1
            tally.scored[player][1] += int(bool(correct))
    return tally


def _where(session: tuple | None, attempts: _Attempts) -> tuple[str, str | None, str | None, str | None]:
    """Where a student is now: (stage, level id, role, track id), from their latest session."""
    if session is None:
        return "waiting", None, None, None
    track_id = session[2]
    if session[5] == "finished":
        return "done", None, None, track_id
    if session[5] != "open":
        return "left", None, None, track_id
    if not attempts.of_session.get(session[0]):
        return "waiting", None, None, track_id
    _tid, _sid, level_id, role = attempts.of_session[session[0]][-1][:4]
    return (role if role in TESTS else "level"), level_id, role, track_id


def _student(
    given: BoardInput,
    player: int,
    uuid: str,
    number: int,
    nickname: str,
    session: tuple | None,
    attempts: _Attempts,
    tally: _Tally,
    points: dict[int, list[int]],
) -> dict[str, Any]:
    stage, level_id, role, track_id = _where(session, attempts)
    sequence = given.sequences.get(track_id or "", [])
    here = (level_id or "", role or "")  # ("", "") is in no sequence
    step = sequence.index(here) + 1 if here in sequence else None
    n, right = tally.scored.get(player, (0, 0))
    got, most = points.get(player, (0, 0))
    # no progress: measured on the hub's clock only (a device's clock may be anything), from the
    # last time rows of theirs arrived, or from the hub's start when none arrived since
    progress_at = given.arrived.get(uuid, given.started)
    idle = max(0.0, given.now - progress_at) if progress_at is not None else None
    return {
        "number": number,
        "nickname": nickname,
        "track": track_id,
        "stage": stage,
        "level": level_id,
        "role": role,
        "step": step,
        "steps": len(sequence) or None,
        "answers": tally.answered.get(player, 0),
        "first_try": {"answered": n, "right": right, "percent": _round(100.0 * got / most if most else None)},
        "idle_seconds": None if idle is None else int(idle),
        "help": _help_reasons(stage, n, right, idle),
    }


def _help_reasons(stage: str, n: int, right: int, idle: float | None) -> list[str]:
    """Why a student needs help: "accuracy" (live, on the first-try answers so far), "idle" (no progress)."""
    reasons = []
    accuracy = 100.0 * right / n if n else None
    if accuracy is not None and n >= HELP_MIN_ANSWERS and accuracy < HELP_ACCURACY:
        reasons.append("accuracy")
    if stage not in ("done", "left") and idle is not None and idle >= IDLE_SECONDS:
        reasons.append("idle")
    return reasons


def _question(given: BoardInput, key: str, tally: _Tally) -> dict[str, Any]:
    level_id, role, qid = key.split("|", 2)
    info = given.catalog.questions.get(qid)
    kind = info.kind if info else "single"
    shown = key in given.revealed
    counts = tally.counts[key]
    return {
        "key": key,
        "level": level_id,
        "role": role,
        "question": qid,
        "kind": kind,
        "n": tally.totals[key],
        "options": _estimate_bands(counts) if kind == "estimate" else _choice_options(counts, info, shown),
        "revealed": shown,
    }


def _estimate_bands(counts: dict[str, int]) -> list[dict[str, Any]]:
    """An estimate question's answers in ten bands: 0-9, 10-19, ... 90-100 (unreadable values left out)."""
    bands = [0] * 10
    for value, count in counts.items():
        try:
            bands[min(9, max(0, int(float(value)) // 10))] += count
        except ValueError:
            continue
    return [{"id": f"{10 * i}-{10 * i + 9 if i < 9 else 100}", "count": c} for i, c in enumerate(bands)]


def _choice_options(counts: dict[str, int], info: Any, shown: bool) -> list[dict[str, Any]]:
    """A choice question's options with their counts: the catalog's first, then unknown ids, then "" (none);
    whether each is right only once the teacher revealed the key."""
    known = [o.id for o in info.options] if info else []
    options = []
    for option_id in known + sorted(set(counts) - set(known) - {""}) + ([""] if "" in counts else []):
        option = {"id": option_id, "count": counts.get(option_id, 0)}
        if shown and info is not None:
            option["correct"] = option_id in info.key
        options.append(option)
    return options


def _gain(given: BoardInput) -> list[dict[str, Any]]:
    return [
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


def for_projector(board: dict[str, Any]) -> dict[str, Any]:
    """The same board with students as numbers only: no nickname leaves the hub for the projector."""
    return {**board, "students": [{k: v for k, v in s.items() if k != "nickname"} for s in board["students"]]}
