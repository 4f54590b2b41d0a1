"""Procedural drawings of everyday things for spot levels (no image files, nothing to license).

Each `draw:` kind is one small function of (surface, rect, colour); a lookup table picks it.
The pictures are deliberately plain: the lesson is that you cannot tell by looking.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from game.levels.scenario.art import PALETTE

INK = (40, 40, 48)
WHITE = (250, 250, 246)
PAPER = (236, 226, 204)


def _light(c: tuple[int, int, int], k: float = 0.45) -> tuple[int, int, int]:
    return tuple(round(v + (255 - v) * k) for v in c)  # type: ignore[return-value]


def _dark(c: tuple[int, int, int], k: float = 0.35) -> tuple[int, int, int]:
    return tuple(round(v * (1 - k)) for v in c)  # type: ignore[return-value]


def _bag(pg: Any, s: Any, r: Any, c: tuple, inner: Callable[[Any], None] | None = None) -> None:
    """A pouch with a crimped top."""
    body = pg.Rect(r.x + r.w * 0.18, r.y + r.h * 0.12, r.w * 0.64, r.h * 0.84)
    pg.draw.rect(s, c, body, border_radius=18)
    pg.draw.rect(s, _dark(c), (body.x, body.y, body.w, 18), border_radius=6)
    for k in range(int(body.w // 12)):
        pg.draw.line(s, _light(c), (body.x + 6 + k * 12, body.y + 2), (body.x + 6 + k * 12, body.y + 16), 2)
    window = body.inflate(-body.w * 0.3, -body.h * 0.45).move(0, 10)
    pg.draw.ellipse(s, _light(c, 0.7), window)
    if inner:
        inner(window)


def gummies(pg: Any, s: Any, r: Any, c: tuple) -> None:
    def bears(w: Any) -> None:
        for k in range(5):
            x = w.x + 16 + (k % 3) * (w.w - 32) / 2
            y = w.y + 14 + (k // 3) * (w.h * 0.45)
            col = list(PALETTE.values())[(k * 2) % 9]
            pg.draw.circle(s, col, (x, y + 8), 11)
            pg.draw.circle(s, col, (x - 7, y - 4), 5)
            pg.draw.circle(s, col, (x + 7, y - 4), 5)
    _bag(pg, s, r, c, bears)


def candy(pg: Any, s: Any, r: Any, c: tuple) -> None:
    for k in range(5):
        cx = r.x + r.w * (0.25 + 0.25 * (k % 3)) + (12 if k >= 3 else 0)
        cy = r.y + r.h * (0.45 if k < 3 else 0.72)
        col = list(PALETTE.values())[(k * 3 + 1) % 9]
        pg.draw.polygon(s, _dark(col), [(cx - 46, cy - 16), (cx - 22, cy), (cx - 46, cy + 16)])
        pg.draw.polygon(s, _dark(col), [(cx + 46, cy - 16), (cx + 22, cy), (cx + 46, cy + 16)])
        pg.draw.ellipse(s, col, (cx - 26, cy - 18, 52, 36))


def lollipop(pg: Any, s: Any, r: Any, c: tuple) -> None:
    cx, cy = r.centerx, r.y + r.h * 0.38
    pg.draw.line(s, WHITE, (cx, cy), (cx, r.bottom - 6), 10)
    pg.draw.circle(s, c, (cx, cy), r.h * 0.32)
    for k in range(3):
        pg.draw.arc(s, WHITE, (cx - 20 - k * 16, cy - 20 - k * 16, 40 + k * 32, 40 + k * 32), k, k + 3.5, 5)


def popping_candy(pg: Any, s: Any, r: Any, c: tuple) -> None:
    def stars(w: Any) -> None:
        for k in range(4):
            x, y = w.x + 14 + k * (w.w - 28) / 3, w.centery + (8 if k % 2 else -8)
            pts = [(x + 10 * math.cos(a * math.pi / 5 - math.pi / 2) * (1 if a % 2 == 0 else 0.45),
                    y + 10 * math.sin(a * math.pi / 5 - math.pi / 2) * (1 if a % 2 == 0 else 0.45)) for a in range(10)]
            pg.draw.polygon(s, PALETTE["yellow"], pts)
    narrow = r.inflate(-r.w * 0.2, 0)
    _bag(pg, s, narrow, c, stars)


def chocolate(pg: Any, s: Any, r: Any, c: tuple) -> None:
    bar = pg.Rect(r.x + r.w * 0.12, r.y + r.h * 0.25, r.w * 0.76, r.h * 0.55)
    pg.draw.rect(s, (110, 64, 40), bar, border_radius=8)
    pg.draw.rect(s, c, bar.inflate(0, -bar.h * 0.1).move(bar.w * 0.3, 0).clip(bar), border_radius=8)
    for k in range(3):
        pg.draw.line(s, (80, 44, 28), (bar.x + 10, bar.y + bar.h * (k + 1) / 4), (bar.x + bar.w * 0.3, bar.y + bar.h * (k + 1) / 4), 3)


def biscuit(pg: Any, s: Any, r: Any, c: tuple) -> None:
    box = pg.Rect(r.x + r.w * 0.1, r.y + r.h * 0.2, r.w * 0.8, r.h * 0.62)
    pg.draw.rect(s, c, box, border_radius=10)
    for k in range(3):
        pg.draw.circle(s, (214, 170, 110), (box.x + box.w * (0.25 + 0.25 * k), box.centery), box.h * 0.26)
        pg.draw.circle(s, (190, 140, 90), (box.x + box.w * (0.25 + 0.25 * k), box.centery), 4)


def _sheet(pg: Any, s: Any, r: Any, c: tuple, cells: int, size: float) -> None:
    sheet = pg.Rect(r.x + r.w * 0.12, r.y + r.h * 0.12, r.w * 0.76, r.h * 0.76)
    pg.draw.rect(s, WHITE, sheet, border_radius=6)
    step = sheet.w / cells
    for i in range(cells):
        for j in range(cells):
            cell = pg.Rect(sheet.x + i * step + 4, sheet.y + j * (sheet.h / cells) + 4, step - 8, sheet.h / cells - 8)
            col = list(PALETTE.values())[(i + 2 * j) % 9] if size < 1 else c
            pg.draw.rect(s, _light(col, 0.3), cell, border_radius=3)
            pg.draw.circle(s, INK, (cell.centerx - cell.w * 0.15, cell.centery - 2), max(2, cell.w * 0.06))
            pg.draw.circle(s, INK, (cell.centerx + cell.w * 0.15, cell.centery - 2), max(2, cell.w * 0.06))


def stamps(pg: Any, s: Any, r: Any, c: tuple) -> None:
    """A sheet of tiny printed squares, each smaller than a fingernail."""
    _sheet(pg, s, r, c, 6, 0.5)


def stickers(pg: Any, s: Any, r: Any, c: tuple) -> None:
    _sheet(pg, s, r, c, 2, 1.0)


def bottle(pg: Any, s: Any, r: Any, c: tuple) -> None:
    body = pg.Rect(r.centerx - r.w * 0.17, r.y + r.h * 0.3, r.w * 0.34, r.h * 0.66)
    pg.draw.rect(s, _light(c, 0.5), body, border_radius=18)
    pg.draw.rect(s, _light(c, 0.5), (r.centerx - 16, r.y + r.h * 0.1, 32, r.h * 0.25))
    pg.draw.rect(s, _dark(c), (r.centerx - 20, r.y + r.h * 0.04, 40, 20), border_radius=4)
    pg.draw.rect(s, c, (body.x, body.y + body.h * 0.35, body.w, body.h * 0.3))


def juice_box(pg: Any, s: Any, r: Any, c: tuple) -> None:
    box = pg.Rect(r.centerx - r.w * 0.2, r.y + r.h * 0.2, r.w * 0.4, r.h * 0.74)
    pg.draw.rect(s, c, box, border_radius=6)
    pg.draw.line(s, WHITE, (box.right - 14, box.top), (box.right + 10, box.top - 40), 8)
    pg.draw.circle(s, PALETTE["orange"], (box.centerx, box.centery + 10), box.w * 0.28)


def milk_tea_cup(pg: Any, s: Any, r: Any, c: tuple) -> None:
    top, bottom = r.y + r.h * 0.18, r.bottom - 6
    pts = [(r.centerx - r.w * 0.24, top), (r.centerx + r.w * 0.24, top), (r.centerx + r.w * 0.18, bottom), (r.centerx - r.w * 0.18, bottom)]
    pg.draw.polygon(s, (226, 196, 160), pts)
    for k in range(6):
        pg.draw.circle(s, (60, 40, 30), (r.centerx - 30 + (k % 3) * 30, bottom - 18 - (k // 3) * 22), 9)
    pg.draw.rect(s, c, (r.centerx - r.w * 0.26, top - 14, r.w * 0.52, 16), border_radius=6)
    pg.draw.line(s, _dark(c), (r.centerx + 10, top - 10), (r.centerx + 30, r.y), 8)


def _sachet(pg: Any, s: Any, r: Any, c: tuple, label_col: tuple) -> None:
    body = pg.Rect(r.x + r.w * 0.22, r.y + r.h * 0.1, r.w * 0.56, r.h * 0.84)
    pg.draw.rect(s, c, body, border_radius=8)
    for y in (body.top + 8, body.bottom - 8):
        for k in range(int(body.w // 10)):
            pg.draw.line(s, _dark(c), (body.x + 4 + k * 10, y - 6), (body.x + 4 + k * 10, y + 6), 2)
    pg.draw.rect(s, label_col, body.inflate(-body.w * 0.3, -body.h * 0.55), border_radius=10)


def milk_tea_sachet(pg: Any, s: Any, r: Any, c: tuple) -> None:
    _sachet(pg, s, r, c, (240, 220, 190))


def coffee_sachet(pg: Any, s: Any, r: Any, c: tuple) -> None:
    _sachet(pg, s, r, c, (120, 80, 50))


def vape(pg: Any, s: Any, r: Any, c: tuple) -> None:
    body = pg.Rect(r.centerx - 26, r.y + r.h * 0.12, 52, r.h * 0.8)
    pg.draw.rect(s, c, body, border_radius=20)
    pg.draw.rect(s, INK, (body.x + 10, body.y - 8, 32, 30), border_radius=10)
    pg.draw.rect(s, _light(c, 0.6), (body.x + 12, body.y + body.h * 0.35, 28, body.h * 0.3), border_radius=8)
    pg.draw.circle(s, WHITE, (body.centerx, body.bottom - 24), 6)


def canister(pg: Any, s: Any, r: Any, c: tuple) -> None:
    for k in range(3):
        body = pg.Rect(r.x + r.w * (0.18 + 0.22 * k), r.y + r.h * 0.2, r.w * 0.18, r.h * 0.7)
        pg.draw.rect(s, (190, 196, 204), body, border_radius=16)
        pg.draw.rect(s, (150, 156, 164), (body.centerx - 8, body.y - 16, 16, 20), border_radius=4)
        pg.draw.rect(s, c, (body.x, body.centery - 10, body.w, 20))


def pill_bottle(pg: Any, s: Any, r: Any, c: tuple) -> None:
    body = pg.Rect(r.centerx - r.w * 0.22, r.y + r.h * 0.28, r.w * 0.44, r.h * 0.66)
    pg.draw.rect(s, (240, 240, 236), body, border_radius=12)
    pg.draw.rect(s, c, (body.x - 6, body.y - 30, body.w + 12, 34), border_radius=8)
    pg.draw.rect(s, _light(c, 0.6), body.inflate(-20, -body.h * 0.45), border_radius=6)


def tea_leaves(pg: Any, s: Any, r: Any, c: tuple) -> None:
    for k in range(7):
        cx = r.x + r.w * (0.2 + 0.1 * k)
        cy = r.y + r.h * (0.45 + 0.18 * math.sin(k * 1.7))
        pg.draw.ellipse(s, (90, 140, 70) if k % 2 else (70, 120, 60), (cx - 26, cy - 12, 52, 24))
        pg.draw.line(s, (50, 90, 40), (cx - 20, cy), (cx + 20, cy), 2)


def jar(pg: Any, s: Any, r: Any, c: tuple) -> None:
    body = pg.Rect(r.centerx - r.w * 0.26, r.y + r.h * 0.26, r.w * 0.52, r.h * 0.68)
    pg.draw.rect(s, (220, 230, 236), body, border_radius=16)
    pg.draw.rect(s, c, (body.x + 6, body.y - 24, body.w - 12, 28), border_radius=6)
    for k in range(9):
        pg.draw.circle(s, WHITE, (body.x + 20 + (k % 3) * (body.w - 40) / 2, body.bottom - 20 - (k // 3) * 18), 7)


DRAW = {f.__name__: f for f in (gummies, candy, lollipop, popping_candy, chocolate, biscuit, stamps, stickers, bottle,
                                juice_box, milk_tea_cup, milk_tea_sachet, coffee_sachet, vape, canister, pill_bottle,
                                tea_leaves, jar)}


def draw_item(surface: Any, kind: str, rect: Any, colour: str) -> None:
    import pygame

    DRAW.get(kind, jar)(pygame, surface, pygame.Rect(rect), PALETTE.get(colour, PALETTE["blue"]))
