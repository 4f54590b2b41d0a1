"""CameraInput: the camera as one more input source, asked by the InputMapper once per frame.

poll(elapsed) turns the worker's latest Reading into the same Actions a finger makes: a
POINTER_MOVE with held=True (a drag) when the target point moves, so the chase's officer runs
to it exactly as to a dragged finger; and, when the cursor has rested over a button for
`dwell_s`, a POINTER + POINTER_UP on it (a tap). While nobody moves (the reading is idle) or the
camera is off, lost or missing, it sends nothing: touch, keys and gamepad go on as always, and
the kiosk's idle timers (attract loop, "are you still there?") run as usual.

`cursor`, `visible`, `progress` and `preview_frame()` are what the overlay (game.ui.cursor) draws;
`status`/`fps` what the operator menu shows. No numpy, OpenCV or pygame imported here: the
worker brings them in, in its own thread, when the camera is switched on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from game.actions import Action, InputEvent
from game.camera.config import CameraConfig
from game.camera.dwell import Dwell

CANVAS = (1920, 1080)
STALE_S = 1.0  # a threaded reading older than this (a camera frozen without an error) counts as none
MAX_DWELL_STEP = 0.1  # a frame that took longer (the machine stalled) counts this much towards a dwell


class CameraInput:
    def __init__(self, config: CameraConfig | None = None, enabled: bool = False):
        self.config = config or CameraConfig()
        self.enabled = enabled
        self.preview_on = self.config.preview
        self.worker: Any = None
        self.buttons: Callable[[], list[Any]] = list  # the current scene's buttons (the App sets this)
        self.dwell = Dwell(self.config.dwell_s)
        self.cursor: tuple[float, float] | None = None
        self.visible = False
        self.game_t = 0.0  # seconds of frames polled (the inline worker's clock)

    # -- switching -----------------------------------------------------------------------------
    def start(self) -> None:
        """Start reading pictures if the camera is enabled (after the first frame: a start does
        not wait for OpenCV to load or the device to open)."""
        if not self.enabled or self.worker is not None:
            return
        from game.camera.worker import CameraWorker

        c = self.config
        clock = time.monotonic if c.threaded else (lambda: self.game_t)
        self.worker = CameraWorker(
            self._connect,
            {"zone": c.zone, "idle_after_s": c.idle_after_s},
            preview=self.preview_on,
            retry_s=c.retry_s,
            clock=clock,
        )
        if c.threaded:
            self.worker.start()

    def stop(self, timeout: float = 1.0) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.stop(timeout)
        self._hide()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if on:
            self.start()
        else:
            self.stop()

    def set_preview(self, on: bool) -> None:
        self.preview_on = on
        if self.worker is not None:
            self.worker.preview_on = on

    def _connect(self) -> Any:
        if self.config.source is not None:
            return self.config.source()
        from game.camera.source import OpenCVCamera

        return OpenCVCamera(self.config.device, *self.config.size)

    # -- what the operator menu shows ----------------------------------------------------------
    @property
    def status(self) -> str:
        """ "off", "starting", "on", "no_opencv", "not_found" or "lost"."""
        if not self.enabled or self.worker is None:
            return "off"
        return self.worker.status

    @property
    def fps(self) -> float:
        """Pictures tracked per second (0 while none arrive: a camera frozen without an error)."""
        worker = self.worker
        if worker is None:
            return 0.0
        reading = worker.latest()
        if reading is None or (self.config.threaded and worker.clock() - reading.t > STALE_S):
            return 0.0
        return worker.fps

    # -- each frame ----------------------------------------------------------------------------
    def poll(self, elapsed: float) -> list[InputEvent]:
        """Events for this frame: a drag when the point moved, a tap when a dwell completes."""
        self.game_t += elapsed
        worker = self.worker
        if worker is None:
            return []
        if not self.config.threaded:
            worker.step()
        reading = worker.latest()
        if (
            reading is None
            or not reading.active
            or reading.point is None
            or worker.status != "on"
            or (self.config.threaded and worker.clock() - reading.t > STALE_S)
        ):
            self._hide()
            return []
        pos = self.to_canvas(reading.point)
        events = []
        if pos != self.cursor or not self.visible:
            events.append(InputEvent(Action.POINTER_MOVE, pos=pos, held=True))
        self.cursor, self.visible = pos, True
        if self.dwell.update(pos, self._button_at(pos), min(elapsed, MAX_DWELL_STEP)):
            events.append(InputEvent(Action.POINTER, pos=pos))
            events.append(InputEvent(Action.POINTER_UP, pos=pos))
        return events

    @property
    def progress(self) -> float:
        """How far the dwell ring has filled (0..1)."""
        return self.dwell.progress if self.visible else 0.0

    def preview_frame(self) -> tuple[int, Any]:
        if self.worker is None or not self.preview_on:
            return 0, None
        return self.worker.preview()

    def to_canvas(self, point: tuple[float, float]) -> tuple[float, float]:
        """A point of the play zone (0..1) on the 1920 x 1080 canvas; the edges are reached a little
        inside the zone's edges, so the player need not stretch to the very border of the picture."""
        reach = self.config.reach
        span = 1.0 - 2 * reach
        x = min(1.0, max(0.0, (point[0] - reach) / span))
        y = min(1.0, max(0.0, (point[1] - reach) / span))
        return round(x * (CANVAS[0] - 1), 1), round(y * (CANVAS[1] - 1), 1)

    def _button_at(self, pos: tuple[float, float]) -> str | None:
        for button in self.buttons():
            if button.enabled and button.contains(pos):
                return button.id
        return None

    def _hide(self) -> None:
        if self.visible:
            self.visible = False
            self.dwell.cancel()
