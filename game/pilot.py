"""Pilot: drives the real App headless, the way a student would, for tests, demos and benchmarks.

It posts real pygame events (keys, mouse clicks, finger touches, typed text), so the input
mapper, the screen transform and the scenes all run exactly as in play; then it steps the
App one fixed 1/60 s frame at a time. Nothing waits on the wall clock, except wait_for(), which
gives a thread of the game (speech, the camera) a generous deadline to finish its work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.actions import Action
from game.clock import STEP

ACTION_KEYS = {
    Action.UP: "K_UP",
    Action.DOWN: "K_DOWN",
    Action.LEFT: "K_LEFT",
    Action.RIGHT: "K_RIGHT",
    Action.CONFIRM: "K_RETURN",
    Action.BACK: "K_ESCAPE",
    Action.PAUSE: "K_F1",
    Action.ERASE: "K_BACKSPACE",
    Action.CHOICE_1: "K_1",
    Action.CHOICE_2: "K_2",
    Action.CHOICE_3: "K_3",
    Action.CHOICE_4: "K_4",
    Action.MUTE: "K_m",
    Action.SPEAK: "K_F2",
}


class PilotError(AssertionError):
    """The script could not do what it asked (no such button, condition never met)."""


class Pilot:
    def __init__(self, app: Any):
        self.app = app

    # -- what is on screen ---------------------------------------------------------------------
    @property
    def scene(self) -> Any:
        return self.app.scene

    def button(self, button_id: str) -> Any:
        for button in self.app.scene.widgets():
            if button.id == button_id:
                return button
        ids = [b.id for b in self.app.scene.widgets()]
        raise PilotError(f"no button {button_id!r} on scene {self.app.scene.name!r}; there are {ids}")

    def has_button(self, button_id: str) -> bool:
        return any(b.id == button_id for b in self.app.scene.widgets())

    # -- doing things --------------------------------------------------------------------------
    def frame(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step(STEP)

    def advance(self, seconds: float) -> None:
        self.frame(max(1, round(seconds / STEP)))

    def press(self, action: Action, frames: int = 1) -> None:
        import pygame

        key = getattr(pygame, ACTION_KEYS[action])
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        self.frame(frames)

    def hold(self, action: Action) -> None:
        import pygame

        key = getattr(pygame, ACTION_KEYS[action])
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))

    def release(self, action: Action) -> None:
        import pygame

        key = getattr(pygame, ACTION_KEYS[action])
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))

    def click(self, pos: tuple[float, float], frames: int = 1) -> None:
        """A mouse click at a canvas position (mapped to the window like a real one)."""
        import pygame

        window_pos = self.app.screen.to_window(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=window_pos, button=1, touch=False))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=window_pos, button=1, touch=False))
        self.frame(frames)

    def touch(self, pos: tuple[float, float], frames: int = 1) -> None:
        """A finger tap at a canvas position, sent as SDL finger events (0..1 of the window)."""
        import pygame

        wx, wy = self.app.screen.to_window(pos)
        w, h = self.app.screen.window_size
        # an event's attributes, typed as pygame types them (dict[str, float] would not fit its `dict` parameter)
        common: dict[str, Any] = dict(touch_id=1, finger_id=1, dx=0.0, dy=0.0, pressure=1.0)
        pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, x=wx / w, y=wy / h, **common))
        pygame.event.post(pygame.event.Event(pygame.FINGERUP, x=wx / w, y=wy / h, **common))
        self.frame(frames)

    def tap(self, button_id: str, touch: bool = True, frames: int = 1) -> None:
        """Tap a button by id (by finger by default, by mouse with touch=False)."""
        center = self.button(button_id).center
        (self.touch if touch else self.click)(center, frames)

    def type(self, text: str) -> None:
        import pygame

        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frame()

    def run_until(self, condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
        """Step frames until condition() holds; fail after `timeout` seconds of game time."""
        for _ in range(round(timeout / STEP)):
            if condition():
                return
            self.frame()
        if not condition():
            raise PilotError(f"{what} not met after {timeout} s of game time (scene {self.app.scene.name!r})")

    def wait_for(
        self, condition: Callable[[], bool], seconds: float = 60.0, what: str = "condition", poll: float = 0.005
    ) -> None:
        """For what a thread does (speech, the camera, the live push): frames until condition() holds,
        waiting `poll` s between them so the thread gets its turn; fail after `seconds` of wall time (a
        generous bound for a loaded machine: a pass returns as soon as the thread is done)."""
        import time

        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise PilotError(f"{what} not met after {seconds} s (scene {self.app.scene.name!r})")
            self.frame()
            time.sleep(poll)

    def screenshot(self, path: Path | str) -> Path:
        import pygame

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.app.draw()
        pygame.image.save(self.app.screen.canvas, str(path))
        return path
