"""CameraWorker: reads pictures and tracks the player off the game thread; says how it is going.

step() does one unit of work: open the source if it is not open (at most every `retry_s`), read
one picture, feed the tracker, publish the Reading (and, with the preview on, a small mirrored
RGB copy of the picture). A thread calls step() in a loop (start/stop); the Pilot's inline mode
calls it once per game frame with the game's clock instead, so a test runs the same code
without a thread and without waiting. The game thread only reads what was published (latest(),
preview()), under a lock; nothing here ever raises into the game.

Status: "starting" -> "on"; "no_opencv" (OpenCV or numpy missing: final), "not_found" (no camera:
tried again every retry_s), "lost" (it stopped mid-game: closed, tried again every retry_s),
"off" (stopped). Each change of status is logged once; retries that fail the same way are quiet.
Pictures are never kept beyond the next one, never written, recorded or sent.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from game.camera.source import CameraLost, CameraNotFound, CameraUnavailable

log = logging.getLogger("game.camera")

PREVIEW_SIZE = (240, 180)  # the preview copy, drawn at this size (game.ui.cursor.PREVIEW_RECT)
FINAL = frozenset({"no_opencv", "off"})
NICE = 2  # the worker yields the CPU to the game thread when both want it (Linux)


class CameraWorker:
    def __init__(
        self,
        open_source: Callable[[], Any],
        tracker_options: dict[str, Any] | None = None,
        preview: bool = False,
        retry_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        name: str = "camera",
    ):
        self.open_source = open_source
        self.tracker_options = (
            tracker_options or {}
        )  # TrackerConfig fields (built in the thread: numpy is imported there)
        self.preview_on = preview
        self.retry_s = retry_s
        self.clock = clock
        self.name = name
        self.status = "starting"
        self.detail = ""
        self.fps = 0.0  # pictures tracked per second, over the last second or so
        self.frames = 0  # pictures tracked since the start
        self.track_s = 0.0  # seconds spent tracking them (bench)
        self._lock = threading.Lock()
        self._reading: Any = None
        self._preview: Any = None
        self._preview_seq = 0
        self._source: Any = None
        self._tracker: Any = None
        self._next_try = -float("inf")
        self._window = (0.0, 0)  # fps: start of the window, pictures in it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what the game thread reads ------------------------------------------------------------
    def latest(self) -> Any:
        """The last Reading (None before the first, or while the camera is not on)."""
        with self._lock:
            return self._reading

    def preview(self) -> tuple[int, Any]:
        """(sequence number, 180 x 240 x 3 RGB uint8 array, mirrored) of the last preview copy, or (0, None)."""
        with self._lock:
            return self._preview_seq, self._preview

    # -- the thread ----------------------------------------------------------------------------
    def start(self) -> CameraWorker:
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 1.0) -> None:
        """Stop reading and let the camera go (a read stuck in a driver is left to the daemon thread)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        if self._thread is None or not self._thread.is_alive():
            self._close()
        self._set("off", "")
        with self._lock:
            self._reading = None
            self._preview = None

    def _run(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)  # Linux: this thread only
        except (AttributeError, OSError):  # not on Windows/macOS, or not allowed: the default priority
            pass
        try:
            while not self._stop.is_set():
                wait = self.step()
                if wait is None:
                    return
                if wait > 0:
                    self._stop.wait(wait)
        except Exception as exc:
            log.exception("the camera thread stopped")
            self._set("lost", f"the camera thread stopped: {exc}")
        finally:
            self._close()

    # -- one unit of work ----------------------------------------------------------------------
    def step(self) -> float | None:
        """Open, read and track one picture. Returns seconds to wait before the next step (0: go
        on at once), or None when there is nothing more to do (stopped, or no OpenCV)."""
        if self.status in FINAL or self._stop.is_set():
            return None
        if self._tracker is None:
            try:
                from game.camera.tracker import MotionTracker, TrackerConfig
            except ImportError as exc:  # numpy missing
                self._set("no_opencv", f"numpy is not installed ({exc}); pip install '.[camera]'")
                return None
            self._tracker = MotionTracker(TrackerConfig(**self.tracker_options))
        if self._source is None:
            now = self.clock()
            if now < self._next_try:
                return self._next_try - now
            try:
                self._source = self.open_source()
            except CameraUnavailable as exc:
                self._set("no_opencv", str(exc))
                return None
            except Exception as exc:  # noqa: BLE001 - CameraNotFound, a driver error: try again later
                self._next_try = now + self.retry_s
                self._set(
                    "lost" if self.status == "lost" else "not_found",
                    str(exc) if isinstance(exc, CameraNotFound) else f"cannot open the camera: {exc}",
                )
                return self.retry_s
            self._tracker.reset()
            self._window = (now, 0)
            self._set("on", "")
        try:
            frame = self._source.read()
        except Exception as exc:  # noqa: BLE001 - CameraLost, or any driver trouble: the camera is gone
            self._close()
            self._next_try = self.clock() + self.retry_s
            with self._lock:
                self._reading = None
            self._set("lost", str(exc) if isinstance(exc, CameraLost) else f"the camera failed: {exc}")
            return self.retry_s
        now = self.clock()
        started = time.perf_counter()
        reading = self._tracker.feed(frame, now)
        preview = self._small_copy(frame) if self.preview_on else None
        self.track_s += time.perf_counter() - started
        with self._lock:
            self._reading = reading
            if preview is not None:
                self._preview = preview
                self._preview_seq += 1
        self.frames += 1
        start, count = self._window
        count += 1
        if now - start >= 1.0:
            self.fps = count / (now - start)
            start, count = now, 0
        self._window = (start, count)
        return 0.0

    @staticmethod
    def _small_copy(frame: Any) -> Any:
        """PREVIEW_SIZE, mirrored, RGB, made here in the worker so the game thread only wraps it in
        a surface: what the player sees in the corner. Nearest pixels: it is a small picture."""
        import numpy as np

        h, w = frame.shape[:2]
        pw, ph = PREVIEW_SIZE
        rows = (np.arange(ph) * h // ph)[:, None]
        cols = ((pw - 1 - np.arange(pw)) * w // pw)[None, :]  # right to left: a mirror
        if frame.ndim == 2:
            return np.ascontiguousarray(np.repeat(frame[rows, cols][..., None], 3, axis=2))
        return np.ascontiguousarray(frame[rows, cols][..., 2::-1])  # BGR -> RGB

    # -- helpers -------------------------------------------------------------------------------
    def _close(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            try:
                source.close()
            except Exception:  # noqa: BLE001 - a vanished device may refuse even this
                pass

    def _set(self, status: str, detail: str) -> None:
        if status == self.status and detail == self.detail:
            return
        before, self.status, self.detail = self.status, status, detail
        if status == before:
            return  # the same trouble again (a retry): said already
        if status == "on":
            log.info("camera on%s", " again" if before == "lost" else "")
        elif status == "off":
            log.info("camera off")
        else:
            log.warning("camera %s: %s; the game goes on with touch", status.replace("_", " "), detail)
