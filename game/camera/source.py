"""Frame sources: where pictures come from. A real camera through OpenCV, or anything with the
same two methods (game.camera.synthetic for tests, the Pilot and benchmarks).

A source's read() blocks until the next picture and returns it as a numpy array (H x W x 3,
BGR, uint8); it raises CameraLost when the pictures stop. close() lets the device go. Opening
raises CameraUnavailable when OpenCV (or numpy) is not installed, CameraNotFound when there is
no camera at that index. Pictures are handed on in memory and never written anywhere.
"""

from __future__ import annotations

import os
import time
from typing import Any, Protocol


class CameraUnavailable(Exception):
    """OpenCV or numpy is not installed: `pip install '.[camera]'`."""


class CameraNotFound(Exception):
    """No camera answers at that index (none plugged in, or in use by another program)."""


class CameraLost(Exception):
    """The camera stopped sending pictures (unplugged, or its driver failed)."""


class FrameSource(Protocol):
    def read(self) -> Any: ...

    def close(self) -> None: ...


MISSES = 15  # failed reads in a row (about 0.3 s) before the camera counts as lost


class OpenCVCamera:
    """A webcam through OpenCV's VideoCapture, asking for 640 x 480 (a camera may give another size;
    the tracker works on any), with a one-picture buffer so the picture is the latest."""

    def __init__(self, device: int, width: int = 640, height: int = 480):
        os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # its own warnings on stderr: we log ours
        try:
            import cv2
            import numpy  # noqa: F401 - the tracker needs it; say so now rather than later
        except ImportError as exc:
            raise CameraUnavailable(f"OpenCV is not installed ({exc}); pip install '.[camera]'") from None
        self._cv2 = cv2
        capture = cv2.VideoCapture(device)
        if not capture.isOpened():
            capture.release()
            raise CameraNotFound(f"no camera at index {device}")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self.capture = capture
        self.device = device

    def read(self) -> Any:
        for _ in range(MISSES):
            try:
                ok, frame = self.capture.read()
            except Exception as exc:  # noqa: BLE001 - cv2.error and friends: the camera is gone
                raise CameraLost(f"the camera failed: {exc}") from None
            if ok and frame is not None and frame.size:
                return frame
            time.sleep(0.02)
        raise CameraLost("the camera stopped sending pictures")

    def close(self) -> None:
        try:
            self.capture.release()
        except Exception:  # noqa: BLE001 - releasing a vanished device may fail; nothing to keep
            pass
