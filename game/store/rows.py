"""The rows the store's report queries hand out, and the filter they take: plain dataclasses, no SQL.

They belong to the store that produces them (game/store/reports.py, game/store/insight.py; the district
server's game/district/report.py and insight.py make the same rows from PostgreSQL). The reports that
read them (game/reports/) import them from here, or through game.reports.model and game.reports.insight,
which name them beside what the reports give back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# sessions.mode: how a session was played (the runner sets it): at home or school outside a class,
# in a class (classroom mode), the full course at a kiosk, quick play at a kiosk
SESSION_MODES = ("play", "classroom", "kiosk", "kiosk-quick")


@dataclass(frozen=True)
class Filters:
    """What to include. start/end are UTC ISO timestamps (end exclusive) on the session start."""

    class_code: str | None = None
    age_group: str | None = None
    start: str | None = None
    end: str | None = None
    track_id: str | None = None
    level_id: str | None = None
    mode: str | None = None  # sessions.mode: play, classroom, kiosk (the full course at a kiosk), kiosk-quick

    def describe(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


# -- rows in (one query each in game/store/reports.py) --------------------------------------------
@dataclass(frozen=True)
class StudentRow:
    class_code: str
    nickname: str
    age_group: str
    sessions: int
    finished_sessions: int
    minutes: float  # time in ended sessions, summed


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class StudentLevelRow:
    class_code: str
    nickname: str
    level_id: str
    role: str  # pre | level | post
    attempts: int  # finished attempts
    first_score: int
    first_max: int
    best_score: int
    best_max: int
    untimed: int = 0  # the first attempt was played with "no time limits" (a setting; outcomes.UNTIMED)


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class MasteryRow:
    """Answers on first attempts (pre-tests left out) of one student (or, with the nickname CLASS_TOTAL,
    one whole class) on one topic or drug."""

    class_code: str
    nickname: str
    key: str  # a topic, or a drug id
    n: int
    correct: int


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class HitRow:
    class_code: str
    nickname: str
    drug: str
    hits: int


@dataclass(frozen=True)
class ItemRow:
    """Sums over first attempts of one question in one test (level and role)."""

    level_id: str
    role: str
    question_id: str
    n: int
    max_score: int
    sx: float
    sxx: float
    sr: float
    srr: float
    sxr: float
    sxr_sorted: float
    correct: int
    median_ms: float | None


@dataclass(slots=True)  # many of these: plain slots, cheap to make
class OptionRow:
    level_id: str
    role: str
    question_id: str
    chosen: str  # option ids joined by '|', '' when time ran out
    count: int


@dataclass(frozen=True)
class TestRow:
    """Totals of first attempts at one test: n attempts, sum and sum of squares of totals."""

    level_id: str
    role: str
    n: int
    st: float
    stt: float
    max_total: int


@dataclass(frozen=True)
class GainRow:
    class_code: str
    nickname: str
    track_id: str
    pre_score: int | None
    pre_max: int | None
    post_score: int | None
    post_max: int | None


@dataclass
class Rows:
    students: list[StudentRow] = field(default_factory=list)
    levels: list[StudentLevelRow] = field(default_factory=list)
    topics: list[MasteryRow] = field(default_factory=list)
    drugs: list[MasteryRow] = field(default_factory=list)
    hits: list[HitRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    options: list[OptionRow] = field(default_factory=list)
    tests: list[TestRow] = field(default_factory=list)
    gain: list[GainRow] = field(default_factory=list)
    answers: int = 0
    insight: Any = None  # InsightRows (below): refusal skills, integrity checks, re-tests


# -- reports out -------------------------------------------------------------------------------------


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
