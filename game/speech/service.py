"""Speech, the service the App owns: scenes ask it to read a text; it never blocks a frame.

    speech.say(["第一题", "下面哪一种是毒品？"], "zh-CN")   # stops what was being read, starts this
    speech.update()                                        # once a frame (the App does it)
    speech.stop()                                          # leaving a screen

An utterance is a few segments (a question, then each option...). Each segment is rendered on its
own, so each is cached on its own and the first plays as soon as it is ready while the rest render.
A worker thread picks the voice, renders through the cache (game.speech.cache) and decodes the
audio into a mixer sound; the frame only starts ready sounds on the mixer's speech channel
(game.audio: volume, mute and ducking of the other sounds apply). A new say() or a stop() makes
everything older stale: the worker skips it and the frame drops it, so a new text is always read
from its start. Silent (and harmless) without an engine, a voice for the language, or a sound device.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.speech.cache import Private, SpeechCache
from game.speech.engines import LANGS, SpeechError, speakable

# queue, threading, tempfile and the engines' subprocess are imported on first use: a start of the
# game builds its Speech before the first frame, and finds its engines only after it (start()).

RATES = (0.7, 0.85, 1.0, 1.15, 1.3)  # the settings screen's steps (1.0 = normal)


def _log() -> Any:
    import logging

    return logging.getLogger("game.speech")


@dataclass(frozen=True)
class Utterance:
    segments: tuple[str, ...]
    lang: str
    tag: str = ""  # which speaker button asked (the App rings it while it reads)
    private: frozenset[int] = frozenset()  # segments that name the player (cache.Private): never cached


class Speech:
    def __init__(
        self,
        engines: Sequence[Any] | None,
        cache: SpeechCache | None = None,
        player: Any = None,
        rate: float = 1.0,
        kind: str = "auto",
    ):
        self._engines = list(engines) if engines is not None else None  # None: choose_engines(kind) on first use
        self.kind = kind
        self.cache = cache
        self.player = player  # game.audio.Sounds: load_clip (any thread), play_speech, stop_speech, speech_busy
        self.rate = rate
        self.history: deque[Utterance] = deque(maxlen=50)  # what was asked for, newest last (tests, the log)
        self.voices: dict[str, tuple[Any, str]] | None = None  # lang -> (engine, voice); None until found
        self._broken: set[tuple[int, str]] = set()  # (id(engine), lang) that failed: the next engine takes over
        self._gen = 0
        self._jobs: Any = None  # queue.Queue of (generation, utterance, rate), made by start()
        self._ready: Any = None  # queue.Queue of (generation, segment index, clip)
        self._thread: Any = None
        self._current: Utterance | None = None
        self._clips: dict[int, Any] = {}
        self._next = 0
        self._tmp: Any = None  # a tempfile.TemporaryDirectory when the cache folder cannot be used

    # -- the frame's side ------------------------------------------------------------------------
    @property
    def engines(self) -> list[Any]:
        if self._engines is None:
            from game.speech.engines import choose_engines

            self._engines = choose_engines(self.kind)
        return self._engines

    @property
    def available(self) -> bool:
        """There is (or, before start(), may be) an engine; whether it has a voice for a language: can_speak()."""
        return self.kind != "none" if self._engines is None else bool(self._engines)

    def can_speak(self, lang: str) -> bool:
        if not self.available:
            return False
        voices = self.voices
        return True if voices is None else lang in voices

    def start(self) -> None:
        """Start the worker (it looks for voices first). say() starts it too; the App starts it after
        its first frame so the voices are known before the first speaker button is drawn."""
        if self._thread is None and self.engines:
            import queue
            import threading

            self._jobs, self._ready = queue.Queue(), queue.Queue()
            self._thread = threading.Thread(target=self._work, name="speech", daemon=True)
            self._thread.start()

    def say(self, segments: Sequence[str] | str, lang: str, tag: str = "") -> bool:
        """Read these segments aloud, from the start, instead of whatever was being read.
        Returns False when nothing will be heard (no voice, muted, no sound device)."""
        if isinstance(segments, str):
            segments = (segments,)
        kept = [(text, isinstance(x, Private)) for x in segments for text in (speakable(x),) if text]
        parts = tuple(text for text, _ in kept)
        utterance = Utterance(parts, lang, tag, frozenset(i for i, (_, private) in enumerate(kept) if private))
        self.history.append(utterance)
        self.stop()
        player = self.player
        if not parts or not self.can_speak(lang) or (player is not None and (player.muted or not player.available)):
            return False
        self.start()
        self._current = utterance
        self._jobs.put((self._gen, utterance, self.rate))
        return True

    def stop(self) -> None:
        """Silence now; anything still rendering for the old text is dropped when it arrives."""
        self._gen += 1
        self._current = None
        self._clips = {}
        self._next = 0
        if self.player is not None:
            self.player.stop_speech()

    @property
    def speaking(self) -> bool:
        """Reading something (rendering its next segment or playing one)."""
        return self._current is not None

    @property
    def current(self) -> Utterance | None:
        return self._current

    def set_rate(self, rate: float) -> None:
        self.rate = max(0.5, min(2.0, float(rate)))

    def update(self) -> None:
        """Once a frame: take what the worker finished, start the next segment when the last one ended."""
        while self._ready is not None and not self._ready.empty():
            gen, index, clip = self._ready.get_nowait()  # only this thread takes from it: never empty here
            if gen == self._gen:
                self._clips[index] = clip
        current = self._current
        player = self.player
        if current is None:
            if player is not None:
                player.set_ducked(False)
            return
        if player is not None and player.muted:
            self.stop()
            return
        if player is not None and player.speech_busy:
            player.set_ducked(True)  # from its first segment to its last, pauses between them included
            return
        if self._next >= len(current.segments):
            self._current = None  # the last segment has played
            if player is not None:
                player.set_ducked(False)
            return
        if self._next in self._clips:
            clip = self._clips.pop(self._next)
            self._next += 1
            if clip is not None and player is not None and player.play_speech(clip):
                player.set_ducked(True)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the worker and the engines (the App calls this before the mixer goes); a worker still
        rendering after `timeout` seconds is left to die with the process (a daemon thread)."""
        from game.service import Deadline

        deadline = Deadline(timeout)
        self.stop()
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=deadline.left())
            self._thread = None
        for engine in self._engines or ():
            try:
                engine.close(timeout=deadline.left())
            except Exception:  # noqa: BLE001 - closing must finish
                pass
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- the worker's side -----------------------------------------------------------------------
    def _work(self) -> None:
        self._find_voices()
        if self.engines:
            try:
                self.ensure_cache().trim()
            except OSError as exc:
                _log().warning("speech cache not trimmed: %s", exc)
        while True:
            job = self._jobs.get()
            if job is None:
                return
            gen, utterance, rate = job
            for index, text in enumerate(utterance.segments):
                if gen != self._gen:
                    break  # a newer text (or a stop) came: leave this one
                try:
                    clip = self._clip(text, utterance.lang, rate, keep=index not in utterance.private)
                except Exception as exc:  # noqa: BLE001 - a voice that fails must never reach the frame
                    _log().warning("speech failed for %r: %s", text[:40], exc)
                    clip = None
                self._ready.put((gen, index, clip))

    def _find_voices(self) -> None:
        found: dict[str, tuple[Any, str]] = {}
        for engine in self.engines:
            try:
                voices = engine.voices()
            except Exception as exc:  # noqa: BLE001
                _log().warning("speech engine %s has no voices: %s", getattr(engine, "name", engine), exc)
                continue
            for lang in LANGS:
                if lang not in found and lang in voices and (id(engine), lang) not in self._broken:
                    found[lang] = (engine, voices[lang])
        self.voices = found
        _log().debug("speech voices: %s", {lang: f"{e.name}:{v}" for lang, (e, v) in found.items()} or "none")

    def render(self, text: str, lang: str, rate: float, keep: bool = True) -> Path | None:
        """The audio file for one segment (from the cache, or rendered into it); None: no voice.
        keep=False (a Private text): rendered into a temporary file the caller deletes, never the cache.
        Falls back to the next engine when one fails. Worker thread (or the pre-render tool)."""
        if isinstance(text, Private):
            keep = False
        if self.voices is None:
            self._find_voices()
        assert self.voices is not None
        while True:
            choice = self.voices.get(lang)
            if choice is None:
                return None
            engine, voice = choice
            try:
                return (
                    self._render_with(engine, voice, text, lang, rate)
                    if keep
                    else self._render_private(engine, voice, text, lang, rate)
                )
            except SpeechError as exc:
                _log().warning("speech engine %s failed (%s); trying the next one", engine.name, exc)
                self._broken.add((id(engine), lang))
                self._find_voices()

    def _render_with(self, engine: Any, voice: str, text: str, lang: str, rate: float) -> Path:
        def render(out: Path) -> None:
            engine.render(text, lang, voice, rate, out)

        cache = self.ensure_cache()
        hit = cache.lookup(engine.name, voice, rate, text)
        if hit is not None:
            return hit
        try:
            return cache.store(engine.name, voice, rate, text, render)
        except OSError as exc:  # a full or read-only cache folder: speak from a temporary folder instead
            _log().warning("speech cache unusable (%s); using a temporary folder", exc)
            cache = self.cache = self._temporary_cache()
            return cache.store(engine.name, voice, rate, text, render)

    def ensure_cache(self) -> SpeechCache:
        """The cache (default: `speech` in the per-user cache folder, found on first use)."""
        if self.cache is None:
            from game import paths

            self.cache = SpeechCache(paths.cache_dir() / "speech")
        return self.cache

    def _render_private(self, engine: Any, voice: str, text: str, lang: str, rate: float) -> Path:
        """A text that names the player: into a temporary file of its own (the caller deletes it)."""
        import os
        import tempfile

        handle, name = tempfile.mkstemp(prefix="jindu-speech-", suffix=".wav")
        os.close(handle)
        out = Path(name)
        try:
            engine.render(text, lang, voice, rate, out)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        return out

    def _temporary_cache(self) -> SpeechCache:
        import tempfile

        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="jindu-speech-")
        return SpeechCache(Path(self._tmp.name))

    def _clip(self, text: str, lang: str, rate: float, keep: bool = True) -> Any:
        path = self.render(text, lang, rate, keep)
        if path is None:
            return None
        try:
            return self.player.load_clip(path) if self.player is not None else path  # ~10 ms: here, not in a frame
        finally:
            if not keep:
                path.unlink(missing_ok=True)  # a text that names the player leaves no file behind


def build_speech(
    kind: Any = "auto", cache_folder: Path | str | None = None, player: Any = None, rate: float = 1.0
) -> Speech:
    """The game's Speech: `kind` is "auto", "espeak", "os", "none", or a list of engine objects (tests).
    The cache goes in cache_folder (default: `speech` in the per-user cache folder)."""
    if isinstance(kind, str):
        from game.speech.engines import KINDS

        if kind not in KINDS:
            raise ValueError(f"speech engine must be one of {', '.join(KINDS)}; got {kind!r}")
    engines = None if isinstance(kind, str) else list(kind)  # a kind: its engines are found by start()
    cache = SpeechCache(cache_folder) if cache_folder is not None else None  # None: the default, found on first use
    return Speech(engines, cache, player, rate, kind=kind if isinstance(kind, str) else "auto")
