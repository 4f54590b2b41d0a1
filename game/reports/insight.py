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


# -- rows in (game/store/insight.py on a device; game/district/insight.py on the server) ------------------------
@dataclass(slots=True)
class ChoiceRow:
    """One reply picked in a scenario, on the student's first attempt at that scenario, in the order picked."""

    class_code: str
    nickname: str
    attempt: Any  # the attempt it belongs to (an id here, a uuid on the district server)
    question_id: str  # "<level>:<node>"
    chosen: str  # the reply's id
    safe: bool


@dataclass(slots=True)
class AttemptRow:
    """A first attempt and what its scored answers add up to (summed in SQL: game/store/insight.py)."""

    attempt: int
    class_code: str
    nickname: str
    level_id: str
    role: str
    session: int
    answers: int  # scored answers
    fast: int  # ... given faster than their reading floor (game.reports.integrity.floors)
    timed: int  # ... that have a floor (the questions the content still has)
    wrong: int
    # each answer as "<answer id, 12 digits>:<position shown, 0 = none>:<options shown>:<question id>=<chosen>",
    # joined by "," in any order (sorted, they are in the order given): see given() below
    given: str = ""

    def sequence(self) -> list[tuple[str, int, int]]:
        """("<question id>=<chosen>", position shown, options shown) per answer, in the order given."""
        out = []
        for token in sorted(self.given.split(",")) if self.given else ():
            position, shown, choice = token[13:].split(":", 2)
            out.append((choice, int(position), int(shown)))
        return out


def given(answer_id: int, question_id: str, chosen: str, position: int | None, shown: int) -> str:
    """One answer in AttemptRow.given's form (the SQL writes the same with printf)."""
    return f"{answer_id:012d}:{position or 0}:{shown}:{question_id}={chosen}"


@dataclass(slots=True)
class SessionRow:
    """A session in the filter that holds answers: where and when it started."""

    session: int
    class_code: str
    nickname: str
    device: str  # '' when not known (a database or session file from before devices were kept)
    mode: str  # play | kiosk | classroom
    started_at: str  # UTC ISO


@dataclass(slots=True)
class FormRow:
    """A student's first finished attempt at a track's pre-test, post-test or re-test."""

    class_code: str
    nickname: str
    track_id: str
    role: str  # pre | post | retention
    score: int
    max_score: int
    started_at: str


@dataclass(frozen=True)
class ReplyCount:
    """A district's scenario replies, summed: how many first attempts in a site and age group picked this reply."""

    site: str
    age_group: str
    question_id: str
    chosen: str
    safe: bool
    n: int


@dataclass(frozen=True)
class AttemptCount:
    """A district's scenario attempts, summed per site and age group by what happened after their first unsafe
    reply: whether a decision still came (went_unsafe), and the skill of the first safe reply then (or None)."""

    site: str
    age_group: str
    went_unsafe: bool
    back_skill: str | None
    n: int


@dataclass
class InsightRows:
    choices: list[ChoiceRow] = field(default_factory=list)
    attempts: list[AttemptRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    forms: list[FormRow] = field(default_factory=list)
    reply_counts: list[ReplyCount] = field(default_factory=list)  # a district's (game/district/insight.py)
    attempt_counts: list[AttemptCount] = field(default_factory=list)


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
    report.retention = retention.build(insight.forms, [t for t, forms in catalog.track_forms.items() if "retention" in forms])
