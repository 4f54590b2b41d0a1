"""Settings, on two pages: screen and sound (language, volume and mute, large text, reduced motion,
colour-blind-safe colours), then reading and time (read aloud by itself, reading speed with a
sample to listen to, dyslexia-friendly letters for English, no time limits).

Every change takes effect at once (the screen redraws in the new size, colours, letters or
language) and is remembered on this device; at a kiosk, for this visit only. Touch, mouse,
arrows + Enter and gamepad all work; Esc or the Back button leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.actions import Action, InputEvent
from game.scene import Pop, Scene, Transition
from game.settings import READ_ALOUD, SPEECH_RATES
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    from game.context import Context

LABEL_X, LABEL_W = 120, 760
CONTROL_X = 920
ROW_Y0, ROW_H, ROW_GAP = 196, 118, 20
TOGGLES = ("large_text", "reduced_motion", "palette")
PAGES = {
    "look": ("language", "volume", *TOGGLES),
    "read": ("read_aloud", "speech_rate", "dyslexia_friendly", "no_time_limits"),
}
VOLUME_STEP = 0.25
TABS = (("look", (520, 112, 430, 72)), ("read", (970, 112, 430, 72)))


def row_y(index: int) -> int:
    return ROW_Y0 + index * (ROW_H + ROW_GAP)


class SettingsScene(Scene):
    name = "settings"

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.page = "look"

    # -- layout --------------------------------------------------------------------------------
    def layout(self) -> None:
        buttons = self._look() if self.page == "look" else self._read()
        for page, rect in TABS:
            buttons.append(
                Button(
                    f"page-{page}",
                    rect,
                    self.tr(f"settings.page_{page}"),
                    size=theme.SIZE_SMALL,
                    selected=page == self.page,
                    style="normal",
                )
            )
        buttons.append(Button("back", (60, 950, 320, 100), self.tr("common.back"), style="quiet"))
        buttons.append(Button("done", (1500, 950, 360, 100), self.tr("settings.done"), style="primary"))
        self.buttons.buttons = buttons

    def _look(self) -> list[Button]:
        s = self.ctx.settings
        h = ROW_H
        buttons = [
            Button("lang-zh-CN", (CONTROL_X, row_y(0), 400, h), "中文", selected=s.lang == "zh-CN"),
            Button("lang-en", (CONTROL_X + 440, row_y(0), 400, h), "English", selected=s.lang == "en"),
            Button(
                "quieter", (CONTROL_X, row_y(1), 130, h), self.tr("settings.quieter"), size=60, enabled=s.volume > 0
            ),
            Button(
                "louder", (CONTROL_X + 420, row_y(1), 130, h), self.tr("settings.louder"), size=60, enabled=s.volume < 1
            ),
            Button("mute", (CONTROL_X + 590, row_y(1), 250, h), self.tr("settings.mute"), selected=s.muted),
        ]
        for i, name in enumerate(TOGGLES, start=2):
            buttons.append(self._toggle(name, i))
        return buttons

    def _read(self) -> list[Button]:
        s = self.ctx.settings
        h = ROW_H
        buttons = []
        for i, choice in enumerate(READ_ALOUD):
            label = self.tr("settings.read_stage" if choice == "stage" else f"settings.{choice}")
            buttons.append(
                Button(
                    f"read-{choice}",
                    (CONTROL_X + i * 290, row_y(0), 260, h),
                    label,
                    size=theme.SIZE_SMALL + 4,
                    selected=s.read_aloud == choice,
                )
            )
        buttons.append(
            Button(
                "slower",
                (CONTROL_X, row_y(1), 130, h),
                self.tr("settings.slower"),
                size=60,
                enabled=s.speech_rate > SPEECH_RATES[0] + 1e-6,
            )
        )
        buttons.append(
            Button(
                "faster",
                (CONTROL_X + 420, row_y(1), 130, h),
                self.tr("settings.faster"),
                size=60,
                enabled=s.speech_rate < SPEECH_RATES[-1] - 1e-6,
            )
        )
        self.speaker("sample", self.tr("settings.speech_sample"), (CONTROL_X + 600, row_y(1) + (ROW_H - 84) // 2))
        buttons.append(self._toggle("dyslexia_friendly", 2))
        buttons.append(self._toggle("no_time_limits", 3))
        return buttons

    def _toggle(self, name: str, row: int) -> Button:
        on = self.is_on(name)
        return Button(
            f"toggle-{name}",
            (CONTROL_X, row_y(row), 400, ROW_H),
            self.tr("settings.on" if on else "settings.off"),
            selected=on,
        )

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
        if chosen in ("back", "done"):
            self.ctx.sounds.play("tap")
            return Pop()
        self._change(chosen)
        self.ctx.sounds.play("tap")  # after the change, so the new volume is heard
        self.relayout()
        if chosen.startswith("page-") and self.buttons.focus is not None:  # keys stay on the tab they chose
            self.buttons.focus = next(i for i, b in enumerate(self.buttons.buttons) if b.id == chosen)
        if chosen in ("slower", "faster"):  # hear the new speed at once
            self._say_sample()
        return None

    def _change(self, chosen: str) -> None:
        """What the button `chosen` changes: the page shown, or a setting (applied at once)."""
        s = self.ctx.settings
        if chosen.startswith("page-"):
            self.page = chosen[len("page-") :]
        elif chosen.startswith("lang-"):
            s.lang = chosen[5:]
            self.ctx.apply_settings("lang")
        elif chosen in ("quieter", "louder"):
            self._change_volume(louder=chosen == "louder")
        elif chosen == "mute":
            s.muted = not s.muted
            self.ctx.apply_settings("muted")
        elif chosen.startswith("read-"):
            s.read_aloud = chosen[len("read-") :]
            self.ctx.apply_settings("read_aloud")
        elif chosen in ("slower", "faster"):
            self._change_speech_rate(faster=chosen == "faster")
        elif chosen.startswith("toggle-"):
            self._flip(chosen[len("toggle-") :])

    def _change_volume(self, louder: bool) -> None:
        """One volume step up or down (on the steps' grid, within 0..1); louder also unmutes."""
        s = self.ctx.settings
        step = VOLUME_STEP if louder else -VOLUME_STEP
        s.volume = round(min(1.0, max(0.0, s.volume + step)) / VOLUME_STEP) * VOLUME_STEP
        if louder:
            s.muted = False
        self.ctx.apply_settings("volume", "muted")

    def _change_speech_rate(self, faster: bool) -> None:
        """The next reading speed of SPEECH_RATES up or down, if there is one."""
        s = self.ctx.settings
        steps = [r for r in SPEECH_RATES if (r > s.speech_rate + 1e-6 if faster else r < s.speech_rate - 1e-6)]
        if steps:
            s.speech_rate = steps[0] if faster else steps[-1]
            self.ctx.apply_settings("speech_rate")

    def _flip(self, name: str) -> None:
        """An on/off setting turned over (the palette: standard or colour-blind-safe)."""
        s = self.ctx.settings
        if name == "palette":
            s.palette = "standard" if s.palette == "colourblind" else "colourblind"
        else:
            setattr(s, name, not getattr(s, name))
        self.ctx.apply_settings(name)

    def _say_sample(self) -> None:
        """Read the speed sample aloud, when there is speech."""
        sample = next((r for r in self.readables if r.tag == "sample"), None)
        speech = getattr(self.ctx, "speech", None)
        if sample is not None and speech is not None:
            speech.say(sample.segments, self.ctx.lang, sample.tag)

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas,
            self.tr("settings.title"),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (160, 24, 1600, 84),
            align="center",
            valign="middle",
        )
        text.draw(
            canvas,
            self.tr("settings.hint"),
            theme.SIZE_SMALL - 6,
            theme.TEXT_DIM,
            (420, 960, 1060, 80),
            align="center",
            valign="middle",
            shrink=True,
        )
        for i, key in enumerate(PAGES[self.page]):
            y = row_y(i)
            draw_panel(canvas, (LABEL_X - 20, y - 6, 1740, ROW_H + 12), theme.PANEL)
            text.draw(
                canvas,
                self.tr(f"settings.{key}"),
                theme.SIZE_BODY,
                theme.TEXT,
                (LABEL_X, y + 4, LABEL_W, 62),
                valign="middle",
                shrink=True,
            )
            text.draw(
                canvas,
                self.row_hint(key),
                theme.SIZE_SMALL - 6,
                theme.TEXT_DIM,
                (LABEL_X, y + 66, LABEL_W, 48),
                valign="middle",
                shrink=True,
            )
        if self.page == "look":
            self.draw_look(canvas)
        else:
            self.draw_read(canvas)
        self.buttons.draw(canvas, text)

    def row_hint(self, key: str) -> str:
        speech = getattr(self.ctx, "speech", None)
        if key in ("read_aloud", "speech_rate") and (speech is None or not speech.can_speak(self.ctx.lang)):
            return self.tr("settings.read_aloud_none")
        return self.tr(f"settings.{key}_hint")

    def draw_look(self, canvas: pygame.Surface) -> None:
        s = self.ctx.settings
        self.draw_volume(canvas, (CONTROL_X + 150, row_y(1), 250, ROW_H), 0.0 if s.muted else s.volume)
        sample = self.tr("settings.sample")  # a sample of the text size, beside its switch
        self.ctx.text.draw(
            canvas, sample, theme.SIZE_BODY, theme.TEXT, (CONTROL_X + 440, row_y(2), 400, ROW_H), valign="middle"
        )
        self.draw_palette_sample(canvas, (CONTROL_X + 440, row_y(4) + 14, 400, ROW_H - 28))

    def draw_read(self, canvas: pygame.Surface) -> None:
        rate = self.ctx.settings.speech_rate
        word = "settings.rate_slow" if rate < 0.95 else "settings.rate_quick" if rate > 1.05 else "settings.rate_normal"
        self.draw_meter(
            canvas,
            (CONTROL_X + 150, row_y(1), 250, ROW_H),
            SPEECH_RATES.index(min(SPEECH_RATES, key=lambda r: abs(r - rate))) + 1,
            len(SPEECH_RATES),
            self.tr(word),
        )
        sample = self.tr("settings.dyslexia_sample")  # Latin letters, to see the difference the switch makes
        self.ctx.text.draw(
            canvas,
            sample,
            theme.SIZE_BODY,
            theme.TEXT,
            (CONTROL_X + 440, row_y(2), 400, ROW_H),
            valign="middle",
            shrink=True,
        )

    def draw_volume(self, canvas: pygame.Surface, rect: tuple[int, int, int, int], volume: float) -> None:
        """A volume meter: four bars rising left to right, lit up to the volume, with the percent."""
        label = self.tr("settings.muted") if self.ctx.settings.muted else f"{round(volume * 100)}%"
        self.draw_meter(canvas, rect, round(volume * 4), 4, label)

    def draw_meter(
        self, canvas: pygame.Surface, rect: tuple[int, int, int, int], lit: int, bars: int, label: str
    ) -> None:
        """Bars rising left to right, `lit` of them lit, with a label under them."""
        x, y, w, h = rect
        bar_w = (w - 40) // bars
        for i in range(bars):
            bh = round((h - 50) * (i + 1) / bars)
            pygame.draw.rect(
                canvas,
                self.ctx.theme.ACCENT if i < lit else theme.PANEL_LIGHT,
                (x + 20 + i * bar_w, y + h - 48 - bh, bar_w - 14, bh),
                border_radius=6,
            )
        self.ctx.text.draw(
            canvas, label, theme.SIZE_SMALL - 4, theme.TEXT, (x, y + h - 44, w, 40), align="center", valign="middle"
        )

    def draw_palette_sample(self, canvas: pygame.Surface, rect: tuple[int, int, int, int]) -> None:
        """Right and wrong in the current colours, each with its icon and word (never colour alone)."""
        from game.ui.widgets import draw_cross, draw_tick

        x, y, w, h = rect
        half = (w - 20) // 2
        for i, (colour, icon, key) in enumerate(
            ((self.ctx.theme.RIGHT, draw_tick, "settings.right"), (self.ctx.theme.WRONG, draw_cross, "settings.wrong"))
        ):
            box = (x + i * (half + 20), y, half, h)
            draw_panel(canvas, box, colour, radius=14)
            icon(canvas, (box[0] + 40, y + h // 2), 44, theme.TEXT)
            self.ctx.text.draw(
                canvas, self.tr(key), theme.SIZE_SMALL, theme.TEXT, (box[0] + 72, y, half - 82, h), valign="middle"
            )
