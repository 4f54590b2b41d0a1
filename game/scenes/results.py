"""Results: the score, stars, one line per level (or, after a pre-test and a post-test, the
student's before and after), what was learned, play again or home."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.actions import Action, InputEvent
from game.classroom.prepost import BeforeAfter, before_after
from game.outcomes import LevelResult
from game.scene import Home, Pop, Scene, Transition
from game.session import Player
from game.speech.cache import Private
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.effects import Effects
from game.ui.tween import ease_out_back
from game.ui.widgets import Button, draw_panel, draw_star, draw_tick

if TYPE_CHECKING:
    from game.content.schema import Track
    from game.context import Context

MAX_LEARNED = 3
STAR_AT = [(860 + i * 100, 200) for i in range(3)]
STAR_FIRST_S, STAR_GAP_S, STAR_FLY_S = 0.35, 0.4, 0.5  # the stars fly in one by one
SCORE_SPEAKER = (1740, 252)
LEARNED_SPEAKER = (1744, 372)


def stars_for(percent: float) -> int:
    """Everyone who finishes earns a star; more for more right answers."""
    return 3 if percent >= 90 else 2 if percent >= 60 else 1


class ResultsScene(Scene):
    name = "results"
    in_visit = True
    mood = "results"

    def __init__(
        self, ctx: Context, player: Player, track: Track, results: list[LevelResult], session_id: int | None = None
    ):
        super().__init__(ctx)
        self.player = player
        self.track = track
        self.results = results
        self.before_after: BeforeAfter | None = None
        if session_id is not None:
            self.before_after = before_after(ctx.store, session_id)
        unscored = {getattr(track, "retention_test", None)} - {None}  # a re-test weeks later, played first: no stars
        if self.before_after is not None and track.pre_test:
            unscored.add(track.pre_test)  # the pre-test measures where a student started: it earns no stars
        while results and results[0].level_id in unscored:
            results = results[1:]
        self.score = sum(r.score for r in results)
        self.max_score = sum(r.max_score for r in results)
        self.percent = 100.0 * self.score / self.max_score if self.max_score else 100.0
        learned: list[Any] = []
        for result in results:
            learned.extend(result.learned)
        self.learned = learned[:MAX_LEARNED]
        self.fx = Effects(ctx)
        self._landed = 0

    def enter(self) -> None:
        super().enter()
        for i in range(stars_for(self.percent)):  # earned stars fly in from above, one after another
            self.fx.tweens.start(f"star{i}", 0.0, 1.0, STAR_FLY_S, ease_out_back, delay=STAR_FIRST_S + i * STAR_GAP_S)

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        self.fx.update(dt)
        star = self.fx.tweens.get(f"star{self._landed}")
        if star is not None and star.done:  # a star lands: a little burst and a chime
            self.fx.burst(STAR_AT[self._landed], count_=10, speed=380, life=0.7)
            self._landed += 1
        return None

    def layout(self) -> None:
        self.buttons.buttons = [
            Button("again", (1020, 930, 420, 120), self.tr("results.again"), style="primary"),
            Button("home", (1480, 930, 380, 120), self.tr("results.home"), style="quiet"),
        ]
        lang = self.ctx.lang
        # the nickname is read live, never kept in the speech cache (a minor's data)
        score = [Private(self.tr("results.title", name=self.player.nickname)), self.score_line()]
        if self.before_after is not None:
            score.append(self.tr(f"results.{self.before_after.verdict}", diff=self.before_after.more_right))
        learned = [self.tr("results.learned"), *(item.get(lang) for item in self.learned)]
        self.speaker("score", score, SCORE_SPEAKER)
        self.speaker("learned", learned, LEARNED_SPEAKER)
        self.speaker("all", (*score, *learned), None, main=True)

    def score_line(self) -> str:
        return self.tr("results.score", score=self.score, max=self.max_score, percent=round(self.percent))

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Home()
        chosen = self.tapped(event)
        if chosen == "again":
            return Pop()  # back to track select, same player
        if chosen == "home":
            return Home()
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas,
            self.tr("results.title", name=self.player.nickname),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (100, 50, 1720, 90),
            align="center",
            shrink=True,
        )
        stars = stars_for(self.percent)
        for i, (x, y) in enumerate(STAR_AT):
            draw_star(canvas, (x, y), 42, False, self.ctx.theme.ACCENT)  # the empty places
            flight = self.fx.tweens.value(f"star{i}", 1.0) if i < stars else 0.0
            if flight > 0:
                draw_star(
                    canvas,
                    (x, round(y - 260 * (1 - flight))),
                    round(42 * min(1.2, 0.4 + 0.6 * flight)),
                    True,
                    self.ctx.theme.ACCENT,
                )
        text.draw(canvas, self.score_line(), theme.SIZE_BODY, theme.TEXT, (100, 260, 1720, 70), align="center")

        draw_panel(canvas, (80, 360, 760, 540))
        if self.before_after is not None:
            self.draw_before_after(canvas, self.before_after)
        for i, result in enumerate(self.results[:6] if self.before_after is None else ()):
            if i == 0:
                text.draw(canvas, self.tr("results.levels"), theme.SIZE_BODY, theme.TEXT_DIM, (120, 380, 680, 60))
            level = self.ctx.content.levels[result.level_id]
            y = 450 + i * 72
            if result.passed:
                draw_tick(canvas, (140, y + 28), 40, self.ctx.theme.RIGHT)
            text.draw(
                canvas,
                level.title.get(lang),
                theme.SIZE_SMALL + 4,
                theme.TEXT,
                (180, y, 460, 60),
                valign="middle",
                shrink=True,
            )
            text.draw(
                canvas,
                f"{result.score}/{result.max_score}",
                theme.SIZE_SMALL + 4,
                theme.TEXT,
                (640, y, 170, 60),
                align="right",
                valign="middle",
            )

        draw_panel(canvas, (880, 360, 960, 540))
        text.draw(canvas, self.tr("results.learned"), theme.SIZE_BODY, theme.TEXT_DIM, (920, 380, 800, 60))
        y, bottom = 450, 890
        for item in self.learned:  # as many as fit at their size (large text: fewer, never tiny)
            line = "• " + item.get(lang)
            need = text.height(line, theme.SIZE_SMALL + 2, 880)
            if y + min(need, 400) > bottom and y > 450:
                break
            used = text.draw(
                canvas, line, theme.SIZE_SMALL + 2, theme.TEXT, (920, y, 880, min(need, bottom - y)), shrink=True
            )
            y += used + 20
        self.buttons.draw(canvas, text)
        self.fx.draw(canvas)

    def draw_before_after(self, canvas: pygame.Surface, ba: BeforeAfter) -> None:
        """Two labelled bars (start, end) with the count of right answers, and one sentence."""
        text = self.ctx.text
        text.draw(
            canvas,
            self.tr("results.before_after"),
            theme.SIZE_BODY,
            theme.TEXT_DIM,
            (120, 376, 680, 64),
            valign="middle",
        )
        rows = (("results.before", ba.pre, self.ctx.theme.BUTTON), ("results.after", ba.post, self.ctx.theme.ACCENT))
        for i, (key, check, colour) in enumerate(rows):
            y = 450 + i * 150
            text.draw(
                canvas,
                self.tr(key, right=check.right, n=check.n),
                theme.SIZE_SMALL + 2,
                theme.TEXT,
                (120, y, 680, 56),
                valign="middle",
            )
            track = pygame.Rect(120, y + 62, 540, 56)
            pygame.draw.rect(canvas, theme.BG_DEEP, track, border_radius=12)
            filled = round(track.width * max(0.0, min(100.0, check.percent)) / 100)
            if filled:
                pygame.draw.rect(canvas, colour, (track.x, track.y, max(filled, 24), track.height), border_radius=12)
            text.draw(
                canvas,
                f"{round(check.percent)}%",
                theme.SIZE_SMALL + 2,
                theme.TEXT,
                (680, y + 62, 130, 56),
                align="right",
                valign="middle",
            )
        sentence = self.tr(f"results.{ba.verdict}", diff=ba.more_right)
        text.draw(
            canvas,
            sentence,
            theme.SIZE_SMALL + 4,
            self.ctx.theme.ACCENT,
            (120, 750, 680, 130),
            valign="middle",
            shrink=True,
        )
