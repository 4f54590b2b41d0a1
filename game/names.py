"""The rules for the names a student gives, shared by everything that takes one: the entry screen
(game/scenes/entry.py), the kiosk's nickname filter (game/content/nickname.py, which adds the
block-list and the font on top) and the classroom hub's intake (game/classroom/hub/intake.py).

Standard library only, importing nothing of the game: a low module that the scenes, the kiosk and
the classroom can all use without importing one another.

- A nickname is NFKC-normalised (full-width letters become plain ones, every run of whitespace one
  plain space, trimmed), then 1 to NAME_MAX characters of letters (CJK included), digits, single
  inner spaces and the joiners - _ . ·, with at least one letter or digit; no controls, no format
  characters, no emoji, no combining marks. "Kind Owl", "Brave Panda 23" and "座号-12" are names.
- A class code is what the entry keypad types: letters and digits (and - _), CLASS_MAX at most.
"""

from __future__ import annotations

import unicodedata

NAME_MAX = 16  # "Smart Rabbit 99", a generated English nickname, is 15
CLASS_MAX = 8
JOINERS = "-_.·"


def clean_entry(text: str, limit: int) -> str:
    """Keep letters, digits, and - _ (what the entry keypad types); drop the rest; cap the length."""
    kept = [ch for ch in text if unicodedata.category(ch)[0] in "LN" or ch in "-_"]
    return "".join(kept)[:limit]


def normalise(text: str) -> str:
    """NFKC, trimmed, every run of whitespace made one plain space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def allowed(ch: str) -> bool:
    """A character a nickname may hold (after normalise)."""
    category = unicodedata.category(ch)
    return category[0] == "L" or category == "Nd" or ch in JOINERS or ch == " "


def name_problem(text: str) -> tuple[str, str]:
    """Why a nickname as typed is refused by the character and length rules, as (reason, first bad
    character): reason is "" (fine), "characters", "empty" or "too_long"."""
    for ch in unicodedata.normalize("NFKC", text):  # tabs, newlines, controls: refused, not made spaces
        if unicodedata.category(ch)[0] == "C" or (ch.isspace() and ch != " "):
            return "characters", ch
    name = normalise(text)
    if not name:
        return "empty", ""
    if len(name) > NAME_MAX:
        return "too_long", ""
    for ch in name:
        if not allowed(ch):
            return "characters", ch
    if not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        return "characters", name[0]
    return "", ""


def stored_name_ok(text: str) -> bool:
    """A nickname exactly as the game stores one: passing the rules and already normalised."""
    return name_problem(text) == ("", "") and normalise(text) == text


def stored_class_ok(text: str) -> bool:
    """A class code exactly as the game stores one (the keypad's characters, CLASS_MAX at most)."""
    return bool(text) and clean_entry(text, CLASS_MAX) == text
