"""Quiz rules, without pygame: which question is up, in what option order, scoring, timing.

Phases: "asking" -> (an answer or time running out) -> "feedback" -> next() -> "asking" ...
-> "done". Methods return the outcomes they produce (AnswerChosen, LevelFinished); the
scene passes them to the recorder before it draws the feedback.

An `estimate` question (0-100 picker) is answered by set_value()/nudge() then submit(); it is
stored with the number as its chosen "option", 0 points out of 0, so it never moves a score.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from game.content.levels.quiz import QuizLevel
from game.content.schema import Option, Question, QuizFile
from game.levels.common import AnswerScore
from game.outcomes import AnswerChosen, LevelFinished, Outcome


class QuizPhase(StrEnum):
    """Where the level is (a str enum: it compares equal to its value, as the scenes and tests read it)."""

    ASKING = "asking"  # a question waits for an answer
    FEEDBACK = "feedback"  # the answer's feedback is shown
    DONE = "done"  # every question answered


@dataclass
class Item:
    question: Question
    options: list[Option]  # in the order shown

    @property
    def right_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)


@dataclass
class QuizLogic(AnswerScore):
    level: QuizLevel
    items: list[Item]
    index: int = 0
    phase: QuizPhase = QuizPhase.ASKING
    elapsed: float = 0.0  # seconds on the current question
    selected: set[str] = field(default_factory=set)
    value: int | None = None  # an estimate question's picked number; None until the player picks
    answers: list[AnswerChosen] = field(default_factory=list)
    untimed: bool = False  # the "no time limits" setting: a timed level waits for the player

    @classmethod
    def build(
        cls,
        level: QuizLevel,
        bank: QuizFile,
        rng: random.Random,
        others: Mapping[str, Question] | None = None,
        avoid: Collection[str] = (),
    ) -> QuizLogic:
        """others: every question by id (content.questions), for listed ids from other banks (the norms item).
        avoid: questions the session has asked already (a chase's mini-quiz may have taken one of this
        level's): left out, so a session never asks the same question twice, unless that would leave
        the level empty."""
        by_id = {**(others or {}), **{q.id: q for q in bank.questions}}
        ids = list(level.questions) or [q.id for q in bank.questions]
        ids = [qid for qid in ids if qid not in avoid] or ids
        if level.shuffle_questions:
            rng.shuffle(ids)
        if level.count is not None:
            count = min(level.count, len(ids))
            ids = ids[:count] if level.shuffle_questions else sorted(rng.sample(ids, count), key=ids.index)
        items = []
        for qid in ids:
            question = by_id[qid]
            options = question.choices()
            if level.shuffle_options and question.kind != "truefalse":
                rng.shuffle(options)
            items.append(Item(question, options))
        return cls(level, items)

    # -- state ---------------------------------------------------------------------------------
    @property
    def item(self) -> Item:
        return self.items[self.index]

    @property
    def max_score(self) -> int:
        return sum(item.question.max_points for item in self.items)

    @property
    def last(self) -> AnswerChosen | None:
        return self.answers[-1] if self.answers else None

    @property
    def time_left(self) -> float | None:
        if self.level.time_limit_s is None or self.untimed:
            return None
        return max(0.0, self.level.time_limit_s - self.elapsed)

    @property
    def passed(self) -> bool:
        return self.max_score == 0 or 100 * self.score >= self.level.pass_percent * self.max_score

    # -- moves ---------------------------------------------------------------------------------
    def choose(self, option_id: str) -> list[Outcome]:
        """Tap an option: answers a single/true-false question; toggles it in a multiple one."""
        if self.phase != QuizPhase.ASKING or option_id not in {o.id for o in self.item.options}:
            return []
        if self.item.question.kind == "multiple":
            self.selected ^= {option_id}
            return []
        return self._answer(frozenset({option_id}))

    def submit(self) -> list[Outcome]:
        """Confirm a multiple-choice selection (at least one option) or an estimate (a number picked)."""
        if self.phase != QuizPhase.ASKING:
            return []
        if self.item.question.kind == "estimate":
            return [] if self.value is None else self._answer(frozenset({str(self.value)}))
        if self.item.question.kind != "multiple" or not self.selected:
            return []
        return self._answer(frozenset(self.selected))

    def set_value(self, value: float) -> None:
        """Pick a number on an estimate question's scale (clamped to 0-100)."""
        if self.phase == QuizPhase.ASKING and self.item.question.kind == "estimate":
            self.value = max(0, min(100, round(value)))

    def nudge(self, step: int) -> None:
        """-/+ buttons and arrow keys; from nothing picked yet they start at the middle."""
        if self.phase == QuizPhase.ASKING and self.item.question.kind == "estimate":
            self.set_value(50 + step if self.value is None else self.value + step)

    def update(self, dt: float) -> list[Outcome]:
        if self.phase != QuizPhase.ASKING:
            return []
        self.elapsed += dt
        left = self.time_left
        if left is not None and left <= 0:
            picked = frozenset({str(self.value)}) if self.value is not None else frozenset()
            return self._answer(picked, timed_out=True)
        return []

    def next(self) -> list[Outcome]:
        """Leave the feedback: the next question, or the end of the level."""
        if self.phase != QuizPhase.FEEDBACK:
            return []
        if self.index + 1 < len(self.items):
            self.index += 1
            self.phase = QuizPhase.ASKING
            self.elapsed = 0.0
            self.selected = set()
            self.value = None
            return []
        self.phase = QuizPhase.DONE
        return [LevelFinished(self.score, self.max_score, self.passed)]

    def _answer(self, chosen: frozenset[str], timed_out: bool = False) -> list[Outcome]:
        item = self.item
        estimate = item.question.kind == "estimate"
        correct = bool(chosen) and chosen == item.right_ids and not estimate
        order = [o.id for o in item.options]
        answer = AnswerChosen(
            question_id=item.question.id,
            chosen=tuple(chosen) if estimate else tuple(sorted(chosen, key=order.index)),
            correct=correct,
            score=item.question.max_points if correct else 0,
            max_score=item.question.max_points,
            response_ms=round(self.elapsed * 1000),
            timed_out=timed_out,
            position=order.index(next(iter(chosen))) + 1 if len(chosen) == 1 and not estimate else None,
        )
        self.answers.append(answer)
        self.selected = set(chosen)
        self.phase = QuizPhase.FEEDBACK
        return [answer]
