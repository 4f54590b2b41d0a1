"""The calm animated background behind every screen: a vertical gradient and slow soft shapes.

The gradient's bands are worked out once and filled each frame; only a few circles move, by `t`
(scenes pass Scene.motion_t, which stands still under less motion).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pygame

from game.ui import theme


@lru_cache(maxsize=2)
def _bands(size: tuple[int, int]) -> tuple[tuple[tuple[int, int, int], tuple[int, int, int, int]], ...]:
    """The vertical gradient as (colour, rect) bands: its two colours are close, so the rows hold
    a few dozen distinct colours. Filling them onto the canvas each frame costs no more than
    blitting a cached full-screen gradient, without making one (8 MB) on the first frame."""
    w, h = size
    (r0, g0, b0), (r1, g1, b1) = theme.BG, theme.BG_DEEP
    bands = []
    band, start = None, 0
    for y in range(h + 1):
        f = y / max(1, h - 1)
        color = (round(r0 + (r1 - r0) * f), round(g0 + (g1 - g0) * f), round(b0 + (b1 - b0) * f)) if y < h else None
        if color != band:
            if band is not None:
                bands.append((band, (0, start, w, y - start)))
            band, start = color, y
    return tuple(bands)


@lru_cache(maxsize=8)
def _blob(radius: int, color: tuple[int, int, int, int]) -> Any:
    surface = pygame.Surface((radius * 2, radius * 2), pygame.SRCALPHA)
    pygame.draw.circle(surface, color, (radius, radius), radius)
    return surface


BLOBS = [  # (x fraction, y fraction, radius, speed, colour)
    (0.12, 0.22, 180, 0.11, (90, 160, 230, 26)),
    (0.85, 0.18, 240, 0.07, (255, 196, 61, 20)),
    (0.72, 0.82, 210, 0.09, (120, 210, 170, 22)),
    (0.25, 0.85, 150, 0.13, (255, 255, 255, 14)),
]


def draw_backdrop(canvas: pygame.Surface, t: float) -> None:
    fill = canvas.fill
    for color, rect in _bands(canvas.get_size()):
        fill(color, rect)
    w, h = canvas.get_size()
    for i, (fx, fy, radius, speed, tint) in enumerate(BLOBS):
        x = fx * w + math.sin(t * speed + i) * 60
        y = fy * h + math.cos(t * speed * 0.8 + i * 2) * 40
        canvas.blit(_blob(radius, tint), (x - radius, y - radius))
