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
# The dates are always bounded (open ends are '' and '~') so the sessions_started index can serve them.
SESSION_FILTER = """
    (:class_code IS NULL OR p.class_code = :class_code)
    AND (:age_group IS NULL OR p.age_group = :age_group)
    AND s.started_at >= :start AND s.started_at < :end
    AND (:track_id IS NULL OR s.track_id = :track_id)
"""

SETUP = [
    "DROP TABLE IF EXISTS temp.rep_att",
    "DROP TABLE IF EXISTS temp.rep_lv",
    "DROP TABLE IF EXISTS temp.rep_q",
    "DROP TABLE IF EXISTS temp.rep_qd",
    "DROP TABLE IF EXISTS temp.rep_tot",
    "DROP TABLE IF EXISTS temp.rep_ans",
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
    # small integer keys: a test is (level, role) -> lv; a question id -> qn; an item = lv * 10^6 + qn
    """CREATE TEMP TABLE rep_lv (lv INTEGER PRIMARY KEY, level_id TEXT NOT NULL, role TEXT NOT NULL,
                                 UNIQUE (level_id, role))""",
    "INSERT INTO rep_lv (level_id, role) SELECT DISTINCT level_id, role FROM rep_att ORDER BY level_id, role",
    "CREATE TEMP TABLE rep_q (qn INTEGER PRIMARY KEY, question_id TEXT NOT NULL UNIQUE, topic TEXT NOT NULL)",
    "CREATE TEMP TABLE rep_qd (question_id TEXT NOT NULL, drug TEXT NOT NULL, PRIMARY KEY (question_id, drug))",
]

# after the catalogue is in rep_q: questions the content no longer has, then the first-attempt tables
SETUP_ANSWERS = [
    "INSERT OR IGNORE INTO rep_q (question_id, topic) SELECT DISTINCT question_id, 'unknown' FROM answers",
    # each first attempt's total (and most it could score)
    """CREATE TEMP TABLE rep_tot AS
       SELECT f.attempt_id, l.lv, f.role = 'pre' AS pre, f.class_code, f.nickname,
              SUM(a.score) AS total, SUM(a.max_score) AS top
       FROM rep_att f
       JOIN rep_lv l ON l.level_id = f.level_id AND l.role = f.role
       JOIN answers a ON a.attempt_id = f.attempt_id
       WHERE f.nth = 1
       GROUP BY f.attempt_id""",
    # answers of first attempts, each with the rest of its attempt's score (total minus this item)
    """CREATE TEMP TABLE rep_ans AS
       SELECT t.lv * 1000000 + q.qn AS item, t.pre, t.class_code, t.nickname, q.qn,
              a.chosen, a.correct, a.score, a.max_score, a.response_ms, t.total - a.score AS rest
       FROM rep_tot t
       JOIN answers a ON a.attempt_id = t.attempt_id
       JOIN rep_q q ON q.question_id = a.question_id""",
    # the order statistics (median time, sorted pairing for DE) walk these instead of sorting
    "CREATE INDEX temp.rep_ans_rest ON rep_ans (item, rest)",
    "CREATE INDEX temp.rep_ans_ms ON rep_ans (item, response_ms)",
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
    SELECT a.class_code, a.nickname, q.topic, COUNT(*), SUM(a.correct)
    FROM rep_ans a JOIN rep_q q ON q.qn = a.qn
    WHERE NOT a.pre
    GROUP BY a.class_code, a.nickname, q.topic
"""

DRUGS = """
    SELECT a.class_code, a.nickname, d.drug, COUNT(*), SUM(a.correct)
    FROM rep_ans a JOIN rep_q q ON q.qn = a.qn JOIN rep_qd d ON d.question_id = q.question_id
    WHERE NOT a.pre
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

# moments per item; `mixed` counts scores other than 0 and full marks (partial credit)
MOMENTS = """
    SELECT item, COUNT(*), MAX(max_score), SUM(score), SUM(score * score), SUM(rest), SUM(rest * rest),
           SUM(score * rest), SUM(correct), SUM(score NOT IN (0, max_score))
    FROM rep_ans GROUP BY item
"""
ITEM_KEYS = """
    SELECT l.lv * 1000000 + q.qn, l.level_id, l.role, q.question_id FROM rep_lv l, rep_q q
    WHERE l.lv * 1000000 + q.qn IN (SELECT DISTINCT item FROM rep_ans)
"""
SCORE_HISTOGRAM = "SELECT score, COUNT(*) FROM rep_ans WHERE item = ? GROUP BY score ORDER BY score"
# sum of the rest scores ranked lo+1 .. lo+k (ascending) within an item: one index range walk
REST_SLICE = "SELECT SUM(rest) FROM (SELECT rest FROM rep_ans WHERE item = ? ORDER BY rest LIMIT ? OFFSET ?)"
MEDIAN_MS = "SELECT AVG(response_ms) FROM (SELECT response_ms FROM rep_ans WHERE item = ? ORDER BY response_ms LIMIT ? OFFSET ?)"

OPTIONS = "SELECT item, chosen, COUNT(*) FROM rep_ans GROUP BY item, chosen"

TESTS = """
    SELECT l.level_id, l.role, COUNT(*), SUM(t.total), SUM(t.total * t.total), MAX(t.top)
    FROM rep_tot t JOIN rep_lv l ON l.lv = t.lv
    GROUP BY t.lv
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
        "start": filters.start or "",  # no bound: '' sorts before, '~' after, every timestamp
        "end": filters.end or "~",
        "track_id": filters.track_id,
        "level_id": filters.level_id,
    }


def _items(conn: sqlite3.Connection, moments: list[tuple], keys: dict[int, tuple[str, str, str]],
           timings: dict[str, float] | None) -> list[ItemRow]:
    """ItemRows from the moments, plus two order statistics per item read off the temporary indexes:
    the median response time, and sum of x_(i) * r_(i) with both sorted ascending (for DE). Item scores
    take few values (0 or full marks, unless partial credit): the k-th block of equal scores pairs with
    the k-th slice of the sorted rest scores, so each block is one LIMIT/OFFSET walk of the index."""
    import time

    t0 = time.perf_counter()
    out = []
    for item, n, max_score, sx, sxx, sr, srr, sxr, correct, mixed in moments:
        if mixed:
            blocks = conn.execute(SCORE_HISTOGRAM, (item,)).fetchall()
        else:  # all-or-nothing scoring: the zeros, then the full marks
            full = round(sx / max_score) if max_score else 0
            blocks = [(0, n - full), (max_score, full)]
        sxr_sorted, offset = 0.0, 0
        for score, count in blocks:
            if score and count:
                sxr_sorted += score * (conn.execute(REST_SLICE, (item, count, offset)).fetchone()[0] or 0)
            offset += count
        median = conn.execute(MEDIAN_MS, (item, 2 - n % 2, (n - 1) // 2)).fetchone()[0]
        level_id, role, question_id = keys[item]
        out.append(ItemRow(level_id, role, question_id, n, max_score or 0, float(sx), float(sxx), float(sr),
                           float(srr), float(sxr), sxr_sorted, correct, median))
    if timings is not None:
        timings["items"] = timings.get("items", 0.0) + time.perf_counter() - t0
    return out


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
            for sql in SETUP_ANSWERS:
                conn.execute(sql)
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
            keys = {item: (lv, role, qid) for item, lv, role, qid in timed("items", ITEM_KEYS)}
            rows.items = _items(conn, timed("items", MOMENTS), keys, timings)
            rows.options = [OptionRow(*keys[item], chosen, count) for item, chosen, count in timed("options", OPTIONS)]
            rows.tests = [TestRow(lv, role, n, float(st), float(stt), top or 0)
                          for lv, role, n, st, stt, top in timed("tests", TESTS)]
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
