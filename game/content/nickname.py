"""The nickname filter: what a stranger may put on the kiosk's public leaderboard.

A nickname is NFKC-normalised (full-width letters become plain ones, the ideographic space a
space), then must be 1 to 16 characters of letters (CJK included), digits, single inner spaces
and a few joiners (- _ . ·): no controls, no format characters (zero-width, RTL marks, BOM), no
emoji, no combining marks, nothing the bundled font cannot draw. Then the block-list
(content/blocklist.yaml) is matched against a skeleton of the name: case-folded, with
everything but letters and digits removed (so "f.u c-k" and "傻 逼" match), once as typed and
once with look-alike digits read as letters ("sh1t"), and with repeated letters squeezed.
Words in `anywhere` are refused wherever they appear; words in `whole` only as the whole name
or one part of it (so "class" and "Dickens" pass while "ass" and "dick" do not).

The file models (content/blocklist.yaml, content/nicknames.yaml) are in game/content/schema.py;
this module is pure Python (no pydantic), so the entry screen imports it at no cost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from game.names import NAME_MAX, name_problem, normalise

MAX_CHARS = NAME_MAX  # the length and character rules live in game/names.py (the classroom hub shares them)
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
)
_SPLIT = re.compile(r"[\s\-_.·]+")


def skeleton(text: str) -> str:
    """Case-folded letters and digits only: what a block-list word is compared with."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def _squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def _variants(text: str) -> set[str]:
    """The skeleton as typed and with look-alike digits/symbols read as letters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return {skeleton(folded), skeleton(folded.translate(LEET))} - {""}


@dataclass(frozen=True)
class Blocklist:
    anywhere: frozenset[str] = field(default_factory=frozenset)
    whole: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_file(cls, model: Any) -> Blocklist:
        if model is None:
            return cls()
        anywhere = {skeleton(w) for w in (*model.anywhere.zh, *model.anywhere.en)}
        whole = {skeleton(w) for w in (*model.whole.zh, *model.whole.en)}
        return cls(frozenset(anywhere - {""}), frozenset(whole - {""}))

    def blocks(self, name: str) -> bool:
        """True when the name contains an `anywhere` word or is/has a part that is a `whole` word."""
        for variant in _variants(name):
            squeezed = _squeeze(variant)
            for word in self.anywhere:
                if word in variant or _squeeze(word) in squeezed:
                    return True
        parts = [name, *_SPLIT.split(name)]
        return any(_variants(part) & self.whole for part in parts)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    name: str  # the normalised nickname (what is stored when ok)
    reason: str = ""  # "empty", "too_long", "characters", "font", "blocked"
    bad: str = ""  # for "characters"/"font": the first character refused

    @property
    def message_key(self) -> str:
        """The strings.yaml key of the friendly message for this refusal."""
        return f"nickname.{self.reason}" if self.reason else ""


def check_nickname(text: str, blocklist: Blocklist | None = None, covered: Iterable[int] | None = None) -> Verdict:
    """Accept or refuse a nickname; the Verdict's name is the normalised form to store."""
    reason, bad = name_problem(text)  # length and characters: game/names.py
    name = normalise(text)
    if reason:
        return Verdict(False, name, reason, bad)
    if covered is not None:
        points = covered if isinstance(covered, (set, frozenset)) else frozenset(covered)
        for ch in name:
            if ord(ch) not in points and ch != " ":
                return Verdict(False, name, "font", ch)
    if blocklist is not None and blocklist.blocks(name):
        return Verdict(False, name, "blocked")
    return Verdict(True, name)


def words_in(words: Any, lang: str) -> list[str]:
    """A word list's words in a language (a function, not a method: the cached content keeps fields only)."""
    return list(words.zh if lang == "zh-CN" else words.en)


def join_words(words: Iterable[str], lang: str) -> str:
    """Words as one nickname: run together in Chinese, a space between them in English."""
    return ("" if lang == "zh-CN" else " ").join(words)


def word_problems(words: Any, blocklist: Blocklist | None, covered: Iterable[int] | None) -> list[tuple[tuple, str]]:
    """(location in the file, message) for each word the nickname filter refuses, and for each language
    whose longest adjective and longest animal do not fit in one nickname."""
    problems: list[tuple[tuple, str]] = []
    for field_name in ("adjectives", "animals"):
        lists = getattr(words, field_name)
        for lang, key in (("zh-CN", "zh"), ("en", "en")):
            for i, word in enumerate(getattr(lists, key)):
                verdict = check_nickname(word, blocklist, covered)
                if not verdict.ok:
                    problems.append(
                        ((field_name, lang, i), f"{word!r} is refused by the nickname filter ({verdict.reason})")
                    )
                elif verdict.name != word:
                    problems.append(((field_name, lang, i), f"{word!r}: write it as {verdict.name!r}"))
    for lang, key in (("zh-CN", "zh"), ("en", "en")):
        adjective = max(getattr(words.adjectives, key), key=len, default="")
        animal = max(getattr(words.animals, key), key=len, default="")
        longest = f"{join_words((adjective, animal), lang)} 99"  # as generate_nickname makes them
        if len(longest) > MAX_CHARS:
            i = getattr(words.adjectives, key).index(adjective)
            problems.append(
                (
                    ("adjectives", lang, i),
                    f"{longest!r} is {len(longest)} characters: an adjective with an "
                    f"animal and a number must fit in a nickname ({MAX_CHARS})",
                )
            )
    return problems


def generate_nickname(
    words: Any,
    lang: str,
    rng: Any,
    blocklist: Blocklist | None = None,
    covered: Iterable[int] | None = None,
    taken: Iterable[str] = (),
) -> str:
    """A friendly name for a visitor who types nothing: an adjective, an animal and a number
    ("勇敢的熊猫 23", "Brave Panda 23"), drawn with `rng` (seeded: a replay draws the same name),
    through the nickname filter, and not one of `taken` (today's names) when it can be helped."""
    taken_names = set(taken)
    adjectives, animals = words_in(words.adjectives, lang), words_in(words.animals, lang)
    name = ""
    for _ in range(50):
        name = f"{join_words((rng.choice(adjectives), rng.choice(animals)), lang)} {rng.randint(10, 99)}"
        verdict = check_nickname(name, blocklist, covered)
        if verdict.ok and verdict.name not in taken_names:
            return verdict.name
    return name  # every draw taken: a repeat is harmless (the board shows each session's own row)
