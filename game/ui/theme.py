"""Colours and sizes: one Theme value per palette; the App's context holds the one in use (ctx.theme).

Feedback never relies on colour alone: every state also has an icon or word. The module constants
are the standard theme's values; anything a palette changes (ACCENT, BUTTON*, RIGHT, WRONG, and the
charts' LOW/MID/HIGH) is read from ctx.theme, which Context.apply_settings() replaces when the
palette changes. Nothing here is changed at run time.
"""

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

Colour = tuple[int, int, int]


DEFAULTS: dict[str, Colour] = {
    "BG": BG, "BG_DEEP": BG_DEEP, "PANEL": PANEL, "PANEL_LIGHT": PANEL_LIGHT, "TEXT": TEXT, "TEXT_DIM": TEXT_DIM,
    "ACCENT": ACCENT, "ACCENT_TEXT": ACCENT_TEXT, "BUTTON": BUTTON, "BUTTON_HOVER": BUTTON_HOVER,
    "BUTTON_SELECTED": BUTTON_SELECTED, "FOCUS": FOCUS, "RIGHT": RIGHT, "WRONG": WRONG, "DISABLED": DISABLED,
    # the teacher's charts grade a percentage: LOW under 50 %, MID 50-75 %, HIGH 75 % and over
    "LOW": (214, 96, 60), "MID": (232, 176, 64), "HIGH": (46, 160, 110), "BAR_BG": (24, 44, 70),
}


class Theme:
    """Every colour a screen draws with, by the names in DEFAULTS; read-only once made.
    (A plain class with slots, not a dataclass: it is made while the game starts.)"""

    __slots__ = ("name", *DEFAULTS)

    def __init__(self, name: str = "standard", **colours: Colour):
        unknown = set(colours) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"not theme colours: {sorted(unknown)}")
        set_ = object.__setattr__
        set_(self, "name", name)
        for key, value in DEFAULTS.items():
            set_(self, key, colours.get(key, value))

    def replace(self, name: str, **colours: Colour) -> "Theme":
        return Theme(name, **{**{k: getattr(self, k) for k in DEFAULTS}, **colours})

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("a Theme does not change: make another (Theme.replace)")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Theme) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in self.__slots__))

    def __repr__(self) -> str:
        return f"Theme({self.name!r})"


STANDARD = Theme()
# "colourblind" follows Okabe & Ito (2008): right/wrong and the charts' grades become blue/orange/
# yellow, which stay apart for every common colour-vision deficiency; icons and words carry them too.
PALETTES: dict[str, Theme] = {
    "standard": STANDARD,
    "colourblind": STANDARD.replace(
        "colourblind",
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
