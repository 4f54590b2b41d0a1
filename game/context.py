"""The services a scene may use, passed in (no globals): content, store, text, sounds, language, seed."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from game.content.loader import Content
from game.settings import Settings
from game.store import Store


@dataclass
class Context:
    content: Content
    store: Store
    text: Any  # game.ui.text.TextRenderer
    sounds: Any  # game.audio.Sounds
    lang: str = "zh-CN"
    seed: int = 0
    input: Any = None  # game.input.InputMapper, for held directions
    kiosk: bool = False
    plays: int = field(default=0)
    settings: Settings = field(default_factory=Settings)  # the player settings of this device

    def tr(self, key: str, **values: Any) -> str:
        text = self.content.text(key, self.lang)
        if values:
            try:
                return text.format(**values)
            except (KeyError, IndexError, ValueError):
                return text
        return text

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.settings.lang = lang
        self.store.set_setting("lang", lang)

    def toggle_mute(self) -> bool:
        muted = self.sounds.toggle_mute()
        self.settings.muted = muted
        self.store.set_setting("muted", muted)
        return muted

    def apply_settings(self, *changed: str) -> None:
        """Make the settings take effect (text size, colours, motion, sound) and remember the
        named ones on this device (none named: apply only, e.g. at start-up)."""
        from game.ui import theme

        s = self.settings
        s.clean()
        self.lang = s.lang
        theme.apply_palette(s.palette)
        theme.apply_motion(s.reduced_motion)
        if hasattr(self.text, "set_scale"):
            self.text.set_scale(s.text_scale)
        if hasattr(self.sounds, "set_volume"):
            self.sounds.set_volume(s.volume)
        if hasattr(self.sounds, "set_muted"):
            self.sounds.set_muted(s.muted)
        if changed:
            s.save(self.store, *changed)

    def rng(self, *salt: Any) -> random.Random:
        """A generator for one purpose, derived from the game seed: same seed, same game."""
        key = "|".join(str(s) for s in (self.seed, self.plays, *salt)).encode()
        return random.Random(zlib.crc32(key))
