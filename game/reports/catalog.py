"""What the reports need to know about the content, as plain data (no pydantic, no pygame).

Answers in the database carry only a question id; its topic, drugs, options and wording come
from here. A question the content no longer has still shows up, under the topic "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TOPICS = ("recognition", "effects", "law", "refusal", "norms", "help")
LANGS = ("zh-CN", "en")


def _texts(text: Any) -> dict[str, str]:
    return {lang: text.get(lang) for lang in LANGS} if text is not None else {}


def _graph_order(level: Any) -> list[str]:
    """A scenario's node ids in an order every path follows (a topological order of its graph: the lint
    refuses loops): the replies of one attempt sorted by it are in the order they were picked."""
    nexts = {n.id: [c.to for c in n.choices] for n in level.nodes}
    before = {n.id: 0 for n in level.nodes}
    for targets in nexts.values():
        for t in targets:
            if t in before:
                before[t] += 1
    ready = [n.id for n in level.nodes if before[n.id] == 0]
    out = []
    while ready:
        node = ready.pop(0)
        out.append(node)
        for t in nexts.get(node, []):
            if t in before:
                before[t] -= 1
                if before[t] == 0:
                    ready.append(t)
    return out


@dataclass(frozen=True)
class OptionInfo:
    id: str
    correct: bool
    text: dict[str, str]


@dataclass(frozen=True)
class QuestionInfo:
    id: str
    topic: str
    drugs: tuple[str, ...]
    kind: str
    points: int
    prompt: dict[str, str]
    options: tuple[OptionInfo, ...]

    @property
    def key(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class LevelInfo:
    id: str
    type: str
    title: dict[str, str]


@dataclass
class Catalog:
    questions: dict[str, QuestionInfo] = field(default_factory=dict)
    levels: dict[str, LevelInfo] = field(default_factory=dict)
    tracks: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> title by language
    drugs: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> name by language
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    # for the refusal-skill profile (game/reports/skills.py): each scenario decision point's replies and their
    # skills (None: a reply that uses none), and who says the line the player answers (by language; {} = a caption)
    choice_skills: dict[str, dict[str, str | None]] = field(default_factory=dict)
    speakers: dict[str, dict[str, str]] = field(default_factory=dict)
    choice_order: dict[str, int] = field(default_factory=dict)  # decision point -> its place in its scenario's graph
    track_forms: dict[str, dict[str, str]] = field(default_factory=dict)  # track -> {pre, post, retention: level id}
    integrity: Any = (
        None  # game.reports.integrity.Rules: content/integrity.yaml's thresholds (None: the shipped file's)
    )

    # -- looking things up, in a language ---------------------------------------------------------
    def text(self, key: str, lang: str, **values: Any) -> str:
        from game.content.loader import fill

        entry = self.strings.get(key)
        return fill(entry.get(lang, key) if entry else key, **values)

    def topic_name(self, topic: str, lang: str) -> str:
        return self.text(f"report.topic_{topic}", lang) if f"report.topic_{topic}" in self.strings else topic

    def drug_name(self, drug: str, lang: str) -> str:
        return self.drugs.get(drug, {}).get(lang, drug)

    def level_title(self, level_id: str, lang: str) -> str:
        info = self.levels.get(level_id)
        return info.title.get(lang, level_id) if info else level_id

    def track_title(self, track_id: str, lang: str) -> str:
        return self.tracks.get(track_id, {}).get(lang, track_id)

    def kind_of(self, question_id: str) -> str:
        """single, multiple, truefalse or estimate; "single" for an id the content no longer has."""
        info = self.questions.get(question_id)
        return info.kind if info else "single"

    def prompt(self, question_id: str, lang: str) -> str:
        info = self.questions.get(question_id)
        return info.prompt.get(lang, question_id) if info else question_id

    def short_prompt(self, question_id: str, lang: str, limit: int = 34) -> str:
        """The question's wording cut to about `limit` columns (a Chinese character counts two), for a
        chart's label: a teacher reads the question, not its id."""
        from unicodedata import east_asian_width

        text = " ".join(self.prompt(question_id, lang).split())
        used = 0
        for i, ch in enumerate(text):
            used += 2 if east_asian_width(ch) in "WF" else 1
            if used > limit:
                return text[:i].rstrip(" ,，。：:") + "…"
        return text

    def option_text(self, question_id: str, option_id: str, lang: str) -> str:
        """An option's wording, or its id when the content no longer has it."""
        info = self.questions.get(question_id)
        option = next((o for o in info.options if o.id == option_id), None) if info else None
        return option.text.get(lang, option_id) if option else option_id

    def topic_of(self, question_id: str) -> str:
        info = self.questions.get(question_id)
        return info.topic if info else "unknown"

    def topics_in_order(self, seen: set[str]) -> list[str]:
        return [t for t in TOPICS if t in seen] + sorted(seen - set(TOPICS))

    # -- building -------------------------------------------------------------------------------------
    @classmethod
    def from_content(cls, content: Any) -> Catalog:
        """From a loaded game.content.loader.Content (duck-typed: no import of pydantic here)."""
        questions = {}
        for qid, q in content.questions.items():
            options = tuple(OptionInfo(o.id, bool(o.correct), _texts(o.text)) for o in q.choices())
            questions[qid] = QuestionInfo(qid, q.topic, tuple(q.drugs), q.kind, q.points, _texts(q.prompt), options)
        for level in content.levels.values():  # scenario decision points and spot items are answered like questions
            for qid, topic, drugs, points, prompt, options in getattr(level, "report_items", lambda: [])():
                infos = tuple(OptionInfo(oid, correct, _texts(text)) for oid, correct, text in options)
                questions[qid] = QuestionInfo(qid, topic, tuple(drugs), "single", points, _texts(prompt), infos)
        levels = {lid: LevelInfo(lid, level.type, _texts(level.title)) for lid, level in content.levels.items()}
        tracks = {tid: _texts(t.title) for tid, t in content.tracks.items()}
        drugs = {did: _texts(d.name) for did, d in content.drugs.items()}
        strings = {key: _texts(text) for key, text in content.strings.items()}
        skills: dict[str, dict[str, str | None]] = {}
        speakers: dict[str, dict[str, str]] = {}
        order: dict[str, int] = {}
        for level in content.levels.values():
            if level.type != "scenario":
                continue
            people = {c.id: _texts(c.name) for c in level.characters}
            for rank, node_id in enumerate(_graph_order(level)):
                order[f"{level.id}:{node_id}"] = rank
            for node in level.nodes:
                if node.choices:
                    qid = f"{level.id}:{node.id}"
                    skills[qid] = {c.id: c.skill for c in node.choices}
                    speakers[qid] = people.get(node.speaker, {})
        forms = {
            tid: {
                role: ref
                for role, ref in (
                    ("pre", t.pre_test),
                    ("post", t.post_test),
                    ("retention", getattr(t, "retention_test", None)),
                )
                if ref
            }
            for tid, t in content.tracks.items()
        }
        from game.reports.integrity import Rules

        return cls(
            questions,
            levels,
            tracks,
            drugs,
            strings,
            skills,
            speakers,
            order,
            forms,
            Rules.from_content(getattr(content, "integrity", None)),
        )
