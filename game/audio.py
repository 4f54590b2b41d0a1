"""Runtime sound effects: a small, fail-safe wrapper around ``pygame.mixer``.

Kiosk and classroom machines often have no sound card, a broken audio driver or
missing files, so sound is strictly optional: :class:`Sounds` never raises. If the
mixer cannot start or the sounds cannot be loaded it goes silent, logs one warning,
and every :meth:`Sounds.play` becomes a no-op.

Typical use::

    sounds = Sounds(paths.assets / "sounds", muted=settings.muted)
    sounds.start()          # after pygame.init(); returns False when silent
    sounds.play("right")
    ...
    sounds.stop()

Sound names are the WAV file stems in the folder (``right``, ``wrong``, ``tap``,
``hit``, ``catch``, ``finish``; see ``game/tools/make_sounds.py``).

Music: one looping bed per mood (``title``, ``chase``, ``quiz``, ``results``: the WAV stems in
``assets/music``, made by ``game/tools/make_music.py``), streamed by ``pygame.mixer.music``.
``music(mood)`` switches beds (cross-faded; ``""`` is silence, ``None`` keeps what plays); a
feedback sound ducks the bed for a moment (``tick(dt)``, from the App's fixed steps, lets it
back up). Volume and mute apply to both; without a device everything is silent and harmless.

Importing this module does not import pygame or touch the audio device.
"""

from __future__ import annotations

import pathlib
from typing import Any


def _log() -> Any:
    import logging  # on use: a start imports no logging before its first frame (game.app)

    return logging.getLogger(__name__)

VOLUME = 0.7
MUSIC_SHARE = 0.5  # the bed plays at this share of the effects' volume
DUCK_TO = 0.3  # under a feedback sound the bed drops to this share of its volume...
DUCK_HOLD_S, DUCK_RELEASE_S = 0.45, 0.5  # ...for this long, then comes back up over this long
DUCKING = frozenset({"right", "wrong", "hit", "catch", "finish"})
MUSIC_FADE_MS = 600


class Sounds:
    """Loads every ``*.wav`` in a folder and plays them by name; silent on any failure."""

    def __init__(self, sound_dir: pathlib.Path, muted: bool = False, music_dir: pathlib.Path | None = None) -> None:
        self._dir = pathlib.Path(sound_dir)
        self._music_dir = pathlib.Path(music_dir) if music_dir is not None else None
        self._mood = ""  # the bed wanted now ("" = none)
        self._playing = ""  # the bed actually streaming
        self._duck = 0.0  # seconds of ducking left (hold, then release)
        self._music_volume_set: float | None = None
        self._muted = bool(muted)
        self._sounds: dict[str, Any] = {}
        self._started = False
        self._available = False
        self._owns_mixer = False
        self._volume = VOLUME

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> bool:
        """Initialise the mixer (if needed) and load the sounds. Returns True if sound works.

        Never raises: on any failure (no audio device, missing folder or files, unreadable
        WAV) the object becomes silent and False is returned. Calling it again after a
        successful start is a no-op that returns True.
        """
        if self._started and self._available:
            return True
        self._started = True
        self._available = False
        self._sounds = {}
        try:
            import pygame

            if not self._dir.is_dir():
                raise FileNotFoundError(f"sound folder not found: {self._dir}")
            paths = sorted(p for p in self._dir.glob("*.wav") if p.is_file())
            if not paths:
                raise FileNotFoundError(f"no .wav files in {self._dir}")
            if not pygame.mixer.get_init():
                pygame.mixer.init()
                self._owns_mixer = True
            loaded: dict[str, Any] = {}
            for path in paths:
                sound = pygame.mixer.Sound(str(path))
                sound.set_volume(self._volume)
                loaded[path.stem] = sound
        except Exception as exc:  # noqa: BLE001 - sound must never crash the game
            _log().warning("sound disabled: %s: %s", type(exc).__name__, exc)
            self._sounds = {}
            self._quit_owned_mixer()
            return False
        self._sounds = loaded
        self._available = True
        self._play_mood()
        return True

    def stop(self) -> None:
        """Forget the sounds and quit the mixer if this object initialised it. Never raises."""
        self._stop_music()
        for sound in self._sounds.values():
            try:
                sound.stop()
            except Exception:  # noqa: BLE001
                pass
        self._sounds = {}
        self._available = False
        self._started = False
        self._quit_owned_mixer()

    def _quit_owned_mixer(self) -> None:
        if not self._owns_mixer:
            return
        self._owns_mixer = False
        try:
            import pygame

            pygame.mixer.quit()
        except Exception:  # noqa: BLE001
            pass

    # -- playing -----------------------------------------------------------------------------

    def play(self, name: str) -> None:
        """Play the sound called ``name`` (a WAV stem). No-op if muted, silent or unknown."""
        if self._muted or not self._available:
            return
        sound = self._sounds.get(name)
        if sound is None:
            return
        if name in DUCKING:
            self._duck = DUCK_HOLD_S + DUCK_RELEASE_S
            self._apply_music_volume()
        try:
            sound.play()
        except Exception as exc:  # noqa: BLE001
            _log().debug("could not play %r: %s", name, exc)

    # -- music -------------------------------------------------------------------------------

    def music(self, mood: str | None) -> None:
        """Play the bed for `mood` ("" stops it; None, or the bed already playing, changes nothing)."""
        if mood is None or mood == self._mood:
            return
        self._mood = mood
        self._play_mood()

    @property
    def mood(self) -> str:
        """The bed wanted now ("" = none), whether or not a device plays it."""
        return self._mood

    @property
    def music_volume(self) -> float:
        """The bed's loudness now: the volume's share, ducked under a feedback sound, 0 when muted."""
        if self._muted:
            return 0.0
        duck = 1.0
        if self._duck > DUCK_RELEASE_S:
            duck = DUCK_TO
        elif self._duck > 0:
            duck = DUCK_TO + (1.0 - DUCK_TO) * (1.0 - self._duck / DUCK_RELEASE_S)
        return self._volume * MUSIC_SHARE * duck

    def tick(self, dt: float) -> None:
        """One fixed step: ducking wears off."""
        if self._duck > 0:
            self._duck = max(0.0, self._duck - dt)
            self._apply_music_volume()

    def _play_mood(self) -> None:
        if not self._available or self._muted or self._music_dir is None:
            return
        if self._mood == self._playing:
            return
        try:
            import pygame

            if not self._mood:
                pygame.mixer.music.fadeout(MUSIC_FADE_MS)
            else:
                path = self._music_dir / f"{self._mood}.wav"
                if not path.is_file():
                    raise FileNotFoundError(f"no music bed {path}")
                pygame.mixer.music.load(str(path))
                volume = round(self.music_volume, 3)
                pygame.mixer.music.set_volume(volume)  # before play: a fade-in rises to the volume set
                pygame.mixer.music.play(loops=-1, fade_ms=MUSIC_FADE_MS)
                self._music_volume_set = volume
            self._playing = self._mood
        except Exception as exc:  # noqa: BLE001 - music must never crash the game
            _log().warning("music %r not played: %s: %s", self._mood, type(exc).__name__, exc)
            self._playing = self._mood  # do not retry every frame

    def _apply_music_volume(self) -> None:
        if not self._available or not self._playing:
            return
        volume = round(self.music_volume, 3)
        if volume == self._music_volume_set:
            return
        try:
            import pygame

            pygame.mixer.music.set_volume(volume)
            self._music_volume_set = volume
        except Exception:  # noqa: BLE001
            pass

    def _stop_music(self) -> None:
        if not self._playing:
            return
        self._playing = ""
        try:
            import pygame

            pygame.mixer.music.stop()
        except Exception:  # noqa: BLE001
            pass

    # -- state -------------------------------------------------------------------------------

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute; muting also cuts any sound that is still playing."""
        self._muted = bool(muted)
        if self._muted:
            for sound in self._sounds.values():
                try:
                    sound.stop()
                except Exception:  # noqa: BLE001
                    pass
            self._stop_music()
        else:
            self._play_mood()

    @property
    def volume(self) -> float:
        return self._volume

    def set_volume(self, volume: float) -> None:
        """Set the loudness of every sound, 0.0 (silent) to 1.0 (the files as recorded)."""
        self._volume = min(1.0, max(0.0, float(volume)))
        for sound in self._sounds.values():
            try:
                sound.set_volume(self._volume)
            except Exception:  # noqa: BLE001
                pass
        self._apply_music_volume()

    def toggle_mute(self) -> bool:
        """Flip the mute state and return the new one (True = muted)."""
        self.set_muted(not self._muted)
        return self._muted

    @property
    def started(self) -> bool:
        """True once :meth:`start` ran (whether or not sound works) and until :meth:`stop`."""
        return self._started

    @property
    def available(self) -> bool:
        """True once :meth:`start` succeeded and until :meth:`stop`."""
        return self._available

    @property
    def names(self) -> frozenset[str]:
        """The loaded sound names (empty when silent)."""
        return frozenset(self._sounds)
