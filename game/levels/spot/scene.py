"""Draws a SpotLogic: a shelf of drawn everyday things to tap (or arrows + Enter), a Done button,
then each item's verdict (tick or cross, never colour alone) and its tell-tale sign.

Order on Done: logic.done() -> every item's answer recorded (committed) -> feedback drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.actions import InputEvent
from game.content.levels.spot import item_art
from game.levels.common import source_line
from game.levels.scene import LevelScene
from game.levels.spot.logic import SpotLogic
from game.outcomes import AnswerChosen, LevelResult, Outcome
from game.scene import Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_button, draw_cross, draw_panel, draw_tick

if TYPE_CHECKING:
    import random

    from game.content.levels.spot import SpotItem, SpotLevel
    from game.context import Context
    from game.session import LevelRecorder

SHELF = (40, 190, 1840, 600)
WOOD = (150, 108, 70)
FLAG = (255, 196, 61)
PROMPT = (60, 96, 1700, 90)  # the prompt (or the result), its speaker button at its right
PROMPT_SPEAKER = (1790, 99)
FEEDBACK_SPEAKER = (1336, 814)


def item_rects(n: int) -> list[tuple[int, int, int, int]]:
    """Cells on one or two shelves for n items."""
    rows = 1 if n <= 4 else 2
    cols = (n + rows - 1) // rows
    x0, y0, w, h = SHELF
    cell_w, cell_h = w // cols, h // rows
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = cols if r < rows - 1 else n - cols * (rows - 1)
        offset = (w - in_row * cell_w) // 2
        out.append((x0 + offset + c * cell_w + 10, y0 + r * cell_h + 8, cell_w - 20, cell_h - 16))
    return out


class SpotScene(LevelScene):
    name = "spot"
    mood = "quiz"
    level: SpotLevel  # (content records carry the model's fields: game.content.records)
    logic: SpotLogic

    def __init__(self, ctx: Context, level: SpotLevel, recorder: LevelRecorder, rng: random.Random):
        super().__init__(ctx, level, recorder)
        self.logic = SpotLogic(level)

    # -- layout --------------------------------------------------------------------------------
    def layout(self) -> None:
        logic = self.logic
        lang = self.ctx.lang
        buttons = [
            Button(f"item-{item.id}", rect, item.label.get(lang), style="item")
            for item, rect in zip(logic.items, item_rects(len(logic.items)))
        ]
        if logic.phase == "looking":
            buttons.append(self.next_button("spot.done", "done"))
        elif logic.phase == "feedback":
            buttons.append(self.next_button("scenario.continue"))
        buttons.append(self.pause_button())
        self.buttons.buttons = buttons
        labels = [item.label.get(lang) for item in logic.items]
        if logic.phase == "looking":
            self.speaker("prompt", (self.level.prompt.get(lang), *labels), PROMPT_SPEAKER, main=True)
            return
        self.speaker("prompt", self.result_line(), PROMPT_SPEAKER)
        item = next((i for i in logic.items if i.id == logic.opened), None)
        if item is not None:
            self.speaker(
                "feedback",
                (self.item_head(item), item.sign.get(lang), self.level.lesson.get(lang)),
                FEEDBACK_SPEAKER,
                main=True,
            )

    def result_line(self) -> str:
        logic = self.logic
        return self.tr("spot.result", right=sum(logic.right(i) for i in logic.items), total=len(logic.items))

    def item_head(self, item: SpotItem) -> str:
        """ "<thing>: could hide a drug" (or: an ordinary thing), over the item's sign."""
        lang = self.ctx.lang
        could = self.tr("spot.could_hide" if item.suspicious else "spot.ordinary")
        return f"{item.label.get(lang)}: {could}" if lang == "en" else f"{item.label.get(lang)}：{could}"

    # -- input (pause, update, recording: LevelScene) -------------------------------------------
    def on_button(self, chosen: str | None, event: InputEvent) -> Transition | None:
        logic = self.logic
        if chosen is None:
            return None
        if chosen.startswith("item-"):
            self.ctx.sounds.play("tap")
            logic.toggle(chosen[len("item-") :])
            self.relayout()  # after the answers, a tap opens another item's sign: its text to read
            return None
        if chosen == "done":
            return self._apply(logic.done())
        if chosen == "next":
            self.ctx.sounds.play("tap")
            return self._apply(logic.finish())
        return None

    def react(self, outcomes: list[Outcome]) -> None:
        """One sound for the whole shelf, once every item's answer is recorded."""
        if any(isinstance(o, AnswerChosen) for o in outcomes):
            self.ctx.sounds.play("right" if self.logic.passed else "wrong")
            rects = dict(zip((f"item-{i.id}" for i in self.logic.items), item_rects(len(self.logic.items))))
            for item in self.logic.items:  # a burst on every thing judged right
                if self.logic.right(item):
                    x, y, w, h = rects[f"item-{item.id}"]
                    self.fx.burst((x + w // 2, y + h // 2), count_=8, speed=420)

    def _result(self, abandoned: bool) -> LevelResult:
        logic = self.logic
        missed = [i.sign for i in logic.items if logic.answers and not logic.right(i)]
        return LevelResult(
            self.level.id, logic.score, logic.max_score, logic.passed, (self.level.lesson, *missed[:1]), abandoned
        )

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        logic = self.logic
        draw_backdrop(canvas, self.motion_t)
        self.draw_title(canvas)
        if logic.phase == "looking":
            text.draw(
                canvas,
                self.level.prompt.get(lang),
                theme.SIZE_BODY - 4,
                theme.TEXT,
                PROMPT,
                valign="middle",
                shrink=True,
            )
        else:
            text.draw(
                canvas,
                self.result_line(),
                theme.SIZE_BODY - 4,
                self.ctx.theme.ACCENT,
                PROMPT,
                valign="middle",
                shrink=True,
            )
        x0, y0, w, h = SHELF
        draw_panel(canvas, SHELF, (60, 52, 44))
        rects = item_rects(len(logic.items))
        rows = 1 if len(rects) <= 4 else 2
        for r in range(rows):
            board = y0 + (r + 1) * h // rows - 16
            pygame.draw.rect(canvas, WOOD, (x0, board, w, 16))
        focus = self.buttons.focus
        for index, button in enumerate(self.buttons.buttons):
            if button.style == "item":
                self._draw_item(canvas, button, focused=index == focus)
            elif button.style != "speaker":  # speakers: the App draws them over everything
                draw_button(
                    canvas,
                    text,
                    button,
                    focused=index == focus,
                    hovered=index == self.buttons.hover,
                    th=self.ctx.theme,
                    scale=self.buttons.scale_of(button.id),
                )
        if logic.phase == "looking":
            hint = self.tr("spot.hint", n=len(logic.flagged))
            text.draw(
                canvas, hint, theme.SIZE_SMALL + 4, theme.TEXT_DIM, (60, 830, 1360, 200), valign="middle", shrink=True
            )
        else:
            self._draw_feedback(canvas)
        self.fx.draw(canvas)

    def _draw_item(self, canvas: pygame.Surface, button: Button, focused: bool) -> None:
        text = self.ctx.text
        logic = self.logic
        item = next(i for i in logic.items if f"item-{i.id}" == button.id)
        x, y, w, h = button.rect
        flagged = item.id in logic.flagged
        opened = logic.phase == "feedback" and logic.opened == item.id
        if flagged or opened:
            pygame.draw.rect(canvas, (92, 80, 60) if not opened else (70, 96, 130), button.rect, border_radius=18)
        size = min(w - 60, h - 150)
        picture = self.ctx.art.image(item_art(item), size)
        canvas.blit(picture, picture.get_rect(center=(x + w // 2, y + 48 + (h - 164) // 2)))
        text.draw(
            canvas,
            button.label,
            theme.SIZE_SMALL - 2,
            theme.TEXT,
            (x + 10, y + h - 116, w - 20, 100),
            align="center",
            valign="middle",
            shrink=True,
        )
        if flagged:  # your pick: an outline, and while looking a tag with a word (not colour alone)
            pygame.draw.rect(canvas, FLAG, button.rect, 8, border_radius=18)
        if flagged and logic.phase == "looking":
            self._tag(canvas, self.tr("spot.flag"), (x + 14, y + 12), FLAG, theme.ACCENT_TEXT)
        elif logic.phase != "looking":  # the truth, in words
            word, fill = (
                ("spot.tag_drug", self.ctx.theme.WRONG) if item.suspicious else ("spot.tag_ordinary", theme.PANEL_LIGHT)
            )
            self._tag(canvas, self.tr(word), (x + 14, y + 12), fill, theme.TEXT)
        if logic.phase != "looking":
            right = logic.right(item)
            center = (x + w - 44, y + 44)
            pygame.draw.circle(canvas, self.ctx.theme.RIGHT if right else self.ctx.theme.WRONG, center, 34)
            (draw_tick if right else draw_cross)(canvas, center, 48, theme.TEXT)
        if focused:
            pygame.draw.rect(canvas, theme.FOCUS, pygame.Rect(button.rect).inflate(10, 10), 6, border_radius=22)

    def _tag(
        self,
        canvas: pygame.Surface,
        label: str,
        topleft: tuple[int, int],
        fill: tuple[int, int, int],
        ink: tuple[int, int, int],
    ) -> None:
        tag = self.ctx.text.render(label, theme.SIZE_SMALL - 6, ink)
        box = tag.get_rect(topleft=topleft).inflate(20, 8)
        pygame.draw.rect(canvas, fill, box, border_radius=10)
        canvas.blit(tag, tag.get_rect(center=box.center))

    def _draw_feedback(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        logic = self.logic
        item = next((i for i in logic.items if i.id == logic.opened), None)
        draw_panel(canvas, (40, 806, 1390, 262))
        if item is None:
            return
        text.draw(
            canvas,
            self.item_head(item),
            theme.SIZE_SMALL + 2,
            self.ctx.theme.ACCENT,
            (70, 814, 1250, 48),
            valign="middle",
            shrink=True,
        )
        text.draw(canvas, item.sign.get(lang), theme.SIZE_SMALL - 2, theme.TEXT, (70, 864, 1250, 84), shrink=True)
        text.draw(
            canvas, self.level.lesson.get(lang), theme.SIZE_SMALL - 4, theme.TEXT_DIM, (70, 952, 1340, 76), shrink=True
        )
        source = self.ctx.content.sources.get(item.source) if item.source else None
        if source is not None:
            text.draw(
                canvas,
                self.tr("quiz.source", source=source_line(source, self.ctx.lang)),
                20,
                theme.TEXT_DIM,
                (70, 1030, 1340, 30),
                shrink=True,
            )
        text.draw(
            canvas,
            self.tr("spot.yours"),
            theme.SIZE_SMALL - 6,
            FLAG,
            (1460, 836, 400, 44),
            align="center",
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            self.tr("spot.tap_more"),
            theme.SIZE_SMALL - 6,
            theme.TEXT_DIM,
            (1460, 880, 400, 50),
            align="center",
            valign="middle",
            shrink=True,
        )
