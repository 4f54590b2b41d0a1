"""Generate the game's music beds: one short seamless loop per mood, with the standard library only.

Each bed is four bars of a chord progression played by a soft pad, a round bass, a bell-like
arpeggio and (for the chase) a light tick: sine partials with gentle envelopes, in the same style
as the sound effects (game/tools/make_sounds.py, whose note function this reuses). A note that
rings past the loop's end wraps around to its start, so the loop has no seam. Beds are quiet
(peak -14 dBFS) so that feedback sounds and voices stay on top; the game ducks them further
under a feedback sound. Output is deterministic (byte-identical on every run).

Beds written (names are what game.audio.Sounds.music takes):

* ``title``   - warm and welcoming, C major, 100 bpm (title and attract)
* ``chase``   - driving, A minor, 132 bpm (the chase)
* ``quiz``    - calm and thoughtful, F major, 84 bpm (quizzes, scenarios, spot the disguise)
* ``results`` - bright and proud, G major, 112 bpm (results and today's top 10)

    python -m game.tools.make_music [--out assets/music]

The music is original to this project and released under CC0 1.0.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

from game.tools.make_sounds import SAMPLE_RATE, add_note, write_wav

PEAK_DBFS = -14.0
BARS = 4


# semitones above A4 (440 Hz) -> Hz
def hz(semitones: float) -> float:
    return 440.0 * 2 ** (semitones / 12)


NAMES = {"C": -9, "C#": -8, "D": -7, "D#": -6, "E": -5, "F": -4, "F#": -3, "G": -2, "G#": -1, "A": 0, "A#": 1, "B": 2}


def note(name: str, octave: int) -> float:
    return hz(NAMES[name] + 12 * (octave - 4))


@dataclass(frozen=True)
class Bed:
    bpm: int
    chords: tuple[tuple[str, ...], ...]  # one chord a bar: root first (bass), then the chord tones
    arpeggio: tuple[int, ...]  # chord-tone index per eighth note (-1: rest)
    bass: tuple[float, ...]  # beats on which the bass plays (within a bar of 4 beats)
    tick: bool = False  # light percussion on the off-beats
    pad_gain: float = 0.35
    arp_gain: float = 0.45
    arp_octave: int = 5


BEDS: dict[str, Bed] = {
    "title": Bed(
        100, (("C", "E", "G"), ("G", "B", "D"), ("A", "C", "E"), ("F", "A", "C")), (0, 1, 2, 1, 0, 2, 1, 2), (0.0, 2.0)
    ),
    "chase": Bed(
        132,
        (("A", "C", "E"), ("F", "A", "C"), ("C", "E", "G"), ("G", "B", "D")),
        (0, 2, 1, 2, 0, 2, 1, 2),
        (0.0, 0.5, 1.5, 2.0, 2.5, 3.5),
        tick=True,
        pad_gain=0.25,
        arp_gain=0.4,
    ),
    "quiz": Bed(
        84,
        (("F", "A", "C"), ("D", "F", "A"), ("A#", "D", "F"), ("C", "E", "G")),
        (0, -1, 1, -1, 2, -1, 1, -1),
        (0.0,),
        pad_gain=0.4,
        arp_gain=0.35,
    ),
    "results": Bed(
        112,
        (("G", "B", "D"), ("C", "E", "G"), ("D", "F#", "A"), ("G", "B", "D")),
        (0, 1, 2, 1, 2, 1, 0, 2),
        (0.0, 1.0, 2.0, 3.0),
        arp_octave=5,
    ),
}


def _wrapped_note(buf: list[float], start: float, length: float, freq: float, **kwargs: object) -> None:
    """add_note, with whatever rings past the end of the loop added at its start."""
    total = len(buf) / SAMPLE_RATE
    spill = start + length - total
    if spill <= 0:
        add_note(buf, start, length, freq, **kwargs)  # type: ignore[arg-type]
        return
    tail = [0.0] * int(round((start + length) * SAMPLE_RATE) + 2)
    add_note(tail, start, length, freq, **kwargs)  # type: ignore[arg-type]
    n = len(buf)
    for i, value in enumerate(tail):
        if value:
            buf[i % n] += value


def render(bed: Bed) -> list[float]:
    beat = 60.0 / bed.bpm
    bar = 4 * beat
    buf = [0.0] * int(round(BARS * bar * SAMPLE_RATE))
    for b, chord in enumerate(bed.chords[:BARS]):
        t0 = b * bar
        root, *tones = chord
        for i, name in enumerate(chord):  # the pad: the chord held through the bar, softly
            _wrapped_note(
                buf,
                t0,
                bar + 0.4,
                note(name, 4 if NAMES[name] >= NAMES[root] else 5),
                gain=bed.pad_gain * (0.9 - 0.1 * i),
                decay=0.6,
                attack=0.25,
                release=0.35,
                harmonics=(1.0, 0.12, 0.05),
            )
        for when in bed.bass:  # the bass: the root, round and low
            _wrapped_note(
                buf,
                t0 + when * beat,
                beat * 0.9,
                note(root, 2),
                gain=0.55,
                decay=3.0,
                attack=0.01,
                release=0.08,
                harmonics=(1.0, 0.4, 0.12),
            )
        for k, index in enumerate(bed.arpeggio):  # the bells: chord tones on the eighths
            if index < 0:
                continue
            name = chord[index % len(chord)]
            octave = bed.arp_octave + (1 if NAMES[name] < NAMES[root] else 0)
            _wrapped_note(
                buf,
                t0 + k * beat / 2,
                beat * 1.2,
                note(name, octave),
                gain=bed.arp_gain,
                decay=5.0,
                attack=0.004,
                release=0.1,
                harmonics=(1.0, 0.3, 0.08, 0.03),
            )
        if bed.tick:  # a soft high tick on the off-beats
            for k in range(4):
                _wrapped_note(
                    buf,
                    t0 + (k + 0.5) * beat,
                    0.05,
                    5200.0,
                    gain=0.07,
                    decay=60.0,
                    attack=0.001,
                    release=0.02,
                    harmonics=(1.0,),
                )
    return buf


def to_samples(buf: list[float], peak_dbfs: float = PEAK_DBFS) -> array:
    peak = max((abs(x) for x in buf), default=0.0)
    scale = 10.0 ** (peak_dbfs / 20.0) * 32767.0 / peak if peak else 0.0
    return array("h", (int(round(x * scale)) for x in buf))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m game.tools.make_music",
        description="Generate the game's music beds (16-bit mono 22,050 Hz WAV loops).",
    )
    parser.add_argument("--out", type=Path, default=Path("assets/music"), help="output folder (default: assets/music)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, bed in BEDS.items():
        samples = to_samples(render(bed))
        path = args.out / f"{name}.wav"
        write_wav(path, samples)
        peak = max(abs(s) for s in samples)
        print(
            f"wrote {path} ({path.stat().st_size / 1024:.0f} KB, {len(samples) / SAMPLE_RATE:.2f} s, "
            f"peak {20 * math.log10(peak / 32767):.1f} dBFS)"
        )
    print(f"time: {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
