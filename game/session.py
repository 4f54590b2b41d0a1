"""The one road for play data: levels emit outcomes, the recorder writes them to the store.

Nothing else writes play data. Each call returns after the write is committed, so a scene
that records an answer and then shows feedback never shows feedback for a lost answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from game import __version__
from game.outcomes import AnswerChosen, GameEvent, LevelFinished, Outcome
from game.store import Store


@dataclass(frozen=True)
class Player:
    id: int
    nickname: str
    class_code: str
    age_group: str


class Recorder:
    """One session's recorder. Besides writing, it remembers what the session has asked (`asked`:
    question ids answered so far) and the role of the level being played, so that a level drawing
    questions (the chase's mini-quiz) never repeats one the session already asked."""

    def __init__(
        self, store: Store, player: Player, track_id: str, lang: str, content_version: str, mode: str = "play"
    ):
        self.store = store
        self.player = player
        self.track_id = track_id
        self.session_id = store.start_session(player.id, track_id, lang, content_version, __version__, mode)
        self.attempt_id: int | None = None
        self.role = "level"  # of the attempt being played: pre | level | post
        self.asked: set[str] = set()
        self.closed = False

    def begin_level(self, level_id: str, level_type: str, role: str = "level") -> int:
        self.attempt_id = self.store.start_attempt(self.session_id, level_id, level_type, role)
        self.role = role
        return self.attempt_id

    def record(self, outcome: Outcome) -> None:
        if self.attempt_id is None:
            raise RuntimeError("record() before begin_level()")
        if isinstance(outcome, AnswerChosen):
            self.store.record_answer(
                self.attempt_id,
                outcome.question_id,
                outcome.chosen,
                outcome.correct,
                outcome.score,
                outcome.max_score,
                outcome.response_ms,
                outcome.position,
            )
            self.asked.add(outcome.question_id)
        elif isinstance(outcome, LevelFinished):
            self.store.finish_attempt(self.attempt_id, outcome.score, outcome.max_score, outcome.passed)
            self.attempt_id = None
        elif isinstance(outcome, GameEvent):
            self.store.record_event(self.attempt_id, outcome.kind, outcome.data, outcome.t_ms)
        else:
            raise TypeError(f"unknown outcome {outcome!r}")

    def end(self, status: str) -> None:
        """Close the session ('finished', 'quit' or 'abandoned'); open attempts become abandoned."""
        if not self.closed:
            self.store.end_session(self.session_id, status)
            self.closed = True
            self.attempt_id = None


class LevelRecorder(Protocol):
    """What a level scene writes its outcomes through: a Recorder, a NestedRecorder, or a test's double."""

    @property
    def player(self) -> Player: ...

    @property
    def role(self) -> str: ...

    @property
    def asked(self) -> set[str]: ...

    @property
    def track_id(self) -> str: ...

    def record(self, outcome: Outcome) -> None: ...


class NestedRecorder:
    """Records into a parent's attempt but leaves finishing it to the parent (a level inside a level,
    e.g. the chase's mini-quiz): answers and events pass through, LevelFinished does not."""

    def __init__(self, parent: LevelRecorder):
        self.parent = parent

    @property
    def player(self) -> Player:
        return self.parent.player

    @property
    def role(self) -> str:
        return self.parent.role

    @property
    def asked(self) -> set[str]:
        return self.parent.asked

    @property
    def track_id(self) -> str:
        return self.parent.track_id

    def record(self, outcome: Outcome) -> None:
        if not isinstance(outcome, LevelFinished):
            self.parent.record(outcome)


if TYPE_CHECKING:  # mypy proves here that both recorders are LevelRecorders (nothing runs)

    def _both_record(recorder: Recorder, nested: NestedRecorder) -> tuple[LevelRecorder, LevelRecorder]:
        return recorder, nested
