"""MotionTracker: where the player moves inside the play zone, from plain numpy frames.

feed(frame, t) takes one camera picture (H x W x 3 or H x W, uint8) and its time in seconds and
returns a Reading: the target point in the play zone (0..1 each way; mirrored, so moving to your
right moves the point to the right of the screen, as in a mirror), whether somebody is playing
(`active`), and the share of the zone that moved. No OpenCV and no model: numpy only, so it runs
on synthetic frames in tests exactly as on a camera's. The steps:

1. crop the play zone (whatever moves outside it never counts), average blocks of pixels down to
   about `work_width` pixels across and blur that by a 3 x 3 box (camera noise averages out; the
   rest is cheap);
2. normalise the brightness: each colour minus its mean, divided by its spread: a light switched
   on, or the camera's auto-exposure, gives the same numbers as before;
3. compare with a running average of the last ~`motion_s` seconds (a background with a short
   memory): where any colour differs by more than `threshold` spreads (and `min_levels` grey
   levels, so a plain wall's noise is not motion) is motion; a red shirt on a grey wall of the
   same brightness still counts. A pixel counts only with most of its neighbours (no speckles of
   noise). Someone holding still fades into it;
4. too little motion (under `min_area` of the zone): nothing new. Too much (over `max_area`), or
   the zone's brightness or contrast jumping from one picture to the next (`light_shift`,
   `light_ratio`): the whole picture changed (the lighting, a bumped camera), not a player; the
   average restarts from this picture and the target stays where it was;
5. the centre of the motion, smoothed exponentially (time constant `smooth_s`) and followed with a
   dead zone: the output moves only once the smoothed point is `dead_zone` away, and then trails
   it by that much (no jitter when standing, no jump when moving);
6. no motion for `idle_after_s`: the reading goes idle (`active` False); the next motion starts the
   point afresh where it happens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Zone = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the picture
STEP_MIN = 0.001  # the output moves in steps of at least this (of the zone): it settles, it does not creep


@dataclass(frozen=True)
class TrackerConfig:
    zone: Zone = (0.1, 0.1, 0.9, 0.9)
    work_width: int = 128  # at most this many pixels across the zone after block averaging
    threshold: float = 0.5  # motion: differs from the recent average by this many spreads
    min_levels: float = 6.0  # and by this many grey levels at least (a plain wall's noise is no motion)
    min_area: float = 0.002  # share of the zone that must move to count (a hand waved at 2 m is ~1 %)
    max_area: float = 0.45  # more than this moving at once is the lighting, not a player
    light_shift: float = 0.25  # the zone's mean moving this many spreads in one picture is the lighting
    light_ratio: float = 1.2  # and so is its spread changing by this factor
    motion_s: float = 0.08  # memory of the running average
    settle_s: float = 0.25  # after a start, motion counts only once the average has settled
    smooth_s: float = 0.08  # time constant of the exponential smoothing
    dead_zone: float = 0.012  # share of the zone the output may lag the smoothed point
    idle_after_s: float = 3.0  # no motion this long: idle
    mirror: bool = True


@dataclass(frozen=True)
class Reading:
    point: tuple[float, float] | None  # in the zone, 0..1, mirrored if the config says so; None before any motion
    active: bool  # somebody moved within idle_after_s
    moving: float  # share of the zone that moved in this picture
    t: float  # the picture's time, seconds
    lighting: bool = False  # this picture changed as a whole and was ignored


def block_sum(image: np.ndarray, block: int) -> np.ndarray:
    """Sums of `block` x `block` cells (H and W multiples of block), by adding strided slices:
    2 x block additions instead of numpy's slow reduction over reshaped axes."""
    if block == 1:
        return image.astype(np.uint32)
    rows = image[0::block].astype(np.uint32)
    for i in range(1, block):
        rows += image[i::block]
    total = rows[:, 0::block].copy()
    for j in range(1, block):
        total += rows[:, j::block]
    return total


def box3(image: np.ndarray) -> np.ndarray:
    """The mean of each pixel's 3 x 3 neighbourhood (edges repeated), channel by channel."""
    p = np.pad(image, ((1, 1), (1, 1), (0, 0)), mode="edge")
    rows = p[:-2] + p[1:-1] + p[2:]
    return (rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]) * np.float32(1 / 9)


class MotionTracker:
    def __init__(self, config: TrackerConfig | None = None):
        self.config = config or TrackerConfig()
        self.reset()

    def reset(self) -> None:
        self._average: np.ndarray | None = None
        self._t: float | None = None
        self._t0: float | None = None  # the first picture's time
        self._raw: tuple[float, float] | None = None
        self._smooth: tuple[float, float] | None = None
        self._out: tuple[float, float] | None = None
        self._last_motion = -math.inf
        self._crop_key: tuple[int, ...] | None = None
        self._crop: tuple[int, int, int, int, int] = (0, 0, 0, 0, 1)
        self._limit: np.ndarray | float = self.config.threshold
        self._stats: tuple[np.ndarray, np.ndarray] | None = None  # this picture's mean and spread per colour

    # -- the picture ---------------------------------------------------------------------------
    def _bounds(self, height: int, width: int) -> tuple[int, int, int, int, int]:
        """Pixel bounds of the zone, trimmed to whole blocks, and the block size (cached per size)."""
        if self._crop_key != (height, width):
            x0, y0, x1, y1 = self.config.zone
            left, top = round(x0 * width), round(y0 * height)
            right, bottom = max(left + 1, round(x1 * width)), max(top + 1, round(y1 * height))
            block = max(1, math.ceil((right - left) / max(1, self.config.work_width)))
            right = left + max(1, (right - left) // block) * block
            bottom = top + max(1, (bottom - top) // block) * block
            self._crop_key = (height, width)
            self._crop = (left, top, right, bottom, block)
        return self._crop

    def normalised(self, frame: np.ndarray) -> np.ndarray:
        """The zone, block-averaged, box-blurred, each colour minus its mean and divided by its
        spread: rows x cols x channels, float32. Sets the motion limit per colour for this picture:
        `threshold` spreads, but never fewer than `min_levels` grey levels."""
        left, top, right, bottom, block = self._bounds(frame.shape[0], frame.shape[1])
        crop = frame[top:bottom, left:right]
        if crop.ndim == 2:
            crop = crop[..., None]
        summed = block_sum(crop, block)
        small = box3(summed.astype(np.float32) * np.float32(1 / (block * block)))
        flat = small.reshape(-1, small.shape[2])
        mean = flat.mean(axis=0)
        spread = np.maximum(flat.std(axis=0), np.float32(0.5))
        self._limit = np.maximum(np.float32(self.config.threshold), np.float32(self.config.min_levels) / spread)
        self._stats = (mean, spread)
        small -= mean
        small *= 1.0 / spread
        return small

    # -- one picture ---------------------------------------------------------------------------
    def feed(self, frame: np.ndarray, t: float) -> Reading:
        c = self.config
        before = self._stats
        small = self.normalised(frame)
        dt = 0.0 if self._t is None else max(0.0, t - self._t)
        self._t = t
        if self._average is None or self._average.shape != small.shape:
            self._average, self._t0 = small, t
            return self._reading(0.0, t)
        changed = (np.abs(small - self._average) > self._limit).any(axis=2)
        mask = box3(changed[..., None].astype(np.float32))[..., 0] > 0.5  # 5 of 9 around: no speckles
        moving = float(np.count_nonzero(mask)) / mask.size
        if moving > c.max_area or (before is not None and self._light_jumped(before)):
            self._average = small  # the whole picture changed: start the memory again from here
            return self._reading(moving, t, lighting=True)
        self._average += (1.0 - math.exp(-dt / c.motion_s)) * (small - self._average)
        if moving >= c.min_area and t - (self._t0 or 0.0) >= c.settle_s:
            ys, xs = np.nonzero(mask)
            x = (float(xs.mean()) + 0.5) / mask.shape[1]
            y = (float(ys.mean()) + 0.5) / mask.shape[0]
            if c.mirror:
                x = 1.0 - x
            if t - self._last_motion >= c.idle_after_s or self._smooth is None:
                self._smooth = self._out = (x, y)  # somebody new (or back): start where they are
            self._raw = (x, y)
            self._last_motion = t
        self._follow(dt)
        return self._reading(moving, t)

    def _light_jumped(self, before: tuple[np.ndarray, np.ndarray]) -> bool:
        """The whole zone got brighter, darker or more contrasted from one picture to the next, more
        than a player moving can do: the lighting (parts of the picture clip, so normalising alone
        would leave some change behind)."""
        (mean0, spread0), (mean1, spread1) = before, self._stats  # type: ignore[misc]
        shift = float(np.max(np.abs(mean1 - mean0) / spread0))
        ratio = float(np.max(np.maximum(spread1 / spread0, spread0 / spread1)))
        return shift > self.config.light_shift or ratio > self.config.light_ratio

    def _follow(self, dt: float) -> None:
        """Smooth towards the last motion, then move the output only beyond the dead zone."""
        if self._raw is None or self._smooth is None or self._out is None:
            return
        k = 1.0 - math.exp(-dt / self.config.smooth_s)
        sx = self._smooth[0] + k * (self._raw[0] - self._smooth[0])
        sy = self._smooth[1] + k * (self._raw[1] - self._smooth[1])
        self._smooth = (sx, sy)
        ox, oy = self._out
        gap = math.hypot(sx - ox, sy - oy)
        dead = self.config.dead_zone
        if gap > dead + STEP_MIN:
            self._out = (sx - (sx - ox) * dead / gap, sy - (sy - oy) * dead / gap)

    def _reading(self, moving: float, t: float, lighting: bool = False) -> Reading:
        active = t - self._last_motion < self.config.idle_after_s
        return Reading(self._out, active, moving, t, lighting)
