"""The teacher sets this device's class code (classroom mode) on the same keypad students use.

An empty code turns classroom mode off. The code is remembered in the settings table.
"""

from __future__ import annotations

from typing import Any

from game.actions import Action, InputEvent
from game.scenes.base import Pop, Transition
from game.scenes.entry import EntryScene

WORDS = {"entry.ask_class": "classcode.ask", "entry.hint_class": "classcode.hint", "entry.skip": "classcode.clear"}


class ClassCodeScene(EntryScene):
    name = "classcode"

    def __init__(self, ctx: Any):
        super().__init__(ctx)
        self.preset_class = ""
        self.step = "class"
        self.steps = ("class",)
        self.values["class"] = ctx.settings.class_code

    def tr(self, key: str, **values: Any) -> str:
        return super().tr(WORDS.get(key, key), **values)

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._save(self.values["class"])
        if event.action in (Action.POINTER, Action.CONFIRM):
            chosen = self.buttons.handle(event)
            if chosen in ("ok", "skip"):
                self.ctx.sounds.play("tap")
                return self._save(self.values["class"] if chosen == "ok" else "")
            if chosen is not None:
                return super().handle(InputEvent(Action.POINTER, pos=self.buttons.by_id(chosen).center))
            return None
        return super().handle(event)

    def _save(self, code: str) -> Transition:
        from game.classroom import clean_class_code

        self.ctx.settings.class_code = clean_class_code(code)
        self.ctx.apply_settings("class_code")
        return Pop()
