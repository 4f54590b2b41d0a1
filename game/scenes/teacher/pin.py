"""The teacher area's door: set a PIN on first use (typed twice), or enter it; five misses lock the
keypad for a minute (the rules live in game.auth)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from game.actions import Action, InputEvent
from game.scene import Pop, Replace, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.context import Context


class TeacherPinScene(Scene):
    """Set a PIN on first use (typed twice), or enter it; five misses lock the keypad for a minute."""

    name = "teacher_pin"
    mood = ""
    wants_text = True

    def __init__(self, ctx: Context, now: Callable[[], float] | None = None):
        super().__init__(ctx)
        from game.auth import PinGuard

        self.guard = PinGuard(ctx.store, now or time.time)
        self.mode = "enter" if self.guard.is_set() else "set"
        self.value = ""
        self.first = ""
        self.message = ""

    def layout(self) -> None:
        from game.auth import MAX_LEN, MIN_LEN

        locked = self.guard.wait_seconds() > 0
        buttons = []
        key_w, key_h, gap = 200, 120, 20
        x0 = (theme.W - 3 * key_w - 2 * gap) // 2
        for i, digit in enumerate("123456789"):
            buttons.append(
                Button(
                    f"digit-{digit}",
                    (x0 + (i % 3) * (key_w + gap), 400 + (i // 3) * (key_h + gap), key_w, key_h),
                    digit,
                    size=56,
                )
            )
        y = 400 + 3 * (key_h + gap)
        buttons.append(Button("erase", (x0, y, key_w, key_h), self.tr("entry.erase"), style="quiet"))
        buttons.append(Button("digit-0", (x0 + key_w + gap, y, key_w, key_h), "0", size=56))
        ok = Button("ok", (x0 + 2 * (key_w + gap), y, key_w, key_h), self.tr("entry.ok"), style="primary")
        ok.enabled = MIN_LEN <= len(self.value) <= MAX_LEN
        buttons.append(ok)
        for b in buttons:
            if locked and b.id != "back":
                b.enabled = False
        buttons.append(Button("back", (60, 940, 320, 100), self.tr("common.back"), style="quiet"))
        self.buttons.buttons = buttons

    def _type(self, digits: str) -> None:
        from game.auth import MAX_LEN

        if self.guard.wait_seconds() > 0:
            return
        self.value = (self.value + "".join(ch for ch in digits if ch.isdigit() and ch.isascii()))[:MAX_LEN]
        self.relayout()

    def _submit(self) -> Transition | None:
        from game.auth import valid_pin

        if not valid_pin(self.value):
            return None
        if self.mode == "set":
            self.first, self.value, self.mode, self.message = self.value, "", "confirm", ""
        elif self.mode == "confirm":
            if self.value == self.first:
                self.guard.set_pin(self.value)
                return Replace(_teacher(self.ctx))
            self.first, self.value, self.mode = "", "", "set"
            self.message = self.tr("teacher.pin_mismatch")
        else:
            check = self.guard.check(self.value)
            self.value = ""
            if check.ok:
                return Replace(_teacher(self.ctx))
            self.message = (
                self.tr("teacher.pin_locked", s=check.wait_seconds)
                if check.locked
                else self.tr("teacher.pin_wrong", n=check.tries_left)
            )
        self.relayout()
        return None

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        if event.action is Action.TEXT:
            self._type(event.text)
            return None
        if event.action is Action.ERASE:
            self.value = self.value[:-1]
            self.relayout()
            return None
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._submit()
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        if chosen is None:
            return None
        if chosen.startswith("digit-"):
            self._type(chosen[6:])
        elif chosen == "erase":
            self.value = self.value[:-1]
            self.relayout()
        elif chosen == "ok":
            return self._submit()
        elif chosen == "back":
            return Pop()
        return None

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        was_locked = any(not b.enabled for b in self.buttons.buttons if b.id.startswith("digit-"))
        if was_locked and self.guard.wait_seconds() == 0:
            self.message = ""
            self.relayout()
        return None

    hint_key = "teacher.pin_hint"

    def heading(self) -> str:
        return self.tr(f"teacher.pin_{self.mode}")

    def draw_entry(self, canvas: pygame.Surface) -> None:
        """The hint and the box of dots for the digits typed so far."""
        text = self.ctx.text
        text.draw(
            canvas, self.tr(self.hint_key), theme.SIZE_SMALL, theme.TEXT_DIM, (160, 170, 1600, 50), align="center"
        )
        box = (660, 240, 600, 120)
        draw_panel(canvas, box, theme.PANEL_LIGHT)
        text.draw(canvas, "●" * len(self.value) or " ", 56, theme.TEXT, box, align="center", valign="middle")

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas, self.heading(), theme.SIZE_HEADING, theme.TEXT, (160, 70, 1600, 90), align="center", shrink=True
        )
        self.draw_entry(canvas)
        wait = self.guard.wait_seconds()
        message = self.tr("teacher.pin_locked", s=wait) if wait else self.message
        if message:
            text.draw(canvas, message, theme.SIZE_SMALL, self.ctx.theme.ACCENT, (1300, 400, 560, 300), shrink=True)
        self.buttons.draw(canvas, text)


def _teacher(ctx: Context) -> Scene:
    from game.scenes.teacher.overview import TeacherScene

    return TeacherScene(ctx)
