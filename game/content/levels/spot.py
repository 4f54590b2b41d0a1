"""The YAML model of a `type: spot` level (spot the disguise) and its lint. No pygame here.

A shelf of everyday things, each drawn procedurally by its `draw:` kind. Some of them are
things that could be a disguised drug (an unbranded "coffee" sachet, a tiny cartoon paper
"stamp", a vape from a stranger); the player taps those, then Done, and each item's
tell-tale sign is explained. The lesson is "you cannot tell by looking: do not accept
unknown sweets, drinks or vapes; ask an adult", not "all sweets are suspicious".
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from game.content.records import SpotMethods
from game.content.schema import Id, LevelBase, Model, Palette, Text

Drawing = Literal[
    "gummies",
    "candy",
    "lollipop",
    "popping_candy",
    "chocolate",
    "biscuit",
    "stamps",
    "stickers",
    "bottle",
    "juice_box",
    "milk_tea_cup",
    "milk_tea_sachet",
    "coffee_sachet",
    "vape",
    "canister",
    "pill_bottle",
    "tea_leaves",
    "jar",
]
DRAWINGS: tuple[str, ...] = Drawing.__args__  # type: ignore[attr-defined]
# the picture (an id in assets/art/atlas.json) each kind of thing is shown as, unless an item names its `art:`
DRAWING_ART: dict[str, str] = {
    "gummies": "gummies",
    "candy": "candy",
    "lollipop": "lollipop",
    "popping_candy": "popping-candy",
    "chocolate": "chocolate",
    "biscuit": "cookie",
    "stamps": "paper-stamp",
    "stickers": "sticker",
    "bottle": "drink",
    "juice_box": "juice-box",
    "milk_tea_cup": "bubble-tea",
    "milk_tea_sachet": "milk-tea-sachet",
    "coffee_sachet": "coffee-sachet",
    "vape": "e-cigarette",
    "canister": "canister",
    "pill_bottle": "pill",
    "tea_leaves": "herb",
    "jar": "jar",
}


def item_art(item: SpotItem) -> str:
    """The art id an item is drawn with: its own `art:`, else its kind's picture."""
    return getattr(item, "art", None) or DRAWING_ART[item.draw]


class SpotItem(Model):
    """One thing on the shelf."""

    id: Id
    draw: Drawing = Field(description="which picture: " + ", ".join(DRAWINGS))
    colour: Palette = "blue"
    art: Id | None = Field(
        default=None, description="a picture from assets/art instead of the one for its `draw:` kind"
    )
    label: Text = Field(description="what it is, shown under it, e.g. 'coffee sachet with no brand'")
    suspicious: bool = Field(description="could this be a disguised drug? (tap it = right)")
    sign: Text = Field(description="feedback: the tell-tale sign, or why it is an ordinary thing")
    drug: Id | None = Field(default=None, description="the drug it could hide, an id in content/drugs/")
    source: Id | None = Field(default=None, description="where the disguise is documented (required if suspicious)")

    @model_validator(mode="after")
    def _sourced(self) -> SpotItem:
        if self.suspicious and self.source is None:
            raise ValueError("a suspicious item needs a `source:` saying where this disguise is documented")
        return self


class SpotLevel(LevelBase, SpotMethods):
    """Tap the things that could be disguised drugs, then Done; each item's sign is explained.
    report_items() is in SpotMethods (shared with the cached runtime records)."""

    type: Literal["spot"]
    setting: Literal["shelf", "table", "desk"] = "shelf"
    prompt: Text = Field(description="the task, shown above the shelf")
    lesson: Text = Field(description="the take-home message shown with the feedback")
    items: list[SpotItem] = Field(min_length=4, max_length=10)
    points: int = Field(default=10, ge=1, le=100, description="points for each item judged right")
    pass_percent: int = Field(default=60, ge=0, le=100)


def lint_spot_level(level: SpotLevel, content) -> list[tuple[tuple, str]]:
    """Unique item ids, known drugs, and a real choice: something to spot and something ordinary."""
    problems: list[tuple[tuple, str]] = []
    ids = [item.id for item in level.items]
    for i, item in enumerate(level.items):
        if ids.index(item.id) != i:
            problems.append((("items", i, "id"), f"duplicate item id '{item.id}'"))
        if item.drug is not None and item.drug not in content.drugs and not content.is_broken("drugs", item.drug):
            problems.append((("items", i, "drug"), f"unknown drug '{item.drug}' (no drugs/{item.drug}.yaml)"))
    if not any(item.suspicious for item in level.items):
        problems.append((("items",), "no item is suspicious: give the player something to spot"))
    if all(item.suspicious for item in level.items):
        problems.append(
            (("items",), "every item is suspicious: include ordinary things too (not every sweet is a drug)")
        )
    return problems
