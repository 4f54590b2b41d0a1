"""The teacher sets this device's class code (classroom mode) on the same keypad students use, then,
optionally, the live classroom hub: its address (a keypad of digits, '.' and ':') and its join code.

An empty class code turns classroom mode off (and the live push with it); an empty hub address keeps
classroom mode without a live board. All of it is remembered in the settings table; the device's
background push (game/classroom/live.py) reads the hub and code from there, and is started here when
this is the first hub of the run (no thread runs while no hub is set).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.scene import Pop, Transition
from game.scenes.entry import EntryScene
from game.ui.widgets import Button

if TYPE_CHECKING:
    from game.context import Context

WORDS = {
    "entry.ask_class": "classcode.ask",
    "entry.hint_class": "classcode.hint",
    "entry.skip": "classcode.clear",
    "entry.ask_hub": "classcode.ask_hub",
    "entry.hint_hub": "classcode.hint_hub",
    "entry.ask_code": "classcode.ask_code",
    "entry.hint_code": "classcode.hint_code",
}
HUB_KEYS = ("789", "456", "123", ".0:")
LIMITS = {"hub": 40, "code": 8}


class ClassCodeScene(EntryScene):
    name = "classcode"

    def __init__(self, ctx: Context):
        from game.classroom.live import CODE_KEY, HUB_KEY

        super().__init__(ctx)
        self.preset_class = ""
        self.step = "class"
        self.steps = ("class", "hub", "code")
        self.values["class"] = ctx.settings.class_code
        self.values["hub"] = self._remembered(HUB_KEY).removeprefix("http://")
        self.values["code"] = self._remembered(CODE_KEY)

    def _remembered(self, key: str) -> str:
        value = self.ctx.store.setting(key, "")
        return value if isinstance(value, str) else ""

    def tr(self, key: str, **values: Any) -> str:
        return super().tr(WORDS.get(key, key), **values)

    def layout(self) -> None:
        super().layout()
        ok = self.buttons.by_id("ok")
        if ok is not None:
            ok.enabled = self.step != "code" or bool(self.values["code"])
        if self.step != "hub":
            return
        keep = [b for b in self.buttons.buttons if not b.id.startswith("key-")]
        key_w, key_h, gap = 180, 100, 14
        x0 = (1920 - 3 * key_w - 2 * gap) // 2
        keys = [
            Button(f"key-{key}", (x0 + col * (key_w + gap), 420 + row * (key_h + gap), key_w, key_h), key, size=52)
            for row, line in enumerate(HUB_KEYS)
            for col, key in enumerate(line)
        ]
        erase = self.buttons.by_id("erase")
        y = erase.rect[1] if erase is not None else 918
        keep.append(Button("skip", (790, y, 340, 120), self.tr("classcode.no_hub"), style="quiet"))
        self.buttons.buttons = keys + keep

    def _type(self, chars: str) -> None:
        if self.step == "class":
            super()._type(chars.upper())
            return
        allowed = "0123456789.:" if self.step == "hub" else "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        typed = "".join(ch for ch in chars.upper() if ch in allowed)
        self.values[self.step] = (self.values[self.step] + typed)[: LIMITS[self.step]]
        self.relayout()

    def _erase(self) -> None:
        """Delete: the last character (no words are tapped whole here)."""
        self.values[self.step] = self.values[self.step][:-1]
        self.relayout()

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return self._step_back()
        if event.action is Action.TEXT:
            self._type(event.text)
            return None
        if event.action is Action.ERASE:
            self._erase()
            return None
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._next()
        if event.action not in (Action.POINTER, Action.CONFIRM):
            return None
        chosen = self.buttons.handle(event)
        if chosen is None:
            return None
        self.ctx.sounds.play("tap")
        return self._press(chosen)

    def _press(self, chosen: str) -> Transition | None:
        if chosen == "back":  # the entry steps' Back button
            return self._step_back()
        if chosen == "ok":
            return self._next()
        if chosen == "skip":  # "Clear" on the class step, "No live board" on the hub step
            return self._save("" if self.step == "class" else self.values["class"], "", "")
        if chosen.startswith("key-"):
            self._type(chosen[4:])
        elif chosen == "erase":
            self._erase()
        return None

    def _next(self) -> Transition | None:
        if self.step == "class":
            if not self.values["class"]:
                return self._save("", "", "")
            self._save_class(self.values["class"])  # kept even if the teacher leaves at the next step
            self._set_step("hub")
            return None
        if self.step == "hub":
            if not self.values["hub"]:
                return self._save(self.values["class"], "", "")
            self._set_step("code")
            return None
        return self._save(self.values["class"], self.values["hub"], self.values["code"])

    def _save_class(self, code: str) -> None:
        from game.classroom import clean_class_code

        self.ctx.settings.class_code = clean_class_code(code)
        self.ctx.apply_settings("class_code")

    def _save(self, code: str, hub: str, join: str) -> Transition:
        from game.classroom.live import CODE_KEY, HUB_KEY, hub_url

        self._save_class(code)
        live = bool(self.ctx.settings.class_code and hub)
        self.ctx.store.set_setting(HUB_KEY, hub_url(hub) if live else "")
        self.ctx.store.set_setting(CODE_KEY, join.strip().upper() if live else "")
        if live and self.ctx.live is None and self.ctx.live_allowed:  # the first hub of this run: start the push
            from game.classroom.live import LivePush

            self.ctx.live = LivePush(self.ctx.store.path).start()
        return Pop()
