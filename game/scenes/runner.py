"""The level runner: plays a track's levels in order, with an intro card before each.

It owns the session recorder for this play: opens the session, begins each level attempt,
hands the recorder to the level scene, and closes the session as finished, or as quit if
the player leaves (or the window closes) before the end.
"""

from __future__ import annotations

from typing import Any

from game.actions import Action, InputEvent
from game.outcomes import LevelResult
from game.scenes.base import Home, Push, Replace, Scene, Transition
from game.session import Player, Recorder
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.sprites import draw_mascot
from game.ui.widgets import Button, draw_panel

LEVEL_ART = {"chase": "officer", "quiz": "star", "scenario": "speech", "spot": "paper-stamp"}  # beside a level's card


INTRO_PANEL = (360, 400, 1200, 340)
INTRO_TEXT = (420, 430, 1040, 280)  # room on the right for the speaker button
INTRO_SPEAKER = (1462, 416)
TITLE_SPEAKER = (1700, 230)


class RunnerScene(Scene):
    name = "runner"

    def __init__(self, ctx: Any, player: Player, track: Any):
        super().__init__(ctx)
        self.player = player
        self.track = track
        from game.classroom import retention

        self.sequence = retention.sequence(ctx.store, player, track)  # the class's re-test first, when it is due
        self.index = 0
        self.results: list[LevelResult] = []
        self.recorder: Recorder | None = None

    @property
    def level(self) -> Any:
        return self.ctx.content.levels[self.sequence[self.index][0]]

    def enter(self) -> None:
        self.ctx.plays += 1
        self.ctx.stage = self.player.age_group  # reading aloud by itself follows the player's stage
        classroom = bool(getattr(getattr(self.ctx, "settings", None), "class_code", ""))
        mode = "classroom" if classroom else "kiosk" if self.ctx.kiosk else "play"
        self.recorder = Recorder(self.ctx.store, self.player, self.track.id, self.ctx.lang, self.ctx.content.version, mode)
        super().enter()

    def exit(self) -> None:
        if self.recorder is not None and not self.recorder.closed:
            self.recorder.end("quit")

    def layout(self) -> None:
        self.buttons.buttons = [
            Button("go", (660, 800, 600, 140), self.tr("runner.go"), size=58, style="primary"),
            Button("leave", (60, 940, 320, 100), self.tr("runner.leave"), style="quiet"),
        ]
        level, lang = self.level, self.ctx.lang
        intro = level.intro.get(lang) if level.intro is not None else ""
        self.speaker("intro", (level.title.get(lang), intro), INTRO_SPEAKER if intro else TITLE_SPEAKER, main=True)

    def _start_level(self) -> Transition:
        from game.levels import LEVEL_TYPES

        level_id, role = self.sequence[self.index]
        level = self.ctx.content.levels[level_id]
        level_type = LEVEL_TYPES[level.type]
        assert self.recorder is not None
        self.recorder.begin_level(level.id, level.type, role)
        scene_class = level_type.scene_class()
        return Push(scene_class(self.ctx, level, self.recorder, self.ctx.rng("level", level.id, self.index)))

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._start_level()
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        if chosen == "go":
            return self._start_level()
        if chosen == "leave" or event.action is Action.BACK:
            return Home()
        return None

    def resume(self, result: Any = None) -> Transition | None:
        super().resume(result)
        if not isinstance(result, LevelResult):
            return None
        if result.abandoned:
            return Home()  # exit() closes the session as quit
        self.results.append(result)
        self.index += 1
        if self.index < len(self.sequence):
            self.relayout()  # the next level's card (its speaker reads the new title and intro)
            return None
        from game.scenes.results import ResultsScene

        assert self.recorder is not None
        self.recorder.end("finished")
        self.ctx.sounds.play("finish")
        results = ResultsScene(self.ctx, self.player, self.track, self.results, session_id=self.recorder.session_id)
        if self.ctx.kiosk:  # today's top 10 first, then the results (what to remember comes last)
            from game.scenes.leaderboard import LeaderboardScene

            return Replace(LeaderboardScene(self.ctx, highlight=self.recorder.session_id, after=results))
        return Replace(results)

    def draw(self, canvas: Any) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        draw_backdrop(canvas, self.motion_t)
        role = self.sequence[self.index][1]
        heading = self.tr(f"runner.role_{role}") if role != "level" else self.tr("runner.level_n", n=self.index + 1, total=len(self.sequence))
        text.draw(canvas, heading, theme.SIZE_BODY, theme.TEXT_DIM, (160, 120, 1600, 70), align="center")
        text.draw(canvas, self.level.title.get(lang), theme.SIZE_TITLE - 16, self.ctx.theme.ACCENT, (160, 210, 1600, 130), align="center", shrink=True)
        draw_mascot(self.ctx, canvas, (200, 560), 240, self.motion_t)  # the guide, beside the card
        picture = LEVEL_ART.get(self.level.type)
        if picture and self.ctx.art.has(picture):  # what the level is about, on the other side
            image = self.ctx.art.image(picture, 230)
            canvas.blit(image, image.get_rect(center=(1730, 570)))
        if self.level.intro is not None:
            draw_panel(canvas, INTRO_PANEL)
            text.draw(canvas, self.level.intro.get(lang), theme.SIZE_BODY, theme.TEXT, INTRO_TEXT, align="center", valign="middle", shrink=True)
        self.buttons.draw(canvas, text)
