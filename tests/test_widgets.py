"""Buttons: the marks an option can wear are drawn apart, and a mark never re-wraps its label."""

from __future__ import annotations

import pygame
import pytest

from game import paths
from game.ui.text import TextRenderer
from game.ui.widgets import Button, draw_button


@pytest.fixture(scope="module")
def text():
    pygame.init()
    return TextRenderer(paths.FONT)


def icon_pixels(text, **marks) -> bytes:
    surface = pygame.Surface((600, 120))
    button = Button("o", (0, 0, 600, 120), "", **marks)
    draw_button(surface, text, button)
    return pygame.image.tobytes(surface.subsurface((600 - 90, 20, 80, 80)), "RGB")


def test_chosen_right_wrong_and_missed_look_different(text):
    """Issue 19, item 11: 'selected' used the same tick as 'right'."""
    drawn = {
        "plain": icon_pixels(text),
        "selected": icon_pixels(text, selected=True),
        "right": icon_pixels(text, mark="right"),
        "wrong": icon_pixels(text, mark="wrong"),
        "missed": icon_pixels(text, mark="missed"),
    }
    assert len(set(drawn.values())) == len(drawn)


def test_a_mark_does_not_rewrap_the_label(text, monkeypatch):
    """Issue 19, item 13: an option's text re-wrapped when its tick or cross appeared."""
    boxes = []
    real = text.draw
    monkeypatch.setattr(
        text,
        "draw",
        lambda s, label, size, color, rect, **k: (
            boxes.append(pygame.Rect(rect)) or real(s, label, size, color, rect, **k)
        ),
    )
    surface = pygame.Surface((900, 160))
    label = "一个长长的答案选项，写得足够长，好让它在按钮里折成两行或者更多行"
    for mark in ("", "right", "wrong", "missed"):
        draw_button(surface, text, Button("o", (0, 0, 900, 160), label, badge="A", reserve_icon=True, mark=mark))
    assert len({tuple(b) for b in boxes}) == 1
