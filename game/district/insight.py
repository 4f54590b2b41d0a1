"""The district report's refusal-skill rows: the replies picked on first attempts at scenarios, summed on the
server per site and age group (a few hundred rows, whatever the size of the district).

Read inside the district report's transaction (game/district/report.py), after its student setup (r_stu:
each student with their age group):

- over the whole district or one site, from the running totals: `agg_scenario` keeps each student's first
  attempt at each scenario level with its replies in the order given (game/district/aggregate.py rewrites
  it with the student's groups at each refresh), about one row per student and scenario;
- with any other filter, from the report's own first attempts (r_first) and their answers.

Each reply is named by its skill from the content's list of replies (handed in as arrays; a reply the
content no longer has is left out). Per attempt the SQL finds the first unsafe reply, whether a decision
came after it, and the skill of the first safe reply after it (learning within the scenario), as
game/reports/skills.py does for a class.
"""

from __future__ import annotations

from typing import Any

from game.reports.insight import AttemptCount, ReplyCount

# a reply's skill, looked up by "<decision point>=<reply>" in the content's list of replies (a few dozen: a search
# in C beats any join the planner could pick for a function's rows); in agg_scenario that key is each reply's
# text without its last two characters ("=1" or "=0": safe or not)
SKILL_OF_TOTALS = "(%(r_skill)s::text[])[array_position(%(r_key)s::text[], left(e.reply, -2))]"
SKILL_OF_ANSWER = "(%(r_skill)s::text[])[array_position(%(r_key)s::text[], a.question_id || '=' || a.chosen)]"
FROM_TOTALS = (
    """
    CREATE TEMP TABLE r_reply ON COMMIT DROP AS
    SELECT * FROM (
        SELECT s.site_id, s.age_group, s.attempt, e.ord, split_part(e.reply, '=', 1) AS question_id,
               split_part(e.reply, '=', 2) AS chosen, split_part(e.reply, '=', 3)::int AS correct,
               """
    + SKILL_OF_TOTALS
    + """ AS skill
        FROM (SELECT row_number() OVER () AS attempt, g.site_id, d.age_group, g.replies
              FROM agg_scenario g
              JOIN r_stu d ON d.class_code = g.site_id || '/' || g.class_code AND d.nickname = g.player_key
              WHERE g.role = 'level' AND (%(site)s::text IS NULL OR g.site_id = %(site)s)) s
        CROSS JOIN LATERAL unnest(string_to_array(s.replies, ',')) WITH ORDINALITY AS e (reply, ord)
    ) r WHERE skill IS NOT NULL
"""
)
FROM_ANSWERS = (
    """
    CREATE TEMP TABLE r_reply ON COMMIT DROP AS
    SELECT * FROM (
        SELECT split_part(d.class_code, '/', 1) AS site_id, d.age_group, f.uuid AS attempt,
               row_number() OVER (PARTITION BY f.uuid ORDER BY a.answered_at, a.uuid) AS ord, a.question_id, a.chosen,
               a.correct, """
    + SKILL_OF_ANSWER
    + """ AS skill
        FROM r_first f JOIN r_lv l USING (lv) JOIN r_stu d USING (sid)
        JOIN answers a ON a.attempt_uuid = f.uuid
        WHERE l.level_id = ANY(%(scenarios)s) AND l.role = 'level' AND a.max_score > 0
    ) r WHERE skill IS NOT NULL
"""
)
REPLIES = """
    SELECT site_id, age_group, question_id, chosen, correct = 1, count(*)::int
    FROM r_reply GROUP BY site_id, age_group, question_id, chosen, correct
    ORDER BY site_id, age_group, question_id, chosen, correct
"""
ATTEMPTS = """
    WITH t AS (SELECT attempt, site_id, age_group, min(ord) FILTER (WHERE correct = 0) AS unsafe, max(ord) AS last
               FROM r_reply GROUP BY attempt, site_id, age_group),
         back AS (SELECT DISTINCT ON (x.attempt) x.attempt, x.skill
                  FROM r_reply x JOIN t USING (attempt)
                  WHERE x.correct = 1 AND x.ord > t.unsafe ORDER BY x.attempt, x.ord)
    SELECT t.site_id, t.age_group, coalesce(t.last > t.unsafe, false), b.skill, count(*)::int
    FROM t LEFT JOIN back b USING (attempt)
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
"""


def reply_params(catalog: Any) -> dict[str, list]:
    """Every scenario reply the content has, "<decision point>=<reply>", and its skill ("none" without one)."""
    keys = [
        (f"{qid}={choice}", skill or "none")
        for qid, replies in sorted(catalog.choice_skills.items())
        for choice, skill in sorted(replies.items())
    ]
    return {"r_key": [k[0] for k in keys], "r_skill": [k[1] for k in keys]}


def counts(read: Any, totals: bool) -> tuple[list[ReplyCount], list[AttemptCount]]:
    """read: the report's statement reader; its params carry `scenarios` (the scenario level ids), `site` and the
    reply table of reply_params()."""
    if not read.params.get("scenarios"):
        return [], []
    read.setup([FROM_TOTALS if totals else FROM_ANSWERS])
    replies = read.rows("skills", REPLIES, lambda *r: ReplyCount(*r))
    attempts = read.rows("skills", ATTEMPTS, lambda *r: AttemptCount(*r))
    return replies, attempts
