"""Player entry by touch: a Chinese nickname from tapped words, Back on every step, no "Step 1 of
1"; and leaving a course asks first (issue 19, item 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.actions import Action
from tests.test_teacher import _text_boxes

CONTENT = Path(__file__).resolve().parent.parent / "content"


def test_a_chinese_nickname_can_be_made_by_touch(make_pilot):
    pilot = make_pilot(lang="zh-CN")
    pilot.tap("start")
    pilot.tap("mode")  # words instead of the Latin keypad
    assert pilot.button("adjective-0").label == "勇敢的" and pilot.button("animal-0").label == "熊猫"
    pilot.tap("adjective-0")
    pilot.tap("animal-0")
    pilot.tap("key-7")
    assert pilot.scene.values["name"] == "勇敢的熊猫7"
    pilot.tap("erase")
    pilot.tap("erase")  # a tapped word goes back whole
    assert pilot.scene.values["name"] == "勇敢的"
    pilot.tap("more")  # another page of words
    pilot.tap("animal-0")
    assert pilot.scene.values["name"] == "勇敢的" + pilot.button("animal-0").label != "勇敢的熊猫"
    pilot.tap("ok")  # through the nickname filter like a typed name
    assert pilot.scene.step == "class"
    pilot.tap("skip")
    pilot.tap("age-junior")
    assert pilot.app.ctx.store.players()[0]["nickname"] == pilot.scene.player.nickname
    assert pilot.scene.player.nickname.startswith("勇敢的")


def test_english_words_join_with_a_space_and_never_overflow(make_pilot):
    pilot = make_pilot(lang="en")
    pilot.tap("start")
    pilot.tap("mode")
    pilot.tap("adjective-0")
    pilot.tap("animal-0")
    assert pilot.scene.values["name"] == "Brave Panda"
    pilot.tap("animal-1")  # would pass 12 characters: refused with the reason, the name unchanged
    assert pilot.scene.values["name"] == "Brave Panda"
    assert pilot.scene.message == pilot.app.ctx.tr("nickname.too_long")


def test_every_entry_step_has_a_back_button(make_pilot):
    pilot = make_pilot(lang="en")
    pilot.tap("start")
    pilot.tap("key-A")
    pilot.tap("ok")
    pilot.tap("skip")
    assert pilot.scene.step == "age"
    for step in ("class", "name"):
        pilot.tap("back")
        assert pilot.scene.name == "entry" and pilot.scene.step == step
    pilot.tap("back")
    assert pilot.scene.name == "title"


def test_a_single_step_never_says_step_1_of_1(make_pilot):
    from game.scene import Push
    from game.scenes.class_code import ClassCodeScene

    pilot = make_pilot(lang="en")
    scene = ClassCodeScene(pilot.app.ctx)
    pilot.app.apply(Push(scene))
    pilot.frame()
    assert pilot.app.ctx.tr("entry.step", n=1, total=3) in [t for t, _ in _text_boxes(pilot)]
    scene.steps = ("class",)  # a screen of one step (the class code alone, as it once was)
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert pilot.app.ctx.tr("entry.step", n=1, total=1) not in drawn
    pilot.tap("back")
    assert pilot.scene.name == "title"
    pilot.tap("start")
    assert pilot.app.ctx.tr("entry.step", n=1, total=3) in [t for t, _ in _text_boxes(pilot)]


def test_leaving_a_course_asks_first(make_pilot):
    from tests.test_playthrough import sign_in

    pilot = make_pilot(lang="zh-CN")
    sign_in(pilot)
    pilot.tap("track-junior")
    pilot.tap("leave")
    assert pilot.scene.name == "confirm"
    pilot.tap("no")
    assert pilot.scene.name == "runner"
    pilot.press(Action.BACK)
    assert pilot.scene.name == "confirm"
    pilot.tap("yes")
    assert pilot.scene.name == "title"
    assert pilot.app.ctx.store.session(1)["status"] == "quit"


@pytest.mark.parametrize(
    "words, message",
    [
        ("[勇敢的, 聪明的, 快乐的, 傻逼]", "refused by the nickname filter (blocked)"),
        ("[Brave, Smart, Happy, Enormously]", "must fit in a nickname"),
    ],
)
def test_nickname_words_are_checked_at_the_door(tmp_path, words, message):
    from game.content.loader import check_content

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "nicknames.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("  zh-CN" if "勇敢" in words else "  en"))
    lines[index] = lines[index].split(":")[0] + ": " + words
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, errors = check_content(root)
    assert [e for e in errors if e.path.endswith("nicknames.yaml") and e.line == index + 1 and message in e.message], (
        errors
    )
