"""Named regions of the 1920x1080 canvas, and helpers that cut a region into rows, columns and grids.

Screens place things by these names instead of literal (x, y, w, h) tuples, so the same button sits
in the same place on every screen and a redesign moves it once. A rect is a plain (x, y, w, h) tuple.
"""

from __future__ import annotations

W, H = 1920, 1080
MARGIN = 60
Rect = tuple[int, int, int, int]

HEADER: Rect = (0, 0, W, 110)  # the level title and the pause button
LEVEL_TITLE: Rect = (MARGIN, 26, 1500, 64)
PAUSE: Rect = (1700, 20, 180, 80)  # the pause button of every level
CONTENT: Rect = (MARGIN, 120, W - 2 * MARGIN, 780)
FOOTER: Rect = (0, 920, W, 160)
FOOTER_LEFT: Rect = (MARGIN, 940, 320, 100)  # back / leave
FOOTER_RIGHT: Rect = (1460, 935, 400, 115)  # the way on: next, done, continue, submit
FOOTER_CENTRE: Rect = (760, 935, 400, 115)  # the way on when the screen is a card in the middle
FEEDBACK: Rect = (80, 775, 1350, 290)  # a level's verdict panel beside FOOTER_RIGHT


def inset(rect: Rect, dx: int, dy: int | None = None) -> Rect:
    """The rect shrunk by dx on the left and right and dy (default dx) on top and bottom."""
    dy = dx if dy is None else dy
    x, y, w, h = rect
    return x + dx, y + dy, w - 2 * dx, h - 2 * dy


def rows(rect: Rect, n: int, gap: int = 0) -> list[Rect]:
    """n equal rows, top to bottom."""
    x, y, w, h = rect
    each = (h - gap * (n - 1)) // max(1, n)
    return [(x, y + i * (each + gap), w, each) for i in range(n)]


def columns(rect: Rect, n: int, gap: int = 0) -> list[Rect]:
    """n equal columns, left to right."""
    x, y, w, h = rect
    each = (w - gap * (n - 1)) // max(1, n)
    return [(x + i * (each + gap), y, each, h) for i in range(n)]


def grid(rect: Rect, n_rows: int, n_cols: int, gap: int = 0) -> list[Rect]:
    """Cells row by row (left to right, then down)."""
    return [cell for row in rows(rect, n_rows, gap) for cell in columns(row, n_cols, gap)]


def centred(rect: Rect, w: int, h: int) -> Rect:
    """A w x h rect in the middle of rect."""
    x, y, rw, rh = rect
    return x + (rw - w) // 2, y + (rh - h) // 2, w, h
