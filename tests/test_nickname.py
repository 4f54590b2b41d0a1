"""The nickname filter: length, characters, normalisation, and the shipped block-list in both languages."""

from __future__ import annotations

import pytest

from game.content.nickname import MAX_CHARS, Blocklist, check_nickname, generate_nickname
from game.content.schema import BlocklistFile


@pytest.fixture(scope="module")
def blocklist(shipped_content):
    assert shipped_content.blocklist is not None, "content/blocklist.yaml is missing"
    return Blocklist.from_file(shipped_content.blocklist)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("", "empty"),
        ("   \u3000 ", "empty"),
        ("x" * 200, "too_long"),
        ("小" * 17, "too_long"),
        ("KID😀", "characters"),
        ("👍", "characters"),
        ("A\u0007B", "characters"),  # bell (control)
        ("A\nB", "characters"),
        ("AB\u202eC", "characters"),  # right-to-left override
        ("AB\u200fC", "characters"),  # right-to-left mark
        ("A\u200bB", "characters"),  # zero-width space
        ("A\u200dB", "characters"),  # zero-width joiner
        ("\ufeffAB", "characters"),  # byte-order mark
        ("a\u0301\u0301\u0301", "characters"),  # stacked combining marks
        ("Robert');DROP TABLE", "too_long"),
        ("Robert');DROP", "characters"),
        ("1;DROP TABLE", "characters"),
        ("' OR 1=1 --", "characters"),
        ("<script>", "characters"),
    ],
)
def test_refused(blocklist, name, reason):
    verdict = check_nickname(name, blocklist)
    assert not verdict.ok and verdict.reason == reason, verdict


@pytest.mark.parametrize(
    "name, stored",
    [
        ("KID7", "KID7"),
        ("小明", "小明"),
        ("ＡＢＣ１２", "ABC12"),  # full-width letters are made plain (NFKC)
        ("  Li   Lei ", "Li Lei"),
        ("座号-12", "座号-12"),
        ("x" * 16, "x" * 16),
        ("Smart Rabbit 99", "Smart Rabbit 99"),  # the longest generated English name
        ("Zoë", "Zoë"),
        ("class", "class"),  # "ass" inside an innocent word
        ("Dickens", "Dickens"),
        ("大麻烦", "大麻烦"),  # "大麻" inside "big trouble"
        ("Hancock", "Hancock"),  # "cock" is a whole-word entry
    ],
)
def test_accepted_and_normalised(blocklist, name, stored):
    verdict = check_nickname(name, blocklist)
    assert verdict.ok, verdict
    assert verdict.name == stored


@pytest.mark.parametrize(
    "name",
    [
        "fuck",
        "FUCK",
        "FuckYou",
        "f u c k",
        "f.u.c.k",
        "f-u_c k",
        "ｆｕｃｋ",
        "fuuuck",
        "sh1t",
        "a s s",
        "A55",
        "ass",
        "big ass",
        "nmsl",
        "SB",
        "s b",
        "傻逼",
        "傻 逼",
        "傻-逼",
        "我是傻逼",
        "草泥马",
        "他妈的",
        "大麻",
        "冰毒",
    ],
)
def test_block_listed_words_in_both_languages(blocklist, name):
    verdict = check_nickname(name, blocklist)
    assert not verdict.ok and verdict.reason == "blocked", verdict


def test_without_a_blocklist_only_the_rules_apply():
    assert check_nickname("fuck").ok
    assert not check_nickname(
        "fuck", Blocklist.from_file(BlocklistFile.model_validate({"anywhere": {"en": ["fuck"]}}))
    ).ok


def test_characters_the_font_cannot_draw_are_refused():
    covered = {ord(c) for c in "ABC"}
    verdict = check_nickname("AB한", covered=covered)
    assert not verdict.ok and verdict.reason == "font" and verdict.bad == "한"


def test_a_blocklist_word_without_letters_is_a_content_error(tmp_path):
    import shutil

    from game import paths
    from game.content.loader import check_content

    root = tmp_path / "content"
    shutil.copytree(paths.CONTENT, root)
    (root / "blocklist.yaml").write_text("anywhere:\n  en: [ok, '...']\n", encoding="utf-8")
    _, errors = check_content(root)
    assert [str(e) for e in errors if "blocklist" in str(e)] and all(
        ":2:" in str(e) for e in errors if "blocklist" in str(e)
    )


def test_the_entry_screen_refuses_with_a_friendly_message(make_pilot):
    pilot = make_pilot(lang="en")
    pilot.tap("start")
    for ch in "SB":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    assert pilot.scene.name == "entry" and pilot.scene.step == "name"
    assert pilot.scene.message == pilot.app.ctx.tr("nickname.blocked")
    pilot.tap("erase")
    pilot.tap("erase")
    pilot.type("Ａmy")  # typed on a keyboard: stored normalised
    pilot.tap("ok")
    assert pilot.scene.step != "name" and pilot.scene.values["name"] == "Amy" and pilot.scene.message == ""


def test_the_entry_keypad_takes_as_many_characters_as_the_filter():
    from game.scenes.entry import MAX_LEN

    assert MAX_LEN["name"] == MAX_CHARS


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_generated_nicknames_pass_the_filter_and_repeat_for_a_seed(shipped_content, blocklist, lang):
    import random

    from game.content.nickname import words_in

    words = shipped_content.nicknames
    names = [generate_nickname(words, lang, random.Random(seed), blocklist) for seed in range(200)]
    assert names == [generate_nickname(words, lang, random.Random(seed), blocklist) for seed in range(200)]
    adjectives, animals = words_in(words.adjectives, lang), words_in(words.animals, lang)
    for name in names:
        assert check_nickname(name, blocklist).ok, name
        stem, number = name.rsplit(" ", 1)
        assert 10 <= int(number) <= 99
        assert any(stem.startswith(a) and stem.endswith(b) for a in adjectives for b in animals), name
    assert len(set(names)) > 150  # friendly, and varied enough that a hall's board is not all "Brave Panda"


def test_a_generated_nickname_avoids_names_taken_today(shipped_content, blocklist):
    import random

    first = generate_nickname(shipped_content.nicknames, "en", random.Random(5), blocklist)
    again = generate_nickname(shipped_content.nicknames, "en", random.Random(5), blocklist, taken=[first])
    assert again != first
