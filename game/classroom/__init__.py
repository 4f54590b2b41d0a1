"""Classroom mode: a class code preset on the device, pre-test -> levels -> post-test, and session
files that carry each device's play data to the teacher's machine (game/store/sessionfile.py).

Importing this package is cheap: no pygame, no database.
"""

from __future__ import annotations

from game.names import CLASS_MAX as CLASS_CODE_MAX


def clean_class_code(text: str) -> str:
    """A class code as the entry keypad makes it: letters and digits (and - _), upper case, 8 at most."""
    from game.names import clean_entry

    return clean_entry(text.strip().upper(), CLASS_CODE_MAX)
