"""When a student plays the re-test: the rule, on local calendar days, with the store's clock.

A teacher schedules a class's re-test ("in 4 weeks") in the teacher area; from that local date on,
a student of that class who starts a session of a track that has a `retention_test:` and has not
finished its re-test since the date plays the re-test first, then the track from its first level
(no pre-test). Everyone else plays the track as usual. The post-test is not asked for: a class plays
on several devices, and this one only knows what was played on it (the report leaves out a re-test
without a pre- and post-test before it). No pygame here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from game.store import retention as saved

WEEKS = (2, 4, 6, 8, 12)  # the choices the teacher area offers


def local_day(utc_iso: str) -> dt.date:
    """The local calendar day of a UTC ISO timestamp (as the store writes them)."""
    when = dt.datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
    return when.astimezone().date()


def utc_start(day: dt.date) -> str:
    """Local midnight of day, as a UTC ISO timestamp in the store's format."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def in_weeks(today: dt.date, weeks: int) -> dt.date:
    return today + dt.timedelta(weeks=weeks)


def due(store: Any, player: Any, track: Any) -> bool:
    """Does this student play the track's re-test first in a session starting now (store.now())?"""
    test = getattr(track, "retention_test", None)
    if not test or not player.class_code:
        return False
    opens = saved.schedule(store).get(player.class_code)
    if opens is None:
        return False
    day = dt.date.fromisoformat(opens)
    if local_day(store.now()) < day:
        return False
    return not saved.taken(store, player.class_code, player.nickname, track.id, utc_start(day))


def sequence(store: Any, player: Any, track: Any) -> list[tuple[str, str]]:
    """(level id, role) to play in a session starting now: when the re-test is due, the re-test, then the track
    from its first level (the pre-test is left out: the re-test already measured where the student stands, and
    its norms question would come round again)."""
    plan = track.sequence()
    if not due(store, player, track):
        return plan
    return [(track.retention_test, "retention")] + [(level, role) for level, role in plan if role != "pre"]
