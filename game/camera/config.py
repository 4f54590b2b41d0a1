"""How the camera is set up: CameraConfig, the operator's settings keys, and the play-zone parser.

The command line (`--camera N`, `--camera-zone X0,Y0,X1,Y1`, `--camera-preview`) gives a
CameraConfig and turns the camera on at every start. At a kiosk the operator menu can switch the
camera and its preview on or off; those two choices are stored in the settings table and used at
the next start too. No numpy, OpenCV or pygame here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

ON_KEY = "camera.on"  # the operator switched the camera on (kiosk)
PREVIEW_KEY = "camera.preview"  # the operator switched the corner preview on (kiosk)

Zone = tuple[float, float, float, float]
DEFAULT_ZONE: Zone = (0.1, 0.1, 0.9, 0.9)


@dataclass(frozen=True)
class CameraConfig:
    device: int = 0  # OpenCV's camera index
    zone: Zone = DEFAULT_ZONE  # the play zone: x0, y0, x1, y1 as fractions of the picture
    preview: bool = False  # a small mirrored picture in a corner
    dwell_s: float = 1.5  # hold still over a button this long to press it
    reach: float = 0.08  # the screen's edges are reached this far (of the zone) inside the zone's edges
    idle_after_s: float = 3.0  # nobody moved this long: the camera input goes quiet
    retry_s: float = 5.0  # no camera, or it was lost: try again this often
    size: tuple[int, int] = (640, 480)  # what the camera is asked for
    threaded: bool = True  # False: the game thread reads one picture per frame (the Pilot, tests)
    source: Callable[[], Any] | None = (
        None  # a frame source factory (tests, the Pilot, bench); None: the camera `device`
    )


def parse_zone(text: str) -> Zone:
    """'0.1,0.1,0.9,0.9' -> a zone; ValueError with a message saying what is wrong."""
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    if len(parts) != 4:
        raise ValueError(f"a play zone is four numbers X0,Y0,X1,Y1 (fractions of the picture), got {text!r}")
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"a play zone is four numbers X0,Y0,X1,Y1 between 0 and 1, got {text!r}") from None
    if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        raise ValueError(f"a play zone needs 0 <= X0 < X1 <= 1 and 0 <= Y0 < Y1 <= 1, got {text!r}")
    if x1 - x0 < 0.1 or y1 - y0 < 0.1:
        raise ValueError(f"a play zone must be at least 0.1 of the picture each way, got {text!r}")
    return x0, y0, x1, y1


def resolve(cli: CameraConfig | None, setting: Callable[[str, Any], Any] | None) -> tuple[CameraConfig, bool]:
    """The config to use and whether the camera starts on: the command line's camera is on at
    every start; otherwise the operator's stored choice (a kiosk), else off. The stored preview
    choice adds to the command line's."""
    config = cli or CameraConfig()
    on = cli is not None
    if setting is not None:
        on = on or setting(ON_KEY, False) is True
        if setting(PREVIEW_KEY, False) is True and not config.preview:
            config = replace(config, preview=True)
    return config, on
