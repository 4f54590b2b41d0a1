"""What every subcommand's argparse set-up shares: argument types with clear messages, and one way to fail.

A leaf module (argparse and sys only), so any package's cli.py can use it without reaching up to game.cli.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def fail(message: str, code: int = 1) -> int:
    """Say what is wrong on stderr, as every command does, and give the exit code (no traceback)."""
    print(f"error: {message}", file=sys.stderr)
    return code


def number_between(unit: str, low: float, high: float) -> Any:
    """An argparse type: a number of `unit` from low to high, with a message that says which."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number of {unit}, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected between {low:g} and {high:g} {unit}")
        return value

    return parse


def date(text: str) -> dt.date:
    """An argparse type: a calendar date written 2026-11-23."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-23, got {text!r}") from None


def positive(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("expected 0 or more")
    return value


def window_size(text: str) -> tuple[int, int]:
    """An argparse type: a window size written WIDTHxHEIGHT, within what a screen can be."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT like 1280x720, got {text!r}") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"window size {text} is out of range")
    return width, height
