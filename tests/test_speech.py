"""Speech: the cache, the service (worker, segments, interruptions, fallbacks), the engines' choice of
voices, the pre-render tool, and real Mandarin and English from eSpeak NG measured with `wave`."""

from __future__ import annotations

import array
import json
import math
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from game.speech.cache import SpeechCache, cache_key
from game.speech.engines import EspeakEngine, OsVoiceEngine, choose_engines, find_espeak, pick_voice, speakable
from game.speech.service import Speech
from tests.speech_fakes import FakeEngine

ROOT = Path(__file__).resolve().parents[1]
ESPEAK = find_espeak()
NEED_ESPEAK = pytest.mark.skipif(
    ESPEAK is None and not os.environ.get("JINDU_REQUIRE_ESPEAK"),
    reason="eSpeak NG is not installed: `apt-get install espeak-ng` (Debian/Ubuntu) runs these tests; .ci/run installs it",
)


class FakePlayer:
    """Stands in for game.audio.Sounds: clips are their paths; a clip 'plays' until finish() is called."""

    def __init__(self):
        self.muted = False
        self.available = True
        self.played: list[Path] = []
        self.busy = False
        self.ducked = False

    def set_ducked(self, on):
        self.ducked = on

    def load_clip(self, path):
        return Path(path)

    def play_speech(self, clip):
        self.played.append(clip)
        self.busy = True
        return True

    def stop_speech(self):
        self.busy = False

    @property
    def speech_busy(self):
        return self.busy

    def finish(self):
        self.busy = False


def pump(speech, player, until, seconds=60.0):
    """Frames until until() holds: each frame update()s and lets whatever plays end (the deadline is
    generous for a loaded machine: a pass returns as soon as the worker has done its part)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        speech.update()
        if until():
            return
        player.finish()
        time.sleep(0.002)
    raise AssertionError("speech did not get there in time")


def wav_stats(path: Path) -> tuple[float, float]:
    """(seconds, RMS level as a share of full scale) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    samples = array.array("h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
    return seconds, rms / 32768


# -- the cache ---------------------------------------------------------------------------------------
def test_cache_key_covers_engine_voice_rate_and_text(tmp_path):
    base = cache_key("espeak", "cmn", 1.0, "你好")
    assert base == cache_key("espeak", "cmn", 1.0000001, "你好")
    assert (
        len(
            {
                base,
                cache_key("os", "cmn", 1.0, "你好"),
                cache_key("espeak", "en-us", 1.0, "你好"),
                cache_key("espeak", "cmn", 0.85, "你好"),
                cache_key("espeak", "cmn", 1.0, "你好！"),
            }
        )
        == 5
    )


def test_cache_writes_whole_files_and_trims_the_least_recently_heard(tmp_path):
    cache = SpeechCache(tmp_path)
    assert cache.lookup("e", "v", 1.0, "a") is None

    def write(n):
        return lambda out: out.write_bytes(b"x" * n)

    first = cache.store("e", "v", 1.0, "a", write(100))
    second = cache.store("e", "v", 1.0, "b", write(100))
    assert cache.lookup("e", "v", 1.0, "a") == first and first.read_bytes() == b"x" * 100
    os.utime(second, (1, 1))  # b: heard long ago
    with pytest.raises(RuntimeError):  # a render that dies leaves no file under the key, nor a temporary one
        cache.store("e", "v", 1.0, "c", lambda out: (_ for _ in ()).throw(RuntimeError("boom")))
    assert cache.lookup("e", "v", 1.0, "c") is None and not list(tmp_path.glob("??/.part-*"))
    assert cache.size() == (2, 200)
    assert cache.trim(150) == 1
    assert cache.lookup("e", "v", 1.0, "b") is None and cache.lookup("e", "v", 1.0, "a") == first


# -- the service -------------------------------------------------------------------------------------
def test_segments_are_rendered_in_a_worker_cached_and_played_in_order(tmp_path):
    engine, player = FakeEngine(), FakePlayer()
    speech = Speech([engine], SpeechCache(tmp_path), player)
    try:
        assert speech.say(["第一句", "  two\nlines •  ", ""], "zh-CN", tag="question")
        assert speech.speaking and speech.current.tag == "question"
        pump(speech, player, lambda: not speech.speaking)
        assert engine.texts == ["第一句", "two lines"]  # cleaned for the voice; empty parts dropped
        assert [p.parent.parent for p in player.played] == [tmp_path, tmp_path]
        speech.say(["第一句"], "zh-CN")  # the second time: from the cache, no rendering
        pump(speech, player, lambda: not speech.speaking)
        assert engine.texts == ["第一句", "two lines"] and len(player.played) == 3
    finally:
        speech.close()
    assert engine.closed


def test_a_new_text_interrupts_and_is_read_from_its_start(tmp_path):
    engine, player = FakeEngine(), FakePlayer()
    speech = Speech([engine], SpeechCache(tmp_path), player)
    try:
        speech.say([f"old {i}" for i in range(30)], "en")
        pump(speech, player, lambda: len(player.played) >= 1)
        speech.say(["new 0", "new 1"], "en")
        assert not player.busy  # the old segment stopped at once
        pump(speech, player, lambda: not speech.speaking)
        names = [p.name for p in player.played]
        new = [SpeechCache(tmp_path).path("fake", "fake-en", 1.0, t).name for t in ("new 0", "new 1")]
        assert names[-2:] == new and names.count(new[0]) == 1  # the new text, from its first segment, once
        speech.say(["another"], "en")
        speech.stop()
        speech.say(["after"], "en")  # the worker takes jobs in order: once this has played, "another" was dealt with
        pump(speech, player, lambda: not speech.speaking)
        after = SpeechCache(tmp_path).path("fake", "fake-en", 1.0, "after").name
        assert [p.name for p in player.played][-2:] == [new[1], after]  # stopped: nothing stale played, late or not
    finally:
        speech.close()


def test_a_text_that_names_the_player_is_read_but_never_cached(tmp_path, monkeypatch):
    import tempfile

    from game.speech.cache import Private

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    engine, player, cache = FakeEngine(), FakePlayer(), SpeechCache(tmp_path / "cache")
    speech = Speech([engine], cache, player)
    try:
        speech.say([Private("小明，你完成了！"), "得分：80"], "zh-CN")
        pump(speech, player, lambda: not speech.speaking)
        assert engine.texts == ["小明，你完成了！", "得分：80"] and len(player.played) == 2  # both read aloud
        assert cache.lookup("fake", "fake-zh-CN", 1.0, "小明，你完成了！") is None  # the name is not on disk
        assert cache.files() == [cache.path("fake", "fake-zh-CN", 1.0, "得分：80")]
        assert list(scratch.iterdir()) == []  # its temporary file went at once
        speech.say([Private("小明，你完成了！")], "zh-CN")  # read again: rendered again, still not kept
        pump(speech, player, lambda: not speech.speaking)
        assert engine.texts.count("小明，你完成了！") == 2 and len(cache.files()) == 1
        assert (
            speech.render(Private("小明"), "zh-CN", 1.0) is not None and len(cache.files()) == 1
        )  # the tool's road too
    finally:
        speech.close()


def test_a_failing_engine_hands_over_to_the_next_and_none_is_silent(tmp_path):
    broken, spare, player = FakeEngine(fail=True), FakeEngine(), FakePlayer()
    speech = Speech([broken, spare], SpeechCache(tmp_path), player)
    try:
        assert speech.say("hello", "en")
        pump(speech, player, lambda: not speech.speaking)
        assert spare.texts == ["hello"] and len(player.played) == 1
    finally:
        speech.close()
    silent = Speech([], SpeechCache(tmp_path), FakePlayer())
    assert not silent.available and not silent.can_speak("zh-CN") and not silent.say("你好", "zh-CN")
    only_english = Speech([FakeEngine(langs=("en",))], SpeechCache(tmp_path), FakePlayer())
    only_english._find_voices()
    assert only_english.can_speak("en") and not only_english.can_speak("zh-CN")


def test_muted_or_no_sound_device_means_nothing_is_rendered(tmp_path):
    engine, player = FakeEngine(), FakePlayer()
    speech = Speech([engine], SpeechCache(tmp_path), player)
    try:
        player.muted = True
        assert not speech.say("静音", "zh-CN") and not speech.speaking
        player.muted, player.available = False, False
        assert not speech.say("没有声卡", "zh-CN")
        assert speech._thread is None  # no worker was even started: nothing can be rendered
        assert engine.texts == [] and speech.history[-1].segments == ("没有声卡",)
    finally:
        speech.close()


# -- engines -----------------------------------------------------------------------------------------
def test_system_voices_are_matched_to_mandarin_and_english():
    voices = [
        {"id": "tw", "name": "Microsoft Hanhan", "languages": ["zh-TW"]},
        {"id": "hk", "name": "Sin-ji", "languages": ["zh_HK"]},
        {"id": "huihui", "name": "Microsoft Huihui Desktop", "languages": ["zh-CN"]},
        {"id": "gb", "name": "Microsoft Hazel", "languages": ["en-GB"]},
        {"id": "us", "name": "Microsoft Zira", "languages": ["en-US"]},
    ]
    assert pick_voice("zh-CN", voices) == "huihui" and pick_voice("en", voices) == "us"
    assert pick_voice("zh-CN", voices[:2] + voices[3:]) is None  # Cantonese or Taiwanese is not Mandarin
    mac = [
        {"id": "com.apple.speech.synthesis.voice.ting-ting", "name": "Ting-Ting", "languages": ["zh_CN"]},
        {"id": "com.apple.speech.synthesis.voice.daniel", "name": "Daniel", "languages": ["en_GB"]},
    ]
    assert pick_voice("zh-CN", mac).endswith("ting-ting") and pick_voice("en", mac).endswith("daniel")
    espeak = [
        {
            "id": "sit/cmn-Latn-pinyin",
            "name": "Chinese_(Mandarin,_latin_as_Pinyin)",
            "languages": ["\x05cmn-latn-pinyin"],
        },
        {"id": "gmw/en-US", "name": "English_(America)", "languages": ["\x05en-us"]},
        {"id": "sit/cmn", "name": "Chinese_(Mandarin)", "languages": ["\x05cmn"]},
    ]
    assert pick_voice("zh-CN", espeak) == "sit/cmn" and pick_voice("en", espeak) == "gmw/en-US"


def test_engine_kinds():
    assert choose_engines("none") == []
    assert all(e.name == "espeak" for e in choose_engines("espeak"))
    with pytest.raises(ValueError, match="auto, espeak, os, none"):
        choose_engines("loud")
    assert speakable(" • 第一\n第二  ") == "第一 第二"


def test_the_system_voice_helper_speaks_its_protocol(tmp_path):
    """The helper process behind OsVoiceEngine, run against a stand-in pyttsx3 module (the real one is an
    optional extra): voices listed, a text rendered to the file asked for, a failure reported, not fatal."""
    fake = tmp_path / "lib" / "pyttsx3"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "import types\n"
        "class Engine:\n"
        "    def __init__(self): self.props = {}; self.todo = []\n"
        "    def getProperty(self, name):\n"
        "        return [types.SimpleNamespace(id='v-zh', name='Huihui', languages=['zh-CN']),\n"
        "                types.SimpleNamespace(id='v-en', name='Zira', languages=[b'\\x05en-us'])]\n"
        "    def setProperty(self, name, value): self.props[name] = value\n"
        "    def save_to_file(self, text, path):\n"
        "        if text == 'fail': raise RuntimeError('driver says no')\n"
        "        self.todo.append((text, path))\n"
        "    def runAndWait(self):\n"
        "        import wave\n"
        "        for text, path in self.todo:\n"
        "            with wave.open(path, 'wb') as w:\n"
        "                w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000); w.writeframes(b'\\x10\\x00' * 800)\n"
        "        self.todo = []\n"
        "        print('drivers may print; the answers stay clean')\n"
        "def init(): return Engine()\n",
        encoding="utf-8",
    )
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = str(tmp_path / "lib") + (os.pathsep + env_path if env_path else "")
    engine = OsVoiceEngine()
    try:
        import game.speech.engines as engines

        real = engines.pyttsx3_installed
        engines.pyttsx3_installed = lambda: True
        try:
            assert engine.voices() == {"zh-CN": "v-zh", "en": "v-en"}
        finally:
            engines.pyttsx3_installed = real
        out = tmp_path / "said.wav"
        engine.render("你好", "zh-CN", "v-zh", 1.0, out)
        assert wav_stats(out)[0] == pytest.approx(0.1)
        from game.speech.engines import SpeechError

        with pytest.raises(SpeechError, match="driver says no"):
            engine.render("fail", "zh-CN", "v-zh", 1.0, tmp_path / "no.wav")
        engine.render("again", "en", "v-en", 1.2, tmp_path / "again.wav")  # the helper lives on
        assert (tmp_path / "again.wav").is_file()
    finally:
        engine.close()
        os.environ["PYTHONPATH"] = env_path
        if not env_path:
            del os.environ["PYTHONPATH"]


# -- real voices -------------------------------------------------------------------------------------
@NEED_ESPEAK
def test_espeak_reads_a_chinese_and_an_english_question_aloud(tmp_path, shipped_content):
    """eSpeak NG's Mandarin (cmn) and English voices render a real question to a WAV that lasts about as
    long as the text needs and is not silence; a slower rate takes longer."""
    engine = EspeakEngine()
    voices = engine.voices()
    assert voices.get("zh-CN") == "cmn" and voices.get("en", "").startswith("en")
    question = next(q for q in shipped_content.questions.values() if q.kind == "single" and len(q.prompt.zh) >= 12)
    for lang, per_unit, units in (
        ("zh-CN", (0.12, 0.6), len(question.prompt.zh)),
        ("en", (0.2, 0.8), len(question.prompt.en.split())),
    ):
        out = tmp_path / f"{lang}.wav"
        engine.render(speakable(question.prompt.get(lang)), lang, voices[lang], 1.0, out)
        seconds, rms = wav_stats(out)
        assert per_unit[0] * units < seconds < per_unit[1] * units + 1.0, (lang, seconds, units)
        assert rms > 0.02, f"{lang}: too quiet to be speech (RMS {rms:.4f} of full scale)"
        slow = tmp_path / f"{lang}-slow.wav"
        engine.render(speakable(question.prompt.get(lang)), lang, voices[lang], 0.7, slow)
        assert wav_stats(slow)[0] > seconds * 1.2


@NEED_ESPEAK
def test_the_pre_render_tool_fills_the_cache_and_resumes(tmp_path):
    """`python -m game.tools.speech --track primary --lang zh-CN`: renders, then on a second run renders nothing."""
    command = [
        sys.executable,
        "-m",
        "game.tools.speech",
        "--content",
        str(ROOT / "content"),
        "--track",
        "primary",
        "--lang",
        "zh-CN",
        "--engine",
        "espeak",
        "--cache",
        str(tmp_path / "cache"),
    ]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert first.returncode == 0, first.stderr
    total = int(first.stdout.split("texts: ")[1].split(";")[0])
    assert f"rendered now: {total};" in first.stdout and total > 100
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert again.returncode == 0 and "rendered now: 0;" in again.stdout and f"already cached: {total};" in again.stdout


PLAYS = [
    ("primary", "zh-CN"),
    ("junior", "en"),
    pytest.param("senior", "zh-CN", marks=pytest.mark.slow),
    pytest.param("university", "en", marks=pytest.mark.slow),
    pytest.param("primary", "en", marks=pytest.mark.slow),
    pytest.param("junior", "zh-CN", marks=pytest.mark.slow),
    pytest.param("senior", "en", marks=pytest.mark.slow),
    pytest.param("university", "zh-CN", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("track_id,lang", PLAYS)  # two plays by default; every track in both languages with -m slow
def test_the_pre_render_tool_covers_what_a_play_reads(tmp_path, shipped_content, track_id, lang):
    """Every text a screen offers to speech (Scene.speaker) in a headless play of a whole track is among
    the tool's texts, or is one of the strings filled in by the play (ON_USE: the nickname, score, guess,
    skills used), which is read as filled in and never rendered ahead. No other exception."""
    from game.speech.engines import speakable
    from game.tools.speech import on_use_patterns, track_texts
    from tests.test_speech_play import play_track_collecting

    ahead = set(track_texts(shipped_content, shipped_content.tracks[track_id], lang))
    on_use = on_use_patterns(shipped_content, lang)
    heard = {speakable(t) for t in play_track_collecting(tmp_path, shipped_content, track_id, lang)} - {""}
    assert len(heard) > 50
    missing = sorted(t for t in heard if t not in ahead and not any(p.fullmatch(t) for p in on_use))
    assert not missing, missing
    assert any(p.fullmatch(t) for t in heard for p in on_use[:2])  # the results' title and score were heard


def test_the_tool_explains_a_missing_voice(tmp_path):
    command = [sys.executable, "-m", "game.tools.speech", "--track", "nope", "--cache", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and "no such track: nope" in done.stderr


def test_the_cli_takes_a_speech_engine():
    from game.cli import build_parser

    parser, _ = build_parser()
    assert parser.parse_args(["--speech", "none"]).speech == "none"
    assert parser.parse_args([]).speech == "auto"
    assert json.dumps(choose_engines("none")) == "[]"


def test_speech_clips_are_converted_for_the_mixer_in_python(tmp_path):
    """A clip is decoded off the frame: 22,050 Hz mono becomes the mixer's 44,100 Hz stereo with the mean
    between neighbours (no pygame call that would hold the GIL for tens of ms); other rates interpolate."""
    from game.audio import mixer_pcm

    path = tmp_path / "clip.wav"
    samples = [0, 100, -100, 32767, -32768, 7]
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(array.array("h", samples).tobytes())
    stereo = array.array("h", mixer_pcm(path, (44100, -16, 2)))
    assert list(stereo[0::2]) == list(stereo[1::2]) == [0, 50, 100, 0, -100, 16333, 32767, -1, -32768, -16381, 7, 7]
    assert list(array.array("h", mixer_pcm(path, (22050, -16, 1)))) == samples
    assert len(array.array("h", mixer_pcm(path, (48000, 16, 1)))) == round(6 * 48000 / 22050)
    assert mixer_pcm(path, (44100, 32, 2)) is None  # a float mixer: pygame decodes it
    (tmp_path / "not.wav").write_bytes(b"FORM0000AIFF")  # macOS writes AIFF
    assert mixer_pcm(tmp_path / "not.wav", (44100, -16, 2)) is None
