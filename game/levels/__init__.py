"""Level types, registered by the `type:` of a level's YAML.

Each type is a package (game/levels/<type>/) with its rules (logic.py, no pygame) and a scene named by
dotted path, so that the scene's pygame import happens only when a level of that type is played. Its
YAML model and lint are content (game/content/levels/<type>.py, registered in LEVEL_MODELS there).
Adding a type = one module there, one package here, one line in each registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.content.levels import LEVEL_MODELS

if TYPE_CHECKING:
    from game.content.schema import LevelBase


@dataclass(frozen=True)
class LevelType:
    name: str
    model: type[LevelBase]
    scene: str  # "package.module:Class", imported on first play
    lint: Callable[..., Any]  # (level, content) -> list of (loc in the level file, message)

    def scene_class(self) -> Any:
        module, _, name = self.scene.partition(":")
        return getattr(importlib.import_module(module), name)


SCENES = {
    "quiz": "game.levels.quiz.scene:QuizScene",
    "chase": "game.levels.chase.scene:ChaseScene",
    "scenario": "game.levels.scenario.scene:ScenarioScene",
    "spot": "game.levels.spot.scene:SpotScene",
}

LEVEL_TYPES: dict[str, LevelType] = {
    name: LevelType(name, LEVEL_MODELS[name].model, scene, LEVEL_MODELS[name].lint) for name, scene in SCENES.items()
}
