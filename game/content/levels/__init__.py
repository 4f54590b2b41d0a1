"""The YAML models of the level types, registered by the `type:` of a level's file.

Each type has one module here: its pydantic model (what a level file may say) and its lint (the
cross-references the model alone cannot check). No pygame. The loader picks a level's model from
LEVEL_MODELS; game/levels/<type>/ holds the type's rules (logic.py) and its screen (scene.py), and
game.levels.LEVEL_TYPES joins the two. Adding a type = a module here + a package under game/levels/
+ one line in each registry (tests/test_architecture.py checks that they agree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.content.levels.chase import ChaseLevel, lint_chase_level
from game.content.levels.quiz import QuizLevel, lint_quiz_level
from game.content.levels.scenario import ScenarioLevel, lint_scenario_level
from game.content.levels.spot import SpotLevel, lint_spot_level

if TYPE_CHECKING:
    from game.content.schema import LevelBase


@dataclass(frozen=True)
class LevelModel:
    name: str
    model: type[LevelBase]
    lint: Callable[..., Any]  # (level, content) -> list of (loc in the level file, message)


LEVEL_MODELS: dict[str, LevelModel] = {
    m.name: m
    for m in (
        LevelModel("quiz", QuizLevel, lint_quiz_level),
        LevelModel("chase", ChaseLevel, lint_chase_level),
        LevelModel("scenario", ScenarioLevel, lint_scenario_level),
        LevelModel("spot", SpotLevel, lint_spot_level),
    )
}
