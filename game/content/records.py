"""Checked content as the game plays it: plain read-only records, no pydantic.

Why: importing pydantic and defining the content models costs ~150 ms, more than half of a
cached start. The pydantic models (game.content.schema, game.content.levels.*) check content at
the door (`validate`, a cache miss); what passed is converted here into records that carry the
same attribute names and values, and the same methods, and the game plays on those.

The methods the game calls on content live in the *Methods mixins below, and both families
share them: `class Question(Model, QuestionMethods)` on the pydantic side, and a record class
built from the same mixins on the other. A public method or property written on a pydantic
model instead of its mixin would be missing from the record: `runtime_class` refuses such a
model (tests/test_content_records.py checks every model), so the cache cannot silently lose it.

Record classes are named after their model and mixins (`Question__QuestionMethods`) and made on
first use by this module's __getattr__, so pickle stores and finds them by name like any class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

SEP = "__"


class Methods:
    """Base of the method mixins: behaviour only (no fields), shared by models and records."""

    __slots__ = ()

    def _text(self, zh: str, en: str) -> Any:
        """A Text of this object's family (a record here; schema.Model makes a pydantic Text)."""
        return make("Text", (TextMethods,), {"zh": zh, "en": en})


class TextMethods(Methods):
    __slots__ = ()
    if TYPE_CHECKING:  # the fields these methods read (the model or the record has them)
        zh: str
        en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh-CN" else self.en


class QuestionMethods(Methods):
    __slots__ = ()
    if TYPE_CHECKING:
        kind: str
        points: int
        options: list[Any]
        answer: bool | None

    def _option(self, ident: str, zh: str, en: str, correct: bool) -> Any:
        return make("Option", (), {"id": ident, "text": self._text(zh, en), "correct": correct})

    @property
    def max_points(self) -> int:
        """Points it can earn: an estimate is never scored, so it cannot distort scores or item analysis."""
        return 0 if self.kind == "estimate" else self.points

    def choices(self) -> list[Any]:
        """The options a player picks from (true/false questions get theirs made here; estimates have none)."""
        if self.kind != "truefalse":
            return list(self.options)
        answer = self.answer
        return [
            self._option("true", "对", "True", answer is True),
            self._option("false", "错", "False", answer is False),
        ]


class TrackMethods(Methods):
    __slots__ = ()
    if TYPE_CHECKING:
        pre_test: str | None
        levels: list[str]
        post_test: str | None
        retention_test: str | None
        quick: Any

    def sequence(self) -> list[tuple[str, str]]:
        """(level id, role) in play order; role is 'pre', 'level' or 'post'."""
        out = [(self.pre_test, "pre")] if self.pre_test else []
        out += [(level, "level") for level in self.levels]
        if self.post_test:
            out.append((self.post_test, "post"))
        return out

    def quick_sequence(self) -> list[tuple[str, str]]:
        """Quick play's (level id, role): the chase, then the refusal moment; [] when the track has none."""
        quick = self.quick
        return [] if quick is None else [(quick.chase, "level"), (quick.refusal, "level")]

    def every_level(self) -> list[str]:
        """Every level id this track can play: the course, the re-test and quick play (for the lints)."""
        ids = [level_id for level_id, _ in self.sequence()] + [level_id for level_id, _ in self.quick_sequence()]
        retention = self.retention_test
        return ids + ([retention] if retention else [])


class ScenarioMethods(Methods):
    __slots__ = ()
    if TYPE_CHECKING:
        id: str
        points: int
        nodes: list[Any]

    def node(self, node_id: str) -> Any:
        return next(n for n in self.nodes if n.id == node_id)

    def report_items(self) -> list[tuple]:
        """Each decision point as a question for the teacher's reports: (id, topic, drugs, points, prompt, options)."""
        return [
            (f"{self.id}:{n.id}", "refusal", [], self.points, n.text, [(c.id, c.safe, c.text) for c in n.choices])
            for n in self.nodes
            if n.choices
        ]


class EndingMethods(Methods):
    __slots__ = ()
    if TYPE_CHECKING:
        now: Any
        feedback: Any

    def shown_text(self, lang: str) -> str:
        """The ending's text as shown: what to do now (an unsafe ending's `now.say`) first, then the feedback."""
        now = self.now
        feedback = self.feedback.get(lang)
        return f"{now.say.get(lang)}\n{feedback}" if now is not None else feedback


class SpotMethods(Methods):
    __slots__ = ()
    if TYPE_CHECKING:
        id: str
        points: int
        items: list[Any]

    def report_items(self) -> list[tuple]:
        """Each item as a question for the teacher's reports: (id, topic, drugs, points, prompt, options)."""
        flagged = self._text("点了（判断可疑）", "Tapped (suspicious)")
        left = self._text("没点（判断普通）", "Not tapped (ordinary)")
        return [
            (
                f"{self.id}:{i.id}",
                "recognition",
                [i.drug] if i.drug else [],
                self.points,
                i.label,
                [("flagged", i.suspicious, flagged), ("not_flagged", not i.suspicious, left)],
            )
            for i in self.items
        ]


class Record:
    """A read-only bag of checked fields. Equal when of the same kind with equal fields, hashable
    when its fields are (like a frozen pydantic model)."""

    __slots__ = ("__dict__",)
    _kind = ""

    def __init__(self, **fields: Any):
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._kind} is read-only content")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._kind} is read-only content")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.__dict__.values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{self._kind}({fields})"


_CLASSES: dict[str, type] = {}


def record_class(kind: str, mixins: tuple[type, ...]) -> type:
    """The record class for a model named `kind` with these method mixins (made once)."""
    name = SEP.join((kind, *(m.__name__ for m in mixins)))
    cls = _CLASSES.get(name)
    if cls is None:
        cls = type(
            name, (*mixins, Record), {"__slots__": (), "_kind": kind, "__module__": __name__, "__qualname__": name}
        )
        _CLASSES[name] = cls
    return cls


def make(kind: str, mixins: tuple[type, ...], fields: dict[str, Any]) -> Any:
    obj: Any = object.__new__(record_class(kind, mixins))
    obj.__dict__.update(fields)
    return obj


def __getattr__(name: str) -> type:
    """Pickle finds record classes by name: `Question__QuestionMethods` is made here on demand."""
    kind, *mixin_names = name.split(SEP)
    if not kind or kind.startswith("_"):
        raise AttributeError(name)
    mixins = []
    for mixin_name in mixin_names:
        mixin = globals().get(mixin_name)
        if not (isinstance(mixin, type) and issubclass(mixin, Methods)):
            raise AttributeError(name)
        mixins.append(mixin)
    return record_class(kind, tuple(mixins))


# -- conversion (cache writes only: the models are loaded then) ----------------------------------
def runtime_class(model_cls: type) -> type:
    """The record class for a pydantic model class: its name and the Methods mixins it inherits.
    Refuses a model with public behaviour outside the mixins (the record would lack it)."""
    from pydantic import BaseModel

    mixins = tuple(
        c for c in model_cls.__mro__ if issubclass(c, Methods) and c is not Methods and not issubclass(c, BaseModel)
    )
    shared = {name for m in mixins for name in vars(m)}
    for cls in model_cls.__mro__:
        if cls in (BaseModel, object) or not issubclass(cls, BaseModel):
            continue
        for name, value in vars(cls).items():
            behaviour = callable(value) or isinstance(value, (property, classmethod, staticmethod))
            if behaviour and not name.startswith("_") and name not in shared and not name.startswith("model_"):
                raise TypeError(
                    f"{model_cls.__module__}.{model_cls.__name__}.{name} is not in a Methods mixin of "
                    "game.content.records, so the game's cached content would not have it"
                )
    return record_class(model_cls.__name__, mixins)


def to_runtime(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """A checked value with every pydantic model in it turned into a record (lists and dicts
    kept as they are). memo keeps a model found twice (a question in its quiz and in the
    questions table) one record."""
    from pydantic import BaseModel

    memo = {} if memo is None else memo
    if isinstance(value, BaseModel):
        done = memo.get(id(value))
        if done is not None:
            return done
        obj: Any = object.__new__(runtime_class(type(value)))
        obj.__dict__.update({name: to_runtime(getattr(value, name), memo) for name in type(value).model_fields})
        memo[id(value)] = obj
        return obj
    if isinstance(value, list):
        return [to_runtime(v, memo) for v in value]
    if isinstance(value, dict):
        return {k: to_runtime(v, memo) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(to_runtime(v, memo) for v in value)
    return value
