"""What levels report: plain records, no pygame. The session recorder writes them to the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AnswerChosen:
    question_id: str
    chosen: tuple[str, ...]
    correct: bool
    score: int
    max_score: int
    response_ms: int
    timed_out: bool = False
    position: int | None = None  # where the one chosen option was shown, 1 = first (teachers' integrity checks)


@dataclass(frozen=True)
class LevelFinished:
    score: int
    max_score: int
    passed: bool


@dataclass(frozen=True)
class GameEvent:
    """Anything else worth keeping (hit by a drug, trafficker caught...), stored as JSON."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    t_ms: int = 0


Outcome = AnswerChosen | LevelFinished | GameEvent

# The GameEvent kind a level records when the "no time limits" setting lifted its time limit
# (data: {"time_limit_s": the limit it would have had}); the teacher's report marks such attempts.
UNTIMED = "untimed"


@dataclass(frozen=True)
class LevelResult:
    """What a level scene hands back to the runner when it pops (not stored: the outcomes were)."""

    level_id: str
    score: int
    max_score: int
    passed: bool
    learned: tuple[Any, ...] = ()  # Text items worth showing on the results screen
    abandoned: bool = False
    retry: bool = False  # the player asked to try this level again (offered once, after a failed try)
