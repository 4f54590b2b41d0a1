"""Camera input through the real App: a synthetic player in front of a synthetic camera.

A `Body` moves the player blob of a SyntheticStream the way a visitor moves in front of the
kiosk: at a person's speed, watching the cursor on the screen and correcting, holding still over
a button to press it. The camera runs inline (one picture per game frame, on the game's clock),
so every run is the same; one test runs the real worker thread on the wall clock.
"""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from game.camera.config import CameraConfig, parse_zone
from game.camera.source import CameraNotFound
from game.camera.synthetic import SyntheticStream, to_picture
from game.clock import STEP

ROOT = Path(__file__).resolve().parent.parent
W, H = 320, 240  # the synthetic camera's pictures (small: quick)


@pytest.fixture
def make_camera_pilot(tmp_path, shipped_content):
    """make_camera_pilot(stream=None, source=None, **camera options; kiosk=KioskConfig or None) -> Pilot
    with the camera on (unless camera_on=False at a kiosk) reading `stream` (or calling `source`)."""
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    apps = []

    def make(stream=None, source=None, kiosk=None, camera_on=True, lang="zh-CN", db=None, **options):
        options.setdefault("threaded", False)
        camera = CameraConfig(source=source or (lambda: stream), **options)
        config = AppConfig(
            db=db or tmp_path / f"game{len(apps)}.sqlite3",
            lang=lang,
            window=(1920, 1080),
            seed=7,
            muted=True,
            kiosk=kiosk is not None,
            kiosk_config=kiosk,
            camera=camera if camera_on else None,
        )
        app = build_app(config, content=shipped_content)
        if not camera_on:  # a kiosk whose operator may switch the camera on: it reads the same source
            app.ctx.camera.config = camera
        apps.append(app)
        pilot = Pilot(app)
        pilot.frame(2)  # the camera starts after the first frame
        return pilot

    yield make
    for app in apps:
        app.close()
    pygame.quit()


class Body:
    """The visitor: where their body is, as the canvas point the camera would put the cursor on."""

    SPEED = 1400.0  # canvas pixels per second (crossing the screen takes a person about 1.5 s)

    def __init__(self, pilot, stream: SyntheticStream, at=(960.0, 700.0)):
        self.pilot, self.stream = pilot, stream
        self.camera = pilot.app.ctx.camera
        self.pos = list(at)
        self._place()

    def _place(self) -> None:
        c = self.camera.config
        span = 1 - 2 * c.reach
        zone_point = (c.reach + self.pos[0] / 1919 * span, c.reach + self.pos[1] / 1079 * span)
        self.stream.player = to_picture(zone_point, c.zone)

    def step_toward(self, goal) -> bool:
        """One frame of walking towards goal; True once there."""
        dx, dy = goal[0] - self.pos[0], goal[1] - self.pos[1]
        dist, most = math.hypot(dx, dy), self.SPEED * STEP
        if dist <= most:
            self.pos = [goal[0], goal[1]]
        else:
            self.pos = [self.pos[0] + dx / dist * most, self.pos[1] + dy / dist * most]
        self._place()
        self.pilot.frame()
        return dist <= most

    def walk(self, goal, then_still: float = 0.0) -> None:
        for _ in range(600):
            if self.step_toward(goal):
                break
        if then_still:
            self.pilot.advance(then_still)

    def press(self, button_id: str, done, timeout: float = 10.0) -> float:
        """Put the cursor on the button and hold still until done(); returns how long the cursor
        had stayed over the button when it was pressed (seconds)."""
        over = 0.0
        for _ in range(round(timeout / STEP)):
            if done():
                return over
            button = self.pilot.button(button_id)
            cursor = self.camera.cursor if self.camera.visible else None
            if cursor is not None and _inside(button, cursor, margin=20):
                self.pilot.frame()  # hold still: nothing moves, the dwell runs
                over = over + STEP if self.camera.cursor and button.contains(self.camera.cursor) else 0.0
                continue
            if cursor is None:  # no cursor yet: wave (step aside), then come over
                self.walk((self.pos[0] + (300 if self.pos[0] < 960 else -300), self.pos[1]))
                aim = button.center
            else:  # look at the cursor and correct, as a person does
                aim = (self.pos[0] + button.center[0] - cursor[0], self.pos[1] + button.center[1] - cursor[1])
            for _ in range(45):  # a move, then a look
                over = over + STEP if self._over(button) else 0.0
                if self.step_toward(aim):
                    break
            for _ in range(24):  # let the cursor settle before judging
                self.pilot.frame()
                over = over + STEP if self._over(button) else 0.0
                if done():
                    return over
        raise AssertionError(f"{button_id} was not pressed within {timeout} s (scene {self.pilot.scene.name})")

    def _over(self, button) -> bool:
        return self.camera.visible and self.camera.cursor is not None and button.contains(self.camera.cursor)


def _inside(button, pos, margin: float) -> bool:
    x, y, w, h = button.rect
    return x + margin <= pos[0] < x + w - margin and y + margin <= pos[1] < y + h - margin


def scene_is(pilot, name):
    return lambda: pilot.scene.name == name


# -- pressing by holding still --------------------------------------------------------------------


def test_holding_still_over_start_presses_it_after_one_and_a_half_seconds(make_camera_pilot):
    stream = SyntheticStream(width=W, height=H)
    pilot = make_camera_pilot(stream)
    camera = pilot.app.ctx.camera
    assert camera.status == "on"
    body = Body(pilot, stream, at=(300, 300))
    pilot.advance(0.5)  # the camera settles on the hall
    body.walk((500, 320), then_still=0.2)  # a first move: the cursor appears
    assert camera.visible and pilot.scene.name == "title"
    seen = []

    def watch():
        seen.append((pilot.scene.name, camera.progress, camera.dwell.target))
        return pilot.scene.name == "entry"

    over = body.press("start", watch)
    assert pilot.scene.name == "entry"
    assert 1.5 - 1e-6 <= over <= 3.0, f"pressed after {over:.3f} s over the button"
    # the ring filled while the cursor rested: from empty to full, on the start button
    ring = [p for name, p, target in seen if target == "start"]
    assert ring and max(ring) > 0.95 and any(0.4 < p < 0.6 for p in ring)
    # the keypad now lies under the resting hand: nothing is typed until the hand moves
    assert any(b.contains(camera.cursor) for b in pilot.scene.widgets())
    pilot.advance(3.0)
    assert pilot.scene.name == "entry" and pilot.scene.values["name"] == "" and camera.progress == 0.0


def test_moving_away_before_the_end_cancels_the_press(make_camera_pilot):
    stream = SyntheticStream(width=W, height=H)
    pilot = make_camera_pilot(stream)
    camera = pilot.app.ctx.camera
    body = Body(pilot, stream, at=(960, 300))
    start = pilot.button("start")
    body.walk((start.center[0], start.center[1] - 200), then_still=0.2)
    for _ in range(200):  # onto the button, until the ring runs
        if camera.dwell.target == "start" and camera.progress > 0:
            break
        body.step_toward(start.center)
    assert camera.dwell.target == "start"
    pilot.advance(0.9)
    assert 0.4 < camera.progress < 0.8 and pilot.scene.name == "title"
    body.walk((960, 1000))  # away, below the buttons
    pilot.advance(0.5)
    assert camera.progress == 0.0
    pilot.advance(3.0)
    assert pilot.scene.name == "title"


# -- the chase, played with the body ------------------------------------------------------------


def test_a_visit_played_with_the_body_alone_signs_in_and_catches_the_trafficker(make_camera_pilot):
    """No touch, no key: every button is pressed by holding still over it, the officer is steered
    by moving, and a drug's fact card is closed the same way."""
    from tests.test_chase_play import CHASE

    stream = SyntheticStream(width=W, height=H)
    pilot = make_camera_pilot(stream)
    body = Body(pilot, stream)
    body.press("start", scene_is(pilot, "entry"))
    entry = pilot.scene
    body.press("key-A", lambda: entry.values["name"] == "A")
    body.press("ok", lambda: entry.step == "class")
    body.press("skip", lambda: entry.step == "age")
    body.press("age-junior", scene_is(pilot, "tracks"))
    body.press("track-junior", scene_is(pilot, "runner"))
    (player,) = pilot.app.ctx.store.players()
    assert (player["nickname"], player["class_code"], player["age_group"]) == ("A", "", "junior")
    runner = pilot.scene
    runner.index = [lid for lid, _ in runner.sequence].index(CHASE)  # straight to the chase level
    pilot.frame()
    body.press("go", scene_is(pilot, "chase"))
    scene = pilot.scene
    logic = scene.logic
    p = logic.player  # a drug flies straight into the officer at once: its fact card is up
    logic.hazards.insert(0, [p.x, p.y, 0.0, 0.0, 0, math.inf, False])
    cards = 0
    for _ in range(round(60 / STEP)):
        if logic.phase == "over":
            break
        if logic.phase == "card":  # a drug hit: its fact card closes with a held hand on "continue"
            cards += 1
            body.press("card-ok", lambda: logic.phase != "card", timeout=10)  # a card waits for the press
            continue
        body.step_toward((logic.trafficker.x, logic.trafficker.y + 120))  # run at him (the arena is 120 px down)
    assert logic.result == "caught", f"{logic.catches} catches, {logic.lives} lives, {logic.t:.1f} s"
    body.press("summary-ok", lambda: scene.stage != "summary")
    kinds = [e["kind"] for e in pilot.app.ctx.store.events()]
    assert kinds.count("caught") == logic.level.catches and kinds.count("hit") == cards >= 1


# -- failing soft -----------------------------------------------------------------------------


def test_unplugged_mid_chase_the_game_goes_on_with_touch_and_the_camera_comes_back(make_camera_pilot, caplog):
    from tests.test_chase_play import open_chase

    streams = [SyntheticStream(width=W, height=H), SyntheticStream(width=W, height=H, seed=2)]
    opened = []

    def source():
        opened.append(1)
        return streams[min(len(opened), 2) - 1]

    caplog.set_level(logging.INFO, logger="game.camera")
    pilot = make_camera_pilot(source=source, retry_s=5.0)
    camera = pilot.app.ctx.camera
    scene = open_chase(pilot)  # signs in by touch: touch works beside the camera
    body = Body(pilot, streams[0], at=(400, 600))
    for _ in range(60):
        body.step_toward((1500, 600))
    assert camera.visible and scene.logic.player.x > 700  # the body steers the officer
    streams[0].fail_after = streams[0].frames  # the cable is pulled
    pilot.frame()
    assert camera.status == "lost" and not camera.visible
    lost = [r for r in caplog.records if "camera lost" in r.getMessage()]
    assert len(lost) == 1 and lost[0].levelno == logging.WARNING
    x_before = scene.logic.player.x
    pilot.touch((300, 700))  # the officer now goes where a finger says
    pilot.frame(90)
    assert scene.logic.player.x < x_before - 200 and pilot.app.running
    assert pilot.scene is scene and scene.logic.phase in ("play", "card")
    pilot.advance(5.5)  # retry_s later the camera is opened again: plugged back in
    assert len(opened) == 2 and camera.status == "on"
    assert [r.getMessage() for r in caplog.records if "camera lost" in r.getMessage()] == [lost[0].getMessage()]
    assert any(r.getMessage() == "camera on again" for r in caplog.records)


def test_a_camera_that_keeps_failing_is_said_once_and_tried_again_quietly(make_camera_pilot, caplog):
    tries = []

    def nothing_there():
        tries.append(1)
        raise CameraNotFound("no camera at index 0")

    caplog.set_level(logging.INFO, logger="game.camera")
    pilot = make_camera_pilot(source=nothing_there, retry_s=2.0)
    camera = pilot.app.ctx.camera
    pilot.advance(7.0)
    assert camera.status == "not_found" and len(tries) >= 4
    said = [r for r in caplog.records if r.name == "game.camera"]
    assert len(said) == 1 and "not found" in said[0].getMessage() and "touch" in said[0].getMessage()
    pilot.tap("start")  # touch works
    assert pilot.scene.name == "entry"


def test_a_real_camera_index_with_no_camera_is_not_found():
    from game.camera.source import OpenCVCamera

    with pytest.raises(CameraNotFound):
        OpenCVCamera(99)  # no machine has a hundredth camera


MISSING = r"""
import logging, sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # `import cv2` now raises ImportError, as when it is not installed
logging.basicConfig(level=logging.INFO, format="%(name)s %(levelname)s %(message)s", stream=sys.stdout)
from pathlib import Path
from game.app import AppConfig, build_app
from game.camera.config import CameraConfig
from game.pilot import Pilot
app = build_app(AppConfig(db=Path(sys.argv[2]), window=(1920, 1080), muted=True, camera=CameraConfig(device=0, threaded=sys.argv[3] == "thread")))
pilot = Pilot(app)
pilot.frame(3)
import time
for _ in range(100):
    if app.ctx.camera.status != "starting":
        break
    time.sleep(0.02)
    pilot.frame()
print("status", app.ctx.camera.status)
pilot.tap("start")
print("scene", pilot.scene.name)
app.close()
"""


@pytest.mark.parametrize("missing, mode", [("cv2", "inline"), ("cv2", "thread"), ("cv2,numpy", "thread")])
def test_without_opencv_the_game_says_so_once_and_goes_on_with_touch(tmp_path, missing, mode):
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    out = subprocess.run(
        [sys.executable, "-c", MISSING, missing, str(tmp_path / "g.sqlite3"), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "status no_opencv" in lines and "scene entry" in lines, out.stdout + out.stderr
    said = [line for line in lines if line.startswith("game.camera WARNING")]
    assert len(said) == 1 and "pip install '.[camera]'" in said[0] and "touch" in said[0]
    assert "Traceback" not in out.stderr


def test_the_worker_thread_tracks_off_the_game_thread_and_survives_an_unplug(make_camera_pilot):
    stream = SyntheticStream(width=W, height=H, paced=True, fps=30)
    pilot = make_camera_pilot(stream, threaded=True)
    camera = pilot.app.ctx.camera
    deadline = time.monotonic() + 10
    while camera.status != "on" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert camera.status == "on"
    thread = camera.worker._thread
    assert thread.name == "camera" and thread.is_alive()
    body = Body(pilot, stream, at=(400, 300))
    for _ in range(400):  # wall time runs on: the thread tracks while the game steps
        body.step_toward((1500, 300))
        time.sleep(0.005)
        if camera.visible and camera.cursor[0] > 1200:
            break
    assert camera.visible and camera.cursor[0] > 1200
    assert camera.worker.frames > 10
    stream.fail_after = stream.frames
    deadline = time.monotonic() + 5
    while camera.status != "lost" and time.monotonic() < deadline:
        pilot.frame()
        time.sleep(0.01)
    assert camera.status == "lost" and thread.is_alive()  # waiting to try again
    pilot.frame(5)
    assert not camera.visible and pilot.app.running
    pilot.app.ctx.camera.stop()
    thread.join(2.0)
    assert not thread.is_alive() and camera.status == "off"


# -- the kiosk ----------------------------------------------------------------------------------


def test_nobody_in_front_of_the_camera_lets_the_attract_loop_come_back(make_camera_pilot):
    from game.kiosk.config import KioskConfig

    quick = KioskConfig(attract_after_s=2.0)
    stream = SyntheticStream(width=W, height=H, player=None)  # an empty hall
    pilot = make_camera_pilot(stream, kiosk=quick)
    pilot.advance(quick.attract_after_s + 0.5)
    assert pilot.scene.name == "attract"
    stream.player = (0.5, 0.5)  # somebody walks up and waves
    body = Body(pilot, stream, at=(600, 500))
    for _ in range(40):
        body.step_toward((1300, 500))
    assert pilot.scene.name == "quick_start"  # the attract loop's touch: quick play's first screen
    pilot.advance(0.5)
    stream.player = None  # ... and leaves (walking off is motion too)
    pilot.advance(1.0)
    assert pilot.scene.name == "quick_start"
    # nobody comes back: quick play's countdown starts the visit, the kiosk's idle timers (counted from
    # the last motion, as from the last touch) ask "are you still there?", close it and show the loop
    pilot.run_until(lambda: pilot.scene.name == "attract", timeout=120, what="the attract loop again")
    assert pilot.app.ctx.store._read("SELECT status FROM sessions ORDER BY id DESC LIMIT 1")[0]["status"] == "abandoned"


def test_the_operator_menu_shows_the_camera_and_switches_it(make_camera_pilot):
    from game.camera.config import ON_KEY, PREVIEW_KEY
    from tests.test_kiosk import FAST, operator_gesture, set_operator_pin

    stream = SyntheticStream(width=W, height=H)
    pilot = make_camera_pilot(stream, kiosk=FAST, camera_on=False)
    store, camera = pilot.app.ctx.store, pilot.app.ctx.camera
    assert camera.status == "off" and camera.worker is None
    set_operator_pin(store)
    operator_gesture(pilot)
    for digit in "2468":
        pilot.tap(f"digit-{digit}")
    pilot.tap("ok")
    assert pilot.scene.name == "operator"
    assert pilot.button("camera").label == "体感摄像头：关"
    pilot.tap("camera")
    pilot.frame(40)
    assert store.setting(ON_KEY) is True and camera.status == "on"
    assert pilot.button("camera").label.startswith("体感摄像头：开")
    pilot.tap("preview")
    assert store.setting(PREVIEW_KEY) is True and camera.preview_on
    pilot.tap("camera")
    assert store.setting(ON_KEY) is False and camera.status == "off" and camera.worker is None
    assert pilot.button("camera").label == "体感摄像头：关"


def test_the_operator_sees_why_the_camera_does_not_work(make_camera_pilot, monkeypatch):
    from tests.test_chase_play import DrawnText
    from tests.test_kiosk import FAST, operator_gesture, set_operator_pin

    def nothing_there():
        raise CameraNotFound("no camera at index 0")

    pilot = make_camera_pilot(source=nothing_there, kiosk=FAST, lang="en")
    set_operator_pin(pilot.app.ctx.store)
    operator_gesture(pilot)
    for digit in "2468":
        pilot.tap(f"digit-{digit}")
    pilot.tap("ok")
    assert pilot.button("camera").label == "Body camera: none found; touch only"
    assert "Camera: no camera at index 0" in DrawnText(pilot, monkeypatch).draw()


def test_the_camera_setting_survives_a_restart(make_camera_pilot, tmp_path):
    from game.camera.config import ON_KEY, PREVIEW_KEY
    from game.store import Store
    from tests.test_kiosk import FAST

    db = tmp_path / "kiosk.sqlite3"
    store = Store.open(db)
    store.set_setting(ON_KEY, True)
    store.set_setting(PREVIEW_KEY, True)
    store.close()
    pilot = make_camera_pilot(SyntheticStream(width=W, height=H), kiosk=FAST, camera_on=False, db=db)
    camera = pilot.app.ctx.camera
    assert camera.enabled and camera.preview_on and camera.status == "on"


# -- the preview and privacy ----------------------------------------------------------------------


def test_the_preview_shows_the_mirrored_picture_in_a_corner_and_says_it_is_not_recorded(make_camera_pilot, monkeypatch):
    from game.ui.cursor import PREVIEW_RECT
    from tests.test_chase_play import DrawnText

    stream = SyntheticStream(width=W, height=H, player=(0.2, 0.5), radius=0.2)  # the player on the picture's left
    pilot = make_camera_pilot(stream, preview=True)
    pilot.frame(3)
    canvas = pilot.app.screen.canvas
    x, y, w, h = PREVIEW_RECT
    right = canvas.get_at((x + round(0.8 * w), y + h // 2))[:3]  # mirrored: the red-and-navy shirt on the right
    left = canvas.get_at((x + round(0.2 * w), y + h // 2))[:3]
    assert right[1] < 70 and max(right[0], right[2]) > 60, right  # red and navy stripes: little green
    assert left[1] > 80 and abs(left[0] - left[1]) < 40, left  # the beige wall
    drawn = DrawnText(pilot, monkeypatch)
    assert "画面不保存" in drawn.draw()
    pilot.app.ctx.camera.set_preview(False)
    pilot.frame()
    assert "画面不保存" not in drawn.draw()


def test_no_picture_is_ever_written_recorded_or_kept(make_camera_pilot, tmp_path):
    """The camera code has no way to write a picture, and a session with the camera and its
    preview leaves nothing but the database and its journal behind."""
    banned = (
        "imwrite",
        "VideoWriter",
        "imencode",
        "open(",
        ".save(",
        "tofile",
        "pickle",
        "np.save",
        "urlopen",
        "socket",
    )
    for path in [*sorted((ROOT / "game" / "camera").glob("*.py")), ROOT / "game" / "ui" / "cursor.py"]:
        text = path.read_text(encoding="utf-8")
        found = [word for word in banned if word in text]
        assert not found, f"{path.relative_to(ROOT)} uses {found}"
    stream = SyntheticStream(width=W, height=H)
    before = set(tmp_path.rglob("*"))
    pilot = make_camera_pilot(stream, preview=True, db=tmp_path / "only.sqlite3")
    Body(pilot, stream).walk((1500, 500), then_still=2.0)
    pilot.app.close()
    left = {p.name for p in set(tmp_path.rglob("*")) - before}
    assert left <= {"only.sqlite3", "only.sqlite3-wal", "only.sqlite3-shm"}, left


def test_the_camera_modules_the_game_thread_imports_are_light():
    code = (
        "import sys, game.camera.pointer, game.camera.config, game.camera.dwell, game.ui.cursor;"
        "print(','.join(m for m in ('numpy', 'cv2', 'pygame') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


# -- the command line ------------------------------------------------------------------------------


def test_play_zone_parsing():
    assert parse_zone("0.2,0.3,0.8,1") == (0.2, 0.3, 0.8, 1.0)
    assert parse_zone(" 0.2, 0.3 , 0.8,1 ") == (0.2, 0.3, 0.8, 1.0)
    for bad in ("0.2,0.3,0.8", "a,b,c,d", "0.8,0.1,0.2,0.9", "0,0,1,1.5", "0.5,0.5,0.55,0.9"):
        with pytest.raises(ValueError, match="play zone"):
            parse_zone(bad)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--camera", "front"], "expected a camera number"),
        (["--camera", "0", "--camera-zone", "0.9,0.1,0.1,0.9"], "play zone"),
    ],
)
def test_bad_camera_options_get_a_clear_message(args, message):
    out = subprocess.run(
        [sys.executable, "main.py", *args, "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def test_the_command_line_turns_the_camera_on(tmp_path):
    from game.cli import _camera_config, build_parser

    parser, _ = build_parser()
    args = parser.parse_args(["--kiosk", "--camera", "1", "--camera-zone", "0.2,0.2,0.8,0.9", "--camera-preview"])
    config = _camera_config(args)
    assert (config.device, config.zone, config.preview) == (1, (0.2, 0.2, 0.8, 0.9), True)
    assert _camera_config(parser.parse_args(["--kiosk"])) is None
