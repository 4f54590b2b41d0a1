"""The window and the 1920x1080 logical canvas every scene draws on.

When the window is exactly 1920x1080 the canvas IS the window surface (no copy). Otherwise
the canvas is scaled to the largest centred rectangle of the same aspect (letterbox), and
pointer positions are mapped back through the same transform by to_canvas().
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.theme import H, W


class Screen:
    def __init__(
        self,
        window: tuple[int, int] | None = (1280, 720),
        fullscreen: bool = False,
        title: str = "",
        noframe: bool = False,
        display: int = 0,
    ):
        flags = pygame.FULLSCREEN if fullscreen else pygame.NOFRAME if noframe else pygame.RESIZABLE
        size = (0, 0) if fullscreen else (window or (1280, 720))
        try:
            self.window = pygame.display.set_mode(size, flags, display=display)
        except pygame.error:  # no such display: the first one rather than no game
            self.window = pygame.display.set_mode(size, flags)
        if title:
            pygame.display.set_caption(title)
        self._canvas: Any = None
        self.resized()

    def resized(self) -> None:
        window = pygame.display.get_surface()
        assert window is not None, "__init__ made the window with set_mode() before anything resizes it"
        self.window = window
        ww, wh = self.window.get_size()
        scale = min(ww / W, wh / H)
        self.scale = scale
        self.dest = pygame.Rect(0, 0, round(W * scale), round(H * scale))
        self.dest.center = (ww // 2, wh // 2)
        self.direct = (ww, wh) == (W, H)
        if self.direct:
            self._canvas = self.window
        elif self._canvas is None or self._canvas is self.window:
            self._canvas = pygame.Surface((W, H), 0, self.window)  # the window's pixel format, without a convert() copy

    @property
    def canvas(self) -> Any:
        return self._canvas

    @property
    def window_size(self) -> tuple[int, int]:
        return self.window.get_size()

    def to_canvas(self, pos: tuple[float, float]) -> tuple[float, float]:
        """Window pixels -> canvas pixels (clamped to the canvas)."""
        x = (pos[0] - self.dest.x) / self.scale
        y = (pos[1] - self.dest.y) / self.scale
        return min(max(x, 0.0), W - 1.0), min(max(y, 0.0), H - 1.0)

    def to_window(self, pos: tuple[float, float]) -> tuple[int, int]:
        return round(self.dest.x + pos[0] * self.scale), round(self.dest.y + pos[1] * self.scale)

    def present(self) -> None:
        if not self.direct:
            self.window.fill((0, 0, 0))
            pygame.transform.smoothscale(self._canvas, self.dest.size, self.window.subsurface(self.dest))
        pygame.display.flip()
