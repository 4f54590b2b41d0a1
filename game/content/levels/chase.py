"""The YAML model of a `type: chase` level: everything tunable lives here, none of it in code."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from game.content.schema import AgeGroup, Id, LevelBase, Model, Setting, Text

ARENA_W, ARENA_H = 1920, 960  # the play area in canvas pixels (below the 120 px HUD)


class Mover(Model):
    speed: float = Field(gt=0, le=2000, description="pixels per second")
    radius: float = Field(default=40, ge=10, le=120)


class Trafficker(Mover):
    behaviour: Literal["zigzag", "flee", "hide"] = Field(
        default="flee", description="zigzag: weaves across the arena; flee: runs away; hide: runs to cover"
    )
    turn_every_s: float = Field(default=1.2, gt=0, le=10, description="how often he changes direction")
    rest_s: float = Field(default=1.0, ge=0, le=10, description="after a catch he is untouchable this long")
    faster_per_catch: float = Field(
        default=0.0,
        ge=0,
        le=0.5,
        description="after each catch he runs this much faster (0.1 = 10 % of his speed): "
        "the challenge rises through the level",
    )


class Cover(Model):
    """A box the trafficker can hide behind (hazards fly over it)."""

    x: float = Field(ge=0, le=ARENA_W)
    y: float = Field(ge=0, le=ARENA_H)
    w: float = Field(gt=0, le=ARENA_W)
    h: float = Field(gt=0, le=ARENA_H)


class Wave(Model):
    """From `start_s` to `end_s`, every `every_s` seconds, `count` hazards of these drugs appear."""

    start_s: float = Field(default=0, ge=0)
    end_s: float = Field(gt=0)
    drugs: list[Id] = Field(min_length=1, description="ids from content/drugs/")
    every_s: float = Field(gt=0, le=60)
    count: int = Field(default=1, ge=1, le=50)
    speed: float = Field(gt=0, le=2000, description="pixels per second")
    pattern: Literal["rain", "sides", "aimed", "bounce"] = Field(
        default="rain",
        description="rain: fall from the top; sides: cross from left/right; aimed: fly at the player; bounce: ricochet",
    )

    @model_validator(mode="after")
    def _order(self) -> Wave:
        if self.end_s <= self.start_s:
            raise ValueError(f"end_s ({self.end_s}) must be after start_s ({self.start_s})")
        return self


class Shield(Model):
    """The "refuse" power-up: touch it to be shielded for a while and learn a refusal phrase."""

    every_s: float = Field(gt=0, le=120, description="a new one appears this often")
    lasts_s: float = Field(gt=0, le=30)
    phrases: list[Text] = Field(min_length=1, description="refusal phrases, one shown per pick-up")


class MiniQuiz(Model):
    quiz: Id = Field(description="question bank to draw from, by the drugs the player met")
    count: int = Field(default=2, ge=1, le=3)


DEFAULT_AGE_SPEED: dict[AgeGroup, float] = {"primary": 0.7, "junior": 1.0, "senior": 1.1, "university": 1.2}


class ChaseLevel(LevelBase):
    """Catch the trafficker, dodge the drugs; each hit shows a fact card about that drug."""

    type: Literal["chase"]
    setting: Setting | None = Field(
        default=None, description="where the chase takes place (the lint refuses places minors may not enter)"
    )
    duration_s: float = Field(gt=5, le=600)
    lives: int = Field(default=3, ge=1, le=9)
    catches: int = Field(default=3, ge=1, le=20, description="tag the trafficker this many times to win")
    player: Mover
    trafficker: Trafficker
    covers: list[Cover] = Field(default_factory=list)
    waves: list[Wave] = Field(min_length=1)
    shield: Shield | None = None
    mini_quiz: MiniQuiz | None = None
    hazard_radius: float = Field(default=30, ge=10, le=80)
    start_grace_s: float = Field(
        default=3,
        ge=0,
        le=15,
        description="no drug enters before this many seconds (whatever a wave's start_s): a player finds the officer "
        "first. Fact cards wait for a tap (there is no time-out: a slow reader keeps reading)",
    )
    age_speed: dict[AgeGroup, float] = Field(
        default_factory=lambda: dict(DEFAULT_AGE_SPEED),
        description="speed factor for hazards and trafficker by age group (slower for the young)",
    )

    @field_validator("age_speed")
    @classmethod
    def _check_age_speed(cls, factors: dict[str, float]) -> dict[str, float]:
        for age, factor in factors.items():
            if not 0.2 <= factor <= 3:
                raise ValueError(f"{age}: speed factor {factor} must be between 0.2 and 3")
        return factors


def lint_chase_level(level: ChaseLevel, content) -> list[tuple[tuple, str]]:
    """Cross-references: every drug in a wave exists; the mini-quiz bank exists."""
    problems: list[tuple[tuple, str]] = []
    shapes: dict[str, str] = {}  # icon -> the first drug drawn with it in this level
    for w, wave in enumerate(level.waves):
        for d, drug in enumerate(wave.drugs):
            if drug not in content.drugs and not content.is_broken("drugs", drug):
                problems.append((("waves", w, "drugs", d), f"unknown drug '{drug}' (no drugs/{drug}.yaml)"))
            elif drug in content.drugs:
                icon = content.drugs[drug].icon
                other = shapes.setdefault(icon, drug)
                if other != drug:  # colour must never be the only cue
                    message = (
                        f"'{drug}' and '{other}' are both drawn as a {icon}: "
                        "give one of them another `icon:` so players can tell them apart by shape"
                    )
                    problems.append((("waves", w, "drugs", d), message))
        if wave.start_s >= level.duration_s:
            problems.append((("waves", w, "start_s"), f"starts after the level ends ({level.duration_s} s)"))
    if (
        level.mini_quiz
        and level.mini_quiz.quiz not in content.quizzes
        and not content.is_broken("quizzes", level.mini_quiz.quiz)
    ):
        problems.append(
            (("mini_quiz", "quiz"), f"unknown quiz '{level.mini_quiz.quiz}' (no quizzes/{level.mini_quiz.quiz}.yaml)")
        )
    return problems
