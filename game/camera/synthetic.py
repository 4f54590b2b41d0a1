"""A synthetic camera (numpy): a textured, noisy room, a player blob, people walking past, a light
level. For tests, the Pilot and `bench camera`; it reads like a camera (read(), close()).

Positions are fractions of the picture as the camera sees it (not mirrored). `to_picture()`
turns a point of the tracker's play zone (mirrored, 0..1) back into the picture, so a script can
put the player where it wants the target to be. Rendering is cheap: a fixed background, a bank
of precomputed noise pictures, discs and boxes pasted by slicing. `fail_after` makes read()
raise CameraLost after that many pictures (an unplugged camera); `paced` makes read() wait for
the next picture at `fps`, as a real camera does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from game.camera.source import CameraLost


def to_picture(
    point: tuple[float, float], zone: tuple[float, float, float, float], mirror: bool = True
) -> tuple[float, float]:
    """A point of the play zone (0..1, mirrored as the tracker reports it) as a fraction of the picture."""
    x, y = point
    if mirror:
        x = 1.0 - x
    x0, y0, x1, y1 = zone
    return x0 + x * (x1 - x0), y0 + y * (y1 - y0)


def wait_for_picture(due: float | None, fps: float) -> float:
    """Wait as a camera's read() does: until the next picture is due (pictures come every 1/fps s
    whether read or not); a reader late by whole pictures gets the latest at once (the others
    were dropped, as a camera with a one-picture buffer drops them). Returns when the next is due."""
    now = time.perf_counter()
    due = now if due is None else due
    if now < due:
        time.sleep(due - now)
    else:
        due += int((now - due) * fps) / fps
    return due + 1.0 / fps


@dataclass
class SyntheticStream:
    width: int = 640
    height: int = 480
    seed: int = 1
    noise: float = 5.0  # grey levels of sensor noise (standard deviation)
    radius: float = 0.09  # the player blob's radius, a fraction of the picture's height
    player: tuple[float, float] | None = (0.5, 0.5)  # where the player is (None: nobody)
    walkers: list[tuple[float, float]] = field(default_factory=list)  # people passing, their centres
    walker_size: tuple[float, float] = (0.09, 0.45)  # a passer-by's half-width and half-height (of the picture)
    gain: float = 1.0  # the light level: every pixel times gain plus offset
    offset: float = 0.0
    fail_after: int | None = None
    paced: bool = False
    fps: float = 30.0
    frames: int = 0  # pictures read so far

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        h, w = self.height, self.width
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        # a wall: a soft gradient, some large blotches (posters, shadows), fine texture
        base = 70 + 60 * xs / w + 30 * ys / h
        for _ in range(12):
            cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.05, 0.2) * w
            base += rng.uniform(-35, 35) * np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * r * r))
        base += rng.normal(0, 6, (h, w))
        tint = np.array([0.9, 1.0, 1.1], dtype=np.float32)
        self._background = (base[..., None] * tint).astype(np.float32)
        self._noise = [rng.normal(0, self.noise, (h, w, 3)).astype(np.float32) for _ in range(6)]
        r = max(2, round(self.radius * h))
        dy, dx = np.mgrid[-r : r + 1, -r : r + 1]
        self._disc = dx * dx + dy * dy <= r * r
        stripes = (np.sin(dy * (4 * np.pi / r)) > 0)[
            ..., None
        ]  # a striped shirt, 4 stripes at any size: texture moves with the player
        self._shirt = np.where(stripes, np.array([40, 50, 210], np.float32), np.array([90, 30, 20], np.float32)).astype(
            np.float32
        )  # BGR: red, navy
        self._next_at: float | None = None

    # -- a picture -----------------------------------------------------------------------------
    def _paste(self, frame: np.ndarray, center: tuple[float, float], mask: np.ndarray, colour: np.ndarray) -> None:
        h, w = frame.shape[:2]
        mh, mw = mask.shape
        cx, cy = round(center[0] * w), round(center[1] * h)
        top, left = cy - mh // 2, cx - mw // 2
        t0, l0 = max(0, top), max(0, left)
        t1, l1 = min(h, top + mh), min(w, left + mw)
        if t0 >= t1 or l0 >= l1:
            return
        part = mask[t0 - top : t1 - top, l0 - left : l1 - left]
        paint = colour[t0 - top : t1 - top, l0 - left : l1 - left] if colour.ndim == 3 else colour
        region = frame[t0:t1, l0:l1]
        region[part] = paint[part] if colour.ndim == 3 else paint

    def render(self) -> np.ndarray:
        frame = self._background + self._noise[self.frames % len(self._noise)]
        for walker in self.walkers:
            hw, hh = round(self.walker_size[0] * self.width), round(self.walker_size[1] * self.height)
            self._paste(frame, walker, np.ones((2 * hh + 1, 2 * hw + 1), bool), np.array([200, 190, 170], np.float32))
        if self.player is not None:
            self._paste(frame, self.player, self._disc, self._shirt)
        if self.gain != 1.0 or self.offset:
            frame = frame * self.gain + self.offset
        return np.clip(frame, 0, 255).astype(np.uint8)

    # -- the camera protocol -------------------------------------------------------------------
    def read(self) -> np.ndarray:
        if self.fail_after is not None and self.frames >= self.fail_after:
            raise CameraLost("the synthetic camera was unplugged")
        if self.paced:
            self._next_at = wait_for_picture(self._next_at, self.fps)
        frame = self.render()
        self.frames += 1
        return frame

    def close(self) -> None:
        pass


@dataclass
class LoopedStream:
    """Pictures made once and played in a loop (benchmarks: reading costs nothing, like a camera's
    driver filling a buffer); `paced` waits for the next picture at `fps`."""

    pictures: list[np.ndarray]
    paced: bool = False
    fps: float = 30.0
    frames: int = 0
    _next_at: float | None = None

    @classmethod
    def circling(
        cls, count: int = 60, width: int = 640, height: int = 480, seed: int = 1, **kwargs: object
    ) -> LoopedStream:
        """`count` pictures of a player going round a circle in the middle of the picture."""
        stream = SyntheticStream(width=width, height=height, seed=seed)
        pictures = []
        for i in range(count):
            angle = 2 * np.pi * i / count
            stream.player = (0.5 + 0.25 * float(np.cos(angle)), 0.5 + 0.25 * float(np.sin(angle)))
            pictures.append(stream.read())
        return cls(pictures, **kwargs)  # type: ignore[arg-type]

    def read(self) -> np.ndarray:
        if self.paced:
            self._next_at = wait_for_picture(self._next_at, self.fps)
        frame = self.pictures[self.frames % len(self.pictures)]
        self.frames += 1
        return frame

    def close(self) -> None:
        pass
