"""The one place pygame events become Actions: keyboard, mouse, touch and gamepad.

Nothing else in the game calls pygame.event.get(). Touch (SDL finger events, 0..1 of the
window) and mouse positions are mapped to canvas coordinates; the mouse events SDL makes
up from touches are dropped so a tap counts once. While a scene wants text (the nickname
box), letter keys type instead of steering. More sources (the camera, game.camera.pointer) sit
in `sources`: each poll(elapsed) gives InputEvents of the same vocabulary, after the device's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.actions import Action, InputEvent

AXIS_DEADZONE = 0.5


def _key_tables() -> tuple[dict[int, Action], dict[int, Action]]:
    import pygame

    always = {
        pygame.K_UP: Action.UP,
        pygame.K_DOWN: Action.DOWN,
        pygame.K_LEFT: Action.LEFT,
        pygame.K_RIGHT: Action.RIGHT,
        pygame.K_RETURN: Action.CONFIRM,
        pygame.K_KP_ENTER: Action.CONFIRM,
        pygame.K_ESCAPE: Action.BACK,
        pygame.K_BACKSPACE: Action.ERASE,
        pygame.K_F1: Action.PAUSE,
        pygame.K_F2: Action.SPEAK,
    }
    game_keys = {
        pygame.K_w: Action.UP,
        pygame.K_s: Action.DOWN,
        pygame.K_a: Action.LEFT,
        pygame.K_d: Action.RIGHT,
        pygame.K_SPACE: Action.CONFIRM,
        pygame.K_p: Action.PAUSE,
        pygame.K_m: Action.MUTE,
        pygame.K_r: Action.SPEAK,
        pygame.K_1: Action.CHOICE_1,
        pygame.K_2: Action.CHOICE_2,
        pygame.K_3: Action.CHOICE_3,
        pygame.K_4: Action.CHOICE_4,
        pygame.K_KP1: Action.CHOICE_1,
        pygame.K_KP2: Action.CHOICE_2,
        pygame.K_KP3: Action.CHOICE_3,
        pygame.K_KP4: Action.CHOICE_4,
    }
    return always, game_keys


# SDL game controller / common joystick button numbers (A, B, Y, Back, Start)
PAD_BUTTONS = {0: Action.CONFIRM, 1: Action.BACK, 3: Action.SPEAK, 6: Action.BACK, 7: Action.PAUSE}
HAT = {(0, 1): Action.UP, (0, -1): Action.DOWN, (-1, 0): Action.LEFT, (1, 0): Action.RIGHT}


class InputMapper:
    def __init__(
        self,
        to_canvas: Callable[[tuple[float, float]], tuple[float, float]],
        window_size: Callable[[], tuple[int, int]],
    ):
        self.to_canvas = to_canvas
        self.window_size = window_size
        self.text_mode = False
        self.kiosk = False  # the window's close, ALT+F4 and Esc do nothing; a touch hides the cursor
        self.held: set[Action] = set()  # directions held down right now (for action levels)
        self.pointer_held = False
        self.pointer: tuple[float, float] | None = None
        self._always, self._game_keys = _key_tables()
        self._joysticks: dict[int, Any] = {}
        self._axis_dirs: dict[tuple[int, int], Action | None] = {}
        self.resized = False
        self.sources: list[Any] = []  # more input sources: .poll(elapsed) -> list[InputEvent] (the camera)
        self._handlers: dict[int, Callable[[Any], list[InputEvent]]] | None = None  # by SDL event type, on first use

    def poll(self, elapsed: float = 0.0) -> list[InputEvent]:
        import pygame

        out: list[InputEvent] = []
        for event in pygame.event.get():
            out.extend(self.translate(event))
        for source in self.sources:
            out.extend(source.poll(elapsed))
        return out

    def _key_action(self, key: int) -> Action | None:
        action = self._always.get(key)
        if action is None and not self.text_mode:
            action = self._game_keys.get(key)
        return action

    def translate(self, event: Any) -> list[InputEvent]:
        """One SDL event as the actions it means (often none), through the table of handlers by event type."""
        if self._handlers is None:
            self._handlers = self._handler_table()
        handler = self._handlers.get(event.type)
        return handler(event) if handler is not None else []

    def _handler_table(self) -> dict[int, Callable[[Any], list[InputEvent]]]:
        import pygame

        return {
            pygame.QUIT: self._quit,
            pygame.KEYDOWN: self._key_down,
            pygame.KEYUP: self._key_up,
            pygame.TEXTINPUT: self._text,
            pygame.MOUSEBUTTONDOWN: self._mouse,
            pygame.MOUSEBUTTONUP: self._mouse,
            pygame.MOUSEMOTION: self._mouse,
            pygame.FINGERDOWN: self._finger,
            pygame.FINGERUP: self._finger,
            pygame.FINGERMOTION: self._finger,
            pygame.JOYDEVICEADDED: self._pad_added,
            pygame.JOYDEVICEREMOVED: self._pad_removed,
            pygame.JOYBUTTONDOWN: self._pad_button,
            pygame.JOYHATMOTION: self._pad_hat,
            pygame.JOYAXISMOTION: self._pad_axis,
            pygame.VIDEORESIZE: self._window_resized,
            pygame.WINDOWSIZECHANGED: self._window_resized,
        }

    # -- keyboard ----------------------------------------------------------------------------------
    def _quit(self, event: Any) -> list[InputEvent]:
        return [] if self.kiosk else [InputEvent(Action.QUIT)]

    def _key_down(self, event: Any) -> list[InputEvent]:
        import pygame

        if self.kiosk and (event.key == pygame.K_ESCAPE or (event.key == pygame.K_F4 and event.mod & pygame.KMOD_ALT)):
            return []
        action = self._key_action(event.key)
        if action is None:
            return []
        if action in (Action.UP, Action.DOWN, Action.LEFT, Action.RIGHT):
            self.held.add(action)
        return [InputEvent(action)]

    def _key_up(self, event: Any) -> list[InputEvent]:
        action = self._key_action(event.key)
        if action is not None:
            self.held.discard(action)
        return []

    def _text(self, event: Any) -> list[InputEvent]:
        return [InputEvent(Action.TEXT, text=event.text)] if self.text_mode else []

    # -- mouse and touch ---------------------------------------------------------------------------
    def _mouse(self, event: Any) -> list[InputEvent]:
        import pygame

        kind = event.type
        if getattr(event, "touch", False):
            return []  # SDL's copy of a finger event: the FINGER event already counted
        if self.kiosk and kind == pygame.MOUSEMOTION and not self._cursor:
            self._show_cursor(True)
        pos = self.to_canvas(event.pos)
        self.pointer = pos
        if kind == pygame.MOUSEMOTION:
            return [InputEvent(Action.POINTER_MOVE, pos=pos, held=bool(event.buttons[0]))]
        if event.button != 1:
            return []
        self.pointer_held = kind == pygame.MOUSEBUTTONDOWN
        return [InputEvent(Action.POINTER if self.pointer_held else Action.POINTER_UP, pos=pos)]

    def _finger(self, event: Any) -> list[InputEvent]:
        import pygame

        kind = event.type
        if self.kiosk and self._cursor:
            self._show_cursor(False)
        w, h = self.window_size()
        pos = self.to_canvas((event.x * w, event.y * h))
        self.pointer = pos
        if kind == pygame.FINGERMOTION:
            return [InputEvent(Action.POINTER_MOVE, pos=pos, held=True)]
        self.pointer_held = kind == pygame.FINGERDOWN
        return [InputEvent(Action.POINTER if self.pointer_held else Action.POINTER_UP, pos=pos)]

    # -- gamepads ----------------------------------------------------------------------------------
    def _pad_added(self, event: Any) -> list[InputEvent]:
        import pygame

        try:
            stick = pygame.joystick.Joystick(event.device_index)
            self._joysticks[stick.get_instance_id()] = stick
        except pygame.error:
            pass
        return []

    def _pad_removed(self, event: Any) -> list[InputEvent]:
        self._joysticks.pop(event.instance_id, None)
        return []

    def _pad_button(self, event: Any) -> list[InputEvent]:
        action = PAD_BUTTONS.get(event.button)
        return [InputEvent(action)] if action else []

    def _pad_hat(self, event: Any) -> list[InputEvent]:
        for held in HAT.values():
            self.held.discard(held)
        action = HAT.get(tuple(event.value))
        if action is None:
            return []
        self.held.add(action)
        return [InputEvent(action)]

    def _pad_axis(self, event: Any) -> list[InputEvent]:
        return self._axis(event.instance_id, event.axis, event.value) if event.axis in (0, 1) else []

    # -- the window --------------------------------------------------------------------------------
    def _window_resized(self, event: Any) -> list[InputEvent]:
        self.resized = True
        return []

    _cursor = True

    def _show_cursor(self, visible: bool) -> None:
        import pygame

        self._cursor = visible
        try:
            pygame.mouse.set_visible(visible)
        except pygame.error:
            pass

    def _axis(self, stick: int, axis: int, value: float) -> list[InputEvent]:
        negative, positive = (Action.LEFT, Action.RIGHT) if axis == 0 else (Action.UP, Action.DOWN)
        now = negative if value < -AXIS_DEADZONE else positive if value > AXIS_DEADZONE else None
        before = self._axis_dirs.get((stick, axis))
        if now == before:
            return []
        self._axis_dirs[(stick, axis)] = now
        if before is not None:
            self.held.discard(before)
        if now is None:
            return []
        self.held.add(now)
        return [InputEvent(now)]
