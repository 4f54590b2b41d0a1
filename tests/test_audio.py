"""Tests for game.audio.Sounds: optional, fail-safe sound effects."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.audio import VOLUME, Sounds

ROOT = Path(__file__).resolve().parents[1]
SOUND_DIR = ROOT / "assets" / "sounds"
EXPECTED = {"right", "wrong", "tap", "hit", "catch", "finish"}


@pytest.fixture(autouse=True)
def _no_leaked_mixer():
    """Each test starts and ends with the mixer shut, so tests cannot affect each other."""
    pygame.mixer.quit()
    yield
    pygame.mixer.quit()


class FakeSound:
    def __init__(self, path: str) -> None:
        self.path = path
        self.volume = 1.0
        self.plays = 0
        self.stops = 0

    def set_volume(self, value: float) -> None:
        self.volume = value

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        self.stops += 1


class FakeMixer:
    """Stands in for pygame.mixer so the logic is tested without any audio device."""

    def __init__(self, already_initialised: bool = False) -> None:
        self.initialised = already_initialised
        self.init_calls = 0
        self.quit_calls = 0
        self.sounds: dict[str, FakeSound] = {}

    def get_init(self):
        return (22050, -16, 2) if self.initialised else None

    def init(self, *args, **kwargs) -> None:
        self.init_calls += 1
        self.initialised = True

    def quit(self) -> None:
        self.quit_calls += 1
        self.initialised = False

    def Sound(self, path: str) -> FakeSound:
        sound = FakeSound(path)
        self.sounds[Path(path).stem] = sound
        return sound


@pytest.fixture
def fake_mixer(monkeypatch) -> FakeMixer:
    fake = FakeMixer()
    monkeypatch.setattr(pygame.mixer, "get_init", fake.get_init)
    monkeypatch.setattr(pygame.mixer, "init", fake.init)
    monkeypatch.setattr(pygame.mixer, "quit", fake.quit)
    monkeypatch.setattr(pygame.mixer, "Sound", fake.Sound)
    return fake


def test_import_does_not_import_pygame():
    code = "import sys, game.audio; assert 'pygame' not in sys.modules, 'pygame imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_constructor_does_not_touch_mixer(fake_mixer):
    sounds = Sounds(SOUND_DIR)
    assert fake_mixer.init_calls == 0
    assert not sounds.available
    assert not sounds.muted


def test_real_sounds_start_or_are_silent():
    sounds = Sounds(SOUND_DIR)
    ok = sounds.start()
    try:
        assert ok == sounds.available
        if ok:
            assert pygame.mixer.get_init() is not None
            assert sounds.names >= EXPECTED
            for name in EXPECTED:
                # pygame stores volume in 1/128 steps, so 0.7 comes back as ~0.695
                assert sounds._sounds[name].get_volume() == pytest.approx(VOLUME, abs=0.01)
        else:
            assert sounds.names == frozenset()
        for name in sorted(EXPECTED) + ["no-such-sound"]:
            sounds.play(name)  # must not raise either way
    finally:
        sounds.stop()
    assert not sounds.available
    assert pygame.mixer.get_init() is None  # it owned the mixer, so it shut it


def test_start_loads_every_wav_at_volume(fake_mixer):
    sounds = Sounds(SOUND_DIR)
    assert sounds.start() is True
    assert sounds.available
    assert set(fake_mixer.sounds) == {p.stem for p in SOUND_DIR.glob("*.wav")}
    assert sounds.names >= EXPECTED
    assert all(s.volume == VOLUME for s in fake_mixer.sounds.values())
    assert fake_mixer.init_calls == 1


def test_play_plays_known_sound_and_ignores_unknown(fake_mixer):
    sounds = Sounds(SOUND_DIR)
    sounds.start()
    sounds.play("right")
    sounds.play("right")
    sounds.play("does-not-exist")
    assert fake_mixer.sounds["right"].plays == 2
    assert fake_mixer.sounds["wrong"].plays == 0


def test_muted_play_does_nothing(fake_mixer):
    sounds = Sounds(SOUND_DIR, muted=True)
    assert sounds.start()
    assert sounds.muted
    for name in EXPECTED:
        sounds.play(name)
    assert sum(s.plays for s in fake_mixer.sounds.values()) == 0


def test_toggle_mute_flips_and_controls_play(fake_mixer):
    sounds = Sounds(SOUND_DIR)
    sounds.start()
    assert sounds.toggle_mute() is True
    assert sounds.muted is True
    sounds.play("tap")
    assert fake_mixer.sounds["tap"].plays == 0
    assert fake_mixer.sounds["tap"].stops >= 1  # muting cuts sounds already playing
    assert sounds.toggle_mute() is False
    assert sounds.muted is False
    sounds.play("tap")
    assert fake_mixer.sounds["tap"].plays == 1
    sounds.set_muted(True)
    assert sounds.muted
    sounds.set_muted(False)
    assert not sounds.muted


def test_play_before_start_is_noop(fake_mixer):
    sounds = Sounds(SOUND_DIR)
    sounds.play("right")
    assert fake_mixer.init_calls == 0
    assert fake_mixer.sounds == {}


def test_stop_quits_mixer_it_initialised(fake_mixer):
    sounds = Sounds(SOUND_DIR)
    sounds.start()
    sounds.stop()
    assert fake_mixer.quit_calls == 1
    assert not sounds.available
    sounds.play("right")
    assert fake_mixer.sounds["right"].plays == 0
    sounds.stop()  # second stop is harmless
    assert fake_mixer.quit_calls == 1


def test_stop_leaves_foreign_mixer_running(fake_mixer):
    fake_mixer.initialised = True  # someone else already started the mixer
    sounds = Sounds(SOUND_DIR)
    assert sounds.start()
    assert fake_mixer.init_calls == 0
    sounds.stop()
    assert fake_mixer.quit_calls == 0


@pytest.mark.parametrize("kind", ["empty", "missing"])
def test_empty_or_missing_dir_is_silent(tmp_path, kind):
    folder = tmp_path if kind == "empty" else tmp_path / "nope"
    sounds = Sounds(folder)
    assert sounds.start() is False
    assert not sounds.available
    assert sounds.names == frozenset()
    sounds.play("right")
    sounds.toggle_mute()
    sounds.play("right")
    sounds.stop()
    assert pygame.mixer.get_init() is None


def test_mixer_init_error_is_silent(monkeypatch):
    calls = []

    def broken_init(*args, **kwargs):
        calls.append(args)
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken_init)
    sounds = Sounds(SOUND_DIR)
    assert sounds.start() is False
    assert calls, "start() should have tried pygame.mixer.init()"
    assert not sounds.available
    sounds.play("right")
    sounds.stop()


def test_corrupt_wav_is_silent(tmp_path, fake_mixer, monkeypatch):
    (tmp_path / "right.wav").write_bytes(b"not a wav file")

    def bad_sound(path):
        raise pygame.error(f"Unable to load {path}")

    monkeypatch.setattr(pygame.mixer, "Sound", bad_sound)
    sounds = Sounds(tmp_path)
    assert sounds.start() is False
    assert not sounds.available
    assert fake_mixer.quit_calls == 1  # the mixer it opened is closed again
    sounds.play("right")


def test_corrupt_wav_with_real_pygame_does_not_raise(tmp_path):
    (tmp_path / "right.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    sounds = Sounds(tmp_path)
    assert sounds.start() is False
    sounds.play("right")
    sounds.stop()
