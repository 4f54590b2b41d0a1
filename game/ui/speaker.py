"""The speaker button: the one widget through which a screen offers its text to speech.

A scene calls `self.speaker(tag, segments, at)` in its layout() (game.scene); the base adds
one of these buttons per text, the App reads the text when the button is tapped (or the SPEAK key
is pressed, or the text is new and reading aloud is on), and draws the buttons over the scene
(so no panel the scene draws later hides one), ringing the one whose text it is reading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.ui import theme
from game.ui.widgets import Button, ButtonGroup

if TYPE_CHECKING:
    from game.ports import Text

SIZE = 84  # a finger-sized square
PREFIX = "speak-"


@dataclass(frozen=True)
class Readable:
    """A text on screen that can be read aloud: its speaker's tag, what to say, whether it is the
    screen's main text (read by itself when reading aloud is on; the SPEAK key reads it too)."""

    tag: str
    segments: tuple[str, ...]
    main: bool = False
    at: tuple[int, int] | None = None  # the button's top-left; None: no button of its own


def speaker_button(readable: Readable, size: int = SIZE) -> Button:
    assert readable.at is not None
    x, y = readable.at
    return Button(PREFIX + readable.tag, (x, y, size, size), "", style="speaker", icon="speaker")


def draw_speakers(surface: pygame.Surface, text: Text, buttons: ButtonGroup, reading: str | None, t: float) -> None:
    """A scene's speaker buttons, over everything the scene drew (its panels included), and the ring
    round the one whose text is being read (`reading`: its tag)."""
    from game.ui.tween import reduced
    from game.ui.widgets import draw_button

    th = getattr(buttons, "theme", theme.STANDARD)
    still = reduced(getattr(buttons, "ctx", None))
    for i, button in enumerate(buttons.buttons):
        if button.style == "speaker":
            draw_button(
                surface,
                text,
                button,
                focused=i == buttons.focus,
                hovered=i == buttons.hover,
                th=th,
                scale=buttons.scale_of(button.id),
            )
            if reading is not None and button.id == PREFIX + reading:
                draw_reading(surface, button, t, still, th.ACCENT)


def draw_reading(
    surface: pygame.Surface, button: Button, t: float, still: bool = False, colour: tuple[int, int, int] = theme.ACCENT
) -> None:
    """A ring round the speaker whose text is being read (still, with less motion)."""
    rect = pygame.Rect(button.rect)
    grow = 0 if still else round(4 * (1 + math.sin(t * 6)))
    pygame.draw.rect(surface, colour, rect.inflate(14 + grow, 14 + grow), width=6, border_radius=theme.RADIUS + 6)
