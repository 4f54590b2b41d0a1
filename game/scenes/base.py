"""The scene lifecycle and the transitions scenes return.

A scene never reaches into another: handle() or update() returns Push(scene), Replace(scene),
Pop(result) or Home(), and the App applies it; the scene below gets the result in resume().
draw() never changes state. Lifecycle: enter -> (pause -> resume)* -> exit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.actions import InputEvent
from game.ui.widgets import Button, ButtonGroup

if TYPE_CHECKING:
    from game.context import Context


@dataclass(frozen=True)
class Push:
    scene: "Scene"


@dataclass(frozen=True)
class Replace:
    scene: "Scene"


@dataclass(frozen=True)
class Pop:
    result: Any = None


@dataclass(frozen=True)
class Home:
    """Back to the bottom of the stack (the title), closing every scene above it."""


@dataclass(frozen=True)
class Quit:
    """Leave the game."""


Transition = Push | Replace | Pop | Home | Quit


class Scene:
    transparent = False  # draw the scene below first (overlays)
    wants_text = False  # letter keys type text instead of steering
    name = "scene"
    mood: str | None = None  # its music bed (game.audio: title, chase, quiz, results; "" silence; None: keep)

    def __init__(self, ctx: "Context"):
        self.ctx = ctx
        self.buttons = ButtonGroup(ctx=ctx)
        self._layout_lang: str | None = None
        self.t = 0.0  # seconds this scene has been updated (animations read it)

    # lifecycle ---------------------------------------------------------------------------
    def enter(self) -> None:
        self.relayout()

    def exit(self) -> None:
        pass

    def pause(self) -> None:
        pass

    def resume(self, result: Any = None) -> Transition | None:
        self.relayout()
        return None

    # per frame -----------------------------------------------------------------------------
    def handle(self, event: InputEvent) -> Transition | None:
        return None

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        return None

    def draw(self, canvas: Any) -> None:
        pass

    # layout ------------------------------------------------------------------------------------
    def layout(self) -> None:
        """Build buttons for the current language; called on enter and when the language changes."""

    def relayout(self) -> None:
        focus = self.buttons.focus
        self.layout()
        if focus is not None and focus < len(self.buttons.buttons):
            self.buttons.focus = focus
        self._layout_lang = self.ctx.lang

    def ensure_layout(self) -> None:
        if self._layout_lang != self.ctx.lang:
            self.relayout()

    def widgets(self) -> list[Button]:
        return self.buttons.buttons

    def tapped(self, event: InputEvent) -> str | None:
        """The id of the button the event chose, if any, with the menus' tap sound."""
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        return chosen

    @property
    def motion_t(self) -> float:
        """The scene's time for things that drift or pulse: still (0) under less motion."""
        from game.ui.tween import reduced

        return 0.0 if reduced(self.ctx) else self.t

    def tr(self, key: str, **values: Any) -> str:
        return self.ctx.tr(key, **values)
