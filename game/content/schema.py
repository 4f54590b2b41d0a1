"""Typed models of everything under content/: drugs, sources, quizzes, levels, tracks, strings.

The models are strict (a YAML `no` or `1.10` never silently becomes a bool or a float where
text is wanted) and forbid unknown keys, so a typo in a field name is an error at the door,
not a silently ignored setting. Level types register their own models in game.levels.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from game.content.nickname import skeleton
from game.content.records import QuestionMethods, TextMethods, TrackMethods

LANGS = ("zh-CN", "en")
# the colours the art atlas has for a scenario character's shirt or a spot item (game/tools/art.py SHIRTS)
Palette = Literal["red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "grey"]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$"),
    Field(description="lower-case id: letters, digits, '-', '_' or '.', at most 64 characters"),
]


class Model(BaseModel):
    """Base of every content model: strict, frozen, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True, defer_build=True)

    def _text(self, zh: str, en: str) -> Text:
        """A Text of this family (see Methods._text: records make record Texts)."""
        return Text(zh=zh, en=en)


class Text(Model, TextMethods):
    """A player-facing string in every language the game speaks (`get(lang)` is in TextMethods)."""

    zh: str = Field(alias="zh-CN", min_length=1, description="Simplified Chinese")
    en: str = Field(min_length=1, description="English")


class Fact(Text):
    """A statement of fact, in both languages, with the id of its source in sources.yaml."""

    source: Id = Field(description="id of an entry in content/sources.yaml")
    as_of: dt.date | None = Field(default=None, description="the date the fact is true as of")


SourceKind = Literal["official", "academic", "international", "news", "other"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
Region = Literal["mainland", "hong_kong", "macao", "taiwan", "foreign", "international"]
Seen = Literal["original", "repost", "second_hand"]


class Source(Model):
    """A public authority page or publication that a fact rests on. Its publisher and title are
    shown to the learner under every fact that cites it (`来源：publisher: title`), so `kind` and
    `region` say whether a mainland classroom can show it (game.content.review checks)."""

    id: Id
    title: str = Field(min_length=1)
    title_en: str | None = Field(
        default=None,
        min_length=1,
        description="the title in English, for English players "
        "(a Chinese title needs one; without it they see the title as written)",
    )
    publisher: str = Field(min_length=1)
    publisher_en: str | None = Field(default=None, min_length=1, description="the publisher in English, likewise")
    kind: SourceKind = Field(
        description="official: a government body, police, court, regulator or a public school's "
        "own office; academic: journals, books, university research or health centres; "
        "international: UN bodies (UNODC, WHO) and the EMCDDA; news: news agencies, papers, "
        "broadcasters; other: forums, encyclopedias, shops, pages with no known publisher"
    )
    region: Region = Field(
        description="where the publisher is: mainland, hong_kong, macao, taiwan, foreign "
        "(another country) or international (a UN or EU body)"
    )
    seen: Seen = Field(
        default="original",
        description="original: read on the publisher's own page; repost: only "
        "on a repost or mirror; second_hand: only as quoted by someone else (the note says where)",
    )
    date: dt.date | None = None
    url: str | None = None
    note: str | None = Field(
        default=None, description="e.g. 'seen on a repost; check against the original before release'"
    )


class SourceFile(Model):
    sources: list[Source] = Field(min_length=1)


AgeGroup = Literal["primary", "junior", "senior", "university"]
AGE_GROUPS: tuple[str, ...] = AgeGroup.__args__  # type: ignore[attr-defined]

Category = Literal[
    "opioid",
    "stimulant",
    "dissociative",
    "empathogen",
    "hallucinogen",
    "cannabinoid",
    "synthetic_cannabinoid",
    "sedative",
    "inhalant",
    "cathinone",
    "plant_stimulant",
    "mixture",  # disguised packs of unknown, changing content (e.g. drug "coffee packs")
]


class Drug(Model):
    """One substance: what it is called, what it looks like, what it does, what the law says."""

    id: Id
    name: Text
    category: Category
    street_names: list[Text] = Field(default_factory=list)
    looks: list[Fact] = Field(min_length=1, description="what it looks like, disguised forms included")
    effects: list[Fact] = Field(default_factory=list)
    harms: list[Fact] = Field(min_length=1)
    legal_status: list[Fact] = Field(min_length=1)
    image: str | None = Field(default=None, description="a picture for its fact card, a path under assets/")
    art: Id | None = Field(
        default=None,
        description="the picture it flies as in the chase: what it hides in "
        "(an id in assets/art/atlas.json, e.g. bubble-tea)",
    )
    icon: Literal[
        "circle",
        "square",
        "diamond",
        "triangle",
        "star",
        "hexagon",
        "cross",
        "drop",
        "pentagon",
        "octagon",
        "capsule",
        "trapezoid",
        "kite",
        "hourglass",
    ] = Field(default="circle", description="the shape drawn for it in action levels (never colour alone)")


Topic = Literal["recognition", "effects", "law", "refusal", "norms", "help", "prevention"]
# prevention: how prevention works (what the research says helps, what backfires), for university students


class Option(Model):
    id: Id
    text: Text
    correct: bool = False


class EstimateMark(Model):
    """A real figure drawn on an estimate question's 0-100 scale in its feedback, with what it measures."""

    value: float = Field(ge=0, le=100, description="where on the 0-100 scale (a percentage)")
    high: float | None = Field(default=None, ge=0, le=100, description="the top of a range (value is its bottom)")
    label: Text = Field(description="what the figure is, e.g. 'registered drug users under 18 (2019)'")
    source: Id

    @model_validator(mode="after")
    def _range(self) -> EstimateMark:
        if self.high is not None and self.high <= self.value:
            raise ValueError(f"high ({self.high:g}) must be above value ({self.value:g})")
        return self


class Question(Model, QuestionMethods):
    """A quiz question. `single` and `truefalse` have exactly one right option; `multiple` one or more.

    `estimate` (the norms item, "out of 100 students your age, how many...?") has no options and
    no right answer: the player picks 0-100, the number is stored, it is never scored (max 0 points),
    and the feedback shows the real figures (`marks`) with their sources.
    """

    id: Id
    kind: Literal["single", "multiple", "truefalse", "estimate"] = "single"
    topic: Topic
    drugs: list[Id] = Field(default_factory=list, description="ids of drugs this question is about")
    ages: list[AgeGroup] = Field(default_factory=list, description="age tracks it suits; empty = all")
    prompt: Text
    options: list[Option] = Field(default_factory=list, description="not used for truefalse")
    answer: bool | None = Field(default=None, description="truefalse only: is the statement true?")
    explanation: Text
    source: Id
    points: int = Field(default=10, ge=1, le=100)
    marks: list[EstimateMark] = Field(
        default_factory=list, max_length=4, description="estimate only: real figures shown on the scale"
    )

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        kind = info.data.get("kind")
        if kind == "truefalse":
            if options:
                raise ValueError("a truefalse question takes `answer:`, not `options:`")
            return options
        if kind == "estimate":
            if options:
                raise ValueError("an estimate question takes no `options:` (the player picks a number from 0 to 100)")
            return options
        if not 2 <= len(options) <= 6:
            raise ValueError(f"needs 2 to 6 options (found {len(options)})")
        ids = [o.id for o in options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"option ids must be unique (repeated: {', '.join(dupes)})")
        right = sum(o.correct for o in options)
        if kind == "single" and right != 1:
            raise ValueError(f"exactly one option must be correct (found {right})")
        if kind == "multiple" and right < 1:
            raise ValueError("at least one option must be correct (found 0)")
        return options

    @field_validator("answer")
    @classmethod
    def _check_answer(cls, answer: bool | None, info: ValidationInfo) -> bool | None:
        kind = info.data.get("kind")
        if answer is not None and kind not in (None, "truefalse"):
            raise ValueError(f"`answer:` is only for truefalse questions (this one is {kind})")
        return answer

    @model_validator(mode="after")
    def _check_kind(self) -> Question:
        if self.kind == "truefalse" and self.answer is None:
            raise ValueError("a truefalse question needs `answer: true` or `answer: false`")
        if self.kind not in ("truefalse", "estimate") and not self.options:
            raise ValueError(f"a {self.kind} question needs 2 to 6 `options:`")
        if self.marks and self.kind != "estimate":
            raise ValueError(f"`marks:` is only for estimate questions (this one is {self.kind})")
        return self

    def _option(self, ident: str, zh: str, en: str, correct: bool) -> Option:
        """An Option of this family, for true/false choices() (max_points and choices() are in QuestionMethods)."""
        return Option(id=ident, text=Text(zh=zh, en=en), correct=correct)


class QuizFile(Model):
    """A bank of questions, e.g. content/quizzes/junior.yaml."""

    id: Id
    title: Text
    questions: list[Question] = Field(min_length=1)


# Where a story or a level takes place. Scenario backdrops draw the first eight (others fall back to
# the street); the lint refuses the places minors may not enter (ADULT_ONLY_SETTINGS) in the
# primary, junior and senior tracks.
Setting = Literal[
    "party",
    "street",
    "home",
    "school",
    "dorm",
    "shop",
    "park",
    "online",
    "school_gate",
    "market",
    "parcel_point",
    "ktv",
    "bar",
    "internet_cafe",
    "nightclub",
]
SETTINGS: tuple[str, ...] = Setting.__args__  # type: ignore[attr-defined]
# 《未成年人保护法》第58条: 营业性歌舞娱乐场所、酒吧、互联网上网服务营业场所 may not admit minors
# (not even with a parent), so no story for under-18s is set there.
ADULT_ONLY_SETTINGS: dict[str, str] = {
    "ktv": "营业性歌舞娱乐场所（KTV）",
    "nightclub": "营业性歌舞娱乐场所（夜店、歌舞厅）",
    "bar": "酒吧",
    "internet_cafe": "互联网上网服务营业场所（网吧）",
}
MINOR_AGE_GROUPS = ("primary", "junior", "senior")


class LevelBase(Model):
    """Fields every level type has; each type in game.levels adds its own."""

    id: Id
    type: str
    title: Text
    intro: Text | None = None


class QuickPlay(Model):
    """The two-minute kiosk visit for this track (docs/kiosk.md "Quick play"): its chase level (with a
    three-question mini-quiz on the drugs met), then one refusal moment."""

    chase: Id = Field(description="a chase level, e.g. the track's own")
    refusal: Id = Field(description="a scenario level with one decision: each reply of its start node ends the story")


class Track(Model, TrackMethods):
    """An ordered list of levels for one age group, e.g. content/tracks/junior.yaml (sequence() is in TrackMethods)."""

    id: Id
    age_group: AgeGroup
    title: Text
    description: Text
    minutes: int = Field(default=15, ge=1, le=120, description="about how long it takes")
    pre_test: Id | None = Field(default=None, description="level id played first, marked as the pre-test")
    levels: list[Id] = Field(min_length=1)
    post_test: Id | None = Field(default=None, description="level id played last, marked as the post-test")
    retention_test: Id | None = Field(
        default=None,
        description="a third parallel form of the pre/post test, played first in a student's session once "
        "the teacher's re-test date for their class has come (role 'retention'; game/classroom/retention.py)",
    )
    quick: QuickPlay | None = Field(default=None, description="quick play at a kiosk: a chase and one refusal moment")


class StringsFile(Model):
    """content/strings.yaml: every piece of interface text, by key."""

    strings: dict[str, Text]


class WordsFile(Model):
    """content/words.yaml: the Chinese words of the content (made by `python -m game.tools.words`), kept
    whole when a line of Chinese text is wrapped."""

    built_from: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")] | None = Field(
        None, description="the fingerprint of the Chinese text the list was made from (game.content.words)"
    )
    words: list[Annotated[str, StringConstraints(pattern=r"^[\u4e00-\u9fff]{2,8}$")]] = Field(
        description="words of 2 to 8 Chinese characters"
    )


# -- the nickname filter's word lists (game/content/nickname.py reads them) --------------------------
class Words(BaseModel):
    """Block-listed words in each language."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)
    zh: list[str] = Field(default_factory=list, alias="zh-CN", description="Chinese words")
    en: list[str] = Field(default_factory=list, description="English words")

    @field_validator("zh", "en")
    @classmethod
    def _not_empty(cls, words: list[str]) -> list[str]:
        for word in words:
            if not skeleton(word):  # the nickname filter's own view of a word
                raise ValueError(f"{word!r} has no letters or digits, so it would match nothing")
        return words


class BlocklistFile(BaseModel):
    """content/blocklist.yaml: words refused in nicknames (checked by `python main.py validate`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    anywhere: Words = Field(default_factory=Words, description="refused wherever they appear in a name")
    whole: Words = Field(default_factory=Words, description="refused as the whole name or one part of it")


class WordList(BaseModel):
    """Words in each language (at least 4, at most 60 of each)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)
    zh: list[str] = Field(min_length=4, max_length=60, alias="zh-CN", description="Chinese words")
    en: list[str] = Field(min_length=4, max_length=60, description="English words")


class NicknameWordsFile(BaseModel):
    """content/nicknames.yaml: an adjective and an animal make a nickname ("勇敢的熊猫", "Brave Panda"):
    tapped word by word on the entry screen (a Chinese name without a keyboard), or drawn at random
    for a generated one. Checked by `validate`: every word passes the nickname filter, and any
    adjective with any animal fits in a nickname."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    adjectives: WordList
    animals: WordList
