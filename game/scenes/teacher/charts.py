"""Chart primitives for the teacher's screens, drawn with pygame and the game's text renderer.

Every bar carries its number; grades use the theme's LOW/MID/HIGH (so the colour-blind palette
reaches the charts) and a "needs help" mark is a flag icon plus a word, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.ui import theme

if TYPE_CHECKING:
    from game.ports import Text
    from game.ui.theme import Theme


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def level_color(value: float | None, th: Theme = theme.STANDARD) -> tuple[int, int, int]:
    """A percentage's grade colour in the theme (its number is always printed beside it)."""
    if value is None:
        return th.DISABLED
    return th.LOW if value < 50 else th.MID if value < 75 else th.HIGH


def draw_flag(
    surface: pygame.Surface, pos: tuple[int, int], size: int, color: tuple[int, int, int] = theme.STANDARD.LOW
) -> None:
    """A small flag: the 'needs help' icon (always drawn beside the words)."""
    x, y = pos
    pygame.draw.line(surface, color, (x, y), (x, y + size), max(3, size // 9))
    pygame.draw.polygon(surface, color, [(x, y), (x + size * 0.75, y + size * 0.22), (x, y + size * 0.45)])


def draw_hbar(
    surface: pygame.Surface,
    text: Text,
    rect: tuple[int, int, int, int],
    label: str,
    value: float | None,
    value_text: str | None = None,
    label_width: int = 520,
    max_value: float = 100.0,
    color: tuple[int, int, int] | None = None,
    size: int = theme.SIZE_SMALL,
    value_width: int = 150,
    th: Theme = theme.STANDARD,
) -> None:
    """One labelled horizontal bar: label | bar | number."""
    x, y, w, h = rect
    text.draw(surface, label, size, theme.TEXT, (x, y, label_width - 20, h), valign="middle", shrink=True)
    bar_x, bar_w = x + label_width, w - label_width - value_width
    pygame.draw.rect(surface, th.BAR_BG, (bar_x, y + h // 4, bar_w, h // 2), border_radius=6)
    if value is not None and max_value > 0:
        fill = max(0, min(1.0, value / max_value))
        pygame.draw.rect(
            surface,
            color or level_color(value, th),
            (bar_x, y + h // 4, max(4, round(bar_w * fill)), h // 2),
            border_radius=6,
        )
    shown = value_text if value_text is not None else pct(value)
    text.draw(
        surface,
        shown,
        size,
        theme.TEXT,
        (bar_x + bar_w + 12, y, value_width - 12, h),
        align="right",
        valign="middle",
        shrink=True,
    )


def draw_vbars(
    surface: pygame.Surface,
    text: Text,
    rect: tuple[int, int, int, int],
    labels: list[str],
    series: list[tuple[str, list[float | None], tuple[int, int, int]]],
    max_value: float,
    fmt: Callable[[float | None], str] = pct,
    legend: bool = True,
) -> None:
    """Grouped vertical bars with the value above each bar, labels below, and a legend."""
    x, y, w, h = rect
    label_h = 96 if any("\n" in label for label in labels) else 70
    value_h, legend_h = 44, 50 if legend and len(series) > 1 else 0
    plot_top, plot_bottom = y + value_h, y + h - label_h - legend_h
    pygame.draw.line(surface, theme.TEXT_DIM, (x, plot_bottom), (x + w, plot_bottom), 3)
    groups = max(1, len(labels))
    group_w = w / groups
    bar_w = min(140, (group_w - 30) / max(1, len(series)))
    for g, label in enumerate(labels):
        gx = x + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, (_, values, color) in enumerate(series):
            value = values[g]
            bx = gx + s * bar_w
            if value is not None and max_value > 0:
                bh = (plot_bottom - plot_top) * max(0.0, min(1.0, value / max_value))
                pygame.draw.rect(surface, color, (bx + 4, plot_bottom - bh, bar_w - 8, bh), border_radius=4)
                text.draw(
                    surface,
                    fmt(value),
                    28,
                    theme.TEXT,
                    (bx - 20, plot_bottom - bh - value_h, bar_w + 40, value_h),
                    align="center",
                    valign="bottom",
                )
        text.draw(
            surface,
            label,
            28,
            theme.TEXT_DIM,
            (x + g * group_w, plot_bottom + 8, group_w, label_h - 8),
            align="center",
            shrink=True,
        )
    if legend_h:
        lx = x
        for name, _, color in series:
            pygame.draw.rect(surface, color, (lx, y + h - 38, 28, 28), border_radius=4)
            text.draw(surface, name, 28, theme.TEXT, (lx + 40, y + h - 46, 360, 44), valign="middle")
            lx += 420
