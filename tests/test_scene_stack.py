"""The two core seams, tested directly: the fixed clock, and the scene stack's lifecycle order and hooks.

The lifecycle (game/scene.py): a pushed scene is entered after the one below is paused; a popped
scene exits before the one below resumes with its result; Home exits every scene above the root,
top first. Hooks (AppHook) see events before the scene, answer each frame first, wrap it, and draw
over it.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from game.actions import Action, InputEvent
from game.clock import MAX_STEPS, STEP, FixedClock
from game.scene import AppHook, Home, Pop, Push, Replace, Scene


# -- the fixed clock --------------------------------------------------------------------------------------
def test_the_clock_runs_whole_steps_and_carries_the_rest():
    clock = FixedClock()
    assert clock.advance(STEP * 2.5) == 2
    assert clock.carry == pytest.approx(STEP * 0.5)
    assert clock.advance(STEP * 0.5) == 1  # the half step carried over completes one
    assert clock.carry == pytest.approx(0.0, abs=1e-12)
    assert clock.steps_total == 3 and clock.seconds == pytest.approx(3 * STEP)


def test_the_clock_does_not_move_unless_advanced_and_ignores_time_going_back():
    clock = FixedClock()
    assert clock.advance(0.0) == 0
    assert clock.advance(-1.0) == 0
    assert clock.steps_total == 0 and clock.carry == 0.0


def test_a_long_stall_is_capped_and_its_backlog_dropped():
    clock = FixedClock()
    assert clock.advance(2.0) == MAX_STEPS  # two seconds of steps would be 120: no spiral of death
    assert clock.carry == 0.0  # ... and the rest is dropped, not run late
    assert clock.advance(STEP) == 1


def test_exact_frames_give_exactly_one_step_each_for_a_long_time():
    clock = FixedClock()
    assert [clock.advance(1 / 60) for _ in range(6000)] == [1] * 6000  # no drift from float sums


# -- the scene stack ----------------------------------------------------------------------------------------
class Probe(Scene):
    """A scene that writes down each lifecycle call, and answers updates with a preset transition."""

    def __init__(self, ctx, label: str, log: list, raise_on_exit: bool = False):
        super().__init__(ctx)
        self.label, self.log, self.raise_on_exit = label, log, raise_on_exit
        self.name = label
        self.next = None  # the transition its next update returns

    def enter(self):
        self.log.append((self.label, "enter"))
        super().enter()

    def exit(self):
        self.log.append((self.label, "exit"))
        if self.raise_on_exit:
            raise RuntimeError(f"{self.label} breaks on the way out")

    def pause(self):
        self.log.append((self.label, "pause"))

    def resume(self, result=None):
        self.log.append((self.label, "resume", result))
        return super().resume(result)

    def handle(self, event):
        self.log.append((self.label, "handle", event.action))
        return None

    def update(self, dt):
        transition, self.next = self.next, None
        return transition

    def draw(self, canvas):
        self.log.append((self.label, "draw"))


@pytest.fixture
def stack(make_pilot):
    """(app, log, root): the real App with a Probe as its only scene."""
    pilot = make_pilot(lang="en")
    app = pilot.app
    log: list = []
    while len(app.stack) > 1:
        app.apply(Pop())
    root = Probe(app.ctx, "root", log)
    app.apply(Replace(root))
    log.clear()
    return app, log, root


def test_push_pauses_below_then_enters_and_pop_exits_then_resumes_with_the_result(stack):
    app, log, root = stack
    a = Probe(app.ctx, "a", log)
    app.apply(Push(a))
    assert log == [("root", "pause"), ("a", "enter")]
    log.clear()
    app.apply(Pop("done"))
    assert log == [("a", "exit"), ("root", "resume", "done")]
    assert app.stack == [root]


def test_replace_swaps_the_top_without_touching_the_scene_below(stack):
    app, log, root = stack
    app.apply(Push(Probe(app.ctx, "a", log)))
    log.clear()
    b = Probe(app.ctx, "b", log)
    app.apply(Replace(b))
    assert log == [("a", "exit"), ("b", "enter")]
    assert app.stack == [root, b]


def test_home_exits_every_scene_top_first_then_the_root_resumes(stack):
    app, log, root = stack
    for label in ("a", "b", "c"):
        app.apply(Push(Probe(app.ctx, label, log)))
    log.clear()
    app.apply(Home())
    assert log == [("c", "exit"), ("b", "exit"), ("a", "exit"), ("root", "resume", None)]
    assert app.stack == [root]


def test_a_transition_returned_by_update_is_applied_in_the_same_frame(stack):
    app, log, root = stack
    a = Probe(app.ctx, "a", log)
    root.next = Push(a)
    app.step(STEP)
    assert app.scene is a and ("a", "enter") in log and ("a", "draw") in log


def test_unwind_to_root_drops_a_scene_that_breaks_on_the_way_out(stack, caplog):
    app, log, root = stack
    app.apply(Push(Probe(app.ctx, "a", log)))
    app.apply(Push(Probe(app.ctx, "broken", log, raise_on_exit=True)))
    log.clear()
    app.unwind_to_root()
    assert app.stack == [root]
    assert log == [("broken", "exit"), ("a", "exit"), ("root", "resume", None)]
    assert "broken" in caplog.text


# -- hooks ------------------------------------------------------------------------------------------------
class Recorder(AppHook):
    def __init__(self, label: str, log: list, eat: bool = False):
        self.label, self.log, self.eat = label, log, eat
        self.transition = None

    def on_event(self, app, event):
        self.log.append((self.label, "event", event.action))
        return self.eat

    def before_frame(self, app, elapsed):
        self.log.append((self.label, "before"))
        transition, self.transition = self.transition, None
        return transition

    @contextmanager
    def around_frame(self, app):
        self.log.append((self.label, "open"))
        yield
        self.log.append((self.label, "close"))

    def after_draw(self, app, canvas):
        self.log.append((self.label, "after_draw"))


def test_hooks_wrap_the_frame_in_order_and_draw_over_the_scenes(stack):
    app, log, root = stack
    app.add_hook(Recorder("h1", log))
    app.add_hook(Recorder("h2", log))
    app.step(STEP)
    assert log == [
        ("h1", "open"),
        ("h2", "open"),
        ("h1", "before"),
        ("h2", "before"),
        ("root", "draw"),
        ("h1", "after_draw"),
        ("h2", "after_draw"),
        ("h2", "close"),
        ("h1", "close"),
    ]


def test_a_hook_that_uses_an_event_up_keeps_it_from_the_scene(stack):
    app, log, root = stack
    app.add_hook(Recorder("eater", log, eat=True))
    app.dispatch(InputEvent(Action.CONFIRM))
    assert log == [("eater", "event", Action.CONFIRM)]
    log.clear()
    app.hooks.clear()
    app.add_hook(Recorder("watcher", log))
    app.dispatch(InputEvent(Action.CONFIRM))
    assert log == [("watcher", "event", Action.CONFIRM), ("root", "handle", Action.CONFIRM)]


def test_a_hook_s_transition_is_applied_before_the_scenes_update(stack):
    app, log, root = stack
    hook = Recorder("h", log)
    app.add_hook(hook)
    a = Probe(app.ctx, "a", log)
    hook.transition = Push(a)
    app.step(STEP)
    assert log.index(("a", "enter")) < log.index(("a", "draw"))
    assert app.scene is a


def test_a_guard_in_around_frame_catches_what_a_scene_raises(stack):
    app, log, root = stack
    caught = []

    class Guard(AppHook):
        @contextmanager
        def around_frame(self, app):
            try:
                yield
            except RuntimeError as exc:
                caught.append(str(exc))

    def boom(dt):
        raise RuntimeError("a scene broke")

    root.update = boom
    app.add_hook(Guard())
    assert app.step(STEP) is True  # the frame is given up; the game goes on
    assert caught == ["a scene broke"]


# -- results go to the scene that asked ---------------------------------------------------------------------
def test_a_pop_s_result_goes_to_the_callback_registered_at_push_after_the_resume(stack):
    app, log, root = stack
    a = Probe(app.ctx, "a", log)
    follow_up = Probe(app.ctx, "follow-up", log)

    def answered(result):
        log.append(("callback", result))
        return Push(follow_up)  # the callback's transition is applied too

    app.apply(Push(a, on_result=answered))
    log.clear()
    app.apply(Pop(42))
    assert log[:3] == [("a", "exit"), ("root", "resume", 42), ("callback", 42)]
    assert app.scene is follow_up


def test_replace_passes_the_callback_on_and_home_drops_it(stack):
    app, log, root = stack
    heard = []
    app.apply(Push(Probe(app.ctx, "a", log), on_result=heard.append))
    app.apply(Replace(Probe(app.ctx, "b", log)))
    app.apply(Pop("from b"))
    assert heard == ["from b"]
    app.apply(Push(Probe(app.ctx, "c", log), on_result=heard.append))
    app.apply(Push(Probe(app.ctx, "d", log)))
    app.apply(Home())
    assert heard == ["from b"] and app.stack == [root]
    app.apply(Push(Probe(app.ctx, "e", log)))
    app.apply(Pop("nobody asked"))  # no callback: only resume() sees it
    assert heard == ["from b"] and log[-1] == ("root", "resume", "nobody asked")


def test_the_pause_menu_answers_with_a_choice_and_quit_leaves_the_level(make_pilot):
    from game.levels.pause import PauseChoice, PauseScene
    from game.outcomes import LevelResult

    pilot = make_pilot(lang="en")
    app = pilot.app
    left = []

    class Level(Probe):
        def paused(self, choice):
            left.append(choice)
            return Pop(LevelResult("x", 0, 0, False, (), True)) if choice is PauseChoice.QUIT else None

    level = Level(app.ctx, "level", [])
    app.apply(Push(level))
    app.apply(Push(PauseScene(app.ctx), on_result=level.paused))
    app.dispatch(InputEvent(Action.BACK))  # Back on the pause menu resumes
    assert left == [PauseChoice.RESUME] and app.scene is level
    app.apply(Push(PauseScene(app.ctx), on_result=level.paused))
    pilot.tap("quit")
    assert left == [PauseChoice.RESUME, PauseChoice.QUIT] and level not in app.stack
