"""Kiosk timings and the settings keys the operator menu changes (stored in the settings table)."""

from __future__ import annotations

from dataclasses import dataclass

# settings-table keys (the daily reset time of the leaderboard, RESET_TIME_KEY, is game/store/leaderboard.py's)
LANG_KEY = "kiosk.lang"  # the language every new visitor starts in
OPERATOR_PIN_KEY = "operator.pin"
OPERATOR_LOCK_KEY = "operator.pin_lock"


@dataclass(frozen=True)
class KioskConfig:
    """Seconds, all overridable from the command line (`--attract-after`, `--idle-reset`)."""

    attract_after_s: float = 60.0  # idle on the title before the demo starts
    idle_reset_s: float = 90.0  # idle anywhere else before "are you still there?"
    countdown_s: float = 10.0  # the "are you still there?" countdown
    retry_s: float = 10.0  # out of order: how often the database is tried again
    toast_s: float = 4.0  # how long "sorry, let's start again" shows
    demo_round_s: float = 40.0  # one demo chase before the leaderboard page
    board_page_s: float = 10.0  # the leaderboard page of the attract loop
