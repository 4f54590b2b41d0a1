"""Player entry, in three touch-only steps: nickname or seat number, class code (optional), age group.

An on-screen keypad means no physical keyboard is needed; a keyboard types too. The keypad is
Latin, so the nickname step also offers words to tap (an adjective and an animal from
content/nicknames.yaml, in the player's language, then digits if they like): a Chinese nickname
needs no input method. Every step has a Back button. We ask for no real name: a nickname or
seat number, a class code and an age group are all we keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.content.schema import AGE_GROUPS
from game.names import CLASS_MAX, NAME_MAX, clean_entry
from game.scene import Pop, Push, Scene, Transition
from game.session import Player
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.sprites import draw_mascot
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.context import Context

KEY_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
MAX_LEN = {"name": NAME_MAX, "class": CLASS_MAX}  # game/names.py: the rules the hub shares
STEPS = ("name", "class", "age")
WORDS_PER_PAGE = 6  # adjectives and animals shown at once (3 x 2 each); "more words" turns the page
BACK_RECT = (60, 940, 250, 100)


@dataclass(frozen=True)
class Renamed:
    """What the entry screen gives back when it only changed a nickname (quick play's Change)."""

    name: str


class EntryScene(Scene):
    name = "entry"

    def __init__(self, ctx: Context, rename: str | None = None):
        super().__init__(ctx)
        self.step = "name"
        # classroom mode: the class code is preset on the device, so that step is skipped
        self.preset_class = getattr(getattr(ctx, "settings", None), "class_code", "") or ""
        self.values = {"name": rename or "", "class": self.preset_class}
        self.message = ""  # a refused nickname's friendly reason, shown in place of the hint
        self.steps = tuple(s for s in STEPS if not (self.preset_class and s == "class"))
        self.renaming = rename is not None  # quick play's Change: the name step only; OK gives back Renamed(name)
        if self.renaming:
            self.steps = ("name",)
        self.mode = "keys"  # the nickname step: "keys" (the keypad) or "words" (tap an adjective and an animal)
        self.word_page = 0
        self.chunks: list[str] = []  # what each tap added to the nickname, so Delete takes a whole word back

    def words(self, kind: str) -> list[str]:
        """The adjectives or animals of the player's language shown on this page."""
        from game.content.nickname import words_in

        lists = getattr(self.ctx.content, "nicknames", None)
        if lists is None:
            return []
        every = words_in(getattr(lists, kind), self.ctx.lang)
        pages = max(1, -(-len(every) // WORDS_PER_PAGE))
        start = (self.word_page % pages) * WORDS_PER_PAGE
        return every[start : start + WORDS_PER_PAGE]

    @property
    def wants_text(self) -> bool:  # type: ignore[override]
        return self.step in ("name", "class")

    def layout(self) -> None:
        buttons: list[Button] = []
        if self.step == "age":
            for i, group in enumerate(AGE_GROUPS):
                x = 260 + (i % 2) * 720
                y = 380 + (i // 2) * 250
                buttons.append(Button(f"age-{group}", (x, y, 680, 210), self.tr(f"age.{group}"), size=52))
        else:
            key_w, key_h, gap = 140, 108, 14
            words = self.step == "name" and self.mode == "words"
            rows = KEY_ROWS[:1] if words else KEY_ROWS
            for row, keys in enumerate(rows):
                width = len(keys) * key_w + (len(keys) - 1) * gap
                x0 = (1920 - width) // 2
                y = 680 if words else 420 + row * (key_h + gap)
                for col, key in enumerate(keys):
                    buttons.append(Button(f"key-{key}", (x0 + col * (key_w + gap), y, key_w, key_h), key, size=52))
            if words:
                for kind, x0 in (("adjectives", 110), ("animals", 1010)):
                    for i, word in enumerate(self.words(kind)):
                        rect = (x0 + (i % 3) * 270, 420 + (i // 3) * 120, 250, 100)
                        buttons.append(Button(f"{kind[:-1]}-{i}", rect, word, size=40))
            y = 420 + 4 * (key_h + gap) + 10
            buttons.append(Button("erase", (360, y, 340, 120), self.tr("entry.erase"), style="quiet"))
            if self.step == "class":
                buttons.append(Button("skip", (790, y, 340, 120), self.tr("entry.skip"), style="quiet"))
            elif words:
                buttons.append(Button("more", (790, y, 340, 120), self.tr("entry.more_words"), style="quiet"))
            ok = Button("ok", (1220, y, 340, 120), self.tr("entry.ok"), style="primary")
            ok.enabled = bool(self.values["name"]) or self.step == "class"
            buttons.append(ok)
            if self.step == "name" and getattr(self.ctx.content, "nicknames", None) is not None:
                label = self.tr("entry.use_keys" if words else "entry.use_words")
                buttons.append(Button("mode", (1400, 285, 420, 90), label, size=34, style="quiet"))
        buttons.append(Button("back", BACK_RECT, self.tr("common.back"), style="quiet"))
        self.buttons.buttons = buttons

    def _set_step(self, step: str) -> None:
        self.step = step
        self.buttons.focus = None
        self.relayout()

    def _type(self, chars: str) -> None:
        field = self.step
        before = self.values[field]
        wanted = before + chars
        self.values[field] = clean_entry(wanted, MAX_LEN[field])
        self.message = ""
        if field == "name" and len(self.values[field]) < len(wanted):
            kept = clean_entry(wanted, len(wanted))
            self.message = self.tr("nickname.too_long" if len(kept) > MAX_LEN[field] else "nickname.characters")
        self._added(before)
        self.relayout()

    def _add_word(self, word: str) -> None:
        """A tapped word joins the nickname whole (a space before it in English), or not at all if it
        would not fit: the words are checked content, so they are not cleaned like typed keys."""
        from game.content.nickname import join_words

        before = self.values["name"]
        wanted = join_words([before, word], self.ctx.lang) if before and not before[-1].isdigit() else before + word
        if len(wanted) > MAX_LEN["name"]:
            self.message = self.tr("nickname.too_long")
        else:
            self.values["name"], self.message = wanted, ""
            self._added(before)
        self.relayout()

    def _added(self, before: str) -> None:
        now = self.values[self.step]
        if self.step == "name" and now != before and now.startswith(before):
            self.chunks.append(now[len(before) :])

    def _erase(self) -> None:
        """Delete: the last word tapped whole, else the last character."""
        value = self.values[self.step]
        chunk = self.chunks[-1] if self.step == "name" and self.chunks else ""
        if chunk and value.endswith(chunk):
            self.chunks.pop()
            self.values[self.step] = value[: -len(chunk)]
        else:
            self.chunks.clear()
            self.values[self.step] = value[:-1]
        self.message = ""
        self.relayout()

    def _accept_name(self) -> bool:
        """The nickname filter (game.content.nickname): the leaderboard is public."""
        from game.content.lint import font_coverage
        from game.content.nickname import Blocklist, check_nickname

        try:
            covered = font_coverage()
        except OSError:
            covered = None
        verdict = check_nickname(self.values["name"], Blocklist.from_file(self.ctx.content.blocklist), covered)
        self.message = "" if verdict.ok else self.tr(verdict.message_key)
        if verdict.ok:
            self.values["name"] = verdict.name
        return verdict.ok

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return self._step_back()
        typing = self.step != "age"  # the name and class steps take keys; the age step only buttons
        if typing and event.action is Action.TEXT:
            self._type(event.text.upper() if self.step == "class" else event.text)
            return None
        if typing and event.action is Action.ERASE:
            self._erase()
            return None
        if typing and event.action is Action.CONFIRM and self.buttons.focus is None:
            chosen: str | None = "ok"
        else:
            chosen = self.buttons.handle(event)
        if chosen is None:
            return None
        self.ctx.sounds.play("tap")
        return self._press(chosen)

    def _step_back(self) -> Transition | None:
        """Back (Esc or the Back button): the step before, or leave from the first."""
        index = self.steps.index(self.step)
        if index == 0:
            return Pop()
        self._set_step(self.steps[index - 1])
        return None

    def _press(self, chosen: str) -> Transition | None:
        """What the button `chosen` does (OK also comes here from Enter when no button has focus)."""
        if chosen == "back":
            return self._step_back()
        if chosen.startswith("key-"):
            self._type(chosen[4:])
        elif chosen.startswith(("adjective-", "animal-")):
            kind, _, place = chosen.partition("-")
            self._add_word(self.words(kind + "s")[int(place)])
        elif chosen == "mode":
            self._switch_mode()
        elif chosen == "more":
            self.word_page += 1
            self.relayout()
        elif chosen == "erase":
            self._erase()
        elif chosen == "skip":
            self.values["class"] = ""
            self._set_step("age")
        elif chosen == "ok":
            return self._ok()
        elif chosen.startswith("age-"):
            return self._finish(chosen[4:])
        return None

    def _switch_mode(self) -> None:
        """The nickname step: the keypad, or words to tap."""
        self.mode = "keys" if self.mode == "words" else "words"
        self.buttons.focus = None
        self.relayout()

    def _ok(self) -> Transition | None:
        """OK: a nickname the filter accepts goes on (or back, when only renaming); a class code goes on."""
        if self.step == "name" and self._accept_name():
            if self.renaming:
                return Pop(Renamed(self.values["name"]))
            self._set_step(self.steps[1])
        elif self.step == "name":
            self.relayout()
        elif self.step == "class":
            self._set_step("age")
        return None

    def _finish(self, age_group: str) -> Transition:
        from game.scenes.tracks import TrackSelectScene

        nickname, class_code = self.values["name"], self.values["class"]
        player_id = self.ctx.store.add_player(nickname, class_code, age_group)
        return Push(TrackSelectScene(self.ctx, Player(player_id, nickname, class_code, age_group)))

    def resume(self, result: Any = None) -> Transition | None:
        self.step = "age"  # back from track select: choose the age group again
        return super().resume(result)

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        draw_mascot(self.ctx, canvas, (1760, 170), 200, self.motion_t)
        number = self.steps.index(self.step) + 1
        if self.preset_class:
            text.draw(
                canvas,
                self.tr("entry.class_preset", code=self.preset_class),
                theme.SIZE_SMALL,
                self.ctx.theme.ACCENT,
                (60, 40, 400, 60),
                valign="middle",
            )
        if len(self.steps) > 1:  # never "Step 1 of 1"
            text.draw(
                canvas,
                self.tr("entry.step", n=number, total=len(self.steps)),
                theme.SIZE_SMALL,
                theme.TEXT_DIM,
                (160, 60, 1600, 50),
                align="center",
            )
        text.draw(
            canvas,
            self.tr(f"entry.ask_{self.step}"),
            theme.SIZE_HEADING,
            theme.TEXT,
            (160, 110, 1600, 90),
            align="center",
            shrink=True,
        )
        if self.message and self.step == "name":
            text.draw(
                canvas,
                self.message,
                theme.SIZE_SMALL,
                self.ctx.theme.ACCENT,
                (160, 200, 1600, 50),
                align="center",
                shrink=True,
            )
        else:
            text.draw(
                canvas,
                self.tr(f"entry.hint_{self.step}"),
                theme.SIZE_SMALL,
                theme.TEXT_DIM,
                (160, 200, 1600, 50),
                align="center",
            )
        if self.step != "age":
            box = (560, 270, 800, 120)
            draw_panel(canvas, box, theme.PANEL_LIGHT)
            value = self.values[self.step]
            caret = "|" if int(self.motion_t * 2) % 2 == 0 else " "  # no blinking under less motion
            text.draw(canvas, value + caret, 64, theme.TEXT, box, align="center", valign="middle")
        self.buttons.draw(canvas, text)
