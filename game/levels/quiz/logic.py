"""Quiz rules, without pygame: which question is up, in what option order, scoring, timing.

Phases: "asking" -> (an answer or time running out) -> "feedback" -> next() -> "asking" ...
-> "done". Methods return the outcomes they produce (AnswerChosen, LevelFinished); the
scene passes them to the recorder before it draws the feedback.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from game.content.schema import Option, Question, QuizFile
from game.levels.quiz.model import QuizLevel
from game.outcomes import AnswerChosen, LevelFinished, Outcome


@dataclass
class Item:
    question: Question
    options: list[Option]  # in the order shown

    @property
    def right_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)


@dataclass
class QuizLogic:
    level: QuizLevel
    items: list[Item]
    index: int = 0
    phase: str = "asking"
    elapsed: float = 0.0  # seconds on the current question
    selected: set[str] = field(default_factory=set)
    answers: list[AnswerChosen] = field(default_factory=list)

    @classmethod
    def build(cls, level: QuizLevel, bank: QuizFile, rng: random.Random) -> "QuizLogic":
        by_id = {q.id: q for q in bank.questions}
        ids = list(level.questions) or [q.id for q in bank.questions]
        if level.shuffle_questions:
            rng.shuffle(ids)
        if level.count is not None:
            ids = ids[: level.count] if level.shuffle_questions else sorted(rng.sample(ids, level.count), key=ids.index)
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
    def score(self) -> int:
        return sum(a.score for a in self.answers)

    @property
    def max_score(self) -> int:
        return sum(item.question.points for item in self.items)

    @property
    def last(self) -> AnswerChosen | None:
        return self.answers[-1] if self.answers else None

    @property
    def time_left(self) -> float | None:
        if self.level.time_limit_s is None:
            return None
        return max(0.0, self.level.time_limit_s - self.elapsed)

    @property
    def passed(self) -> bool:
        return self.max_score == 0 or 100 * self.score >= self.level.pass_percent * self.max_score

    # -- moves ---------------------------------------------------------------------------------
    def choose(self, option_id: str) -> list[Outcome]:
        """Tap an option: answers a single/true-false question; toggles it in a multiple one."""
        if self.phase != "asking" or option_id not in {o.id for o in self.item.options}:
            return []
        if self.item.question.kind == "multiple":
            self.selected ^= {option_id}
            return []
        return self._answer(frozenset({option_id}))

    def submit(self) -> list[Outcome]:
        """Confirm the selection of a multiple-choice question (needs at least one option)."""
        if self.phase != "asking" or self.item.question.kind != "multiple" or not self.selected:
            return []
        return self._answer(frozenset(self.selected))

    def update(self, dt: float) -> list[Outcome]:
        if self.phase != "asking":
            return []
        self.elapsed += dt
        left = self.time_left
        if left is not None and left <= 0:
            return self._answer(frozenset(), timed_out=True)
        return []

    def next(self) -> list[Outcome]:
        """Leave the feedback: the next question, or the end of the level."""
        if self.phase != "feedback":
            return []
        if self.index + 1 < len(self.items):
            self.index += 1
            self.phase = "asking"
            self.elapsed = 0.0
            self.selected = set()
            return []
        self.phase = "done"
        return [LevelFinished(self.score, self.max_score, self.passed)]

    def _answer(self, chosen: frozenset[str], timed_out: bool = False) -> list[Outcome]:
        item = self.item
        correct = bool(chosen) and chosen == item.right_ids
        order = [o.id for o in item.options]
        answer = AnswerChosen(
            question_id=item.question.id,
            chosen=tuple(sorted(chosen, key=order.index)),
            correct=correct,
            score=item.question.points if correct else 0,
            max_score=item.question.points,
            response_ms=round(self.elapsed * 1000),
            timed_out=timed_out,
        )
        self.answers.append(answer)
        self.selected = set(chosen)
        self.phase = "feedback"
        return [answer]
