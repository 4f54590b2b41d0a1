"""Spot-the-disguise rules, without pygame: which items are flagged, and what Done records.

Phases: "looking" (tap items to flag or unflag them) -> done() -> "feedback" (each item's sign;
the player may open any item) -> finish() -> "done".

done() records one AnswerChosen per item, question id "<level>:<item>", chosen "flagged" or
"not_flagged", right when the flag matches whether the item could be a disguised drug. One
answer per item (rather than one multiple-choice answer) lets the teacher's item analysis say
which disguise the class missed and which ordinary thing it wrongly suspected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from game.content.levels.spot import SpotItem, SpotLevel
from game.levels.common import AnswerScore, LevelClock, question_id
from game.outcomes import AnswerChosen, LevelFinished, Outcome

__all__ = ["FLAGGED", "NOT_FLAGGED", "SpotLogic", "question_id"]

FLAGGED, NOT_FLAGGED = "flagged", "not_flagged"


class SpotPhase(StrEnum):
    """Where the level is (a str enum: it compares equal to its value, as the scenes and tests read it)."""

    LOOKING = "looking"  # the player picks the suspicious things
    FEEDBACK = "feedback"  # each item's verdict is shown
    DONE = "done"  # the level is over


@dataclass
class SpotLogic(AnswerScore, LevelClock):
    level: SpotLevel
    phase: SpotPhase = SpotPhase.LOOKING
    t: float = 0.0
    elapsed: float = 0.0  # the shelf is one decision point: equal to t
    flagged: set[str] = field(default_factory=set)
    opened: str | None = None  # the item whose sign is shown in the feedback
    answers: list[AnswerChosen] = field(default_factory=list)

    @property
    def items(self) -> list[SpotItem]:
        return list(self.level.items)

    @property
    def max_score(self) -> int:
        return self.level.points * len(self.level.items)

    @property
    def passed(self) -> bool:
        return 100 * self.score >= self.level.pass_percent * self.max_score

    def right(self, item: SpotItem) -> bool:
        return (item.id in self.flagged) == item.suspicious

    def toggle(self, item_id: str) -> list[Outcome]:
        """Looking: flag or unflag an item. Feedback: open its sign."""
        if item_id not in {i.id for i in self.level.items}:
            return []
        if self.phase == SpotPhase.LOOKING:
            self.flagged ^= {item_id}
        elif self.phase == SpotPhase.FEEDBACK:
            self.opened = item_id
        return []

    def done(self) -> list[Outcome]:
        """Judge every item at once: one answer per item, recorded before the feedback shows."""
        if self.phase != SpotPhase.LOOKING:
            return []
        ms = round(self.t * 1000)
        points = self.level.points
        for item in self.level.items:
            right = self.right(item)
            self.answers.append(
                AnswerChosen(
                    question_id=question_id(self.level.id, item.id),
                    chosen=(FLAGGED if item.id in self.flagged else NOT_FLAGGED,),
                    correct=right,
                    score=points if right else 0,
                    max_score=points,
                    response_ms=ms,
                )
            )
        self.phase = SpotPhase.FEEDBACK
        missed = [i for i in self.level.items if not self.right(i)]
        self.opened = (missed or [i for i in self.level.items if i.suspicious])[0].id
        return list(self.answers)

    def finish(self) -> list[Outcome]:
        if self.phase != SpotPhase.FEEDBACK:
            return []
        self.phase = SpotPhase.DONE
        return [LevelFinished(self.score, self.max_score, self.passed)]
