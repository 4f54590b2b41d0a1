"""Player settings remembered per device: language, volume, mute, large text, reduced motion, palette,
reading aloud (automatically or not, and how fast), no time limits, dyslexia-friendly Latin text.

They live in the store's `settings` table, one key each (the keys `lang` and `muted` predate this
module and keep their names), so a kiosk or classroom machine starts the way it was last left.
Values read back are checked: a hand-edited or damaged value falls back to the default instead
of breaking the game. No pygame here; game/app.py applies the settings to text, theme and sound.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

LANGS = ("zh-CN", "en")
PALETTES = ("standard", "colourblind")
TEXT_SCALE_LARGE = 1.25
READ_ALOUD = ("stage", "on", "off")  # "stage": on for primary pupils, off for the others
SPEECH_RATES = (0.7, 0.85, 1.0, 1.15, 1.3)  # the settings screen's steps; 1.0 = normal for a child

# field name -> settings-table key
KEYS = {
    "lang": "lang",
    "volume": "volume",
    "muted": "muted",
    "large_text": "large_text",
    "reduced_motion": "reduced_motion",
    "palette": "palette",
    "class_code": "class_code",
    "read_aloud": "read_aloud",
    "speech_rate": "speech_rate",
    "no_time_limits": "no_time_limits",
    "dyslexia_friendly": "dyslexia_friendly",
}


@dataclass
class Settings:
    lang: str = "zh-CN"
    volume: float = 0.75  # 0..1, applied to every sound
    muted: bool = False
    large_text: bool = False  # all text x1.25; the text helpers shrink or wrap it to fit its box
    reduced_motion: bool = False  # no shaking, no flashing, no crossfades, still backgrounds
    palette: str = "standard"  # "colourblind": the Okabe-Ito colours, right/wrong as blue/orange
    class_code: str = ""  # classroom mode: the class code this device signs students into
    read_aloud: str = "stage"  # read each new text aloud: "on", "off", or "stage" (on for primary pupils)
    speech_rate: float = 1.0  # reading speed, 0.7 (slow) to 1.3 (quick)
    no_time_limits: bool = False  # timed questions wait for the player (recorded with the attempt)
    dyslexia_friendly: bool = False  # Latin text in a more legible font with wider letter spacing

    def reads_aloud(self, stage: str | None) -> bool:
        """Whether a new text is read aloud by itself for a player of this school stage."""
        return self.read_aloud == "on" or (self.read_aloud == "stage" and stage == "primary")

    @property
    def text_scale(self) -> float:
        return TEXT_SCALE_LARGE if self.large_text else 1.0

    @classmethod
    def load(cls, store: Any) -> Settings:
        """Read every setting from the store; anything missing or malformed takes its default."""
        settings = cls()
        for f in fields(cls):
            raw = store.setting(KEYS[f.name], None)
            if raw is not None:
                setattr(settings, f.name, raw)
        settings.clean()
        return settings

    def clean(self) -> None:
        """Coerce every value into its allowed range (a damaged value never breaks the game)."""
        default = Settings()
        if self.lang not in LANGS:
            self.lang = default.lang
        try:
            self.volume = min(1.0, max(0.0, float(self.volume)))
        except (TypeError, ValueError):
            self.volume = default.volume
        try:
            self.speech_rate = min(SPEECH_RATES[-1], max(SPEECH_RATES[0], float(self.speech_rate)))
        except (TypeError, ValueError):
            self.speech_rate = default.speech_rate
        if self.read_aloud not in READ_ALOUD:
            self.read_aloud = default.read_aloud
        for name in ("muted", "large_text", "reduced_motion", "no_time_limits", "dyslexia_friendly"):
            value = getattr(self, name)
            setattr(self, name, value if isinstance(value, bool) else getattr(default, name))
        if self.palette not in PALETTES:
            self.palette = default.palette
        if not isinstance(self.class_code, str):
            self.class_code = ""

    def save(self, store: Any, *names: str) -> None:
        """Write the named settings (all when none are named); each write is committed at once."""
        for name in names or tuple(KEYS):
            store.set_setting(KEYS[name], getattr(self, name))
