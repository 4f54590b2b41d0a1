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

    assert shape("Don’t take “just one puff”.") == 'Don\'t take "just one puff".'
    assert shape("学会说“不”") == "学会说“不”"


# -- words and orphans (issue 19, item 13) -----------------------------------------------------------
def _cells(s: str) -> int:
    """A monospace measure: a wide character two cells, anything else one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def test_chinese_lines_break_between_the_contents_words(shipped_content):
    """笑/气, 拒/绝, 货/架 were split across lines; with the content's words they are not."""
    from game.ui.text import Words, wrap

    words = Words(shipped_content.words)
    assert {"笑气", "拒绝", "货架"} <= words.words
    for text in ("你好拒绝", "大家都说笑气", "超市的货架", "学会拒绝笑气和货架上的伪装"):
        for width in range(4, 2 * len(text) + 2, 2):
            lines = wrap(text, width, _cells, words)
            assert "".join(lines) == text
            for a, b in zip(lines, lines[1:]):
                for word in ("笑气", "拒绝", "货架"):
                    assert not (a.endswith(word[0]) and b.startswith(word[1])), (text, width, lines)


def test_a_paragraph_never_ends_on_a_lone_character(shipped_content, monkeypatch):
    from game.ui import text as module

    words = module.Words(shipped_content.words)
    texts = ("我们一起拼完了", "你们一起拼完了拼图那包糖被忘在了一边", "毒品会伤害你的身体和大脑。")
    cases = [(text, width) for text in texts for width in range(6, 2 * len(text), 2)]
    for text, width in cases:
        lines = module.wrap(text, width, _cells, words)
        assert "".join(lines) == text
        if len(lines) > 1:
            assert not module._lone(lines[-1]), (width, lines)
    # the rule is what does it: without it some width leaves one character alone
    monkeypatch.setattr(module, "_no_orphan", lambda *a: None)
    assert any(module._lone(module.wrap(text, w, _cells, words)[-1]) for text, w in cases)


def test_every_shipped_chinese_string_keeps_its_words_whole_at_every_width(shipped_content):
    """The content's words are never split at a line end, in any interface string or question, at any
    width (unless one piece is wider than the whole line)."""
    from game.ui.text import Words, atoms, wrap

    words = Words(shipped_content.words)
    texts = [e.zh for e in shipped_content.strings.values()] + [q.prompt.zh for q in shipped_content.questions.values()]
    checked = 0
    for text in texts:
        if " " in text or "\n" in text:
            continue
        pieces = atoms(text, words)
        edges, at = {0}, 0
        for piece in pieces:
            at += len(piece)
            edges.add(at)
        widest = max(_cells(p) for p in pieces)
        for width in (12, 20, 28, 36):
            if widest > width:
                continue
            lines = wrap(text, width, _cells, words)
            assert "".join(lines) == text
            at = 0
            for line in lines[:-1]:
                at += len(line)
                assert at in edges, (text, width, lines)
                checked += 1
    assert checked > 500


def test_quotes_are_consistent_in_both_languages(shipped_content):
    """Issue 19, item 16: LSD“邮票” came out as LSD"邮票” (the opening quote touched a Latin letter). A pair
    stays curly around Chinese words and turns straight around Latin text, never one of each."""
    from game.content.lint import walk
    from game.content.schema import Text
    from game.ui.text import shape

    assert shape("LSD“邮票”") == "LSD“邮票”"
    assert shape("“K粉”（氯胺酮）") == "“K粉”（氯胺酮）"
    assert shape("a “head-rush” vape, it’s") == 'a "head-rush" vape, it\'s'
    texts = list(shipped_content.strings.values())
    for table in (shipped_content.drugs, shipped_content.quizzes, shipped_content.levels):
        texts += [v for model in table.values() for _, v in walk(model) if isinstance(v, Text)]
    for text in texts:
        for value in (text.zh, text.en):
            shaped = shape(value)
            assert not ('"' in shaped and ("“" in shaped or "”" in shaped)), value
