"""Easing and tweens, moved on by the fixed-step clock (never by the wall clock), so a replay with the
same seed and inputs shows the same frames.

A Tween goes from `start` to `end` over `seconds` after `delay`, shaped by an easing function;
`update(dt)` moves it on, `value` reads it. Tweens lives in whatever owns the animation (a scene,
a button group, the app's transition) and is updated from its update(dt).

"Less motion" is read here and only here (reduced()): under it every tween lasts at most one frame
(STEP), so things arrive at once instead of sliding, growing or fading.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from game.clock import STEP

Ease = Callable[[float], float]


def linear(x: float) -> float:
    return x


def ease_out_cubic(x: float) -> float:
    return 1 - (1 - x) ** 3


def ease_in_cubic(x: float) -> float:
    return x**3


def ease_in_out(x: float) -> float:
    return 4 * x**3 if x < 0.5 else 1 - (-2 * x + 2) ** 3 / 2


def ease_out_back(x: float) -> float:
    """Overshoots a little and settles: a pop."""
    c1 = 1.70158
    c3 = c1 + 1
    return 1 + c3 * (x - 1) ** 3 + c1 * (x - 1) ** 2


def bump(x: float) -> float:
    """0 -> 1 -> 0 (a press: down and back up)."""
    return math.sin(math.pi * x)


def press_scale(progress: float) -> float:
    """A button's size while pressed: down to 92% and back."""
    return 1.0 - 0.08 * bump(progress)


def reduced(ctx: Any) -> bool:
    """The "less motion" player setting: the one place animations read it."""
    return bool(getattr(getattr(ctx, "settings", None), "reduced_motion", False))


def seconds_for(ctx: Any, seconds: float) -> float:
    """How long an animation of `seconds` may last: at most one frame under less motion."""
    return min(seconds, STEP) if reduced(ctx) else seconds


class Tween:
    """From `start` to `end` over `seconds` after `delay`, shaped by `ease`; moved on by update(dt).
    (A plain class with slots, not a dataclass: buttons make a few on the first frame.)"""

    __slots__ = ("start", "end", "seconds", "ease", "delay", "elapsed")

    def __init__(
        self,
        start: float,
        end: float,
        seconds: float,
        ease: Ease = ease_out_cubic,
        delay: float = 0.0,
        elapsed: float = 0.0,
    ):
        self.start, self.end, self.seconds, self.ease, self.delay, self.elapsed = (
            start,
            end,
            seconds,
            ease,
            delay,
            elapsed,
        )

    def update(self, dt: float) -> None:
        self.elapsed += dt

    @property
    def progress(self) -> float:
        if self.elapsed <= self.delay:
            return 0.0
        if self.seconds <= 0:
            return 1.0
        return min(1.0, (self.elapsed - self.delay) / self.seconds)

    @property
    def started(self) -> bool:
        return self.elapsed > self.delay

    @property
    def done(self) -> bool:
        return self.elapsed >= self.delay + self.seconds

    @property
    def value(self) -> float:
        return self.start + (self.end - self.start) * self.ease(self.progress)


class Tweens:
    """Named tweens of one owner; finished ones are kept until replaced (their value stays at `end`)."""

    def __init__(self, ctx: Any = None):
        self.ctx = ctx
        self.items: dict[str, Tween] = {}

    def start(
        self, name: str, start: float, end: float, seconds: float, ease: Ease = ease_out_cubic, delay: float = 0.0
    ) -> Tween:
        """A tween; under less motion it lasts one frame and starts at once (no delay)."""
        tween = Tween(start, end, seconds_for(self.ctx, seconds), ease, 0.0 if reduced(self.ctx) else delay)
        self.items[name] = tween
        return tween

    def update(self, dt: float) -> None:
        for tween in self.items.values():
            tween.update(dt)

    def value(self, name: str, default: float = 0.0) -> float:
        tween = self.items.get(name)
        return default if tween is None else tween.value

    def get(self, name: str) -> Tween | None:
        return self.items.get(name)

    def running(self) -> list[Tween]:
        return [t for t in self.items.values() if not t.done]

    def clear(self) -> None:
        self.items.clear()
