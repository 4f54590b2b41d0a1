"""Quick play: the two-minute kiosk visit (docs/kiosk.md "Quick play").

    attract loop --one tap--> QuickStartScene: language and school stage as two rows of big
        buttons (junior preselected); Play, or a 5 s countdown plays with what is chosen
    --> QuickRunScene: a generated nickname (no typing), the track's chase with three questions
        on the drugs met, then one refusal moment (a one-decision scenario); recorded like any
        play, as sessions.mode `kiosk-quick`
    --> QuickResultsScene: stars, the nickname with Change (the keypad), today's quick-play rank,
        "play the full course" (the same player, the stage's course) and "done"

The full course stays the classroom's; the kiosk's default door is this one (the title's Start at a
kiosk, a big Quick play button elsewhere).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.outcomes import LevelResult
from game.scene import Home, Pop, Push, Replace, Scene, Transition
from game.session import Player, Recorder
from game.store.kiosk import QUICK_MODE
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.tween import reduced
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.content.loader import Content
    from game.content.schema import Track
    from game.context import Context
    from game.ports import SessionRecorder

COUNTDOWN_S = 5.0  # on the first screen: play starts by itself with what is chosen (a choice starts it again)
DEFAULT_STAGE = "junior"
QUIZ_COUNT = 3  # questions on the drugs met, after the chase
LANGS = ("zh-CN", "en")
LANG_NAMES = {"zh-CN": "中文", "en": "English"}


def quick_tracks(content: Content) -> dict[str, Any]:
    """School stage -> the first track of that stage that has quick play."""
    found: dict[str, Any] = {}
    for track in content.tracks.values():
        if getattr(track, "quick", None) is not None:
            found.setdefault(track.age_group, track)
    return found


def has_quick_play(content: Content) -> bool:
    return bool(quick_tracks(content))


STAGE_KIDS = {"primary": "child-light", "junior": "boy-medium-dark", "senior": "girl-medium", "university": "girl-dark"}


class QuickStartScene(Scene):
    """Two rows of big buttons: the language, then the school stage; Play or the countdown goes on."""

    name = "quick_start"

    def __init__(self, ctx: Context):
        from game.content.schema import AGE_GROUPS  # here: the title asks has_quick_play() before pydantic is loaded

        super().__init__(ctx)
        self.stages = [stage for stage in AGE_GROUPS if stage in quick_tracks(ctx.content)]
        self.stage = DEFAULT_STAGE if DEFAULT_STAGE in self.stages else self.stages[0]
        self.left = COUNTDOWN_S

    def layout(self) -> None:
        buttons = []
        for i, lang in enumerate(LANGS):
            style = "primary" if lang == self.ctx.lang else "quiet"
            buttons.append(
                Button(f"lang-{lang}", (560 + i * 420, 240, 380, 120), LANG_NAMES[lang], size=52, style=style)
            )
        width = 400
        left = (1920 - len(self.stages) * width - (len(self.stages) - 1) * 30) // 2
        for i, stage in enumerate(self.stages):
            style = "primary" if stage == self.stage else "quiet"
            label = f"{self.tr(f'quick.stage_{stage}')}\n{self.tr(f'quick.ages_{stage}')}"
            buttons.append(
                Button(f"stage-{stage}", (left + i * (width + 30), 560, width, 180), label, size=44, style=style)
            )
        buttons.append(Button("play", (660, 790, 600, 150), self.tr("quick.play"), size=64, style="primary"))
        buttons.append(Button("back", (40, 40, 240, 90), self.tr("common.back"), style="quiet"))
        self.buttons.buttons = buttons
        self.speaker("ask", (self.tr("quick.ask_lang"), self.tr("quick.ask_stage")), None, main=True)

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._play()
        chosen = self.tapped(event)
        if chosen is None:
            return None
        if chosen == "back":
            return Pop()
        if chosen == "play":
            return self._play()
        if chosen.startswith("lang-"):
            self.ctx.set_lang(chosen[5:])
        elif chosen.startswith("stage-"):
            self.stage = chosen[6:]
        self.left = COUNTDOWN_S  # a choice made: the visitor is there, give them the whole countdown again
        self.relayout()
        return None

    def update(self, dt: float) -> Transition | None:
        super().update(dt)
        self.left -= dt
        return self._play() if self.left <= 0 else None

    def _play(self) -> Transition:
        return Replace(QuickRunScene(self.ctx, self.stage))

    def draw(self, canvas: pygame.Surface) -> None:
        import pygame

        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        self._draw_art(canvas)
        text.draw(
            canvas,
            self.tr("title.quick"),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (300, 40, 1320, 100),
            align="center",
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            self.tr("quick.ask_lang"),
            theme.SIZE_BODY,
            theme.TEXT,
            (160, 160, 1600, 70),
            align="center",
            valign="middle",
        )
        text.draw(
            canvas,
            self.tr("quick.ask_stage"),
            theme.SIZE_BODY,
            theme.TEXT,
            (160, 380, 1600, 70),
            align="center",
            valign="middle",
        )
        self.buttons.draw(canvas, text)
        # the countdown as a ring beside Play: it empties, then play starts with what is chosen
        seconds = max(0, math.ceil(self.left))
        center, radius = (1370, 865), 56
        pygame.draw.circle(canvas, theme.PANEL, center, radius)
        share = max(0.0, min(1.0, self.left / COUNTDOWN_S))
        if share > 0:
            rect = pygame.Rect(center[0] - radius, center[1] - radius, 2 * radius, 2 * radius)
            pygame.draw.arc(canvas, self.ctx.theme.ACCENT, rect, math.pi / 2, math.pi / 2 + 2 * math.pi * share, 10)
        text.draw(
            canvas,
            str(seconds),
            theme.SIZE_BODY,
            theme.TEXT,
            (center[0] - radius, center[1] - radius, 2 * radius, 2 * radius),
            align="center",
            valign="middle",
        )
        text.draw(
            canvas,
            self.tr("quick.hint"),
            theme.SIZE_SMALL,
            theme.TEXT_DIM,
            (460, 955, 1000, 60),
            align="center",
            valign="middle",
            shrink=True,
        )

    def _draw_art(self, canvas: pygame.Surface) -> None:
        """A child of each stage peeking over its button, the mascot by the heading, and the officer
        running after the trafficker below: the chase that starts when the countdown ends."""
        import pygame

        from game.scenes.title import HILL_FAR, HILL_NEAR

        art, still = self.ctx.art, reduced(self.ctx)
        for button in self.buttons.buttons:
            if button.id.startswith("stage-"):
                kid = art.image(STAGE_KIDS[button.id[6:]], 110)
                x, y, w, _ = button.rect
                lift = 0 if still or button.id[6:] != self.stage else round(6 * math.sin(self.t * 4))
                canvas.blit(kid, kid.get_rect(midbottom=(x + w // 2, y + 14 - lift)))
        mascot = art.image("mascot", 150)
        canvas.blit(mascot, mascot.get_rect(center=(1790, 110 + (0 if still else round(5 * math.sin(self.t * 2.2))))))
        pygame.draw.ellipse(canvas, HILL_FAR, (-300, 1010, 2520, 300))
        pygame.draw.ellipse(canvas, HILL_NEAR, (-300, 1030, 2520, 300))
        run = 0.0 if still else (self.t * 120) % 60
        for name, at in (("officer", 260 + run), ("trafficker", 1680 + run)):
            picture = art.image(name, 230)
            canvas.blit(picture, picture.get_rect(midbottom=(round(at), 1050)))


class QuickRunScene(Scene):
    """Makes the visitor a player with a generated nickname, opens a kiosk-quick session and plays
    the track's quick sequence (chase, refusal moment) straight through; then the results."""

    name = "quick_run"
    in_visit = True  # going home from here ends the visit (the kiosk resets its settings)

    def __init__(self, ctx: Context, stage: str):
        super().__init__(ctx)
        self.track = quick_tracks(ctx.content)[stage]
        self.sequence = self.track.quick_sequence()
        self.index = 0
        self.results: list[LevelResult] = []
        self.player: Player | None = None
        self.recorder: SessionRecorder | None = None
        self.started = False  # the first level is pushed on the first update (enter() cannot push)

    def enter(self) -> None:
        self.ctx.plays += 1
        self.ctx.stage = self.track.age_group
        nickname = new_nickname(self.ctx)
        player_id = self.ctx.store.add_player(nickname, "", self.track.age_group)
        self.player = Player(player_id, nickname, "", self.track.age_group)
        self.recorder = Recorder(
            self.ctx.store, self.player, self.track.id, self.ctx.lang, self.ctx.content.version, QUICK_MODE
        )
        super().enter()

    def exit(self) -> None:
        if self.recorder is not None and not self.recorder.closed:
            self.recorder.end("quit")

    def _start_level(self) -> Transition:
        from game.levels import LEVEL_TYPES

        level_id, role = self.sequence[self.index]
        level = self.ctx.content.levels[level_id]
        assert self.recorder is not None
        self.recorder.begin_level(level.id, level.type, role)
        scene = LEVEL_TYPES[level.type].scene_class()(self.ctx, level, self.recorder, self.ctx.rng("quick", level.id))
        if level.type == "chase":
            scene.quiz_count = QUIZ_COUNT
        return Push(scene)

    def update(self, dt: float) -> Transition | None:
        super().update(dt)
        if not self.started:
            self.started = True
            return self._start_level()
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
            return self._start_level()
        assert self.recorder is not None and self.player is not None
        self.recorder.end("finished")
        self.ctx.sounds.play("finish")
        return Replace(QuickResultsScene(self.ctx, self.player, self.track, self.results, self.recorder.session_id))

    def draw(self, canvas: pygame.Surface) -> None:
        draw_backdrop(canvas, self.motion_t)  # only between two levels, for a frame


def new_nickname(ctx: Context) -> str:
    """A friendly generated nickname (game.content.nickname.generate_nickname), not one on today's board."""
    from game.content.lint import font_coverage
    from game.content.nickname import Blocklist, generate_nickname
    from game.store import leaderboard

    try:
        covered = font_coverage()
    except OSError:
        covered = None
    blocklist = Blocklist.from_file(ctx.content.blocklist) if ctx.content.blocklist is not None else None
    taken = [
        row.nickname for board in ("quick", "course") for row in leaderboard.today(ctx.store, limit=10, board=board)
    ]
    return generate_nickname(ctx.content.nicknames, ctx.lang, ctx.rng("nickname", ctx.plays), blocklist, covered, taken)


class QuickResultsScene(Scene):
    """Stars and score, the generated nickname (Change opens the keypad), today's rank if in the top 10,
    "play the full course" and "done"."""

    name = "quick_results"
    in_visit = True  # going home from here ends the visit (the kiosk resets its settings)

    def __init__(self, ctx: Context, player: Player, track: Track, results: list[LevelResult], session_id: int):
        super().__init__(ctx)
        self.player = player
        self.track = track
        self.results = results
        self.session_id = session_id
        self.score = sum(r.score for r in results)
        self.max_score = sum(r.max_score for r in results)
        self.percent = 100.0 * self.score / self.max_score if self.max_score else 100.0
        self.rank: int | None = None
        self.learned = [item for r in results for item in r.learned][:2]

    def enter(self) -> None:
        self._read_rank()
        super().enter()

    def _read_rank(self) -> None:
        from game.store import leaderboard

        rows = leaderboard.today(self.ctx.store, limit=10, board="quick")
        self.rank = next((row.rank for row in rows if row.session_id == self.session_id), None)

    def layout(self) -> None:
        self.buttons.buttons = [
            Button("change", (1250, 190, 300, 90), self.tr("quick.change_name"), size=36, style="quiet"),
            Button("board", (80, 940, 440, 110), self.tr("quick.board"), size=40, style="quiet"),
            Button("full", (560, 940, 640, 110), self.tr("quick.full_course"), size=44, style="quiet"),
            Button("done", (1240, 940, 600, 110), self.tr("quick.done"), size=52, style="primary"),
        ]
        lang = self.ctx.lang
        lines = [
            self.tr("results.title", name=self.player.nickname),
            self.score_line(),
            self.rank_line(),
            *(item.get(lang) for item in self.learned),
        ]
        self.speaker("all", lines, None, main=True)

    def score_line(self) -> str:
        return self.tr("results.score", score=self.score, max=self.max_score, percent=round(self.percent))

    def rank_line(self) -> str:
        return self.tr("quick.rank", n=self.rank) if self.rank is not None else self.tr("quick.thanks")

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Home()
        chosen = self.tapped(event)
        if chosen == "done":
            return Home()
        if chosen == "change":
            from game.scenes.entry import EntryScene

            return Push(EntryScene(self.ctx, rename=self.player.nickname))
        if chosen == "board":
            from game.scenes.leaderboard import LeaderboardScene

            return Push(LeaderboardScene(self.ctx, highlight=self.session_id, board="quick"))
        if chosen == "full":
            from game.scenes.runner import RunnerScene

            full = next(
                (t for t in self.ctx.content.tracks.values() if t.age_group == self.player.age_group), self.track
            )
            return Replace(RunnerScene(self.ctx, self.player, full))
        return None

    def resume(self, result: Any = None) -> Transition | None:
        from game.scenes.entry import Renamed

        if isinstance(result, Renamed) and result.name != self.player.nickname:
            self.ctx.store.rename_player(self.player.id, result.name)
            self.player = Player(self.player.id, result.name, self.player.class_code, self.player.age_group)
            self._read_rank()
        return super().resume(result)

    def draw(self, canvas: pygame.Surface) -> None:
        from game.scenes.results import stars_for
        from game.ui.widgets import draw_star

        text = self.ctx.text
        lang = self.ctx.lang
        draw_backdrop(canvas, self.motion_t)
        art, still = self.ctx.art, reduced(self.ctx)
        bob = 0 if still else round(6 * math.sin(self.t * 2.2))
        officer, mascot = art.image("officer", 300), art.image("mascot", 190)
        canvas.blit(officer, officer.get_rect(midbottom=(300, 570 - bob)))
        canvas.blit(mascot, mascot.get_rect(center=(1660, 440 + bob)))
        text.draw(
            canvas,
            self.tr("quick.well_done"),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (100, 60, 1720, 90),
            align="center",
            shrink=True,
        )
        text.draw(
            canvas,
            self.player.nickname,
            theme.SIZE_HEADING,
            theme.TEXT,
            (370, 190, 860, 90),
            align="right",
            valign="middle",
            shrink=True,
        )
        stars = stars_for(self.percent)
        for i in range(3):
            draw_star(canvas, (860 + i * 100, 360), 46, i < stars)
        text.draw(canvas, self.score_line(), theme.SIZE_BODY, theme.TEXT, (100, 430, 1720, 70), align="center")
        text.draw(
            canvas,
            self.rank_line(),
            theme.SIZE_BODY,
            self.ctx.theme.ACCENT if self.rank else theme.TEXT_DIM,
            (100, 500, 1720, 70),
            align="center",
        )
        if self.learned:
            draw_panel(canvas, (260, 600, 1400, 300))
            text.draw(canvas, self.tr("results.learned"), theme.SIZE_SMALL + 2, theme.TEXT_DIM, (300, 615, 1320, 50))
            y = 670
            for item in self.learned:
                used = text.draw(
                    canvas,
                    "• " + item.get(lang),
                    theme.SIZE_SMALL + 2,
                    theme.TEXT,
                    (300, y, 1320, 890 - y),
                    shrink=True,
                )
                y += used + 14
        self.buttons.draw(canvas, text)
