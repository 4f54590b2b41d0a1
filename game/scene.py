"""The scene lifecycle and the transitions scenes return; the hooks that watch the App from outside.

A scene never reaches into another: handle() or update() returns Push(scene, on_result), Replace(scene),
Pop(result) or Home(), and the App applies it; the result goes to the callback registered with the
Push (resume() only relayouts the scene below: a result it is given is for scenes not yet moved over).
draw() never changes state. Lifecycle: enter -> (pause -> resume)* -> exit.

A scene offers the text it shows to speech with one call in its layout():
`self.speaker(tag, segments, at)` puts a speaker button at `at` that reads `segments`; `main=True`
marks the screen's main text, which the App reads by itself when reading aloud is on. The App does
the rest (taps, the SPEAK key, stopping when the screen changes): see App.read_aloud().
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from game.actions import Action, InputEvent
from game.ui.speaker import PREFIX, Readable, speaker_button
from game.ui.widgets import Button, ButtonGroup

if TYPE_CHECKING:
    from game.context import Context


# what a scene does with the result of a scene it pushed: a transition of its own, or None
ResultCallback = Callable[[Any], "Transition | None"]


@dataclass(frozen=True)
class Push:
    """Cover the current scene with `scene`. When `scene` pops, `on_result` (if given) receives what it
    popped with, after the scene below has resumed: the scene that asked hears the answer directly, no
    guessing in resume() what came back from whom. A Replace of `scene` passes the callback on to its
    replacement (the asker still waits for an answer from that place in the stack); Home drops it."""

    scene: Scene
    on_result: ResultCallback | None = None


@dataclass(frozen=True)
class Replace:
    scene: Scene


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


class IdlePolicy(Enum):
    """What nobody touching the screen for a while means on a scene (read by the kiosk controller)."""

    RESET = "reset"  # somebody walked away mid-way: "are you still there?", then back to the start
    ATTRACT = "attract"  # the start screen: after a while, the attract demo
    REST = "rest"  # nobody is mid-way through anything (the demo itself, the out-of-order screen)


class Scene:
    transparent = False  # draw the scene below first (overlays)
    wants_text = False  # letter keys type text instead of steering
    name = "scene"  # for logs and tests; no code branches on it
    idle_policy = IdlePolicy.RESET
    in_visit = False  # part of a visitor's game: going home from here ends their visit (a kiosk resets its settings)
    operator_only = False  # an operator's screen: the operator's hidden gesture does not open another
    reads_aloud = True  # its main text is read by itself when reading aloud is on (not in the attract demo)
    mood: str | None = None  # its music bed (game.audio: title, chase, quiz, results; "" silence; None: keep)

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.buttons = ButtonGroup(ctx=ctx)
        self._layout_lang: str | None = None
        self.t = 0.0  # seconds this scene has been updated (animations read it)
        self.readables: list[Readable] = []  # the texts on screen that speech can read (layout() offers them)

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

    def draw(self, canvas: Any) -> None:  # a pygame.Surface (scenes say so; this module stays pygame-free)
        pass

    # layout ------------------------------------------------------------------------------------
    def layout(self) -> None:
        """Build buttons for the current language; called on enter and when the language changes."""

    def relayout(self) -> None:
        focus = self.buttons.focus
        self.readables = []
        self.layout()
        self._add_speakers()
        if focus is not None and focus < len(self.buttons.buttons):
            self.buttons.focus = focus
        self._layout_lang = self.ctx.lang

    def ensure_layout(self) -> None:
        if self._layout_lang != self.ctx.lang:
            self.relayout()

    # speech -----------------------------------------------------------------------------------
    def speaker(self, tag: str, segments: Any, at: tuple[int, int] | None, main: bool = False) -> None:
        """Offer a text to speech (call it in layout()): a speaker button at `at` (top-left; None: no
        button) reads `segments` (a string or several, read one after the other) in the current language."""
        parts = (segments,) if isinstance(segments, str) else tuple(s for s in segments if s)
        if parts:
            self.readables.append(Readable(tag, parts, main, at))

    def _add_speakers(self) -> None:
        speech = getattr(self.ctx, "speech", None)
        if speech is None or not speech.can_speak(self.ctx.lang):
            return
        self.buttons.buttons = [*self.buttons.buttons, *(speaker_button(r) for r in self.readables if r.at is not None)]

    def reading(self) -> Readable | None:
        """The screen's main text (read by itself when reading aloud is on), if it has one."""
        return next((r for r in self.readables if r.main), None)

    def speaker_hit(self, event: InputEvent) -> Readable | None:
        """The text whose speaker button this event presses (a tap on it, or Enter while it has focus)."""
        button: Button | None = None
        if event.action is Action.POINTER and event.pos is not None:
            button = next((b for b in self.buttons.buttons if b.id.startswith(PREFIX) and b.contains(event.pos)), None)
            if button is not None:
                self.buttons.focus = None
        elif (
            event.action is Action.CONFIRM
            and self.buttons.focus is not None
            and self.buttons.focus < len(self.buttons.buttons)
        ):
            focused = self.buttons.buttons[self.buttons.focus]
            button = focused if focused.id.startswith(PREFIX) else None
        if button is None:
            return None
        tag = button.id[len(PREFIX) :]
        return next((r for r in self.readables if r.tag == tag), None)

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


class AppView(Protocol):
    """The App's public side, all a hook should use (game.app.App is one: the App is above this module)."""

    ctx: Context
    stack: list[Scene]

    @property
    def scene(self) -> Scene:
        """The scene on top of the stack."""
        ...

    def apply(self, transition: Transition | None) -> None:
        """Do what a scene's transition asks (push, replace, pop, home, quit)."""
        ...

    def unwind_to_root(self) -> None:
        """Close every scene above the bottom one (the title)."""
        ...


class AppHook:
    """Something that watches every frame from outside the scenes: the kiosk controller is one
    (game/kiosk/controller.py). Override what you need; App.add_hook() (game/app.py) plugs it in.
    Each method gets the App as an AppView: its public side (apply, unwind_to_root, scene, stack, ctx)."""

    def on_event(self, app: AppView, event: InputEvent) -> bool:
        """Every input event passes here before the scene sees it; True means it is used up."""
        return False

    def before_frame(self, app: AppView, elapsed: float) -> Transition | None:
        """At the start of each frame, `elapsed` seconds after the last: a transition for the App, or None."""
        return None

    @contextmanager
    def around_frame(self, app: AppView) -> Iterator[None]:
        """Wraps the whole frame (before_frame included): a crash guard catches here what a scene raised."""
        yield

    def after_draw(self, app: AppView, canvas: Any) -> None:
        """Draw over every scene (before the overlays, such as the camera's cursor)."""
