"""Track select: the courses for the player's age group, as big cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.actions import Action, InputEvent
from game.scene import Pop, Push, Scene, Transition
from game.session import Player
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.sprites import draw_mascot
from game.ui.widgets import Button

if TYPE_CHECKING:
    import pygame

    from game.context import Context


class TrackSelectScene(Scene):
    name = "tracks"

    def __init__(self, ctx: Context, player: Player):
        super().__init__(ctx)
        self.player = player
        tracks = list(ctx.content.tracks.values())
        mine = [t for t in tracks if t.age_group == player.age_group]
        self.fallback = not mine
        self.tracks = mine or tracks

    def layout(self) -> None:
        lang = self.ctx.lang
        buttons = []
        for i, track in enumerate(self.tracks[:6]):
            label = f"{track.title.get(lang)}  ·  {self.tr('tracks.minutes', n=track.minutes)}"
            buttons.append(Button(f"track-{track.id}", (360, 330 + i * 170, 1200, 140), label, size=52))
        buttons.append(Button("back", (60, 940, 320, 100), self.tr("common.back"), style="quiet"))
        self.buttons.buttons = buttons

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.tapped(event)
        if chosen == "back":
            return Pop()
        if chosen and chosen.startswith("track-"):
            from game.scenes.runner import RunnerScene

            track = self.ctx.content.tracks[chosen[len("track-") :]]
            return Push(RunnerScene(self.ctx, self.player, track))
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        draw_mascot(self.ctx, canvas, (190, 190), 230, self.motion_t)
        text.draw(
            canvas,
            self.tr("tracks.hello", name=self.player.nickname),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (160, 90, 1600, 90),
            align="center",
            shrink=True,
        )
        note = self.tr("tracks.fallback") if self.fallback else self.tr("tracks.choose")
        text.draw(canvas, note, theme.SIZE_BODY, theme.TEXT, (160, 200, 1600, 110), align="center", shrink=True)
        self.buttons.draw(canvas, text)
