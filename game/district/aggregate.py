"""The district report's running totals on the server, kept up to date as rows arrive.

Recomputing a report from every answer costs a pass over all of them (a million answers took
12-20 s here); the district wants its overview in seconds however many answers the city has. So
the server keeps the totals the report needs, and each refresh redoes only the students whose
attempts or answers changed:

- triggers (server migration 2) note in `agg_dirty` every attempt whose row or answers were
  inserted or updated; and in `agg_dirty_student` a student whose rows
  moved to another key (a session re-sent by another site's device, a player re-sent with another
  key), so that what was counted under the old key is taken out;
- refresh() takes those attempts, finds their groups (student = site, class code and player key;
  level; role) and recomputes each group from all its finished, scored attempts: how many, the
  first (earliest start), the best (highest %, then most points), answers in all (`agg_group`),
  and each of those students' totals over their groups (`agg_student`) and first pre- and post-test
  per track (`agg_gain`);
- the scenario groups' first attempts keep their replies in the order given (`agg_scenario`, for the
  district's refusal skills), rewritten with their groups;
- the ledger `agg_answers` holds exactly the answers the totals count: the scored answers of each
  group's first attempt, with the rest score (attempt score minus this answer) used at the time.
  A refreshed group's old ledger rows come out and are subtracted, its new first attempt's answers
  go in and are added (`agg_cells`, `agg_class_q`, `agg_ms_bucket`). So the totals are always the
  sum of the ledger, in whatever order rows are inserted or updated (an attempt that finishes
  later, an earlier attempt synced from another device, a sync killed halfway, a refresh running
  while another sync has not committed: its marks are a log, committed with its rows);
- one refresh at a time (a transaction-level advisory lock), in one transaction: it is done
  completely or not at all, and the dirty marks it took go back if it fails.

What is not followed: rows deleted on the server, or moved by hand to another session, level, role
or attempt (the game and the sync never do either). After such an edit, recount everything:
TRUNCATE the agg_ tables and INSERT INTO agg_dirty SELECT uuid FROM attempts (the next refresh counts it).

sync() refreshes after each run; the district report refreshes what is left before it reads (so it
may wait for a refresh another sync is running) and then reads only totals, not every answer.
tests/test_district.py checks the totals against a full recount after concurrent syncs, a stopped
sync, earlier attempts arriving later from another device, an attempt that finishes after it was
synced, rows re-sent under another site, and a refresh while another writer has not committed.
"""

from __future__ import annotations

import time
from typing import Any

# refreshes take pg_advisory_xact_lock(7306), one at a time (7305 is --init's)

REFRESH = [
    "SET LOCAL work_mem = '256MB'",
    "SET LOCAL jit = off",
    "SELECT pg_advisory_xact_lock(7306)",
    # the marks this refresh takes: those committed by now (a mark is committed with the rows it marks; one
    # made meanwhile by another transaction stays for the next refresh)
    "CREATE TEMP TABLE x_att (uuid uuid NOT NULL) ON COMMIT DROP",
    "WITH d AS (DELETE FROM agg_dirty RETURNING attempt_uuid) INSERT INTO x_att SELECT DISTINCT attempt_uuid FROM d",
    "ANALYZE x_att",
    # and the students whose rows moved to another key (their groups under the old key are recounted: to nothing)
    "CREATE TEMP TABLE x_moved (site_id text, class_code text, player_key text) ON COMMIT DROP",
    "WITH d AS (DELETE FROM agg_dirty_student RETURNING *) INSERT INTO x_moved SELECT DISTINCT * FROM d",
    "ANALYZE x_moved",
    # their groups, numbered (gid), and their students (stid)
    """CREATE TEMP TABLE x_key ON COMMIT DROP AS
       SELECT row_number() OVER ()::int AS gid, dense_rank() OVER (ORDER BY site_id, class_code, player_key)::int AS stid, *
       FROM (SELECT s.site_id, p.class_code, p.player_key, t.level_id, t.role
             FROM x_att x JOIN attempts t ON t.uuid = x.uuid JOIN sessions s ON s.uuid = t.session_uuid
             JOIN players p ON p.uuid = s.player_uuid
             UNION
             SELECT g.site_id, g.class_code, g.player_key, g.level_id, g.role
             FROM x_moved m JOIN agg_group g USING (site_id, class_code, player_key)) k""",
    "ANALYZE x_key",
    "CREATE TEMP TABLE x_stu ON COMMIT DROP AS SELECT DISTINCT stid, site_id, class_code, player_key FROM x_key",
    "ANALYZE x_stu",
    # the sessions of those students
    """CREATE TEMP TABLE x_ses ON COMMIT DROP AS
       SELECT s.uuid, s.track_id, k.stid
       FROM x_stu k
       JOIN players p ON p.player_key = k.player_key AND p.class_code = k.class_code
       JOIN sessions s ON s.player_uuid = p.uuid AND s.site_id = k.site_id""",
    "ANALYZE x_ses",
    # every finished, scored attempt of the groups, numbered first (earliest start) and best (highest %,
    # then most points) within its group, as game/store/reports.py picks them
    """CREATE TEMP TABLE x_all ON COMMIT DROP AS
       SELECT k.gid, t.uuid, t.score, t.max_score,
              row_number() OVER (PARTITION BY k.gid ORDER BY t.started_at, t.uuid) AS k_first,
              row_number() OVER (PARTITION BY k.gid ORDER BY
                  coalesce(t.score, 0)::float8 / greatest(t.max_score, 1) * 1e9 + coalesce(t.score, 0) DESC,
                  t.started_at, t.uuid) AS k_best
       FROM x_ses s
       JOIN attempts t ON t.session_uuid = s.uuid
       JOIN x_key k ON k.stid = s.stid AND k.level_id = t.level_id AND k.role = t.role
       WHERE t.status = 'finished' AND t.max_score IS NOT NULL""",
    "ANALYZE x_all",
    # the groups anew: how many attempts and answers, the first and the best
    """CREATE TEMP TABLE x_new ON COMMIT DROP AS
       SELECT k.*, g.n, coalesce(a.answers, 0) AS answers, g.first_uuid, g.first_score, g.first_max, g.best_score,
              g.best_max
       FROM (SELECT gid, count(*)::int AS n,
                    (array_agg(uuid) FILTER (WHERE k_first = 1))[1] AS first_uuid,
                    max(score) FILTER (WHERE k_first = 1) AS first_score,
                    max(max_score) FILTER (WHERE k_first = 1) AS first_max,
                    max(score) FILTER (WHERE k_best = 1) AS best_score,
                    max(max_score) FILTER (WHERE k_best = 1) AS best_max
             FROM x_all GROUP BY gid) g
       JOIN x_key k USING (gid)
       LEFT JOIN (SELECT x.gid, count(*)::int AS answers FROM x_all x JOIN answers a ON a.attempt_uuid = x.uuid
                  GROUP BY x.gid) a USING (gid)""",
    "ANALYZE x_new",
    # the ledger: the old first attempts' answers out, the new ones' in, and the totals moved by both
    # (one statement: the rows pass once, in memory; a total that falls to 0 stays as a row with n = 0)
    """WITH gone AS (
            DELETE FROM agg_answers a
            USING (SELECT g.first_uuid FROM agg_group g JOIN x_key k USING (site_id, class_code, player_key, level_id, role)) o
            WHERE a.attempt_uuid = o.first_uuid
            RETURNING a.site_id, a.class_code, a.level_id, a.role, a.question_id, a.chosen, a.score, a.rest,
                      a.max_score, a.correct, a.response_ms),
        added AS (
            INSERT INTO agg_answers (attempt_uuid, site_id, class_code, level_id, role, question_id, chosen, score,
                                     rest, max_score, correct, response_ms)
            SELECT f.first_uuid, f.site_id, f.class_code, f.level_id, f.role, a.question_id, a.chosen, a.score,
                   coalesce(f.first_score - a.score, 0), a.max_score, a.correct, a.response_ms
            FROM x_new f JOIN answers a ON a.attempt_uuid = f.first_uuid
            WHERE a.max_score > 0
            ORDER BY f.first_uuid
            RETURNING site_id, class_code, level_id, role, question_id, chosen, score, rest, max_score, correct,
                      response_ms),
        d AS (SELECT *, -1 AS sign FROM gone UNION ALL SELECT *, 1 FROM added),
        cells AS (
            INSERT INTO agg_cells (level_id, role, question_id, chosen, score, rest, max_score, site_id, n, correct)
            SELECT level_id, role, question_id, chosen, score, rest, max_score, site_id, sum(sign), sum(sign * correct)
            FROM d GROUP BY level_id, role, question_id, chosen, score, rest, max_score, site_id
            ON CONFLICT (level_id, role, question_id, chosen, score, rest, max_score, site_id) DO UPDATE
            SET n = agg_cells.n + excluded.n, correct = agg_cells.correct + excluded.correct),
        classes AS (
            INSERT INTO agg_class_q (site_id, class_code, pre, question_id, n, correct)
            SELECT site_id, class_code, role = 'pre', question_id, sum(sign), sum(sign * correct)
            FROM d GROUP BY site_id, class_code, role = 'pre', question_id
            ON CONFLICT (site_id, class_code, pre, question_id) DO UPDATE
            SET n = agg_class_q.n + excluded.n, correct = agg_class_q.correct + excluded.correct)
        INSERT INTO agg_ms_bucket (level_id, role, question_id, bucket, site_id, n)
        SELECT level_id, role, question_id, response_ms >> 7, site_id, sum(sign)
        FROM d GROUP BY level_id, role, question_id, response_ms >> 7, site_id
        ON CONFLICT (level_id, role, question_id, bucket, site_id) DO UPDATE SET n = agg_ms_bucket.n + excluded.n""",
    # the scenario groups' replies, in the order given (game/district/insight.py reads them)
    """DELETE FROM agg_scenario s USING x_key k
       WHERE (s.site_id, s.class_code, s.player_key, s.level_id, s.role) = (k.site_id, k.class_code, k.player_key, k.level_id, k.role)""",
    """INSERT INTO agg_scenario
       SELECT n.site_id, n.class_code, n.player_key, n.level_id, n.role,
              string_agg(a.question_id || '=' || a.chosen || '=' || a.correct, ',' ORDER BY a.answered_at, a.uuid)
       FROM x_new n JOIN attempts t ON t.uuid = n.first_uuid JOIN answers a ON a.attempt_uuid = n.first_uuid
       WHERE t.level_type = 'scenario' AND a.max_score > 0
       GROUP BY n.site_id, n.class_code, n.player_key, n.level_id, n.role""",
    # and the groups themselves
    """DELETE FROM agg_group g USING x_key k
       WHERE (g.site_id, g.class_code, g.player_key, g.level_id, g.role) = (k.site_id, k.class_code, k.player_key, k.level_id, k.role)""",
    """INSERT INTO agg_group SELECT site_id, class_code, player_key, level_id, role, n, answers, first_uuid, first_score,
                                   first_max, best_score, best_max
       FROM x_new ORDER BY site_id, class_code, player_key, level_id, role""",
    # and their students' totals, summed as the class report's students() sums a student's levels
    """DELETE FROM agg_student s USING x_stu k
       WHERE (s.site_id, s.class_code, s.player_key) = (k.site_id, k.class_code, k.player_key)""",
    """INSERT INTO agg_student
       SELECT site_id, class_code, player_key, sum(g.n),
              coalesce(sum(coalesce(g.first_score, 0)) FILTER (WHERE g.role IN ('level', 'post')), 0),
              coalesce(sum(coalesce(g.first_max, 0)) FILTER (WHERE g.role IN ('level', 'post')), 0),
              coalesce(sum(coalesce(g.best_score, 0)) FILTER (WHERE g.role IN ('level', 'post')), 0),
              coalesce(sum(coalesce(g.best_max, 0)) FILTER (WHERE g.role IN ('level', 'post')), 0)
       FROM agg_group g JOIN x_stu k USING (site_id, class_code, player_key)
       GROUP BY site_id, class_code, player_key ORDER BY site_id, class_code, player_key""",
    # and their pre- and post-tests per track: the first finished attempt of each
    """DELETE FROM agg_gain g USING x_stu k
       WHERE (g.site_id, g.class_code, g.player_key) = (k.site_id, k.class_code, k.player_key)""",
    """INSERT INTO agg_gain
       SELECT k.site_id, k.class_code, k.player_key, f.track_id,
              max(f.score) FILTER (WHERE f.role = 'pre'), max(f.max_score) FILTER (WHERE f.role = 'pre'),
              max(f.score) FILTER (WHERE f.role = 'post'), max(f.max_score) FILTER (WHERE f.role = 'post')
       FROM (SELECT DISTINCT ON (s.stid, s.track_id, t.role) s.stid, s.track_id, t.role, t.score, t.max_score
             FROM x_ses s JOIN attempts t ON t.session_uuid = s.uuid
             WHERE t.role IN ('pre', 'post') AND t.status = 'finished' AND t.max_score IS NOT NULL
             ORDER BY s.stid, s.track_id, t.role, t.started_at, t.uuid) f
       JOIN x_stu k USING (stid)
       GROUP BY k.site_id, k.class_code, k.player_key, f.track_id""",
]


def refresh(conn: Any, timings: dict[str, float] | None = None) -> int:
    """Bring the totals up to date in one transaction; returns how many groups it recomputed."""
    clock = time.perf_counter
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM agg_dirty) OR EXISTS (SELECT 1 FROM agg_dirty_student)")
        if not cur.fetchone()[0]:
            return 0
        for sql in REFRESH:
            t0 = clock()
            cur.execute(sql)
            if timings is not None:
                key = "refresh:" + " ".join(sql.split()[:4])[:40]
                timings[key] = timings.get(key, 0.0) + clock() - t0
        cur.execute("SELECT count(*) FROM x_key")
        return cur.fetchone()[0]
