"""Draws a ScenarioLogic: a drawn stage with the people in it, the speaker's line in a bubble,
and the player's replies as large buttons (tap, 1-4, or arrows + Enter); then the ending's
feedback naming the refusal skills used.

Order on a reply: logic.choose() -> recorder.record() (committed) -> sound -> the next node
or the ending is drawn on the next draw().
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.actions import CHOICES, Action, InputEvent
from game.content.levels.scenario import NARRATOR
from game.levels.common import source_line
from game.levels.scenario.art import People, Stage, draw_bubble, draw_person
from game.levels.scenario.logic import ScenarioLogic
from game.levels.scene import UNHANDLED, LevelScene, Unhandled
from game.outcomes import AnswerChosen, LevelResult, Outcome
from game.scene import Transition
from game.ui import layout, theme
from game.ui.backdrop import draw_backdrop
from game.ui.tween import reduced
from game.ui.widgets import Button, draw_cross, draw_panel, draw_tick

if TYPE_CHECKING:
    import random

    from game.content.levels.scenario import Node, ScenarioLevel
    from game.context import Context
    from game.session import LevelRecorder

STAGE = (40, 110, 1840, 520)
FLOOR_Y = STAGE[1] + STAGE[3] - 46
BUBBLE = (600, 126, 1040, 280)  # the speaker's line
REPLY = (760, 432, 880, 122)  # the player's own last reply, from the figure on the right
PLAYER_X = 1760  # where "you" stand
PLAYER_SHIRT = "yellow"
AGE_LOOK = {"primary": "child", "junior": "teen", "senior": "teen", "university": "adult"}
REPLY_FILL = (214, 240, 208)
CHOICE_TOP, CHOICE_BOTTOM = 660, 1060
BUBBLE_FILL = (250, 250, 246)
BUBBLE_INK = (30, 34, 44)
NAME_INK = (60, 90, 150)  # the speaker's name in their bubble
REPLY_INK = (40, 96, 60)  # "you" in the player's bubble
SPEAKER_ROOM = 100  # the bubble's text leaves this much on its right for the speaker button
LINE_SPEAKER = (BUBBLE[0] + BUBBLE[2] - 104, BUBBLE[1] + 14)
# the replies' speaker, in the header beside Pause: the stage's corner is where "you" stand
CHOICES_SPEAKER = (layout.PAUSE[0] - 108, 18)
ENDING_SPEAKER = (1336, 668)
RETRY = (1460, 800, 400, 110)  # "try again" above the way on (layout.FOOTER_RIGHT) after an unsafe ending


class ScenarioScene(LevelScene):
    name = "scenario"
    mood = "quiz"
    level: ScenarioLevel  # (content records carry the model's fields: game.content.records)
    logic: ScenarioLogic

    def __init__(self, ctx: Context, level: ScenarioLevel, recorder: LevelRecorder, rng: random.Random):
        super().__init__(ctx, level, recorder)
        self.logic = ScenarioLogic(level)
        self.people = {c.id: c for c in level.characters}
        self._stage: Stage | None = None
        self._faces: People | None = None
        from types import SimpleNamespace

        age = getattr(getattr(recorder, "player", None), "age_group", "junior")
        # the player stands on the stage too, the same figure throughout, so that nobody else is taken for "you"
        self.me = SimpleNamespace(id="you", hair="short", shirt=PLAYER_SHIRT, age=AGE_LOOK.get(age, "teen"))

    def moods(self) -> dict[str, str]:
        """How each person looks now. The one who makes the offer (the first line's speaker) looks
        pushy while pressing it, and the others worried; at a safe ending the others are glad (the
        offerer just neutral), at an unsafe one worried (the offerer pushy). The player ("you") looks
        neutral while talking, glad at a safe ending and worried at an unsafe one."""
        logic, node = self.logic, self.logic.node
        start = next((n for n in self.level.nodes if n.id == self.level.start), None)
        offerer = start.speaker if start is not None else None
        moods = {}
        for person in self.level.characters:
            offering = person.id == offerer
            if logic.phase == "talk":
                if node.speaker == offerer:
                    moods[person.id] = "pushy" if offering else "worried"
                else:
                    moods[person.id] = "neutral"
            elif node.ending is not None and node.ending.safe:
                moods[person.id] = "neutral" if offering else "glad"
            else:
                moods[person.id] = "pushy" if offering else "worried"
        if logic.phase == "talk" or node.ending is None:
            moods[self.me.id] = "neutral"
        else:
            moods[self.me.id] = "glad" if node.ending.safe else "worried"
        return moods

    # -- layout --------------------------------------------------------------------------------
    def layout(self) -> None:
        logic = self.logic
        lang = self.ctx.lang
        buttons = []
        if logic.phase == "talk":
            choices = logic.choices
            columns = 1 if len(choices) <= 2 else 2
            rows = (len(choices) + columns - 1) // columns
            gap = 24
            height = min(180, (CHOICE_BOTTOM - CHOICE_TOP - gap * (rows - 1)) // rows)
            width = (1840 - gap * (columns - 1)) // columns
            for i, choice in enumerate(choices):
                x = 40 + (i % columns) * (width + gap)
                y = CHOICE_TOP + (i // columns) * (height + gap)
                buttons.append(
                    Button(
                        f"choice-{choice.id}",
                        (x, y, width, height),
                        choice.text.get(lang),
                        size=theme.SIZE_BUTTON - 4,
                        badge=str(i + 1),
                    )
                )
        elif logic.phase == "ending":
            if self.can_retry:  # an unsafe ending: practise the moment again, once
                buttons.append(Button("retry", RETRY, self.tr("level.retry")))
            buttons.append(self.next_button("scenario.continue"))
        buttons.append(self.pause_button())
        self.buttons.buttons = buttons
        said = [part for button in buttons if button.badge for part in (button.badge, button.label)]
        self.speaker("line", (logic.node.text.get(lang), *said), LINE_SPEAKER, main=logic.phase == "talk")
        self.speaker("choices", said, CHOICES_SPEAKER)
        ending = logic.node.ending
        if logic.phase == "ending" and ending is not None:
            self.speaker(
                "ending",
                (
                    self.tr("scenario.safe" if ending.safe else "scenario.unsafe"),
                    self.skills_line(),
                    ending.feedback.get(lang),
                ),
                ENDING_SPEAKER,
                main=True,
            )

    def skills_line(self) -> str:
        """ "Skills you used: ..." for the ending ('' when none were used)."""
        skills = self.logic.skills_used()
        if not skills:
            return ""
        sep = "、" if self.ctx.lang == "zh-CN" else ", "
        return self.tr("scenario.skills", skills=sep.join(self.tr(f"skill.{s}") for s in skills))

    # -- input (pause, update, recording: LevelScene) -------------------------------------------
    def handle_keys(self, event: InputEvent) -> Transition | None | Unhandled:
        logic = self.logic
        if event.action in CHOICES:
            index = CHOICES.index(event.action)
            if logic.phase == "talk" and index < len(logic.choices):
                return self._apply(logic.choose(logic.choices[index].id))
            return None
        if event.action is Action.CONFIRM and self.buttons.focus is None and logic.phase == "ending":
            return self._apply(logic.finish())
        return UNHANDLED

    @property
    def can_retry(self) -> bool:
        return self.retry_offer and self.logic.phase == "ending" and not self.logic.safe

    def on_button(self, chosen: str | None, event: InputEvent) -> Transition | None:
        if chosen == "retry" and self.can_retry:
            self.ctx.sounds.play("tap")
            self.retrying = True  # this try is finished as it is; the runner starts the story again
            return self._apply(self.logic.finish())
        if chosen == "next":
            self.ctx.sounds.play("tap")
            return self._apply(self.logic.finish())
        if chosen is not None and chosen.startswith("choice-"):
            return self._apply(self.logic.choose(chosen[len("choice-") :]))
        return None

    def answered(self, answer: AnswerChosen) -> None:
        self.ctx.sounds.play("tap")

    def react(self, outcomes: list[Outcome]) -> None:
        if self.logic.phase == "ending" and any(isinstance(o, AnswerChosen) for o in outcomes):
            self.ctx.sounds.play("right" if self.logic.safe else "wrong")
            if self.logic.safe:
                self.celebrate((110, 710), self.logic.score, at=(1660, 800))
        if not self.finished:
            self.buttons.focus = None if self.buttons.focus is None else 0

    def _result(self, abandoned: bool) -> LevelResult:
        logic = self.logic
        ending = logic.node.ending
        learned = (
            ()
            if ending is None
            else tuple(t for t in (getattr(ending.now, "say", None), ending.feedback) if t is not None)
        )
        return LevelResult(self.level.id, logic.score, logic.max_score, logic.passed, learned, abandoned, self.retrying)

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        logic = self.logic
        node = logic.node
        draw_backdrop(canvas, self.motion_t)
        self.draw_title(canvas)
        clip = canvas.get_clip()
        canvas.set_clip(pygame.Rect(STAGE))
        if self._stage is None:
            self._stage = Stage(self.ctx.art, self.level.setting, (STAGE[2], STAGE[3]))
            self._faces = People(self.ctx.art)
        faces = self._faces
        assert faces is not None  # made with the stage
        still = reduced(self.ctx)
        self._stage.draw(canvas, STAGE[:2], self.t, still)
        speaker = node.speaker
        xs = [200, 430, 660][: len(self.level.characters)]
        moods = self.moods()
        # every figure keeps its look all the way through (never dimmed): who speaks shows by the bubble's
        # tail, a bob and their face, and each figure wears its name
        for x, person in zip(xs, self.level.characters):
            talking = person.id == speaker and logic.phase == "talk"
            draw_person(
                canvas, faces, x, FLOOR_Y, person, mood=moods[person.id], talking=talking, t=self.t, still=still
            )
        draw_person(canvas, faces, PLAYER_X, FLOOR_Y, self.me, mood=moods[self.me.id], t=self.t, still=still)
        names = [(x, person.name.get(self.ctx.lang)) for x, person in zip(xs, self.level.characters)]
        for x, name in names + [(PLAYER_X, self.tr("scenario.you"))]:
            self._name_tag(canvas, x, name)
        canvas.set_clip(clip)
        pygame.draw.rect(canvas, theme.BG_DEEP, STAGE, 6, border_radius=12)
        self._draw_line(canvas, node, xs)
        self._draw_reply(canvas)
        if logic.phase == "talk":
            self.buttons.draw(canvas, text)
        elif logic.phase in ("ending", "done"):
            self._draw_ending(canvas)
            self.buttons.draw(canvas, text)
        self.fx.draw(canvas)

    def _name_tag(self, canvas: pygame.Surface, x: int, name: str) -> None:
        text, size = self.ctx.text, theme.SIZE_SMALL - 8
        box = pygame.Rect(0, 0, text.measure(name, size) + 18, text.line_height(size) + 2)
        box.midtop = (x, FLOOR_Y + 4)
        box.clamp_ip(pygame.Rect(STAGE))
        pygame.draw.rect(canvas, BUBBLE_FILL, box, border_radius=10)
        text.draw(canvas, name, size, BUBBLE_INK, box, align="center", valign="middle")

    def _draw_reply(self, canvas: pygame.Surface) -> None:
        """The player's own last reply, in their bubble: what they said, then what the others answer."""
        reply = self.logic.last_reply
        if reply is None:
            return
        text = self.ctx.text
        x, y, w, h = REPLY
        draw_bubble(canvas, REPLY, PLAYER_X - 40, REPLY_FILL, side="right")
        text.draw(
            canvas,
            self.tr("scenario.you"),
            theme.SIZE_SMALL - 6,
            REPLY_INK,
            (x + 30, y + 8, w - 60, 34),
            valign="middle",
        )
        text.draw(
            canvas,
            reply.text.get(self.ctx.lang),
            theme.SIZE_SMALL,
            BUBBLE_INK,
            (x + 30, y + 42, w - 60, h - 50),
            valign="middle",
            shrink=True,
        )

    def _draw_line(self, canvas: pygame.Surface, node: Node, xs: list[int]) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        bx, by, bw, bh = BUBBLE
        if node.speaker == NARRATOR:
            draw_panel(canvas, BUBBLE, theme.BG_DEEP)
            text.draw(
                canvas,
                node.text.get(lang),
                theme.SIZE_BODY,
                theme.TEXT,
                (bx + 40, by + 30, bw - 80 - SPEAKER_ROOM, bh - 60),
                valign="middle",
                shrink=True,
            )
            return
        index = [c.id for c in self.level.characters].index(node.speaker)
        draw_bubble(canvas, BUBBLE, xs[index] + 60, BUBBLE_FILL)
        name = self.people[node.speaker].name.get(lang)
        text.draw(
            canvas, name, theme.SIZE_SMALL, NAME_INK, (bx + 40, by + 18, bw - 80 - SPEAKER_ROOM, 44), valign="middle"
        )
        text.draw(
            canvas,
            node.text.get(lang),
            theme.SIZE_BODY,
            BUBBLE_INK,
            (bx + 40, by + 66, bw - 80 - SPEAKER_ROOM, bh - 86),
            valign="middle",
            shrink=True,
        )

    def _draw_ending(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        lang = self.ctx.lang
        logic = self.logic
        ending = logic.node.ending
        if ending is None:
            return
        draw_panel(canvas, (40, 650, 1390, 410))
        color = self.ctx.theme.RIGHT_TEXT if ending.safe else self.ctx.theme.WRONG_TEXT
        (draw_tick if ending.safe else draw_cross)(canvas, (110, 710), 80, color)
        verdict = self.tr("scenario.safe" if ending.safe else "scenario.unsafe")
        text.draw(canvas, verdict, theme.SIZE_BODY + 4, color, (170, 668, 1140, 84), valign="middle", shrink=True)
        names = self.skills_line()
        if names:
            text.draw(
                canvas,
                names,
                theme.SIZE_SMALL + 2,
                self.ctx.theme.ACCENT,
                (80, 760, 1320, 60),
                valign="middle",
                shrink=True,
            )
        text.draw(canvas, ending.shown_text(lang), theme.SIZE_SMALL + 2, theme.TEXT, (80, 826, 1320, 180), shrink=True)
        source = self.ctx.content.sources.get(ending.source) if ending.source else None
        if source is not None:
            text.draw(
                canvas,
                self.tr("quiz.source", source=source_line(source, self.ctx.lang)),
                22,
                theme.TEXT_DIM,
                (80, 1010, 1320, 40),
                shrink=True,
            )
        score = self.tr("scenario.score", score=logic.score, total=logic.max_score)
        score_y = 700 if self.can_retry else 860  # above the try-again button when there is one
        text.draw(
            canvas, score, theme.SIZE_SMALL, theme.TEXT_DIM, (1460, score_y, 400, 60), align="center", valign="middle"
        )
