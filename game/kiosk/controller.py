"""What the App asks every frame in kiosk mode: idle watchdog, operator gesture, crash guard.

KioskController is an AppHook (game/app.py): it sees every event first, may answer each frame with a
transition, guards the frame, and draws over it. It uses only the App's public side (apply,
unwind_to_root, scene, stack, ctx) and reads what a scene means from its class attributes
(idle_policy, in_visit, operator_only: game/scene.py), never from its name. Every frame it
  - starts the attract demo after `attract_after_s` idle on the title;
  - after `idle_reset_s` idle anywhere else, shows "are you still there?" with a countdown
    (drawn here, over whatever scene is up, so no scene is paused or resumed); any input
    cancels it; at zero every open session is closed as `abandoned` (its committed answers
    stay) and the game goes back to the title in the kiosk's default language;
  - opens the operator PIN after the hidden gesture (game.kiosk.gesture);
  - catches what a scene raises: a StoreError (full disk, read-only or broken database) shows
    the out-of-order screen, which retries until the database works again; anything else is
    logged, the session closed, and the game starts again at the title with a short apology.
Nothing here writes play data except closing sessions; answers are committed by the levels
before their feedback is drawn, so nothing a player saw confirmed is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from game.actions import Action, InputEvent
from game.kiosk.config import LANG_KEY, KioskConfig
from game.kiosk.gesture import OperatorGesture
from game.scene import AppHook, AppView, Home, IdlePolicy, Push, Transition

if TYPE_CHECKING:
    import pygame

    from game.context import Context
    from game.store import Store

log = logging.getLogger("game.kiosk")

CRASH_WINDOW_S = 20.0  # this many seconds ...
CRASH_LIMIT = 4  # ... with this many crashes: give up (the service manager restarts the game)


class KioskController(AppHook):
    def __init__(self, config: KioskConfig | None = None):
        self.config = config or KioskConfig()
        self.idle = 0.0
        self.clock = 0.0  # seconds of frames seen
        self.countdown: float | None = None  # seconds left of "are you still there?"
        self.gesture = OperatorGesture()
        self.toast_left = 0.0
        self.crashes: list[float] = []
        self.pending_close: list[int] = []  # sessions the database would not let us close yet
        self.start_lang: str | None = None  # the language the kiosk started in
        self.was_in_visit = False  # the scene of the previous tick was part of a visit

    # -- the frame (AppHook) ---------------------------------------------------------------------
    @contextmanager
    def around_frame(self, app: AppView) -> Iterator[None]:
        from game.store import StoreError

        try:
            yield
        except StoreError as exc:
            self.out_of_order(app, exc)
        except Exception as exc:  # noqa: BLE001 - the crash guard: log, close, start again
            self.crashed(app, exc)

    def before_frame(self, app: AppView, elapsed: float) -> Transition | None:
        return self.tick(app, elapsed)

    def after_draw(self, app: AppView, canvas: pygame.Surface) -> None:
        self.draw(app, canvas)

    def on_event(self, app: AppView, event: InputEvent) -> bool:
        """Every input event passes here first; True means it is used up (not for the scene)."""
        if event.action is Action.QUIT:
            return True  # the window's close button (and ALT+F4) does not leave a kiosk
        if event.action is Action.POINTER_MOVE and not event.held:
            return False  # a mouse drifting over the screen is not somebody playing
        self.idle = 0.0
        if event.action is Action.POINTER and event.pos is not None:
            self.gesture.down(event.pos)
        elif event.action is Action.POINTER_MOVE and event.pos is not None:
            self.gesture.moved(event.pos)
        elif event.action is Action.POINTER_UP:
            self.gesture.up()
        if self.countdown is not None:
            self.countdown = None  # still there: the touch only cancels the countdown
            return True
        return False

    def tick(self, app: AppView, dt: float) -> Transition | None:
        """Time passes: returns a transition for the App (attract, operator PIN, back home) or None."""
        self.clock += dt
        self.idle += dt
        self.toast_left = max(0.0, self.toast_left - dt)
        if app.ctx.input is not None and app.ctx.input.pointer_held and app.ctx.input.pointer is not None:
            self.idle = 0.0  # a finger resting on the screen is somebody there
        scene = app.scene
        policy = scene.idle_policy
        if policy is IdlePolicy.ATTRACT and self.was_in_visit:
            self.home_language(app.ctx)  # a visit ended (finished, quit or abandoned): the next visitor starts fresh
        # not settings or entry: the same visitor is still choosing (the idle reset and the crash and
        # out-of-order paths reset on their own)
        self.was_in_visit = scene.in_visit
        if self.gesture.tick(dt) and not scene.operator_only:
            from game.kiosk.operator import OperatorPinScene

            self.countdown = None
            return Push(OperatorPinScene(app.ctx))
        if policy is IdlePolicy.ATTRACT:
            if self.idle >= self.config.attract_after_s:
                from game.kiosk.attract import AttractScene

                self.home_language(app.ctx)
                return Push(AttractScene(app.ctx, self.config))
            return None
        if policy is IdlePolicy.REST:
            self.countdown = None
            return None
        if self.countdown is not None:
            self.countdown -= dt
            if self.countdown <= 0:
                log.info("idle reset: nobody there for %.0f s on %s", self.idle, scene.name)
                self.countdown = None
                self.idle = 0.0
                self.close_sessions(app, "abandoned")
                self.home_language(app.ctx)
                return Home()
        elif self.idle >= self.config.idle_reset_s:
            self.countdown = self.config.countdown_s
        return None

    # -- helpers -------------------------------------------------------------------------------
    def home_language(self, ctx: Context) -> None:
        """The next visitor starts in the kiosk's language, whatever the last one chose, and with
        the kiosk's own sound, text size, colours and motion (a visitor's settings are not saved)."""
        if self.start_lang is None:
            self.start_lang = ctx.lang  # --lang, else the device's language: until the operator picks one
        from game.store import StoreError

        try:
            lang = ctx.store.setting(LANG_KEY, None)
        except StoreError:  # the database is out: the start language will do
            lang = None
        if lang not in ("zh-CN", "en"):
            lang = self.start_lang
        reset = getattr(ctx, "reset_visitor_settings", None)
        if callable(reset):
            reset(lang)
        elif lang in ("zh-CN", "en") and ctx.lang != lang:
            ctx.lang = lang

    def close_sessions(self, app: AppView, status: str) -> None:
        """Close every open session on the stack; one the database refuses is closed later."""
        from game.session import Recorder
        from game.store import StoreError

        for scene in reversed(app.stack):
            recorder = getattr(scene, "recorder", None)
            if isinstance(recorder, Recorder) and not recorder.closed:
                try:
                    recorder.end(status)
                except StoreError as exc:
                    log.warning("session %s not closed yet (%s); will retry", recorder.session_id, exc)
                    self.pending_close.append(recorder.session_id)
                    recorder.closed = True  # nothing more is written through it

    def retry_pending(self, store: Store) -> None:
        """Close the sessions left open while the database was out (raises StoreError if still out)."""
        while self.pending_close:
            store.end_session(self.pending_close[0], "abandoned")
            self.pending_close.pop(0)

    def unwind(self, app: AppView) -> None:
        """Back to the title whatever the scenes above it do on the way out."""
        try:
            app.unwind_to_root()
        except Exception:
            log.exception("error while returning to the title")
            raise
        self.countdown = None
        self.idle = 0.0
        try:
            self.home_language(app.ctx)
        except Exception:  # the database may be the trouble: the out-of-order screen deals with it
            log.exception("could not reset the visitor settings")

    def crashed(self, app: AppView, exc: BaseException) -> None:
        scene = getattr(app.stack[-1], "name", "?") if app.stack else "?"
        log.error("unexpected error in scene %s; back to the title", scene, exc_info=exc)
        self.crashes = [t for t in self.crashes if self.clock - t < CRASH_WINDOW_S] + [self.clock]
        if len(self.crashes) >= CRASH_LIMIT:
            log.critical(
                "%d errors in %.0f s: stopping so the service manager can restart the game",
                len(self.crashes),
                CRASH_WINDOW_S,
            )
            raise exc
        self.close_sessions(app, "abandoned")
        self.unwind(app)
        self.toast_left = self.config.toast_s

    def out_of_order(self, app: AppView, exc: BaseException) -> None:
        from game.kiosk.out_of_order import OutOfOrderScene

        log.warning("database problem: %s; showing the out-of-order screen", exc)
        self.close_sessions(app, "abandoned")
        self.unwind(app)
        app.apply(Push(OutOfOrderScene(app.ctx, str(exc), self.config.retry_s, self.retry_pending)))

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, app: AppView, canvas: pygame.Surface) -> None:
        """Over every scene: the "still there?" countdown and the apology toast."""
        if self.countdown is not None:
            from game.kiosk.attract import draw_still_there

            draw_still_there(app.ctx, canvas, self.countdown)
        if self.toast_left > 0:
            from game.kiosk.out_of_order import draw_toast

            draw_toast(app.ctx, canvas, app.ctx.tr("kiosk.sorry"))
