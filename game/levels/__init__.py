"""Level types, registered by the `type:` of a level's YAML.

Each type is a package (game/levels/<type>/) with a pydantic model (no pygame), a lint of
its cross-references, and a scene named by dotted path so that the scene's pygame import
happens only when a level of that type is played. Adding a type = one package + one line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from game.levels.chase.model import ChaseLevel, lint_chase_level
from game.levels.quiz.model import QuizLevel, lint_quiz_level
from game.levels.scenario.model import ScenarioLevel, lint_scenario_level
from game.levels.spot.model import SpotLevel, lint_spot_level

if TYPE_CHECKING:
    from game.content.schema import LevelBase


@dataclass(frozen=True)
class LevelType:
    name: str
    model: type["LevelBase"]
    scene: str  # "package.module:Class", imported on first play
    lint: Callable[..., Any]  # (level, content) -> list of (loc in the level file, message)

    def scene_class(self) -> Any:
        module, _, name = self.scene.partition(":")
        return getattr(importlib.import_module(module), name)


LEVEL_TYPES: dict[str, LevelType] = {
    t.name: t
    for t in (
        LevelType("quiz", QuizLevel, "game.levels.quiz.scene:QuizScene", lint_quiz_level),
        LevelType("chase", ChaseLevel, "game.levels.chase.scene:ChaseScene", lint_chase_level),
        LevelType("scenario", ScenarioLevel, "game.levels.scenario.scene:ScenarioScene", lint_scenario_level),
        LevelType("spot", SpotLevel, "game.levels.spot.scene:SpotScene", lint_spot_level),
    )
}
