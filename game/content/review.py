"""The review rules for mainland classrooms (content-sources.md §6), checked at the door.

lint.py checks that the content holds together (ids, sources, glyphs, level graphs); this
module checks what a 禁毒 teacher or a district reviewer would stop a release for:

    shown-source   every `source:` is shown to the learner (来源：publisher: title), so it must be
                   one a school accepts: not kind `other` (forums, encyclopedias, no publisher),
                   not news from outside the mainland, nothing from 我国台湾地区, and not one whose
                   only copy seen is a forum post (its `url:` on bbs., forum., tieba..., or a
                   forum page such as forum.php): whatever publisher it names, nobody can check it
    source-note    a source seen only on a repost or second hand says to check it before release
    setting        no level or scenario node of a primary, junior or senior track takes place
                   where minors may not go (KTV, bar, 网吧, nightclub: 未成年人保护法 §58)
    emergency-120  a help question about someone who cannot be woken keys 120 (the ambulance), and
                   where it names 110 too, 120 comes first
    taiwan-naming  Chinese text says 我国台湾地区 (or 中国台湾), never 台湾 alone
    harms-only     a drug's `harms:` hold harms only: no numbers of people, no years, no "more
                   and more", "mainly", "the most" (who uses and how many are not harms)
    fear-appeal    (warning) scare phrases that prevention research warns against
    norms-phrase   (warning) "everybody does it" phrases, which teach the norm they state
    venue-word     (warning) KTV, bar, 网吧... in text that minors read
    search-recipe  (warning) a disguise's street name together with a promise of a high

The scenario's own rules (an unsafe ending says to tell a trusted adult now, whatever you feel;
120 first when someone cannot be woken) live in its lint hook, game/content/levels/scenario.py,
using the phrases here.

A finding of a rule that can be acknowledged is kept quiet by a comment on the line it points
at, with the reason: `# ack: norms-phrase the classmate's claim, answered in node push`.
`validate` counts the acknowledged exceptions; an ack that acknowledges nothing is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from game.content.lint import walk
from game.content.schema import ADULT_ONLY_SETTINGS, MINOR_AGE_GROUPS, Text
from game.content.yamlio import ContentError, PathKey

# rule -> (a warning rather than an error, can be acknowledged with `# ack:`)
RULES: dict[str, tuple[bool, bool]] = {
    "shown-source": (False, False),
    "source-note": (False, False),
    "setting": (False, False),
    "emergency-120": (False, False),
    "taiwan-naming": (False, False),
    "harms-only": (False, True),
    "fear-appeal": (True, True),
    "norms-phrase": (True, True),
    "venue-word": (True, True),
    "search-recipe": (True, True),
}
ACKABLE = tuple(rule for rule, (_, ackable) in RULES.items() if ackable)
ACK = re.compile(r"#\s*ack:\s*(?P<rules>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)(?P<why>.*)$")
LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a new line


def _any(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)


# Phrases, by language. Quoting one to refute it is fine: acknowledge that line and say so.
FEAR = {
    "zh-CN": _any(
        "一次就(会)?上瘾",
        "一口就(会)?上瘾",
        "沾上就",
        "碰一次就",
        "必死",
        "必然(会)?死",
        "一定会死",
        "死路一条",
        "一辈子(就)?毁了",
        "这辈子(就)?完了",
        "万劫不复",
        "毁掉一生",
        "家破人亡",
        "生不如死",
    ),
    "en": _any(
        r"\bone (hit|puff|try|time|dose)\b[^.!?]{0,20}\bhooked\b",
        r"\bhooked (after|from) (one|the first)\b",
        r"\baddicted (after|from) (one|the first)\b",
        r"\bwill die\b",
        r"\bcertain death\b",
        r"\bruin(s|ed)? your life\b",
        r"\byour life is over\b",
        r"\bdestroy(s)? your life\b",
    ),
}
NORMS = {
    "zh-CN": _any(
        "(人人|大家|别人|谁)都在?(吸|用|抽|喝|试|玩|嗑|尝|这样)",
        "都在(吸|用|抽|试|嗑)",
        "很多(青少年|同学|年轻人|同龄人|大学生|人)都在?(吸|用|抽|喝|试|玩|嗑)",
        "别人都抢着",
        # "who uses it": mainly young people (a descriptive norm, even when a report says it)
        "(主要|多为|多是|大多)[^，。；不没未]{0,10}(青少年|年轻人|学生|同龄人)[^，。；不没未]{0,6}(滥用|吸食|使用|在用)",
    ),
    "en": _any(
        r"\beveryone('s| is)? (doing|trying|using|does|drinks|uses)\b",
        r"\beverybody('s| is)? (doing|trying|using|does|uses|drinks)\b",
        r"\ball the kids\b",
        r"\blots of (teens|students|kids|young people)\b",
        r"\bpeople are queuing up\b",
        r"\b(mainly|mostly) (mis)?(used|abused|taken) by (young people|teens|teenagers|students|youth)\b",
    ),
}
VENUES = {
    "zh-CN": _any("KTV", "卡拉OK", "酒吧", "网吧", "夜店", "歌舞厅", "迪厅", "夜总会"),
    "en": _any(r"\bkaraoke\b", r"\bbars?\b", r"\bnight ?clubs?\b", r"\binternet caf[eé]s?\b", r"\bdisco\b"),
}
LURES = {
    "zh-CN": _any("嗨", "很爽", "好爽", "放松", "提神", "有劲", "带劲", "兴奋", "解压", "飘飘", "上头(?!烟|电子烟)"),
    "en": _any(
        r"\b(gets?|getting|got|feels?|feeling|so|really|very) high\b",
        r"\brelax(ing|ed)?\b",
        r"\bkick\b",
        r"\bfeel amazing\b",
        r"\bbuzz\b",
    ),
}
# "不是大家都在用" / "not everyone" answers the claim: a norms phrase right after these is a rebuttal
NEGATIONS = re.compile(r"(不是|并非|并不|不会|没有|\bnot\s*$|n't\s*$)\s*$", re.IGNORECASE)
EXTRA_STREET_NAMES = {"zh-CN": ("开心水", "神仙水"), "en": ("happy water", "fairy water")}
# someone who cannot be woken: 120 first (content-sources.md §5)
UNRESPONSIVE = {
    "zh-CN": _any("叫不醒", "昏迷", "昏睡", "失去意识", "不省人事", "呼吸(很|变)?慢"),
    "en": _any(
        r"\b(can'?t|cannot|won'?t|will not) (be )?wake\b",
        r"\b(can'?t|cannot|won'?t) be woken\b",
        r"\bhard to wake\b",
        r"\bunconscious\b",
        r"\bpass(es|ed)? out\b",
        r"\bbreath(es|ing)? (very )?slow(ly)?\b",
        r"\bcoma\b",
    ),
}
# "tell an adult if you feel unwell" makes telling conditional: say it now, whatever you feel
CONDITIONAL = {
    "zh-CN": _any(
        "(如果|要是|假如|一旦)[^，。；！]{0,8}(觉得|感觉|不舒服|不适|头晕|难受|想睡|有反应)",
        "觉得[^，。；！]{0,4}(不舒服|头晕|难受|想睡)",
    ),
    "en": _any(
        r"(?<!even )\bif you (feel|start|get|notice|begin)\b",
        r"\bwhen you (feel|start to feel)\b",
        r"(?<!even )\bif (it|they) make(s)? you\b",
    ),
}
TAIWAN = re.compile(r"(?<!我国)(?<!中国)台湾")
HARMS = {
    "zh-CN": (
        (_any(r"\d[\d.,]*\s*(万|亿|千)?\s*(名|人次|人|例)"), "a number of people is not a harm"),
        (_any(r"(19|20)\d{2}\s*年"), "a year dates a report or a listing, not a harm"),
        (
            _any("越来越", "日趋", "主要是", "主要由", "最多", "取代", "增至", "查处", "查获", "滥用人数", "患者多为"),
            "who uses it, how many or how it spreads is not a harm",
        ),
    ),
    "en": (
        (
            _any(r"\b\d[\d,.]*\s*(million|thousand|billion)?\s*(people|persons|users|cases|deaths|patients)\b"),
            "a number of people is not a harm",
        ),
        (_any(r"\b(19|20)\d{2}\b"), "a year dates a report or a listing, not a harm"),
        (
            _any(
                r"\bmore and more\b",
                r"\bgrowing\b",
                r"\bon the rise\b",
                r"\bincreasingly\b",
                r"\bmainly\b",
                r"\bthe most\b",
                r"\bovertook\b",
                r"\bmost (patients|users)\b",
            ),
            "who uses it, how many or how it spreads is not a harm",
        ),
    ),
}
LANG_KEYS = ("zh-CN", "en")


@dataclass(frozen=True)
class Acknowledged:
    """A finding kept quiet by `# ack: <rule> <why>` on its line."""

    path: str
    line: int
    rule: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: acknowledged {self.rule}: {self.why}"


@dataclass
class Review:
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    acknowledged: list[Acknowledged] = field(default_factory=list)


@dataclass(frozen=True)
class _Finding:
    path: str
    line: int
    rule: str
    message: str


def mentions(patterns: dict[str, re.Pattern[str]], text: Any) -> str | None:
    """The first phrase of `patterns` found in a Text (either language), or None."""
    for lang in LANG_KEYS:
        found = patterns[lang].search(text.get(lang))
        if found:
            return found.group(0)
    return None


def review(content: Any) -> Review:
    """Every review rule over loaded content; acknowledgements applied."""
    findings: list[_Finding] = []

    def at(kind: str, ident: str, loc: tuple, rule: str, message: str) -> None:
        doc, base = content.where[(kind, ident)]
        findings.append(_Finding(doc.path, doc.line_of(base + loc), rule, message))

    _sources(content, at)
    _settings(content, at)
    _emergencies(content, at)
    _harms(content, at)
    _phrases(content, at)
    return _settle(content, findings)


# -- sources ---------------------------------------------------------------------------------------
# a forum's address: a host label (bbs.example.com, forum.example.cn, tieba.baidu.com) or the page of a forum
# program (Discuz!'s forum.php and viewthread.php, showtopic, archiver, thread-123-1-1.html)
FORUM_HOST_LABELS = frozenset({"bbs", "forum", "forums", "tieba", "luntan", "discuz"})
FORUM_PAGE = re.compile(r"/(forum\.php|viewthread\.php|showtopic|archiver/|thread-\d)", re.IGNORECASE)


def forum_copy(url: str | None) -> bool:
    """Is this address a forum post (where a reposted text was seen, not where it was published)?"""
    from urllib.parse import urlsplit

    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    labels = (parts.hostname or "").lower().split(".")
    return bool(FORUM_HOST_LABELS.intersection(labels[:-1])) or bool(FORUM_PAGE.search(parts.path or ""))


def unfit_source(source: Any) -> str | None:
    """Why a source cannot be shown under learner text in a mainland classroom, or None."""
    if forum_copy(getattr(source, "url", None)):
        seen = "only " if source.seen != "original" else ""
        return (
            f"source '{source.id}' was seen {seen}as a forum post ({source.url}): a forum repost cannot back a fact "
            f"on screen, whatever publisher it names; cite the original ({source.publisher}) or another source "
            "on the fact sheet, or drop the fact"
        )
    if source.kind == "other":
        return (
            f"source '{source.id}' is of kind other ({source.publisher}): a mainland classroom cannot show it; "
            "cite an official, academic or international source, or drop the fact"
        )
    if source.region == "taiwan":
        return (
            f"source '{source.id}' is from 我国台湾地区 ({source.publisher}): a mainland classroom cannot show it; "
            "cite a mainland, academic or international source, or drop the fact"
        )
    if source.kind == "news" and source.region != "mainland":
        return (
            f"source '{source.id}' is news from outside the mainland ({source.publisher}): cite the authority it "
            "quotes or a mainland source, or drop the fact"
        )
    return None


def _sources(content: Any, at: Any) -> None:
    for ident, source in content.sources.items():
        if source.seen != "original" and "before release" not in (source.note or "").lower():
            how = "on a repost or mirror" if source.seen == "repost" else "second hand"
            at(
                "source",
                ident,
                ("note",),
                "source-note",
                f"source '{ident}' was seen only {how}: its note must say where, and 'check against the original before release'",
            )
    tables = {"drug": content.drugs, "quiz": content.quizzes, "level": content.levels}
    for kind, table in tables.items():
        for ident, obj in table.items():
            for loc, value in walk(obj):
                source_id = getattr(value, "source", None) if isinstance(value, BaseModel) else None
                source = content.sources.get(source_id) if isinstance(source_id, str) else None
                why = unfit_source(source) if source is not None else None
                if why:
                    at(kind, ident, loc + ("source",), "shown-source", why)


# -- settings ----------------------------------------------------------------------------------------
def minor_tracks(content: Any) -> dict[str, list[str]]:
    """Level id -> the primary, junior and senior tracks that play it."""
    out: dict[str, list[str]] = {}
    for tid, track in content.tracks.items():
        if track.age_group in MINOR_AGE_GROUPS:
            for level_id in track.every_level():
                out.setdefault(level_id, []).append(tid)
    return out


def _settings(content: Any, at: Any) -> None:
    for level_id, tracks in minor_tracks(content).items():
        level = content.levels.get(level_id)
        if level is None:
            continue
        places: list[tuple[PathKey, str | None]] = [(("setting",), getattr(level, "setting", None))]
        places += [
            (("nodes", i, "setting"), node.setting)
            for i, node in enumerate(getattr(level, "nodes", []) or [])
            if level.type == "scenario"
        ]
        for loc, setting in places:
            if setting in ADULT_ONLY_SETTINGS:
                at(
                    "level",
                    level_id,
                    loc,
                    "setting",
                    f"'{setting}': minors may not enter {ADULT_ONLY_SETTINGS[setting]}, not even with a parent "
                    f"(未成年人保护法 §58), and the {', '.join(tracks)} track plays this level; set it at a birthday "
                    "party, a friend's home, the school gate...",
                )


# -- emergencies -------------------------------------------------------------------------------------
def _emergencies(content: Any, at: Any) -> None:
    for qid, question in content.questions.items():
        if question.topic != "help" or not question.options or not mentions(UNRESPONSIVE, question.prompt):
            continue
        keyed = [(j, o) for j, o in enumerate(question.options) if o.correct]
        if keyed and not any("120" in o.text.zh or "120" in o.text.en for _, o in keyed):
            at(
                "question",
                qid,
                ("options", keyed[0][0]),
                "emergency-120",
                "someone in this prompt cannot be woken: the right answer must say to call 120 (the ambulance) first",
            )
            continue
        places: list[tuple[PathKey, str]] = [
            (("options", j, lang), o.text.get(lang)) for j, o in keyed for lang in LANG_KEYS
        ]
        places += [(("explanation", lang), question.explanation.get(lang)) for lang in LANG_KEYS]
        for loc, said in places:
            if "110" in said and ("120" not in said or said.index("110") < said.index("120")):
                at(
                    "question",
                    qid,
                    loc,
                    "emergency-120",
                    "someone in this prompt cannot be woken: say 120 (the ambulance) first, then 110 (the police)",
                )
                break


# -- harms -------------------------------------------------------------------------------------------
def _harms(content: Any, at: Any) -> None:
    for ident, drug in content.drugs.items():
        for i, harm in enumerate(drug.harms):
            for lang in LANG_KEYS:
                for pattern, why in HARMS[lang]:
                    found = pattern.search(harm.get(lang))
                    if found:
                        at(
                            "drug",
                            ident,
                            ("harms", i, lang),
                            "harms-only",
                            f"'{found.group(0)}': {why}; a harm card holds harms to body, mind or under the law",
                        )
                        break


# -- phrases -----------------------------------------------------------------------------------------
def _texts(content: Any) -> Iterator[tuple[str, str, tuple, Any, bool]]:
    """(kind, id, loc, Text, read by minors) for every player-facing text."""
    minors = minor_tracks(content)
    for key, text in content.strings.items():
        yield "string", key, (), text, True
    for ident, drug in content.drugs.items():
        for loc, value in _texts_in(drug):
            yield "drug", ident, loc, value, True
    for ident, quiz in content.quizzes.items():
        for loc, value in _texts_in(quiz):
            yield "quiz", ident, loc, value, _quiz_text_for_minors(quiz, loc)
    tracked = {level_id for track in content.tracks.values() for level_id in track.every_level()}
    for ident, level in content.levels.items():
        young = ident in minors or ident not in tracked
        for loc, value in _texts_in(level):
            yield "level", ident, loc, value, young
    for ident, track in content.tracks.items():
        for loc, value in _texts_in(track):
            yield "track", ident, loc, value, track.age_group in MINOR_AGE_GROUPS


def _texts_in(obj: Any) -> Iterator[tuple[tuple, Text]]:
    """(loc, Text) for every text inside one model."""
    for loc, value in walk(obj):
        if isinstance(value, Text):
            yield loc, value


def _quiz_text_for_minors(quiz: Any, loc: tuple) -> bool:
    """A quiz text minors may read: a question with no age groups, or one with a minor group; the quiz's
    other texts (not inside a question) always."""
    ages = quiz.questions[loc[1]].ages if loc[:1] == ("questions",) else []
    return not ages or any(a in MINOR_AGE_GROUPS for a in ages)


def _street_names(content: Any) -> dict[str, list[str]]:
    names: dict[str, set[str]] = {lang: set(EXTRA_STREET_NAMES[lang]) for lang in LANG_KEYS}
    for drug in content.drugs.values():
        for name in drug.street_names:
            names["zh-CN"].add(name.zh)
            names["en"].add(name.en.lower())
    shortest = {"zh-CN": 2, "en": 5}  # 花 or "ice" alone would match everywhere
    return {
        lang: sorted((n for n in names[lang] if len(n) >= shortest[lang]), key=len, reverse=True) for lang in LANG_KEYS
    }


def _phrases(content: Any, at: Any) -> None:
    streets = _street_names(content)
    checks = (
        (
            "fear-appeal",
            FEAR,
            "a scare phrase: fear appeals can raise curiosity and stigma (UNODC); state the harm calmly",
        ),
        (
            "norms-phrase",
            NORMS,
            "an 'everybody does it' phrase teaches the norm it states; say that most "
            "people do not use drugs, or answer the claim",
        ),
    )
    for kind, ident, loc, text, young in _texts(content):
        for lang in LANG_KEYS:
            words = text.get(lang)
            where = loc + (lang,)
            for rule, patterns, why in checks:
                found = next(
                    (
                        m
                        for m in patterns[lang].finditer(words)
                        if not (rule == "norms-phrase" and NEGATIONS.search(words[max(0, m.start() - 8) : m.start()]))
                    ),
                    None,
                )
                if found:
                    at(kind, ident, where, rule, f"'{found.group(0)}': {why}")
            if young:
                found = VENUES[lang].search(words)
                if found:
                    at(
                        kind,
                        ident,
                        where,
                        "venue-word",
                        f"'{found.group(0)}' in text that minors read: "
                        "minors may not enter KTV, bars or 网吧 (未成年人保护法 §58); move the story",
                    )
            haystack = words if lang == "zh-CN" else words.lower()
            name = next((n for n in streets[lang] if n in haystack), None)
            if name is not None:
                lure = LURES[lang].search(haystack.replace(name, " "))
                if lure:
                    at(
                        kind,
                        ident,
                        where,
                        "search-recipe",
                        f"the street name '{name}' with the promise "
                        f"'{lure.group(0)}' reads like something to look up or buy; drop one of them",
                    )
            if lang == "zh-CN" and TAIWAN.search(words):
                at(kind, ident, where, "taiwan-naming", "write 我国台湾地区 (or 中国台湾), not 台湾 alone")


# -- acknowledgements --------------------------------------------------------------------------------
def _documents(content: Any) -> dict[str, Any]:
    return {doc.path: doc for doc, _ in content.where.values()}


def comment_start(line: str) -> int | None:
    """Where a YAML comment starts on a line: the first '#' after a space (or at the start) that is
    not inside a quoted scalar. A quote opens a scalar only where a value can start (after ': ',
    '- ', '[', '{' or ','), so the apostrophe in `en: don't` is text."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = None
        elif quote == "'":
            if ch == "'" and line[i + 1 : i + 2] == "'":
                i += 1
            elif ch == "'":
                quote = None
        elif ch in "\"'" and line[:i].rstrip()[-1:] in ("", ":", "-", "[", "{", ","):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
        i += 1
    return None


def _acks(doc: Any) -> Iterator[tuple[int, list[str], str]]:
    """(line, rules, why) for every `# ack: <rules> <why>` comment; the ack must open the comment."""
    for number, line in enumerate(LINE_BREAK.split(doc.text), start=1):
        if "ack:" not in line:
            continue
        start = comment_start(line)
        found = ACK.match(line, start) if start is not None else None
        if found:
            rules = [r.strip() for r in found.group("rules").split(",")]
            yield number, rules, found.group("why").strip(" \t-—–:：()（）")


def _settle(content: Any, findings: list[_Finding]) -> Review:
    """Findings into errors and warnings, unless acknowledged on their line; acks that are malformed or
    acknowledge nothing are errors too (in this order: bad acks, findings, unused acks)."""
    result = Review()
    acks = _valid_acks(content, result.errors)
    used: set[tuple[str, int, str]] = set()
    seen: set[tuple[str, int, str]] = set()
    for f in findings:
        key = (f.path, f.line, f.rule)
        if key in seen:  # both languages on one line, or two phrases: one finding a line and rule
            continue
        seen.add(key)
        if key in acks:
            used.add(key)
            result.acknowledged.append(Acknowledged(f.path, f.line, f.rule, acks[key]))
        else:
            _report(f, result)
    for key in acks:
        if key not in used:
            path, line, rule = key
            result.errors.append(
                ContentError(
                    path,
                    line,
                    f"ack: nothing to acknowledge here ('{rule}' finds nothing on this line): remove the comment",
                )
            )
    return result


def _valid_acks(content: Any, errors: list[ContentError]) -> dict[tuple[str, int, str], str]:
    """(path, line, rule) -> why for every well-formed ack; an error in `errors` for each malformed one."""
    acks: dict[tuple[str, int, str], str] = {}
    for path, doc in _documents(content).items():
        for line, rules, why in _acks(doc):
            for rule in rules:
                problem = _ack_problem(rule, why)
                if problem is None:
                    acks[(path, line, rule)] = why
                else:
                    errors.append(ContentError(path, line, problem))
    return acks


def _ack_problem(rule: str, why: str) -> str | None:
    """What is wrong with `# ack: <rule> <why>`, or None if nothing."""
    if rule not in RULES:
        return f"ack: unknown rule '{rule}' (these can be acknowledged: {', '.join(ACKABLE)})"
    if rule not in ACKABLE:
        return f"ack: '{rule}' cannot be acknowledged: fix it"
    if not why:
        return f"ack: say why '{rule}' is acceptable here (# ack: {rule} <reason>)"
    return None


def _report(f: _Finding, result: Review) -> None:
    """An unacknowledged finding: a warning or an error as its rule says, with how to ack it if it may be."""
    warning, ackable = RULES[f.rule]
    hint = f" (if it must stay: # ack: {f.rule} <why>)" if ackable else ""
    if warning:
        result.warnings.append(ContentError(f.path, f.line, f"warning: {f.rule}: {f.message}{hint}"))
    else:
        result.errors.append(ContentError(f.path, f.line, f"{f.rule}: {f.message}{hint}"))
