"""The camera's cursor, its dwell ring, and the small mirrored camera preview, drawn over every scene.

draw_cursor() draws a ring-and-dot cursor (light with a dark edge: seen on any background) and,
while the player holds still over a button, a dark ring filling white clockwise from the top as
the dwell runs (the same with less motion: it shows progress, it does not animate for show).
CameraOverlay is what the App draws last each frame: it reads the camera input's cursor, dwell
progress and preview picture (duck-typed: nothing here imports game.camera), turns a new preview
picture into a surface (in memory only) and draws it in the bottom-left corner with the play zone
outlined and "not recorded" under it.

pygame is imported inside the functions: the camera's game-thread modules and this one stay light to import
(tests/test_camera_play.py), unlike the other drawing modules.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from game.ui import theme

if TYPE_CHECKING:
    import pygame

CURSOR_R = 26
RING_R = 48  # the dwell ring's outer radius
RING_W = 12
PREVIEW_RECT = (24, 1080 - 24 - 180 - 40, 240, 180)  # x, y, w, h on the canvas; the caption goes under it


def ring_points(center: tuple[float, float], outer: float, width: float, fraction: float) -> list[tuple[float, float]]:
    """A polygon for the part `fraction` (0..1) of a ring, clockwise from 12 o'clock."""
    cx, cy = center
    steps = max(2, math.ceil(64 * fraction))
    angles = [-math.pi / 2 + 2 * math.pi * fraction * i / steps for i in range(steps + 1)]
    inner = outer - width
    return [(cx + outer * math.cos(a), cy + outer * math.sin(a)) for a in angles] + [
        (cx + inner * math.cos(a), cy + inner * math.sin(a)) for a in reversed(angles)
    ]


def draw_cursor(canvas: pygame.Surface, pos: tuple[float, float], progress: float = 0.0) -> None:
    import pygame

    x, y = round(pos[0]), round(pos[1])
    if progress > 0:  # a dark track, filling white: seen on dark screens and on yellow buttons alike
        pygame.draw.circle(canvas, theme.BG_DEEP, (x, y), RING_R + 4, RING_W + 8)
        if progress >= 1:
            pygame.draw.circle(canvas, theme.TEXT, (x, y), RING_R, RING_W)
        else:
            pygame.draw.polygon(canvas, theme.TEXT, ring_points((x, y), RING_R, RING_W, progress))
    pygame.draw.circle(canvas, theme.BG_DEEP, (x, y), CURSOR_R + 3, 9)
    pygame.draw.circle(canvas, theme.TEXT, (x, y), CURSOR_R, 5)
    pygame.draw.circle(canvas, theme.BG_DEEP, (x, y), 9)
    pygame.draw.circle(canvas, theme.ACCENT, (x, y), 6)


class CameraOverlay:
    """Draws a CameraInput's cursor and preview; the App calls draw(canvas) after every scene."""

    def __init__(self, camera: Any, ctx: Any):
        self.camera = camera
        self.ctx = ctx
        self._seq = 0
        self._surface: Any = None  # (the scaled picture, the array it wraps) while the preview shows

    def draw(self, canvas: pygame.Surface) -> None:
        camera = self.camera
        if camera.preview_on and camera.status == "on":
            self._draw_preview(canvas)
        elif self._surface is not None:
            self._surface, self._seq = None, 0  # no picture kept once the preview is off
        if camera.visible and camera.cursor is not None:
            draw_cursor(canvas, camera.cursor, camera.progress)

    def _draw_preview(self, canvas: pygame.Surface) -> None:
        import pygame

        seq, picture = self.camera.preview_frame()
        if picture is None:
            return
        x, y, w, h = PREVIEW_RECT
        if seq != self._seq:  # a new picture: wrap its memory (no copy); the array goes with the surface
            ph, pw = picture.shape[:2]
            image = pygame.image.frombuffer(picture, (pw, ph), "RGB")
            self._surface = (image if (pw, ph) == (w, h) else pygame.transform.scale(image, (w, h)), picture)
            self._seq = seq
        pygame.draw.rect(canvas, theme.BG_DEEP, (x - 6, y - 6, w + 12, h + 52), border_radius=12)
        canvas.blit(self._surface[0], (x, y))
        x0, y0, x1, y1 = self.camera.config.zone
        zone = pygame.Rect(x + round((1 - x1) * w), y + round(y0 * h), round((x1 - x0) * w), round((y1 - y0) * h))
        pygame.draw.rect(canvas, theme.ACCENT, zone, 3)
        self.ctx.text.draw(
            canvas,
            self.ctx.tr("camera.preview_note"),
            22,
            theme.TEXT,
            (x, y + h + 4, w, 38),
            align="center",
            valign="middle",
            shrink=True,
        )
