"""The title screen: start, switch language, sound on/off."""

from __future__ import annotations

from typing import Any

from game.actions import Action, InputEvent
from game.scenes.base import Push, Quit, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button


class TitleScene(Scene):
    name = "title"

    def layout(self) -> None:
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
            self.buttons.buttons.append(Button("board", (40, 980, 380, 80), self.tr("title.board"), size=34, style="quiet"))

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK and not self.ctx.kiosk:
            return Quit()
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            event = InputEvent(Action.POINTER, pos=self.buttons.buttons[0].center)
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
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

    def draw(self, canvas: Any) -> None:
        draw_backdrop(canvas, self.t)
        text = self.ctx.text
        text.draw(canvas, self.tr("game.title"), theme.SIZE_TITLE, theme.ACCENT, (160, 200, 1600, 160), align="center")
        text.draw(canvas, self.tr("game.tagline"), theme.SIZE_HEADING - 8, theme.TEXT, (160, 380, 1600, 100), align="center")
        text.draw(canvas, self.tr("title.hint"), theme.SIZE_SMALL, theme.TEXT_DIM, (160, 960, 1600, 60), align="center")
        code = getattr(getattr(self.ctx, "settings", None), "class_code", "")
        if code:  # classroom mode: which class this device signs students in to
            text.draw(canvas, self.tr("title.classroom", code=code), theme.SIZE_BODY, theme.ACCENT, (60, 50, 1000, 70),
                      valign="middle", shrink=True)
        live = getattr(self.ctx, "live", None)
        if live is not None:  # the live classroom push: connected, answers waiting, or the hub not reachable
            from game.classroom.live import status_line

            line = status_line(live)
            if line is not None:
                color = theme.TEXT_DIM if line[0] in ("live.ok", "live.connecting") else theme.TEXT
                text.draw(canvas, self.tr(line[0], **line[1]), theme.SIZE_SMALL, color, (60, 120, 1400, 56),
                          valign="middle", shrink=True)
        self.buttons.draw(canvas, text)
