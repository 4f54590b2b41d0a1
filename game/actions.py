"""What a player can do, whatever the device: the only vocabulary scenes and tests speak."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto


class Action(Enum):
    UP = auto()
    DOWN = auto()
    LEFT = auto()
    RIGHT = auto()
    CONFIRM = auto()
    BACK = auto()
    PAUSE = auto()
    CHOICE_1 = auto()
    CHOICE_2 = auto()
    CHOICE_3 = auto()
    CHOICE_4 = auto()
    POINTER = auto()  # a tap or click at `pos` (canvas coordinates)
    POINTER_MOVE = auto()  # a drag/hover at `pos`, `held` tells whether a finger/button is down
    POINTER_UP = auto()
    TEXT = auto()  # typed characters in `text`
    ERASE = auto()  # backspace
    MUTE = auto()
    SPEAK = auto()  # read the screen's main text aloud (again), or stop reading
    QUIT = auto()  # the window's close button


CHOICES = (Action.CHOICE_1, Action.CHOICE_2, Action.CHOICE_3, Action.CHOICE_4)


@dataclass(frozen=True)
class InputEvent:
    action: Action
    pos: tuple[float, float] | None = None
    text: str = ""
    held: bool = False
