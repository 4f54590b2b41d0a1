"""The pause overlay: resume, or leave (answers are already saved). Pops a PauseChoice."""

from __future__ import annotations

from enum import Enum

import pygame

from game.actions import Action, InputEvent
from game.scene import Pop, Scene, Transition
from game.ui import theme
from game.ui.widgets import Button, draw_panel


class PauseChoice(Enum):
    RESUME = "resume"
    QUIT = "quit"  # leave the level: it ends as abandoned (its answers are kept)


class PauseScene(Scene):
    name = "pause"
    in_visit = True
    transparent = True

    def layout(self) -> None:
        self.buttons.buttons = [
            Button("resume", (610, 520, 700, 130), self.tr("pause.resume"), style="primary"),
            Button("quit", (610, 690, 700, 130), self.tr("pause.quit"), style="quiet"),
        ]

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action in (Action.BACK, Action.PAUSE):
            return Pop(PauseChoice.RESUME)
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
            return Pop(PauseChoice(chosen))  # the buttons' ids are the choices' values
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        canvas.blit(shade, (0, 0))
        draw_panel(canvas, (510, 300, 900, 580))
        self.ctx.text.draw(
            canvas, self.tr("pause.title"), theme.SIZE_HEADING, theme.TEXT, (560, 340, 800, 80), align="center"
        )
        self.ctx.text.draw(
            canvas,
            self.tr("pause.saved"),
            theme.SIZE_SMALL,
            theme.TEXT_DIM,
            (560, 430, 800, 60),
            align="center",
            shrink=True,
        )
        self.buttons.draw(canvas, self.ctx.text)
