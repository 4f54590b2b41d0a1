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

Speech (game.speech) plays on a channel of its own, reserved here, so the same volume and mute
apply to it; while it reads a text, the other sounds are ducked: the music bed and every other
channel play at DUCK (effects already playing and those started meanwhile), and are back at full
volume once the text has been read or stopped (Speech.update says which, once a frame: set_ducked).
``load_clip`` may be called from the speech worker thread: decoding is not playing.

Importing this module does not import pygame or touch the audio device.
"""

from __future__ import annotations

import pathlib
import sys
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


DUCK = 0.35  # other sounds at this share of their volume while speech plays
SPEECH_CHANNEL = 0  # reserved for speech (pygame.mixer.set_reserved)


def _halves(raw: bytes) -> bytes:
    """16-bit little-endian mono samples at twice the rate, each new sample the mean of its neighbours.

    No loop over samples in Python: the samples become lanes of one big integer (32 bits each, made
    unsigned by flipping their top bit), so "this lane plus the next, halved" is one addition, one
    shift and one mask, each a short C call that gives the GIL back between them."""
    n = len(raw) // 2
    flip = int.from_bytes(b"\x00\x80" * n, "little")
    unsigned = (int.from_bytes(raw, "little") ^ flip).to_bytes(2 * n, "little")
    lanes = bytearray(4 * n)
    lanes[0::4], lanes[1::4] = unsigned[0::2], unsigned[1::2]
    a = int.from_bytes(lanes, "little")
    b = (a >> 32) | ((a >> (32 * (n - 1))) << (32 * (n - 1)))  # the next sample (the last one: itself)
    mean = (((a + b) >> 1) & int.from_bytes(b"\xff\xff\x00\x00" * n, "little")).to_bytes(4 * n, "little")
    mid = bytearray(2 * n)
    mid[0::2], mid[1::2] = mean[0::4], mean[1::4]
    mid_signed = (int.from_bytes(mid, "little") ^ flip).to_bytes(2 * n, "little")
    out = bytearray(4 * n)
    out[0::4], out[1::4], out[2::4], out[3::4] = raw[0::2], raw[1::2], mid_signed[0::2], mid_signed[1::2]
    return bytes(out)


def mixer_pcm(path: Any, mixer: Any) -> bytes | None:
    """A 16-bit mono WAV as raw samples in the mixer's format (its rate, signed 16-bit little-endian,
    1 or 2 channels); None when the file or the mixer is of another kind (pygame decodes those)."""
    import wave
    from array import array

    if not mixer or mixer[1] not in (-16, 16) or mixer[2] not in (1, 2) or sys.byteorder != "little":
        return None
    rate, _, channels = mixer
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1 or wav.getcomptype() != "NONE":
                return None
            source_rate = wav.getframerate()
            raw = wav.readframes(wav.getnframes()) or b"\x00\x00"
    except (wave.Error, EOFError):
        return None
    if rate == 2 * source_rate:  # eSpeak NG's 22,050 Hz on a 44,100 Hz mixer: the usual case, fast
        raw = _halves(raw)
    elif rate != source_rate:  # anything else: linear interpolation sample by sample (the GIL is shared meanwhile)
        samples = array("h", raw)
        step, last = source_rate / rate, len(samples) - 1
        out = array("h", bytes(2 * max(1, round(len(samples) / step))))
        for i in range(len(out)):
            pos = i * step
            j = min(int(pos), last)
            out[i] = samples[j] + int((samples[min(j + 1, last)] - samples[j]) * (pos - j))
        raw = out.tobytes()
    if channels == 2:
        both = bytearray(2 * len(raw))
        both[0::4], both[1::4], both[2::4], both[3::4] = raw[0::2], raw[1::2], raw[0::2], raw[1::2]
        raw = bytes(both)
    return raw


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
        self._speech: Any = None  # the reserved channel, once the mixer is up
        self._ducked = False  # the other channels are at DUCK (speech is reading)

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
            self._speech = self._speech_channel()
            loaded: dict[str, Any] = {}
            for path in paths:
                sound = pygame.mixer.Sound(str(path))
                sound.set_volume(self._volume)
                loaded[path.stem] = sound
        except Exception as exc:  # noqa: BLE001 - sound must never crash the game
            _log().warning("sound disabled: %s: %s", type(exc).__name__, exc)
            self._sounds = {}
            self._speech = None
            self._quit_owned_mixer()
            return False
        self._sounds = loaded
        self._available = True
        self._play_mood()
        return True

    def _speech_channel(self) -> Any:
        """Reserve the speech channel (effects never take it); None (no speech) if the mixer refuses."""
        try:
            import pygame

            pygame.mixer.set_reserved(SPEECH_CHANNEL + 1)
            return pygame.mixer.Channel(SPEECH_CHANNEL)
        except Exception as exc:  # noqa: BLE001 - speech is optional, the effects still play
            _log().warning("no speech channel: %s", exc)
            return None

    def stop(self) -> None:
        """Forget the sounds and quit the mixer if this object initialised it. Never raises."""
        self._stop_music()
        for sound in self._sounds.values():
            try:
                sound.stop()
            except Exception:  # noqa: BLE001
                pass
        self.stop_speech()
        self._speech = None
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
            channel = sound.play()
            if channel is not None:
                channel.set_volume(DUCK if self._ducked else 1.0)  # under speech while it reads
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
        """The bed's loudness now: the volume's share, ducked under a feedback sound and while speech
        plays, 0 when muted."""
        if self._muted:
            return 0.0
        duck = 1.0
        if self._duck > DUCK_RELEASE_S:
            duck = DUCK_TO
        elif self._duck > 0:
            duck = DUCK_TO + (1.0 - DUCK_TO) * (1.0 - self._duck / DUCK_RELEASE_S)
        if self._playing and (self._ducked or self.speech_busy):  # a text being read, pauses between its parts too
            duck = min(duck, DUCK)
        return self._volume * MUSIC_SHARE * duck

    def tick(self, dt: float) -> None:
        """One fixed step: ducking wears off (and follows speech starting and stopping)."""
        if self._duck > 0:
            self._duck = max(0.0, self._duck - dt)
        self._apply_music_volume()  # sets the mixer only when the volume changed

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

    # -- speech (game.speech) ----------------------------------------------------------------
    def load_clip(self, path: Any) -> Any:
        """Decode an audio file for play_speech (any thread); None when sound is off or the file is bad.

        pygame decodes and resamples a file in one C call that holds the GIL (~10-70 ms for a long
        sentence), which would stall the frame running in the main thread; so a 16-bit mono WAV is
        converted to the mixer's format here in Python, which gives the GIL back every few ms, and
        handed over as a ready buffer. Anything else (macOS writes AIFF) goes through pygame."""
        if not self._available:
            return None
        try:
            import pygame

            pcm = mixer_pcm(path, pygame.mixer.get_init())
            return pygame.mixer.Sound(buffer=pcm) if pcm is not None else pygame.mixer.Sound(str(path))
        except Exception as exc:  # noqa: BLE001
            _log().debug("could not load speech %s: %s", path, exc)
            return None

    def play_speech(self, clip: Any) -> bool:
        """Play a decoded clip on the speech channel (instead of what it played). No-op when muted."""
        if self._muted or self._speech is None or clip is None:
            return False
        try:
            self._speech.set_volume(self._volume)
            self._speech.play(clip)
            return True
        except Exception as exc:  # noqa: BLE001
            _log().debug("could not play speech: %s", exc)
            return False

    def stop_speech(self) -> None:
        if self._speech is not None:
            try:
                self._speech.stop()
            except Exception:  # noqa: BLE001
                pass
        self.set_ducked(False)

    def set_ducked(self, on: bool) -> None:
        """Every channel but speech's at DUCK (on) or back at full volume (off); a change only."""
        on = bool(on) and self._speech is not None
        if on == self._ducked:
            return
        self._ducked = on
        try:
            import pygame

            for number in range(SPEECH_CHANNEL + 1, pygame.mixer.get_num_channels()):
                pygame.mixer.Channel(number).set_volume(DUCK if on else 1.0)
        except Exception as exc:  # noqa: BLE001 - a mixer gone away: nothing is playing to duck
            _log().debug("could not duck the other sounds: %s", exc)
        self._apply_music_volume()  # the bed too, at once

    @property
    def speech_busy(self) -> bool:
        """Speech is playing (the other sounds are ducked meanwhile)."""
        if self._speech is None:
            return False
        try:
            return bool(self._speech.get_busy())
        except Exception:  # noqa: BLE001
            return False

    @property
    def ducked(self) -> bool:
        """The other sounds play at DUCK now: speech is reading."""
        return self._ducked

    # -- state -------------------------------------------------------------------------------

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute; muting also cuts any sound that is still playing."""
        self._muted = bool(muted)
        if self._muted:
            self.stop_speech()
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
        if self._speech is not None:
            try:
                self._speech.set_volume(self._volume)
            except Exception:  # noqa: BLE001
                pass
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
