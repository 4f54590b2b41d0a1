"""The level runner: plays a track's levels in order, with an intro card before each.

It owns the session recorder for this play: opens the session, begins each level attempt,
hands the recorder to the level scene, and closes the session as finished, or as quit if
the player leaves (or the window closes) before the end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.outcomes import LevelResult
from game.scene import Home, Push, Replace, Scene, Transition
from game.session import Player, Recorder
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.sprites import draw_mascot
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.content.schema import Track
    from game.context import Context
    from game.ports import SessionRecorder

LEVEL_ART = {"chase": "officer", "quiz": "star", "scenario": "speech", "spot": "paper-stamp"}  # beside a level's card
CARD_TYPES = ("quiz", "spot", "scenario")  # a chase has its own summary


INTRO_PANEL = (360, 400, 1200, 340)
INTRO_TEXT = (420, 430, 1040, 280)  # room on the right for the speaker button
INTRO_SPEAKER = (1462, 416)
TITLE_SPEAKER = (1700, 230)


class RunnerScene(Scene):
    name = "runner"
    in_visit = True

    def __init__(self, ctx: Context, player: Player, track: Track):
        super().__init__(ctx)
        self.player = player
        self.track = track
        from game.classroom import retention

        self.sequence = retention.sequence(ctx.store, player, track)  # the class's re-test first, when it is due
        self.index = 0
        self.results: list[LevelResult] = []
        self.recorder: SessionRecorder | None = None
        self.retried: set[int] = set()  # indexes of levels played a second time (a retry is offered once)

    @property
    def level(self) -> Any:
        return self.ctx.content.levels[self.sequence[self.index][0]]

    def enter(self) -> None:
        self.ctx.plays += 1
        self.ctx.stage = self.player.age_group  # reading aloud by itself follows the player's stage
        classroom = bool(getattr(getattr(self.ctx, "settings", None), "class_code", ""))
        mode = "classroom" if classroom else "kiosk" if self.ctx.kiosk else "play"
        self.recorder = Recorder(
            self.ctx.store, self.player, self.track.id, self.ctx.lang, self.ctx.content.version, mode
        )
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
        self.speaker(
            "intro", (level.title.get(lang), intro), self.intro_geometry()[2] if intro else TITLE_SPEAKER, main=True
        )

    def intro_geometry(self) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int], tuple[int, int]]:
        """The intro card's panel, its text's box and its speaker button. Large text makes the card grow
        (wider, then taller, down to the Start button) before its words shrink."""
        intro = self.level.intro.get(self.ctx.lang) if self.level.intro is not None else ""
        text = self.ctx.text
        x, y, width, height = INTRO_TEXT
        if text.height(intro, theme.SIZE_BODY, width) > height:
            width = 1440
        height = text.grown(intro, theme.SIZE_BODY, (0, 0, width, height), 330)
        left = (1920 - (width + 160)) // 2  # 60 px margin on the left, the speaker's 100 on the right
        panel = (left, INTRO_PANEL[1], width + 160, height + 60)
        return panel, (left + 60, y, width, height), (left + width + 160 - 98, INTRO_SPEAKER[1])

    def _start_level(self) -> Transition:
        from game.levels import LEVEL_TYPES

        level_id, role = self.sequence[self.index]
        level = self.ctx.content.levels[level_id]
        level_type = LEVEL_TYPES[level.type]
        assert self.recorder is not None
        self.recorder.begin_level(level.id, level.type, role)
        scene_class = level_type.scene_class()
        again = ("again",) if self.index in self.retried else ()  # a second try is not a replay of the first
        scene = scene_class(self.ctx, level, self.recorder, self.ctx.rng("level", level.id, self.index, *again))
        scene.retry_offer = role == "level" and self.index not in self.retried
        return Push(scene, on_result=self._level_done)

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._start_level()
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        if chosen == "go":
            return self._start_level()
        if chosen == "leave" or event.action is Action.BACK:  # asked first: a stray tap must not end the course
            from game.scenes.confirm import ConfirmScene

            return Push(
                ConfirmScene(self.ctx, "runner.leave_ask", "runner.leave_note", "runner.leave_yes", "runner.leave_no"),
                on_result=self._leave_answer,
            )
        return None

    def _leave_answer(self, leave: bool) -> Transition | None:
        """The leave question, answered: yes goes home (exit() closes the session as quit)."""
        return Home() if leave else None

    def _level_done(self, result: LevelResult) -> Transition | None:
        """The level just played popped its result: the next level's card, a retry, or the results."""
        if result.abandoned:
            return Home()  # exit() closes the session as quit
        if result.retry and self.index not in self.retried:  # "try again": the same level, a new attempt
            self.retried.add(self.index)
            return self._start_level()
        self.results.append(result)
        level_id, role = self.sequence[self.index]
        self.index += 1
        if self.index < len(self.sequence):
            self.relayout()  # the next level's card (its speaker reads the new title and intro)
            level = self.ctx.content.levels[level_id]
            if role == "level" and level.type in CARD_TYPES:  # a moment for the level just done, with its stars
                from game.scenes.level_done import LevelDoneScene

                return Push(LevelDoneScene(self.ctx, level, result))
            return None
        from game.scenes.results import ResultsScene

        assert self.recorder is not None
        self.recorder.end("finished")
        self.ctx.sounds.play("finish")
        results = ResultsScene(self.ctx, self.player, self.track, self.results, session_id=self.recorder.session_id)
        if self.ctx.kiosk:  # today's top 10 first, then the results (what to remember comes last)
            from game.scenes.leaderboard import LeaderboardScene

            return Replace(
                LeaderboardScene(self.ctx, highlight=self.recorder.session_id, after=results, board="course")
            )
        return Replace(results)

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        draw_backdrop(canvas, self.motion_t)
        role = self.sequence[self.index][1]
        heading = (
            self.tr(f"runner.role_{role}")
            if role != "level"
            else self.tr("runner.level_n", n=self.index + 1, total=len(self.sequence))
        )
        text.draw(
            canvas, heading, theme.SIZE_BODY, theme.TEXT_DIM, (160, 104, 1600, 84), align="center", valign="middle"
        )
        text.draw(
            canvas,
            self.level.title.get(lang),
            theme.SIZE_TITLE - 16,
            self.ctx.theme.ACCENT,
            (160, 196, 1600, 170),
            align="center",
            valign="middle",
            shrink=True,
        )
        panel = self.intro_geometry()[0] if self.level.intro is not None else INTRO_PANEL
        if panel[0] >= INTRO_PANEL[0]:  # beside the card, unless large text grew it across their places
            draw_mascot(self.ctx, canvas, (200, 560), 240, self.motion_t)  # the guide
            picture = LEVEL_ART.get(self.level.type)
            if picture and self.ctx.art.has(picture):  # what the level is about, on the other side
                image = self.ctx.art.image(picture, 230)
                canvas.blit(image, image.get_rect(center=(1730, 570)))
        if self.level.intro is not None:
            panel, box, _ = self.intro_geometry()
            draw_panel(canvas, panel)
            text.draw(
                canvas,
                self.level.intro.get(lang),
                theme.SIZE_BODY,
                theme.TEXT,
                box,
                align="center",
                valign="middle",
                shrink=True,
            )
        self.buttons.draw(canvas, text)
