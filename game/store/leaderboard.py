"""Today's leaderboard: the day runs from the daily reset time (local, operator-set) to the next.

The store keeps UTC; this turns "today since 06:00 local" into the UTC string bounds the
store's queries take. `now` is passed in so tests can stand at any moment of any day.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

RESET_TIME_KEY = "kiosk.reset_time"  # settings key: "HH:MM" local time when the daily board starts again
DEFAULT_RESET = "00:00"
RESET_CHOICES = tuple(f"{h:02d}:00" for h in range(24))
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def reset_time(store: Any) -> str:
    value = store.setting(RESET_TIME_KEY, DEFAULT_RESET)
    return value if isinstance(value, str) and _HHMM.match(value) else DEFAULT_RESET


def day_window(reset: str, now: dt.datetime | None = None) -> tuple[str, str, str]:
    """(since, until, earliest_start) as store strings for the day `now` is in."""
    now = (now or dt.datetime.now()).astimezone()
    match = _HHMM.match(reset) or _HHMM.match(DEFAULT_RESET)
    assert match is not None
    start = now.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
    if start > now:
        start -= dt.timedelta(days=1)
    end = start + dt.timedelta(days=1)
    return _iso(start), _iso(end), _iso(start - dt.timedelta(hours=12))


def today(store: Any, now: dt.datetime | None = None, limit: int = 10, board: str = "course") -> list[Any]:
    """Today's top `limit` of one board: "quick" (quick play) or "course" (the full course)."""
    from game.store.kiosk import leaderboard

    since, until, earliest = day_window(reset_time(store), now)
    return leaderboard(store, since, until, earliest, limit, board)


def today_counts(store: Any, now: dt.datetime | None = None) -> Any:
    from game.store.kiosk import day_counts

    since, _, _ = day_window(reset_time(store), now)
    return day_counts(store, since)
