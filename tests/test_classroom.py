"""Classroom mode through the real App: `--class 7B` preset, pre-test -> levels -> post-test, and the
student's before/after on the results screen; the teacher sets the device's class code."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom import clean_class_code
from game.classroom.prepost import BeforeAfter, Check

HERE = Path(__file__).resolve().parent
PREPOST = HERE / "data" / "prepost"


@pytest.fixture
def prepost_content(shipped_content):
    """The tests/data/prepost track (pre-test, one level, post-test) with the shipped interface text."""
    from game.content.loader import load_content

    content = load_content(PREPOST)
    content.strings = shipped_content.strings
    return content


def make_classroom(make_pilot, content, lang, tmp_path, class_code="7B"):
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    pilot = make_pilot(lang=lang, content=content)
    pilot.app.close()  # the fixture's app; we need one with --class
    app = build_app(
        AppConfig(
            db=tmp_path / f"class-{lang}.sqlite3",
            lang=lang,
            window=(1920, 1080),
            seed=3,
            muted=True,
            class_code=class_code,
        ),
        content=content,
    )
    pilot = Pilot(app)
    pilot.frame()
    return pilot


def answer(pilot, right: bool) -> None:
    item = pilot.scene.logic.item
    wanted = [o.id for o in item.options if o.correct == right] or [item.options[0].id]
    if item.question.kind == "multiple":
        for option_id in [o.id for o in item.options if o.correct] if right else wanted[:1]:
            pilot.tap(f"option-{option_id}")
        pilot.tap("submit")
    else:
        pilot.tap(f"option-{wanted[0]}")
    pilot.tap("next")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_class_pre_levels_post_then_before_and_after(make_pilot, prepost_content, tmp_path, lang):
    pilot = make_classroom(make_pilot, prepost_content, lang, tmp_path)
    try:
        pilot.tap("start")
        for ch in "12":
            pilot.tap(f"key-{ch}")
        pilot.tap("ok")
        assert pilot.scene.step == "age"  # the class code step is skipped: the teacher preset it
        pilot.tap("age-junior")
        pilot.tap("track-junior")
        roles = []
        pre_right = iter([True, False, False])  # 1 of 3 right at the start
        while pilot.scene.name in ("runner", "level_done"):
            if pilot.scene.name == "level_done":
                pilot.tap("continue")
                continue
            role = pilot.scene.sequence[pilot.scene.index][1]
            roles.append(role)
            pilot.tap("go")
            while pilot.scene.name == "quiz":
                answer(pilot, next(pre_right) if role == "pre" else True)
        assert roles == ["pre", "level", "post"]
        assert pilot.scene.name == "results"
        ba = pilot.scene.before_after
        assert (ba.pre.right, ba.pre.n, ba.post.right, ba.post.n) == (1, 3, 3, 3)
        assert round(ba.pre.percent) == 33 and ba.post.percent == 100 and ba.verdict == "better"
        # the sentence the student reads, in their language, is the one drawn
        drawn = []
        real_draw = pilot.app.ctx.text.draw
        pilot.app.ctx.text.draw = lambda surface, text, *a, **k: drawn.append(text) or real_draw(surface, text, *a, **k)
        pilot.app.draw()
        ctx = pilot.app.ctx
        assert ctx.tr("results.better", diff=2) in drawn
        assert ctx.tr("results.before", right=1, n=3) in drawn and ctx.tr("results.after", right=3, n=3) in drawn
        # stored: one classroom session, class 7B, attempts with their roles
        store = ctx.store
        player = store.players()[0]
        assert (player["nickname"], player["class_code"]) == ("12", "7B")
        session = store.session(1)
        assert session["mode"] == "classroom" and session["status"] == "finished"
        assert [a["role"] for a in store.attempts(1)] == ["pre", "level", "post"]
        # the pre-test earns no stars: the score is the level and the post-test only
        assert pilot.scene.percent == 100.0
        pilot.screenshot(tmp_path / f"results-{lang}.png")
    finally:
        pilot.app.close()


def test_without_a_class_code_the_student_types_one(make_pilot, prepost_content):
    pilot = make_pilot(lang="en", content=prepost_content)
    pilot.tap("start")
    pilot.tap("key-A")
    pilot.tap("ok")
    assert pilot.scene.step == "class"


def test_teacher_sets_and_clears_the_device_class_code(make_pilot, tmp_path):
    from game.scene import Push
    from game.scenes.class_code import ClassCodeScene

    pilot = make_pilot(lang="en")
    pilot.app.apply(Push(ClassCodeScene(pilot.app.ctx)))
    pilot.frame()
    for ch in "9C":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    assert pilot.app.ctx.settings.class_code == "9C" and pilot.app.ctx.store.setting("class_code") == "9C"
    pilot.tap("skip")  # "No live board" at the next step (the hub's address)
    pilot.tap("start")
    pilot.tap("key-A")
    pilot.tap("ok")
    assert pilot.scene.step == "age"
    pilot.app.apply(Push(ClassCodeScene(pilot.app.ctx)))
    pilot.frame()
    pilot.tap("skip")  # labelled "Clear" here
    assert pilot.app.ctx.settings.class_code == "" and pilot.app.ctx.store.setting("class_code") == ""


def test_class_codes_are_cleaned():
    assert clean_class_code(" 7b ") == "7B"
    assert clean_class_code("七年级2班") == "七年级2班"
    assert clean_class_code("<script>") == "SCRIPT"
    assert clean_class_code("ABCDEFGHIJ") == "ABCDEFGH"


def test_cli_refuses_an_empty_class_code(capsys):
    from game.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["--class", "!!!", "--smoke"])
    assert caught.value.code == 2
    assert "class code" in capsys.readouterr().err


@pytest.mark.parametrize(
    "pre, post, verdict",
    [
        ((1, 3, 33.3), (3, 3, 100.0), "better"),
        ((3, 3, 100.0), (3, 3, 100.0), "all_right"),
        ((2, 3, 66.7), (2, 3, 66.7), "same"),
        ((3, 3, 100.0), (1, 3, 33.3), "lower"),
        ((1, 3, 33.3), (3, 4, 75.0), "better_some"),  # parallel forms of different length: no count
    ],
)
def test_verdicts(pre, post, verdict):
    assert BeforeAfter(Check(*pre), Check(*post)).verdict == verdict


def test_before_and_after_count_and_percent_share_their_questions(tmp_path):
    """The norms estimate is answered but never scored: "答对 7/8 题" must stand beside 88 %, not 7/9
    (issue 19, item 1). Count and percent come from the same scored answers."""
    from game.classroom.prepost import before_after
    from game.store import Store

    store = Store.open(tmp_path / "ba.sqlite3")
    try:
        player = store.add_player("K1", "7B", "junior")
        session = store.start_session(player, "junior", "zh-CN", "v", "0")
        for role, right in (("pre", 7), ("post", 8)):
            attempt = store.start_attempt(session, f"junior-{role}", "quiz", role)
            store.record_answer(attempt, "norms-tried", ("30",), False, 0, 0, 900)  # the unscored estimate
            for i in range(8):
                ok = i < right
                store.record_answer(attempt, f"q{i}", ("a" if ok else "b",), ok, 10 if ok else 0, 10, 1000)
            store.finish_attempt(attempt, 10 * right, 80, True)
        ba = before_after(store, session)
        assert (ba.pre.right, ba.pre.n) == (7, 8) and (ba.post.right, ba.post.n) == (8, 8)
        for check in (ba.pre, ba.post):
            assert check.percent == pytest.approx(100.0 * check.right / check.n)  # one basis for both
    finally:
        store.close()


def test_the_device_class_screen_remembers_the_live_hub_and_its_code(make_pilot, tmp_path):
    from game.classroom.live import CODE_KEY, HUB_KEY
    from game.scene import Push
    from game.scenes.class_code import ClassCodeScene

    pilot = make_pilot(lang="zh-CN")
    pilot.app.apply(Push(ClassCodeScene(pilot.app.ctx)))
    pilot.frame()
    for ch in "7B":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    assert pilot.scene.step == "hub"
    for ch in "192.168.1.20:8765":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    assert pilot.scene.step == "code" and not pilot.scene.buttons.by_id("ok").enabled
    for ch in "K3F9Q2":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    store = pilot.app.ctx.store
    assert pilot.app.ctx.settings.class_code == "7B"
    assert store.setting(HUB_KEY) == "http://192.168.1.20:8765" and store.setting(CODE_KEY) == "K3F9Q2"
    # opened again: the hub is shown as typed; "No live board" keeps the class and drops the hub
    pilot.app.apply(Push(ClassCodeScene(pilot.app.ctx)))
    pilot.frame()
    assert pilot.scene.values["hub"] == "192.168.1.20:8765"
    pilot.tap("ok")
    pilot.tap("skip")
    assert pilot.app.ctx.settings.class_code == "7B" and store.setting(HUB_KEY) == "" and store.setting(CODE_KEY) == ""


def test_hub_addresses_as_typed_become_urls():
    from game.classroom.live import hub_url

    assert hub_url("192.168.1.20") == "http://192.168.1.20:8765"
    assert hub_url("192.168.1.20:9000/") == "http://192.168.1.20:9000"
    assert hub_url("HTTP://teacher-pc:8765") == "http://teacher-pc:8765"
    assert hub_url(" ") == ""
