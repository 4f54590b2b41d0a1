"""Music beds: the generated loops, the Sounds service that plays them (moods, ducking, volume,
mute, no device), and the App choosing the bed of the screen on top."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import sys
import wave
from array import array

import pygame
import pytest

from game import paths
from game.audio import DUCK_HOLD_S, DUCK_RELEASE_S, DUCK_TO, MUSIC_SHARE, Sounds
from game.tools.make_music import BEDS

MOODS = sorted(BEDS)


@pytest.fixture(autouse=True)
def _no_leaked_mixer():
    pygame.mixer.quit()
    yield
    pygame.mixer.quit()


def samples_of(path) -> tuple[array, int]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        data = array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder != "little":
        data.byteswap()
    return data, 22050


@pytest.mark.parametrize("mood", MOODS)
def test_each_bed_is_a_quiet_seamless_loop(mood):
    samples, rate = samples_of(paths.MUSIC / f"{mood}.wav")
    assert 6 <= len(samples) / rate <= 16
    peak = max(abs(s) for s in samples)
    assert 32767 * 0.1 < peak <= 32767 * 0.21, "beds peak near -14 dBFS, under the effects (-6 dBFS)"
    # the end runs into the start: the jump across the seam is no bigger than a step inside the loop
    steps = sorted(abs(samples[i + 1] - samples[i]) for i in range(0, len(samples) - 1, 7))
    assert abs(samples[0] - samples[-1]) <= steps[int(len(steps) * 0.999)]


def test_the_beds_are_listed_as_licensed():
    text = (paths.ASSETS / "LICENSES.md").read_text(encoding="utf-8")
    for mood in MOODS:
        assert f"music/{mood}.wav" in text


class FakeMusic:
    def __init__(self):
        self.loaded, self.plays, self.volume, self.stopped, self.faded = None, [], 1.0, 0, 0

    def load(self, path):
        self.loaded = path

    def play(self, loops=0, fade_ms=0):
        self.plays.append((os.path.basename(self.loaded), loops))

    def set_volume(self, value):
        self.volume = value

    def stop(self):
        self.stopped += 1

    def fadeout(self, ms):
        self.faded += 1


@pytest.fixture
def music(monkeypatch):
    """Sounds started on the real (dummy-driver) mixer, with pygame.mixer.music replaced by a recorder."""
    fake = FakeMusic()
    pygame.mixer.init()
    monkeypatch.setattr(pygame.mixer, "music", fake)
    sounds = Sounds(paths.SOUNDS, music_dir=paths.MUSIC)
    assert sounds.start()
    yield sounds, fake
    sounds.stop()


def test_a_mood_plays_its_bed_in_a_loop_once(music):
    sounds, fake = music
    sounds.music("title")
    sounds.music("title")
    sounds.music(None)  # a screen without a mood keeps the bed
    assert fake.plays == [("title.wav", -1)]
    sounds.music("chase")
    assert fake.plays[-1] == ("chase.wav", -1) and sounds.mood == "chase"
    sounds.music("")  # silence: the bed fades out
    assert fake.faded == 1


def test_volume_and_mute_apply_to_the_bed(music):
    sounds, fake = music
    sounds.music("quiz")
    sounds.set_volume(0.5)
    assert fake.volume == pytest.approx(0.5 * MUSIC_SHARE, abs=1e-3)
    sounds.set_muted(True)
    assert fake.stopped == 1 and sounds.music_volume == 0
    sounds.music("results")  # wanted while muted: remembered, not played
    assert fake.plays[-1][0] == "quiz.wav"
    sounds.set_muted(False)
    assert fake.plays[-1] == ("results.wav", -1)


def test_a_feedback_sound_ducks_the_bed_then_it_comes_back(music):
    sounds, fake = music
    sounds.music("quiz")
    full = sounds.music_volume
    sounds.play("tap")  # a tap does not duck
    assert sounds.music_volume == full
    sounds.play("right")
    assert sounds.music_volume == pytest.approx(full * DUCK_TO) and fake.volume == pytest.approx(
        full * DUCK_TO, abs=1e-3
    )
    steps = round((DUCK_HOLD_S + DUCK_RELEASE_S) * 60) + 1
    levels = []
    for _ in range(steps):
        sounds.tick(1 / 60)
        levels.append(sounds.music_volume)
    assert levels == sorted(levels) and levels[-1] == pytest.approx(full)
    assert fake.volume == pytest.approx(full, abs=1e-3)


def test_without_an_audio_device_music_is_silent_and_harmless(monkeypatch):
    def no_device():
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "init", no_device)
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    sounds = Sounds(paths.SOUNDS, music_dir=paths.MUSIC)
    assert sounds.start() is False
    sounds.music("chase")
    sounds.play("hit")
    sounds.tick(0.5)
    sounds.set_volume(0.2)
    assert sounds.mood == "chase"
    sounds.stop()


def test_a_missing_bed_is_silent(tmp_path, music):
    sounds, fake = music
    sounds._music_dir = tmp_path
    sounds.music("title")
    assert fake.plays == []


def test_the_app_plays_the_bed_of_the_screen_on_top(make_pilot):
    from game.scene import Home, Push
    from game.scenes.teacher import TeacherScene
    from tests.test_chase_play import open_chase

    pilot = make_pilot(lang="en")
    sounds = pilot.app.ctx.sounds
    assert sounds.mood == "title"
    open_chase(pilot)
    assert sounds.mood == "chase"
    pilot.app.apply(Home())
    pilot.frame()
    assert sounds.mood == "title"
    pilot.app.apply(Push(TeacherScene(pilot.app.ctx)))
    pilot.frame()
    assert sounds.mood == ""  # no music while a teacher reads
