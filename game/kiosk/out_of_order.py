"""Out of order: the database cannot be written (full disk, read-only or damaged file).

Shown instead of dying; says so in both languages at once (the person reading it may be a
visitor or staff), gives staff the plain reason, and tries the database again every few
seconds: a test write, then the sessions that could not be closed. When that works the
game goes back to the title by itself. Also home of the kiosk's apology toast.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.actions import InputEvent
from game.scene import IdlePolicy, Pop, Scene, Transition
from game.ui import theme
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    from game.context import Context

log = logging.getLogger("game.kiosk")
HEARTBEAT_KEY = "kiosk.heartbeat"


def draw_toast(ctx: Context, canvas: pygame.Surface, message: str) -> None:
    """A short note at the bottom of the screen, over whatever is drawn."""
    rect = (360, 880, 1200, 130)
    draw_panel(canvas, rect, theme.PANEL_LIGHT)
    ctx.text.draw(
        canvas,
        message,
        theme.SIZE_BODY,
        theme.TEXT,
        (400, 890, 1120, 110),
        align="center",
        valign="middle",
        shrink=True,
    )


def draw_warning(canvas: pygame.Surface, center: tuple[int, int], size: int) -> None:
    """A warning triangle with an exclamation mark (not colour alone: the words say it too)."""
    cx, cy = center
    points = [(cx, cy - size), (cx + size * 1.1, cy + size * 0.8), (cx - size * 1.1, cy + size * 0.8)]
    pygame.draw.polygon(canvas, theme.ACCENT, points)
    pygame.draw.rect(
        canvas, theme.ACCENT_TEXT, (cx - size * 0.1, cy - size * 0.45, size * 0.2, size * 0.8), border_radius=6
    )
    pygame.draw.circle(canvas, theme.ACCENT_TEXT, (cx, cy + size * 0.55), size * 0.12)


class OutOfOrderScene(Scene):
    name = "out_of_order"
    idle_policy = IdlePolicy.REST
    mood = ""  # out of order: quiet

    def __init__(self, ctx: Context, reason: str, retry_s: float = 10.0, recover: Callable[[Any], None] | None = None):
        super().__init__(ctx)
        self.reason = reason
        self.retry_s = retry_s
        self.next_try = retry_s
        self.recover = recover  # closes what could not be closed; raises StoreError while still broken
        self.tries = 0

    def layout(self) -> None:
        self.buttons.buttons = [
            Button("retry", (1560, 970, 320, 80), self.tr("kiosk.retry"), size=theme.SIZE_SMALL, style="quiet")
        ]

    def shown_reason(self) -> str:
        """The reason in the current language when it is a known one, else as the store gave it."""
        from game.store.db import reason_key

        key = reason_key(self.reason)
        return (
            self.tr(f"store.reason.{key}") if key and f"store.reason.{key}" in self.ctx.content.strings else self.reason
        )

    def try_store(self) -> bool:
        """One test write (and the pending closes); True when the database works again."""
        from game.store import StoreError

        self.tries += 1
        try:
            store = self.ctx.store
            store.set_setting(HEARTBEAT_KEY, store.now())
            if self.recover is not None:
                self.recover(store)
        except StoreError as exc:
            self.reason = str(exc)
            self.next_try = self.retry_s
            log.info("database still unavailable (try %d): %s", self.tries, exc)
            return False
        log.warning("database works again after %d tries; back to the title", self.tries)
        return True

    def handle(self, event: InputEvent) -> Transition | None:
        if self.buttons.handle(event) == "retry" and self.try_store():
            return Pop()
        return None

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        self.next_try -= dt
        if self.next_try <= 0 and self.try_store():
            return Pop()
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        content, text = self.ctx.content, self.ctx.text
        canvas.fill(theme.BG_DEEP)
        draw_warning(canvas, (960, 200), 110)
        for i, lang in enumerate(("zh-CN", "en") if self.ctx.lang == "zh-CN" else ("en", "zh-CN")):
            y = 340 + i * 230
            text.draw(
                canvas,
                content.text("kiosk.out_of_order", lang),
                theme.SIZE_TITLE - 24 - i * 24,
                self.ctx.theme.ACCENT,
                (160, y, 1600, 110),
                align="center",
                valign="middle",
                shrink=True,
            )
            text.draw(
                canvas,
                content.text("kiosk.tell_staff", lang),
                theme.SIZE_BODY - i * 6,
                theme.TEXT,
                (160, y + 115, 1600, 70),
                align="center",
                valign="middle",
                shrink=True,
            )
        detail = self.tr("kiosk.staff_detail", reason=self.shown_reason(), s=max(0, math.ceil(self.next_try)))
        draw_panel(canvas, (260, 830, 1400, 120), theme.PANEL)
        text.draw(
            canvas,
            detail,
            theme.SIZE_SMALL - 4,
            theme.TEXT_DIM,
            (290, 840, 1340, 100),
            align="center",
            valign="middle",
            shrink=True,
        )
        self.buttons.draw(canvas, text)
