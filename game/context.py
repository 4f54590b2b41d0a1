"""The services a scene may use, passed in (no globals): content, store, text, sounds, language, seed."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from game.content.loader import Content
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
        self.store.set_setting("lang", lang)

    def toggle_mute(self) -> bool:
        muted = self.sounds.toggle_mute()
        self.store.set_setting("muted", muted)
        return muted

    def rng(self, *salt: Any) -> random.Random:
        """A generator for one purpose, derived from the game seed: same seed, same game."""
        key = "|".join(str(s) for s in (self.seed, self.plays, *salt)).encode()
        return random.Random(zlib.crc32(key))
