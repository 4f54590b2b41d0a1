"""Generate the game's sound effects procedurally, using only the Python standard library.

Every effect is a few soft sine-based notes (a fundamental plus quiet 2nd/3rd
harmonics) with a short attack, a bell-like exponential decay and a release
ramp to silence, so nothing clicks or buzzes. Each file is 16-bit mono PCM at
22,050 Hz, shorter than 0.6 s, normalised to a peak of about -6 dBFS. The output
is deterministic: re-running the tool rewrites byte-identical files.

Sounds written (names are what ``game.audio.Sounds.play`` takes):

* ``right``  - a bright rising two-note chime (correct answer)
* ``wrong``  - a soft, low, descending two-note tone (wrong answer; not a buzzer)
* ``tap``    - a very short soft blip (~40 ms) for buttons
* ``hit``    - a soft low thud (player hit by a hazard)
* ``catch``  - a cheerful three-note arpeggio (catching someone)
* ``finish`` - a short four-note fanfare (level finished)

Usage (from the repository root)::

    python -m game.tools.make_sounds [--out assets/sounds]

The sounds are original to this project and released under CC0 1.0.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

SAMPLE_RATE = 22050
PEAK_DBFS = -6.0
MAX_SECONDS = 0.6
FADE_IN_S = 0.003
FADE_OUT_S = 0.015

# Equal-tempered note frequencies (Hz) used below.
NOTE = {
    "C4": 261.63,
    "E4": 329.63,
    "G4": 392.00,
    "A4": 440.00,
    "C5": 523.25,
    "D5": 587.33,
    "E5": 659.25,
    "G5": 783.99,
    "A5": 880.00,
    "C6": 1046.50,
    "E6": 1318.51,
}

Buffer = list[float]


def _blank(seconds: float) -> Buffer:
    return [0.0] * int(round(seconds * SAMPLE_RATE))


def add_note(
    buf: Buffer,
    start: float,
    length: float,
    freq: float,
    *,
    end_freq: float | None = None,
    gain: float = 1.0,
    decay: float = 6.0,
    attack: float = 0.005,
    release: float = 0.03,
    harmonics: tuple[float, ...] = (1.0, 0.25, 0.08),
) -> None:
    """Mix one note into ``buf``.

    ``decay`` is the exponential decay rate (1/s); ``end_freq`` makes the pitch glide
    (exponentially) from ``freq`` to ``end_freq`` over the note; ``harmonics`` are the
    amplitudes of partials 1, 2, 3, ... The note ramps up over ``attack`` seconds and
    down to exactly zero over its last ``release`` seconds.
    """
    first = int(round(start * SAMPLE_RATE))
    count = int(round(length * SAMPLE_RATE))
    count = min(count, len(buf) - first)
    if count <= 0:
        return
    att_n = max(1, int(attack * SAMPLE_RATE))
    rel_n = max(1, min(int(release * SAMPLE_RATE), count))
    f_end = freq if end_freq is None else end_freq
    ratio = math.log(f_end / freq)
    phase = 0.0
    for i in range(count):
        t = i / SAMPLE_RATE
        f = freq * math.exp(ratio * i / count) if ratio else freq
        phase += 2.0 * math.pi * f / SAMPLE_RATE
        env = math.exp(-decay * t)
        if i < att_n:
            env *= i / att_n
        remaining = count - 1 - i
        if remaining < rel_n:
            env *= remaining / rel_n
        sample = 0.0
        for k, amp in enumerate(harmonics, start=1):
            if amp:
                sample += amp * math.sin(k * phase)
        buf[first + i] += gain * env * sample


def finish_buffer(buf: Buffer, peak_dbfs: float = PEAK_DBFS) -> array:
    """Apply the global fade-in/out, normalise to ``peak_dbfs`` and convert to 16-bit samples."""
    n = len(buf)
    fin = max(1, int(FADE_IN_S * SAMPLE_RATE))
    fout = max(1, int(FADE_OUT_S * SAMPLE_RATE))
    out = list(buf)
    for i in range(min(fin, n)):
        out[i] *= i / fin
    for i in range(min(fout, n)):
        out[n - 1 - i] *= i / fout
    peak = max((abs(x) for x in out), default=0.0)
    target = 10.0 ** (peak_dbfs / 20.0) * 32767.0
    scale = target / peak if peak > 0 else 0.0
    return array("h", (int(round(x * scale)) for x in out))


def right() -> Buffer:
    """Bright rising two-note chime: G5 then C6, the second ringing out."""
    buf = _blank(0.45)
    add_note(buf, 0.00, 0.20, NOTE["G5"], gain=0.8, decay=9.0, harmonics=(1.0, 0.3, 0.1, 0.04))
    add_note(buf, 0.09, 0.36, NOTE["C6"], gain=1.0, decay=6.5, harmonics=(1.0, 0.3, 0.1, 0.04))
    return buf


def wrong() -> Buffer:
    """Soft low descending pair: E4 then C4 sagging slightly flat. Round, no buzz."""
    buf = _blank(0.50)
    add_note(buf, 0.00, 0.22, NOTE["E4"], gain=0.9, decay=5.0, attack=0.012, harmonics=(1.0, 0.18, 0.03))
    add_note(
        buf,
        0.17,
        0.33,
        NOTE["C4"],
        end_freq=NOTE["C4"] * 0.96,
        gain=1.0,
        decay=4.5,
        attack=0.015,
        release=0.08,
        harmonics=(1.0, 0.18, 0.03),
    )
    return buf


def tap() -> Buffer:
    """A 40 ms soft blip that drops a little in pitch."""
    buf = _blank(0.04)
    add_note(buf, 0.0, 0.04, 1100.0, end_freq=750.0, decay=40.0, attack=0.002, release=0.012, harmonics=(1.0, 0.1))
    return buf


def hit() -> Buffer:
    """Soft low thud: a quick downward sine sweep 200 -> 70 Hz with a fast decay."""
    buf = _blank(0.26)
    add_note(buf, 0.0, 0.26, 200.0, end_freq=70.0, decay=14.0, attack=0.004, release=0.06, harmonics=(1.0, 0.35, 0.1))
    add_note(buf, 0.0, 0.06, 420.0, end_freq=300.0, gain=0.15, decay=50.0, attack=0.002, release=0.02, harmonics=(1.0,))
    return buf


def catch() -> Buffer:
    """Cheerful rising arpeggio C5-E5-G5."""
    buf = _blank(0.46)
    for i, name in enumerate(("C5", "E5", "G5")):
        start = 0.075 * i
        length = 0.46 - start if i == 2 else 0.22
        add_note(buf, start, length, NOTE[name], gain=0.75 + 0.1 * i, decay=8.0 - i, harmonics=(1.0, 0.3, 0.12, 0.05))
    return buf


def finish() -> Buffer:
    """Short fanfare C5-E5-G5-C6, the last note held with a gentle vibrato-free ring."""
    buf = _blank(0.58)
    notes = (("C5", 0.00), ("E5", 0.09), ("G5", 0.18), ("C6", 0.29))
    for i, (name, start) in enumerate(notes):
        last = i == len(notes) - 1
        length = 0.58 - start if last else 0.16
        add_note(
            buf,
            start,
            length,
            NOTE[name],
            gain=1.0 if last else 0.7,
            decay=3.5 if last else 9.0,
            attack=0.006,
            release=0.06 if last else 0.03,
            harmonics=(1.0, 0.45, 0.2, 0.08, 0.03),
        )
        if last:  # a soft fifth underneath makes it sound like a chord
            add_note(
                buf, start, length, NOTE["G5"], gain=0.35, decay=4.0, attack=0.006, release=0.06, harmonics=(1.0, 0.2)
            )
    return buf


SOUNDS: dict[str, Callable[[], Buffer]] = {
    "right": right,
    "wrong": wrong,
    "tap": tap,
    "hit": hit,
    "catch": catch,
    "finish": finish,
}


def write_wav(path: Path, samples: array) -> None:
    """Write 16-bit mono PCM at SAMPLE_RATE (little-endian, as WAV requires)."""
    if sys.byteorder != "little":
        samples = array("h", samples)
        samples.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(samples.tobytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m game.tools.make_sounds",
        description="Generate the game's sound effects (16-bit mono 22,050 Hz WAV).",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("assets/sounds"), help="output folder (default: assets/sounds)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        samples = finish_buffer(make())
        seconds = len(samples) / SAMPLE_RATE
        if seconds >= MAX_SECONDS + 1e-9:
            print(f"error: {name} is {seconds:.3f} s, longer than {MAX_SECONDS} s", file=sys.stderr)
            return 1
        path = args.out / f"{name}.wav"
        write_wav(path, samples)
        peak = max(abs(s) for s in samples)
        peak_db = 20 * math.log10(peak / 32767) if peak else float("-inf")
        print(f"wrote {path} ({path.stat().st_size / 1024:.1f} KB, {seconds:.3f} s, peak {peak_db:.1f} dBFS)")
    print(f"time: {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
