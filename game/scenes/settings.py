"""Settings: language, volume and mute, large text, reduced motion, colour-blind-safe colours.

Every change takes effect at once (the screen redraws in the new size, colours or language)
and is remembered on this device. Touch, mouse, arrows + Enter and gamepad all work; Esc
or the Back button leaves.
"""

from __future__ import annotations

from typing import Any

from game.actions import Action, InputEvent
from game.scenes.base import Pop, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

LABEL_X, LABEL_W = 120, 760
CONTROL_X = 920
ROW_Y0, ROW_H, ROW_GAP = 190, 118, 22
TOGGLES = ("large_text", "reduced_motion", "palette")
VOLUME_STEP = 0.25


def row_y(index: int) -> int:
    return ROW_Y0 + index * (ROW_H + ROW_GAP)


class SettingsScene(Scene):
    name = "settings"

    # -- layout --------------------------------------------------------------------------------
    def layout(self) -> None:
        s = self.ctx.settings
        h = ROW_H
        buttons = [
            Button("lang-zh-CN", (CONTROL_X, row_y(0), 400, h), "中文", selected=s.lang == "zh-CN"),
            Button("lang-en", (CONTROL_X + 440, row_y(0), 400, h), "English", selected=s.lang == "en"),
            Button("quieter", (CONTROL_X, row_y(1), 130, h), self.tr("settings.quieter"), size=60,
                   enabled=s.volume > 0),
            Button("louder", (CONTROL_X + 420, row_y(1), 130, h), self.tr("settings.louder"), size=60,
                   enabled=s.volume < 1),
            Button("mute", (CONTROL_X + 590, row_y(1), 250, h), self.tr("settings.mute"), selected=s.muted),
        ]
        for i, name in enumerate(TOGGLES, start=2):
            on = self.is_on(name)
            buttons.append(Button(f"toggle-{name}", (CONTROL_X, row_y(i), 400, h),
                                  self.tr("settings.on" if on else "settings.off"), selected=on))
        buttons.append(Button("back", (60, 950, 320, 100), self.tr("common.back"), style="quiet"))
        buttons.append(Button("done", (1500, 950, 360, 100), self.tr("settings.done"), style="primary"))
        self.buttons.buttons = buttons

    def is_on(self, name: str) -> bool:
        s = self.ctx.settings
        return s.palette == "colourblind" if name == "palette" else bool(getattr(s, name))

    # -- input ---------------------------------------------------------------------------------
    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.buttons.handle(event)
        if chosen is None:
            return None
        s = self.ctx.settings
        if chosen in ("back", "done"):
            self.ctx.sounds.play("tap")
            return Pop()
        if chosen.startswith("lang-"):
            s.lang = chosen[5:]
            self.ctx.apply_settings("lang")
        elif chosen in ("quieter", "louder"):
            step = VOLUME_STEP if chosen == "louder" else -VOLUME_STEP
            s.volume = round(min(1.0, max(0.0, s.volume + step)) / VOLUME_STEP) * VOLUME_STEP
            if chosen == "louder":
                s.muted = False
            self.ctx.apply_settings("volume", "muted")
        elif chosen == "mute":
            s.muted = not s.muted
            self.ctx.apply_settings("muted")
        elif chosen.startswith("toggle-"):
            name = chosen[len("toggle-"):]
            if name == "palette":
                s.palette = "standard" if s.palette == "colourblind" else "colourblind"
            else:
                setattr(s, name, not getattr(s, name))
            self.ctx.apply_settings(name)
        self.ctx.sounds.play("tap")  # after the change, so the new volume is heard
        self.relayout()
        return None

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, canvas: Any) -> None:
        text = self.ctx.text
        s = self.ctx.settings
        draw_backdrop(canvas, self.motion_t)
        text.draw(canvas, self.tr("settings.title"), theme.SIZE_HEADING, self.ctx.theme.ACCENT, (160, 40, 1600, 90), align="center", valign="middle")
        text.draw(canvas, self.tr("settings.hint"), theme.SIZE_SMALL, theme.TEXT_DIM, (160, 120, 1600, 56), align="center", valign="middle")
        rows = ("language", "volume", *TOGGLES)
        for i, key in enumerate(rows):
            y = row_y(i)
            draw_panel(canvas, (LABEL_X - 20, y - 6, 1740, ROW_H + 12), theme.PANEL)
            text.draw(canvas, self.tr(f"settings.{key}"), theme.SIZE_BODY, theme.TEXT, (LABEL_X, y + 4, LABEL_W, 62), valign="middle")
            text.draw(canvas, self.tr(f"settings.{key}_hint"), theme.SIZE_SMALL - 6, theme.TEXT_DIM, (LABEL_X, y + 66, LABEL_W, 48), valign="middle")
        self.draw_volume(canvas, (CONTROL_X + 150, row_y(1), 250, ROW_H), 0.0 if s.muted else s.volume)
        if "large_text" in TOGGLES:  # a sample of the text size, beside its switch
            sample = self.tr("settings.sample")
            text.draw(canvas, sample, theme.SIZE_BODY, theme.TEXT, (CONTROL_X + 440, row_y(2), 400, ROW_H), valign="middle")
        self.draw_palette_sample(canvas, (CONTROL_X + 440, row_y(4) + 14, 400, ROW_H - 28))
        self.buttons.draw(canvas, text)

    def draw_volume(self, canvas: Any, rect: tuple[int, int, int, int], volume: float) -> None:
        """A volume meter: four bars rising left to right, lit up to the volume, with the percent."""
        import pygame

        x, y, w, h = rect
        bars = 4
        for i in range(bars):
            bh = round((h - 50) * (i + 1) / bars)
            lit = volume >= (i + 1) / bars - 1e-6
            pygame.draw.rect(canvas, self.ctx.theme.ACCENT if lit else theme.PANEL_LIGHT,
                             (x + 20 + i * 54, y + h - 48 - bh, 40, bh), border_radius=6)
        label = self.tr("settings.muted") if self.ctx.settings.muted else f"{round(volume * 100)}%"
        self.ctx.text.draw(canvas, label, theme.SIZE_SMALL - 4, theme.TEXT, (x, y + h - 44, w, 40), align="center", valign="middle")

    def draw_palette_sample(self, canvas: Any, rect: tuple[int, int, int, int]) -> None:
        """Right and wrong in the current colours, each with its icon and word (never colour alone)."""
        from game.ui.widgets import draw_cross, draw_tick

        x, y, w, h = rect
        half = (w - 20) // 2
        for i, (colour, icon, key) in enumerate(((self.ctx.theme.RIGHT, draw_tick, "settings.right"), (self.ctx.theme.WRONG, draw_cross, "settings.wrong"))):
            box = (x + i * (half + 20), y, half, h)
            draw_panel(canvas, box, colour, radius=14)
            icon(canvas, (box[0] + 40, y + h // 2), 44, theme.TEXT)
            self.ctx.text.draw(canvas, self.tr(key), theme.SIZE_SMALL, theme.TEXT, (box[0] + 72, y, half - 82, h), valign="middle")
