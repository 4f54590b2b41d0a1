"""Colours and sizes. Feedback never relies on colour alone: every state also has an icon or word."""

from __future__ import annotations

W, H = 1920, 1080  # the logical canvas every scene draws on

BG = (22, 40, 64)
BG_DEEP = (14, 26, 44)
PANEL = (34, 58, 90)
PANEL_LIGHT = (48, 78, 118)
TEXT = (245, 247, 250)
TEXT_DIM = (178, 194, 214)
ACCENT = (255, 196, 61)  # warm yellow
ACCENT_TEXT = (30, 30, 30)
BUTTON = (52, 110, 180)
BUTTON_HOVER = (72, 134, 208)
BUTTON_SELECTED = (255, 196, 61)
FOCUS = (255, 255, 255)
RIGHT = (46, 160, 110)  # paired with a tick icon and the word "right"
WRONG = (214, 96, 60)  # paired with a cross icon and the word "not quite"
DISABLED = (90, 104, 124)

SIZE_TITLE = 104
SIZE_HEADING = 64
SIZE_BODY = 44
SIZE_BUTTON = 46
SIZE_SMALL = 32
RADIUS = 22
