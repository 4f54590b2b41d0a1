"""App: owns the clock, the scene stack, the input mapper, the screen, the store and the content.

App.step() runs exactly one frame (input -> scene.handle, fixed-step updates, draw, present);
App.run() loops it against the wall clock. build_app() wires everything from an AppConfig;
nothing happens at import time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import paths
from game.actions import Action, InputEvent
from game.clock import STEP, FixedClock
from game.scene import AppHook, Home, Pop, Push, Quit, Replace, Scene, Transition

if TYPE_CHECKING:
    from game.context import Context
    from game.input import InputMapper
    from game.screen import Screen
    from game.settings import Settings

FADE_SECONDS = 0.3
SLIDE_PX = 80  # the old screen slides this far as it fades


class _GameLog:
    """logging.getLogger("game"), with `logging` imported on first use: a start has no record to
    write before its first frame, and importing logging costs it ~10 ms. Once run_app asked for
    the log file, the first use sets it up."""

    wanted = False  # run_app sets this: the log file is set up by the first use or after the first frame
    folder: Path | None = None  # run_app: beside the --db database; None: the user data folder

    def __getattr__(self, name: str) -> Any:
        import logging

        if _GameLog.wanted:
            _setup_logging()
        return getattr(logging.getLogger("game"), name)


log: Any = _GameLog()


@dataclass
class AppConfig:
    db: Path | None = None
    content: Path = paths.CONTENT
    lang: str | None = None
    window: tuple[int, int] | None = None
    fullscreen: bool = False
    seed: int | None = None
    muted: bool = False
    smoke: bool = False
    kiosk: bool = False  # exhibition kiosk: fullscreen, no way out but the operator's (game.kiosk)
    kiosk_config: Any = None  # game.kiosk.config.KioskConfig (timings); None: the defaults
    display: int = 0  # which screen, for --fullscreen and --kiosk
    class_code: str | None = None  # classroom mode: students sign in to this class
    speech: Any = "auto"  # "auto", "espeak", "os", "none", or engine objects (tests): game.speech
    speech_cache: Path | None = None  # rendered speech (default: `speech` in the per-user cache folder)
    camera: Any = None  # game.camera.config.CameraConfig from --camera (on at start); None: off, or the operator's choice at a kiosk
    live: bool = False  # push the class's answers to the teacher's classroom hub (game.classroom.live), not at a kiosk
    hub: str | None = None  # --hub URL (None: the hub remembered on the device, if any)
    hub_code: str | None = None  # --code, the hub's join code
    sync_to: str | None = None  # a kiosk's district server (--sync-to): synced in the background (game.district.sync)
    sync_every: float = 15.0  # minutes between a kiosk's syncs


class App:
    def __init__(
        self,
        ctx: Context,
        screen: Any,
        input_mapper: Any,
        first: Callable[[Context], Scene],
        clock: FixedClock | None = None,
    ):
        self.ctx = ctx
        self.screen = screen
        self.input = input_mapper
        self.clock = clock or FixedClock()
        self.stack: list[Scene] = []
        self._on_result: dict[Scene, Any] = {}  # a pushed scene -> the callback its Pop's result goes to
        self.running = True
        self.frames = 0
        self._fade: Any = None
        self._fade_left = 0.0
        self._fade_direction = 1
        self.hooks: list[AppHook] = []  # see AppHook; the kiosk controller in kiosk mode
        self.signals: Any = None  # game.service.StopSignals when run as a program: a stop signal ends run()
        self.after_first_frame: list[Callable[[], Any]] = []  # run at the start of the second frame
        self._read_key: Any = None  # the screen and main text last seen by read_aloud()
        self.overlays: list[Callable[[Any], None]] = []  # drawn over everything, last (the camera's cursor)
        self._push(first(ctx))

    # -- the stack ---------------------------------------------------------------------------
    @property
    def scene(self) -> Scene:
        return self.stack[-1]

    def _stop_speech(self) -> None:
        speech = getattr(self.ctx, "speech", None)
        if speech is not None:
            speech.stop()  # leaving a screen (or covering it) ends its reading

    def _push(self, scene: Scene, pause_below: bool = True) -> None:
        self._stop_speech()
        if self.stack and pause_below:
            self.stack[-1].pause()
        self.stack.append(scene)
        scene.enter()

    def _pop(self) -> Scene:
        self._stop_speech()
        scene = self.stack.pop()
        self._on_result.pop(scene, None)
        scene.exit()
        return scene

    def add_hook(self, hook: AppHook) -> None:
        self.hooks.append(hook)

    def unwind_to_root(self) -> None:
        """Back to the bottom scene (the title) whatever the scenes above it do on the way out: a scene
        whose exit() raises is logged and dropped all the same; then the root resumes (its error is raised)."""
        while len(self.stack) > 1:
            scene = self.stack[-1]
            try:
                self._pop()
            except Exception:
                log.exception("error while leaving scene %s", scene.name)
                if len(self.stack) > 1 and self.stack[-1] is scene:
                    self.stack.pop()
        self._read_key = None
        self.scene.resume(None)

    def apply(self, transition: Transition | None) -> None:
        """Apply a transition, and any transition the uncovered scene answers with."""
        while transition is not None:
            if isinstance(transition, Quit):
                self.running = False
                return
            self._start_fade(-1 if isinstance(transition, (Pop, Home)) else 1)
            if isinstance(transition, Push):
                if transition.on_result is not None:
                    self._on_result[transition.scene] = transition.on_result
                self._push(transition.scene)
                transition = None
            elif isinstance(transition, Replace):  # the scene below stays paused: no second pause()
                callback = self._on_result.get(self.scene)
                self._pop()
                if callback is not None:
                    self._on_result[transition.scene] = callback
                self._push(transition.scene, pause_below=False)
                transition = None
            elif isinstance(transition, Pop):
                if len(self.stack) == 1:
                    self.running = False
                    return
                callback, result = self._on_result.get(self.scene), transition.result
                self._pop()
                transition = self.scene.resume(result)
                if callback is not None:  # the asker's answer comes after its relayout; its transition wins
                    transition = callback(result) or transition
            elif isinstance(transition, Home):
                while len(self.stack) > 1:
                    self._pop()
                transition = self.scene.resume(None)
            else:
                raise TypeError(f"not a transition: {transition!r}")

    def _start_fade(self, direction: int = 1) -> None:
        """The screen as it was, to ease out over the new one (and slide a little: forward for a new
        screen, back for a return). None under less motion."""
        from game.ui.tween import reduced

        if self.frames == 0 or reduced(self.ctx):
            return
        self._fade = self.screen.canvas.copy()
        self._fade_left = FADE_SECONDS
        self._fade_direction = direction

    # -- one frame ---------------------------------------------------------------------------
    def step(self, elapsed: float = STEP) -> bool:
        """Run one frame, inside every hook's around_frame() (in kiosk mode: idle, gesture, crash guard)."""
        if not self.hooks:
            return self._frame(elapsed)
        with ExitStack() as guards:
            for hook in self.hooks:
                guards.enter_context(hook.around_frame(self))
            for hook in self.hooks:
                self.apply(hook.before_frame(self, elapsed))
            self._frame(elapsed)
        return self.running

    def _frame(self, elapsed: float = STEP) -> bool:
        """One frame: input, whole fixed steps for `elapsed` seconds, draw, present."""
        if self.frames == 1:  # the first frame is on screen
            self._after_first_frame()
        self.input.text_mode = self.scene.wants_text
        for event in self.input.poll(elapsed):
            self.dispatch(event)
            if not self.running:
                return False
            self.input.text_mode = self.scene.wants_text
        if self.input.resized:
            self.input.resized = False
            self.screen.resized()
        for _ in range(self.clock.advance(elapsed)):
            self.apply(self.scene.update(self.clock.step))
            if not self.running:
                return False
            self.scene.buttons.animate(self.clock.step, self.ctx)
            self._fade_left = max(0.0, self._fade_left - self.clock.step)
            self._music(self.clock.step)
        self.read_aloud()
        self.draw()
        self.screen.present()
        self.frames += 1
        return self.running

    def _music(self, dt: float) -> None:
        """The bed of the screen on top (a scene's `mood`; None keeps what plays), ducking worn off."""
        sounds = self.ctx.sounds
        if hasattr(sounds, "music") and hasattr(sounds, "tick"):  # (a stand-in may have no music: game.ports)
            sounds.music(self.scene.mood)
            sounds.tick(dt)

    def _after_first_frame(self) -> None:
        """Work a start need not wait for, done in the second frame once the title is on screen: the
        sounds load (a real audio device can take tens of ms to open; nothing plays before the first
        tap), and text stops sharing one font between sizes (sizes get their own font as used)."""
        for job in self.after_first_frame:
            job()
        text = getattr(self.ctx, "text", None)
        if text is not None and hasattr(text, "open_fonts"):
            text.open_fonts()
        sounds = getattr(self.ctx, "sounds", None)
        if sounds is not None and not sounds.started:
            sounds.start()
        speech = getattr(self.ctx, "speech", None)
        if speech is not None:
            speech.start()  # finds the voices in its thread, before anyone reaches a speaker button

    # -- reading aloud ---------------------------------------------------------------------------
    def read_aloud(self) -> None:
        """Once a frame: a screen's new main text is read from its start when reading aloud is on
        (never in the attract loop); then speech plays whatever its worker has ready."""
        speech = getattr(self.ctx, "speech", None)
        if speech is None:
            return
        scene = self.scene
        main = scene.reading()
        key = (id(scene), main.segments if main is not None else None, self.ctx.lang)
        if key != self._read_key:
            self._read_key = key
            if main is not None and scene.reads_aloud and self.ctx.reads_aloud():
                speech.say(main.segments, self.ctx.lang, main.tag)
        speech.update()

    def speak(self, event: InputEvent) -> bool:
        """A speaker button tapped (or the SPEAK key): read that text from its start. True: used."""
        speech = getattr(self.ctx, "speech", None)
        if speech is None:
            return False
        if event.action is Action.SPEAK:
            main = self.scene.reading()
            if speech.speaking or main is None:
                speech.stop()
            else:
                speech.say(main.segments, self.ctx.lang, main.tag)
            return True
        readable = self.scene.speaker_hit(event)
        if readable is None:
            return False
        speech.say(readable.segments, self.ctx.lang, readable.tag)
        return True

    def dispatch(self, event: InputEvent) -> None:
        if any(hook.on_event(self, event) for hook in self.hooks):
            return
        if event.action is Action.QUIT:
            self.running = False
            return
        if event.action is Action.MUTE:
            self.ctx.toggle_mute()
            return
        if self.speak(event):
            return
        self.apply(self.scene.handle(event))

    def draw(self) -> None:
        canvas = self.screen.canvas
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].transparent:
            first -= 1
        speech = getattr(self.ctx, "speech", None)
        current = speech.current if speech is not None else None
        for scene in self.stack[first:]:
            scene.ensure_layout()
            scene.draw(canvas)
            if scene.readables:
                from game.ui.speaker import draw_speakers

                reading = current.tag if current is not None and scene is self.scene else None
                draw_speakers(canvas, self.ctx.text, scene.buttons, reading, scene.t)
        if self._fade is not None and self._fade_left > 0:
            from game.ui.tween import ease_in_out

            left = ease_in_out(self._fade_left / FADE_SECONDS)  # 1 -> 0, eased at both ends
            self._fade.set_alpha(round(255 * left))
            canvas.blit(self._fade, (round(-SLIDE_PX * self._fade_direction * (1 - left)), 0))
        elif self._fade is not None:
            self._fade = None
        for hook in self.hooks:
            hook.after_draw(self, canvas)
        for overlay in self.overlays:
            overlay(canvas)

    def run(self) -> int:
        """Frames against the wall clock until the game quits or a stop signal arrives (checked
        before every frame, so the stop is at most one frame away). Returns the exit code: 0."""
        import pygame

        from game.service import notify

        timer = pygame.time.Clock()
        timer.tick()
        ready = False
        while self.running:
            if self.signals is not None and self.signals.received is not None:
                log.info("stop signal %s: closing the game", self.signals.name)
                self.running = False
                break
            elapsed = timer.tick(60) / 1000.0
            self.step(elapsed)
            if not ready:
                ready = notify("READY=1") or True  # systemd (Type=notify): the first frame is on screen
        return 0

    def close(self, deadline: Any = None) -> None:
        """Exit every scene (so open sessions are closed as quit), then release the store (which
        checkpoints its log into the database file) and the sounds. The threads (camera, speech, the
        live classroom push, a kiosk's district sync) share one deadline (game.service.STOP_BUDGET_S): a thread still busy when
        it has passed is left to die with the process (they are daemons; nothing of theirs is unsaved)."""
        from game.service import STOP_BUDGET_S, Deadline

        deadline = deadline or Deadline(STOP_BUDGET_S)
        while self.stack:
            try:
                self._pop()
            except Exception:
                log.exception("error while closing a scene")
        camera = getattr(self.ctx, "camera", None)
        if camera is not None:
            camera.stop(timeout=deadline.left())
        live = getattr(self.ctx, "live", None)
        if live is not None:  # after the scenes: a session closed as quit goes in its last push
            live.stop(timeout=deadline.left())
        sync = getattr(self.ctx, "sync", None)
        if (
            sync is not None
        ):  # a sync under way dies with the process: nothing is acknowledged before the server's commit
            sync.stop(timeout=deadline.left())
        self.ctx.store.close()
        speech = getattr(self.ctx, "speech", None)
        if speech is not None:
            speech.close(
                timeout=deadline.left()
            )  # its worker may be decoding into the mixer: stopped before the mixer goes
        self.ctx.sounds.stop()


def build_app(config: AppConfig, store: Any = None, content: Any = None) -> App:
    """Wire content, store, pygame, screen, input, text and sounds into an App on the title."""
    import pygame

    from game.audio import Sounds
    from game.content.loader import load_content_cached
    from game.context import Context
    from game.input import InputMapper
    from game.scenes.title import TitleScene
    from game.screen import Screen
    from game.speech import build_speech
    from game.store import Store
    from game.ui.text import TextRenderer

    content = content or load_content_cached(config.content)
    store = store or Store.open(config.db or paths.default_db())
    pygame.init()
    if config.kiosk:
        os.environ.setdefault("SDL_WINDOWS_NO_CLOSE_ON_ALT_F4", "1")
    screen = Screen(
        config.window or (1280, 720),
        config.fullscreen or (config.kiosk and config.window is None),
        noframe=config.kiosk,
        display=config.display,
    )
    settings, trouble = _load_settings(config, store)
    lang = settings.lang
    pygame.display.set_caption(content.text("game.title", lang))
    sounds = Sounds(
        paths.SOUNDS, muted=settings.muted, music_dir=paths.MUSIC
    )  # started after the first frame (App._after_first_frame)
    mapper = InputMapper(screen.to_canvas, lambda: screen.window_size)
    seed = config.seed if config.seed is not None else time.time_ns() % 2**31
    text = TextRenderer(
        paths.FONT, share_until_opened=True, latin_path=paths.LATIN_FONT
    )  # one font for the first frame (App._after_first_frame)
    speech = build_speech(config.speech, config.speech_cache, player=sounds, rate=settings.speech_rate)
    text.set_words(getattr(content, "words", ()))  # Chinese lines break between words
    ctx = Context(
        content=content,
        store=store,
        text=text,
        sounds=sounds,
        lang=lang,
        seed=seed,
        input=mapper,
        settings=settings,
        muted_by_flag=config.muted,
        speech=speech,
    )
    ctx.apply_settings()
    if config.kiosk:
        return _kiosk_app(config, ctx, screen, mapper, trouble)
    app = App(ctx, screen, mapper, TitleScene)
    if config.camera is not None:
        _attach_camera(app, config.camera, None)
    if config.live:
        _attach_live(app, config)
    return app


def _load_settings(config: AppConfig, store: Any) -> tuple[Settings, Exception | None]:
    """The saved settings with the command line's over them, and the database trouble met reading them: a
    kiosk shows it at start on its out-of-order screen (with defaults meanwhile); elsewhere it is raised."""
    from game.settings import Settings
    from game.store import StoreError

    trouble: Exception | None = None
    try:
        settings = Settings.load(store)
    except StoreError as exc:
        if not config.kiosk:
            raise
        settings, trouble = Settings(), exc
    if config.lang in ("zh-CN", "en"):
        settings.lang = config.lang
    settings.muted = config.muted or settings.muted
    if config.class_code is not None:
        settings.class_code = config.class_code
    return settings, trouble


def _kiosk_app(config: AppConfig, ctx: Context, screen: Screen, mapper: InputMapper, trouble: Exception | None) -> App:
    """The App of an exhibition kiosk: sessions left open closed as abandoned, the camera, the district sync,
    the kiosk controller; out of order from the start on database trouble."""
    from game.kiosk.controller import KioskController
    from game.scenes.title import TitleScene
    from game.store import StoreError
    from game.store.kiosk import abandon_open_sessions

    store = ctx.store
    ctx.kiosk = mapper.kiosk = True
    try:
        left_open = abandon_open_sessions(store)  # a power cut or a kill left them open
        if left_open:
            log.info("kiosk start: %d session(s) left open were closed as abandoned", left_open)
    except StoreError as exc:
        trouble = trouble or exc
    app = App(ctx, screen, mapper, TitleScene)
    _attach_camera(app, config.camera, None if trouble is not None else store.setting)
    if config.sync_to:
        from game.district.sync import BackgroundSync

        ctx.sync = BackgroundSync(store.path, config.sync_to, config.sync_every).start()
    controller = KioskController(config.kiosk_config)
    app.add_hook(controller)
    controller.home_language(ctx)
    if trouble is not None:  # e.g. a full disk or a read-only file: out of order until it is fixed
        controller.out_of_order(app, trouble)
    return app


def _attach_camera(app: App, cli: Any, setting: Any) -> None:
    """Camera input (game.camera): one more source for the input mapper, its cursor drawn over
    every scene, started after the first frame. A kiosk always has one (off unless --camera or
    the operator switched it on), so the operator menu can switch it."""
    from game.camera.config import resolve
    from game.camera.pointer import CameraInput
    from game.ui.cursor import CameraOverlay

    try:
        camera_config, on = resolve(cli, setting)
    except Exception:  # noqa: BLE001 - a database in trouble: the out-of-order screen says so; camera as asked
        camera_config, on = resolve(cli, None)
    camera = CameraInput(camera_config, enabled=on)
    camera.buttons = lambda: app.scene.widgets()
    app.ctx.camera = camera
    app.input.sources.append(camera)
    app.overlays.append(CameraOverlay(camera, app.ctx).draw)
    app.after_first_frame.append(camera.start)


def _attach_live(app: App, config: AppConfig) -> None:
    """The live classroom push (game.classroom.live): a thread of its own with its own connection to
    the database, started after the first frame, stopped by App.close within the shared deadline.
    Only when a hub is configured (--hub, or one remembered on the device); the Device class screen
    starts it when a teacher sets one later (game.scenes.class_code)."""
    from game.classroom.live import LivePush, remembered_hub

    app.ctx.live_allowed = True
    if not config.hub and not remembered_hub(app.ctx.store):
        return  # no hub: no thread
    live = LivePush(app.ctx.store.path, config.hub, config.hub_code)
    app.ctx.live = live
    app.after_first_frame.append(live.start)


_LOG_HANDLER: Any = None


def _setup_logging() -> None:
    """game.log beside the database (the data folder by default) for the "game" loggers (once; stderr when
    the folder cannot be made).
    The file itself is opened by the first record (importing logging.handlers costs ~10 ms and most
    runs write nothing)."""
    global _LOG_HANDLER
    if _LOG_HANDLER is not None:
        return
    import logging

    class LogFile(logging.Handler):
        def __init__(self, path: Path):
            super().__init__()
            self.path = path
            self.target: logging.Handler | None = None

        def emit(self, record: logging.LogRecord) -> None:
            if self.target is None:
                try:
                    from logging.handlers import RotatingFileHandler

                    self.target = RotatingFileHandler(self.path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
                except OSError:
                    self.target = logging.StreamHandler()
                self.target.setFormatter(self.formatter)
            self.target.handle(record)

        def close(self) -> None:
            if self.target is not None:
                self.target.close()
            super().close()

    try:
        folder = _GameLog.folder or paths.data_dir()  # beside the database, as the README says
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = LogFile(folder / "game.log")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _LOG_HANDLER = handler
    game_log = logging.getLogger("game")
    game_log.addHandler(handler)
    game_log.setLevel(logging.INFO)


def run_app(config: AppConfig, prepare: Callable[[App], None] | None = None) -> int:
    """The `play` command: build, run (or draw one title frame for --smoke), close. No tracebacks.

    SIGTERM, SIGINT and SIGHUP stop it cleanly in every mode, kiosk included (game.service): the
    open session is closed as quit, the database checkpointed and closed, and the exit code is 0.
    `prepare(app)` runs once the App is built, before the loop (tests use it to start a level)."""
    import threading

    from game.content.loader import ContentInvalid
    from game.service import StopSignals
    from game.store import StoreError

    signals = StopSignals()
    if threading.current_thread() is threading.main_thread():  # Python allows handlers there only
        signals.install()  # before build_app: SDL must see its hint when pygame.init() starts it

    if config.smoke:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    _GameLog.wanted = True
    _GameLog.folder = Path(config.db).resolve().parent if config.db is not None else None
    started = time.perf_counter()
    try:
        app = build_app(config)
        app.signals = signals
        if "logging" in sys.modules:  # something imported it (kiosk mode does): its records go to the file now
            _setup_logging()
        else:  # nothing can write a record before the first frame: set up after it
            app.after_first_frame.append(_setup_logging)
    except ContentInvalid as exc:
        signals.restore()
        for error in exc.errors:
            print(error, file=sys.stderr)
        print("The game's content has problems (listed above); run `python main.py validate`.", file=sys.stderr)
        return 1
    except StoreError as exc:
        signals.restore()
        print(f"Cannot open the game's database: {exc}", file=sys.stderr)
        return 1
    try:
        if prepare is not None:
            prepare(app)
        if config.smoke:
            app.step()
            canvas = app.screen.canvas
            colors = {
                canvas.get_at((x, y))[:3]
                for x in range(0, canvas.get_width(), 97)
                for y in range(0, canvas.get_height(), 89)
            }
            ms = (time.perf_counter() - started) * 1000
            if len(app.stack) != 1 or len(colors) < 3:  # still on the first scene (the title), drawn
                print(f"smoke FAILED: scene {app.scene.name!r}, {len(colors)} colours on screen", file=sys.stderr)
                return 1
            print(f"smoke ok: title drawn in {ms:.0f} ms", flush=True)
            print(f"content: {app.ctx.content.summary()}")  # after the line bench startup times: it reads every table
            return 0
        return app.run()
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("the game stopped on an unexpected error")
        print(
            "The game stopped on an unexpected error; details are in the log file in the data folder.", file=sys.stderr
        )
        return 1
    finally:
        app.close()
        import pygame

        pygame.quit()
        signals.restore()
