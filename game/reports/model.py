"""The plain dataclasses of the reports: what to include, the rows SQL hands in, what comes out.

A student is a nickname within a class code (the game keeps no other identity): the same
nickname signed in twice in class 7B is one student with two sessions. Scores are first
attempts unless named otherwise: a student's first finished attempt at each level, so that a
second go does not hide what the class knew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# the rows in (and the filter) belong to the store that makes them: game/store/rows.py
from game.store.rows import (
    SESSION_MODES as SESSION_MODES,
)
from game.store.rows import (
    Filters as Filters,
)
from game.store.rows import (
    GainRow as GainRow,
)
from game.store.rows import (
    HitRow as HitRow,
)
from game.store.rows import (
    ItemRow as ItemRow,
)
from game.store.rows import (
    MasteryRow as MasteryRow,
)
from game.store.rows import (
    OptionRow as OptionRow,
)
from game.store.rows import (
    Rows as Rows,
)
from game.store.rows import (
    StudentLevelRow as StudentLevelRow,
)
from game.store.rows import (
    StudentRow as StudentRow,
)
from game.store.rows import (
    TestRow as TestRow,
)


@dataclass(frozen=True)
class Thresholds:
    """Settable cut-offs, in percent (DI in its 100-scale)."""

    pass_percent: float = 60.0
    excellent_percent: float = 90.0
    help_overall: float = 60.0  # needs help: first-attempt score below this ...
    help_topic: float = 50.0  # ... or any topic below this
    too_easy: float = 90.0  # facility above
    too_hard: float = 20.0  # facility below
    low_discrimination: float = 15.0  # DI below
    min_n: float = 20.0  # no item flag on fewer answers than this: one answer says nothing about a question


StudentKey = tuple[str, str]  # (class_code, nickname)

# The district grain (game/district/report.py): a report over a whole city needs each student's totals,
# not their per-level and per-topic rows. There a student's levels come as one StudentLevelRow with
# level_id ALL_LEVELS and role "level" (attempts in all; first and best summed over the scored roles, as
# students() sums them), and topic and drug rows come per class, with the nickname CLASS_TOTAL.
ALL_LEVELS = "*"
CLASS_TOTAL = ""


@dataclass(frozen=True)
class Overview:
    class_code: str | None  # None = every class together
    students: int
    participants: int  # students who finished at least one session
    participation: float | None  # participants / students, %
    sessions: int
    finished_sessions: int
    scored: int  # students with at least one finished level (the base of the next four)
    mean_percent: float | None
    pass_rate: float | None
    excellent_rate: float | None
    median_minutes: float | None


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class StudentLevel:
    level_id: str
    role: str
    attempts: int
    first_percent: float | None
    best_percent: float | None
    untimed: bool = False  # the first attempt had its time limit lifted ("no time limits")


@dataclass(frozen=True)
class Student:
    class_code: str
    nickname: str
    age_group: str
    sessions: int
    attempts: int
    first_percent: float | None
    best_percent: float | None
    minutes: float
    topics: dict[str, float]  # topic -> accuracy % (first attempts)
    topic_counts: dict[str, int]
    hits: dict[str, int]  # drug id -> times hit in chase levels
    needs_help: bool
    reasons: tuple[str, ...]  # "overall" and/or "topic:<name>"
    levels: tuple[StudentLevel, ...] = ()

    @property
    def key(self) -> StudentKey:
        return (self.class_code, self.nickname)

    @property
    def untimed(self) -> bool:
        """Some first attempt of this student was played without its time limit ("no time limits")."""
        return any(level.untimed for level in self.levels)


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class OptionStat:
    option_id: str  # '' = no answer (time ran out)
    count: int
    percent: float
    correct: bool
    known: bool = True  # False for an option id the content no longer has


@dataclass(frozen=True)
class Item:
    level_id: str
    role: str
    question_id: str
    topic: str
    n: int
    facility: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    sd_percent: float | None
    median_ms: float | None
    options: tuple[OptionStat, ...]
    flags: tuple[str, ...]  # too_easy, too_hard, low_discrimination, unused_distractor, distractor_beats_key
    # (none while n < Thresholds.min_n: the figures of a handful of answers are noise)


@dataclass(frozen=True)
class Test:
    level_id: str
    role: str
    n: int
    items: int
    mean_percent: float | None
    alpha: float | None


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class Mastery:
    """Accuracy on one topic or drug: per class (nickname None) or per student."""

    class_code: str
    nickname: str | None
    key: str
    n: int
    correct: int
    percent: float | None


@dataclass(frozen=True)
class StudentGain:
    class_code: str
    nickname: str
    track_id: str
    pre_percent: float
    post_percent: float
    gain: float | None


@dataclass(frozen=True)
class ClassGain:
    class_code: str | None  # None = everyone
    track_id: str
    n: int
    pre_percent: float | None
    post_percent: float | None
    gain: float | None  # g of the class means (Hake's <g>)
    mean_gain: float | None  # mean of the students' own g


@dataclass(frozen=True)
class Week:
    """One week of a district (Monday, in the report's time zone): who played and how they scored."""

    week: str  # the Monday, YYYY-MM-DD
    students: int
    sessions: int
    attempts: int  # finished level and post-test attempts
    mean_percent: float | None  # their points over their maximum


@dataclass
class District:
    """What only a district report has: the same overview per site and per age group, city-wide
    topic and drug accuracy (weakest first), the week-by-week trend, and the devices per site."""

    sites: list[Overview]  # class_code = the site id
    age_groups: list[Overview]  # class_code = the age group
    topics: list[Mastery]  # city-wide, class_code '' and nickname None, weakest first
    drugs: list[Mastery]
    weeks: list[Week]
    devices: dict[str, int]  # site id -> devices that have synced
    last_sync: dict[str, str]  # site id -> the latest sync from any of its devices (UTC)
    timezone: str = "Asia/Shanghai"


@dataclass
class Report:
    filters: Filters
    thresholds: Thresholds
    generated_at: str
    answers: int
    overview: list[Overview]  # first: everyone; then one per class
    students: list[Student]
    items: list[Item]
    tests: list[Test]
    topics: list[Mastery]  # per class and per student
    drugs: list[Mastery]
    gain_students: list[StudentGain]
    gain_classes: list[ClassGain]
    meta: dict[str, Any] = field(default_factory=dict)
    district: District | None = None  # only in a district report (game/district/report.py)
    skills: Any = None  # game.reports.insight.Skills (refusal-skill profiles)
    integrity: Any = None  # game.reports.insight.Integrity ("check these")
    retention: Any = None  # game.reports.insight.Retention (the re-test weeks later)

    @property
    def total(self) -> Overview:
        return self.overview[0]

    def classes(self) -> list[str]:
        return [o.class_code for o in self.overview[1:] if o.class_code is not None]
