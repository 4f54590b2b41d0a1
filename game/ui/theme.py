"""Colours and sizes: one Theme value per palette; the App's context holds the one in use (ctx.theme).

Feedback never relies on colour alone: every state also has an icon or word. The module constants
are the standard theme's values; anything a palette changes (ACCENT, BUTTON*, RIGHT, WRONG, their
*_TEXT colours for words, and the charts' LOW/MID/HIGH) is read from ctx.theme, which
Context.apply_settings() replaces when the palette changes. Nothing here is changed at run time.
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
BUTTON_HOVER = (61, 114, 177)
BUTTON_SELECTED = (255, 196, 61)
FOCUS = (255, 255, 255)
RIGHT = (36, 126, 87)  # a fill (white text on it), paired with a tick icon and the word "right"
WRONG = (182, 82, 51)  # a fill (white text on it), paired with a cross icon and the word "not quite"
RIGHT_TEXT = (92, 181, 142)  # "right" as the colour of words on a dark panel
WRONG_TEXT = (226, 144, 118)  # "not quite" as the colour of words on a dark panel
DISABLED = (90, 104, 124)

SIZE_TITLE = 104
SIZE_HEADING = 64
SIZE_BODY = 44
SIZE_BUTTON = 46
SIZE_SMALL = 32
RADIUS = 22

Colour = tuple[int, int, int]


DEFAULTS: dict[str, Colour] = {
    "BG": BG,
    "BG_DEEP": BG_DEEP,
    "PANEL": PANEL,
    "PANEL_LIGHT": PANEL_LIGHT,
    "TEXT": TEXT,
    "TEXT_DIM": TEXT_DIM,
    "ACCENT": ACCENT,
    "ACCENT_TEXT": ACCENT_TEXT,
    "BUTTON": BUTTON,
    "BUTTON_HOVER": BUTTON_HOVER,
    "BUTTON_SELECTED": BUTTON_SELECTED,
    "FOCUS": FOCUS,
    "RIGHT": RIGHT,
    "WRONG": WRONG,
    "RIGHT_TEXT": RIGHT_TEXT,
    "WRONG_TEXT": WRONG_TEXT,
    "DISABLED": DISABLED,
    # the teacher's charts grade a percentage: LOW under 50 %, MID 50-75 %, HIGH 75 % and over
    "LOW": (214, 96, 60),
    "MID": (232, 176, 64),
    "HIGH": (46, 160, 110),
    "BAR_BG": (24, 44, 70),
}


class Theme:
    """Every colour a screen draws with, by the names in DEFAULTS; read-only once made.
    (A plain class with slots, not a dataclass: it is made while the game starts.)"""

    __slots__ = ("name", *DEFAULTS)
    # what the slots hold, for the type checker (set once in __init__)
    name: str
    BG: Colour
    BG_DEEP: Colour
    PANEL: Colour
    PANEL_LIGHT: Colour
    TEXT: Colour
    TEXT_DIM: Colour
    ACCENT: Colour
    ACCENT_TEXT: Colour
    BUTTON: Colour
    BUTTON_HOVER: Colour
    BUTTON_SELECTED: Colour
    FOCUS: Colour
    RIGHT: Colour
    WRONG: Colour
    RIGHT_TEXT: Colour
    WRONG_TEXT: Colour
    DISABLED: Colour
    LOW: Colour
    MID: Colour
    HIGH: Colour
    BAR_BG: Colour

    def __init__(self, name: str = "standard", **colours: Colour):
        unknown = set(colours) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"not theme colours: {sorted(unknown)}")
        set_ = object.__setattr__
        set_(self, "name", name)
        for key, value in DEFAULTS.items():
            set_(self, key, colours.get(key, value))

    def replace(self, name: str, **colours: Colour) -> Theme:
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
        WRONG=(183, 81, 0),  # vermillion, darkened so white words on it stay readable
        RIGHT_TEXT=(86, 180, 233),  # Okabe-Ito sky blue: the blue "Right!" on navy was too dark to read
        WRONG_TEXT=(230, 159, 0),  # Okabe-Ito orange
        LOW=(213, 94, 0),
        MID=(240, 228, 66),
        HIGH=(0, 114, 178),
    ),
}


# Every (text colour, background) pair the screens draw words in, by theme name. Each must reach the
# WCAG 2.1 AA contrast ratio for text, 4.5:1, in every palette (tests/test_contrast.py computes them).
# Disabled buttons are left out: WCAG exempts inactive controls. Colours a level keeps for itself
# (speech bubbles, drug labels, the spot shelf's flag) are checked there too, by their module names.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("TEXT", "BG"),
    ("TEXT", "BG_DEEP"),
    ("TEXT", "PANEL"),
    ("TEXT", "PANEL_LIGHT"),  # words, quiet buttons
    ("TEXT", "BUTTON"),
    ("TEXT", "BUTTON_HOVER"),  # button labels
    ("TEXT", "RIGHT"),
    ("TEXT", "WRONG"),  # a marked option's label, the spot tags, the settings sample
    ("TEXT_DIM", "BG"),
    ("TEXT_DIM", "BG_DEEP"),
    ("TEXT_DIM", "PANEL"),
    ("TEXT_DIM", "PANEL_LIGHT"),  # hints, notes
    ("ACCENT", "BG"),
    ("ACCENT", "BG_DEEP"),
    ("ACCENT", "PANEL"),  # headings, messages
    ("ACCENT_TEXT", "ACCENT"),
    ("ACCENT_TEXT", "BUTTON_SELECTED"),  # primary buttons, chosen options, the shield
    ("RIGHT_TEXT", "PANEL"),
    ("RIGHT_TEXT", "BG"),
    ("WRONG_TEXT", "PANEL"),
    ("WRONG_TEXT", "BG"),  # verdicts
)
AA_TEXT = 4.5


def contrast(a: Colour, b: Colour) -> float:
    """The WCAG 2.1 contrast ratio of two sRGB colours, 1 to 21."""

    def luminance(colour: Colour) -> float:
        channels = [v / 255 for v in colour]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def make_theme(palette: str) -> Theme:
    """The theme of a palette (the standard one for a name it does not know)."""
    return PALETTES.get(palette, STANDARD)
