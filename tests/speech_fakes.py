"""A speech engine for tests: it "speaks" every language with a tone as long as the text, and
keeps a list of what it rendered. No program, no voice data: what is installed here never matters."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path


class FakeEngine:
    name = "fake"

    def __init__(self, seconds_per_char: float = 0.01, langs=("zh-CN", "en"), fail: bool = False):
        self.seconds_per_char = seconds_per_char
        self.langs = tuple(langs)
        self.fail = fail
        self.rendered: list[tuple[str, str, float]] = []  # (text, lang, rate)
        self.closed = False

    def voices(self) -> dict[str, str]:
        return {lang: f"fake-{lang}" for lang in self.langs}

    def render(self, text: str, lang: str, voice: str, rate: float, out: Path) -> None:
        if self.fail:
            from game.speech.engines import SpeechError

            raise SpeechError("the fake engine was told to fail")
        self.rendered.append((text, lang, rate))
        rate_hz = 8000
        frames = max(1, round(rate_hz * self.seconds_per_char * len(text) / rate))
        samples = (round(8000 * math.sin(2 * math.pi * 440 * i / rate_hz)) for i in range(frames))
        with wave.open(str(out), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate_hz)
            wav.writeframes(b"".join(struct.pack("<h", s) for s in samples))

    def close(self, timeout: float = 2.0) -> None:
        self.closed = True

    @property
    def texts(self) -> list[str]:
        return [text for text, _, _ in self.rendered]
