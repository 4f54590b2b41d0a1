"""Soak: the App in kiosk mode, driven by the Pilot through every track and level type for hours
of game time at the fixed step (no real waiting): a scripted player answers quizzes, taps about
in chases, scenarios and spot levels, leaves some levels half-way, idles into the attract demo and
the idle reset. Every simulated `period`, we sample the Python heap (tracemalloc), the process RSS,
open file descriptors and the text renderer's caches; after a warm-up period every sample must
stay within 10 % of the first one (fds and caches: no growth beyond their bounds).

Drawing never changes state (DESIGN.md), so to keep hours of game time affordable every frame
runs MAX_STEPS fixed updates (as on a slow machine) and only one frame in DRAW_EVERY is drawn.
The default suite runs 15 minutes of
game time; the full 8 hours is @pytest.mark.slow (`pytest -m slow tests/test_soak.py`).
"""

from __future__ import annotations

import gc
import os
import random
import tracemalloc
from typing import Any

import pytest

from game.actions import Action
from game.clock import MAX_STEPS, STEP

DRAW_EVERY = 4
FRAME = MAX_STEPS * STEP  # each frame runs the most fixed updates the clock allows (a slow machine's frame)


def _rss_kb() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class Soak:
    """A visitor after visitor: plays, wanders off, leaves; the kiosk carries on."""

    def __init__(self, pilot: Any, seed: int):
        self.pilot = pilot
        self.app = pilot.app
        self.rng = random.Random(seed)
        self.frames = 0
        draw = self.app.draw

        def sometimes_draw() -> None:
            if self.frames % DRAW_EVERY == 0:
                draw()

        self.app.draw = sometimes_draw  # type: ignore[method-assign]

    def frame(self) -> None:
        self.frames += 1
        self.app.step(FRAME)

    @property
    def seconds(self) -> float:
        return self.frames * FRAME

    def tap_any(self) -> None:
        buttons = [b for b in self.app.scene.widgets() if getattr(b, "enabled", True)]
        if buttons:
            self.pilot.touch(self.rng.choice(buttons).center, frames=0)
        self.frame()

    def visitor(self) -> None:
        """One visitor: sign in, play a random track for a while, and go (or wander off)."""
        from game.devtools.scripted import answer_one, sign_in

        pilot, rng = self.pilot, self.rng
        if pilot.scene.name != "title":
            pilot.touch((960, 540), frames=0)  # wake the attract demo
            for _ in range(30):
                self.frame()
            return
        age = rng.choice(["primary", "junior", "senior", "university"])
        sign_in(pilot, f"S{rng.randrange(1000)}", "", age)
        tracks = [b.id for b in self.app.scene.widgets() if b.id.startswith("track-")]
        if pilot.scene.name != "tracks" or not tracks:
            return
        pilot.tap(rng.choice(tracks))
        for _ in range(rng.randrange(40, 800)):  # frames this visitor stays
            name = pilot.scene.name
            if name == "quiz" and pilot.scene.logic.phase == "asking" and rng.random() < 0.2:
                answer_one(pilot, rng)
            elif name in ("title", "attract"):
                return
            elif rng.random() < 0.1:
                self.tap_any()
            else:
                self.frame()
        if rng.random() < 0.5:  # half leave by the pause menu, half just walk away (idle reset)
            pilot.press(Action.PAUSE, frames=0)
            if pilot.has_button("quit"):
                pilot.touch(pilot.button("quit").center, frames=0)
        for _ in range(rng.randrange(12, 40 * 60)):  # nobody there for a while
            self.frame()
            if pilot.scene.name in ("title", "attract") and rng.random() < 0.001:
                break

    def sample(self) -> dict[str, int]:
        gc.collect()
        text = self.app.ctx.text
        return {
            "heap": tracemalloc.get_traced_memory()[0],
            "rss_kb": _rss_kb(),
            "fds": _fds(),
            "text_caches": len(text._renders) + len(text._layouts),
            "fitted": len(text._fitted),
        }


def soak(pilot: Any, game_seconds: float, period_s: float, seed: int) -> list[dict[str, int]]:
    run = Soak(pilot, seed)
    samples = []
    next_sample = period_s
    tracemalloc.start()
    try:
        while run.seconds < game_seconds:
            run.visitor()
            if run.seconds >= next_sample:
                samples.append({"t_s": round(run.seconds), **run.sample()})
                next_sample += period_s
    finally:
        tracemalloc.stop()
    return samples


def check(samples: list[dict[str, int]], text_bound: int) -> None:
    assert len(samples) >= 3, samples
    first = samples[1]  # samples[0] is the warm-up: fonts, sprites and caches filling
    for s in samples[2:]:
        assert s["heap"] <= first["heap"] * 1.10, (s, first)
        assert s["rss_kb"] <= first["rss_kb"] * 1.10, (s, first)
        assert s["fds"] <= first["fds"], (s, first)
        assert s["text_caches"] <= 2 * text_bound, s


@pytest.fixture
def make_soak(tmp_path, make_pilot):
    from game.kiosk.config import KioskConfig

    config = KioskConfig(attract_after_s=45, idle_reset_s=60, countdown_s=5)
    return lambda: make_pilot(db=tmp_path / "soak.sqlite3", window=(640, 360), seed=5, kiosk=config)


def test_fifteen_minutes_of_kiosk_play_do_not_grow(make_soak):
    pilot = make_soak()
    samples = soak(pilot, game_seconds=15 * 60, period_s=3 * 60, seed=1)
    print("soak 15 min:", samples)
    assert pilot.app.running
    assert pilot.app.ctx.store.answer_count() > 0
    check(samples, pilot.app.ctx.text.cache_size)


@pytest.mark.slow
def test_eight_hours_of_kiosk_play_do_not_grow(make_soak):
    pilot = make_soak()
    samples = soak(pilot, game_seconds=8 * 3600, period_s=3600, seed=2)
    print("soak 8 h:", samples)
    assert pilot.app.running
    check(samples, pilot.app.ctx.text.cache_size)


def test_the_soak_check_sees_growth():
    base = {"heap": 1000, "rss_kb": 1000, "fds": 10, "text_caches": 10}
    check([base, base, base], 600)
    with pytest.raises(AssertionError):
        check([base, base, {**base, "heap": 1200}], 600)
    with pytest.raises(AssertionError):
        check([base, base, {**base, "fds": 11}], 600)
