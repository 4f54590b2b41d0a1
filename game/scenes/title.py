"""The title screen: start, switch language, sound on/off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.actions import Action, InputEvent
from game.scene import IdlePolicy, Push, Quit, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.sprites import frame_at, run_frames
from game.ui.tween import reduced
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    from game.context import Context


KIDS = ("child-medium-light", "girl-medium", "boy-medium-dark", "child-light", "girl-dark")
HILL_FAR, HILL_NEAR = (50, 112, 78), (64, 134, 90)


class TitleScene(Scene):
    name = "title"
    idle_policy = IdlePolicy.ATTRACT
    mood = "title"

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self._hero: dict[str, Any] | None = None

    def layout(self) -> None:
        self.officer_x = 330  # where the officer runs on the hill (_quick_buttons may move him)
        sound = self.tr("title.sound_off") if self.ctx.sounds.muted else self.tr("title.sound_on")
        self.buttons.buttons = [
            Button("start", (660, 600, 600, 150), self.tr("title.start"), size=64, style="primary"),
            Button("lang", (560, 800, 380, 110), self.tr("title.other_language"), style="quiet"),
            Button("sound", (980, 800, 380, 110), sound, style="quiet"),
            Button("teacher", (1690, 990, 210, 72), self.tr("title.teacher"), size=30, style="quiet"),
            Button("settings", (1540, 36, 340, 100), self.tr("title.settings"), size=40, style="quiet", icon="gear"),
        ]
        if self.ctx.kiosk:  # strangers get today's top 10; the teacher area is in the operator menu
            self.buttons.buttons = [b for b in self.buttons.buttons if b.id != "teacher"]
            self.buttons.buttons.append(
                Button("board", (40, 980, 380, 80), self.tr("title.board"), size=34, style="quiet")
            )
        self._quick_buttons()

    def _quick_buttons(self) -> None:
        """Quick play: the kiosk's Start (the full course on a smaller button), a big second button
        elsewhere; not in classroom mode, where the lesson is the course."""
        from game.scenes.quick import has_quick_play

        classroom = bool(getattr(getattr(self.ctx, "settings", None), "class_code", ""))
        if classroom or not has_quick_play(self.ctx.content):
            return
        start = next(b for b in self.buttons.buttons if b.id == "start")
        if self.ctx.kiosk:
            start.id = "quick"
            self.buttons.buttons.append(
                Button("start", (1480, 980, 400, 80), self.tr("title.full_course"), size=34, style="quiet")
            )
        else:
            x, y, w, h = start.rect
            start.rect = (x - 330, y, w, h)
            self.officer_x = 170  # the officer runs in from further left, clear of the moved Start button
            self.buttons.buttons.insert(
                1, Button("quick", (x + 330, y, w, h), self.tr("title.quick"), size=52, style="primary")
            )

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK and not self.ctx.kiosk:
            return Quit()
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            event = InputEvent(Action.POINTER, pos=self.buttons.buttons[0].center)
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        if chosen == "quick":
            from game.scenes.quick import QuickStartScene

            return Push(QuickStartScene(self.ctx))
        if chosen == "start":
            from game.scenes.entry import EntryScene

            return Push(EntryScene(self.ctx))
        if chosen == "settings":
            from game.scenes.settings import SettingsScene

            return Push(SettingsScene(self.ctx))
        if chosen == "board":
            from game.scenes.leaderboard import LeaderboardScene

            return Push(LeaderboardScene(self.ctx))
        if chosen == "teacher":
            from game.scenes.teacher import TeacherPinScene

            return Push(TeacherPinScene(self.ctx))
        if chosen == "lang":
            self.ctx.set_lang("en" if self.ctx.lang == "zh-CN" else "zh-CN")
        elif chosen == "sound":
            self.ctx.toggle_mute()
            self.relayout()
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        draw_backdrop(canvas, self.motion_t)
        self.draw_hero(canvas)
        text = self.ctx.text
        text.draw(
            canvas,
            self.tr("game.title"),
            theme.SIZE_TITLE,
            self.ctx.theme.ACCENT,
            (160, 200, 1600, 160),
            align="center",
        )
        text.draw(
            canvas, self.tr("game.tagline"), theme.SIZE_HEADING - 8, theme.TEXT, (160, 380, 1600, 100), align="center"
        )
        text.draw(canvas, self.tr("title.hint"), theme.SIZE_SMALL, theme.TEXT_DIM, (160, 930, 1600, 50), align="center")
        code = getattr(getattr(self.ctx, "settings", None), "class_code", "")
        if code:  # classroom mode: which class this device signs students in to
            text.draw(
                canvas,
                self.tr("title.classroom", code=code),
                theme.SIZE_BODY,
                self.ctx.theme.ACCENT,
                (60, 50, 1000, 70),
                valign="middle",
                shrink=True,
            )
        live = getattr(self.ctx, "live", None)
        if live is not None:  # the live classroom push: connected, answers waiting, or the hub not reachable
            from game.classroom.live import status_line

            line = status_line(live)
            if line is not None:  # a small chip under Settings, on a panel of its own (legible over the art)
                words = text.render(self.tr(line[0], **line[1]), theme.SIZE_SMALL - 4, theme.TEXT)
                width = min(words.get_width(), 1200)
                chip = (1880 - width - 48, 156, width + 48, words.get_height() + 20)
                draw_panel(canvas, chip, theme.PANEL if line[0] in ("live.ok", "live.connecting") else theme.BG_DEEP)
                canvas.blit(words, (chip[0] + 24, chip[1] + 10), (0, 0, width, words.get_height()))
        self.buttons.draw(canvas, text)

    def draw_hero(self, canvas: pygame.Surface) -> None:
        """The hero picture: a town on a hill, the officer chasing the trafficker past it, children
        watching, and the mascot (a panda guard with the refusal shield) beside the title."""
        import math

        if self._hero is None:
            self._hero = self._build_hero()
        hero = self._hero
        still = reduced(self.ctx)
        for picture, x in (("tree", 90), ("tree", 520), ("school", 1420), ("tree", 1830)):  # far behind, faded
            image = hero[picture]
            canvas.blit(image, image.get_rect(midbottom=(x, 976)))
        pygame.draw.ellipse(canvas, HILL_FAR, (-300, 940, 2520, 420))
        pygame.draw.ellipse(canvas, HILL_NEAR, (-300, 962, 2520, 420))
        for name, x in (("officer", self.officer_x), ("trafficker", 1640)):
            runs = hero.get(f"{name}-run")
            frame = hero[name] if still or runs is None else frame_at(runs, "right", self.t * 420)
            canvas.blit(frame, frame.get_rect(midbottom=(x, 1000)))
        bob = 0 if still else round(6 * math.sin(self.t * 2.2))
        mascot = hero["mascot"]
        canvas.blit(mascot, mascot.get_rect(center=(250, 250 + bob)))
        for i, kid in enumerate(hero["kids"]):
            lift = 0 if still else round(4 * math.sin(self.t * 3 + i))
            canvas.blit(kid, kid.get_rect(midtop=(760 + i * 100, 996 - lift)))

    def update(self, dt: float) -> Transition | None:
        if self._hero is not None and "officer-run" not in self._hero and self.t > 0.2:
            for name in ("officer", "trafficker"):  # the run cycles, once the still title is on screen
                self._hero[f"{name}-run"] = run_frames(self._hero[name])
        return super().update(dt)

    def _build_hero(self) -> dict[str, Any]:
        """The pictures as the title's atlas holds them (drawn at these sizes and faded there: the
        first frame scales and blends nothing)."""
        art = self.ctx.art

        def title(art_id: str) -> Any:
            return art.raw(art_id, "title")

        return {
            "tree": title("tree-far"),
            "school": title("school-far"),
            "officer": title("officer"),
            "trafficker": title("trafficker"),
            "mascot": title("mascot"),
            "kids": [title(k) for k in KIDS],
        }
