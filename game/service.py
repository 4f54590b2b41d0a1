"""The game as a service: stop signals end it cleanly, and systemd hears when it is ready.

SDL turns SIGINT and SIGTERM into a window-close event, and a kiosk rightly ignores window close,
so `systemctl stop`, a shutdown or an operator's script could not stop a kiosk (only SIGKILL did,
leaving the player's session open). So SDL is told to keep its hands off signals (the
SDL_NO_SIGNAL_HANDLERS hint, before pygame.init()), and StopSignals takes SIGTERM, SIGINT and SIGHUP
itself: the handler only notes the signal; the frame loop sees the note before its next frame and
ends; the App then closes its scenes (an open session becomes `quit`) and the store (checkpointed).
The difference between "close the window" and "stop the program" is the signal, not the window.

notify() speaks systemd's sd_notify protocol when the service manager asked for it (NOTIFY_SOCKET,
set for `Type=notify` units): READY=1 once the first frame is on screen, STOPPING=1 on a stop signal.
Without NOTIFY_SOCKET it does nothing.

Deadline: the App's close shares one budget (STOP_BUDGET_S) between everything that has a thread to
stop (the camera, speech, the live classroom push), so a stop is over well within systemd's
TimeoutStopSec=3 (docs/kiosk.md) however many of them hang.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")  # SIGHUP does not exist on Windows: skipped there
STOP_BUDGET_S = 2.0  # seconds for every thread to stop, together (systemd waits 3 s: docs/kiosk.md)


class Deadline:
    """One time budget shared by several waits: each asks left() for what remains of it."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.end = clock() + seconds

    def left(self) -> float:
        """Seconds until the deadline (0.0 once it has passed)."""
        return max(0.0, self.end - self.clock())


class StopSignals:
    """Notes the first stop signal; `received` is its number (None until one arrives)."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def install(self) -> StopSignals:
        """Take the stop signals (main thread only) and keep SDL from taking them when it starts."""
        os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"  # read by SDL_Init (hints fall back to the environment)
        for name in STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None:
                self._previous[number] = signal.signal(number, self._note)
        return self

    def restore(self) -> None:
        """Give the signals back to whoever had them (a test runner, an embedding program)."""
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous.clear()

    @property
    def name(self) -> str:
        return signal.Signals(self.received).name if self.received is not None else ""

    def _note(self, number: int, frame: FrameType | None) -> None:
        # A handler runs between two bytecodes of the main thread: note the signal and return, so
        # whatever the game was doing (a commit, a draw) finishes before the loop looks at it.
        if self.received is None:
            self.received = number
            notify("STOPPING=1")


def notify(state: str) -> bool:
    """Send `state` to systemd if it is listening (NOTIFY_SOCKET); True when sent."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address or not hasattr(socket, "AF_UNIX"):
        return False
    if address.startswith("@"):  # an abstract socket (Linux)
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(state.encode(), address)
        return True
    except OSError:
        return False  # the manager went away: nothing to tell
