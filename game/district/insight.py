"""The district report's refusal-skill rows: the replies picked on first attempts at scenarios, per student.

Read inside the district report's transaction (game/district/report.py), after its student setup (r_stu):

- over the whole district or one site, from the running totals' ledger (agg_answers: the scored answers of
  each student's first attempt at each level, kept by game/district/aggregate.py), joined to the groups
  (agg_group) for the student. The ledger is read for the scenario levels only: at 1,000,000 answers
  that is about one answer in ten, a sequential pass over the ledger and a hash join (no new totals to
  keep, so nothing for a sync to refresh);
- with any other filter, from the report's own first attempts (r_first) and their answers.

The ledger keeps no answer times, so the replies of an attempt are put in the order the scenario's
graph allows (game.reports.catalog: `choice_order`), which is the order they were picked on any path.
"""

from __future__ import annotations

from typing import Any

from game.reports.insight import ChoiceRow

FROM_TOTALS = """
    SELECT d.sid, x.attempt_uuid::text, x.question_id, x.chosen, x.correct
    FROM agg_answers x
    JOIN agg_group g ON g.first_uuid = x.attempt_uuid AND g.level_id = x.level_id AND g.role = x.role
    JOIN r_stu d ON d.class_code = g.site_id || '/' || g.class_code AND d.nickname = g.player_key
    WHERE x.level_id = ANY(%(scenarios)s) AND x.role = 'level' AND (%(site)s::text IS NULL OR x.site_id = %(site)s)
"""
FROM_ANSWERS = """
    SELECT f.sid, f.uuid::text, a.question_id, a.chosen, a.correct
    FROM r_first f JOIN r_lv l USING (lv) JOIN answers a ON a.attempt_uuid = f.uuid
    WHERE l.level_id = ANY(%(scenarios)s) AND l.role = 'level' AND a.max_score > 0
"""


def choices(read: Any, names: dict[int, tuple[str, str]], totals: bool) -> list[ChoiceRow]:
    """read: the report's statement reader (its params carry `scenarios`, the scenario level ids, and `site`)."""
    if not read.params.get("scenarios"):
        return []
    return read.rows("skills", FROM_TOTALS if totals else FROM_ANSWERS, lambda sid, attempt, qid, chosen, correct:
                     ChoiceRow(*names[sid], attempt, qid, chosen, bool(correct)))
