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
    "DROP TABLE IF EXISTS temp.rep_ans",
    "DROP TABLE IF EXISTS temp.rep_sid",
    # students (class code, nickname) in the filter, numbered
    """CREATE TEMP TABLE rep_sid (sid INTEGER PRIMARY KEY, class_code TEXT NOT NULL, nickname TEXT NOT NULL,
                                  UNIQUE (class_code, nickname))""",
    """INSERT INTO rep_sid (class_code, nickname)
       SELECT DISTINCT p.class_code, p.nickname FROM sessions s JOIN players p ON p.id = s.player_id
       WHERE """ + SESSION_FILTER + " ORDER BY 1, 2",
    # finished attempts in the filter; nth = 1 marks each student's first at a level in a role, best = 1
    # the best (plain GROUP BY with SQLite's min/max row columns: much faster here than window functions)
    """CREATE TEMP TABLE rep_att (attempt_id INTEGER PRIMARY KEY, sid INTEGER NOT NULL, track_id TEXT NOT NULL,
                                  level_id TEXT NOT NULL, role TEXT NOT NULL, score INTEGER, max_score INTEGER,
                                  started_at TEXT NOT NULL, nth INTEGER NOT NULL DEFAULT 0,
                                  best INTEGER NOT NULL DEFAULT 0)""",
    """INSERT INTO rep_att (attempt_id, sid, track_id, level_id, role, score, max_score, started_at)
       SELECT t.id, d.sid, s.track_id, t.level_id, t.role, t.score, t.max_score, t.started_at
       FROM attempts t
       JOIN sessions s ON s.id = t.session_id
       JOIN players p ON p.id = s.player_id
       JOIN rep_sid d ON d.class_code = p.class_code AND d.nickname = p.nickname
       WHERE t.status = 'finished' AND t.max_score IS NOT NULL
         AND (:level_id IS NULL OR t.level_id = :level_id) AND """ + SESSION_FILTER,
    # first: earliest start, then lowest id (the id is zero-padded so the text order is the number order)
    """UPDATE rep_att SET nth = 1 WHERE attempt_id IN (
           SELECT attempt_id FROM (SELECT attempt_id, MIN(started_at || printf('%012d', attempt_id))
                                   FROM rep_att GROUP BY sid, level_id, role))""",
    """UPDATE rep_att SET best = 1 WHERE attempt_id IN (
           SELECT attempt_id FROM (SELECT attempt_id, MAX(CAST(score AS REAL) / MAX(max_score, 1) * 1e9 + score)
                                   FROM rep_att GROUP BY sid, level_id, role))""",
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
    # answers of first attempts, each with the rest of the test: the attempt's total minus this item
    # (the total is the attempt's recorded score, as Moodle takes the attempt's mark; for a quiz level
    # it is the sum of its answers' scores)
    """CREATE TEMP TABLE rep_ans AS
       SELECT l.lv * 1000000 + q.qn AS item, f.role = 'pre' AS pre, f.sid, q.qn,
              a.chosen, a.correct, a.score, a.max_score, a.response_ms, f.score - a.score AS rest
       FROM rep_att f
       JOIN rep_lv l ON l.level_id = f.level_id AND l.role = f.role
       JOIN answers a ON a.attempt_id = f.attempt_id
       JOIN rep_q q ON q.question_id = a.question_id
       WHERE f.nth = 1""",
    # the median response time walks this index instead of sorting
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
    SELECT d.class_code, d.nickname, g.level_id, g.role, g.n, g.fs, g.fm, g.bs, g.bm
    FROM (SELECT sid, level_id, role, COUNT(*) AS n,
                 SUM(CASE WHEN nth = 1 THEN score END) AS fs, SUM(CASE WHEN nth = 1 THEN max_score END) AS fm,
                 SUM(CASE WHEN best = 1 THEN score END) AS bs, SUM(CASE WHEN best = 1 THEN max_score END) AS bm
          FROM rep_att GROUP BY sid, level_id, role) g
    JOIN rep_sid d ON d.sid = g.sid
"""

TOPICS = """
    SELECT s.class_code, s.nickname, g.topic, g.n, g.correct
    FROM (SELECT a.sid, q.topic, COUNT(*) AS n, SUM(a.correct) AS correct
          FROM rep_ans a JOIN rep_q q ON q.qn = a.qn
          WHERE NOT a.pre
          GROUP BY a.sid, q.topic) g
    JOIN rep_sid s ON s.sid = g.sid
"""

DRUGS = """
    SELECT s.class_code, s.nickname, g.drug, g.n, g.correct
    FROM (SELECT a.sid, d.drug, COUNT(*) AS n, SUM(a.correct) AS correct
          FROM rep_ans a JOIN rep_q q ON q.qn = a.qn JOIN rep_qd d ON d.question_id = q.question_id
          WHERE NOT a.pre
          GROUP BY a.sid, d.drug) g
    JOIN rep_sid s ON s.sid = g.sid
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

# One pass over the answers for all item statistics: counts per item, option chosen, item score and
# rest-of-test score. The rest score takes few values (sums of the other items' points), so this is
# a few thousand rows however many answers there are; moments, the distractor table and the sorted
# pairing for DE are all exact sums over them.
ITEM_CELLS = """
    SELECT item, chosen, score, rest, COUNT(*), SUM(correct), MAX(max_score)
    FROM rep_ans GROUP BY item, chosen, score, rest
"""
ITEM_KEYS = """
    SELECT l.lv * 1000000 + q.qn, l.level_id, l.role, q.question_id FROM rep_lv l, rep_q q
    WHERE l.lv * 1000000 + q.qn IN (SELECT DISTINCT item FROM rep_ans)
"""
MEDIAN_MS = "SELECT AVG(response_ms) FROM (SELECT response_ms FROM rep_ans WHERE item = ? ORDER BY response_ms LIMIT ? OFFSET ?)"

TESTS = """
    SELECT level_id, role, COUNT(*), SUM(score), SUM(score * score), MAX(max_score)
    FROM rep_att WHERE nth = 1
    GROUP BY level_id, role
"""

GAIN = """
    SELECT d.class_code, d.nickname, g.track_id,
           MAX(CASE WHEN g.role = 'pre' THEN g.score END), MAX(CASE WHEN g.role = 'pre' THEN g.max_score END),
           MAX(CASE WHEN g.role = 'post' THEN g.score END), MAX(CASE WHEN g.role = 'post' THEN g.max_score END)
    FROM (SELECT sid, track_id, role, score, max_score, MIN(started_at || printf('%012d', attempt_id))
          FROM rep_att WHERE role IN ('pre', 'post') GROUP BY sid, track_id, role) g
    JOIN rep_sid d ON d.sid = g.sid
    GROUP BY g.sid, g.track_id
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


def sorted_pairing(xs: dict[float, int], rs: dict[float, int]) -> float:
    """Sum of x_(i) * r_(i) with both lists sorted ascending, from their histograms (value -> count)."""
    total = 0.0
    rest = sorted(rs.items())
    j, left = 0, rest[0][1] if rest else 0
    for x, count in sorted(xs.items()):
        while count:
            take = min(count, left)
            total += x * rest[j][0] * take
            count -= take
            left -= take
            if not left and j + 1 < len(rest):
                j += 1
                left = rest[j][1]
    return total


def _items(conn: sqlite3.Connection, cells: list[tuple], keys: dict[int, tuple[str, str, str]]
           ) -> tuple[list[ItemRow], list[OptionRow]]:
    """ItemRows and OptionRows from the item cells, plus each item's median time off the index."""
    acc: dict[int, list] = {}
    xs: dict[int, dict[float, int]] = {}
    rs: dict[int, dict[float, int]] = {}
    options: dict[tuple[int, str], int] = {}
    for item, chosen, score, rest, count, correct, max_score in cells:
        a = acc.setdefault(item, [0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0])
        a[0] += count
        a[1] = max(a[1], max_score or 0)
        a[2] += score * count
        a[3] += score * score * count
        a[4] += rest * count
        a[5] += rest * rest * count
        a[6] += score * rest * count
        a[7] += correct
        hx, hr = xs.setdefault(item, {}), rs.setdefault(item, {})
        hx[score] = hx.get(score, 0) + count
        hr[rest] = hr.get(rest, 0) + count
        options[(item, chosen)] = options.get((item, chosen), 0) + count
    out = []
    for item in sorted(acc):
        n, max_score, sx, sxx, sr, srr, sxr, correct = acc[item]
        median = conn.execute(MEDIAN_MS, (item, 2 - n % 2, (n - 1) // 2)).fetchone()[0]
        level_id, role, question_id = keys[item]
        out.append(ItemRow(level_id, role, question_id, n, max_score, float(sx), float(sxx), float(sr), float(srr),
                           float(sxr), sorted_pairing(xs[item], rs[item]), correct, median))
    option_rows = [OptionRow(*keys[item], chosen, count) for (item, chosen), count in sorted(options.items())]
    return out, option_rows


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
        old_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        old_temp = conn.execute("PRAGMA temp_store").fetchone()[0]
        # sorts and temporary tables in memory: a report over a million answers needs ~200 MB
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -262144")
        old_mmap = conn.execute("PRAGMA mmap_size").fetchone()
        conn.execute("PRAGMA mmap_size = 1073741824")  # read the database file through memory mapping
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
            cells = timed("items", ITEM_CELLS)
            t1 = clock()
            rows.items, rows.options = _items(conn, cells, keys)
            if timings is not None:
                timings["items"] += clock() - t1
            quizzes = {(lv, role) for lv, role, _ in keys.values()}  # tests with answers in them
            rows.tests = [TestRow(lv, role, n, float(st), float(stt), top or 0)
                          for lv, role, n, st, stt, top in timed("tests", TESTS) if (lv, role) in quizzes]
            rows.gain = [GainRow(*r) for r in timed("gain", GAIN)]
            rows.answers = timed("count", ANSWER_COUNT)[0][0]
        finally:
            conn.execute("ROLLBACK TO report")
            conn.execute("RELEASE report")
            conn.execute("PRAGMA temp_store = " + str(int(old_temp)))  # an int from SQLite itself
            conn.execute("PRAGMA cache_size = " + str(int(old_cache)))
            conn.execute("PRAGMA mmap_size = " + str(int(old_mmap[0]) if old_mmap else 0))
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
