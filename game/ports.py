"""The seams a scene talks through: small Protocols for the text renderer, the sounds and the session recorder.

The Context (game/context.py) holds a `Text` and a `Sounds`; a runner hands its levels a `SessionRecorder`.
The real objects are game.ui.text.TextRenderer, game.audio.Sounds and game.session.Recorder, but anything
with the methods below may stand in for them (a test's double, a headless or silent variant): a Protocol
asks for methods, not for a base class. Each lists only what scenes and the App call; a method the real
object has but a stand-in may lack (e.g. Sounds.set_volume) stays off the list and is looked up with
hasattr() where it is used.

Protocols are plain classes and pygame is imported for the type checker only: importing this costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from game.session import LevelRecorder

if TYPE_CHECKING:
    import pygame

Colour = tuple[int, int, int]


class Text(Protocol):
    """Draws and measures text in the game's fonts (game.ui.text.TextRenderer)."""

    def render(self, text: str, size: int, color: Colour) -> pygame.Surface:
        """One line of text as a picture."""
        ...

    def draw(
        self,
        surface: pygame.Surface,
        text: str,
        size: int,
        color: Colour,
        rect: pygame.Rect | tuple[float, float, float, float],
        align: str = "left",
        valign: str = "top",
        shrink: bool = False,
    ) -> int:
        """Wrapped text inside rect (shrunk until it fits); returns the height used."""
        ...

    def measure(self, text: str, size: int) -> int:
        """The width of one line of text."""
        ...

    def line_height(self, size: int) -> int:
        """The step from one line to the next."""
        ...

    def layout(self, text: str, size: int, width: int) -> list[str]:
        """The lines text wraps into at width."""
        ...

    def height(self, text: str, size: int, width: int) -> int:
        """The height text takes at size, wrapped to width."""
        ...

    def grown(self, text: str, size: int, rect: pygame.Rect | tuple[float, float, float, float], most: int) -> int:
        """The height a box of rect's width needs to keep text at size (rect's own height .. most)."""
        ...

    def fits(self, text: str, size: int, width: int, height: int, valign: str = "top") -> bool:
        """Whether text at size keeps its ink inside width x height."""
        ...

    def fit_size(self, text: str, size: int, width: int, height: int, min_size: int = 16, valign: str = "top") -> int:
        """The largest size <= size at which text fits the box."""
        ...


class Sounds(Protocol):
    """Plays the game's sound effects (game.audio.Sounds); silent stand-ins simply do nothing."""

    def play(self, name: str) -> None:
        """A short effect by name ("correct", "wrong", "tap" ...); unknown names are ignored."""
        ...

    @property
    def muted(self) -> bool: ...

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns whether muted now."""
        ...

    @property
    def started(self) -> bool:
        """Whether start() has run (the App starts the sounds after the first frame)."""
        ...

    def start(self) -> bool:
        """Load the sounds (after pygame.init()); False when the game stays silent."""
        ...

    def stop(self) -> None:
        """Stop everything (the game is closing)."""
        ...


class SessionRecorder(LevelRecorder, Protocol):
    """One session's recorder (game.session.Recorder): a runner opens each level's attempt with it, its
    levels write their outcomes through it (as a LevelRecorder), and it closes the session."""

    @property
    def session_id(self) -> int: ...

    @property
    def closed(self) -> bool: ...

    def begin_level(self, level_id: str, level_type: str, role: str = "level") -> int:
        """Open an attempt at a level; returns its id."""
        ...

    def end(self, status: str) -> None:
        """Close the session ('finished', 'quit' or 'abandoned')."""
        ...
