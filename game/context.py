"""The services a scene may use, passed in (no globals): content, store, text, sounds, speech, language, seed.

Text and sounds are typed by what a scene calls on them (the Protocols in game/ports.py), so a test's double
or a headless variant can stand in for the real TextRenderer and Sounds."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.content.loader import Content, fill
from game.settings import Settings
from game.store import Store

if TYPE_CHECKING:  # (types only: start-up imports no more than it uses)
    from game.ports import Sounds, Text
    from game.ui.art import Art
    from game.ui.theme import Theme


def _standard_theme() -> Theme:
    from game.ui.theme import STANDARD

    return STANDARD


def _art() -> Art:
    from game.ui.art import Art

    return Art()


@dataclass
class Context:
    content: Content
    store: Store
    text: Text  # game.ui.text.TextRenderer, or a stand-in (game.ports says what it must do)
    sounds: Sounds  # game.audio.Sounds, or a stand-in
    lang: str = "zh-CN"
    seed: int = 0
    input: Any = None  # game.input.InputMapper, for held directions
    kiosk: bool = False
    plays: int = field(default=0)
    settings: Settings = field(default_factory=Settings)  # the player settings of this device
    muted_by_flag: bool = False  # started with --mute: no visitor's reset turns the sound on
    speech: Any = None  # game.speech.Speech: reads text aloud (None: a game without speech)
    stage: str | None = None  # the school stage of whoever is playing now (reading aloud follows it)
    camera: Any = None  # game.camera.pointer.CameraInput when the camera can be used (--camera, or a kiosk)
    live: Any = None  # game.classroom.live.LivePush: this device's answers pushed to the teacher's hub (None: no hub)
    sync: Any = None  # game.district.sync.BackgroundSync: a kiosk's background sync (--sync-to)
    live_allowed: bool = False  # a hub set on the Device class screen starts the push (play, not a kiosk)

    def reads_aloud(self) -> bool:
        """Whether each new text is read aloud by itself now (the setting, and the player's stage)."""
        return self.speech is not None and self.settings.reads_aloud(self.stage)

    theme: Theme = field(default_factory=lambda: _standard_theme())  # the colours in use
    art: Art = field(default_factory=lambda: _art())  # pictures by id (atlases load on use)

    def tr(self, key: str, **values: Any) -> str:
        return fill(self.content.text(key, self.lang), **values)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.settings.lang = lang
        self.remember("lang")

    def toggle_mute(self) -> bool:
        muted = self.sounds.toggle_mute()
        self.settings.muted = muted
        self.remember("muted")
        return muted

    def apply_settings(self, *changed: str) -> None:
        """Make the settings take effect (text size, colours, motion, sound) and remember the
        named ones on this device (none named: apply only, e.g. at start-up)."""
        from game.ui.theme import make_theme

        s = self.settings
        s.clean()
        self.lang = s.lang
        self.theme = make_theme(s.palette)  # less motion is read from the settings (game.ui.tween.reduced)
        if hasattr(self.text, "set_scale"):
            self.text.set_scale(s.text_scale)
        if hasattr(self.sounds, "set_volume"):
            self.sounds.set_volume(s.volume)
        if hasattr(self.sounds, "set_muted"):
            self.sounds.set_muted(s.muted)
        if hasattr(self.text, "set_latin"):
            self.text.set_latin(s.dyslexia_friendly)
        if self.speech is not None:
            self.speech.set_rate(s.speech_rate)
            if s.muted:
                self.speech.stop()
        if changed:
            self.remember(*changed)

    def remember(self, *names: str) -> None:
        """Save the named settings on this device. At a kiosk a visitor's choices (large text, mute,
        palette...) last for their visit only: the next visitor starts as the operator left it."""
        if not self.kiosk:
            self.settings.save(self.store, *names)

    def reset_visitor_settings(self, lang: str | None = None) -> None:
        """Back to the device's saved settings (a kiosk, between visitors), in `lang` if given."""
        from game.store import StoreError

        try:
            settings = Settings.load(self.store)
        except StoreError:  # the database is out (the out-of-order screen handles that): plain defaults
            settings = Settings()
        if lang in ("zh-CN", "en"):
            settings.lang = lang
        settings.muted = settings.muted or self.muted_by_flag
        settings.class_code = self.settings.class_code  # the device's, not a visitor's choice
        self.settings = settings
        self.stage = None  # the next visitor's stage is theirs to pick
        self.apply_settings()

    def rng(self, *salt: Any) -> random.Random:
        """A generator for one purpose, derived from the game seed: same seed, same game."""
        key = "|".join(str(s) for s in (self.seed, self.plays, *salt)).encode()
        return random.Random(zlib.crc32(key))


if TYPE_CHECKING:  # mypy proves here that the real objects fit the ports' Protocols (nothing runs)
    from game.audio import Sounds as AudioSounds
    from game.ports import SessionRecorder
    from game.session import Recorder
    from game.ui.text import TextRenderer

    def _real_ones_fit(
        text: TextRenderer, sounds: AudioSounds, recorder: Recorder
    ) -> tuple[Text, Sounds, SessionRecorder]:
        return text, sounds, recorder
