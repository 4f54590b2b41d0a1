"""The live board's figures, as one JSON-ready dict: pure Python over one class's rows (no SQL, no web).

What the board shows, and how each figure is counted:
- each student (a nickname within the class; numbered in the order they joined, for projector mode):
  where they are now (the latest level attempt of their latest session: pre-test, a level, post-test;
  done when the session finished), answers so far, and first-try accuracy;
- first try = the answers of a student's first attempt at each level in each role that was not
  abandoned (once every attempt is finished, exactly the report's "first finished attempt");
- first-try accuracy counts the scored questions of levels and post-tests (pre-tests measure what
  the class knew before, and the norms question is never scored), as the class report does;
- needs help: first-try accuracy under 50 % after at least 3 such answers, or no progress (no new
  answer or level reaching the hub) for 3 minutes while their session is open;
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
    rows: Any  # game.store.live.ClassRows
    report: Any  # game.reports.model.Report of this class
    catalog: Any  # game.reports.catalog.Catalog
    sequences: dict[str, list[tuple[str, str]]]  # track id -> (level id, role) in play order
    now: float  # seconds since the epoch, the hub's clock
    last_progress: dict[str, float] = field(default_factory=dict)  # nickname -> when their rows last arrived
    revealed: set[str] = field(default_factory=set)  # question keys whose answer key is shown
    join: dict[str, str] = field(default_factory=dict)  # address and code, shown on the board


def build_board(given: BoardInput) -> dict[str, Any]:
    rows = given.rows
    nick_of_player: dict[int, str] = {}
    numbers: dict[str, int] = {}
    for player_id, nickname, _age, _created in rows.players:
        nick_of_player[player_id] = nickname
        numbers.setdefault(nickname, len(numbers) + 1)
    sessions = {s[0]: s for s in rows.sessions}
    latest_session: dict[str, tuple] = {}
    for s in rows.sessions:
        nick = nick_of_player[s[1]]
        if nick not in latest_session or (s[3], s[0]) > (latest_session[nick][3], latest_session[nick][0]):
            latest_session[nick] = s
    attempts_of_session: dict[int, list[tuple]] = defaultdict(list)
    first_attempt: dict[tuple[str, str, str], tuple] = {}  # (nickname, level, role) -> first live attempt
    attempt_nick: dict[int, str] = {}
    for t in sorted(rows.attempts, key=lambda t: (t[4], t[0])):  # by start, then arrival
        nick = nick_of_player[sessions[t[1]][1]]
        attempt_nick[t[0]] = nick
        attempts_of_session[t[1]].append(t)
        if t[5] != "abandoned":
            first_attempt.setdefault((nick, t[2], t[3]), t)
    first_ids = {t[0]: (key, t) for key, t in first_attempt.items()}

    answered: dict[str, int] = defaultdict(int)
    scored: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # nickname -> [answered, right] on first tries
    last_answer: dict[str, float] = {}
    counts: dict[str, dict[str, int]] = {}  # question key -> option id -> first-try count
    totals: dict[str, int] = defaultdict(int)  # question key -> first-try answers
    order: list[str] = []  # question keys in the order their first answer arrived
    current = None
    for answer_id, attempt_id, qid, chosen, correct, max_score, answered_at in rows.answers:
        nick = attempt_nick.get(attempt_id)
        if nick is None:
            continue
        answered[nick] += 1
        seen = epoch(answered_at)
        if seen is not None:
            last_answer[nick] = max(last_answer.get(nick, seen), seen)
        first = first_ids.get(attempt_id)
        if first is None:
            continue
        (_nick, level_id, role), _t = first
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
            scored[nick][0] += 1
            scored[nick][1] += int(bool(correct))

    report_students = {s.nickname: s for s in given.report.students if s.class_code == given.class_code}
    students = []
    for nick, number in numbers.items():
        stage, level_id, role, track_id = "waiting", None, None, None
        session = latest_session.get(nick)
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
        n, right = scored.get(nick, (0, 0))
        accuracy = 100.0 * right / n if n else None
        progress_at = max(filter(None, (given.last_progress.get(nick), last_answer.get(nick),
                                        epoch(session[3]) if session else None)), default=None)
        idle = max(0.0, given.now - progress_at) if progress_at is not None else None
        help_reasons = []
        if accuracy is not None and n >= HELP_MIN_ANSWERS and accuracy < HELP_ACCURACY:
            help_reasons.append("accuracy")
        if stage not in ("done", "left") and idle is not None and idle >= IDLE_SECONDS:
            help_reasons.append("idle")
        reported = report_students.get(nick)
        students.append({
            "number": number,
            "nickname": nick,
            "track": track_id,
            "stage": stage,
            "level": level_id,
            "role": role,
            "step": step,
            "steps": len(sequence) or None,
            "answers": answered.get(nick, 0),
            "first_try": {"answered": n, "right": right, "percent": _round(accuracy)},
            "idle_seconds": None if idle is None else int(idle),
            "help": help_reasons,
            "report_first_percent": _round(reported.first_percent) if reported else None,
        })

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
        questions.append({"key": key, "level": level_id, "role": role, "question": qid, "kind": kind,
                          "n": totals[key], "options": options, "revealed": shown})

    stages = {stage: 0 for stage in STAGES}
    for s in students:
        stages[s["stage"]] += 1
    overview = next((o for o in given.report.overview if o.class_code == given.class_code), None)
    gain = [{"track": g.track_id, "n": g.n, "pre": _round(g.pre_percent), "post": _round(g.post_percent),
             "g": _round(g.gain, 2)} for g in given.report.gain_classes if g.class_code == given.class_code]
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
