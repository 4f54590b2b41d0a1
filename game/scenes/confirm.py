"""A yes/no question over the current screen ("Leave this course?"): pops True (yes) or False (no).

Back, Esc and a tap outside mean no; the question, the two answers and a line saying what
happens are the caller's strings (keys into content/strings.yaml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.actions import Action, InputEvent
from game.scene import Pop, Scene, Transition
from game.ui import theme
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    from game.context import Context


class ConfirmScene(Scene):
    name = "confirm"
    transparent = True

    def __init__(self, ctx: Context, question: str, note: str, yes: str, no: str):
        super().__init__(ctx)
        self.keys = {"question": question, "note": note, "yes": yes, "no": no}

    def layout(self) -> None:
        self.buttons.buttons = [
            Button("no", (560, 640, 380, 130), self.tr(self.keys["no"]), style="primary"),
            Button("yes", (980, 640, 380, 130), self.tr(self.keys["yes"]), style="quiet"),
        ]

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action in (Action.BACK, Action.PAUSE):
            return Pop(False)
        chosen = self.tapped(event)
        if chosen:
            return Pop(chosen == "yes")
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        canvas.blit(shade, (0, 0))
        draw_panel(canvas, (460, 300, 1000, 520))
        text = self.ctx.text
        text.draw(
            canvas,
            self.tr(self.keys["question"]),
            theme.SIZE_HEADING,
            theme.TEXT,
            (510, 340, 900, 110),
            align="center",
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            self.tr(self.keys["note"]),
            theme.SIZE_SMALL,
            theme.TEXT_DIM,
            (510, 470, 900, 130),
            align="center",
            valign="middle",
            shrink=True,
        )
        self.buttons.draw(canvas, text)
