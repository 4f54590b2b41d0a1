"""The YAML model of a `type: quiz` level (no pygame here)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from game.content.schema import Id, LevelBase


class QuizLevel(LevelBase):
    """Questions drawn from one quiz bank, asked one at a time with feedback after each."""

    type: Literal["quiz"]
    quiz: Id = Field(description="id of a file in content/quizzes/")
    questions: list[Id] = Field(
        default_factory=list,
        description="these questions, in this order; empty = all of the bank. An id from another bank may be listed "
        "too (e.g. the norms item from quizzes/norms.yaml in a pre-test)",
    )
    count: int | None = Field(default=None, ge=1, le=100, description="ask this many, drawn at random")
    shuffle_questions: bool = False
    shuffle_options: bool = True
    time_limit_s: float | None = Field(default=None, gt=0, le=600, description="seconds per question")
    pass_percent: int = Field(default=60, ge=0, le=100)


def lint_quiz_level(level: QuizLevel, content) -> list[tuple[tuple, str]]:
    """Cross-references of a quiz level: its bank exists, its question ids are in the bank (or another bank)."""
    quiz = content.quizzes.get(level.quiz)
    if quiz is None and content.is_broken("quizzes", level.quiz):
        return []
    if quiz is None:
        return [(("quiz",), f"unknown quiz '{level.quiz}' (no quizzes/{level.quiz}.yaml)")]
    problems: list[tuple[tuple, str]] = []
    known = {q.id for q in quiz.questions}
    for i, qid in enumerate(level.questions):
        if qid not in known and qid not in content.questions:
            problems.append(
                (("questions", i), f"question '{qid}' is not in quiz '{level.quiz}' (nor in any other bank)")
            )
        elif level.questions.index(qid) != i:
            problems.append((("questions", i), f"question '{qid}' is listed twice"))
    available = len(level.questions) or len(known)
    if level.count is not None and level.count > available:
        problems.append((("count",), f"count {level.count} is more than the {available} questions available"))
    return problems
