"""The level-complete card: a short moment after a quiz, spot or scenario level, with that level's
stars (the same rule as the results screen), its score and one Continue button.

The runner pushes it when such a level of the track ends (not after the pre-test, which earns no
stars, nor after the last level: the results screen follows). It records nothing.
"""

from __future__ import annotations

from typing import Any

from game.actions import Action, InputEvent
from game.outcomes import LevelResult
from game.scenes.base import Pop, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel


class LevelDoneScene(Scene):
    name = "level_done"

    def __init__(self, ctx: Any, level: Any, result: LevelResult):
        super().__init__(ctx)
        self.level = level
        self.result = result
        self.percent = 100.0 * result.score / result.max_score if result.max_score else 100.0

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

    def draw(self, canvas: Any) -> None:
        from game.scenes.results import draw_star

        text = self.ctx.text
        draw_backdrop(canvas, self.t)
        draw_panel(canvas, (360, 140, 1200, 620))
        heading, score = self.lines()
        text.draw(canvas, self.level.title.get(self.ctx.lang), theme.SIZE_BODY, theme.TEXT_DIM, (420, 170, 1080, 70),
                  align="center", valign="middle", shrink=True)
        text.draw(canvas, heading, theme.SIZE_HEADING, theme.ACCENT, (420, 250, 1080, 100), align="center", valign="middle", shrink=True)
        for i in range(3):
            draw_star(canvas, (810 + i * 150, 470), 62, i < self.stars)
        text.draw(canvas, score, theme.SIZE_BODY, theme.TEXT, (420, 580, 1080, 80), align="center", valign="middle", shrink=True)
        text.draw(canvas, self.tr("done.stars_hint"), theme.SIZE_SMALL, theme.TEXT_DIM, (420, 670, 1080, 60), align="center",
                  valign="middle", shrink=True)
        self.buttons.draw(canvas, text)
