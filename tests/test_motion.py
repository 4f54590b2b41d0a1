"""Motion and feedback: tweens on the fixed-step clock, "less motion", and replays that stay exact.

Read from the animation state (tweens, particles, the shake offset), never from pixels.
"""

from __future__ import annotations

import math

import pygame
import pytest

from game.actions import Action
from game.clock import STEP
from game.ui.tween import Tween, Tweens, ease_in_out, ease_out_back, ease_out_cubic
from tests.test_chase_play import open_chase
from tests.test_playthrough import answer_option
from tests.test_scenario_play import open_level


# -- the tween module -------------------------------------------------------------------------------
def test_easings_run_from_0_to_1():
    for ease in (ease_out_cubic, ease_in_out, ease_out_back):
        assert ease(0.0) == pytest.approx(0.0) and ease(1.0) == pytest.approx(1.0)
    assert ease_out_back(0.8) > 1.0  # a pop overshoots before it settles


def test_a_tween_moves_only_when_updated():
    tween = Tween(10.0, 20.0, 0.5, ease=lambda x: x, delay=0.1)
    assert tween.value == 10.0 and not tween.started
    tween.update(0.1)
    assert tween.value == 10.0
    tween.update(0.25)
    assert tween.value == pytest.approx(15.0) and not tween.done
    tween.update(1.0)
    assert tween.value == 20.0 and tween.done


class Settings:
    reduced_motion = True


class Ctx:
    settings = Settings()


def test_less_motion_caps_every_tween_at_one_frame():
    tweens = Tweens(Ctx())
    tween = tweens.start("x", 0, 1, 2.0, delay=1.0)
    assert tween.seconds <= STEP and tween.delay <= STEP
    tweens.update(2 * STEP)
    assert tweens.value("x") == 1.0


# -- the App, with and without less motion ------------------------------------------------------------
def tweens_of(pilot) -> list[Tween]:
    """Every tween the screen is animating: the scene's effects and its buttons'."""
    scene = pilot.scene
    found = list(scene.buttons.anims.items.values()) if scene.buttons.anims else []
    fx = getattr(scene, "fx", None)
    if fx is not None:
        found += list(fx.tweens.items.values())
    return found


def hit(pilot, scene, drug_id="ketamine"):
    logic = scene.logic
    p = logic.player
    logic.hazards.insert(0, [p.x, p.y, 0.0, 0.0, logic.drugs.index(drug_id), math.inf, False])
    pilot.frame()
    assert logic.phase == "card"


def catch(pilot, scene):
    logic = scene.logic
    logic.player.x, logic.player.y = logic.trafficker.x, logic.trafficker.y
    catches = logic.catches
    pilot.frame()
    assert logic.catches == catches + 1


def watch(pilot, frames: int) -> tuple[set, float, int, bool]:
    """Over `frames` frames: the shake offsets seen, the longest tween, most particles, any crossfade."""
    offsets, longest, particles, fading = set(), 0.0, 0, False
    for _ in range(frames):
        pilot.frame()
        scene = pilot.scene
        fx = getattr(scene, "fx", None)
        if fx is not None:
            offsets.add(fx.offset())
            particles = max(particles, len(fx.particles))
        longest = max([longest] + [max(t.seconds, t.delay) for t in tweens_of(pilot)])
        fading = fading or pilot.app._fade_left > 0
    return offsets, longest, particles, fading


def play_the_moments(pilot) -> list[tuple[set, float, int, bool]]:
    """Countdown, a hit, a catch, a right quiz answer, the results' stars: what each looked like."""
    seen = []
    scene = open_chase(pilot)
    hit(pilot, scene)
    seen.append(watch(pilot, 30))
    pilot.tap("card-ok")
    # past the grace after a card and the trafficker's head start (start_grace_s: no catch before it)
    pilot.advance(max(1.5, scene.level.start_grace_s - scene.logic.t + 0.2))
    catch(pilot, scene)
    seen.append(watch(pilot, 30))
    from game.scene import Home

    pilot.app.apply(Home())
    quiz = open_level(pilot, "junior-recognise")
    answer_option(pilot, right=True)
    assert quiz.logic.last.correct
    seen.append(watch(pilot, 30))
    pilot.app.apply(Home())
    return seen


@pytest.fixture
def moments(make_pilot):
    def run(reduced: bool):
        pilot = make_pilot(lang="en")
        ctx = pilot.app.ctx
        ctx.settings.reduced_motion = reduced
        ctx.apply_settings()
        return pilot, play_the_moments(pilot)

    return run


def test_less_motion_no_shake_no_tween_longer_than_a_frame(moments):
    pilot, seen = moments(reduced=True)
    for offsets, longest, particles, fading in seen:
        assert offsets <= {(0, 0)}, "the arena shook under less motion"
        assert longest <= STEP, f"a tween of {longest:.2f} s under less motion"
        assert particles == 0 and not fading
    results_stars_arrive_at_once(pilot)


def test_with_motion_the_same_moments_shake_and_ease(moments):
    """The check above can fail: with motion on, the same moments shake, burst and ease."""
    _, seen = moments(reduced=False)
    (hit_offsets, hit_longest, _, _), (_, catch_longest, catch_particles, _), (_, quiz_longest, quiz_particles, _) = (
        seen
    )
    assert hit_offsets - {(0, 0)}, "a hit shakes the arena"
    assert hit_longest > STEP and catch_longest > STEP and quiz_longest > STEP
    assert catch_particles > 0 and quiz_particles > 0


def results_stars_arrive_at_once(pilot):
    from game.outcomes import LevelResult
    from game.scene import Push
    from game.scenes.results import ResultsScene
    from game.session import Player

    ctx = pilot.app.ctx
    track = ctx.content.tracks["junior"]
    player = Player(ctx.store.add_player("ST", "", "junior"), "ST", "", "junior")
    level = track.levels[0]
    pilot.app.apply(Push(ResultsScene(ctx, player, track, [LevelResult(level, 100, 100, True, ())])))
    offsets, longest, particles, fading = watch(pilot, 40)
    assert longest <= STEP and particles == 0 and not fading
    assert all(pilot.scene.fx.tweens.value(f"star{i}") == 1.0 for i in range(3))


# -- replays stay exact ---------------------------------------------------------------------------------
def scripted_chase(make_pilot, seed: int) -> tuple[list, tuple]:
    """The same taps and keys on the same seed, with every animation on: events and the final state."""
    pilot = make_pilot(lang="zh-CN", seed=seed)
    scene = open_chase(pilot)
    logic = scene.logic
    w, h = pilot.app.screen.window_size
    for frame in range(60 * 25):
        if logic.phase == "over":
            break
        if logic.phase == "card":
            pilot.tap("card-ok")
            continue
        if frame % 90 < 45:
            pilot.hold(Action.RIGHT if frame % 180 < 90 else Action.LEFT)
        else:
            pilot.release(Action.RIGHT)
            pilot.release(Action.LEFT)
            tr = logic.trafficker
            x, y = pilot.app.screen.to_window((tr.x, tr.y + 120))
            pygame.event.post(
                pygame.event.Event(
                    pygame.FINGERMOTION, x=x / w, y=y / h, touch_id=1, finger_id=1, dx=0, dy=0, pressure=1
                )
            )
        pilot.frame()
    events = [(e["kind"], e["data"], e["t_ms"]) for e in pilot.app.ctx.store.events()]
    state = (
        round(logic.player.x, 6),
        round(logic.player.y, 6),
        round(logic.trafficker.x, 6),
        logic.catches,
        logic.lives,
        tuple(logic.hit),
        len(logic.hazards),
    )
    return events, state


def test_the_chase_is_the_same_for_the_same_seed_and_inputs(make_pilot):
    first = scripted_chase(make_pilot, seed=11)
    second = scripted_chase(make_pilot, seed=11)
    kinds = {kind for kind, _, _ in first[0]}
    assert "hit" in kinds or "caught" in kinds, "the script met something to animate"
    assert first == second
