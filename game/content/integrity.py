"""The model of content/integrity.yaml: the thresholds of the teacher report's "check these" list.

Each rule carries its numbers and a `why:` in both languages, which the report prints beside the
list, so a teacher reads the reasoning where the figure is. The file is optional: a content folder
without it gets game.reports.integrity.Rules' defaults (the shipped file's numbers). The checks
themselves are in game/reports/integrity.py; this module only says what a valid file is.
"""

from __future__ import annotations

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

    max_chance: float = Field(gt=0, lt=1, description="a run less likely than this by chance (1 / options shown, "
                              "multiplied over the run's answers after its first)")
    why: Text


class Identical(Model):
    """Two students of a class with the same options chosen, wrong ones included, on one level."""

    min_items: int = Field(ge=2, le=100, description="answered the same on at least this many questions ...")
    min_wrong: int = Field(ge=1, le=100, description="... at least this many of them wrong")
    family_chance: float = Field(gt=0, lt=1, description="a match less likely than this by chance, over all pairs of "
                                 "the class on that level (each option as often as everyone in the report chose it)")
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
