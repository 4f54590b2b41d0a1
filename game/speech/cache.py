"""Rendered speech on disk, keyed by (engine, voice, rate, text): a kiosk speaks at once after the first time.

One file per key, named by a hash of the key, in 256 sub-folders (`speech/ab/ab12....wav`) of the
per-user cache folder. A file is written under a temporary name and renamed into place, so a
reader (the game, or the pre-render tool in another process) never finds half a file, and an
interrupted pre-render leaves only whole files behind: running it again skips them.
Hits touch the file's time, and trim() drops the least recently used files past a size limit.
A Private text (one that names the player) is never stored here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

# One shipped track in both languages at one reading speed, as eSpeak NG's 22 kHz WAV, is ~250 MB (README),
# so all four fit with room for a second speed; past the limit the least recently heard texts go first.
LIMIT_BYTES = 2 * 1024**3


class Private(str):
    """A text that names the player (a minor's nickname, say "Well done, Lily!"): read aloud live, never
    written to the cache (nor rendered ahead: game.tools.speech). Speech renders it into a temporary
    file, decodes it and deletes the file at once."""

    __slots__ = ()


def cache_key(engine: str, voice: str, rate: float, text: str) -> str:
    import hashlib
    import json

    raw = json.dumps([engine, voice, round(float(rate), 2), text], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class SpeechCache:
    def __init__(self, folder: Path | str, limit_bytes: int = LIMIT_BYTES):
        self.folder = Path(folder)
        self.limit_bytes = limit_bytes

    def path(self, engine: str, voice: str, rate: float, text: str) -> Path:
        key = cache_key(engine, voice, rate, text)
        return self.folder / key[:2] / f"{key}.wav"

    def lookup(self, engine: str, voice: str, rate: float, text: str) -> Path | None:
        """The rendered file, if there is one (its time is touched: recently used)."""
        path = self.path(engine, voice, rate, text)
        try:
            os.utime(path)
        except OSError:
            return None
        return path

    def store(self, engine: str, voice: str, rate: float, text: str, render: Callable[[Path], None]) -> Path:
        """render(tmp) writes the audio to a temporary file, which then takes its place under the key."""
        path = self.path(engine, voice, rate, text)
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".part-", suffix=".wav", dir=path.parent)
        os.close(handle)
        tmp = Path(name)
        try:
            render(tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return path

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob("??/*.wav") if not p.name.startswith(".")]

    def size(self) -> tuple[int, int]:
        """(files, bytes) in the cache."""
        count = total = 0
        for path in self.files():
            try:
                total += path.stat().st_size
                count += 1
            except OSError:
                pass
        return count, total

    def trim(self, limit_bytes: int | None = None) -> int:
        """Drop the least recently used files until the cache is under the limit; returns how many went.
        Temporary files left by a render that died (an hour old) are dropped too."""
        import time

        limit = self.limit_bytes if limit_bytes is None else limit_bytes
        removed = 0
        if self.folder.is_dir():
            for stale in self.folder.glob("??/.part-*"):
                try:
                    if stale.stat().st_mtime < time.time() - 3600:
                        stale.unlink()
                except OSError:
                    pass
        entries = []
        for path in self.files():
            try:
                st = path.stat()
            except OSError:
                continue
            entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= limit:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed
