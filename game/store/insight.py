"""The SQL behind the teacher-insight sections (game/reports/insight.py): scenario replies, first attempts
with their answers summed up, the sessions' devices, and the pre-, post- and re-tests.

fetch_insight() runs inside game/store/reports.py's report savepoint, on its temporary tables (rep_first:
the first attempts in the filter; rep_att: every finished attempt in the filter; rep_ses: the sessions),
so these sections read the same snapshot and the same first attempts as the rest of the report. The
answers of first attempts are read once more (about a sixth of the report's time at 100,000 answers):
summed per attempt in SQL (answers under the reading floor, wrong answers), with each answer as a
short text for what needs their order (game.reports.insight.AttemptRow.given).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.store.rows import AttemptRow, ChoiceRow, FormRow, InsightRows, SessionRow

FLOORS = [
    "DROP TABLE IF EXISTS temp.rep_floor",
    """CREATE TEMP TABLE rep_floor (question_id TEXT NOT NULL, lang TEXT NOT NULL, floor_ms REAL NOT NULL,
                                    shown INTEGER NOT NULL, PRIMARY KEY (question_id, lang)) WITHOUT ROWID""",
]
FLOOR_ROW = "INSERT OR REPLACE INTO rep_floor (question_id, lang, floor_ms, shown) VALUES (?, ?, ?, ?)"
# each first attempt's scored answers, summed (an attempt without any, a chase, with 0: a burst of sessions on one
# device flags it too); an answer's text is "<id, 12 digits>:<position>:<shown>:<question>=<chosen>"
ATTEMPTS = """
    SELECT f.attempt_id, f.sid, l.level_id, l.role, t.session_id,
           count(a.id), total(a.response_ms < fl.floor_ms), count(fl.floor_ms), total(NOT a.correct),
           group_concat(CASE WHEN a.id IS NOT NULL THEN printf('%012d:%d:%d:%s=%s', a.id, ifnull(a.position, 0),
                                                          ifnull(fl.shown, 0), a.question_id, a.chosen) END, ',')
    FROM rep_first f
    JOIN rep_lv l ON l.lv = f.lv
    JOIN attempts t ON t.id = f.attempt_id
    JOIN sessions s ON s.id = t.session_id
    LEFT JOIN answers a ON a.attempt_id = f.attempt_id AND a.max_score > 0
    LEFT JOIN rep_floor fl ON fl.question_id = a.question_id AND fl.lang = s.lang
    GROUP BY f.attempt_id
"""
# the replies of first attempts at scenarios, in the order picked
CHOICES = """
    SELECT f.sid, f.attempt_id, a.question_id, a.chosen, a.correct
    FROM rep_first f
    JOIN attempts t ON t.id = f.attempt_id
    CROSS JOIN answers a ON a.attempt_id = f.attempt_id
    WHERE t.level_type = 'scenario' AND a.max_score > 0
    ORDER BY f.attempt_id, a.id
"""
# the sessions in the filter that hold scored answers, with their device
SESSIONS = """
    SELECT s.id, r.sid, s.device, s.mode, s.started_at
    FROM rep_ses r JOIN sessions s ON s.id = r.id
    WHERE EXISTS (SELECT 1 FROM attempts t JOIN answers a ON a.attempt_id = t.id
                  WHERE t.session_id = s.id AND a.max_score > 0)
"""
# every finished pre-, post- and re-test in the filter (the first of each is picked in game/reports/retention.py);
# and for a student with a re-test in the filter, their pre- and post-tests in that track whatever the dates: a
# report from a date after the lesson still compares the re-test with the lesson's tests (the dates filter the
# re-test, not what it is compared with)
FORMS = """
    SELECT sid, track_id, role, ifnull(score, 0), ifnull(max_score, 0), started_at
    FROM rep_att WHERE role IN ('pre', 'post', 'retention')
    UNION ALL
    SELECT r.sid, r.track_id, t.role, ifnull(t.score, 0), ifnull(t.max_score, 0), t.started_at
    FROM (SELECT DISTINCT sid, track_id FROM rep_att WHERE role = 'retention') r
    JOIN rep_sid d ON d.sid = r.sid
    JOIN players p ON p.class_code = d.class_code AND p.nickname = d.nickname
    JOIN sessions s ON s.player_id = p.id AND s.track_id = r.track_id
    JOIN attempts t ON t.session_id = s.id
    WHERE t.role IN ('pre', 'post') AND t.status = 'finished' AND t.max_score IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM rep_att x WHERE x.attempt_id = t.id)
"""


def fetch_insight(
    conn: Any,
    names: dict[int, tuple[str, str]],
    timed: Callable[..., list[Any]],
    floors: dict[tuple[str, str], tuple[float, int]],
) -> InsightRows:
    """The insight rows. names: student number -> (class code, nickname); timed(name, sql, make) runs a query;
    floors: (question id, language) -> (reading floor in ms, options shown)."""
    for sql in FLOORS:
        conn.execute(sql)
    conn.executemany(FLOOR_ROW, [(qid, lang, ms, shown) for (qid, lang), (ms, shown) in floors.items()])
    out = InsightRows()
    out.attempts = timed(
        "insight:attempts",
        ATTEMPTS,
        lambda attempt, sid, level_id, role, session, n, fast, timed_n, wrong, given: AttemptRow(
            attempt, *names[sid], level_id, role, session, n, int(fast), timed_n, int(wrong), given or ""
        ),
    )
    out.choices = timed(
        "insight:choices",
        CHOICES,
        lambda sid, attempt, qid, chosen, correct: ChoiceRow(*names[sid], attempt, qid, chosen, bool(correct)),
    )
    out.sessions = timed(
        "insight:sessions",
        SESSIONS,
        lambda session, sid, device, mode, started: SessionRow(session, *names[sid], device, mode, started),
    )
    out.forms = timed(
        "insight:forms",
        FORMS,
        lambda sid, track, role, score, top, started: FormRow(*names[sid], track, role, score, top, started),
    )
    return out
