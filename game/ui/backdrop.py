"""The calm animated background behind every screen: a vertical gradient and slow soft shapes.

The gradient is drawn once and cached; per frame only a few circles move (reduced motion
freezes them: theme.reduced_motion).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from game.ui import theme


@lru_cache(maxsize=2)
def _gradient(size: tuple[int, int]) -> Any:
    import pygame

    w, h = size
    surface = pygame.Surface((1, h))
    top, bottom = theme.BG, theme.BG_DEEP
    for y in range(h):
        f = y / max(1, h - 1)
        surface.set_at((0, y), tuple(round(a + (b - a) * f) for a, b in zip(top, bottom)))
    return pygame.transform.scale(surface, (w, h)).convert()


@lru_cache(maxsize=8)
def _blob(radius: int, color: tuple[int, int, int, int]) -> Any:
    import pygame

    surface = pygame.Surface((radius * 2, radius * 2), pygame.SRCALPHA)
    pygame.draw.circle(surface, color, (radius, radius), radius)
    return surface


BLOBS = [  # (x fraction, y fraction, radius, speed, colour)
    (0.12, 0.22, 180, 0.11, (90, 160, 230, 26)),
    (0.85, 0.18, 240, 0.07, (255, 196, 61, 20)),
    (0.72, 0.82, 210, 0.09, (120, 210, 170, 22)),
    (0.25, 0.85, 150, 0.13, (255, 255, 255, 14)),
]


def draw_backdrop(canvas: Any, t: float) -> None:
    if theme.reduced_motion:
        t = 0.0
    canvas.blit(_gradient(canvas.get_size()), (0, 0))
    w, h = canvas.get_size()
    for i, (fx, fy, radius, speed, color) in enumerate(BLOBS):
        x = fx * w + math.sin(t * speed + i) * 60
        y = fy * h + math.cos(t * speed * 0.8 + i * 2) * 40
        canvas.blit(_blob(radius, color), (x - radius, y - radius))
