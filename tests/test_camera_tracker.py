"""The motion tracker and the dwell press on synthetic video: numpy frames in, a target point out.

No camera and no pygame: a SyntheticStream paints a noisy, textured room with a player blob,
people walking past and a light level; the tests move them and read what the tracker says.
Distances are in play-zone units (0..1 across the zone).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.camera.dwell import Dwell
from game.camera.synthetic import SyntheticStream, to_picture
from game.camera.tracker import MotionTracker, TrackerConfig

FPS = 30.0
W, H = 320, 240  # small pictures keep the tests quick; one test runs the camera's sizes


def zone_point(stream: SyntheticStream, zone) -> tuple[float, float]:
    """Where the player blob is, in the tracker's terms (the zone, mirrored)."""
    px, py = stream.player
    x0, y0, x1, y1 = zone
    return 1.0 - (px - x0) / (x1 - x0), (py - y0) / (y1 - y0)


def run(stream: SyntheticStream, tracker: MotionTracker, seconds: float, move=None, start: float = 0.0):
    """Feed `seconds` of video; move(t, stream) sets the scene before each picture. Returns
    [(t, reading, true point or None)] for every picture."""
    out = []
    for i in range(round(seconds * FPS)):
        t = start + i / FPS
        if move is not None:
            move(t, stream)
        reading = tracker.feed(stream.read(), t)
        truth = zone_point(stream, tracker.config.zone) if stream.player is not None else None
        out.append((t, reading, truth))
    return out


def gap(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def figure_eight(zone, speed: float = 1.0):
    """The player walks a figure of eight through the zone (about 0.5 zone widths per second at speed 1)."""

    def move(t, stream):
        a = t * speed * 0.9
        stream.player = to_picture((0.5 + 0.32 * math.sin(a), 0.5 + 0.25 * math.sin(2 * a)), zone)

    return move


# -- following the player --------------------------------------------------------------------


@pytest.mark.parametrize("size", [(640, 480), (320, 240), (1280, 720)])
def test_the_target_follows_a_moving_player_within_a_tolerance(size):
    stream = SyntheticStream(width=size[0], height=size[1], noise=6, seed=3)
    seconds = 8.0 if size == (W, H) else 4.0
    tracker = MotionTracker()
    rows = run(stream, tracker, seconds, figure_eight(tracker.config.zone))
    moving = [(r, truth) for t, r, truth in rows if t > 0.5]
    assert all(r.active and r.point is not None for r, _ in moving)
    errors = [gap(r.point, truth) for r, truth in moving]
    assert max(errors) < 0.1, f"worst {max(errors):.3f} of the zone"
    assert sum(errors) / len(errors) < 0.06
    # it is really following, not sitting in the middle: the target spans the path
    xs, true_xs = [r.point[0] for r, _ in moving], [truth[0] for _, truth in moving]
    assert max(xs) - min(xs) > 0.8 * (max(true_xs) - min(true_xs)) > 0.2


def test_the_target_settles_where_the_player_stops_and_does_not_jitter():
    stream = SyntheticStream(width=W, height=H, noise=8, seed=5)
    tracker = MotionTracker()
    zone = tracker.config.zone
    stop = to_picture((0.7, 0.3), zone)

    def move(t, s):
        f = min(1.0, t / 1.5)
        s.player = (0.3 + f * (stop[0] - 0.3), 0.6 + f * (stop[1] - 0.6))

    rows = run(stream, tracker, 3.5, move)
    still = [r.point for t, r, _ in rows if t > 2.2]
    assert gap(still[-1], (0.7, 0.3)) < 0.04
    assert max(gap(p, still[0]) for p in still) < 1e-9, "the target moved while the player stood still"


def test_a_grey_camera_works_too():
    stream = SyntheticStream(width=W, height=H, seed=2)
    tracker = MotionTracker()
    move = figure_eight(tracker.config.zone)
    errors = []
    for i in range(150):
        t = i / FPS
        move(t, stream)
        grey = stream.read().mean(axis=2).astype(np.uint8)
        reading = tracker.feed(grey, t)
        if t > 0.5:
            errors.append(gap(reading.point, zone_point(stream, tracker.config.zone)))
    assert max(errors) < 0.1


def test_noise_alone_is_nobody():
    stream = SyntheticStream(width=W, height=H, noise=10, player=None, seed=4)
    tracker = MotionTracker()
    rows = run(stream, tracker, 4.0)
    assert not any(r.active for _, r, _ in rows)
    assert all(r.point is None for _, r, _ in rows)


# -- people walking past outside the play zone --------------------------------------------------

ZONE_LOW = (0.1, 0.45, 0.9, 1.0)  # the player's space: the lower part of the picture


def crossing(t: float) -> list[tuple[float, float]]:
    """Two people walking across the picture behind the player (above the play zone), both ways."""
    return [(-0.1 + (t * 0.35) % 1.2, 0.2), (1.1 - (t * 0.5) % 1.2, 0.22)]


def walkers_stream(player) -> SyntheticStream:
    stream = SyntheticStream(width=W, height=H, noise=6, seed=6, player=player)
    stream.walker_size = (0.08, 0.17)
    return stream


def test_people_crossing_outside_the_zone_are_ignored():
    tracker = MotionTracker(TrackerConfig(zone=ZONE_LOW))
    nobody = run(walkers_stream(None), tracker, 5.0, lambda t, s: setattr(s, "walkers", crossing(t)))
    assert not any(r.active for _, r, _ in nobody), "walkers outside the zone woke the tracker"

    tracker = MotionTracker(TrackerConfig(zone=ZONE_LOW))
    player_move = figure_eight(ZONE_LOW)

    def both(t, s):
        s.walkers = crossing(t)
        player_move(t, s)

    rows = run(walkers_stream((0.5, 0.7)), tracker, 6.0, both)
    errors = [gap(r.point, truth) for t, r, truth in rows if t > 0.5]
    assert max(errors) < 0.1, f"worst {max(errors):.3f}: the walkers pulled the target"


def test_the_same_walkers_inside_the_zone_would_be_followed():
    """The check above can fail: with the whole picture as the zone, the walkers are motion."""
    tracker = MotionTracker(TrackerConfig(zone=(0.0, 0.0, 1.0, 1.0)))
    rows = run(walkers_stream(None), tracker, 3.0, lambda t, s: setattr(s, "walkers", crossing(t)))
    assert any(r.active for _, r, _ in rows)
    assert min(r.point[1] for _, r, _ in rows if r.point is not None) < 0.3  # up where they walk


# -- lighting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("gain, offset", [(1.6, 0.0), (0.5, 0.0), (1.0, 60.0), (1.2, -45.0)])
def test_a_sudden_change_of_light_does_not_move_a_standing_player(gain, offset):
    stream = SyntheticStream(width=W, height=H, noise=6, seed=7)
    tracker = MotionTracker()
    zone = tracker.config.zone

    def move(t, s):
        f = min(1.0, t / 1.0)
        s.player = to_picture((0.25 + 0.5 * f, 0.6), zone)
        if t >= 2.0:
            s.gain, s.offset = gain, offset

    rows = run(stream, tracker, 3.5, move)
    before = [r.point for t, r, _ in rows if t < 2.0][-1]
    after = [(r, truth) for t, r, truth in rows if t >= 2.0]
    assert gap(before, after[0][1]) < 0.04  # standing, the target is where the player is
    assert max(gap(r.point, truth) for r, truth in after) < 0.04, "the target jumped when the light changed"
    assert max(gap(r.point, before) for r, _ in after) < 0.02


def test_a_light_change_while_moving_gives_no_jump():
    stream = SyntheticStream(width=W, height=H, noise=6, seed=8)
    tracker = MotionTracker()
    path = figure_eight(tracker.config.zone)

    def move(t, s):
        path(t, s)
        s.gain = 1.0 if t < 2.0 else 1.7  # the hall lights go on mid-game

    rows = run(stream, tracker, 4.0, move)
    errors = [gap(r.point, truth) for t, r, truth in rows if t > 0.5]
    assert max(errors) < 0.1
    steps = [gap(a.point, b.point) for (_, a, _), (_, b, _) in zip(rows[15:], rows[16:])]
    assert max(steps) < 0.05, "one picture moved the target too far"


def test_auto_exposure_drifting_changes_nothing():
    stream = SyntheticStream(width=W, height=H, noise=6, seed=9)
    tracker = MotionTracker()
    zone = tracker.config.zone

    def move(t, s):
        s.player = to_picture((min(0.6, 0.3 + 0.3 * t), 0.5), zone)
        s.gain = 1.0 + 0.5 * max(0.0, min(1.0, (t - 2.0) / 0.6))  # the camera brightens over 0.6 s

    rows = run(stream, tracker, 4.0, move)
    after = [r for t, r, _ in rows if t >= 2.0]
    assert all(r.moving < tracker.config.min_area for r in after)
    assert max(gap(r.point, after[0].point) for r in after) < 1e-9


# -- idle and back ----------------------------------------------------------------------------


def test_nobody_moving_goes_idle_and_the_next_player_starts_where_they_are():
    stream = SyntheticStream(width=W, height=H, noise=6, seed=10)
    tracker = MotionTracker()
    zone = tracker.config.zone
    rows = run(stream, tracker, 1.5, figure_eight(zone))
    assert rows[-1][1].active
    still = run(stream, tracker, 3.5, start=1.5)  # the player stands still
    assert still[0][1].active and not still[-1][1].active
    idle_at = next(t for t, r, _ in still if not r.active)
    assert 1.5 + 2.9 <= idle_at <= 1.5 + 3.2  # idle_after_s (3 s) after the last motion
    # they walk off to the left of the picture (the right of the screen) ...
    run(
        stream, tracker, 1.5, lambda t, s: setattr(s, "player", (max(-0.3, s.player[0] - 0.03), s.player[1])), start=5.0
    )
    assert tracker.feed(stream.read(), 6.5).point[0] > 0.85
    run(stream, tracker, 3.5, start=6.5)  # ... and the hall is empty
    assert not tracker.feed(stream.read(), 10.0).active
    # somebody walks in from the right of the picture: the target starts there, it does not glide across
    back = run(stream, tracker, 1.0, lambda t, s: setattr(s, "player", (1.15 - (t - 10.0) * 0.5, 0.6)), start=10.0)
    first = next(r for _, r, _ in back if r.active)
    assert first.point[0] < 0.2
    assert all(r.point[0] < 0.45 for _, r, _ in back if r.active)


def test_a_tiny_movement_is_under_the_minimum_area():
    speck = SyntheticStream(
        width=W, height=H, noise=6, seed=11, radius=0.008
    )  # a fly, a flicker: far under 0.2 % of the zone
    tracker = MotionTracker()
    assert not any(r.active for _, r, _ in run(speck, tracker, 3.0, figure_eight(tracker.config.zone)))
    hand = SyntheticStream(width=W, height=H, noise=6, seed=11, radius=0.03)  # a hand's size: followed
    tracker = MotionTracker()
    assert any(r.active for _, r, _ in run(hand, tracker, 3.0, figure_eight(tracker.config.zone)))


# -- dwell to press (pure) ----------------------------------------------------------------------

STEP = 1 / 60


def test_dwell_presses_after_one_and_a_half_seconds_and_not_before():
    dwell = Dwell()
    assert not dwell.update((500, 500), "start", STEP)  # arrives: the clock starts
    for _ in range(89):  # 89 steps = 1.483 s
        assert not dwell.update((500, 500), "start", STEP)
    assert 0.95 < dwell.progress < 1.0
    assert dwell.update((500, 500), "start", STEP)  # 1.5 s


def test_a_hand_is_never_quite_still_but_that_is_fine():
    dwell = Dwell()
    pressed = [dwell.update((500 + 20 * math.sin(i), 500 + 20 * math.cos(i)), "start", STEP) for i in range(91)]
    assert pressed[-1] and not any(pressed[:-1])


def test_moving_away_cancels_the_dwell():
    dwell = Dwell()
    for _ in range(60):  # 1 s over the button
        assert not dwell.update((500, 500), "start", STEP)
    assert dwell.progress == pytest.approx(59 / 60 / 1.5)
    assert not dwell.update((500 + 100, 500), "start", STEP)  # a big move, still on the button
    assert dwell.progress == 0.0
    for _ in range(89):
        assert not dwell.update((600, 500), "start", STEP)
    assert dwell.update((600, 500), "start", STEP)  # a full 1.5 s again from the new place


def test_leaving_the_button_cancels_and_another_button_starts_afresh():
    dwell = Dwell()
    for _ in range(80):
        dwell.update((500, 500), "start", STEP)
    dwell.update((520, 500), None, STEP)  # off the button for one frame
    assert dwell.progress == 0.0
    for _ in range(80):
        assert not dwell.update((520, 500), "start", STEP)
    assert not dwell.update((530, 500), "lang", STEP)  # a neighbouring button under the cursor
    assert dwell.target == "lang" and dwell.progress == 0.0


def test_a_resting_hand_presses_once_then_must_move_away_to_press_again():
    dwell = Dwell()
    presses = sum(dwell.update((500, 500), "next", STEP) for _ in range(60 * 6))
    assert presses == 1
    assert not dwell.update((500, 500), None, STEP)  # the screen changed: no button under it now
    assert sum(dwell.update((505, 500), "key-G", STEP) for _ in range(60 * 3)) == 0  # nor a new one, while it rests
    assert not dwell.update((700, 500), "key-K", STEP)  # moved away: a new dwell starts
    assert sum(dwell.update((700, 500), "key-K", STEP) for _ in range(90)) == 1
    dwell.update((700, 500), None, STEP)
    dwell.update(None, None, STEP)  # the cursor went away (nobody moving): the next visitor starts afresh
    assert sum(dwell.update((700, 500), "key-K", STEP) for _ in range(91)) == 1
