"""The level-complete card: a short moment after a quiz, spot or scenario level, with that level's
stars (the same rule as the results screen), flying in one by one as on the results screen (at
once under less motion), its score and one Continue button.

The runner pushes it when such a level of the track ends (not after the pre-test, which earns no
stars, nor after the last level: the results screen follows). It records nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.actions import Action, InputEvent
from game.outcomes import LevelResult
from game.scene import Pop, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.effects import Effects
from game.ui.sprites import draw_mascot
from game.ui.tween import ease_out_back
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.content.schema import LevelBase
    from game.context import Context

STAR_AT = [(810 + i * 150, 470) for i in range(3)]
STAR_FIRST_S, STAR_GAP_S, STAR_FLY_S = 0.2, 0.3, 0.45


class LevelDoneScene(Scene):
    name = "level_done"

    def __init__(self, ctx: Context, level: LevelBase, result: LevelResult):
        super().__init__(ctx)
        self.level = level
        self.result = result
        self.percent = 100.0 * result.score / result.max_score if result.max_score else 100.0
        self.fx = Effects(ctx)
        self._landed = 0

    def enter(self) -> None:
        super().enter()
        for i in range(self.stars):  # earned stars fly in from above, one after another
            self.fx.tweens.start(f"star{i}", 0.0, 1.0, STAR_FLY_S, ease_out_back, delay=STAR_FIRST_S + i * STAR_GAP_S)

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        self.fx.update(dt)
        star = self.fx.tweens.get(f"star{self._landed}")
        if star is not None and star.done:  # a star lands: a little burst
            self.fx.burst(STAR_AT[self._landed], count_=10, speed=380, life=0.7)
            self._landed += 1
        return None

    @property
    def stars(self) -> int:
        from game.scenes.results import stars_for

        return stars_for(self.percent)

    def layout(self) -> None:
        self.buttons.buttons = [Button("continue", (710, 820, 500, 130), self.tr("done.continue"), style="primary")]

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action in (Action.CONFIRM, Action.BACK) and self.buttons.focus is None:
            self.ctx.sounds.play("tap")
            return Pop()
        if self.tapped(event) == "continue":
            return Pop()
        return None

    def lines(self) -> tuple[str, str]:
        """The heading and the score line the card shows."""
        heading = self.tr("done.title" if self.result.passed else "done.title_not_passed")
        score = self.tr("done.score", score=self.result.score, max=self.result.max_score, percent=round(self.percent))
        return heading, score

    def draw(self, canvas: pygame.Surface) -> None:
        from game.ui.widgets import draw_star

        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        draw_mascot(
            self.ctx, canvas, (200, 560), 240, self.motion_t
        )  # the guide, beside the card (as on the intro card)
        draw_panel(canvas, (360, 140, 1200, 620))
        heading, score = self.lines()
        text.draw(
            canvas,
            self.level.title.get(self.ctx.lang),
            theme.SIZE_BODY,
            theme.TEXT_DIM,
            (420, 170, 1080, 70),
            align="center",
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            heading,
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (420, 250, 1080, 100),
            align="center",
            valign="middle",
            shrink=True,
        )
        accent = self.ctx.theme.ACCENT
        for i, (x, y) in enumerate(STAR_AT):
            draw_star(canvas, (x, y), 62, False, accent)  # the empty places
            flight = self.fx.tweens.value(f"star{i}", 1.0) if i < self.stars else 0.0
            if flight > 0:
                draw_star(
                    canvas, (x, round(y - 220 * (1 - flight))), round(62 * min(1.2, 0.4 + 0.6 * flight)), True, accent
                )
        text.draw(
            canvas,
            score,
            theme.SIZE_BODY,
            theme.TEXT,
            (420, 580, 1080, 80),
            align="center",
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            self.tr("done.stars_hint"),
            theme.SIZE_SMALL,
            theme.TEXT_DIM,
            (420, 670, 1080, 60),
            align="center",
            valign="middle",
            shrink=True,
        )
        self.buttons.draw(canvas, text)
        self.fx.draw(canvas)
