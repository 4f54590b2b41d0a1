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

# Palettes. "colourblind" follows Okabe & Ito (2008): right/wrong become blue/orange, which stay
# apart for every common colour-vision deficiency; the tick/cross icons and words carry them too.
PALETTES: dict[str, dict[str, tuple[int, int, int]]] = {
    "standard": {
        "ACCENT": ACCENT, "BUTTON": BUTTON, "BUTTON_HOVER": BUTTON_HOVER, "BUTTON_SELECTED": BUTTON_SELECTED,
        "RIGHT": RIGHT, "WRONG": WRONG,
    },
    "colourblind": {
        "ACCENT": (240, 228, 66),  # Okabe-Ito yellow
        "BUTTON": (66, 88, 122),  # slate, so a blue "right" option stands out from plain buttons
        "BUTTON_HOVER": (88, 112, 150),
        "BUTTON_SELECTED": (240, 228, 66),
        "RIGHT": (0, 114, 178),  # blue
        "WRONG": (213, 94, 0),  # vermillion
    },
}
palette = "standard"
# Reduced motion (a player setting): still backgrounds, no blinking, no crossfades between screens.
reduced_motion = False


def apply_palette(name: str) -> None:
    """Switch the colours every draw call reads (scenes read theme.X when they draw)."""
    global palette
    colours = PALETTES.get(name, PALETTES["standard"])
    globals().update(colours)
    palette = name if name in PALETTES else "standard"


def apply_motion(reduced: bool) -> None:
    """Turn reduced motion on or off for everything drawn from now on."""
    global reduced_motion
    reduced_motion = bool(reduced)


SIZE_TITLE = 104
SIZE_HEADING = 64
SIZE_BODY = 44
SIZE_BUTTON = 46
SIZE_SMALL = 32
RADIUS = 22
