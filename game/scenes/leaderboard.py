"""Today's top 10: nicknames and score percentages since the daily reset time (kiosk mode).

Shown from the title's button, as a page of the attract loop, and at the end of a track (then
with the player's own row marked and a Continue button to their results). The rows are read
from the store when the scene starts, never while drawing.
"""

from __future__ import annotations

from typing import Any

from game.actions import Action, InputEvent
from game.scenes.base import Pop, Replace, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

ROW_H = 64


def load_board(ctx: Any) -> tuple[list[Any], str]:
    """(today's rows, the reset time) from the store."""
    from game.kiosk import leaderboard

    return leaderboard.today(ctx.store), leaderboard.reset_time(ctx.store)


def draw_board(ctx: Any, canvas: Any, rows: list[Any], reset: str, rect: tuple[int, int, int, int],
               highlight: int | None = None) -> None:
    """The table: rank, nickname, score as a percentage (tracks differ in points); the highlighted session's row is marked with an arrow and a frame."""
    import pygame

    from game.scenes.results import draw_star

    text = ctx.text
    x, y, w, _ = rect
    draw_panel(canvas, rect)
    text.draw(canvas, ctx.tr("board.title"), theme.SIZE_HEADING, ctx.theme.ACCENT, (x + 40, y + 20, w - 80, 80), align="center", valign="middle")
    text.draw(canvas, ctx.tr("board.resets", time=reset), theme.SIZE_SMALL - 4, theme.TEXT_DIM, (x + 40, y + 100, w - 80, 40), align="center")
    top = y + 160
    if not rows:
        text.draw(canvas, ctx.tr("board.empty"), theme.SIZE_BODY, theme.TEXT, (x + 60, top + 60, w - 120, 200), align="center", valign="middle")
        return
    heads = ((ctx.tr("board.rank"), x + 40, 140, "center"), (ctx.tr("board.name"), x + 200, w - 480, "left"),
             (ctx.tr("board.score"), x + w - 260, 220, "right"))
    for label, hx, hw, align in heads:
        text.draw(canvas, label, theme.SIZE_SMALL - 4, theme.TEXT_DIM, (hx, top, hw, 40), align=align)
    for i, row in enumerate(rows[:10]):
        ry = top + 48 + i * ROW_H
        mine = highlight is not None and row.session_id == highlight
        if mine:
            pygame.draw.rect(canvas, ctx.theme.ACCENT, (x + 20, ry, w - 40, ROW_H - 6), 4, border_radius=12)
            pygame.draw.polygon(canvas, ctx.theme.ACCENT, [(x + 4, ry + 12), (x + 20, ry + (ROW_H - 6) // 2), (x + 4, ry + ROW_H - 18)])
        if row.rank <= 3:
            draw_star(canvas, (x + 110, ry + (ROW_H - 6) // 2), 24, True, ctx.theme.ACCENT)
            text.draw(canvas, str(row.rank), 26, theme.ACCENT_TEXT, (x + 86, ry, 48, ROW_H - 6), align="center", valign="middle")
        else:
            text.draw(canvas, str(row.rank), theme.SIZE_SMALL, theme.TEXT, (x + 40, ry, 140, ROW_H - 6), align="center", valign="middle")
        text.draw(canvas, row.nickname, theme.SIZE_SMALL + 4, theme.TEXT, (x + 200, ry, w - 480, ROW_H - 6), valign="middle", shrink=True)
        text.draw(canvas, f"{row.percent}%", theme.SIZE_SMALL + 4, theme.TEXT, (x + w - 260, ry, 220, ROW_H - 6), align="right", valign="middle")


class LeaderboardScene(Scene):
    name = "leaderboard"
    mood = "results"

    def __init__(self, ctx: Any, highlight: int | None = None, after: Scene | None = None):
        super().__init__(ctx)
        self.highlight = highlight  # the session just finished, at the end of a track
        self.after = after  # the scene Continue leads to (the results), else Back pops
        self.rows: list[Any] = []
        self.reset = "00:00"

    def enter(self) -> None:
        self.rows, self.reset = load_board(self.ctx)
        super().enter()

    @property
    def rank(self) -> int | None:
        return next((r.rank for r in self.rows if r.session_id == self.highlight), None)

    def layout(self) -> None:
        if self.after is not None:
            self.buttons.buttons = [Button("continue", (760, 950, 400, 110), self.tr("board.continue"), style="primary")]
        else:
            self.buttons.buttons = [Button("back", (60, 950, 320, 100), self.tr("common.back"), style="quiet")]

    def handle(self, event: InputEvent) -> Transition | None:
        chosen = self.tapped(event)
        if chosen == "continue" or (self.after is not None and event.action is Action.CONFIRM and self.buttons.focus is None):
            assert self.after is not None
            return Replace(self.after)
        if chosen == "back" or (self.after is None and event.action is Action.BACK):
            return Pop()
        return None

    def draw(self, canvas: Any) -> None:
        draw_backdrop(canvas, self.motion_t)
        if self.highlight is not None:
            rank = self.rank
            line = self.tr("board.you", n=rank) if rank is not None else self.tr("board.not_top")
            self.ctx.text.draw(canvas, line, theme.SIZE_BODY, theme.TEXT, (160, 20, 1600, 70), align="center", valign="middle", shrink=True)
        draw_board(self.ctx, canvas, self.rows, self.reset, (360, 100, 1200, 830), self.highlight)
        self.buttons.draw(canvas, self.ctx.text)
