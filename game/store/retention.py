"""Re-test dates per class, kept in this device's settings, and the one fact the game needs to know
before a session starts: has this student taken the track's re-test since it opened? (The rule itself
is game/classroom/retention.py; the figures are game/reports/retention.py.)

A date is a local calendar day, ISO text ("2027-01-20"); the settings key holds {class code: date}.
Like the device's class code, the dates stay on this device: schedule them in the teacher area of
each device a class plays on (or with `python main.py retention` on each). What a student did on
another device is not known here, so the rule does not ask for a post-test on this one: every student
of the class is offered the re-test once on each device (the report pairs it with their pre- and
post-test wherever those were played, once the data is together).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from game.store.db import Store, StoreError, _explain

KEY = "retention.schedule"

TAKEN = """
    SELECT EXISTS (SELECT 1 FROM players p JOIN sessions s ON s.player_id = p.id JOIN attempts t ON t.session_id = s.id
                   WHERE p.class_code = :class_code AND p.nickname = :nickname AND s.track_id = :track_id
                     AND t.role = 'retention' AND t.status = 'finished' AND t.started_at >= :since)
"""


def schedule(store: Store) -> dict[str, str]:
    """class code -> the local date its re-test opens (entries that are not a class code and a date are skipped)."""
    saved = store.setting(KEY, {}) or {}
    out = {}
    if isinstance(saved, dict):
        for code, day in saved.items():
            if isinstance(code, str) and code and isinstance(day, str):
                try:
                    out[code] = dt.date.fromisoformat(day).isoformat()
                except ValueError:
                    continue
    return dict(sorted(out.items()))


def set_date(store: Store, class_code: str, day: dt.date | None) -> dict[str, str]:
    """Open the re-test of class_code on `day` (None: cancel it); returns the whole schedule."""
    current = schedule(store)
    if day is None:
        current.pop(class_code, None)
    else:
        current[class_code] = day.isoformat()
    store.set_setting(KEY, current)
    return current


def taken(store: Store, class_code: str, nickname: str, track_id: str, since_utc: str) -> bool:
    """Has this student finished the track's re-test (on this device) at or after since_utc?"""
    try:
        row: Any = store.conn.execute(
            TAKEN, {"class_code": class_code, "nickname": nickname, "track_id": track_id, "since": since_utc}
        ).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
    return bool(row[0])
