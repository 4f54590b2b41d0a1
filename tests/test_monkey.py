"""The monkey: thousands of random taps, keys, typed text, window-close attempts and idle gaps,
with a fixed seed, in kiosk mode, through every scene they lead to. Nothing may escape, the game
may never quit, it is always in a real scene with the title at the bottom of the stack, and
every answer the store committed is still in the database at the end.

The default run is 20,000 actions (two to six share a frame, as fast fingers do; every frame
is updated, one in DRAW_EVERY is drawn, since drawing is most of the time and the same in every
frame of a scene); MONKEY_ACTIONS=N and MONKEY_SEED=S change it; the `slow` one runs 100,000
actions and draws every frame.
"""

from __future__ import annotations

import os
import random

import pygame
import pytest

from game.actions import Action
from game.kiosk.config import KioskConfig
from game.pilot import ACTION_KEYS

CONFIG = KioskConfig(attract_after_s=20, idle_reset_s=30, countdown_s=5, retry_s=3, demo_round_s=15, board_page_s=4)
KEYS = [a for a in ACTION_KEYS if a is not Action.MUTE]
DRAW_EVERY = 6
# buttons that lead on get picked more often, so the monkey gets past the keypad into the levels
FORWARD = (
    "ok",
    "skip",
    "age-",
    "track-",
    "go",
    "option-",
    "submit",
    "next",
    "continue",
    "card-ok",
    "summary-ok",
    "resume",
    "again",
    "digit-",
)
TEXTS = ["A", "7", "小", "😀", "\u202e", "\u200b", "\x07", "'; DROP TABLE players; --", "ＡＢ", " ", "fuck", "傻逼"]


def scene_names() -> set[str]:
    """The name of every scene class the game has (after importing them all)."""
    import importlib
    import pkgutil

    import game.kiosk
    import game.levels
    import game.scenes
    from game.scene import Scene

    for package in (game.scenes, game.levels, game.kiosk):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            try:
                importlib.import_module(info.name)
            except ImportError:
                pass
    names, todo = set(), [Scene]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names.add(cls.name)
    return names - {"scene"}


def finger(kind: int, pilot, pos) -> None:
    w, h = pilot.app.screen.window_size
    x, y = pilot.app.screen.to_window(pos)
    pygame.event.post(pygame.event.Event(kind, touch_id=1, finger_id=1, dx=0.0, dy=0.0, pressure=1.0, x=x / w, y=y / h))


def tap_button(pilot, rng) -> None:
    """A finger on one of the enabled buttons, the ones that lead forward likelier."""
    buttons = [b for b in pilot.app.scene.widgets() if b.enabled]
    if buttons:
        weights = [8 if b.id.startswith(FORWARD) else 1 for b in buttons]
        button = rng.choices(buttons, weights)[0]
        finger(pygame.FINGERDOWN, pilot, button.center)
        finger(pygame.FINGERUP, pilot, button.center)


def swipe(pilot, rng) -> None:
    """A finger down anywhere, moved, and lifted where it came down."""
    pos = (rng.uniform(0, 1919), rng.uniform(0, 1079))
    finger(pygame.FINGERDOWN, pilot, pos)
    finger(pygame.FINGERMOTION, pilot, (rng.uniform(0, 1919), rng.uniform(0, 1079)))
    finger(pygame.FINGERUP, pilot, pos)


def press_key(pilot, rng) -> None:
    """One of the game's keys, pressed and let go."""
    key = getattr(pygame, ACTION_KEYS[rng.choice(KEYS)])
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))


def type_text(pilot, rng) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TEXTS)))


def try_to_quit(pilot, rng) -> None:
    """The window's close button, then Alt+F4."""
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F4, mod=pygame.KMOD_LALT, unicode="", scancode=0))


def do_nothing(pilot, rng) -> None:
    """A frame with nothing new."""


def operator_gesture(pilot, rng) -> None:
    """Somebody found the operator gesture (but not the PIN)."""
    for corner in ((40, 40), (1880, 1040)):
        finger(pygame.FINGERDOWN, pilot, corner)
        for _ in range(14):
            pilot.app.step(1 / 6)
        finger(pygame.FINGERUP, pilot, corner)


def walk_away(pilot, rng) -> None:
    """Somebody walks away: up to two minutes."""
    for _ in range(rng.randint(1, 25)):
        pilot.app.step(5.0)


# the monkey's moves: each below its bound of one random draw (rng.random() < 1.0 always)
MONKEY_MOVES = (
    (0.45, tap_button),
    (0.62, swipe),
    (0.8, press_key),
    (0.88, type_text),
    (0.9, try_to_quit),
    (0.996, do_nothing),
    (0.9965, operator_gesture),
    (1.0, walk_away),
)


def monkey_move(pilot, rng) -> None:
    """One random move, by the odds in MONKEY_MOVES."""
    r = rng.random()
    move = next(move for bound, move in MONKEY_MOVES if r < bound)
    move(pilot, rng)


def run_monkey(pilot, actions: int, seed: int, draw_every: int = DRAW_EVERY) -> dict[str, int]:
    rng = random.Random(seed)
    app = pilot.app
    draw, frames = app.draw, [0]

    def some_draws() -> None:
        frames[0] += 1
        if frames[0] % draw_every == 0:
            draw()

    app.draw = some_draws
    store = app.ctx.store
    committed: list[int] = []
    record_answer = store.record_answer

    def counting(*args, **kwargs):
        answer_id = record_answer(*args, **kwargs)
        committed.append(answer_id)
        return answer_id

    store.record_answer = counting  # the recorder's one road to the answers table, counted
    known = scene_names()
    seen: dict[str, int] = {}
    done = 0
    while done < actions:
        for _ in range(rng.randint(2, 6)):  # a few actions in one frame
            done += 1
            monkey_move(pilot, rng)
        app.step()
        assert app.running, "the monkey got out of the kiosk"
        assert app.stack[0].name == "title"
        assert app.scene.name in known, app.scene.name
        seen[app.scene.name] = seen.get(app.scene.name, 0) + 1
    for _ in range(40):  # everybody leaves
        app.step(5.0)
    assert app.scene.name in ("title", "attract")
    in_db = {a.id for a in store.answers()}
    assert set(committed) <= in_db
    assert len(in_db) == len(committed)
    return {"answers": len(committed), "scenes": len(seen), **seen}


@pytest.fixture
def kiosk_pilot(tmp_path, shipped_content):
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    app = build_app(
        AppConfig(
            db=tmp_path / "monkey.sqlite3",
            lang="zh-CN",
            window=(1920, 1080),
            seed=11,
            muted=True,
            kiosk=True,
            kiosk_config=CONFIG,
        ),
        content=shipped_content,
    )
    yield Pilot(app)
    app.close()
    pygame.quit()


def test_monkey_in_kiosk_mode(kiosk_pilot):
    actions = int(os.environ.get("MONKEY_ACTIONS", "20000"))
    stats = run_monkey(kiosk_pilot, actions, int(os.environ.get("MONKEY_SEED", "20250610")))
    print("monkey:", stats)
    # the monkey really went places: signed in, played, answered
    assert stats["answers"] > 0
    assert {"title", "entry", "tracks", "runner"} <= set(stats)


@pytest.mark.slow
def test_long_monkey_in_kiosk_mode(kiosk_pilot):
    stats = run_monkey(kiosk_pilot, 100_000, 7, draw_every=1)
    print("monkey:", stats)
    assert stats["answers"] > 0
