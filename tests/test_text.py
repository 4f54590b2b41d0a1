"""Line breaking for Chinese and English, and the render cache."""

from __future__ import annotations

import pygame

from game import paths
from game.ui.text import TextRenderer, atoms, wrap


def width10(s: str) -> int:
    return len(s) * 10


def test_chinese_breaks_between_characters_but_not_before_closing_punctuation():
    lines = wrap("吸毒不仅损害身体健康，还会影响家庭和未来。", 120, width10)
    assert "".join(lines) == "吸毒不仅损害身体健康，还会影响家庭和未来。"
    assert all(width10(line) <= 120 for line in lines)
    assert not any(line[0] in "，。" for line in lines if line)


def test_opening_punctuation_stays_with_what_follows():
    assert "“引" in atoms("他说“引号”")


def test_english_breaks_at_spaces():
    lines = wrap("Drugs harm the body, the mind and the future.", 200, width10)
    assert lines == ["Drugs harm the body,", "the mind and the", "future."]


def test_long_words_are_split_and_newlines_kept():
    lines = wrap("a\nhttps://example.com/averyverylongpathwithoutspaces", 100, width10)
    assert lines[0] == "a" and all(width10(line) <= 100 for line in lines)
    assert "".join(lines[1:]) == "https://example.com/averyverylongpathwithoutspaces"


def test_mixed_text_never_loses_characters():
    text = "冰毒（Methamphetamine）常见为白色晶体，俗称“冰”。Ice looks like glass."
    for width in (60, 90, 150, 400):
        assert "".join(wrap(text, width, width10)).replace(" ", "") == text.replace(" ", "")


def test_render_cache_reuses_surfaces():
    pygame.init()
    try:
        renderer = TextRenderer(paths.FONT)
        first = renderer.render("禁毒", 40, (255, 255, 255))
        assert renderer.render("禁毒", 40, (255, 255, 255)) is first
        assert renderer.render("禁毒", 40, (0, 0, 0)) is not first
        assert renderer.layout("一二三四五六七八九十", 40, 200) is renderer.layout("一二三四五六七八九十", 40, 200)
        # wrapped text fits the width with the real font
        lines = renderer.layout("认清毒品真面目，学会说“不”。Know the facts. Learn to say no.", 40, 300)
        assert len(lines) > 1 and all(renderer.measure(line, 40) <= 300 for line in lines)
    finally:
        pygame.quit()


def test_curly_quotes_beside_latin_become_straight_but_stay_in_chinese():
    from game.ui.text import shape

    assert shape("Don’t take “just one puff”.") == "Don't take \"just one puff\"."
    assert shape("学会说“不”") == "学会说“不”"
