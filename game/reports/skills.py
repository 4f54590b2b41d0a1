"""Refusal-skill profiles: which replies a class and each student reach for in the refusal scenarios.

Every scenario reply in the content names the refusal skill it uses (say no, give a reason, change the
subject, leave, tell a trusted adult) or none. From the replies picked on first attempts this gives,
per group (everyone, a class, a student; in a district also a site and an age group):

- choices by skill: for each skill, how often a reply using it was on offer, how often it was picked,
  its share of all safe replies picked (the repertoire: a class that only ever says "no thanks" needs
  practice in leaving and in telling an adult) and its uptake (picked / on offer);
- learning within the scenario: of the attempts where an unsafe reply still had a decision after it,
  how many picked a safe reply later on, and with which skill the first one;
- the lines that most often led to an unsafe reply (each decision point's unsafe share).

Pure functions over ChoiceRows (game.reports.insight); no SQL, no pygame.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from game.reports.insight import ChoiceRow, PersuasionLine, SkillCount, SkillProfile, Skills

# the skills in the order the content and the game teach them (game.content.levels.scenario.SKILLS; a test
# keeps the two equal); a skill the content names beyond these comes after them, then NONE
SKILL_ORDER = ("say_no", "give_reason", "change_subject", "leave", "tell_adult")
NONE = "none"  # a reply that uses no skill (every unsafe reply in the shipped content)
TOP_LINES = 10  # lines kept per scope


def skill_order(catalog: Any) -> tuple[str, ...]:
    named = {s for replies in catalog.choice_skills.values() for s in replies.values() if s}
    return SKILL_ORDER + tuple(sorted(named - set(SKILL_ORDER))) + (NONE,)


def _attempts(rows: Iterable[ChoiceRow], catalog: Any) -> dict[Any, list[ChoiceRow]]:
    """The replies of each attempt in the order picked: the order the scenario's graph allows (any path follows
    it), else the order given (a decision point the content no longer has keeps its place)."""
    out: dict[Any, list[ChoiceRow]] = {}
    for r in rows:
        out.setdefault(r.attempt, []).append(r)
    order = catalog.choice_order
    for replies in out.values():
        if len(replies) > 1:
            replies.sort(key=lambda r: order.get(r.question_id, len(order)))
    return out


def profile(
    scope: str,
    key: str | None,
    nickname: str | None,
    attempts: Iterable[list[ChoiceRow]],
    catalog: Any,
    order: tuple[str, ...],
) -> SkillProfile:
    """One group's profile from its scenario attempts (each a list of replies in the order picked)."""
    offered: dict[str, int] = defaultdict(int)
    chosen: dict[str, int] = defaultdict(int)
    safe_by: dict[str, int] = defaultdict(int)
    decisions = safe = went = back = 0
    back_skills: dict[str, int] = defaultdict(int)
    for replies in attempts:
        first_unsafe = None
        for i, r in enumerate(replies):
            skills = catalog.choice_skills.get(r.question_id, {})
            for s in {s or NONE for s in skills.values()}:
                offered[s] += 1
            skill = skills.get(r.chosen) or NONE
            decisions += 1
            chosen[skill] += 1
            if r.safe:
                safe += 1
                safe_by[skill] += 1
            elif first_unsafe is None:
                first_unsafe = i
        if first_unsafe is not None and first_unsafe + 1 < len(replies):
            went += 1
            later = next((r for r in replies[first_unsafe + 1 :] if r.safe), None)
            if later is not None:
                back += 1
                back_skills[catalog.choice_skills.get(later.question_id, {}).get(later.chosen) or NONE] += 1
    counts = tuple(
        SkillCount(
            s,
            offered[s],
            chosen[s],
            safe_by[s],
            100.0 * safe_by[s] / safe if safe else None,
            100.0 * chosen[s] / offered[s] if offered[s] else None,
        )
        for s in order
    )
    return SkillProfile(scope, key, nickname, decisions, safe, decisions - safe, counts, went, back, dict(back_skills))


def lines(key: str | None, rows: Iterable[ChoiceRow], catalog: Any, top: int = TOP_LINES) -> list[PersuasionLine]:
    """The decision points where an unsafe reply can be picked, most unsafe replies first (then the highest share)."""
    n: dict[str, int] = defaultdict(int)
    unsafe: dict[str, int] = defaultdict(int)
    for r in rows:
        n[r.question_id] += 1
        unsafe[r.question_id] += not r.safe
    return line_list(key, n, unsafe, catalog, top)


def line_list(
    key: str | None, n: dict[str, int], unsafe: dict[str, int], catalog: Any, top: int = TOP_LINES
) -> list[PersuasionLine]:
    """lines() from replies already counted per decision point."""
    out = []
    for qid, count in n.items():
        info = catalog.questions.get(qid)
        if info is not None and all(o.correct for o in info.options):
            continue  # no unsafe reply on offer: nothing led astray here
        out.append(PersuasionLine(key, qid, qid.rsplit(":", 1)[0], count, unsafe[qid], 100.0 * unsafe[qid] / count))
    out.sort(key=lambda p: (-p.unsafe, -(p.percent or 0.0), p.question_id))
    return out[:top]


def build(rows: Iterable[ChoiceRow], catalog: Any, students: Iterable[Any] = ()) -> Skills:
    """Everyone, each class and each student (a student listed in `students` with no scenario gets an empty
    profile, so every student of the report has one)."""
    rows = list(rows)
    order = skill_order(catalog)
    attempts = _attempts(rows, catalog)
    by_class: dict[str, list[list[ChoiceRow]]] = defaultdict(list)
    by_student: dict[tuple[str, str], list[list[ChoiceRow]]] = defaultdict(list)
    for replies in attempts.values():
        first = replies[0]
        by_class[first.class_code].append(replies)
        by_student[(first.class_code, first.nickname)].append(replies)
    for s in students:
        by_student.setdefault((s.class_code, s.nickname), [])
    profiles = [profile("all", None, None, attempts.values(), catalog, order)]
    profiles += [profile("class", code, None, by_class[code], catalog, order) for code in sorted(by_class)]
    profiles += [
        profile("student", code, nick, by_student[(code, nick)], catalog, order) for code, nick in sorted(by_student)
    ]
    per_class: dict[str, list[ChoiceRow]] = defaultdict(list)
    for r in rows:
        per_class[r.class_code].append(r)
    found = lines(None, rows, catalog)
    for code in sorted(per_class):
        found += lines(code, per_class[code], catalog)
    return Skills(profiles, found, order)


def from_counts(
    scope: str, key: str | None, replies: Iterable[Any], attempts: Iterable[Any], catalog: Any, order: tuple[str, ...]
) -> SkillProfile:
    """A profile from replies and attempts already summed (a district's: game/district/insight.py), counted as
    profile() counts them one attempt at a time."""
    offered: dict[str, int] = defaultdict(int)
    chosen: dict[str, int] = defaultdict(int)
    safe_by: dict[str, int] = defaultdict(int)
    decisions = safe = 0
    for r in replies:
        skills = catalog.choice_skills.get(r.question_id, {})
        for s in {s or NONE for s in skills.values()}:
            offered[s] += r.n
        skill = skills.get(r.chosen) or NONE
        decisions += r.n
        chosen[skill] += r.n
        if r.safe:
            safe += r.n
            safe_by[skill] += r.n
    went = back = 0
    back_skills: dict[str, int] = defaultdict(int)
    for a in attempts:
        went += a.n if a.went_unsafe else 0
        if a.back_skill is not None:
            back += a.n
            back_skills[a.back_skill] += a.n
    counts = tuple(
        SkillCount(
            s,
            offered[s],
            chosen[s],
            safe_by[s],
            100.0 * safe_by[s] / safe if safe else None,
            100.0 * chosen[s] / offered[s] if offered[s] else None,
        )
        for s in order
    )
    return SkillProfile(scope, key, None, decisions, safe, decisions - safe, counts, went, back, dict(back_skills))


def district(replies: Iterable[Any], attempts: Iterable[Any], catalog: Any) -> Skills:
    """A district's profiles from its summed rows: everyone, each site, each age group (students' age groups as
    the report has them), and the lines most often answered unsafely."""
    replies, attempts = list(replies), list(attempts)
    order = skill_order(catalog)
    profiles = [from_counts("all", None, replies, attempts, catalog, order)]
    for scope, field in (("site", "site"), ("age_group", "age_group")):
        keys = sorted({getattr(r, field) for r in replies} | {getattr(a, field) for a in attempts})
        profiles += [
            from_counts(
                scope,
                k,
                [r for r in replies if getattr(r, field) == k],
                [a for a in attempts if getattr(a, field) == k],
                catalog,
                order,
            )
            for k in keys
        ]
    n: dict[str, int] = defaultdict(int)
    unsafe: dict[str, int] = defaultdict(int)
    for r in replies:
        n[r.question_id] += r.n
        unsafe[r.question_id] += 0 if r.safe else r.n
    return Skills(profiles, line_list(None, n, unsafe, catalog), order)
