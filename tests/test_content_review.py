"""The review rules for mainland classrooms (game.content.review, issue 16), beyond the broken
cases in tests/broken/ that test_validate.py runs: acknowledgements, the parts of the rules that
decide what counts (quotes in comments, rebuttals, which sources may be shown), the ending's
"tell a trusted adult now" line as the player sees it, and the shipped content against the rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game import paths
from game.cli import main
from game.content.loader import check_content_fully, load_content
from game.content.review import NORMS, comment_start, mentions, unfit_source
from game.content.schema import Source, Text

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini"

HARM_WITH_YEAR = (
    "id: cocaine\n"
    "name: {zh-CN: 可卡因, en: Cocaine}\n"
    "category: stimulant\n"
    "looks:\n"
    "  - {zh-CN: 白色粉末。, en: White powder., source: s1}\n"
    "harms:\n"
    "  - zh-CN: 2019年的一项研究发现，它可致中风。<ACK>\n"
    "    en: It can cause strokes.\n"
    "    source: s1\n"
    "legal_status:\n"
    "  - {zh-CN: 列管毒品。, en: A controlled drug., source: s1}\n"
)


def mini_with(tmp_path: Path, relative: str, text: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    target = content / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return content


def validate(monkeypatch, capsys, folder: Path, *flags: str) -> tuple[int, list[str], str]:
    monkeypatch.chdir(folder.parent)
    capsys.readouterr()
    code = main(["validate", folder.name, *flags])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


# -- acknowledging a finding ------------------------------------------------------------------------
def test_an_ack_on_the_line_keeps_the_finding_quiet_and_is_counted(tmp_path, monkeypatch, capsys):
    why = "the year dates the study that found the harm"
    folder = mini_with(tmp_path, "drugs/cocaine.yaml", HARM_WITH_YEAR.replace("<ACK>", f"  # ack: harms-only {why}"))
    code, out, _ = validate(monkeypatch, capsys, folder)
    assert code == 0 and len(out) == 1
    assert out[0].startswith("ok: ") and out[0].endswith("; 1 acknowledged exception(s) (harms-only 1)"), out
    code, out, _ = validate(monkeypatch, capsys, folder, "--acknowledged")
    assert code == 0
    assert out[0] == f"content/drugs/cocaine.yaml:7: acknowledged harms-only: {why}"


def test_without_the_ack_the_same_line_is_refused(tmp_path, monkeypatch, capsys):
    folder = mini_with(tmp_path, "drugs/cocaine.yaml", HARM_WITH_YEAR.replace("<ACK>", ""))
    code, out, err = validate(monkeypatch, capsys, folder)
    assert code == 1
    assert [line.split(": ")[0] for line in out] == ["content/drugs/cocaine.yaml:7"]
    assert "harms-only" in out[0] and "0 acknowledged exception(s)" in err


def test_an_ack_on_another_line_does_not_count(tmp_path, monkeypatch, capsys):
    text = HARM_WITH_YEAR.replace("<ACK>", "").replace(
        "    en: It can cause strokes.\n", "    en: It can cause strokes.  # ack: harms-only wrong line\n"
    )
    folder = mini_with(tmp_path, "drugs/cocaine.yaml", text)
    code, out, _ = validate(monkeypatch, capsys, folder)
    assert code == 1
    assert [line.split(": ")[0] for line in out] == ["content/drugs/cocaine.yaml:7", "content/drugs/cocaine.yaml:8"]
    assert "nothing to acknowledge here" in out[1]


def test_warnings_fail_validate_but_do_not_stop_the_game(tmp_path):
    question = (
        "id: extra\ntitle: {zh-CN: 附加, en: Extra}\nquestions:\n"
        "  - id: x1\n    kind: truefalse\n    topic: norms\n"
        "    prompt: {zh-CN: 毒品一次就上瘾。, en: One try and you are addicted.}\n"
        "    answer: false\n    explanation: {zh-CN: 不对。, en: Not so.}\n    source: s1\n"
    )
    folder = mini_with(tmp_path, "quizzes/extra.yaml", question)
    checked = check_content_fully(folder)
    assert checked.errors == [] and checked.content is not None
    assert [(w.line, w.message.split(":")[0]) for w in checked.warnings] == [(7, "warning")]
    assert "x1" in load_content(folder).questions  # a kiosk with an edited pack still plays


# -- what the rules look at -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, comment",
    [
        ('  zh-CN: "大家 # 都在"  # ack: a b', "# ack: a b"),
        ("  en: It's fine  # ack: a b", "# ack: a b"),  # an apostrophe in plain text is not a quote
        ("  - {id: a, text: {zh-CN: '它''s # x', en: y}}  # ack: a b", "# ack: a b"),
        ('    en: "He said \\"#no\\""  # ack: a b', "# ack: a b"),
        ("# expect: a message that mentions # ack: x", "# expect: a message that mentions # ack: x"),
        ("  en: C#sharp, no comment here", None),
    ],
)
def test_comment_start_skips_quoted_hashes(line, comment):
    start = comment_start(line)
    assert (line[start:] if start is not None else None) == comment


def test_a_rebuttal_is_not_a_norms_claim():
    assert mentions(NORMS, Text(zh="大家都在用。", en="x")) == "大家都在用"
    assert mentions(NORMS, Text(zh="x", en="Everyone is doing it.")) == "Everyone is doing"
    assert mentions(NORMS, Text(zh="大家都在熬夜复习。", en="Everyone is revising late.")) is None


def test_who_mainly_uses_it_is_a_norms_claim_even_quoted_from_a_report():
    """ "Mainly misused by young people" tells students their peers use: a descriptive norm (content-sources.md §6)."""
    assert (
        mentions(NORMS, Text(zh="报告称这些毒品主要在娱乐场所被青少年滥用。", en="x")) == "主要在娱乐场所被青少年滥用"
    )
    assert (
        mentions(NORMS, Text(zh="x", en="They are mainly misused by young people.")) == "mainly misused by young people"
    )
    assert mentions(NORMS, Text(zh="大多数青少年并不使用毒品。", en="Most young people do not use drugs.")) is None


def _source(kind: str, region: str) -> Source:
    return Source(id="s", title="t", publisher="p", kind=kind, region=region)


@pytest.mark.parametrize(
    "kind, region, shown",
    [
        ("official", "mainland", True),
        ("academic", "foreign", True),
        ("international", "international", True),
        ("news", "mainland", True),
        ("official", "foreign", True),
        ("other", "mainland", False),
        ("news", "foreign", False),
        ("news", "hong_kong", False),
        ("official", "taiwan", False),
        ("academic", "taiwan", False),
    ],
)
def test_which_sources_a_mainland_classroom_can_show(kind, region, shown):
    assert (unfit_source(_source(kind, region)) is None) is shown


@pytest.mark.parametrize(
    "url, forum",
    [
        ("https://bbs.meishanren.com/forum.php?goto=lastpost&mod=redirect&tid=980690", True),
        ("http://bbs.szhsbt.com/archiver/showtopic-7323.aspx", True),
        ("https://tieba.baidu.com/p/123456", True),
        ("https://forum.example.cn/t/xinhua-tips", True),
        ("http://www.example.com/forum.php?mod=viewthread&tid=1", True),
        ("http://www.example.com/thread-980690-1-1.html", True),
        ("http://www.xinhuanet.com/politics/2018-06/25/c_1123034336.htm", False),
        ("http://www.dxsbao.com/news/455414.html", False),
        ("https://www.bbsnews.cn/a/1.html", False),  # a word inside a host's name is not a forum
        ("http://forum", False),
        (None, False),
        ("", False),
    ],
)
def test_a_forum_address_is_recognised(url, forum):
    from game.content.review import forum_copy

    assert forum_copy(url) is forum


def test_a_source_seen_only_as_a_forum_post_cannot_be_shown(tmp_path, monkeypatch, capsys):
    """Whatever publisher it names (新华社 here), a source whose only copy is a forum post is refused where it is cited."""
    reposted = (
        "  - id: tips\n    title: 防毒小技巧\n    publisher: 新华社\n    kind: news\n    region: mainland\n"
        '    seen: repost\n    url: "https://bbs.example.com/forum.php?mod=viewthread&tid=1"\n'
        '    note: "Seen on a forum repost; check against the original before release."\n'
    )
    folder = mini_with(tmp_path, "sources.yaml", (MINI / "sources.yaml").read_text(encoding="utf-8") + reposted)
    code, out, _ = validate(monkeypatch, capsys, folder)
    assert code == 0  # listed but not cited: nothing is shown
    quiz = (folder / "quizzes" / "q.yaml").read_text(encoding="utf-8")
    assert "source: s1" in quiz
    (folder / "quizzes" / "q.yaml").write_text(quiz.replace("source: s1", "source: tips", 1), encoding="utf-8")
    code, out, _ = validate(monkeypatch, capsys, folder)
    assert code == 1
    [line] = [o for o in out if "shown-source" in o]
    assert line.startswith("content/quizzes/q.yaml:") and "'tips'" in line and "forum" in line


# -- the ending the player sees -----------------------------------------------------------------------
def test_an_unsafe_ending_shows_what_to_do_now_first(shipped_content):
    from game.content.loader import runtime_content

    level = shipped_content.levels["primary-scenario-cousin"]
    ending = level.node("ate").ending
    assert not ending.safe and ending.now is not None
    for lang in ("zh-CN", "en"):
        shown = ending.shown_text(lang).split("\n")
        assert shown == [ending.now.say.get(lang), ending.feedback.get(lang)]
    record = runtime_content(shipped_content).levels["primary-scenario-cousin"].node("ate").ending
    assert record.shown_text("en") == ending.shown_text("en")
    safe = level.node("mum").ending
    assert safe.now is None and safe.shown_text("zh-CN") == safe.feedback.zh


# -- the shipped content --------------------------------------------------------------------------------
def test_the_shipped_content_has_no_warnings_and_reports_its_acknowledgements(monkeypatch, capsys):
    checked = check_content_fully(paths.CONTENT)
    assert checked.errors == [] and checked.warnings == [], [str(p) for p in checked.errors + checked.warnings]
    assert all(ack.why for ack in checked.acknowledged)
    code, out, _ = validate(monkeypatch, capsys, paths.CONTENT)
    assert code == 0 and out[0].endswith(
        f"; {len(checked.acknowledged)} acknowledged exception(s) ({', '.join(sorted(_rule_counts(checked)))})"
    )


def _rule_counts(checked) -> list[str]:
    from collections import Counter

    return [f"{rule} {n}" for rule, n in Counter(a.rule for a in checked.acknowledged).items()]


def test_every_unsafe_ending_in_the_shipped_scenarios_says_tell_an_adult_now(shipped_content):
    unsafe = [
        (level.id, node)
        for level in shipped_content.levels.values()
        if level.type == "scenario"
        for node in level.nodes
        if node.ending is not None and not node.ending.safe
    ]
    assert len(unsafe) >= 8
    for level_id, node in unsafe:
        now = node.ending.now
        assert now is not None and now.tell, f"{level_id}:{node.id}"
        assert "即使" in now.say.zh or "现在" in now.say.zh, f"{level_id}:{node.id}: {now.say.zh}"


def test_no_shipped_level_of_a_minors_track_takes_place_where_minors_may_not_go(shipped_content):
    from game.content.schema import ADULT_ONLY_SETTINGS, MINOR_AGE_GROUPS

    for track in shipped_content.tracks.values():
        if track.age_group not in MINOR_AGE_GROUPS:
            continue
        for level_id, _ in track.sequence():
            level = shipped_content.levels[level_id]
            places = [getattr(level, "setting", None)] + [n.setting for n in getattr(level, "nodes", [])]
            assert not set(places) & set(ADULT_ONLY_SETTINGS), (track.id, level_id, places)


def test_every_shipped_source_cited_can_be_shown(shipped_content):
    cited = {q.source for q in shipped_content.questions.values()}
    for drug in shipped_content.drugs.values():
        cited |= {f.source for f in drug.looks + drug.effects + drug.harms + drug.legal_status}
    for source_id in cited:
        assert unfit_source(shipped_content.sources[source_id]) is None, source_id


# Claims the content review found beyond the fact sheet (content-sources.md), with what the sheet says instead.
UNSUPPORTED = [
    ("戒断三年未复吸", "the sheet says 戒断三年未发现复吸 (no relapse found), not that nobody relapsed"),
    ("三年没有复吸", "the sheet says 戒断三年未发现复吸 (no relapse found), not that nobody relapsed"),
    ("stayed off drugs for three years", "the sheet says no relapse was found, not that they stayed off"),
    (
        "混进饮料里很难发现",
        "the sheet says colourless, odourless, slightly salty: 'hard to notice in a drink' is an inference",
    ),
    ("hard to notice in a drink", "an inference the sheet does not state"),
    ("饮料里很难", "the sheet says colourless, odourless, slightly salty: 'hard to notice in a drink' is an inference"),
    ("saying no with a reason", "间接拒绝 is saying no indirectly"),
    ("新华社推荐", "the 新华社 tips were seen only on a forum repost"),
    ("新华社提示", "the 新华社 tips were seen only on a forum repost"),
    ("新华社的防毒小技巧", "the 新华社 tips were seen only on a forum repost"),
    ("Xinhua’s tips", "the Xinhua tips were seen only on a forum repost"),
    ("Xinhua’s drug-prevention tips", "the Xinhua tips were seen only on a forum repost"),
]


def test_claims_beyond_the_fact_sheet_stay_out(shipped_content):
    from game.content.lint import walk

    found = []
    tables = (shipped_content.quizzes, shipped_content.levels, shipped_content.drugs)
    for table in tables:
        for ident, obj in table.items():
            for loc, value in walk(obj):
                if isinstance(value, Text):
                    for lang in ("zh-CN", "en"):
                        for phrase, why in UNSUPPORTED:
                            if phrase in value.get(lang):
                                found.append(f"{ident} {loc}: '{phrase}': {why}")
    assert not found, "\n".join(found)


def test_a_synthetic_cannabinoid_fact_does_not_borrow_the_etomidate_vape_look(shipped_content):
    """ "Looks like an ordinary e-cigarette" is the sheet's etomidate fact [C12]; synthetic cannabinoids [A7] are
    dissolved in e-liquid or sprayed on plants. An item about synthetic cannabinoids that says it must cite C12."""
    look = ("普通电子烟", "ordinary e-cigarette", "ordinary vape")
    for q in shipped_content.questions.values():
        if "synthetic-cannabinoids" in q.drugs and "etomidate" not in q.drugs:
            said = " ".join(t.get(lang) for t in (q.explanation, q.prompt) for lang in ("zh-CN", "en"))
            assert not any(w in said for w in look), q.id


def test_a_primary_refusal_key_never_invites_the_pusher_along(shipped_content):
    """For 9-12-year-olds the right reply walks away from the person pushing, and tells a nearby adult now (not
    "when you get home")."""
    for q in shipped_content.questions.values():
        if q.topic != "refusal" or q.ages != ["primary"]:
            continue
        for o in q.options:
            if o.correct:
                assert not any(w in o.text.zh for w in ("我们去", "我们一起", "一起去")), (q.id, o.text.zh)
                assert not any(w in o.text.en.lower() for w in ("let’s go", "let's go", "come with me")), (
                    q.id,
                    o.text.en,
                )
        assert "回家后" not in q.explanation.zh and "when you get home" not in q.explanation.en, q.id


def test_the_retention_item_on_someone_who_cannot_be_woken_says_120_then_110(shipped_content):
    """ur-help-unconscious (the re-test's form of uq-help-spiked): the ambulance first, then the police (§5)."""
    q = shipped_content.questions["ur-help-unconscious"]
    [key] = [o for o in q.options if o.correct]
    for said in (key.text.zh, key.text.en, q.explanation.zh, q.explanation.en):
        assert "120" in said and "110" in said and said.index("120") < said.index("110"), said
