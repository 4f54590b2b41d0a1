"""Draws a QuizLogic and turns taps, keys and gamepad into its moves.

Order on an answer: logic.choose() -> recorder.record() (committed to disk) -> sound ->
the feedback is drawn on the next draw(). If recording fails, the error propagates and no
feedback is shown for an answer that was not saved.
"""

from __future__ import annotations

from typing import Any

from game.actions import CHOICES, Action, InputEvent
from game.levels.quiz.logic import QuizLogic
from game.outcomes import AnswerChosen, LevelFinished, LevelResult
from game.scenes.base import Pop, Push, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_cross, draw_panel, draw_tick

BADGES = "ABCDEF"
OPTIONS_TOP, OPTIONS_BOTTOM = 400, 750


class QuizScene(Scene):
    name = "quiz"

    def __init__(self, ctx: Any, level: Any, recorder: Any, rng: Any):
        super().__init__(ctx)
        self.level = level
        self.recorder = recorder
        self.logic = QuizLogic.build(level, ctx.content.quizzes[level.quiz], rng)

    # -- layout --------------------------------------------------------------------------------
    def layout(self) -> None:
        lang = self.ctx.lang
        logic = self.logic
        item = logic.item
        n = len(item.options)
        columns = 2
        rows = (n + columns - 1) // columns
        gap = 24
        height = (OPTIONS_BOTTOM - OPTIONS_TOP - gap * (rows - 1)) // rows
        width = (1760 - gap * (columns - 1)) // columns
        buttons = []
        feedback = logic.phase != "asking"
        for i, option in enumerate(item.options):
            x = 80 + (i % columns) * (width + gap)
            y = OPTIONS_TOP + (i // columns) * (height + gap)
            label = self.tr(f"quiz.{option.id}") if item.question.kind == "truefalse" else option.text.get(lang)
            button = Button(f"option-{option.id}", (x, y, width, height), label, size=theme.SIZE_BUTTON, badge=BADGES[i])
            if feedback:
                button.enabled = True
                if option.correct:
                    button.mark = "right"
                elif option.id in logic.selected:
                    button.mark = "wrong"
            else:
                button.selected = option.id in logic.selected
            buttons.append(button)
        if feedback:
            last = logic.index + 1 == len(logic.items)
            buttons.append(Button("next", (1460, 930, 400, 120), self.tr("quiz.finish" if last else "quiz.next"), style="primary"))
        elif item.question.kind == "multiple":
            submit = Button("submit", (1460, 930, 400, 120), self.tr("quiz.submit"), style="primary")
            submit.enabled = bool(logic.selected)
            buttons.append(submit)
        buttons.append(Button("pause", (1700, 24, 180, 80), self.tr("quiz.pause"), size=theme.SIZE_SMALL, style="quiet"))
        self.buttons.buttons = buttons

    # -- input ---------------------------------------------------------------------------------
    def handle(self, event: InputEvent) -> Transition | None:
        logic = self.logic
        if event.action in (Action.BACK, Action.PAUSE):
            from game.scenes.pause import PauseScene

            return Push(PauseScene(self.ctx))
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
        chosen = self.buttons.handle(event)
        if chosen is None:
            return None
        if chosen == "pause":
            from game.scenes.pause import PauseScene

            return Push(PauseScene(self.ctx))
        if chosen == "next":
            self.ctx.sounds.play("tap")
            return self._apply(logic.next())
        if chosen == "submit":
            return self._apply(logic.submit())
        if chosen.startswith("option-") and logic.phase == "asking":
            outcomes = logic.choose(chosen[len("option-"):])
            if not outcomes:
                self.ctx.sounds.play("tap")
                self.relayout()
            return self._apply(outcomes)
        return None

    def _apply(self, outcomes: list[Any]) -> Transition | None:
        """Record outcomes (committed before anything is shown), then react to them."""
        transition: Transition | None = None
        for outcome in outcomes:
            self.recorder.record(outcome)
            if isinstance(outcome, AnswerChosen):
                self.ctx.sounds.play("right" if outcome.correct else "wrong")
            elif isinstance(outcome, LevelFinished):
                transition = Pop(self._result(abandoned=False))
        self.relayout()
        return transition

    def _result(self, abandoned: bool) -> LevelResult:
        logic = self.logic
        answered = {a.question_id: a for a in logic.answers}
        missed = [i.question.explanation for i in logic.items if i.question.id in answered and not answered[i.question.id].correct]
        right = [i.question.explanation for i in logic.items if i.question.id in answered and answered[i.question.id].correct]
        return LevelResult(self.level.id, logic.score, logic.max_score, logic.passed, tuple(missed + right)[:2], abandoned)

    def resume(self, result: Any = None) -> Transition | None:
        super().resume(result)
        if result == "quit":
            return Pop(self._result(abandoned=True))
        return None

    def relayout(self) -> None:
        if self.logic.phase != "done":
            super().relayout()

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        return self._apply(self.logic.update(dt)) if self.logic.phase == "asking" else None

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, canvas: Any) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        logic = self.logic
        item = logic.item
        draw_backdrop(canvas, self.t)
        text.draw(canvas, self.level.title.get(lang), theme.SIZE_SMALL + 4, theme.TEXT_DIM, (80, 36, 900, 60), valign="middle")
        progress = self.tr("quiz.progress", n=logic.index + 1, total=len(logic.items), score=logic.score)
        text.draw(canvas, progress, theme.SIZE_SMALL + 4, theme.TEXT, (980, 36, 680, 60), align="right", valign="middle")
        draw_panel(canvas, (80, 120, 1760, 250))
        text.draw(canvas, item.question.prompt.get(lang), theme.SIZE_HEADING - 6, theme.TEXT, (130, 140, 1660, 210), valign="middle", shrink=True)
        if logic.time_left is not None and logic.phase == "asking":
            import pygame

            fraction = logic.time_left / logic.level.time_limit_s
            pygame.draw.rect(canvas, theme.PANEL_LIGHT, (80, 376, 1760, 12), border_radius=6)
            pygame.draw.rect(canvas, theme.ACCENT, (80, 376, round(1760 * fraction), 12), border_radius=6)
        self.buttons.draw(canvas, text)
        if logic.phase == "asking":
            hint = self.tr("quiz.hint_multiple" if item.question.kind == "multiple" else "quiz.hint")
            text.draw(canvas, hint, theme.SIZE_BODY, theme.TEXT_DIM, (80, 790, 1340, 120), valign="middle", shrink=True)
        elif logic.phase == "feedback" and logic.last is not None:
            self._draw_feedback(canvas, logic.last)

    def _draw_feedback(self, canvas: Any, answer: AnswerChosen) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        question = self.logic.item.question
        draw_panel(canvas, (80, 775, 1350, 290), theme.PANEL)
        color = theme.RIGHT if answer.correct else theme.WRONG
        (draw_tick if answer.correct else draw_cross)(canvas, (150, 840), 80, color)
        if answer.correct:
            verdict = self.tr("quiz.right", points=answer.score)
        else:
            verdict = self.tr("quiz.timeout" if answer.timed_out else "quiz.wrong")
        text.draw(canvas, verdict, theme.SIZE_BODY + 4, color, (210, 795, 1200, 80), valign="middle")
        text.draw(canvas, question.explanation.get(lang), theme.SIZE_SMALL + 4, theme.TEXT, (110, 880, 1300, 130), shrink=True)
        source = self.ctx.content.sources.get(question.source)
        if source is not None:
            label = self.tr("quiz.source", source=f"{source.publisher}: {source.title}")
            text.draw(canvas, label, 24, theme.TEXT_DIM, (110, 1015, 1300, 40), shrink=True)
