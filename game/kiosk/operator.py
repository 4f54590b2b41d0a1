"""The kiosk operator's screens: the operator PIN, then the operator menu.

Reached only by the hidden gesture (game.kiosk.gesture). The operator PIN is separate from the
teacher PIN (hall staff need not see students' data, teachers need not stop the kiosk) but
kept the same way: a salted scrypt hash, five misses lock the keypad for a minute
(game.auth). It is set from the command line (`python main.py operator-pin`), never
on first use: the first stranger to find the gesture must not get to choose it.
The menu: exit to desktop, volume, the kiosk's default language, the daily leaderboard reset
time, the body camera and its preview (on/off, and whether it works: game.camera), the teacher
area, and today's counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.scene import Pop, Push, Quit, Replace, Scene, Transition
from game.scenes.teacher import TeacherPinScene
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.context import Context

VOLUME_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)
LANG_NAMES = {"zh-CN": "中文", "en": "English"}


class OperatorPinScene(TeacherPinScene):
    """The teacher keypad, checking the operator PIN; leads to the operator menu."""

    name = "operator_pin"
    operator_only = True
    mood = ""  # staff only: no music

    def __init__(self, ctx: Context, now: Callable[[], float] | None = None):
        Scene.__init__(self, ctx)
        from game.auth import PinGuard
        from game.kiosk.config import OPERATOR_LOCK_KEY, OPERATOR_PIN_KEY

        self.guard = PinGuard(ctx.store, now or time.time, OPERATOR_PIN_KEY, OPERATOR_LOCK_KEY)
        self.mode = "enter" if self.guard.is_set() else "unset"
        self.value = ""
        self.first = ""
        self.message = ""

    def layout(self) -> None:
        super().layout()
        if self.mode == "unset":
            for button in self.buttons.buttons:
                button.enabled = button.id == "back"

    def _submit(self) -> Transition | None:
        from game.auth import valid_pin

        if self.mode != "enter" or not valid_pin(self.value):
            return None
        check = self.guard.check(self.value)
        self.value = ""
        if check.ok:
            return Replace(OperatorMenuScene(self.ctx))
        self.message = (
            self.tr("teacher.pin_locked", s=check.wait_seconds)
            if check.locked
            else self.tr("teacher.pin_wrong", n=check.tries_left)
        )
        self.relayout()
        return None

    hint_key = "operator.pin_hint"

    def heading(self) -> str:
        return self.tr("operator.pin_enter")

    def draw_entry(self, canvas: pygame.Surface) -> None:
        if self.mode != "unset":
            super().draw_entry(canvas)
            return
        draw_panel(canvas, (360, 200, 1200, 170), theme.PANEL_LIGHT)
        self.ctx.text.draw(
            canvas,
            self.tr("operator.pin_unset"),
            theme.SIZE_SMALL,
            self.ctx.theme.ACCENT,
            (390, 210, 1140, 150),
            align="center",
            valign="middle",
            shrink=True,
        )


class OperatorMenuScene(Scene):
    name = "operator"
    operator_only = True
    mood = ""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.counts: Any = None
        self.reset = "00:00"

    def enter(self) -> None:
        self._load()
        super().enter()

    def _load(self) -> None:
        from game.store import leaderboard

        self.reset = leaderboard.reset_time(self.ctx.store)
        self.counts = leaderboard.today_counts(self.ctx.store)

    def _volume(self) -> float:
        value = self.ctx.store.setting("volume", 0.75)
        return value if isinstance(value, (int, float)) and 0 <= value <= 1 else 0.75

    def _lang(self) -> str:
        from game.kiosk.config import LANG_KEY

        value = self.ctx.store.setting(LANG_KEY, None)
        return value if value in LANG_NAMES else self.ctx.lang

    def _camera_label(self) -> str:
        camera = self.ctx.camera
        status = camera.status
        if status == "on":
            return self.tr("operator.camera_on", fps=round(camera.fps))
        return self.tr(f"operator.camera_{status}")

    def layout(self) -> None:
        volume = round(self._volume() * 100)
        x, w, h, gap = 160, 820, 100, 14
        rows = [
            ("volume", self.tr("operator.volume", v=volume), "normal"),
            ("lang", self.tr("operator.lang", lang=LANG_NAMES[self._lang()]), "normal"),
            ("reset", self.tr("operator.reset", time=self.reset), "normal"),
        ]
        if self.ctx.camera is not None:
            rows.append(("camera", self._camera_label(), "normal"))
            rows.append(
                (
                    "preview",
                    self.tr("operator.preview_on" if self.ctx.camera.preview_on else "operator.preview_off"),
                    "normal",
                )
            )
        rows += [("teacher", self.tr("operator.teacher"), "normal"), ("exit", self.tr("operator.exit"), "quiet")]
        buttons = [
            Button(bid, (x, 190 + i * (h + gap), w, h), label, size=38, style=style)
            for i, (bid, label, style) in enumerate(rows)
        ]
        buttons.append(Button("back", (1100, 900, 660, 130), self.tr("operator.back"), style="primary"))
        self.buttons.buttons = buttons

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        button = self.buttons.by_id("camera")
        if button is not None and button.label != self._camera_label():  # it opened, failed, or its rate moved
            self.relayout()
        return None

    def _switch_camera(self, chosen: str) -> None:
        """The operator's camera choices take effect at once and are kept for the next start."""
        from game.camera.config import ON_KEY, PREVIEW_KEY

        camera = self.ctx.camera
        if chosen == "camera":
            on = camera.status == "off"
            self.ctx.store.set_setting(ON_KEY, on)
            camera.set_enabled(on)
        else:
            self.ctx.store.set_setting(PREVIEW_KEY, not camera.preview_on)
            camera.set_preview(not camera.preview_on)

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.tapped(event)
        if chosen == "exit":
            return Quit()
        if chosen == "back":
            return Pop()
        if chosen == "teacher":
            return Push(TeacherPinScene(self.ctx))
        if chosen == "volume":
            higher = [v for v in VOLUME_STEPS if v > self._volume() + 1e-6]
            volume = higher[0] if higher else VOLUME_STEPS[0]
            self.ctx.store.set_setting("volume", volume)  # the kiosk's own volume, saved whatever visitors do
            self.ctx.settings.volume = volume
            set_volume = getattr(self.ctx.sounds, "set_volume", None)
            if callable(set_volume):
                set_volume(volume)
            self.ctx.sounds.play("tap")
        elif chosen == "lang":
            from game.kiosk.config import LANG_KEY

            lang = "en" if self._lang() == "zh-CN" else "zh-CN"
            self.ctx.store.set_setting(LANG_KEY, lang)
            self.ctx.set_lang(lang)
        elif chosen in ("camera", "preview"):
            self._switch_camera(chosen)
        elif chosen == "reset":
            from game.store.leaderboard import RESET_CHOICES, RESET_TIME_KEY

            index = RESET_CHOICES.index(self.reset) if self.reset in RESET_CHOICES else -1
            self.ctx.store.set_setting(RESET_TIME_KEY, RESET_CHOICES[(index + 1) % len(RESET_CHOICES)])
            self._load()
        if chosen:
            self.relayout()
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas,
            self.tr("operator.title"),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (160, 60, 1600, 100),
            align="center",
            valign="middle",
        )
        panel = (1100, 200, 660, 660)
        draw_panel(canvas, panel)
        text.draw(
            canvas,
            self.tr("operator.today", time=self.reset),
            theme.SIZE_BODY,
            theme.TEXT,
            (1140, 220, 580, 70),
            valign="middle",
            shrink=True,
        )
        c = self.counts
        lines = [
            ("operator.sessions", c.sessions),
            ("operator.finished", c.finished),
            ("operator.abandoned", c.abandoned),
            ("operator.quit", c.quit),
            ("operator.answers", c.answers),
        ]
        for i, (key, n) in enumerate(lines):
            y = 320 + i * 100
            text.draw(
                canvas,
                self.tr(key),
                theme.SIZE_SMALL + 4,
                theme.TEXT_DIM,
                (1140, y, 420, 80),
                valign="middle",
                shrink=True,
            )
            text.draw(canvas, str(n), theme.SIZE_BODY, theme.TEXT, (1560, y, 160, 80), align="right", valign="middle")
        camera = self.ctx.camera
        if (
            camera is not None
            and camera.status not in ("off", "on")
            and camera.worker is not None
            and camera.worker.detail
        ):
            text.draw(
                canvas,
                self.tr("operator.camera_detail", detail=camera.worker.detail),
                24,
                theme.TEXT_DIM,
                (1140, 800, 580, 56),
                valign="middle",
                shrink=True,
            )
        self.buttons.draw(canvas, text)
