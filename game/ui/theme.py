"""Colours and sizes: one Theme value per palette; the App's context holds the one in use (ctx.theme).

Feedback never relies on colour alone: every state also has an icon or word. The module constants
are the standard theme's values; anything a palette changes (ACCENT, BUTTON*, RIGHT, WRONG, and the
charts' LOW/MID/HIGH) is read from ctx.theme, which Context.apply_settings() replaces when the
palette changes. Nothing here is changed at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    """Every colour a screen draws with. LOW/MID/HIGH grade a percentage in the teacher's charts."""

    name: str = "standard"
    BG: Colour = BG
    BG_DEEP: Colour = BG_DEEP
    PANEL: Colour = PANEL
    PANEL_LIGHT: Colour = PANEL_LIGHT
    TEXT: Colour = TEXT
    TEXT_DIM: Colour = TEXT_DIM
    ACCENT: Colour = ACCENT
    ACCENT_TEXT: Colour = ACCENT_TEXT
    BUTTON: Colour = BUTTON
    BUTTON_HOVER: Colour = BUTTON_HOVER
    BUTTON_SELECTED: Colour = BUTTON_SELECTED
    FOCUS: Colour = FOCUS
    RIGHT: Colour = RIGHT
    WRONG: Colour = WRONG
    DISABLED: Colour = DISABLED
    LOW: Colour = (214, 96, 60)  # under 50 %
    MID: Colour = (232, 176, 64)  # 50-75 %
    HIGH: Colour = (46, 160, 110)  # 75 % and over
    BAR_BG: Colour = (24, 44, 70)


STANDARD = Theme()
# "colourblind" follows Okabe & Ito (2008): right/wrong and the charts' grades become blue/orange/
# yellow, which stay apart for every common colour-vision deficiency; icons and words carry them too.
PALETTES: dict[str, Theme] = {
    "standard": STANDARD,
    "colourblind": replace(
        STANDARD, name="colourblind",
        ACCENT=(240, 228, 66),  # Okabe-Ito yellow
        BUTTON=(66, 88, 122),  # slate, so a blue "right" option stands out from plain buttons
        BUTTON_HOVER=(88, 112, 150),
        BUTTON_SELECTED=(240, 228, 66),
        RIGHT=(0, 114, 178),  # blue
        WRONG=(213, 94, 0),  # vermillion
        LOW=(213, 94, 0),
        MID=(240, 228, 66),
        HIGH=(0, 114, 178),
    ),
}


def make_theme(palette: str) -> Theme:
    """The theme of a palette (the standard one for a name it does not know)."""
    return PALETTES.get(palette, STANDARD)
