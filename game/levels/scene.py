"""LevelScene: what every level type's scene does the same way, written once.

- Back/Pause keys and the "pause" button open the pause menu; its "quit" comes back through
  resume() and leaves the level as Pop(result, abandoned).
- handle(): pause first, then the level's own keys (handle_keys), then its buttons (on_button).
- update(): the scene clock, then logic.update(dt); any outcomes go through _apply().
- _apply(): each outcome is recorded (committed) before anything reacts to it; a LevelFinished
  ends the level with Pop(result). Sounds and feedback come after, from the hooks.
- draw_title(): the level's title in the top-left header.
- retry_offer (set by the runner) lets a failed chase or an unsafe scenario ending offer "try
  again" once; taking it finishes this attempt as it is and pops a result with retry=True, and the
  runner starts the level again as a new attempt (the reports read first attempts).

A level type keeps its own rules in the hooks: _result(), answered(), react(), handle_keys(),
on_button(). The logic object it draws is `self.logic`.
"""

from __future__ import annotations

from typing import Any, Final

from game.actions import Action, InputEvent
from game.outcomes import AnswerChosen, LevelFinished, LevelResult, Outcome
from game.scenes.base import Pop, Push, Scene, Transition
from game.ui import theme


class Unhandled:
    """The type of UNHANDLED."""

    def __repr__(self) -> str:
        return "UNHANDLED"


UNHANDLED: Final = Unhandled()  # handle_keys(): "not mine, offer the event to the buttons"
PAUSE_KEYS = (Action.BACK, Action.PAUSE)
TITLE_RECT = (60, 26, 1500, 64)


class LevelScene(Scene):
    logic: Any  # the level type's rules (its logic.py)

    def __init__(self, ctx: Any, level: Any, recorder: Any):
        super().__init__(ctx)
        self.level = level
        self.recorder = recorder
        self.finished = False  # a LevelFinished was recorded: no more layout, the level is leaving
        self.retry_offer = False  # the runner sets it: a failed try may be played again, once
        self.retrying = False  # the player took that offer: the result says retry

    # -- the level's own rules (hooks) ------------------------------------------------------------
    def _result(self, abandoned: bool) -> LevelResult:
        raise NotImplementedError

    def answered(self, answer: AnswerChosen) -> None:
        """An answer was just recorded (a sound, say)."""

    def react(self, outcomes: list[Outcome]) -> None:
        """All of one move's outcomes are recorded; react before the layout is rebuilt."""

    def handle_keys(self, event: InputEvent) -> Transition | None | Unhandled:
        """Keys the level reads before its buttons; UNHANDLED passes the event on."""
        return UNHANDLED

    def on_button(self, chosen: str | None, event: InputEvent) -> Transition | None:
        """A button was chosen (None: the buttons did not use the event)."""
        return None

    # -- shared behaviour -------------------------------------------------------------------------
    def open_pause(self) -> Transition:
        from game.scenes.pause import PauseScene

        return Push(PauseScene(self.ctx))

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action in PAUSE_KEYS:
            return self.open_pause()
        used = self.handle_keys(event)
        if not isinstance(used, Unhandled):
            return used
        chosen = self.buttons.handle(event)
        if chosen == "pause":
            return self.open_pause()
        return self.on_button(chosen, event)

    def resume(self, result: Any = None) -> Transition | None:
        super().resume(result)
        if result == "quit":
            return Pop(self._result(abandoned=True))
        return None

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        outcomes = self.logic.update(dt)
        return self._apply(outcomes) if outcomes else None

    def _apply(self, outcomes: list[Outcome]) -> Transition | None:
        """Record outcomes (each committed before anything is shown), then react to them."""
        transition: Transition | None = None
        if sum(isinstance(o, AnswerChosen) for o in outcomes) > 1:
            # several answers at once (a spot shelf's judgements): one commit, all or none
            with self.ctx.store.transaction():
                for outcome in outcomes:
                    self.recorder.record(outcome)
        else:
            for outcome in outcomes:
                self.recorder.record(outcome)
        for outcome in outcomes:
            if isinstance(outcome, AnswerChosen):
                self.answered(outcome)
            elif isinstance(outcome, LevelFinished):
                self.finished = True
                transition = Pop(self._result(abandoned=False))
        self.react(outcomes)
        if not self.finished:
            self.relayout()
        return transition

    def draw_title(self, canvas: Any, rect: tuple[int, int, int, int] = TITLE_RECT, size: int = theme.SIZE_SMALL + 4,
                   **options: Any) -> None:
        """The level's title, dim, in the header; options go to text.draw (shrink, valign, ...)."""
        options = {"valign": "middle", "shrink": True, **options}
        self.ctx.text.draw(canvas, self.level.title.get(self.ctx.lang), size, theme.TEXT_DIM, rect, **options)
