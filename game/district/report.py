"""The district report: the class report's own functions (game.reports.build) over rows that come
from the central PostgreSQL server instead of one device's SQLite file.

fetch_rows() here answers exactly what game/store/reports.py answers for SQLite: the same Rows
(students, first and best attempts, item cells, medians, topics, drugs, hits, tests, gain), worked
out with PostgreSQL's hash aggregates in temporary tables inside one REPEATABLE READ snapshot. Only
the row source differs, so a district report over merged data gives the class report's figures
(tests/test_district.py checks this on the same simulated data).

On the server a student is (site, class code, player key): a class code is shown as `site/class`,
and the nickname column holds the player key (a keyed hash unless the site shares nicknames).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from game.district import insight
from game.reports.insight import InsightRows
from game.reports.model import (
    ALL_LEVELS,
    CLASS_TOTAL,
    District,
    Filters,
    GainRow,
    HitRow,
    MasteryRow,
    Report,
    Rows,
    StudentLevelRow,
    StudentRow,
    TestRow,
    Thresholds,
    Week,
)

FILTER = """
    (%(class_code)s::text IS NULL OR p.class_code = %(class_code)s)
    AND (%(age_group)s::text IS NULL OR p.age_group = %(age_group)s)
    AND (%(start)s::text IS NULL OR s.started_at COLLATE "C" >= %(start)s)
    AND (%(end)s::text IS NULL OR s.started_at COLLATE "C" < %(end)s)
    AND (%(track_id)s::text IS NULL OR s.track_id = %(track_id)s)
    AND (%(mode)s::text IS NULL OR s.mode = %(mode)s)
    AND (%(site)s::text IS NULL OR s.site_id = %(site)s)
"""
LEVEL = "(%(level_id)s::text IS NULL OR t.level_id = %(level_id)s)"

STUDENT_SETUP = [  # what both ways of reading need: the students and their sessions
    # sorts and hashes of a million answers stay in memory; no JIT: compiling costs ~0.4 s a query here
    "SET LOCAL work_mem = '256MB'",
    "SET LOCAL jit = off",
    # sessions in the filter with their student and week; the time in an ended session as the class report counts it
    """CREATE TEMP TABLE r_ses0 ON COMMIT DROP AS
       SELECT s.uuid, s.site_id, s.site_id || '/' || p.class_code AS class_code, p.player_key AS nickname,
              p.age_group, s.track_id, s.started_at, (s.status = 'finished')::int AS finished,
              CASE WHEN s.ended_at IS NOT NULL
                   THEN greatest(0.0, extract(epoch FROM s.ended_at::timestamptz - s.started_at::timestamptz)::float8 / 60.0)
                   ELSE 0.0 END AS minutes,
              to_char(date_trunc('week', s.started_at::timestamptz AT TIME ZONE %(tz)s), 'YYYY-MM-DD') AS week
       FROM sessions s JOIN players p ON p.uuid = s.player_uuid
       WHERE """
    + FILTER,
    # students, numbered in (class code, nickname) order; the age group of their latest session
    """CREATE TEMP TABLE r_stu ON COMMIT DROP AS
       SELECT row_number() OVER (ORDER BY class_code COLLATE "C", nickname COLLATE "C")::int AS sid,
              class_code, nickname, (array_agg(age_group ORDER BY started_at DESC, uuid))[1] AS age_group,
              count(*)::int AS sessions, sum(finished)::int AS finished, sum(minutes) AS minutes
       FROM r_ses0 GROUP BY class_code, nickname""",
    """CREATE TEMP TABLE r_ses ON COMMIT DROP AS
       SELECT s.uuid, d.sid, s.track_id, s.week FROM r_ses0 s JOIN r_stu d USING (class_code, nickname)""",
]
SETUP = STUDENT_SETUP + [
    # finished, scored attempts in the filter
    """CREATE TEMP TABLE r_att ON COMMIT DROP AS
       SELECT t.uuid, s.sid, s.track_id, s.week, t.level_id, t.role, t.score, t.max_score, t.started_at
       FROM r_ses s JOIN attempts t ON t.session_uuid = s.uuid
       WHERE t.status = 'finished' AND t.max_score IS NOT NULL AND """
    + LEVEL,
    # per student, level and role: the first attempt (earliest start) ...
    """CREATE TEMP TABLE r_f ON COMMIT DROP AS
       SELECT DISTINCT ON (sid, level_id, role) sid, level_id, role, uuid, score, max_score
       FROM r_att ORDER BY sid, level_id, role, started_at, uuid""",
    # ... the best (highest %, then most points) ...
    """CREATE TEMP TABLE r_b ON COMMIT DROP AS
       SELECT DISTINCT ON (sid, level_id, role) sid, level_id, role, score, max_score
       FROM r_att ORDER BY sid, level_id, role,
            coalesce(score, 0)::float8 / greatest(max_score, 1) * 1e9 + coalesce(score, 0) DESC, started_at, uuid""",
    # ... and how many
    """CREATE TEMP TABLE r_sl ON COMMIT DROP AS
       SELECT n.sid, n.level_id, n.role, n.n, f.uuid AS first_uuid, f.score AS first_score, f.max_score AS first_max,
              b.score AS best_score, b.max_score AS best_max
       FROM (SELECT sid, level_id, role, count(*)::int AS n FROM r_att GROUP BY sid, level_id, role) n
       JOIN r_f f USING (sid, level_id, role) JOIN r_b b USING (sid, level_id, role)""",
    # tests (level, role) -> lv, with the sums for the test statistics over first attempts
    """CREATE TEMP TABLE r_lv ON COMMIT DROP AS
       SELECT row_number() OVER (ORDER BY level_id COLLATE "C", role COLLATE "C")::int AS lv, level_id, role,
              count(*)::int AS n, sum(coalesce(first_score, 0))::bigint AS st,
              sum(coalesce(first_score, 0)::bigint * coalesce(first_score, 0))::bigint AS stt, max(first_max) AS top
       FROM r_sl GROUP BY level_id, role""",
    """CREATE TEMP TABLE r_first ON COMMIT DROP AS
       SELECT g.first_uuid AS uuid, g.sid, l.lv, g.role = 'pre' AS pre, g.first_score AS score
       FROM r_sl g JOIN r_lv l USING (level_id, role)""",
    # pre/post per student and track: the first attempt in each role
    """CREATE TEMP TABLE r_gain ON COMMIT DROP AS
       SELECT DISTINCT ON (sid, track_id, role) sid, track_id, role, score, max_score
       FROM r_att WHERE role IN ('pre', 'post') ORDER BY sid, track_id, role, started_at, uuid""",
    # question ids -> qn: the catalogue's are copied in (COPY_Q) before r_ans is made
    "CREATE TEMP TABLE r_q (qn serial PRIMARY KEY, question_id text NOT NULL UNIQUE, topic text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE r_qd0 (question_id text NOT NULL, drug text NOT NULL) ON COMMIT DROP",
]
# after the catalogue is in r_q and r_qd0
SETUP_ANSWERS = [
    # scored answers of first attempts, each with the rest of the test (the attempt's score minus this item);
    # a question the catalogue no longer has keeps its id aside (qn NULL) until it is numbered below
    """CREATE TEMP TABLE r_ans ON COMMIT DROP AS
       SELECT f.lv, f.pre, f.sid, q.qn, CASE WHEN q.qn IS NULL THEN a.question_id END AS lost, a.chosen,
              a.correct, a.score, a.max_score, a.response_ms, coalesce(f.score - a.score, 0) AS rest
       FROM r_first f JOIN answers a ON a.attempt_uuid = f.uuid LEFT JOIN r_q q ON q.question_id = a.question_id
       WHERE a.max_score > 0""",
    """INSERT INTO r_q (question_id, topic)
       SELECT DISTINCT lost, 'unknown' FROM r_ans WHERE qn IS NULL ON CONFLICT (question_id) DO NOTHING""",
    "UPDATE r_ans SET qn = q.qn FROM r_q q WHERE r_ans.qn IS NULL AND q.question_id = r_ans.lost",
    """CREATE TEMP TABLE r_qd ON COMMIT DROP AS
       SELECT DISTINCT q.qn, d.drug FROM r_qd0 d JOIN r_q q USING (question_id)""",
]
TEMP_AS = re.compile(r"\s*CREATE TEMP TABLE (r_\w+) ON COMMIT DROP AS")
ANALYZE = {
    name: "ANALYZE " + name
    for name in (
        "r_ses0",
        "r_stu",
        "r_ses",
        "r_att",
        "r_f",
        "r_b",
        "r_sl",
        "r_lv",
        "r_reply",
        "r_first",
        "r_gain",
        "r_ans",
        "r_qd",
    )
}
COPY_Q = "COPY r_q (question_id, topic) FROM STDIN"
COPY_QD = "COPY r_qd0 (question_id, drug) FROM STDIN"

STUDENTS = "SELECT sid, class_code, nickname, age_group, sessions, finished, minutes FROM r_stu ORDER BY sid"
LEVELS = """SELECT sid, level_id, role, n, coalesce(first_score, 0), coalesce(first_max, 0), coalesce(best_score, 0),
                   coalesce(best_max, 0) FROM r_sl"""
TOPICS = """SELECT a.sid, q.topic, count(*)::int, sum(a.correct)::int FROM r_ans a JOIN r_q q ON q.qn = a.qn
            WHERE NOT a.pre GROUP BY a.sid, q.topic ORDER BY a.sid, q.topic COLLATE "C"
"""
DRUGS = """SELECT a.sid, d.drug, count(*)::int, sum(a.correct)::int FROM r_ans a JOIN r_qd d ON d.qn = a.qn
           WHERE NOT a.pre GROUP BY a.sid, d.drug ORDER BY a.sid, d.drug COLLATE "C"
"""
HITS = (
    """SELECT s.sid, e.data ->> 'drug', count(*)::int
          FROM events e JOIN attempts t ON t.uuid = e.attempt_uuid JOIN r_ses s ON s.uuid = t.session_uuid
          WHERE e.kind = 'hit' AND e.data ->> 'drug' IS NOT NULL AND """
    + LEVEL
    + """
          GROUP BY s.sid, e.data ->> 'drug'"""
)
# an item = lv * 10^6 + qn, as in the class report
ITEM_CELLS = """SELECT lv::bigint * 1000000 + qn, chosen, score, rest, count(*)::int, sum(correct)::int, max(max_score)
                FROM r_ans GROUP BY lv, qn, chosen, score, rest"""
MEDIANS = """SELECT lv::bigint * 1000000 + qn, percentile_cont(0.5) WITHIN GROUP (ORDER BY response_ms)
             FROM r_ans GROUP BY lv, qn"""
LEVEL_KEYS = "SELECT lv, level_id, role FROM r_lv"
QUESTION_KEYS = "SELECT qn, question_id FROM r_q"
TESTS = "SELECT level_id, role, n, st, stt, top FROM r_lv"
GAIN = """SELECT sid, track_id,
                 max(score) FILTER (WHERE role = 'pre'), max(max_score) FILTER (WHERE role = 'pre'),
                 max(score) FILTER (WHERE role = 'post'), max(max_score) FILTER (WHERE role = 'post')
          FROM r_gain GROUP BY sid, track_id"""
ANSWER_COUNT = "SELECT count(*) FROM r_att f JOIN answers a ON a.attempt_uuid = f.uuid"
WEEKS = (
    """
    WITH a AS (SELECT s.week, count(*)::int AS n, sum(t.score)::bigint AS points, sum(t.max_score)::bigint AS top
               FROM r_ses s JOIN attempts t ON t.session_uuid = s.uuid
               WHERE t.role IN ('level', 'post') AND t.status = 'finished' AND t.max_score IS NOT NULL
                 AND """
    + LEVEL
    + """
               GROUP BY s.week)
    SELECT s.week, count(DISTINCT s.sid)::int, count(*)::int, coalesce(max(a.n), 0), max(a.points), max(a.top)
    FROM r_ses s LEFT JOIN a USING (week) GROUP BY s.week ORDER BY s.week
"""
)
DEVICES = """SELECT site_id, count(*)::int, to_char(max(last_sync) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
             FROM devices GROUP BY site_id"""

# -- from the running totals (game/district/aggregate.py): the whole district, or one site --------------------
# the students come from their sessions as above (STUDENT_SETUP); everything per answer from the totals
SITE = " AND (%(site)s::text IS NULL OR site_id = %(site)s)"
T_LEVELS = """
    SELECT d.sid, a.attempts, a.first_score, a.first_max, a.best_score, a.best_max
    FROM agg_student a JOIN r_stu d ON d.class_code = a.site_id || '/' || a.class_code AND d.nickname = a.player_key
    WHERE (%(site)s::text IS NULL OR a.site_id = %(site)s)"""
T_TESTS = (
    """SELECT level_id, role, count(*)::int, sum(coalesce(first_score, 0))::bigint,
                    sum(coalesce(first_score, 0)::bigint * coalesce(first_score, 0))::bigint, max(first_max)
             FROM agg_group WHERE true"""
    + SITE
    + " GROUP BY level_id, role"
)
T_CELLS = (
    """SELECT level_id, role, question_id, chosen, score, rest, sum(n)::int, sum(correct)::int, max(max_score)
             FROM agg_cells WHERE n > 0"""
    + SITE
    + " GROUP BY level_id, role, question_id, chosen, score, rest"
)
T_CLASSES = (
    """SELECT site_id || '/' || class_code, question_id, sum(n)::int, sum(correct)::int
               FROM agg_class_q WHERE NOT pre AND n > 0"""
    + SITE
    + " GROUP BY 1, 2"
)
T_BUCKETS = (
    """SELECT level_id, role, question_id, bucket, sum(n)::int
               FROM agg_ms_bucket WHERE n > 0"""
    + SITE
    + " GROUP BY level_id, role, question_id, bucket"
)
T_TIMES = (
    """SELECT level_id, role, question_id, response_ms FROM agg_answers
             JOIN unnest(%(w_level)s::text[], %(w_role)s::text[], %(w_question)s::text[], %(w_bucket)s::int[])
                  AS w (level_id, role, question_id, bucket) USING (level_id, role, question_id)
             WHERE response_ms >> 7 = w.bucket"""
    + SITE
)
T_COUNT = "SELECT coalesce(sum(answers), 0)::int FROM agg_group WHERE true" + SITE
T_GAIN = """
    SELECT d.sid, g.track_id, g.pre_score, g.pre_max, g.post_score, g.post_max
    FROM agg_gain g JOIN r_stu d ON d.class_code = g.site_id || '/' || g.class_code AND d.nickname = g.player_key
    WHERE (%(site)s::text IS NULL OR g.site_id = %(site)s)"""


def _params(filters: Filters, site: str | None, tz: str, catalog: Any = None) -> dict[str, Any]:
    # no bound is NULL, not "" or "~": under a server's ICU or glibc collation "~" does not sort after digits
    params: dict[str, Any] = {
        "class_code": filters.class_code,
        "age_group": filters.age_group,
        "start": filters.start or None,
        "end": filters.end or None,
        "track_id": filters.track_id,
        "level_id": filters.level_id,
        "mode": filters.mode,
        "site": site,
        "tz": tz,
        "scenarios": [],
    }
    if catalog is not None:  # the refusal-skill rows (game/district/insight.py): the scenarios and their replies
        params["scenarios"] = sorted(lid for lid, level in catalog.levels.items() if level.type == "scenario")
        params.update(insight.reply_params(catalog))
    return params


class _Reader:
    """Statements on one cursor, each timed under a name when timings are asked for."""

    def __init__(self, cur: Any, params: dict[str, Any], timings: dict[str, float] | None):
        self.cur, self.params, self.timings = cur, params, timings

    def _clock(self, name: str, t0: float) -> None:
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0

    def rows(self, name: str, sql: str, make: Any = None, args: Any = None) -> list[Any]:
        t0 = time.perf_counter()
        self.cur.execute(sql, args if args is not None else (self.params if "%(" in sql else None))
        result = [make(*r) for r in self.cur] if make else self.cur.fetchall()
        self._clock(name, t0)
        return result

    def setup(self, statements: list[str]) -> None:
        for sql in statements:
            t0 = time.perf_counter()
            self.cur.execute(sql, self.params if "%(" in sql else None)
            made = TEMP_AS.match(sql)
            if made:  # the planner knows nothing of a new table: without statistics it can pick a join 1000x slower
                self.cur.execute(ANALYZE[made.group(1)])
            self._clock("setup:" + (made.group(1) if made else "other"), t0)

    def students(self, rows: Rows) -> dict[int, tuple[str, str]]:
        """rows.students, and the names of each student number."""
        names: dict[int, tuple[str, str]] = {}

        def student(sid: int, class_code: str, nickname: str, *rest: Any) -> StudentRow:
            names[sid] = (class_code, nickname)
            return StudentRow(class_code, nickname, *rest)

        rows.students = self.rows("students", STUDENTS, student)
        return names


def fetch_rows(
    conn: Any,
    filters: Filters,
    topics: dict[str, str],
    drugs: dict[str, Iterable[str]],
    site: str | None = None,
    tz: str = "Asia/Shanghai",
    timings: dict[str, float] | None = None,
    catalog: Any = None,
) -> tuple[Rows, list[tuple], dict[str, tuple[int, str]]]:
    """The report's Rows at the district grain (see model.ALL_LEVELS), the weekly rows and the devices per site.

    The whole district or one site reads the running totals (aggregate.py), brought up to date first;
    any other filter (a class, an age group, dates, a track, a level) recomputes from every answer.
    """
    from game.district import aggregate

    if filters == Filters():
        for _ in range(3):
            aggregate.refresh(conn, timings)
            found = _from_totals(conn, topics, drugs, _params(filters, site, tz, catalog), timings)
            if found is not None:
                return found
        # syncs keep changing rows faster than this report can catch up: count from the answers themselves
    rows, weeks, devices = _recomputed(conn, filters, topics, drugs, _params(filters, site, tz, catalog), timings)
    return district_grain(rows), weeks, devices


def _from_totals(
    conn: Any,
    topics: dict[str, str],
    drugs: dict[str, Iterable[str]],
    params: dict[str, Any],
    timings: dict[str, float] | None,
) -> tuple[Rows, list[tuple], dict[str, tuple[int, str]]] | None:
    """Rows from the running totals, or None if rows changed since the last refresh (read them again)."""
    from game.store.reports import item_rows, medians_from, middle_ranks

    rows = Rows()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        read = _Reader(cur, params, timings)
        if read.rows("fresh", "SELECT EXISTS (SELECT 1 FROM agg_dirty) OR EXISTS (SELECT 1 FROM agg_dirty_student)")[0][
            0
        ]:
            return None
        read.setup(STUDENT_SETUP)
        names = read.students(rows)
        rows.levels = read.rows(
            "levels", T_LEVELS, lambda sid, *rest: StudentLevelRow(*names[sid], ALL_LEVELS, "level", *rest)
        )
        # items: numbered (level, role, question) keys, as the class report's
        cells = read.rows("items", T_CELLS)
        numbers: dict[tuple[str, str, str], int] = {}
        for level_id, role, qid, *_ in cells:
            numbers.setdefault((level_id, role, qid), len(numbers))
        keys = {n: key for key, n in numbers.items()}
        buckets: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for level_id, role, qid, b, n in read.rows("medians", T_BUCKETS):
            if (level_id, role, qid) in numbers:
                buckets[numbers[(level_id, role, qid)]].append((b, n))
        wanted = middle_ranks(buckets)
        want = [(*keys[item], b) for item, where in wanted.items() for b in sorted({b for b, _ in where})]
        times = read.rows(
            "medians",
            T_TIMES,
            args={
                **params,
                "w_level": [w[0] for w in want],
                "w_role": [w[1] for w in want],
                "w_question": [w[2] for w in want],
                "w_bucket": [w[3] for w in want],
            },
        )
        medians = medians_from(wanted, ((numbers[(lv, role, qid)], ms) for lv, role, qid, ms in times))
        rows.items, rows.options = item_rows(
            [(numbers[(lv, role, qid)], *rest) for lv, role, qid, *rest in cells], keys, medians
        )
        quizzes = {(lv, role) for lv, role, _ in keys.values()}
        rows.tests = [
            TestRow(lv, role, n, float(st), float(stt), top or 0)
            for lv, role, n, st, stt, top in read.rows("tests", T_TESTS)
            if (lv, role) in quizzes
        ]
        # topics and drugs per class, from each class's answers per question
        topic_totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        drug_totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for class_code, qid, n, ok in read.rows("topics", T_CLASSES):
            for totals, key in [
                (topic_totals, topics.get(qid, "unknown")),
                *((drug_totals, d) for d in drugs.get(qid, ())),
            ]:
                cell = totals[(class_code, key)]
                cell[0] += n
                cell[1] += ok
        rows.topics = [MasteryRow(c, CLASS_TOTAL, k, n, ok) for (c, k), (n, ok) in sorted(topic_totals.items())]
        rows.drugs = [MasteryRow(c, CLASS_TOTAL, k, n, ok) for (c, k), (n, ok) in sorted(drug_totals.items())]
        rows.gain = read.rows("gain", T_GAIN, lambda sid, *rest: GainRow(*names[sid], *rest))
        rows.answers = read.rows("count", T_COUNT)[0][0]
        replies, attempts = insight.counts(read, totals=True)  # refusal skills
        rows.insight = InsightRows(reply_counts=replies, attempt_counts=attempts)
        weeks = read.rows("weeks", WEEKS)
        devices = {s: (n, last) for s, n, last in read.rows("devices", DEVICES)}
    return rows, weeks, devices


def _recomputed(
    conn: Any,
    filters: Filters,
    topics: dict[str, str],
    drugs: dict[str, Iterable[str]],
    params: dict[str, Any],
    timings: dict[str, float] | None,
) -> tuple[Rows, list[tuple], dict[str, tuple[int, str]]]:
    """The class report's own Rows (student grain), worked out from every answer in the filter."""
    from game.store.reports import item_rows

    rows = Rows()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        read = _Reader(cur, params, timings)
        read.setup(SETUP)
        with cur.copy(COPY_Q) as pipe:
            for row in sorted(topics.items()):
                pipe.write_row(row)
        with cur.copy(COPY_QD) as pipe:
            for qid, ds in sorted(drugs.items()):
                for drug in ds:
                    pipe.write_row((qid, drug))
        read.setup(SETUP_ANSWERS)
        names = read.students(rows)
        rows.levels = read.rows("levels", LEVELS, lambda sid, *rest: StudentLevelRow(*names[sid], *rest))
        rows.topics = read.rows("topics", TOPICS, lambda sid, key, n, ok: MasteryRow(*names[sid], key, n, ok))
        rows.drugs = read.rows("drugs", DRUGS, lambda sid, key, n, ok: MasteryRow(*names[sid], key, n, ok))
        rows.hits = read.rows("hits", HITS, lambda sid, drug, n: HitRow(*names[sid], drug, n))
        cells = read.rows("items", ITEM_CELLS)
        levels = {lv: (level_id, role) for lv, level_id, role in read.rows("items", LEVEL_KEYS)}
        questions = dict(read.rows("items", QUESTION_KEYS))
        keys = {item: (*levels[item // 1000000], questions[item % 1000000]) for item in {c[0] for c in cells}}
        medians = {item: float(m) for item, m in read.rows("medians", MEDIANS)}
        rows.items, rows.options = item_rows(cells, keys, medians)
        quizzes = {(lv, role) for lv, role, _ in keys.values()}
        rows.tests = [
            TestRow(lv, role, n, float(st), float(stt), top or 0)
            for lv, role, n, st, stt, top in read.rows("tests", TESTS)
            if (lv, role) in quizzes
        ]
        rows.gain = read.rows("gain", GAIN, lambda sid, *rest: GainRow(*names[sid], *rest))
        rows.answers = read.rows("count", ANSWER_COUNT)[0][0]
        replies, attempts = insight.counts(read, totals=False)  # refusal skills
        rows.insight = InsightRows(reply_counts=replies, attempt_counts=attempts)
        weeks = read.rows("weeks", WEEKS)
        devices = {s: (n, last) for s, n, last in read.rows("devices", DEVICES)}
    return rows, weeks, devices


def district_grain(rows: Rows) -> Rows:
    """Student-grain Rows brought to the district grain: each student's level rows summed as students()
    sums them, topics and drugs per class, no per-student hits."""
    from game.reports.build import SCORED_ROLES

    sums: dict[tuple[str, str], list[int]] = {}
    for r in rows.levels:
        total = sums.setdefault((r.class_code, r.nickname), [0, 0, 0, 0, 0])
        total[0] += r.attempts
        if r.role in SCORED_ROLES:
            total[1] += r.first_score
            total[2] += r.first_max
            total[3] += r.best_score
            total[4] += r.best_max

    def per_class(masteries: list[MasteryRow]) -> list[MasteryRow]:
        totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for m in masteries:
            totals[(m.class_code, m.key)][0] += m.n
            totals[(m.class_code, m.key)][1] += m.correct
        return [MasteryRow(c, CLASS_TOTAL, k, n, ok) for (c, k), (n, ok) in sorted(totals.items())]

    return dataclasses.replace(
        rows,
        levels=[StudentLevelRow(c, n, ALL_LEVELS, "level", *t) for (c, n), t in sums.items()],
        topics=per_class(rows.topics),
        drugs=per_class(rows.drugs),
        hits=[],
    )


def _site(class_code: str) -> str:
    return class_code.split("/", 1)[0]


def district_view(
    report: Report, rows: Rows, weeks: list[tuple], devices: dict[str, tuple[int, str]], thresholds: Thresholds, tz: str
) -> District:
    """Sites and age groups through overview(); city-wide topics and drugs through mastery()."""
    from game.reports.build import mastery, overview

    def grouped(key: Any) -> list:
        return overview(rows.students, report.students, thresholds, key)[1:]

    def city(masteries: list[MasteryRow]) -> list:
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for m in masteries:
            totals[m.key][0] += m.n
            totals[m.key][1] += m.correct
        out = [m for m in mastery(MasteryRow("", "", k, n, ok) for k, (n, ok) in totals.items()) if m.nickname is None]
        return sorted(out, key=lambda m: (m.percent if m.percent is not None else 101.0, m.key))

    return District(
        sites=grouped(lambda r: _site(r.class_code)),
        age_groups=grouped(attrgetter("age_group")),
        topics=city(rows.topics),
        drugs=city(rows.drugs),
        weeks=[
            Week(w, students, sessions, attempts, 100.0 * points / top if top else None)
            for w, students, sessions, attempts, points, top in weeks
        ],
        devices={s: n for s, (n, _) in devices.items()},
        last_sync={s: last for s, (_, last) in devices.items()},
        timezone=tz,
    )


def class_filter(filters: Filters, site: str | None) -> tuple[Filters, str | None]:
    """A class as the district report shows it, `site/class`, is that site's class (a site id has no `/`)."""
    from game.district.identity import IdentityError, check_site_id

    code = filters.class_code
    if not code or "/" not in code:
        return filters, site
    prefix, rest = code.split("/", 1)
    if site is None:
        try:
            check_site_id(prefix)
        except IdentityError:
            return filters, site
        return dataclasses.replace(filters, class_code=rest), prefix
    if prefix == site:
        return dataclasses.replace(filters, class_code=rest), site
    return filters, site


def build_district_report(
    url: str,
    catalog: Any,
    filters: Filters = Filters(),
    site: str | None = None,
    thresholds: Thresholds | None = None,
    now: str | None = None,
    tz: str = "Asia/Shanghai",
    timings: dict[str, float] | None = None,
) -> Report:
    """Connect, fetch the rows, and build the report with the class report's build()."""
    import gc

    from game.district import server as srv
    from game.reports import skills
    from game.reports.build import build

    thresholds = thresholds or Thresholds()
    filters, site = class_filter(filters, site)
    topics = {qid: q.topic for qid, q in catalog.questions.items()}
    drugs = {qid: q.drugs for qid, q in catalog.questions.items() if q.drugs}
    generated = now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    conn = srv.connect(url)
    paused = gc.isenabled()
    gc.disable()
    try:
        srv.ready(conn, url, 0)
        rows, weeks, devices = fetch_rows(conn, filters, topics, drugs, site, tz, timings, catalog)
        t0 = time.perf_counter()
        report = build(rows, catalog, filters, thresholds, generated)
        report.district = district_view(report, rows, weeks, devices, thresholds, tz)
        found = rows.insight or InsightRows()
        report.skills = skills.district(found.reply_counts, found.attempt_counts, catalog)
        report.meta["district"] = {"server": srv.shown(url), "site": site}
        if timings is not None:
            timings["build"] = time.perf_counter() - t0
        return report
    except srv.driver().Error as exc:
        raise srv.ServerError(f"{srv.shown(url)}: the district report failed ({srv.first_line(exc)})") from None
    finally:
        if paused:
            gc.enable()
        conn.close()
