"""Rules shared by the level logics, without pygame (every logic.py may import this).

One naming of decision points in the answers table, one score over the answers given, and one
clock: the logics that need them mix these in instead of each keeping a copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.content.schema import Source
    from game.outcomes import AnswerChosen, Outcome


def question_id(level_id: str, part_id: str) -> str:
    """How a decision point inside a level (a scenario node, a spot item) is named in the answers
    table and the teacher's item list: "<level>:<part>"."""
    return f"{level_id}:{part_id}"


class AnswerScore:
    """score: the points of the answers given so far (a logic keeps them in `answers`)."""

    answers: list[AnswerChosen]

    @property
    def score(self) -> int:
        return sum(a.score for a in self.answers)


class LevelClock:
    """update(dt) moves the level's clocks: `t` since the start, `elapsed` at the current decision
    point (the logic resets it when the player moves on). Nothing happens on a tick by itself."""

    t: float
    elapsed: float

    def update(self, dt: float) -> list[Outcome]:
        self.t += dt
        self.elapsed += dt
        return []


def source_line(source: Source, lang: str) -> str:
    """ "Publisher: title" of a source in the player's language: the English title and publisher for
    English players when the source gives them (a Chinese title otherwise stays as written)."""
    if lang == "en":
        return f"{getattr(source, 'publisher_en', None) or source.publisher}: {getattr(source, 'title_en', None) or source.title}"
    return f"{source.publisher}: {source.title}"
