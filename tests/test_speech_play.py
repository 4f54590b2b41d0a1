"""Reading aloud in the real App, driven by the Pilot with a fake voice (tests/speech_fakes.py): every
screen with content text offers it to speech, primary pupils hear each new text by itself, leaving
a screen or muting stops it, the attract loop stays silent; and the "no time limits" accommodation
removes the timer and is recorded for the teacher's report."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.actions import Action
from tests.speech_fakes import FakeEngine
from tests.test_playthrough import play_levels, sign_in

CONTENT_SCENES = {"runner", "quiz", "scenario", "spot", "results"}


def speaking_pilot(make_pilot, lang="zh-CN", engine=None, **options):
    engine = engine or FakeEngine()
    pilot = make_pilot(lang=lang, speech=[engine], muted=False, **options)
    pilot.frame(2)  # sounds and speech start after the first frame
    pilot.wait_for(lambda: pilot.app.ctx.speech.voices is not None, what="voices found")
    assert pilot.app.ctx.sounds.available, "the dummy audio driver gives a mixer"
    return pilot, engine


def start_track(pilot, age, track=None):
    sign_in(pilot, age=age)
    pilot.tap(f"track-{track or age}")
    assert pilot.scene.name == "runner"


def watch(app, check):
    """After every frame: check(scene name, phase, stage, readables, speaker button ids, scene) on the top scene."""
    from contextlib import contextmanager

    from game.scene import AppHook

    class Watcher(AppHook):
        @contextmanager
        def around_frame(self, app):
            yield
            scene = app.scene
            phase = getattr(getattr(scene, "logic", None), "phase", "")
            stage = getattr(scene, "stage", "")
            check(
                scene.name,
                phase,
                stage,
                list(scene.readables),
                [b.id for b in scene.widgets() if b.id.startswith("speak-")],
                scene,
            )

    app.add_hook(Watcher())


def texts(readables) -> set[str]:
    return {part for r in readables for part in r.segments}


def play_track_collecting(tmp_path: Path, content, track_id: str, lang: str = "zh-CN") -> set[str]:
    """Play a whole track by touch (used by test_speech too); every text its screens offered to speech."""
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    app = build_app(
        AppConfig(
            db=tmp_path / "collect.sqlite3",
            lang=lang,
            window=(960, 540),
            seed=3,
            muted=True,
            speech=[FakeEngine()],
            speech_cache=tmp_path / "speech",
        ),
        content=content,
    )
    try:
        pilot = Pilot(app)
        pilot.frame(2)
        heard: set[str] = set()
        watch(app, lambda *seen: heard.update(texts(seen[3])))
        start_track(pilot, content.tracks[track_id].age_group, track_id)
        play_levels(pilot, lambda i: i % 2 == 0)
        return heard
    finally:
        app.close()


def quiz_asking_said(scene, said, lang, content):
    item = scene.logic.item
    assert item.question.prompt.get(lang) in said
    assert all(b.label in said for b in scene.widgets() if b.id.startswith("option-"))


def quiz_feedback_said(scene, said, lang, content):
    quiz_asking_said(scene, said, lang, content)
    assert scene.logic.item.question.explanation.get(lang) in said


def scenario_talk_said(scene, said, lang, content):
    assert scene.logic.node.text.get(lang) in said and all(c.text.get(lang) in said for c in scene.logic.choices)


def scenario_ending_said(scene, said, lang, content):
    assert scene.logic.node.ending.feedback.get(lang) in said


def spot_looking_said(scene, said, lang, content):
    assert scene.level.prompt.get(lang) in said and all(i.label.get(lang) in said for i in scene.level.items)


def spot_feedback_said(scene, said, lang, content):
    assert scene.level.lesson.get(lang) in said


def chase_card_said(scene, said, lang, content):
    drug = content.drugs[scene.logic.card_drug]
    assert any(h.get(lang) in said for h in drug.harms) and any(x.get(lang) in said for x in drug.looks)


def runner_said(scene, said, lang, content):
    assert scene.level.title.get(lang) in said


def results_said(scene, said, lang, content):
    assert all(x.get(lang) in said for x in scene.learned)


ANY_PHASE = "*"
# (scene, phase) -> what that screen must offer to speech, besides the checks every content screen has
SAID_ON = {
    ("quiz", "asking"): quiz_asking_said,
    ("quiz", "feedback"): quiz_feedback_said,
    ("scenario", "talk"): scenario_talk_said,
    ("scenario", "ending"): scenario_ending_said,
    ("spot", "looking"): spot_looking_said,
    ("spot", "feedback"): spot_feedback_said,
    ("chase", "card"): chase_card_said,
    ("runner", ANY_PHASE): runner_said,
    ("results", ANY_PHASE): results_said,
}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_screen_with_content_text_offers_it_to_speech(make_pilot, shipped_content, lang):
    pilot, engine = speaking_pilot(make_pilot, lang=lang)
    states = set()

    def check(name, phase, stage, readables, speakers, scene):
        """Each frame, as it is on screen: the texts shown are offered to speech."""
        if name not in CONTENT_SCENES and not (name == "chase" and (phase == "card" or stage == "summary")):
            return
        states.add((name, phase if name != "chase" else "card" if phase == "card" else "summary"))
        assert readables, f"{name} {phase} {stage}: nothing offered to speech"
        assert speakers == [f"speak-{r.tag}" for r in readables if r.at is not None], (name, phase, speakers)
        assert sum(r.main for r in readables) == 1, f"{name} {phase}: one main text, read by itself"
        said = texts(readables)
        said_on = SAID_ON.get((name, phase)) or SAID_ON.get((name, ANY_PHASE))
        if said_on:
            said_on(scene, said, lang, pilot.app.ctx.content)

    watch(pilot.app, check)
    start_track(pilot, "junior")
    play_levels(pilot, lambda i: i % 2 == 0)
    assert pilot.scene.name == "results"
    pilot.frame()
    for wanted in (
        ("runner", ""),
        ("quiz", "asking"),
        ("quiz", "feedback"),
        ("scenario", "talk"),
        ("scenario", "ending"),
        ("spot", "looking"),
        ("spot", "feedback"),
        ("chase", "summary"),
        ("results", ""),
    ):
        assert wanted in states, f"never saw {wanted}"
    # the results' speaker reads what it shows when tapped
    scene = pilot.scene
    pilot.tap("speak-learned")
    assert pilot.app.ctx.speech.history[-1].segments[1:] == tuple(x.get(lang) for x in scene.learned)
    pilot.wait_for(lambda: scene.learned[0].get(lang) in engine.texts, what="the learned text rendered")


def test_the_players_nickname_is_read_aloud_but_never_kept_on_disk(make_pilot, tmp_path, monkeypatch):
    """The results' title names the player: it is spoken, from a temporary file deleted at once; the
    speech cache holds every other text it read, and nothing with the nickname."""
    import tempfile

    from game.speech.cache import SpeechCache

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    pilot, engine = speaking_pilot(make_pilot)
    sign_in(pilot, nickname="LILY9", age="primary")
    pilot.tap("track-primary")
    play_levels(pilot, lambda i: True)
    assert pilot.scene.name == "results"
    pilot.tap("speak-score")
    pilot.wait_for(lambda: any("LILY9" in t for t in engine.texts), what="the title read")
    pilot.wait_for(lambda: not pilot.app.ctx.speech.speaking, what="the score read")
    cache = SpeechCache(tmp_path / "speech")
    named = [t for t in engine.texts if "LILY9" in t]
    assert named and all(not cache.path("fake", "fake-zh-CN", 1.0, t).exists() for t in named)
    kept = {cache.path("fake", "fake-zh-CN", 1.0, t) for t in engine.texts if "LILY9" not in t}
    assert set(cache.files()) == kept  # every other text it read is in the cache, and nothing else
    assert [p for p in scratch.rglob("*") if p.is_file()] == []


def test_a_fact_card_is_offered_and_waits_while_read_aloud(make_pilot, shipped_content):
    from game.scene import Push
    from game.session import Player, Recorder

    pilot, engine = speaking_pilot(make_pilot)
    ctx = pilot.app.ctx
    ctx.settings.read_aloud = "on"
    level = next(level for level in shipped_content.levels.values() if level.type == "chase")
    player = Player(ctx.store.add_player("CARD", "", "junior"), "CARD", "", "junior")
    recorder = Recorder(ctx.store, player, "t", ctx.lang, shipped_content.version)
    recorder.begin_level(level.id, "chase")
    from game.levels.chase.scene import ChaseScene

    scene = ChaseScene(ctx, level, recorder, ctx.rng("card"))
    pilot.app.apply(Push(scene))
    drug = scene.logic.drugs[0]
    scene.logic.hit.append(drug)
    scene.logic.phase, scene.logic.card_drug = "card", drug
    scene.relayout()
    pilot.frame(2)
    assert pilot.has_button("speak-card") and ctx.speech.history[-1].tag == "card"
    assert ctx.speech.history[-1].segments == scene.card_lines(drug)
    pilot.advance(10)  # (every card waits for a tap now, read aloud or not)
    assert scene.logic.phase == "card", "a card being read aloud does not close by itself"
    pilot.tap("card-ok")
    assert scene.logic.phase == "play"


def test_primary_pupils_hear_each_new_text_by_itself(make_pilot):
    pilot, engine = speaking_pilot(make_pilot)
    speech = pilot.app.ctx.speech
    start_track(pilot, "primary")
    intro = pilot.scene.reading()
    assert speech.history[-1].segments == intro.segments and speech.speaking
    pilot.wait_for(lambda: intro.segments[0] in engine.texts, what="the card rendered")
    pilot.wait_for(lambda: pilot.app.ctx.sounds.speech_busy, what="speech on the mixer")
    pilot.tap("go")
    assert pilot.scene.name == "quiz"
    pilot.frame()
    question = pilot.scene.logic.item.question
    assert speech.history[-1].segments[0] == question.prompt.get("zh-CN")  # a new text, from its start
    assert speech.current.tag == "question"
    said = len(speech.history)
    pilot.frame(30)
    assert len(speech.history) == said, "the same text is not read again every frame"


def test_older_students_hear_only_what_they_ask_for_unless_the_setting_says(make_pilot):
    pilot, engine = speaking_pilot(make_pilot)
    speech = pilot.app.ctx.speech
    start_track(pilot, "junior")
    pilot.frame(3)
    assert not speech.history and not speech.speaking
    pilot.tap("speak-intro")  # a tap reads it
    assert speech.history[-1].tag == "intro" and speech.speaking
    pilot.press(Action.SPEAK)  # the SPEAK key stops it ...
    assert not speech.speaking
    pilot.press(Action.SPEAK)  # ... and reads the main text again
    assert speech.speaking and speech.history[-1].tag == "intro"
    pilot.app.ctx.settings.read_aloud = "on"
    pilot.tap("go")
    pilot.frame()
    assert speech.history[-1].tag == "question"


def test_leaving_a_screen_stops_its_reading(make_pilot):
    pilot, engine = speaking_pilot(make_pilot)
    speech, sounds = pilot.app.ctx.speech, pilot.app.ctx.sounds
    start_track(pilot, "primary")
    pilot.tap("go")
    pilot.wait_for(lambda: sounds.speech_busy, what="the question playing")
    pilot.press(Action.PAUSE)
    assert pilot.scene.name == "pause"
    assert not speech.speaking and not sounds.speech_busy
    pilot.frame(20)
    assert not sounds.speech_busy, "nothing rendered for the old screen plays late"


def test_mute_silences_speech(make_pilot):
    pilot, engine = speaking_pilot(make_pilot)
    speech, sounds = pilot.app.ctx.speech, pilot.app.ctx.sounds
    start_track(pilot, "primary")
    pilot.wait_for(lambda: sounds.speech_busy, what="the card playing")
    pilot.press(Action.MUTE)
    assert sounds.muted and not sounds.speech_busy and not speech.speaking
    pilot.tap("speak-intro")
    pilot.frame(20)
    assert not sounds.speech_busy and not speech.speaking
    pilot.press(Action.MUTE)
    pilot.tap("speak-intro")
    pilot.wait_for(lambda: sounds.speech_busy, what="speech back with the sound")


def test_other_sounds_are_ducked_while_a_text_is_read_and_restored_after(make_pilot):
    """The mixer's own volumes (the dummy audio driver plays in real time): the music bed, an effect
    already playing and one started while the text is read go down to DUCK; all are back at full
    volume once the text has been read, and when it is stopped."""
    import pygame

    from game.audio import DUCK, MUSIC_SHARE, SPEECH_CHANNEL

    pilot, engine = speaking_pilot(make_pilot, engine=FakeEngine(seconds_per_char=0.02))
    speech, sounds = pilot.app.ctx.speech, pilot.app.ctx.sounds

    def volumes() -> set[float]:  # the mixer keeps a volume in 1/128 steps
        return {
            round(pygame.mixer.Channel(n).get_volume(), 1)
            for n in range(SPEECH_CHANNEL + 1, pygame.mixer.get_num_channels())
        }

    def music() -> float:  # the bed's volume as the mixer has it, as a share of its full volume
        return round(pygame.mixer.music.get_volume() / (sounds.volume * MUSIC_SHARE), 1)

    start_track(pilot, "primary")
    speech.stop()
    sounds.music("quiz")
    assert pygame.mixer.music.get_busy(), "the dummy audio driver streams the bed"
    assert volumes() == {1.0} and not sounds.ducked and music() == 1.0
    sounds.play("tap")  # playing before the voice starts
    pilot.tap("speak-intro")
    pilot.wait_for(lambda: sounds.speech_busy, what="the card being read")
    assert sounds.ducked and volumes() == {round(DUCK, 1)} and music() == round(DUCK, 1)
    sounds.play("tap")  # started while the voice reads
    assert volumes() == {round(DUCK, 1)}
    pilot.wait_for(lambda: not speech.speaking, what="the whole card read")
    assert not sounds.ducked and volumes() == {1.0} and music() == 1.0
    pilot.tap("speak-intro")  # read again, then stopped half way
    pilot.wait_for(lambda: sounds.speech_busy, what="the card read again")
    assert volumes() == {round(DUCK, 1)}
    pilot.press(Action.SPEAK)  # the SPEAK key while it reads: stop
    assert not speech.speaking and not sounds.ducked and volumes() == {1.0}


def test_no_speaker_buttons_without_a_voice(make_pilot):
    pilot = make_pilot(speech="none")
    start_track(pilot, "primary")
    assert pilot.scene.readables and not any(b.id.startswith("speak-") for b in pilot.scene.widgets())
    pilot.press(Action.SPEAK)
    assert pilot.scene.name == "runner"


def test_speaker_buttons_work_by_keys(make_pilot):
    pilot, engine = speaking_pilot(make_pilot, lang="en")
    start_track(pilot, "junior")
    pilot.tap("go")
    scene = pilot.scene
    while scene.logic.item.question.kind == "estimate":  # arrows move its picker: on to a question with options
        pilot.tap("est-plus10")
        pilot.tap("submit")
        pilot.tap("next")
    for _ in range(12):
        pilot.press(Action.RIGHT if _ % 2 else Action.UP)
        focus = scene.buttons.focus
        if focus is not None and scene.buttons.buttons[focus].id == "speak-question":
            break
    assert scene.buttons.buttons[scene.buttons.focus].id == "speak-question"
    pilot.press(Action.CONFIRM)
    assert pilot.scene is scene and scene.logic.phase == "asking"  # read, not answered
    assert pilot.app.ctx.speech.history[-1].tag == "question"


def test_the_attract_loop_stays_silent(make_pilot):
    from game.kiosk.config import KioskConfig

    engine = FakeEngine()
    pilot = make_pilot(speech=[engine], muted=False, kiosk=KioskConfig(attract_after_s=1, idle_reset_s=30))
    pilot.app.ctx.settings.read_aloud = "on"
    pilot.advance(1.5)
    assert pilot.scene.name == "attract"
    pilot.advance(20)  # demo rounds, fact cards, the board
    assert not pilot.app.ctx.speech.history and not engine.rendered


def test_a_kiosk_visitors_reading_settings_last_only_for_the_visit(make_pilot):
    from game.kiosk.config import KioskConfig

    pilot = make_pilot(kiosk=KioskConfig(attract_after_s=600, idle_reset_s=5, countdown_s=2))
    ctx = pilot.app.ctx
    pilot.tap("settings")
    pilot.tap("page-read")
    for name in ("read-on", "faster", "toggle-no_time_limits", "toggle-dyslexia_friendly"):
        pilot.tap(name)
    s = ctx.settings
    assert (s.read_aloud, s.speech_rate, s.no_time_limits, s.dyslexia_friendly) == ("on", 1.15, True, True)
    assert ctx.text.latin and ctx.speech.rate == 1.15
    pilot.tap("done")
    start_track(pilot, "junior")
    pilot.advance(8)  # idle: "are you still there?", then back to the title for the next visitor
    assert pilot.scene.name == "title"
    s = ctx.settings
    assert (s.read_aloud, s.speech_rate, s.no_time_limits, s.dyslexia_friendly) == ("stage", 1.0, False, False)
    assert not ctx.text.latin and ctx.stage is None


def test_reading_settings_persist_on_a_device(make_pilot, tmp_path):
    from game.settings import Settings
    from game.store import Store

    db = tmp_path / "device.sqlite3"
    pilot = make_pilot(db=db)
    pilot.tap("settings")
    pilot.tap("page-read")
    for name in ("read-off", "slower", "slower", "toggle-no_time_limits", "toggle-dyslexia_friendly"):
        pilot.tap(name)
    assert not pilot.has_button("slower") or not pilot.button("slower").enabled  # 0.7 is the slowest
    pilot.app.close()
    again = make_pilot(db=db)
    s = again.app.ctx.settings
    assert (s.read_aloud, s.speech_rate, s.no_time_limits, s.dyslexia_friendly) == ("off", 0.7, True, True)
    assert again.app.ctx.text.latin
    store = Store.open(tmp_path / "damaged.sqlite3")
    for key, value in (
        ("read_aloud", "loud"),
        ("speech_rate", "fast"),
        ("no_time_limits", "yes"),
        ("dyslexia_friendly", 1),
    ):
        store.set_setting(key, value)
    damaged = Settings.load(store)
    assert (damaged.read_aloud, damaged.speech_rate, damaged.no_time_limits, damaged.dyslexia_friendly) == (
        "stage",
        1.0,
        False,
        False,
    )
    store.set_setting("speech_rate", 9)
    assert Settings.load(store).speech_rate == 1.3
    store.close()


def test_dyslexia_friendly_letters_are_wider_and_leave_chinese_alone(make_pilot):
    pilot = make_pilot(lang="en")
    text = pilot.app.ctx.text
    plain = text.measure("Read bdpq 1Il", 44), text.measure("禁毒小卫士", 44)
    text.set_latin(True)
    wide = text.measure("Read bdpq 1Il", 44), text.measure("禁毒小卫士", 44)
    assert wide[0] > plain[0] * 1.1 and wide[1] == plain[1]
    img = text.render("K粉 is ketamine", 44, (255, 255, 255))
    assert img.get_width() == text.measure("K粉 is ketamine", 44) and img.get_bounding_rect().width > 100
    text.set_latin(False)
    assert text.measure("Read bdpq 1Il", 44) == plain[0]


# -- no time limits --------------------------------------------------------------------------------------
def timed_quiz(pilot, content, untimed: bool):
    from game.content.levels.quiz import QuizLevel
    from game.levels import LEVEL_TYPES
    from game.scene import Push
    from game.session import Player, Recorder

    ctx = pilot.app.ctx
    ctx.settings.no_time_limits = untimed
    bank = next(iter(content.quizzes.values()))
    level = QuizLevel.model_validate(
        {
            "id": "timed",
            "type": "quiz",
            "title": {"zh-CN": "限时", "en": "Timed"},
            "quiz": bank.id,
            "questions": [q.id for q in bank.questions if q.kind == "single"][:2],
            "time_limit_s": 5,
            "shuffle_options": False,
        }
    )
    player = Player(ctx.store.add_player("TIMER", "7B", "junior"), "TIMER", "7B", "junior")
    recorder = Recorder(ctx.store, player, "t", ctx.lang, content.version)
    attempt = recorder.begin_level(level.id, "quiz")
    pilot.app.apply(Push(LEVEL_TYPES["quiz"].scene_class()(ctx, level, recorder, ctx.rng("timed"))))
    return attempt, recorder


def test_no_time_limits_removes_the_timer_and_is_recorded(make_pilot, shipped_content):
    from game.outcomes import LevelFinished
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report

    pilot = make_pilot()
    attempt, recorder = timed_quiz(pilot, shipped_content, untimed=True)
    scene = pilot.scene
    assert scene.logic.time_left is None
    pilot.advance(8)  # past the 5 s limit
    assert scene.logic.phase == "asking", "no timer: the question waits"
    events = pilot.app.ctx.store.events(attempt)
    assert [(e["kind"], e["data"]) for e in events] == [("untimed", {"time_limit_s": 5})]
    scene.logic.choose(scene.logic.item.options[0].id)
    recorder.record(LevelFinished(0, 2, False))
    report = build_report(pilot.app.ctx.store, Catalog.from_content(pilot.app.ctx.content))
    student = next(s for s in report.students if s.nickname == "TIMER")
    assert student.untimed and [lv.untimed for lv in student.levels] == [True]


def test_with_time_limits_the_question_times_out_and_nothing_is_marked(make_pilot, shipped_content):
    from game.outcomes import LevelFinished
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report

    pilot = make_pilot()
    attempt, recorder = timed_quiz(pilot, shipped_content, untimed=False)
    scene = pilot.scene
    assert scene.logic.time_left == pytest.approx(5, abs=0.1)
    pilot.advance(6)
    assert scene.logic.phase == "feedback" and scene.logic.last.timed_out
    assert pilot.app.ctx.store.events(attempt) == []
    recorder.record(LevelFinished(0, 2, False))
    report = build_report(pilot.app.ctx.store, Catalog.from_content(pilot.app.ctx.content))
    assert not next(s for s in report.students if s.nickname == "TIMER").untimed


def test_the_html_report_marks_untimed_students(make_pilot, shipped_content, tmp_path):
    from game.outcomes import LevelFinished
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.reports.html import render_html

    pilot = make_pilot()
    attempt, recorder = timed_quiz(pilot, shipped_content, untimed=True)
    recorder.record(LevelFinished(1, 2, False))
    catalog = Catalog.from_content(pilot.app.ctx.content)
    page = render_html(build_report(pilot.app.ctx.store, catalog), catalog, "en")
    assert '<b>TIMER</b> <span class="untimed">untimed</span>' in page
    assert "no time limits" in page
