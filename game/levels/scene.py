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

from typing import TYPE_CHECKING, Any, Final

from game.actions import Action, InputEvent
from game.outcomes import AnswerChosen, LevelFinished, LevelResult, Outcome
from game.scene import Pop, Push, Scene, Transition
from game.ui import layout, theme
from game.ui.effects import Effects
from game.ui.widgets import Button

if TYPE_CHECKING:
    import pygame

    from game.content.schema import LevelBase
    from game.context import Context
    from game.levels.pause import PauseChoice
    from game.session import LevelRecorder


class Unhandled:
    """The type of UNHANDLED."""

    def __repr__(self) -> str:
        return "UNHANDLED"


UNHANDLED: Final = Unhandled()  # handle_keys(): "not mine, offer the event to the buttons"
PAUSE_KEYS = (Action.BACK, Action.PAUSE)
TITLE_RECT = layout.LEVEL_TITLE


class LevelScene(Scene):
    level: LevelBase  # a level type's scene names its own model
    logic: Any  # the level type's rules (its logic.py); a level type's scene names its own
    in_visit = True

    def __init__(self, ctx: Context, level: LevelBase, recorder: LevelRecorder):
        super().__init__(ctx)
        self.level = level
        self.recorder = recorder
        self.finished = False  # a LevelFinished was recorded: no more layout, the level is leaving
        self.fx = Effects(ctx)  # bursts, pop-ups, shake: moved on in update(), drawn by the level's draw()
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
        from game.levels.pause import PauseScene

        return Push(PauseScene(self.ctx), on_result=self.paused)

    def paused(self, choice: PauseChoice | None) -> Transition | None:
        """The pause menu's answer (a PauseChoice): quit leaves the level as abandoned."""
        from game.levels.pause import PauseChoice

        if choice is PauseChoice.QUIT:
            return Pop(self._result(abandoned=True))
        return None

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

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        self.fx.update(dt)
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

    # -- the buttons every level has, in the same place on every level ---------------------------------
    def pause_button(self) -> Button:
        """Pause, top right (PAUSE): opens the pause menu (handle() knows the id)."""
        return Button("pause", layout.PAUSE, self.tr("quiz.pause"), size=theme.SIZE_SMALL, style="quiet")

    def next_button(
        self, label_key: str, button_id: str = "next", enabled: bool = True, rect: layout.Rect = layout.FOOTER_RIGHT
    ) -> Button:
        """The way on (next, done, submit, continue), bottom right (FOOTER_RIGHT) unless told otherwise."""
        button = Button(button_id, rect, self.tr(label_key), style="primary")
        button.enabled = enabled
        return button

    def celebrate(self, center: tuple[float, float], points: int = 0, at: tuple[float, float] | None = None) -> None:
        """A right answer: a star burst at `center` and, for points, a "+N" rising from `at`."""
        self.fx.burst(center)
        if points:
            picture = self.ctx.text.render(f"+{points}", theme.SIZE_HEADING + 16, self.ctx.theme.ACCENT)
            self.fx.overlay(picture, at or center, seconds=0.8, rise=60)

    def draw_title(
        self,
        canvas: pygame.Surface,
        rect: tuple[int, int, int, int] = TITLE_RECT,
        size: int = theme.SIZE_SMALL + 4,
        **options: Any,
    ) -> None:
        """The level's title, dim, in the header; options go to text.draw (shrink, valign, ...)."""
        options = {"valign": "middle", "shrink": True, **options}
        self.ctx.text.draw(canvas, self.level.title.get(self.ctx.lang), size, theme.TEXT_DIM, rect, **options)
