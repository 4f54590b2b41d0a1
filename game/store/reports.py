"""The SQL behind the teacher reports: filtered, aggregated rows for game.reports.build.

Everything is aggregated here, in SQLite, so a report over a million answers reads back a few
thousand rows. One call, one snapshot: the queries run inside a savepoint, on temporary tables
that vanish when it is rolled back, so a kiosk writing meanwhile never makes the tables disagree.

"First attempt" = a student's first finished attempt at a level in a role (pre, level, post),
by start time; a student = (class code, nickname).
"""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable

from game.reports.model import (
    Filters, GainRow, HitRow, ItemRow, MasteryRow, OptionRow, Rows, StudentLevelRow, StudentRow, TestRow,
)
from game.store.db import Store, StoreError, _explain

# Filters are fixed SQL with named parameters: `(:x IS NULL OR column = :x)`, never string-built.
SESSION_FILTER = """
    (:class_code IS NULL OR p.class_code = :class_code)
    AND (:age_group IS NULL OR p.age_group = :age_group)
    AND (:start IS NULL OR s.started_at >= :start)
    AND (:end IS NULL OR s.started_at < :end)
    AND (:track_id IS NULL OR s.track_id = :track_id)
"""

SETUP = [
    "DROP TABLE IF EXISTS temp.rep_att",
    "DROP TABLE IF EXISTS temp.rep_ans",
    "DROP TABLE IF EXISTS temp.rep_q",
    "DROP TABLE IF EXISTS temp.rep_qd",
    # finished attempts in the filter, numbered per student, level and role: by time and by score
    """CREATE TEMP TABLE rep_att AS
       SELECT t.id AS attempt_id, s.track_id, t.level_id, t.role, t.score, t.max_score, t.started_at,
              p.class_code, p.nickname,
              ROW_NUMBER() OVER (PARTITION BY p.class_code, p.nickname, t.level_id, t.role
                                 ORDER BY t.started_at, t.id) AS nth,
              ROW_NUMBER() OVER (PARTITION BY p.class_code, p.nickname, t.level_id, t.role
                                 ORDER BY CAST(t.score AS REAL) / MAX(t.max_score, 1) DESC, t.score DESC,
                                          t.started_at, t.id) AS best
       FROM attempts t
       JOIN sessions s ON s.id = t.session_id
       JOIN players p ON p.id = s.player_id
       WHERE t.status = 'finished' AND t.max_score IS NOT NULL
         AND (:level_id IS NULL OR t.level_id = :level_id) AND """ + SESSION_FILTER,
    # answers of first attempts, each with the rest of its attempt's score (total minus this item)
    """CREATE TEMP TABLE rep_ans AS
       SELECT f.attempt_id, f.level_id, f.role, f.class_code, f.nickname,
              a.question_id, a.chosen, a.correct, a.score, a.max_score, a.response_ms,
              SUM(a.score) OVER (PARTITION BY a.attempt_id) - a.score AS rest
       FROM rep_att f JOIN answers a ON a.attempt_id = f.attempt_id
       WHERE f.nth = 1""",
    "CREATE TEMP TABLE rep_q (question_id TEXT PRIMARY KEY, topic TEXT NOT NULL)",
    "CREATE TEMP TABLE rep_qd (question_id TEXT NOT NULL, drug TEXT NOT NULL, PRIMARY KEY (question_id, drug))",
]

STUDENTS = """
    SELECT p.class_code, p.nickname, p.age_group, MAX(s.started_at) AS latest,
           COUNT(*) AS sessions, SUM(s.status = 'finished') AS finished,
           SUM(CASE WHEN s.ended_at IS NOT NULL
                    THEN MAX(0.0, (julianday(s.ended_at) - julianday(s.started_at)) * 1440.0) ELSE 0.0 END) AS minutes
    FROM sessions s JOIN players p ON p.id = s.player_id
    WHERE """ + SESSION_FILTER + """
    GROUP BY p.class_code, p.nickname
"""

LEVELS = """
    SELECT class_code, nickname, level_id, role, COUNT(*),
           SUM(CASE WHEN nth = 1 THEN score END), SUM(CASE WHEN nth = 1 THEN max_score END),
           SUM(CASE WHEN best = 1 THEN score END), SUM(CASE WHEN best = 1 THEN max_score END)
    FROM rep_att GROUP BY class_code, nickname, level_id, role
"""

TOPICS = """
    SELECT a.class_code, a.nickname, COALESCE(q.topic, 'unknown'), COUNT(*), SUM(a.correct)
    FROM rep_ans a LEFT JOIN rep_q q ON q.question_id = a.question_id
    WHERE a.role != 'pre'
    GROUP BY a.class_code, a.nickname, 3
"""

DRUGS = """
    SELECT a.class_code, a.nickname, d.drug, COUNT(*), SUM(a.correct)
    FROM rep_ans a JOIN rep_qd d ON d.question_id = a.question_id
    WHERE a.role != 'pre'
    GROUP BY a.class_code, a.nickname, d.drug
"""

HITS = """
    SELECT p.class_code, p.nickname, json_extract(e.data, '$.drug') AS drug, COUNT(*)
    FROM events e
    JOIN attempts t ON t.id = e.attempt_id
    JOIN sessions s ON s.id = t.session_id
    JOIN players p ON p.id = s.player_id
    WHERE e.kind = 'hit' AND json_valid(e.data) AND json_extract(e.data, '$.drug') IS NOT NULL
      AND (:level_id IS NULL OR t.level_id = :level_id) AND """ + SESSION_FILTER + """
    GROUP BY p.class_code, p.nickname, drug
"""

ITEMS = """
    WITH moments AS (
        SELECT level_id, role, question_id, COUNT(*) AS n, MAX(max_score) AS max_score,
               SUM(score) AS sx, SUM(score * score) AS sxx, SUM(rest) AS sr, SUM(rest * rest) AS srr,
               SUM(score * rest) AS sxr, SUM(correct) AS correct
        FROM rep_ans GROUP BY level_id, role, question_id
    ),
    xs AS (
        SELECT level_id, role, question_id, score AS x,
               ROW_NUMBER() OVER (PARTITION BY level_id, role, question_id ORDER BY score) AS k
        FROM rep_ans
    ),
    rs AS (
        SELECT level_id, role, question_id, rest AS r,
               ROW_NUMBER() OVER (PARTITION BY level_id, role, question_id ORDER BY rest) AS k
        FROM rep_ans
    ),
    sorted_pairs AS (
        SELECT xs.level_id, xs.role, xs.question_id, SUM(xs.x * rs.r) AS sxr_sorted
        FROM xs JOIN rs ON rs.level_id = xs.level_id AND rs.role = xs.role
                       AND rs.question_id = xs.question_id AND rs.k = xs.k
        GROUP BY xs.level_id, xs.role, xs.question_id
    ),
    timed AS (
        SELECT level_id, role, question_id, response_ms,
               ROW_NUMBER() OVER (PARTITION BY level_id, role, question_id ORDER BY response_ms) AS k,
               COUNT(*) OVER (PARTITION BY level_id, role, question_id) AS c
        FROM rep_ans
    ),
    medians AS (
        SELECT level_id, role, question_id, AVG(response_ms) AS median_ms
        FROM timed WHERE k IN ((c + 1) / 2, (c + 2) / 2)
        GROUP BY level_id, role, question_id
    )
    SELECT m.level_id, m.role, m.question_id, m.n, m.max_score, m.sx, m.sxx, m.sr, m.srr, m.sxr,
           sp.sxr_sorted, m.correct, md.median_ms
    FROM moments m
    JOIN sorted_pairs sp ON sp.level_id = m.level_id AND sp.role = m.role AND sp.question_id = m.question_id
    JOIN medians md ON md.level_id = m.level_id AND md.role = m.role AND md.question_id = m.question_id
"""

OPTIONS = """
    SELECT level_id, role, question_id, chosen, COUNT(*)
    FROM rep_ans GROUP BY level_id, role, question_id, chosen
"""

TESTS = """
    SELECT level_id, role, COUNT(*), SUM(total), SUM(total * total), MAX(top)
    FROM (SELECT attempt_id, level_id, role, SUM(score) AS total, SUM(max_score) AS top
          FROM rep_ans GROUP BY attempt_id, level_id, role)
    GROUP BY level_id, role
"""

GAIN = """
    SELECT class_code, nickname, track_id,
           MAX(CASE WHEN role = 'pre' THEN score END), MAX(CASE WHEN role = 'pre' THEN max_score END),
           MAX(CASE WHEN role = 'post' THEN score END), MAX(CASE WHEN role = 'post' THEN max_score END)
    FROM (SELECT class_code, nickname, track_id, role, score, max_score,
                 ROW_NUMBER() OVER (PARTITION BY class_code, nickname, track_id, role
                                    ORDER BY started_at, attempt_id) AS k
          FROM rep_att WHERE role IN ('pre', 'post'))
    WHERE k = 1
    GROUP BY class_code, nickname, track_id
"""

ANSWER_COUNT = "SELECT COUNT(*) FROM rep_att f JOIN answers a ON a.attempt_id = f.attempt_id"


def _params(filters: Filters) -> dict[str, Any]:
    return {
        "class_code": filters.class_code,
        "age_group": filters.age_group,
        "start": filters.start,
        "end": filters.end,
        "track_id": filters.track_id,
        "level_id": filters.level_id,
    }


def fetch_rows(
    store: Store,
    filters: Filters,
    topics: dict[str, str],
    drugs: dict[str, Iterable[str]],
    timings: dict[str, float] | None = None,
) -> Rows:
    """Every aggregated row a report needs, in one consistent snapshot.

    topics: question id -> topic; drugs: question id -> drug ids (from the content catalogue).
    timings, if given, is filled with seconds per query (for the benchmark).
    """
    import time

    conn: sqlite3.Connection = store.conn
    params = _params(filters)
    rows = Rows()
    clock = time.perf_counter

    def timed(name: str, sql: str, args: Any = ()) -> list[tuple]:
        t0 = clock()
        result = conn.execute(sql, args).fetchall()
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + clock() - t0
        return result

    try:
        conn.execute("SAVEPOINT report")
        try:
            t0 = clock()
            for sql in SETUP:
                conn.execute(sql, params if ":" in sql else ())
            conn.executemany("INSERT INTO rep_q (question_id, topic) VALUES (?, ?)", sorted(topics.items()))
            conn.executemany(
                "INSERT OR IGNORE INTO rep_qd (question_id, drug) VALUES (?, ?)",
                [(qid, drug) for qid, ds in sorted(drugs.items()) for drug in ds],
            )
            if timings is not None:
                timings["setup"] = clock() - t0
            rows.students = [
                StudentRow(c, n, age, sessions, finished or 0, float(minutes or 0.0))
                for c, n, age, _latest, sessions, finished, minutes in timed("students", STUDENTS, params)
            ]
            rows.levels = [
                StudentLevelRow(c, n, lv, role, att, fs or 0, fm or 0, bs or 0, bm or 0)
                for c, n, lv, role, att, fs, fm, bs, bm in timed("levels", LEVELS)
            ]
            rows.topics = [MasteryRow(*r) for r in timed("topics", TOPICS)]
            rows.drugs = [MasteryRow(*r) for r in timed("drugs", DRUGS)]
            rows.hits = [HitRow(c, n, str(d), h) for c, n, d, h in timed("hits", HITS, params)]
            rows.items = [
                ItemRow(lv, role, q, n, mx or 0, float(sx), float(sxx), float(sr), float(srr), float(sxr),
                        float(sxs), correct, md)
                for lv, role, q, n, mx, sx, sxx, sr, srr, sxr, sxs, correct, md in timed("items", ITEMS)
            ]
            rows.options = [OptionRow(*r) for r in timed("options", OPTIONS)]
            rows.tests = [TestRow(lv, role, n, float(st), float(stt), top or 0) for lv, role, n, st, stt, top in timed("tests", TESTS)]
            rows.gain = [GainRow(*r) for r in timed("gain", GAIN)]
            rows.answers = timed("count", ANSWER_COUNT)[0][0]
        finally:
            conn.execute("ROLLBACK TO report")
            conn.execute("RELEASE report")
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
    return rows


EXPORT = """
    SELECT a.attempt_id, p.nickname, p.class_code, p.age_group, t.level_id, a.question_id, a.chosen,
           a.correct, a.score, a.max_score, a.response_ms, a.answered_at
    FROM answers a
    JOIN attempts t ON t.id = a.attempt_id
    JOIN sessions s ON s.id = t.session_id
    JOIN players p ON p.id = s.player_id
    WHERE (:level_id IS NULL OR t.level_id = :level_id)
      AND (:nickname IS NULL OR p.nickname = :nickname) AND """ + SESSION_FILTER + """
    ORDER BY a.id
"""


def export_answers(store: Store, filters: Filters, nickname: str | None = None, batch: int = 5000) -> Iterable[tuple]:
    """One tuple per answer, in the export's column order, streamed in batches (constant memory)."""
    params = {**_params(filters), "nickname": nickname}
    try:
        cursor = store.conn.execute(EXPORT, params)
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                return
            yield from chunk
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None


def class_codes(store: Store) -> list[str]:
    """Every class code that has played, for the teacher's filter."""
    try:
        return [r[0] for r in store.conn.execute(
            "SELECT DISTINCT p.class_code FROM players p JOIN sessions s ON s.player_id = p.id ORDER BY 1")]
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
