"""Today's top 10: nicknames and score percentages since the daily reset time (kiosk mode).

Two boards on two tabs: quick play (the two-minute visit) and the full course, so a two-minute
visit is never ranked against a 25-minute course. Top 10 only: nobody is shown a rank below 10
or a last place. Shown from the title's button, as pages of the attract loop, from quick play's
results, and at the end of a course (then with the player's own row marked and a Continue button
to their results). The rows are read from the store when the scene starts or a tab changes, never
while drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.actions import Action, InputEvent
from game.scene import Pop, Replace, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    from game.context import Context

ROW_H = 64


BOARDS = ("quick", "course")


def load_board(ctx: Context, board: str = "course") -> tuple[list[Any], str]:
    """(today's rows on that board, the reset time) from the store."""
    from game.store import leaderboard

    return leaderboard.today(ctx.store, board=board), leaderboard.reset_time(ctx.store)


def draw_board(
    ctx: Context,
    canvas: pygame.Surface,
    rows: list[Any],
    reset: str,
    rect: tuple[int, int, int, int],
    highlight: int | None = None,
    board: str = "course",
) -> None:
    """The table: rank, nickname, score as a percentage (tracks differ in points); the highlighted session's row is marked with an arrow and a frame."""
    from game.ui.widgets import draw_star

    text = ctx.text
    x, y, w, _ = rect
    draw_panel(canvas, rect)
    text.draw(
        canvas,
        ctx.tr(f"board.title_{board}"),
        theme.SIZE_HEADING,
        ctx.theme.ACCENT,
        (x + 40, y + 20, w - 80, 80),
        align="center",
        valign="middle",
    )
    text.draw(
        canvas,
        ctx.tr("board.resets", time=reset),
        theme.SIZE_SMALL - 4,
        theme.TEXT_DIM,
        (x + 40, y + 100, w - 80, 40),
        align="center",
    )
    top = y + 160
    if not rows:
        text.draw(
            canvas,
            ctx.tr("board.empty_quick" if board == "quick" else "board.empty"),
            theme.SIZE_BODY,
            theme.TEXT,
            (x + 60, top + 60, w - 120, 200),
            align="center",
            valign="middle",
        )
        return
    heads = (
        (ctx.tr("board.rank"), x + 40, 140, "center"),
        (ctx.tr("board.name"), x + 200, w - 480, "left"),
        (ctx.tr("board.score"), x + w - 260, 220, "right"),
    )
    for label, hx, hw, align in heads:
        text.draw(canvas, label, theme.SIZE_SMALL - 4, theme.TEXT_DIM, (hx, top, hw, 40), align=align)
    for i, row in enumerate(rows[:10]):
        ry = top + 48 + i * ROW_H
        mine = highlight is not None and row.session_id == highlight
        if mine:
            pygame.draw.rect(canvas, ctx.theme.ACCENT, (x + 20, ry, w - 40, ROW_H - 6), 4, border_radius=12)
            pygame.draw.polygon(
                canvas, ctx.theme.ACCENT, [(x + 4, ry + 12), (x + 20, ry + (ROW_H - 6) // 2), (x + 4, ry + ROW_H - 18)]
            )
        if row.rank <= 3:
            draw_star(canvas, (x + 110, ry + (ROW_H - 6) // 2), 24, True, ctx.theme.ACCENT)
            text.draw(
                canvas,
                str(row.rank),
                26,
                theme.ACCENT_TEXT,
                (x + 86, ry, 48, ROW_H - 6),
                align="center",
                valign="middle",
            )
        else:
            text.draw(
                canvas,
                str(row.rank),
                theme.SIZE_SMALL,
                theme.TEXT,
                (x + 40, ry, 140, ROW_H - 6),
                align="center",
                valign="middle",
            )
        text.draw(
            canvas,
            row.nickname,
            theme.SIZE_SMALL + 4,
            theme.TEXT,
            (x + 200, ry, w - 480, ROW_H - 6),
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            f"{row.percent}%",
            theme.SIZE_SMALL + 4,
            theme.TEXT,
            (x + w - 260, ry, 220, ROW_H - 6),
            align="right",
            valign="middle",
        )


class LeaderboardScene(Scene):
    name = "leaderboard"
    in_visit = True
    mood = "results"

    def __init__(self, ctx: Context, highlight: int | None = None, after: Scene | None = None, board: str = "quick"):
        super().__init__(ctx)
        self.highlight = highlight  # the session just finished, at the end of a track
        self.after = after  # the scene Continue leads to (the results), else Back pops
        self.board = board
        self.rows: list[Any] = []
        self.reset = "00:00"

    def enter(self) -> None:
        self.rows, self.reset = load_board(self.ctx, self.board)
        super().enter()

    @property
    def rank(self) -> int | None:
        return next((r.rank for r in self.rows if r.session_id == self.highlight), None)

    def layout(self) -> None:
        if self.after is not None:
            self.buttons.buttons = [
                Button("continue", (760, 950, 400, 110), self.tr("board.continue"), style="primary")
            ]
        else:
            self.buttons.buttons = [Button("back", (60, 950, 320, 100), self.tr("common.back"), style="quiet")]
        if self.highlight is None:  # from the title or quick play: both boards, as tabs
            for i, board in enumerate(BOARDS):
                style = "primary" if board == self.board else "quiet"
                self.buttons.buttons.append(
                    Button(
                        f"tab-{board}",
                        (1580, 300 + i * 140, 300, 110),
                        self.tr(f"board.tab_{board}"),
                        size=38,
                        style=style,
                    )
                )

    def handle(self, event: InputEvent) -> Transition | None:
        chosen = self.tapped(event)
        if chosen == "continue" or (
            self.after is not None and event.action is Action.CONFIRM and self.buttons.focus is None
        ):
            assert self.after is not None
            return Replace(self.after)
        if chosen == "back" or (self.after is None and event.action is Action.BACK):
            return Pop()
        if chosen and chosen.startswith("tab-"):
            self.board = chosen[4:]
            self.rows, self.reset = load_board(self.ctx, self.board)
            self.relayout()
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        draw_backdrop(canvas, self.motion_t)
        if self.highlight is not None:
            rank = self.rank
            line = self.tr("board.you", n=rank) if rank is not None else self.tr("board.not_top")
            self.ctx.text.draw(
                canvas,
                line,
                theme.SIZE_BODY,
                theme.TEXT,
                (160, 20, 1600, 70),
                align="center",
                valign="middle",
                shrink=True,
            )
        draw_board(self.ctx, canvas, self.rows, self.reset, (360, 100, 1200, 830), self.highlight, self.board)
        self.buttons.draw(canvas, self.ctx.text)
