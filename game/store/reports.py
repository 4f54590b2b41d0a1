"""The SQL behind the teacher reports: filtered, aggregated rows for game.reports.build.

Everything is aggregated here, in SQLite, so a report over a million answers reads back a few
thousand rows. One call, one snapshot: the queries run inside a savepoint, on temporary tables
that vanish when it is rolled back, so a kiosk writing meanwhile never makes the tables disagree.

"First attempt" = a student's first finished attempt at a level in a role (pre, level, post),
by start time; a student = (class code, nickname).
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from game.store.db import Store, StoreError, _explain
from game.store.rows import (
    Filters,
    GainRow,
    HitRow,
    ItemRow,
    MasteryRow,
    OptionRow,
    Rows,
    StudentLevelRow,
    StudentRow,
    TestRow,
)

# Filters are fixed SQL with named parameters: `(:x IS NULL OR column = :x)`, never string-built.
# The dates are always bounded (open ends are '' and '~') so the sessions_started index can serve them.
SESSION_FILTER = """
    (:class_code IS NULL OR p.class_code = :class_code)
    AND (:age_group IS NULL OR p.age_group = :age_group)
    AND s.started_at >= :start AND s.started_at < :end
    AND (:track_id IS NULL OR s.track_id = :track_id)
    AND (:mode IS NULL OR s.mode = :mode)
"""

# The same filter for a report, whose queries read every session in the filter in id order: the unary +
# keeps SQLite off the sessions_started index (which would visit the sessions in start-time order).
SESSION_SCAN = SESSION_FILTER.replace("s.started_at >=", "+s.started_at >=").replace(
    "s.started_at <", "+s.started_at <"
)

SETUP = [
    *(
        f"DROP TABLE IF EXISTS temp.{name}"
        for name in (
            "rep_ses0",
            "rep_stu",
            "rep_sid",
            "rep_ses",
            "rep_att",
            "rep_sl",
            "rep_lv",
            "rep_first",
            "rep_q",
            "rep_qd",
            "rep_ans",
            "rep_cell",
            "rep_msb",
            "rep_want",
            "rep_top",
            "rep_drug",
            "rep_gain",
            "rep_hit",
        )
    ),
    # sessions in the filter, with their student. Read in id order (the order they were written, so the
    # players rows come in order too) rather than along the sessions_started index: a report over all dates
    # would otherwise jump about the sessions table, and a narrow date range is cheap to scan for
    """CREATE TEMP TABLE rep_ses0 (id INTEGER PRIMARY KEY, class_code TEXT NOT NULL, nickname TEXT NOT NULL,
                                   age_group TEXT NOT NULL, track_id TEXT NOT NULL, started_at TEXT NOT NULL,
                                   finished INTEGER NOT NULL, minutes REAL NOT NULL)""",
    """INSERT INTO rep_ses0
       SELECT s.id, p.class_code, p.nickname, p.age_group, s.track_id, s.started_at, s.status = 'finished',
              CASE WHEN s.ended_at IS NOT NULL
                   THEN MAX(0.0, (julianday(s.ended_at) - julianday(s.started_at)) * 1440.0) ELSE 0.0 END
       FROM sessions s JOIN players p ON p.id = s.player_id
       WHERE """
    + SESSION_SCAN
    + """
       ORDER BY s.id""",
    # students (class code, nickname): sessions, finished sessions, minutes, the age group of the latest session
    """CREATE TEMP TABLE rep_stu (class_code TEXT NOT NULL, nickname TEXT NOT NULL, age_group TEXT NOT NULL,
                                  latest TEXT NOT NULL, sessions INTEGER NOT NULL, finished INTEGER NOT NULL,
                                  minutes REAL NOT NULL, PRIMARY KEY (class_code, nickname)) WITHOUT ROWID""",
    """INSERT INTO rep_stu
       SELECT class_code, nickname, age_group, started_at, 1, finished, minutes FROM rep_ses0 WHERE true
       ON CONFLICT (class_code, nickname) DO UPDATE SET
           age_group = iif(excluded.latest > latest, excluded.age_group, age_group),
           latest = max(latest, excluded.latest),
           sessions = sessions + 1, finished = finished + excluded.finished, minutes = minutes + excluded.minutes""",
    # ... numbered in (class code, nickname) order, which rep_stu is already kept in
    """CREATE TEMP TABLE rep_sid (sid INTEGER PRIMARY KEY, class_code TEXT NOT NULL, nickname TEXT NOT NULL,
                                  age_group TEXT NOT NULL, sessions INTEGER NOT NULL, finished INTEGER NOT NULL,
                                  minutes REAL NOT NULL, UNIQUE (class_code, nickname))""",
    """INSERT INTO rep_sid (class_code, nickname, age_group, sessions, finished, minutes)
       SELECT class_code, nickname, age_group, sessions, finished, minutes FROM rep_stu ORDER BY class_code, nickname""",
    # the sessions again, by student number, in id order: a session's attempts lie together in the attempts
    # table, so walking this table reads the big tables front to back, never at random
    "CREATE TEMP TABLE rep_ses (id INTEGER PRIMARY KEY, sid INTEGER NOT NULL, track_id TEXT NOT NULL)",
    """INSERT INTO rep_ses (id, sid, track_id)
       SELECT s.id, d.sid, s.track_id FROM rep_ses0 s
       JOIN rep_sid d ON d.class_code = s.class_code AND d.nickname = s.nickname
       ORDER BY s.id""",
    # finished attempts in the filter (CROSS JOIN: driven by the sessions in the filter, so a report on one
    # class reads that class's attempts only)
    """CREATE TEMP TABLE rep_att (attempt_id INTEGER PRIMARY KEY, sid INTEGER NOT NULL, track_id TEXT NOT NULL,
                                  level_id TEXT NOT NULL, role TEXT NOT NULL, score INTEGER, max_score INTEGER,
                                  started_at TEXT NOT NULL)""",
    """INSERT INTO rep_att (attempt_id, sid, track_id, level_id, role, score, max_score, started_at)
       SELECT t.id, s.sid, s.track_id, t.level_id, t.role, t.score, t.max_score, t.started_at
       FROM rep_ses s CROSS JOIN attempts t ON t.session_id = s.id
       WHERE t.status = 'finished' AND t.max_score IS NOT NULL AND (:level_id IS NULL OR t.level_id = :level_id)""",
    # Aggregation below is "upsert into a table keyed by the group", never GROUP BY over many rows: SQLite
    # groups by sorting every row (n log n, and slower still once the sort outgrows the caches), while an
    # upsert walks a B-tree of the groups, a few levels deep whatever n is: the same work per answer.
    #
    # per student, level and role: attempts; the first (earliest start, then lowest id; the id is zero-padded
    # so the text order is the number order) and the best (highest %, then most points; ties: the earlier id)
    """CREATE TEMP TABLE rep_sl (sid INTEGER NOT NULL, level_id TEXT NOT NULL, role TEXT NOT NULL,
                                 n INTEGER NOT NULL, first_key TEXT NOT NULL, first_id INTEGER NOT NULL,
                                 first_score INTEGER, first_max INTEGER, best_key REAL NOT NULL,
                                 best_score INTEGER, best_max INTEGER,
                                 PRIMARY KEY (sid, level_id, role)) WITHOUT ROWID""",
    """INSERT INTO rep_sl
       SELECT sid, level_id, role, 1, started_at || printf('%012d', attempt_id), attempt_id, score, max_score,
              CAST(ifnull(score, 0) AS REAL) / MAX(max_score, 1) * 1e9 + ifnull(score, 0), score, max_score
       FROM rep_att WHERE true
       ON CONFLICT (sid, level_id, role) DO UPDATE SET
           n = n + 1,
           first_key = min(first_key, excluded.first_key),
           first_id = iif(excluded.first_key < first_key, excluded.first_id, first_id),
           first_score = iif(excluded.first_key < first_key, excluded.first_score, first_score),
           first_max = iif(excluded.first_key < first_key, excluded.first_max, first_max),
           best_key = max(best_key, excluded.best_key),
           best_score = iif(excluded.best_key > best_key, excluded.best_score, best_score),
           best_max = iif(excluded.best_key > best_key, excluded.best_max, best_max)""",
    # tests (level, role) -> small integer lv, with the sums for the test statistics over first attempts
    """CREATE TEMP TABLE rep_lv (lv INTEGER PRIMARY KEY, level_id TEXT NOT NULL, role TEXT NOT NULL,
                                 n INTEGER NOT NULL, st INTEGER NOT NULL, stt INTEGER NOT NULL, top INTEGER,
                                 UNIQUE (level_id, role))""",
    """INSERT INTO rep_lv (level_id, role, n, st, stt, top)
       SELECT level_id, role, 1, ifnull(first_score, 0), ifnull(first_score, 0) * ifnull(first_score, 0), first_max
       FROM rep_sl WHERE true
       ON CONFLICT (level_id, role) DO UPDATE SET
           n = n + 1, st = st + excluded.st, stt = stt + excluded.stt, top = max(ifnull(top, 0), ifnull(excluded.top, 0))""",
    # the first attempts, in id order (so their answers are read front to back)
    """CREATE TEMP TABLE rep_first (attempt_id INTEGER PRIMARY KEY, sid INTEGER NOT NULL, lv INTEGER NOT NULL,
                                    pre INTEGER NOT NULL, score INTEGER)""",
    """INSERT INTO rep_first (attempt_id, sid, lv, pre, score)
       SELECT g.first_id, g.sid, l.lv, g.role = 'pre', g.first_score
       FROM rep_sl g JOIN rep_lv l ON l.level_id = g.level_id AND l.role = g.role""",
    # pre/post per student and track: the first attempt in each role
    """CREATE TEMP TABLE rep_gain (sid INTEGER NOT NULL, track_id TEXT NOT NULL, role TEXT NOT NULL,
                                   first_key TEXT NOT NULL, score INTEGER, max_score INTEGER,
                                   PRIMARY KEY (sid, track_id, role)) WITHOUT ROWID""",
    """INSERT INTO rep_gain
       SELECT sid, track_id, role, started_at || printf('%012d', attempt_id), score, max_score
       FROM rep_att WHERE role IN ('pre', 'post')
       ON CONFLICT (sid, track_id, role) DO UPDATE SET
           first_key = min(first_key, excluded.first_key),
           score = iif(excluded.first_key < first_key, excluded.score, score),
           max_score = iif(excluded.first_key < first_key, excluded.max_score, max_score)""",
    # small integer keys for questions: a question id -> qn; an item = lv * 10^6 + qn
    "CREATE TEMP TABLE rep_q (qn INTEGER PRIMARY KEY, question_id TEXT NOT NULL UNIQUE, topic TEXT NOT NULL)",
    "CREATE TEMP TABLE rep_qd (qn INTEGER NOT NULL, drug TEXT NOT NULL, PRIMARY KEY (qn, drug)) WITHOUT ROWID",
]

# after the catalogue is in rep_q (and its drugs in rep_qd)
SETUP_ANSWERS = [
    # questions the content no longer has: each distinct id off the answers_question index by a skip-scan
    # (one index seek per question id, not a pass over every answer)
    """INSERT OR IGNORE INTO rep_q (question_id, topic)
       WITH RECURSIVE ids(id) AS (
           SELECT MIN(question_id) FROM answers
           UNION ALL SELECT (SELECT MIN(question_id) FROM answers WHERE question_id > ids.id) FROM ids WHERE ids.id IS NOT NULL)
       SELECT id, 'unknown' FROM ids WHERE id IS NOT NULL""",
    # answers of first attempts (read by attempt id, through answers_attempt), each with the rest of the test: the attempt's total minus this item
    # (the total is the attempt's recorded score, as Moodle takes the attempt's mark; for a quiz level
    # it is the sum of its answers' scores)
    """CREATE TEMP TABLE rep_ans AS
       SELECT f.lv * 1000000 + q.qn AS item, f.pre, f.sid, q.qn,
              a.chosen, a.correct, a.score, a.max_score, a.response_ms, f.score - a.score AS rest
       FROM rep_first f
       CROSS JOIN answers a ON a.attempt_id = f.attempt_id
       JOIN rep_q q ON q.question_id = a.question_id
       WHERE a.max_score > 0""",  # unscored items (the norms estimate) stay out of item and topic figures
    # item statistics: one row per (item, option chosen, item score, rest score): a few thousand, whatever n
    """CREATE TEMP TABLE rep_cell (item INTEGER NOT NULL, chosen TEXT NOT NULL, score INTEGER NOT NULL,
                                   rest INTEGER NOT NULL, n INTEGER NOT NULL, correct INTEGER NOT NULL,
                                   top INTEGER NOT NULL, PRIMARY KEY (item, chosen, score, rest)) WITHOUT ROWID""",
    """INSERT INTO rep_cell
       SELECT item, chosen, score, ifnull(rest, 0), 1, correct, max_score FROM rep_ans WHERE true
       ON CONFLICT (item, chosen, score, rest) DO UPDATE SET
           n = n + 1, correct = correct + excluded.correct, top = max(top, excluded.top)""",
    # response times per item in buckets of 128 ms: the median is then found in one bucket (see _medians)
    """CREATE TEMP TABLE rep_msb (item INTEGER NOT NULL, b INTEGER NOT NULL, n INTEGER NOT NULL,
                                  PRIMARY KEY (item, b)) WITHOUT ROWID""",
    """INSERT INTO rep_msb SELECT item, response_ms >> 7, 1 FROM rep_ans WHERE true
       ON CONFLICT (item, b) DO UPDATE SET n = n + 1""",
    # topic and drug accuracy per student (pre-tests left out)
    """CREATE TEMP TABLE rep_top (sid INTEGER NOT NULL, topic TEXT NOT NULL, n INTEGER NOT NULL,
                                  correct INTEGER NOT NULL, PRIMARY KEY (sid, topic)) WITHOUT ROWID""",
    """INSERT INTO rep_top
       SELECT a.sid, q.topic, 1, a.correct FROM rep_ans a JOIN rep_q q ON q.qn = a.qn WHERE NOT a.pre
       ON CONFLICT (sid, topic) DO UPDATE SET n = n + 1, correct = correct + excluded.correct""",
    """CREATE TEMP TABLE rep_drug (sid INTEGER NOT NULL, drug TEXT NOT NULL, n INTEGER NOT NULL,
                                   correct INTEGER NOT NULL, PRIMARY KEY (sid, drug)) WITHOUT ROWID""",
    """INSERT INTO rep_drug
       SELECT a.sid, d.drug, 1, a.correct FROM rep_ans a JOIN rep_qd d ON d.qn = a.qn WHERE NOT a.pre
       ON CONFLICT (sid, drug) DO UPDATE SET n = n + 1, correct = correct + excluded.correct""",
    # drugs that hit each student in chase levels (any attempt, finished or not, in the filter)
    """CREATE TEMP TABLE rep_hit (sid INTEGER NOT NULL, drug TEXT NOT NULL, n INTEGER NOT NULL,
                                  PRIMARY KEY (sid, drug)) WITHOUT ROWID""",
    """INSERT INTO rep_hit
       SELECT s.sid, json_extract(e.data, '$.drug') AS drug, 1
       FROM events e
       JOIN attempts t ON t.id = e.attempt_id
       JOIN rep_ses s ON s.id = t.session_id
       WHERE e.kind = 'hit' AND json_valid(e.data) AND json_extract(e.data, '$.drug') IS NOT NULL
         AND (:level_id IS NULL OR t.level_id = :level_id)
       ON CONFLICT (sid, drug) DO UPDATE SET n = n + 1""",
]

# Per-student rows come back with the student number (sid), not the names: the names are read once
# (STUDENTS) and shared, so a million answers do not make a million copies of the same class code.
STUDENTS = "SELECT sid, class_code, nickname, age_group, sessions, finished, minutes FROM rep_sid ORDER BY sid"
LEVELS = """
    SELECT sid, level_id, role, n, ifnull(first_score, 0), ifnull(first_max, 0), ifnull(best_score, 0),
           ifnull(best_max, 0),
           EXISTS (SELECT 1 FROM events e WHERE e.kind = 'untimed' AND e.attempt_id = rep_sl.first_id)
    FROM rep_sl
"""
TOPICS = "SELECT sid, topic, n, correct FROM rep_top"
DRUGS = "SELECT sid, drug, n, correct FROM rep_drug"
HITS = "SELECT sid, drug, n FROM rep_hit"

# The item statistics come from the cells: the rest score takes few values (sums of the other items'
# points), so moments, the distractor table and the sorted pairing for DE are exact sums over them.
ITEM_CELLS = "SELECT item, chosen, score, rest, n, correct, top FROM rep_cell"
ITEM_KEYS = """
    SELECT l.lv * 1000000 + q.qn, l.level_id, l.role, q.question_id FROM rep_lv l, rep_q q
    WHERE l.lv * 1000000 + q.qn IN (SELECT item FROM rep_cell)
"""
MEDIAN_BUCKETS = "SELECT item, b, n FROM rep_msb"
MEDIAN_WANT = (
    "CREATE TEMP TABLE rep_want (item INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (item, b)) WITHOUT ROWID"
)
MEDIAN_TIMES = """
    SELECT a.item, a.response_ms FROM rep_ans a
    WHERE EXISTS (SELECT 1 FROM rep_want w WHERE w.item = a.item AND w.b = a.response_ms >> 7)
"""

TESTS = "SELECT level_id, role, n, st, stt, top FROM rep_lv"

GAIN = """
    SELECT sid, track_id,
           MAX(CASE WHEN role = 'pre' THEN score END), MAX(CASE WHEN role = 'pre' THEN max_score END),
           MAX(CASE WHEN role = 'post' THEN score END), MAX(CASE WHEN role = 'post' THEN max_score END)
    FROM rep_gain
    GROUP BY sid, track_id
"""

# for the report's connection while it runs (then put back): temporary tables and sorts in memory, a
# large page cache, the database file read through memory mapping
REPORT_PRAGMAS = ["PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -262144", "PRAGMA mmap_size = 1073741824"]

ANSWER_COUNT = "SELECT COUNT(*) FROM rep_att f JOIN answers a ON a.attempt_id = f.attempt_id"


def _params(filters: Filters) -> dict[str, Any]:
    return {
        "class_code": filters.class_code,
        "age_group": filters.age_group,
        "start": filters.start or "",  # no bound: '' sorts before, '~' after, every timestamp
        "end": filters.end or "~",
        "track_id": filters.track_id,
        "level_id": filters.level_id,
        "mode": filters.mode,
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


def middle_ranks(buckets: dict[Any, list[tuple[int, int]]]) -> dict[Any, list[tuple[int, int]]]:
    """item -> [(bucket, rank within it)] of its middle answer or two, from its bucket counts [(bucket, n)]."""
    wanted: dict[Any, list[tuple[int, int]]] = {}
    for item, counts in buckets.items():
        counts.sort()
        total = sum(n for _, n in counts)
        ranks, seen, where = sorted({(total - 1) // 2, total // 2}), 0, []
        for b, n in counts:
            while ranks and ranks[0] < seen + n:
                where.append((b, ranks.pop(0) - seen))
            seen += n
        wanted[item] = where
    return wanted


def medians_from(wanted: dict[Any, list[tuple[int, int]]], times: Iterable[tuple[Any, int]]) -> dict[Any, float]:
    """Each item's exact median from the times (item, ms) of the answers in its wanted buckets."""
    found: dict[tuple[Any, int], list[int]] = defaultdict(list)
    for item, ms in times:
        found[(item, ms >> 7)].append(ms)
    for values in found.values():
        values.sort()
    return {item: sum(found[(item, b)][k] for b, k in where) / len(where) for item, where in wanted.items() if where}


def _medians(conn: sqlite3.Connection) -> dict[int, float]:
    """Each item's exact median response time (the mean of the middle two when n is even).

    The bucket counts say which 128 ms bucket holds each middle answer; only the answers in those
    buckets are read back and sorted, so no step sorts every answer.
    """
    buckets: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for item, b, n in conn.execute(MEDIAN_BUCKETS):
        buckets[item].append((b, n))
    wanted = middle_ranks(buckets)
    conn.execute(MEDIAN_WANT)
    conn.executemany(
        "INSERT OR IGNORE INTO rep_want (item, b) VALUES (?, ?)",
        [(item, b) for item, where in wanted.items() for b, _ in where],
    )
    return medians_from(wanted, conn.execute(MEDIAN_TIMES))


def item_rows(
    cells: list[tuple], keys: dict[int, tuple[str, str, str]], medians: dict[int, float]
) -> tuple[list[ItemRow], list[OptionRow]]:
    """ItemRows and OptionRows from the item cells and the median times."""
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
        level_id, role, question_id = keys[item]
        out.append(
            ItemRow(
                level_id,
                role,
                question_id,
                n,
                max_score,
                float(sx),
                float(sxx),
                float(sr),
                float(srr),
                float(sxr),
                sorted_pairing(xs[item], rs[item]),
                correct,
                medians.get(item),
            )
        )
    option_rows = [OptionRow(*keys[item], chosen, count) for (item, chosen), count in sorted(options.items())]
    return out, option_rows


def fetch_rows(
    store: Store,
    filters: Filters,
    topics: dict[str, str],
    drugs: dict[str, Iterable[str]],
    timings: dict[str, float] | None = None,
    insight: dict[tuple[str, str], tuple[float, int]] | None = None,
) -> Rows:
    """Every aggregated row a report needs, in one consistent snapshot.

    topics: question id -> topic; drugs: question id -> drug ids (from the content catalogue).
    timings, if given, is filled with seconds per query (for the benchmark).
    insight: also the rows of the refusal-skill, integrity and re-test sections (game/store/insight.py), given the
    reading floors: (question id, language) -> (ms, options shown).
    """
    import time

    conn: sqlite3.Connection = store.conn
    params = _params(filters)
    rows = Rows()
    clock = time.perf_counter

    def timed(name: str, sql: str, make: Any = None) -> list[Any]:
        """The rows of one query, each made into `make(*row)` as it is read (no second list of tuples)."""
        t0 = clock()
        cursor = conn.execute(sql)
        result = [make(*row) for row in cursor] if make else cursor.fetchall()
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + clock() - t0
        return result

    def run(sql: str, args: Any = ()) -> None:
        """One setup statement, timed under the table it fills ("setup:rep_ans" ...)."""
        t0 = clock()
        conn.execute(sql, args)
        if timings is not None:
            filled = re.match(r"\s*(?:INSERT (?:OR IGNORE )?INTO|CREATE TEMP TABLE) (rep_\w+)(?: AS\b)?", sql)
            name = "setup:" + (
                filled.group(1) if filled and (sql.lstrip().startswith("INSERT") or " AS" in filled.group(0)) else "ddl"
            )
            timings[name] = timings.get(name, 0.0) + clock() - t0

    try:
        old_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        old_temp = conn.execute("PRAGMA temp_store").fetchone()[0]
        # sorts and temporary tables in memory: a report over a million answers needs ~200 MB
        old_mmap = conn.execute("PRAGMA mmap_size").fetchone()
        for pragma in REPORT_PRAGMAS:
            conn.execute(pragma)
        conn.execute("SAVEPOINT report")
        try:
            for sql in SETUP:
                run(sql, params if ":" in sql else ())
            conn.executemany("INSERT INTO rep_q (question_id, topic) VALUES (?, ?)", sorted(topics.items()))
            conn.executemany(
                "INSERT OR IGNORE INTO rep_qd (qn, drug) SELECT qn, ? FROM rep_q WHERE question_id = ?",
                [(drug, qid) for qid, ds in sorted(drugs.items()) for drug in ds],
            )
            for sql in SETUP_ANSWERS:
                run(sql, params if ":" in sql else ())
            names: dict[int, tuple[str, str]] = {}  # sid -> (class code, nickname)
            shared: dict[str, str] = {}  # one str per distinct level, role, topic or drug id
            one = shared.setdefault

            def student(sid: int, class_code: str, nickname: str, *rest: Any) -> StudentRow:
                names[sid] = (class_code, nickname)
                return StudentRow(class_code, nickname, *rest)

            rows.students = timed("students", STUDENTS, student)
            rows.levels = timed(
                "levels",
                LEVELS,
                lambda sid, lv, role, *rest: StudentLevelRow(*names[sid], one(lv, lv), one(role, role), *rest),
            )
            rows.topics = timed("topics", TOPICS, lambda sid, key, n, ok: MasteryRow(*names[sid], one(key, key), n, ok))
            rows.drugs = timed("drugs", DRUGS, lambda sid, key, n, ok: MasteryRow(*names[sid], one(key, key), n, ok))
            rows.hits = timed("hits", HITS, lambda sid, drug, n: HitRow(*names[sid], one(drug, drug), n))
            keys = {item: (lv, role, qid) for item, lv, role, qid in timed("items", ITEM_KEYS)}
            cells = timed("items", ITEM_CELLS)
            t1 = clock()
            medians = _medians(conn)
            if timings is not None:
                timings["medians"] = clock() - t1
            rows.items, rows.options = item_rows(cells, keys, medians)
            quizzes = {(lv, role) for lv, role, _ in keys.values()}  # tests with answers in them
            rows.tests = [
                TestRow(lv, role, n, float(st), float(stt), top or 0)
                for lv, role, n, st, stt, top in timed("tests", TESTS)
                if (lv, role) in quizzes
            ]
            rows.gain = timed("gain", GAIN, lambda sid, *rest: GainRow(*names[sid], *rest))
            rows.answers = timed("count", ANSWER_COUNT)[0][0]
            if insight is not None:
                from game.store.insight import fetch_insight

                rows.insight = fetch_insight(conn, names, timed, insight)
        finally:
            conn.execute("ROLLBACK TO report")
            conn.execute("RELEASE report")
            conn.execute("PRAGMA temp_store = " + str(int(old_temp)))  # an int from SQLite itself
            conn.execute("PRAGMA cache_size = " + str(int(old_cache)))
            conn.execute("PRAGMA mmap_size = " + str(int(old_mmap[0]) if old_mmap else 0))
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
    return rows


EXPORT = (
    """
    SELECT a.attempt_id, p.nickname, p.class_code, p.age_group, t.level_id, a.question_id, a.chosen,
           a.correct, a.score, a.max_score, a.response_ms, a.answered_at,
           t.role, a.position, s.id, s.started_at, s.lang, s.mode, s.device  -- the device last: left off unless asked for
    FROM answers a
    JOIN attempts t ON t.id = a.attempt_id
    JOIN sessions s ON s.id = t.session_id
    JOIN players p ON p.id = s.player_id
    WHERE (:level_id IS NULL OR t.level_id = :level_id)
      AND (:nickname IS NULL OR p.nickname = :nickname) AND """
    + SESSION_FILTER
    + """
    ORDER BY a.id
"""
)


def export_answers(
    store: Store, filters: Filters, nickname: str | None = None, batch: int = 5000, device: bool = False
) -> Iterable[tuple]:
    """One tuple per answer, in the export's column order, streamed in batches (constant memory); the session's
    device id comes last only when `device` is asked for (it links a child's sessions across nicknames)."""
    params = {**_params(filters), "nickname": nickname}
    try:
        cursor = store.conn.execute(EXPORT, params)
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                return
            if device:
                yield from chunk
            else:
                yield from (row[:-1] for row in chunk)
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None


def class_codes(store: Store) -> list[str]:
    """Every class code that has played, for the teacher's filter."""
    try:
        return [
            r[0]
            for r in store.conn.execute(
                "SELECT DISTINCT p.class_code FROM players p JOIN sessions s ON s.player_id = p.id ORDER BY 1"
            )
        ]
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
