"""Draws a QuizLogic and turns taps, keys and gamepad into its moves.

Order on an answer: logic.choose() -> recorder.record() (committed to disk) -> sound ->
the feedback is drawn on the next draw(). If recording fails, the error propagates and no
feedback is shown for an answer that was not saved.

An estimate question shows a 0-100 picker instead of options: tap or drag on the scale, the
-10/-1/+1/+10 buttons, or arrow keys (left/right 1, up/down 10), then Submit or Enter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.actions import CHOICES, Action, InputEvent
from game.levels.common import source_line
from game.levels.quiz.logic import QuizLogic
from game.levels.scene import UNHANDLED, LevelScene, Unhandled
from game.outcomes import UNTIMED, AnswerChosen, GameEvent, LevelResult
from game.scene import Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_cross, draw_panel, draw_tick

if TYPE_CHECKING:
    import random
    from collections.abc import Sequence

    from game.content.levels.quiz import QuizLevel
    from game.content.schema import EstimateMark
    from game.context import Context
    from game.session import LevelRecorder

BADGES = "ABCDEF"
SCORE_POP = (1540, 190)  # a right answer's "+N" rises from under the score in the header
OPTIONS_TOP, OPTIONS_BOTTOM = 400, 750
MAX_GROWTH = 170  # the feedback panel may grow this far up over the options' area (large text)
SCALE_X0, SCALE_X1, SCALE_Y = 260, 1660, 580  # the estimate picker's 0..100 line
SCALE_HIT = (200, 520, 1520, 110)  # taps here pick a number
NUDGES = {"est-minus10": -10, "est-minus1": -1, "est-plus1": 1, "est-plus10": 10}
NUDGE_KEYS = {Action.LEFT: -1, Action.RIGHT: 1, Action.DOWN: -10, Action.UP: 10}
PROMPT = (130, 140, 1570, 210)  # the question, with its speaker button at its right
QUESTION_SPEAKER = (1736, 140)
OPTIONS_SPEAKER = (1460, 806)
FEEDBACK_SPEAKER = (1330, 790)


def option_mark(correct: bool, chosen: bool) -> str:
    """An option's mark in the feedback: chosen and right, chosen and wrong, right but missed, or none."""
    if chosen:
        return "right" if correct else "wrong"
    return "missed" if correct else ""


def mark_rows(marks: Sequence[EstimateMark]) -> list[tuple[int, int, tuple[int, int, int, int]]]:
    """Where each norms mark goes below the scale: (x of its line, y of its row, its label's box). The mark
    farthest right takes the top row, so every line runs down left of the labels it passes (a line once
    ran through the label of the row above its own)."""
    order = sorted(range(len(marks)), key=lambda i: -marks[i].value)
    rows: list[Any] = [None] * len(marks)
    for row, i in enumerate(order):
        x, y = scale_x(marks[i].value), 652 + row * 42
        rows[i] = (x, y, (x + 24, y, 1820 - x - 24, 40))
    return rows


def scale_x(value: float) -> int:
    return round(SCALE_X0 + (SCALE_X1 - SCALE_X0) * value / 100)


def scale_value(x: float) -> float:
    return 100 * (x - SCALE_X0) / (SCALE_X1 - SCALE_X0)


class QuizScene(LevelScene):
    name = "quiz"
    mood = "quiz"
    level: QuizLevel  # (content records carry the model's fields: game.content.records)
    logic: QuizLogic

    def __init__(self, ctx: Context, level: QuizLevel, recorder: LevelRecorder, rng: random.Random):
        super().__init__(ctx, level, recorder)
        # a pre- or post-test asks its list as written (a parallel form may share an item by design);
        # another level leaves out what this session asked already
        role = getattr(recorder, "role", "level")
        avoid = () if role in ("pre", "post") else getattr(recorder, "asked", ())
        self.unscored = role in ("pre", "retention")  # warm-up and re-test earn no stars: no score, no "+10"
        self.logic = QuizLogic.build(level, ctx.content.quizzes[level.quiz], rng, ctx.content.questions, avoid)
        settings = getattr(ctx, "settings", None)
        self.logic.untimed = bool(level.time_limit_s and settings is not None and settings.no_time_limits)

    def enter(self) -> None:
        super().enter()
        if self.logic.untimed:  # the teacher's report marks the attempt: its times are not comparable
            self.recorder.record(GameEvent(UNTIMED, {"time_limit_s": self.level.time_limit_s}))

    # -- layout --------------------------------------------------------------------------------
    def layout(self) -> None:
        lang = self.ctx.lang
        logic = self.logic
        item = logic.item
        if item.question.kind == "estimate":
            self._layout_estimate()
            return
        n = len(item.options)
        columns = 2
        rows = (n + columns - 1) // columns
        gap = 24
        bottom = OPTIONS_BOTTOM - self.feedback_growth()  # the options make room for a grown feedback panel
        height = (bottom - OPTIONS_TOP - gap * (rows - 1)) // rows
        width = (1760 - gap * (columns - 1)) // columns
        buttons = []
        feedback = logic.phase != "asking"
        for i, option in enumerate(item.options):
            x = 80 + (i % columns) * (width + gap)
            y = OPTIONS_TOP + (i // columns) * (height + gap)
            label = self.tr(f"quiz.{option.id}") if item.question.kind == "truefalse" else option.text.get(lang)
            button = Button(
                f"option-{option.id}",
                (x, y, width, height),
                label,
                size=theme.SIZE_BUTTON,
                badge=BADGES[i],
                reserve_icon=True,
            )
            if feedback:
                button.enabled = True
                button.mark = option_mark(option.correct, option.id in logic.selected)
            else:
                button.selected = option.id in logic.selected
            buttons.append(button)
        if feedback:
            last = logic.index + 1 == len(logic.items)
            buttons.append(self.next_button("quiz.finish" if last else "quiz.next"))
        elif item.question.kind == "multiple":
            buttons.append(self.next_button("quiz.submit", "submit", enabled=bool(logic.selected)))
        buttons.append(self.pause_button())
        self.buttons.buttons = buttons
        options = [part for button in buttons if button.badge for part in (button.badge, button.label)]
        self.speaker("question", (item.question.prompt.get(lang), *options), QUESTION_SPEAKER, main=not feedback)
        self.speaker("options", options, OPTIONS_SPEAKER)
        self.speak_feedback()

    def speak_feedback(self) -> None:
        """After an answer: the verdict and the explanation (the marks too, on an estimate)."""
        logic, lang = self.logic, self.ctx.lang
        answer, question = logic.last, logic.item.question
        if logic.phase != "feedback" or answer is None:
            return
        if question.kind == "estimate":
            guess = answer.chosen[0] if answer.chosen else "?"
            marks = [
                self.tr(
                    "quiz.estimate_mark",
                    n=f"{m.value:g}" if m.high is None else f"{m.value:g}–{m.high:g}",
                    what=m.label.get(lang),
                )
                for m in question.marks
            ]
            parts = [self.tr("quiz.estimate_feedback", n=guess), question.explanation.get(lang), *marks]
        else:
            parts = [self.verdict(answer), question.explanation.get(lang)]
        self.speaker("feedback", parts, FEEDBACK_SPEAKER, main=True)

    def verdict(self, answer: AnswerChosen) -> str:
        if answer.correct:  # the warm-up test earns no stars: no "+10"
            return self.tr("quiz.right_plain" if self.unscored else "quiz.right", points=answer.score)
        return self.tr("quiz.timeout" if answer.timed_out else "quiz.wrong")

    def _layout_estimate(self) -> None:
        logic = self.logic
        buttons = []
        if logic.phase == "asking":
            for i, (key, label) in enumerate(
                (("est-minus10", "-10"), ("est-minus1", "-1"), ("est-plus1", "+1"), ("est-plus10", "+10"))
            ):
                x = (SCALE_X0, SCALE_X0 + 240, SCALE_X1 - 460, SCALE_X1 - 220)[i]
                buttons.append(Button(key, (x, 680, 220, 120), label, size=theme.SIZE_HEADING - 8))
            buttons.append(self.next_button("quiz.submit", "submit", enabled=logic.value is not None))
        else:
            last = logic.index + 1 == len(logic.items)
            buttons.append(self.next_button("quiz.finish" if last else "quiz.next"))
        buttons.append(self.pause_button())
        self.buttons.buttons = buttons
        self.speaker(
            "question", logic.item.question.prompt.get(self.ctx.lang), QUESTION_SPEAKER, main=logic.phase == "asking"
        )
        self.speak_feedback()

    def _handle_estimate(self, event: InputEvent) -> bool:
        """Picker input on an estimate question; True if the event was used."""
        logic = self.logic
        if event.action in NUDGE_KEYS:
            logic.nudge(NUDGE_KEYS[event.action])
        elif event.action in (Action.POINTER, Action.POINTER_MOVE) and event.pos is not None:
            x, y, w, h = SCALE_HIT
            inside = x <= event.pos[0] < x + w and y <= event.pos[1] < y + h
            if not inside or (event.action is Action.POINTER_MOVE and not event.held):
                return False
            logic.set_value(scale_value(event.pos[0]))
        else:
            return False
        self.relayout()
        return True

    # -- input (pause, update, recording: LevelScene) -------------------------------------------
    def handle_keys(self, event: InputEvent) -> Transition | None | Unhandled:
        logic = self.logic
        estimate = logic.item.question.kind == "estimate"
        if estimate and logic.phase == "asking":
            if self._handle_estimate(event):
                return None
            if event.action is Action.CONFIRM and self.buttons.focus is None:
                return self._apply(logic.submit())
        if event.action in CHOICES:
            index = CHOICES.index(event.action)
            if logic.phase == "asking" and index < len(logic.item.options):
                return self._apply(logic.choose(logic.item.options[index].id))
            return None
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            if logic.phase == "feedback":
                return self._apply(logic.next())
            if logic.item.question.kind == "multiple":
                return self._apply(logic.submit())
        return UNHANDLED

    def on_button(self, chosen: str | None, event: InputEvent) -> Transition | None:
        logic = self.logic
        if chosen is None:
            return None
        if chosen == "next":
            self.ctx.sounds.play("tap")
            return self._apply(logic.next())
        if chosen == "submit":
            return self._apply(logic.submit())
        if chosen in NUDGES:
            self.ctx.sounds.play("tap")
            logic.nudge(NUDGES[chosen])
            self.relayout()
            return None
        if chosen.startswith("option-") and logic.phase == "asking":
            outcomes = logic.choose(chosen[len("option-") :])
            if not outcomes:
                self.ctx.sounds.play("tap")
                self.relayout()
            return self._apply(outcomes)
        return None

    def answered(self, answer: AnswerChosen) -> None:
        unscored = answer.max_score == 0  # an estimate: no right or wrong
        self.ctx.sounds.play("tap" if unscored else "right" if answer.correct else "wrong")
        if answer.correct and not unscored:
            right = [b for b in self.buttons.buttons if b.id in {f"option-{c}" for c in answer.chosen}]
            points = 0 if self.unscored else answer.score  # the warm-up test: a star burst, no "+10"
            self.celebrate(right[0].center if right else (960, 560), points, at=SCORE_POP)

    def _result(self, abandoned: bool) -> LevelResult:
        logic = self.logic
        answered = {a.question_id: a for a in logic.answers}
        scored = [i for i in logic.items if i.question.id in answered and i.question.max_points]
        missed = [i.question.explanation for i in scored if not answered[i.question.id].correct]
        right = [i.question.explanation for i in scored if answered[i.question.id].correct]
        right += [
            i.question.explanation for i in logic.items if i.question.id in answered and not i.question.max_points
        ]
        return LevelResult(
            self.level.id, logic.score, logic.max_score, logic.passed, tuple(missed + right)[:2], abandoned
        )

    def relayout(self) -> None:
        if self.logic.phase != "done":
            super().relayout()

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        logic = self.logic
        item = logic.item
        draw_backdrop(canvas, self.motion_t)
        self.draw_title(canvas, (80, 36, 900, 60), shrink=False)
        progress = self.tr(
            "quiz.progress_plain" if self.unscored else "quiz.progress",
            n=logic.index + 1,
            total=len(logic.items),
            score=logic.score,
        )
        text.draw(
            canvas, progress, theme.SIZE_SMALL + 4, theme.TEXT, (980, 36, 680, 60), align="right", valign="middle"
        )
        draw_panel(canvas, (80, 120, 1760, 250))
        text.draw(
            canvas,
            item.question.prompt.get(lang),
            theme.SIZE_HEADING - 6,
            theme.TEXT,
            PROMPT,
            valign="middle",
            shrink=True,
        )
        if item.question.kind == "estimate":
            self._draw_estimate(canvas)
        limit, left = logic.level.time_limit_s, logic.time_left
        if left is not None and limit is not None and logic.phase == "asking":  # (time is left only under a limit)
            fraction = left / limit
            pygame.draw.rect(canvas, theme.PANEL_LIGHT, (80, 376, 1760, 12), border_radius=6)
            pygame.draw.rect(canvas, self.ctx.theme.ACCENT, (80, 376, round(1760 * fraction), 12), border_radius=6)
        self.buttons.draw(canvas, text)
        if logic.phase == "asking":
            hint = {"multiple": "quiz.hint_multiple", "estimate": "quiz.hint_estimate"}.get(
                item.question.kind, "quiz.hint"
            )
            hint = self.tr(hint)
            text.draw(canvas, hint, theme.SIZE_BODY, theme.TEXT_DIM, (80, 790, 1340, 120), valign="middle", shrink=True)
        elif logic.phase == "feedback" and logic.last is not None:
            if item.question.kind == "estimate":
                self._draw_estimate_feedback(canvas, logic.last)
            else:
                self._draw_feedback(canvas, logic.last)
        self.fx.draw(canvas)

    def _draw_estimate(self, canvas: pygame.Surface) -> None:
        """The 0-100 scale, the number picked (or "?"), and 100 dots of which that many are lit."""
        text = self.ctx.text
        logic = self.logic
        value = logic.value
        if logic.phase == "asking":
            shown = self.tr("quiz.estimate_value", n="?" if value is None else value)
            text.draw(
                canvas,
                shown,
                theme.SIZE_HEADING,
                self.ctx.theme.ACCENT,
                (560, 400, 800, 100),
                align="center",
                valign="middle",
            )
        pygame.draw.line(canvas, theme.TEXT_DIM, (SCALE_X0, SCALE_Y), (SCALE_X1, SCALE_Y), 8)
        for tick in range(0, 101, 10):
            x = scale_x(tick)
            pygame.draw.line(canvas, theme.TEXT_DIM, (x, SCALE_Y - 18), (x, SCALE_Y + 18), 4)
            label = text.render(str(tick), theme.SIZE_SMALL - 4, theme.TEXT_DIM)
            canvas.blit(label, label.get_rect(midtop=(x, SCALE_Y + 24)))
        if value is not None:
            x = scale_x(value)
            pygame.draw.line(canvas, self.ctx.theme.ACCENT, (SCALE_X0, SCALE_Y), (x, SCALE_Y), 12)
            pygame.draw.circle(canvas, theme.BG_DEEP, (x, SCALE_Y), 30)
            pygame.draw.circle(canvas, self.ctx.theme.ACCENT, (x, SCALE_Y), 24)
        if logic.phase == "asking":  # 100 dots, `value` of them lit: "out of 100" made visible
            for i in range(100):
                cx, cy = 770 + (i % 20) * 20, 700 + (i // 20) * 20
                lit = value is not None and i < value
                pygame.draw.circle(canvas, self.ctx.theme.ACCENT if lit else theme.PANEL_LIGHT, (cx, cy), 7)

    def _draw_estimate_feedback(self, canvas: pygame.Surface, answer: AnswerChosen) -> None:
        """Your guess on the scale, the real figures below it (what each measures), the explanation and sources."""
        text = self.ctx.text
        lang = self.ctx.lang
        question = self.logic.item.question
        guess = answer.chosen[0] if answer.chosen else "?"
        if answer.chosen:
            x = scale_x(float(guess))
            you = text.render(self.tr("quiz.estimate_you", n=guess), theme.SIZE_SMALL, self.ctx.theme.ACCENT)
            canvas.blit(you, you.get_rect(midbottom=(min(max(x, SCALE_X0 + 120), SCALE_X1 - 120), SCALE_Y - 36)))
        rows = mark_rows(question.marks)
        for mark, (x, y, _) in zip(question.marks, rows):
            if mark.high is not None:  # a range: a band on the line
                pygame.draw.line(canvas, self.ctx.theme.RIGHT, (x, SCALE_Y), (scale_x(mark.high), SCALE_Y), 14)
            pygame.draw.line(canvas, self.ctx.theme.RIGHT, (x, SCALE_Y), (x, y + 20), 4)
            pygame.draw.circle(canvas, self.ctx.theme.RIGHT, (x, y + 20), 10)
        for mark, (x, y, box) in zip(question.marks, rows):  # labels over every line
            number = f"{mark.value:g}" if mark.high is None else f"{mark.value:g}–{mark.high:g}"
            label = self.tr("quiz.estimate_mark", n=number, what=mark.label.get(lang))
            text.draw(canvas, label, theme.SIZE_SMALL - 4, theme.TEXT, box, valign="middle", shrink=True)
        draw_panel(canvas, (80, 780, 1350, 285), theme.PANEL)
        text.draw(
            canvas,
            self.tr("quiz.estimate_feedback", n=guess),
            theme.SIZE_BODY,
            self.ctx.theme.ACCENT,
            (110, 795, 1200, 64),
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas, question.explanation.get(lang), theme.SIZE_SMALL, theme.TEXT, (110, 860, 1210, 138), shrink=True
        )
        sources = [
            self.ctx.content.sources.get(s)
            for s in dict.fromkeys([question.source] + [m.source for m in question.marks])
        ]
        names = "; ".join(source_line(s, lang) for s in sources if s is not None)
        if names:
            text.draw(
                canvas, self.tr("quiz.source", source=names), 22, theme.TEXT_DIM, (110, 1000, 1300, 60), shrink=True
            )

    def _draw_feedback(self, canvas: pygame.Surface, answer: AnswerChosen) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        question = self.logic.item.question
        up = self.feedback_growth()  # large text: the panel grows upwards (the options made room) before words shrink
        draw_panel(canvas, (80, 775 - up, 1350, 290 + up), theme.PANEL)
        color = self.ctx.theme.RIGHT_TEXT if answer.correct else self.ctx.theme.WRONG_TEXT
        (draw_tick if answer.correct else draw_cross)(canvas, (150, 840 - up), 80, color)
        text.draw(canvas, self.verdict(answer), theme.SIZE_BODY + 4, color, (210, 795 - up, 1110, 80), valign="middle")
        text.draw(
            canvas,
            question.explanation.get(lang),
            theme.SIZE_SMALL + 4,
            theme.TEXT,
            (110, 880 - up, 1300, 130 + up),
            shrink=True,
        )
        source = self.ctx.content.sources.get(question.source)
        if source is not None:
            label = self.tr("quiz.source", source=source_line(source, self.ctx.lang))
            text.draw(canvas, label, 24, theme.TEXT_DIM, (110, 1015, 1300, 40), shrink=True)

    def feedback_growth(self) -> int:
        """How far the feedback panel grows upwards so the explanation keeps its size (0 unless text is large)."""
        question = self.logic.item.question
        if question.kind == "estimate" or self.logic.phase != "feedback":
            return 0
        return (
            self.ctx.text.grown(
                question.explanation.get(self.ctx.lang), theme.SIZE_SMALL + 4, (0, 0, 1300, 130), 130 + MAX_GROWTH
            )
            - 130
        )
