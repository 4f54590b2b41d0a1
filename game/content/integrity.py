"""The model of content/integrity.yaml: the thresholds of the teacher report's "check these" list.

Each rule carries its numbers and a `why:` in both languages, which the report prints beside the
list, so a teacher reads the reasoning where the figure is. The file is optional: a content folder
without it gets the shipped file's rules (shipped_rules), which are the only defaults: no number is
written a second time in Python. The checks themselves are in game/reports/integrity.py; this module
says what a valid file is and reads the shipped one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

from game.content.schema import Model, Text


class Speeds(Model):
    """Characters a second, per language."""

    zh: float = Field(alias="zh-CN", gt=0, le=1000)
    en: float = Field(gt=0, le=1000)


class Reading(Model):
    """The reading-time floor of one answer: the characters of its prompt and options at a fast reader's speed."""

    chars_per_second: Speeds
    min_ms: int = Field(ge=0, le=10_000, description="no floor is lower than this (a tap takes time too)")
    why: Text


class Fast(Model):
    """An attempt whose answers mostly came before they could have been read."""

    share: float = Field(gt=0, le=1, description="this share of its answers under the floor, or more")
    min_answers: int = Field(ge=1, le=100, description="only attempts with at least this many answers")
    why: Text


class SamePosition(Model):
    """A long run of answers at the same place on the screen (options are shown in a new order each time)."""

    max_chance: float = Field(
        gt=0,
        lt=1,
        description="a run less likely than this by chance (1 / options shown, "
        "multiplied over the run's answers after its first)",
    )
    why: Text


class Identical(Model):
    """Two students of a class with the same options chosen, wrong ones included, on one level."""

    min_items: int = Field(ge=2, le=100, description="answered the same on at least this many questions ...")
    min_wrong: int = Field(ge=1, le=100, description="... at least this many of them wrong")
    family_chance: float = Field(
        gt=0,
        lt=1,
        description="a match less likely than this by chance, over all pairs of "
        "the class on that level (each option as often as everyone in the report chose it)",
    )
    why: Text

    @model_validator(mode="after")
    def _fits(self) -> Identical:
        if self.min_wrong > self.min_items:
            raise ValueError(f"min_wrong ({self.min_wrong}) cannot be more than min_items ({self.min_items})")
        return self


class DeviceBurst(Model):
    """Many sessions started one after another on one device."""

    sessions: int = Field(ge=2, le=1000, description="this many sessions with answers, or more ...")
    minutes: float = Field(gt=0, le=24 * 60, description="... started within this many minutes")
    modes: list[str] = Field(min_length=1, description="session modes checked (a kiosk in a hall sees many visitors)")
    why: Text


class IntegrityRules(Model):
    reading: Reading
    fast: Fast
    same_position: SamePosition
    identical: Identical
    device_burst: DeviceBurst


def shipped_rules(folder: Path | None = None) -> IntegrityRules:
    """The rules of the shipped content/integrity.yaml (or of `folder`'s): the defaults for a content folder
    without the file. Raises ValueError with `path:line: message` lines if that file is missing or broken
    (`python main.py validate` reports the same before a release)."""
    from game import paths

    return _rules_in(Path(folder or paths.CONTENT).resolve() / "integrity.yaml")


@lru_cache(maxsize=4)
def _rules_in(path: Path) -> IntegrityRules:
    from game.content.loader import _validate
    from game.content.yamlio import YamlError, load

    try:
        doc = load(path, str(path))
    except YamlError as exc:
        raise ValueError(str(exc.error)) from None
    except OSError as exc:
        raise ValueError(f"{path}:1: the default integrity rules cannot be read ({exc.strerror})") from None
    model, problems = _validate(IntegrityRules, doc)
    if model is None:
        raise ValueError("\n".join(str(p) for p in problems))
    return model
