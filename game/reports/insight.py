"""Teacher insight beyond scores: the rows the three newer report sections read, what they give back,
and build_insight() that runs them. Plain dataclasses; no SQL, no pygame.

- refusal skills (game/reports/skills.py): which replies each class and student reach for in the
  scenarios, how often a second chance is taken, which lines most often led to an unsafe reply;
- "check these" (game/reports/integrity.py): attempts whose answers came too fast to have been read,
  ran down one place on the screen, match a classmate's wrong answers, or came from a burst of
  sessions on one device; and the overview's figures without them;
- the re-test weeks later (game/reports/retention.py): pre -> post -> re-test, and how much of the
  gain was kept.

Like the rest of the report, everything is on first attempts (a student's first finished try at a
level in a role), so a second go does not hide what the class knew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.store.rows import (
    AttemptCount as AttemptCount,
)
from game.store.rows import (
    AttemptRow as AttemptRow,
)

# the rows in (what the queries sum) belong to the store that makes them: game/store/rows.py
from game.store.rows import (
    ChoiceRow as ChoiceRow,
)
from game.store.rows import (
    FormRow as FormRow,
)
from game.store.rows import (
    InsightRows as InsightRows,
)
from game.store.rows import (
    ReplyCount as ReplyCount,
)
from game.store.rows import (
    SessionRow as SessionRow,
)
from game.store.rows import (
    given as given,
)


# -- refusal skills out -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SkillCount:
    skill: str  # say_no, give_reason, change_subject, leave, tell_adult; "none" = a reply with no skill
    offered: int  # decisions where a reply with this skill was on offer
    chosen: int  # replies with this skill picked
    safe: int  # ... of them safe
    share: float | None  # chosen / all safe replies picked, % (the repertoire: which skills a class reaches for)
    uptake: float | None  # chosen / offered, %


@dataclass(frozen=True)
class SkillProfile:
    """The replies of one group (everyone, a class, a student, a site or an age group) on first attempts."""

    scope: str  # all | class | student | site | age_group
    key: str | None  # the class code, site or age group (None = everyone)
    nickname: str | None  # a student's, else None
    decisions: int  # replies picked
    safe: int
    unsafe: int
    skills: tuple[SkillCount, ...]  # every known skill, in the content's order, then "none"
    went_unsafe: int  # scenario attempts with an unsafe reply that still had a decision after it
    came_back: int  # ... of them with a safe reply after the unsafe one (learning within the scenario)
    back_skills: dict[str, int]  # the skill of that first safe reply after an unsafe one

    @property
    def safe_percent(self) -> float | None:
        return 100.0 * self.safe / self.decisions if self.decisions else None

    @property
    def came_back_percent(self) -> float | None:
        return 100.0 * self.came_back / self.went_unsafe if self.went_unsafe else None


@dataclass(frozen=True)
class PersuasionLine:
    """A line someone says in a scenario, and how often the reply to it was unsafe (first attempts)."""

    key: str | None  # class code (None = everyone)
    question_id: str
    level_id: str
    n: int
    unsafe: int
    percent: float | None  # unsafe / n


@dataclass
class Skills:
    profiles: list[SkillProfile]  # everyone, then each class, then each student
    lines: list[PersuasionLine]  # per scope, most unsafe replies first
    skill_order: tuple[str, ...]

    def of(self, scope: str, key: str | None = None, nickname: str | None = None) -> SkillProfile | None:
        return next((p for p in self.profiles if p.scope == scope and p.key == key and p.nickname == nickname), None)


# -- "check these" out -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Flag:
    """A first attempt worth a look, and why (reason -> what was seen, in numbers)."""

    class_code: str
    nickname: str
    level_id: str
    role: str
    attempt: int
    reasons: dict[str, str]  # fast: "5/8" | same_position: "7" | identical: "<nickname>" | device_burst: "4"


@dataclass
class Integrity:
    flags: list[Flag]  # by class, nickname, level
    attempts: int  # first attempts checked
    flagged_students: int
    overview: list[Any]  # game.reports.model.Overview, recomputed without the flagged attempts
    gain: list[Any]  # game.reports.model.ClassGain, without students whose pre- or post-test is flagged
    rules: Any  # game.reports.integrity.Rules

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.flags:
            for reason in f.reasons:
                out[reason] = out.get(reason, 0) + 1
        return out


# -- the re-test out -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RetentionStudent:
    class_code: str
    nickname: str
    track_id: str
    pre: float
    post: float
    retention: float
    kept: float | None  # (retention - pre) / (post - pre): the share of the gain kept, when there was a gain
    weeks: float | None  # from the post-test to the re-test
    last_taken: str = ""  # when their latest re-test started (UTC ISO): the one a newer date asked for, if any


@dataclass(frozen=True)
class RetentionClass:
    class_code: str | None  # None = everyone
    track_id: str
    eligible: int  # students with a pre-test and a post-test
    took: int  # ... who took the re-test too
    pre: float | None  # means over those who took it
    post: float | None
    retention: float | None
    kept: float | None  # the share of the class's mean gain kept
    weeks: float | None  # median weeks from post-test to re-test


@dataclass
class Retention:
    classes: list[RetentionClass]
    students: list[RetentionStudent]
    without_prepost: int  # re-tests by students without both a pre- and a post-test (not in the figures)
    schedule: dict[str, str] = field(default_factory=dict)  # class code -> the date its re-test opens (this device)


def build_insight(report: Any, rows: Any, insight: InsightRows | None, catalog: Any) -> None:
    """Fill report.skills, report.integrity and report.retention from the insight rows (nothing without them)."""
    if insight is None:
        return
    from game.reports import integrity, retention, skills

    report.skills = skills.build(insight.choices, catalog, rows.students)
    report.integrity = integrity.build(insight, catalog, rows, report.thresholds, report.students)
    report.retention = retention.build(
        insight.forms, [t for t, forms in catalog.track_forms.items() if "retention" in forms]
    )
