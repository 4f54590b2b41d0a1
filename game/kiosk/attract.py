"""Attract mode: while nobody is at the kiosk, the chase plays itself, then today's top 10.

One touch starts quick play (game.scenes.quick) when the content has it: the visitor is playing
within two taps. The board pages alternate between quick play's board and the full course's.

The demo is the real chase logic (same rules, same drawing) driven by game.kiosk.ai instead of
a finger, seeded from the game seed and the round number. It records nothing: no recorder,
no player, no session; its outcomes are dropped. "Touch to start" shows in both languages;
any touch or key goes back to the title. Also draws the "are you still there?" countdown.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pygame

from game.actions import Action, InputEvent
from game.scene import IdlePolicy, Pop, Replace, Scene, Transition
from game.ui import theme
from game.ui.tween import reduced
from game.ui.widgets import draw_panel

if TYPE_CHECKING:
    from game.context import Context
    from game.kiosk.config import KioskConfig

DEMO_CARD_S = 2.0  # a fact card stays this long in the demo
DEMO_AGE = "junior"
DIM = (85, 85, 85)  # multiply by 85/255: what black at alpha 170 does to what is under it


def draw_still_there(ctx: Context, canvas: pygame.Surface, seconds_left: float) -> None:
    """The idle countdown, over whatever scene is up."""
    canvas.fill(DIM, special_flags=pygame.BLEND_RGB_MULT)  # = black at alpha 170 over it, without a new surface
    draw_panel(canvas, (460, 250, 1000, 580))
    text = ctx.text
    text.draw(
        canvas,
        ctx.tr("kiosk.still_there"),
        theme.SIZE_HEADING,
        ctx.theme.ACCENT,
        (500, 290, 920, 100),
        align="center",
        valign="middle",
        shrink=True,
    )
    left = max(0, math.ceil(seconds_left))
    pygame.draw.circle(canvas, theme.PANEL_LIGHT, (960, 530), 110)
    pygame.draw.circle(canvas, ctx.theme.ACCENT, (960, 530), 110, 10)
    text.draw(canvas, str(left), theme.SIZE_TITLE, theme.TEXT, (850, 430, 220, 200), align="center", valign="middle")
    text.draw(
        canvas,
        ctx.tr("kiosk.still_there_hint", s=left),
        theme.SIZE_BODY - 6,
        theme.TEXT,
        (500, 680, 920, 120),
        align="center",
        valign="middle",
        shrink=True,
    )


def draw_touch_banner(ctx: Context, canvas: pygame.Surface, t: float) -> None:
    """'Touch to start' in both languages, gently pulsing (still with reduced motion)."""
    still = reduced(ctx)
    glow = 1.0 if still else 0.75 + 0.25 * math.sin(t * 3.0)
    canvas.fill(DIM, (0, 870, 1920, 190), special_flags=pygame.BLEND_RGB_MULT)
    r, g, b = ctx.theme.ACCENT
    colour = (round(r * glow), round(g * glow), round(b * glow))
    content, text = ctx.content, ctx.text
    first, second = ("zh-CN", "en") if ctx.lang == "zh-CN" else ("en", "zh-CN")
    text.draw(
        canvas,
        content.text("kiosk.touch_to_start", first),
        theme.SIZE_HEADING,
        colour,
        (100, 880, 1720, 90),
        align="center",
        valign="middle",
        shrink=True,
    )
    text.draw(
        canvas,
        content.text("kiosk.touch_to_start", second),
        theme.SIZE_BODY - 6,
        theme.TEXT,
        (100, 975, 1720, 70),
        align="center",
        valign="middle",
        shrink=True,
    )


class AttractScene(Scene):
    name = "attract"
    idle_policy = IdlePolicy.REST
    reads_aloud = False  # a demo nobody asked for does not talk
    mood = "title"

    def __init__(self, ctx: Context, config: KioskConfig | None = None):
        super().__init__(ctx)
        from game.kiosk.config import KioskConfig

        self.config = config or KioskConfig()
        self.levels = [level for level in ctx.content.levels.values() if level.type == "chase"]
        self.round = 0
        self.page = "demo" if self.levels else "board"
        self.page_t = 0.0
        self.demo: Any = None
        self.card_t = 0.0
        self.rows: list[Any] = []
        self.reset = "00:00"
        self.boards_shown = 0
        self.board = "quick"

    def enter(self) -> None:
        super().enter()
        self._start_page(self.page)

    # -- pages ---------------------------------------------------------------------------------
    def _start_page(self, page: str) -> None:
        self.page, self.page_t = page, 0.0
        if page == "demo":
            import random

            from game.levels.chase.scene import ChaseScene

            level = self.levels[self.round % len(self.levels)]
            rng = random.Random(f"attract|{self.ctx.seed}|{self.round}")
            nobody = SimpleNamespace(player=SimpleNamespace(age_group=DEMO_AGE))  # records nothing: no recorder at all
            self.demo = ChaseScene(self.ctx, level, nobody, rng)
            self.demo.countdown = 0.0  # the demo is already running when a visitor looks
            self.round += 1
        else:
            from game.scenes.leaderboard import load_board

            self.demo = None
            self.board = ("quick", "course")[self.boards_shown % 2]
            self.boards_shown += 1
            self.rows, self.reset = load_board(self.ctx, self.board)
            if not self.rows and self.board == "course":  # an empty course board says nothing to a passer-by
                self.board = "quick"
                self.rows, self.reset = load_board(self.ctx, self.board)

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.POINTER_MOVE and not event.held:
            return None  # a mouse drifting by
        if event.action is Action.POINTER_UP:
            return None
        from game.scenes.quick import QuickStartScene, has_quick_play

        if has_quick_play(self.ctx.content):
            return Replace(QuickStartScene(self.ctx))  # any touch or key: quick play's first screen
        return Pop()  # no quick play in this content: back to the title

    def update(self, dt: float) -> Transition | None:
        from game.kiosk import ai

        self.t += dt
        self.page_t += dt
        if self.page == "board":
            if self.page_t >= self.config.board_page_s and self.levels:
                self._start_page("demo")
            return None
        logic = self.demo.logic
        self.demo.t += dt
        if logic.phase == "card":
            self.card_t += dt
            if self.card_t >= DEMO_CARD_S:
                logic.dismiss_card()
                self.card_t = 0.0
        before = {"player": (logic.player.x, logic.player.y), "trafficker": (logic.trafficker.x, logic.trafficker.y)}
        logic.step((), ai.choose(logic), dt)  # outcomes dropped: the demo records nothing
        self.demo.run_on(before)  # the characters' run cycles
        if logic.phase == "over" or self.page_t >= self.config.demo_round_s:
            self._start_page("board")
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        if self.page == "demo":
            self.demo.draw(canvas)
            self.ctx.text.draw(
                canvas,
                self.tr("kiosk.demo"),
                theme.SIZE_SMALL,
                self.ctx.theme.ACCENT,
                (1700, 30, 190, 60),
                align="right",
                valign="middle",
            )
        else:
            from game.scenes.leaderboard import draw_board
            from game.ui.backdrop import draw_backdrop

            draw_backdrop(canvas, self.motion_t)
            self.ctx.text.draw(
                canvas,
                self.tr("game.title"),
                theme.SIZE_HEADING,
                self.ctx.theme.ACCENT,
                (160, 10, 1600, 80),
                align="center",
                valign="middle",
            )
            draw_board(self.ctx, canvas, self.rows, self.reset, (360, 90, 1200, 770), board=self.board)
        draw_touch_banner(self.ctx, canvas, self.t)
