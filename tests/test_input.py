"""The input mapper: every device becomes the same Actions, in canvas coordinates."""

from __future__ import annotations

import pygame
import pytest

from game.actions import Action
from game.input import InputMapper


@pytest.fixture
def mapper():
    pygame.init()
    # a 960x540 window showing the 1920x1080 canvas at half size
    m = InputMapper(to_canvas=lambda p: (p[0] * 2, p[1] * 2), window_size=lambda: (960, 540))
    yield m
    pygame.quit()


def ev(kind, **attrs):
    return pygame.event.Event(kind, **attrs)


def actions(mapper, event):
    return [(e.action, e.pos, e.text) for e in mapper.translate(event)]


def test_keys(mapper):
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_RETURN)) == [(Action.CONFIRM, None, "")]
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_ESCAPE)) == [(Action.BACK, None, "")]
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_3)) == [(Action.CHOICE_3, None, "")]
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_a)) == [(Action.LEFT, None, "")]
    assert Action.LEFT in mapper.held
    mapper.translate(ev(pygame.KEYUP, key=pygame.K_a))
    assert Action.LEFT not in mapper.held
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_F13)) == []


def test_text_mode_types_instead_of_steering(mapper):
    mapper.text_mode = True
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_a)) == []
    assert actions(mapper, ev(pygame.TEXTINPUT, text="a")) == [(Action.TEXT, None, "a")]
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_BACKSPACE)) == [(Action.ERASE, None, "")]
    assert actions(mapper, ev(pygame.KEYDOWN, key=pygame.K_LEFT)) == [(Action.LEFT, None, "")]
    mapper.text_mode = False
    assert actions(mapper, ev(pygame.TEXTINPUT, text="a")) == []


def test_mouse_maps_to_canvas(mapper):
    assert actions(mapper, ev(pygame.MOUSEBUTTONDOWN, pos=(100, 50), button=1, touch=False)) == [
        (Action.POINTER, (200, 100), "")
    ]
    assert actions(mapper, ev(pygame.MOUSEBUTTONUP, pos=(100, 50), button=1, touch=False)) == [
        (Action.POINTER_UP, (200, 100), "")
    ]
    assert actions(mapper, ev(pygame.MOUSEBUTTONDOWN, pos=(100, 50), button=3, touch=False)) == []


def test_touch_counts_once(mapper):
    """A finger event (0..1 of the window) is the tap; SDL's mouse copy of it is dropped."""
    down = actions(mapper, ev(pygame.FINGERDOWN, x=0.5, y=0.25, touch_id=1, finger_id=1, dx=0, dy=0, pressure=1))
    assert down == [(Action.POINTER, (960.0, 270.0), "")]
    assert actions(mapper, ev(pygame.MOUSEBUTTONDOWN, pos=(480, 135), button=1, touch=True)) == []
    moved = mapper.translate(ev(pygame.FINGERMOTION, x=0.25, y=0.25, touch_id=1, finger_id=1, dx=0, dy=0, pressure=1))
    assert moved[0].action is Action.POINTER_MOVE and moved[0].held and moved[0].pos == (480.0, 270.0)


def test_gamepad(mapper):
    assert actions(mapper, ev(pygame.JOYBUTTONDOWN, button=0, instance_id=0, joy=0)) == [(Action.CONFIRM, None, "")]
    assert actions(mapper, ev(pygame.JOYBUTTONDOWN, button=1, instance_id=0, joy=0)) == [(Action.BACK, None, "")]
    assert actions(mapper, ev(pygame.JOYHATMOTION, value=(0, 1), hat=0, instance_id=0, joy=0)) == [
        (Action.UP, None, "")
    ]
    assert Action.UP in mapper.held
    mapper.translate(ev(pygame.JOYHATMOTION, value=(0, 0), hat=0, instance_id=0, joy=0))
    assert Action.UP not in mapper.held
    # a stick: one action when it crosses the dead zone, none while it stays there
    assert actions(mapper, ev(pygame.JOYAXISMOTION, axis=0, value=0.9, instance_id=0, joy=0)) == [
        (Action.RIGHT, None, "")
    ]
    assert actions(mapper, ev(pygame.JOYAXISMOTION, axis=0, value=0.95, instance_id=0, joy=0)) == []
    assert actions(mapper, ev(pygame.JOYAXISMOTION, axis=0, value=0.1, instance_id=0, joy=0)) == []
    assert Action.RIGHT not in mapper.held


def test_window_close(mapper):
    assert actions(mapper, ev(pygame.QUIT)) == [(Action.QUIT, None, "")]
