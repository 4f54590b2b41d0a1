"""Draws a ChaseLogic and feeds it input; shows fact cards, the summary and the mini-quiz.

Stages: "play" (the logic runs; a hit shows the logic's fact card) -> "summary" (which drugs
hit you, which you dodged) -> the mini-quiz (a QuizScene on the drugs met, recorded in this
attempt) -> Pop(LevelResult). Sprites are drawn once per language and blitted with fblits.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

import pygame

from game.actions import Action, InputEvent
from game.content.levels.chase import ARENA_H, ARENA_W
from game.content.levels.quiz import QuizLevel
from game.content.schema import Text
from game.levels.chase.logic import ChaseLogic
from game.levels.common import source_line
from game.levels.scene import LevelScene
from game.outcomes import LevelFinished, LevelResult
from game.scene import Pop, Push, Transition
from game.session import NestedRecorder
from game.ui import theme
from game.ui.sprites import frame_at, keyed, outlined, run_frames
from game.ui.tween import ease_out_back, reduced
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import random

    from game.content.levels.chase import ChaseLevel, Cover
    from game.content.schema import AgeGroup, Drug
    from game.context import Context
    from game.levels.chase.logic import Runner
    from game.session import LevelRecorder

HUD_H = 120
CARD = (360, 140, 1200, 880)  # the fact card's panel
CARD_OK = (760, 880, 400, 110)  # its Continue, inside it
CARD_TEXT_W = 1080  # the card's words; under large text the card grows to 1440 before they shrink
SUMMARY = (260, 140, 1400, 900)
SUMMARY_OK = (760, 900, 400, 120)
SUMMARY_RETRY, SUMMARY_OK_BESIDE = (460, 900, 440, 120), (1020, 900, 440, 120)  # when "try again" is offered
LABEL_BG = (18, 22, 30)
DRUG_RING = (200, 52, 40)  # every flying drug wears the same warning ring: "keep away from this"
GRASS = ((92, 150, 84), (100, 160, 90))
PATH = (214, 196, 150)
CHARACTER_H = 118  # the officer and the trafficker, in pixels (their radius is 40)
COUNT_FROM = 3  # 3, 2, 1, go!
COUNT_S = 0.7  # seconds each number shows
CARD_SLIDE = 160  # a fact card rises this far as it arrives
CARD_SPEAKER = (1450, 172)
SUMMARY_SPEAKER = (1550, 162)
DRUG_COLORS = [
    (236, 112, 99),
    (175, 122, 197),
    (93, 173, 226),
    (72, 201, 176),
    (244, 208, 63),
    (235, 152, 78),
    (170, 183, 184),
    (240, 98, 146),
]


Outline = tuple[tuple[float, float], ...]


def _regular(n: int, turn: float, inner: float = 1.0) -> Outline:
    """n points round the unit circle from the angle `turn`; every other one at radius `inner` (a star)."""
    return tuple(
        (
            (1.0 if i % 2 == 0 else inner) * math.cos(turn + i * 2 * math.pi / n),
            (1.0 if i % 2 == 0 else inner) * math.sin(turn + i * 2 * math.pi / n),
        )
        for i in range(n)
    )


def _capsule() -> Outline:
    """A pill on its side: two half circles joined."""
    h = 0.55
    right = [
        (1 - h + h * math.cos(-math.pi / 2 + i * math.pi / 8), h * math.sin(-math.pi / 2 + i * math.pi / 8))
        for i in range(9)
    ]
    left = [
        (-1 + h + h * math.cos(math.pi / 2 + i * math.pi / 8), h * math.sin(math.pi / 2 + i * math.pi / 8))
        for i in range(9)
    ]
    return tuple(right + left)


_A = 0.35  # the cross's half width
# each drug icon's outline on the unit circle (centre 0, 0; radius 1), y down; a circle has none (drawn as one)
SHAPES: dict[str, Outline] = {
    "square": ((-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)),
    "diamond": ((0, -1), (1, 0), (0, 1), (-1, 0)),
    "triangle": ((0, -1), (0.95, 0.75), (-0.95, 0.75)),
    "star": _regular(10, -math.pi / 2, inner=0.45),
    "hexagon": _regular(6, -math.pi / 2),
    "cross": (
        (-_A, -1),
        (_A, -1),
        (_A, -_A),
        (1, -_A),
        (1, _A),
        (_A, _A),
        (_A, 1),
        (-_A, 1),
        (-_A, _A),
        (-1, _A),
        (-1, -_A),
        (-_A, -_A),
    ),
    "pentagon": _regular(5, -math.pi / 2),
    "octagon": _regular(8, -math.pi / 2 + math.pi / 8),
    "capsule": _capsule(),
    "trapezoid": ((-0.5, -0.7), (0.5, -0.7), (1, 0.7), (-1, 0.7)),
    "kite": ((0, -1), (0.7, -0.2), (0, 1), (-0.7, -0.2)),
    "hourglass": ((-0.8, -1), (0.8, -1), (0.15, 0), (0.8, 1), (-0.8, 1), (-0.15, 0)),
    "drop": tuple((0.8 * math.cos(i * math.pi / 8), 0.2 + 0.8 * math.sin(i * math.pi / 8)) for i in range(-1, 10))
    + ((0, -1),),
}


def icon_points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]] | None:
    """Polygon points of a drug's icon shape (SHAPES) at (cx, cy) with radius r; None for a circle."""
    outline = SHAPES.get(shape)
    return None if outline is None else [(cx + x * r, cy + y * r) for x, y in outline]


def short_name(name: str) -> str:
    """The name without its bracketed part, for labels on flying drugs: 冰毒（甲基苯丙胺） -> 冰毒."""
    for bracket in ("（", " ("):
        if bracket in name and not name.startswith(bracket.strip()):
            return name.split(bracket)[0]
    return name


def draw_icon(
    surface: pygame.Surface, shape: str, center: tuple[float, float], r: float, color: tuple[int, int, int]
) -> None:
    points = icon_points(shape, center[0], center[1], r)
    if points is None:
        pygame.draw.circle(surface, color, center, r)
        pygame.draw.circle(surface, theme.TEXT, center, r, 4)
    else:
        pygame.draw.polygon(surface, color, points)
        pygame.draw.polygon(surface, theme.TEXT, points, 4)


class ChaseScene(LevelScene):
    name = "chase"
    mood = "chase"
    level: ChaseLevel  # (content records carry the model's fields: game.content.records)
    logic: ChaseLogic

    def __init__(self, ctx: Context, level: ChaseLevel, recorder: LevelRecorder, rng: random.Random):
        super().__init__(ctx, level, recorder)
        self.rng = rng
        self.age_group = recorder.player.age_group
        self.logic = ChaseLogic(level, rng, age_group=cast("AgeGroup", self.age_group))  # (checked at the door)
        # (a fact card always waits for a tap: it never cuts off its reading aloud, nor rushes a slow reader)
        self.pointer: tuple[float, float] | None = None  # where a tap or drag asks the officer to go
        self.stage = "play"
        self.countdown = COUNT_FROM * COUNT_S  # seconds before the chase starts (the logic waits)
        self._counted = COUNT_FROM + 1
        self.quiz_score = self.quiz_max = 0
        self.quiz_count: int | None = None  # the mini-quiz's length when not the level's own (quick play asks 3)
        self.learned: list[Any] = []
        self._sprites: dict[str, Any] = {}
        self._sprite_lang: str | None = None
        # run cycles, moved on in update(): [distance run, facing] of each character
        self.strides: dict[str, list[Any]] = {"player": [0.0, "right"], "trafficker": [0.0, "left"]}

    # -- sprites, drawn once per language ----------------------------------------------------------
    def _build_sprites(self) -> None:
        lang, text = self.ctx.lang, self.ctx.text
        r = round(self.level.hazard_radius)
        drugs = []
        for i, drug_id in enumerate(self.logic.drugs):
            drug = self.ctx.content.drugs[drug_id]
            label = text.render(short_name(drug.name.get(lang)), 22, theme.TEXT)
            drugs.append(self._drug_sprite(drug, r, label, DRUG_COLORS[i % len(DRUG_COLORS)]))
        self._drugs = drugs
        still = reduced(self.ctx)
        art = self.ctx.art
        self._sprites["player"] = run_frames(art.image("officer", CHARACTER_H), still)
        self._sprites["trafficker"] = run_frames(art.image("trafficker", CHARACTER_H), still)
        self._sprites["arena"] = self._arena()
        self._sprites["covers"] = [self._cover(c) for c in self.level.covers]
        self._sprite_lang = lang

    def _drug_sprite(
        self, drug: Drug, r: int, label: pygame.Surface, colour: tuple[int, int, int]
    ) -> tuple[Any, float, float]:
        """What the drug hides in (its art), ringed; its shape as a badge; its name under it. Opaque with
        a colour key, RLE-encoded: blits far faster than per-pixel alpha. (sprite, centre x, centre y)"""
        art = self.ctx.art
        if drug.art and art.has(drug.art):
            picture = outlined(art.image(drug.art, 2 * r - 4), [(DRUG_RING, 3), ((255, 255, 255), 2)])
        else:  # no picture: its shape alone
            picture = pygame.Surface((2 * r + 8, 2 * r + 8), pygame.SRCALPHA)
            draw_icon(picture, drug.icon, (r + 4, r + 4), r, colour)
        pw, ph = picture.get_size()
        w = max(pw, label.get_width() + 12)
        surface = pygame.Surface((w, ph + label.get_height() + 2), pygame.SRCALPHA)
        surface.blit(picture, ((w - pw) // 2, 0))
        if drug.art:
            badge = round(r * 0.42)
            draw_icon(surface, drug.icon, ((w - pw) // 2 + badge, badge + 1), badge, colour)
        box = pygame.Rect(w / 2 - label.get_width() / 2 - 4, ph, label.get_width() + 8, label.get_height())
        pygame.draw.rect(surface, LABEL_BG, box, border_radius=6)
        surface.blit(label, (box.x + 4, box.y))
        return keyed(surface), w / 2, ph / 2

    def _arena(self) -> Any:
        """A park seen from above: mown grass, a path, trees in the corners (drawn once)."""
        s = pygame.Surface((ARENA_W, ARENA_H)).convert()
        for i, x in enumerate(range(0, ARENA_W, 160)):
            s.fill(GRASS[i % 2], (x, 0, 160, ARENA_H))
        pygame.draw.rect(s, PATH, (0, ARENA_H * 0.46, ARENA_W, 90))
        pygame.draw.rect(s, (194, 176, 132), (0, ARENA_H * 0.46, ARENA_W, 90), 4)
        art = self.ctx.art  # no flowers or small things on the grass: nothing a child could take for a drug
        for x, y, name in (
            (20, 10, "tree"),
            (ARENA_W - 130, 14, "pine"),
            (24, ARENA_H - 150, "pine"),
            (ARENA_W - 140, ARENA_H - 150, "tree"),
        ):
            s.blit(art.image(name, 130), (x, y))
        return s

    def _cover(self, cover: Cover) -> pygame.Surface:
        """Stacked parcels on a pallet: where the trafficker hides."""
        w, h = round(cover.w), round(cover.h)
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(s, (120, 86, 56), (0, 0, w, h), border_radius=10)
        pygame.draw.rect(s, (86, 60, 40), (0, 0, w, h), 5, border_radius=10)
        box = max(40, min(80, min(w, h) // 2 - 6))
        crate = self.ctx.art.image("parcel", box)
        cols, rows = max(1, (w - 12) // crate.get_width()), max(1, (h - 12) // crate.get_height())
        x0 = (w - cols * crate.get_width()) // 2
        y0 = (h - rows * crate.get_height()) // 2
        for row in range(rows):
            for col in range(cols):
                s.blit(crate, (x0 + col * crate.get_width(), y0 + row * crate.get_height()))
        return s.convert_alpha()

    # -- lifecycle ---------------------------------------------------------------------------------
    def layout(self) -> None:
        buttons = [self.pause_button()]
        if self.logic.phase == "card" and self.stage == "play":
            buttons.append(self.next_button("chase.continue", "card-ok", rect=CARD_OK))
        if self.stage == "summary" and self.can_retry:
            buttons.append(Button("retry", SUMMARY_RETRY, self.tr("level.retry"), style="normal"))
            buttons.append(self.next_button("chase.continue", "summary-ok", rect=SUMMARY_OK_BESIDE))
        elif self.stage == "summary":
            buttons.append(self.next_button("chase.continue", "summary-ok", rect=SUMMARY_OK))
        self.buttons.buttons = buttons
        if self.stage == "play" and self.logic.phase == "card" and self.logic.card_drug:
            self.speaker("card", self.card_lines(self.logic.card_drug), CARD_SPEAKER, main=True)
        elif self.stage == "summary":
            self.speaker("summary", self.summary_lines(), SUMMARY_SPEAKER, main=True)

    def card_lines(self, drug_id: str) -> tuple[str, str, str, str, str]:
        """The fact card's title, what the drug can look like, and one harm (the texts it shows)."""
        lang = self.ctx.lang
        drug = self.ctx.content.drugs[drug_id]
        hits = self.logic.hit.count(drug_id)
        look = drug.looks[(hits - 1) % len(drug.looks)]
        harm = drug.harms[(hits - 1) % len(drug.harms)]
        return (
            self.tr("chase.card_title", drug=drug.name.get(lang)),
            self.tr("chase.looks"),
            look.get(lang),
            self.tr("chase.harm"),
            harm.get(lang),
        )

    def summary_lines(self) -> list[str]:
        logic, lang = self.logic, self.ctx.lang
        lines = [
            self.tr(f"chase.result_{logic.result}"),
            self.tr("chase.catches", n=logic.catches, total=self.level.catches),
        ]
        for key, drugs in (("chase.hit_list", list(dict.fromkeys(logic.hit))), ("chase.dodged_list", logic.dodged)):
            lines.append(self.tr(key))
            lines += [self.ctx.content.drugs[d].name.get(lang) for d in drugs[:6]] or [self.tr("chase.none")]
        return lines

    def _quiz_done(self, result: LevelResult) -> Transition | None:
        """The mini quiz after the chase popped its result: the chase ends with both scores (a quiz left
        from its pause menu too, with what it scored: the chase itself was played to its end)."""
        self.quiz_score, self.quiz_max = result.score, result.max_score
        self.learned = list(result.learned)
        return self._finish()

    # -- input (pause keys and button: LevelScene) ---------------------------------------------------
    def on_button(self, chosen: str | None, event: InputEvent) -> Transition | None:
        if self.stage == "play" and self.logic.phase == "card":
            if chosen == "card-ok" or event.action is Action.CONFIRM:
                self.logic.dismiss_card()
                self.relayout()
            return None
        if self.stage == "summary" and chosen == "retry" and self.can_retry:
            self.retrying = True  # this try ends here (no mini-quiz); the runner starts the level again
            return self._finish()
        if self.stage == "summary" and (chosen == "summary-ok" or event.action is Action.CONFIRM):
            return self._start_quiz()
        if (
            self.stage == "play"
            and event.action in (Action.POINTER, Action.POINTER_MOVE)
            and event.pos is not None
            and (event.action is Action.POINTER or event.held)
        ):
            self.pointer = (event.pos[0], event.pos[1] - HUD_H)
        return None

    def update(self, dt: float) -> Transition | None:
        """Not LevelScene's: hits and catches each have a sound, and the stage moves on here."""
        self.t += dt
        self.fx.update(dt)
        if self.stage != "play":
            return None
        if self.countdown > 0:
            self._count_down(dt)
            return None
        held = self.ctx.input.held if self.ctx.input is not None else ()
        was = self.logic.phase
        before = {
            name: (runner.x, runner.y)
            for name, runner in (("player", self.logic.player), ("trafficker", self.logic.trafficker))
        }
        outcomes = self.logic.step(frozenset(held), self.pointer, dt)
        self.pointer = None
        self.run_on(before)
        for outcome in outcomes:
            self.recorder.record(outcome)
            if outcome.kind == "hit":
                self.ctx.sounds.play("hit")
                self.fx.shake()
                self.fx.flash(self.ctx.theme.WRONG)
                self.fx.tweens.start("card", 0.0, 1.0, 0.35, ease_out_back)
            elif outcome.kind == "caught":
                self.ctx.sounds.play("catch")
                self._caught()
            elif outcome.kind in ("shield", "blocked"):
                self.ctx.sounds.play("tap")
        if self.logic.phase == "over":
            self.stage = "summary"
        if self.logic.phase != was or self.stage != "play":
            self.relayout()
        return None

    def _count_down(self, dt: float) -> None:
        """3, 2, 1 (each pops in), then "go!" as the chase starts."""
        self.countdown = max(0.0, self.countdown - dt)
        showing = math.ceil(self.countdown / COUNT_S) if self.countdown > 0 else 0
        if showing < self._counted:
            self._counted = showing
            label = str(showing) if showing else self.tr("chase.go")
            picture = self.ctx.text.render(label, 200 if showing else 150, self.ctx.theme.ACCENT)
            self.fx.overlay(
                outlined(picture, [(theme.BG_DEEP, 8)]),
                (ARENA_W / 2, HUD_H + ARENA_H / 2),
                seconds=COUNT_S * 0.7 if showing else 0.6,
            )
            self.ctx.sounds.play("tap")

    def _caught(self) -> None:
        """A catch: stars where it happened and a "caught!" banner over the arena (the last catch
        opens the summary, whose heading says it: stars burst over that instead)."""
        p = self.logic.player
        self.fx.burst((p.x, p.y + HUD_H), count_=20, speed=640)
        if self.logic.phase == "over":
            self.fx.burst((ARENA_W / 2, 230), count_=24, speed=700)
            return
        picture = self.ctx.text.render(self.tr("chase.caught_banner"), 120, self.ctx.theme.ACCENT)
        self.fx.overlay(outlined(picture, [(theme.BG_DEEP, 8)]), (ARENA_W / 2, HUD_H + ARENA_H * 0.3), seconds=0.9)

    def run_on(self, before: dict[str, tuple[float, float]]) -> None:
        """Move the run cycles on by how far each character went, and face them the way they go."""
        for name, runner in (("player", self.logic.player), ("trafficker", self.logic.trafficker)):
            x0, y0 = before[name]
            dx, dy = runner.x - x0, runner.y - y0
            stride = self.strides[name]
            stride[0] += math.hypot(dx, dy)
            if abs(dx) > 0.5:
                stride[1] = "right" if dx > 0 else "left"

    # -- the end -----------------------------------------------------------------------------------
    def _quiz_questions(self) -> list[str]:
        from game.levels.chase.logic import mini_quiz_questions

        # never a question this session asked already (a later level that lists one it asks leaves it out)
        avoid = set(getattr(self.recorder, "asked", ()))
        return mini_quiz_questions(
            self.ctx.content,
            self.level.mini_quiz,
            self.logic.hit,
            self.logic.seen,
            self.age_group,
            self.rng,
            avoid,
            self.logic.drugs,
            self.quiz_count,
        )

    def _start_quiz(self) -> Transition | None:
        questions = self._quiz_questions()
        spec = self.level.mini_quiz
        if not questions or spec is None:  # (questions come from the spec: none without it)
            return self._finish()
        from game.levels.quiz.scene import QuizScene

        found = self.ctx.content.strings.get("chase.quiz_title")  # a record on a cached start: QuizLevel wants a Text
        title = Text(zh=found.zh, en=found.en) if found is not None else Text(zh="小测验", en="Quick quiz")
        quiz_level = QuizLevel(
            id=f"{self.level.id}.quiz",
            type="quiz",
            title=title,
            quiz=spec.quiz,
            questions=questions,
            shuffle_options=True,
        )
        self.stage = "quiz"
        return Push(QuizScene(self.ctx, quiz_level, NestedRecorder(self.recorder), self.rng), on_result=self._quiz_done)

    @property
    def can_retry(self) -> bool:
        """A chase that did not end in the catches may be tried again, once (the runner says whether)."""
        return self.retry_offer and self.logic.phase == "over" and self.logic.result != "caught"

    def _result(self, abandoned: bool) -> LevelResult:
        logic = self.logic
        score, max_score = logic.score + self.quiz_score, logic.max_score + self.quiz_max
        learned = tuple(self.learned) or tuple(self.ctx.content.drugs[d].harms[0] for d in logic.hit[:1])
        return LevelResult(self.level.id, score, max_score, logic.result == "caught", learned, abandoned, self.retrying)

    def _finish(self) -> Transition:
        result = self._result(abandoned=False)
        self.recorder.record(LevelFinished(result.score, result.max_score, result.passed))
        self.stage = "done"
        return Pop(result)

    # -- drawing -----------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        if self._sprite_lang != self.ctx.lang:
            self._build_sprites()
        logic = self.logic
        canvas.fill(theme.BG_DEEP, (0, 0, ARENA_W, HUD_H))
        canvas.blit(self._sprites["arena"], (0, HUD_H))
        canvas.set_clip((0, HUD_H, ARENA_W, ARENA_H))
        try:
            self._draw_world(canvas)
            dx, dy = self.fx.offset()
            if dx or dy:  # a hit shakes the arena (never under less motion)
                canvas.subsurface((0, HUD_H, ARENA_W, ARENA_H)).scroll(dx, dy)
        finally:
            canvas.set_clip(None)
        self._draw_hud(canvas)
        if self.stage == "play" and logic.phase == "card" and logic.card_drug:
            self._draw_card(canvas, logic.card_drug)
        elif self.stage in ("summary", "quiz", "done"):
            self._draw_summary(canvas)
        self.buttons.draw(canvas, self.ctx.text)
        self.fx.draw(canvas)

    def _draw_world(self, canvas: pygame.Surface) -> None:
        logic, oy = self.logic, HUD_H
        if logic.shield_item is not None:
            x, y, _ = logic.shield_item
            pygame.draw.circle(canvas, self.ctx.theme.ACCENT, (x, y + oy), 34)
            pygame.draw.circle(canvas, theme.TEXT, (x, y + oy), 34, 5)
            img = self.ctx.text.render(self.tr("chase.shield_item"), 26, theme.ACCENT_TEXT)
            canvas.blit(img, img.get_rect(center=(x, y + oy)))
        tr = logic.trafficker
        if not logic.untouchable or reduced(self.ctx) or int(self.t * 8) % 2 == 0:  # no blinking with less motion
            self._draw_runner(canvas, "trafficker", tr, self.level.trafficker.radius)
        for cover, picture in zip(self.level.covers, self._sprites["covers"]):
            canvas.blit(picture, (cover.x, cover.y + oy))
        drugs = self._drugs
        canvas.fblits([(drugs[h[4]][0], (h[0] - drugs[h[4]][1], h[1] + oy - drugs[h[4]][2])) for h in logic.hazards])
        p = logic.player
        if logic.grace <= 0 or reduced(self.ctx) or int(self.t * 10) % 2 == 0:
            self._draw_runner(canvas, "player", p, self.level.player.radius)
        if logic.shield_left > 0:
            pygame.draw.circle(canvas, self.ctx.theme.ACCENT, (p.x, p.y + oy), self.level.player.radius + 14, 6)
            phrase = logic.phrase
            if phrase is not None:
                img = self.ctx.text.render(phrase.get(self.ctx.lang), 34, theme.ACCENT_TEXT)
                box = img.get_rect(midbottom=(p.x, p.y + oy - self.level.player.radius - 22)).inflate(24, 12)
                box.clamp_ip(pygame.Rect(0, HUD_H, ARENA_W, ARENA_H))
                pygame.draw.rect(canvas, self.ctx.theme.ACCENT, box, border_radius=14)
                canvas.blit(img, img.get_rect(center=box.center))

    def _draw_runner(self, canvas: pygame.Surface, name: str, runner: Runner, radius: float) -> None:
        """A character's run-cycle frame, feet a little below its centre (its hit circle)."""
        distance, facing = self.strides[name]
        frame = frame_at(self._sprites[name], facing, distance)
        canvas.blit(frame, frame.get_rect(midbottom=(runner.x, runner.y + HUD_H + radius + 14)))

    def _draw_hud(self, canvas: pygame.Surface) -> None:
        from game.ui.widgets import draw_star

        text, logic = self.ctx.text, self.logic
        self.draw_title(canvas, (30, 10, 600, 44), theme.SIZE_SMALL, valign="top", shrink=False)
        for i in range(self.level.lives):
            draw_star(canvas, (54 + i * 64, 82), 24, i < logic.lives, self.ctx.theme.ACCENT)
        catches = self.tr("chase.catches", n=logic.catches, total=self.level.catches)
        text.draw(canvas, catches, theme.SIZE_BODY, theme.TEXT, (560, 30, 520, 70), align="center", valign="middle")
        left = logic.time_left
        pygame.draw.rect(canvas, theme.PANEL_LIGHT, (1120, 50, 500, 24), border_radius=12)
        pygame.draw.rect(
            canvas, self.ctx.theme.ACCENT, (1120, 50, round(500 * left / self.level.duration_s), 24), border_radius=12
        )
        text.draw(
            canvas,
            self.tr("chase.seconds", s=math.ceil(left)),
            theme.SIZE_SMALL,
            theme.TEXT,
            (1120, 4, 500, 44),
            align="center",
        )

    def _shade(self, canvas: pygame.Surface, alpha: int = 140) -> None:
        if alpha <= 0:
            return
        shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, alpha))
        canvas.blit(shade, (0, 0))

    def draw_drug(
        self, canvas: pygame.Surface, drug: Drug, center: tuple[int, int], size: int, colour: tuple[int, int, int]
    ) -> None:
        """The drug as what it hides in (its art) with its shape badge; its shape alone without art."""
        art = self.ctx.art
        if not (drug.art and art.has(drug.art)):
            draw_icon(canvas, drug.icon, center, size * 0.45, colour)
            return
        picture = art.image(drug.art, size)
        canvas.blit(picture, picture.get_rect(center=center))
        badge = max(10, size // 6)
        draw_icon(canvas, drug.icon, (center[0] - size // 2 + badge, center[1] - size // 2 + badge), badge, colour)

    def _draw_card(self, canvas: pygame.Surface, drug_id: str) -> None:
        """The fact card, rising into place as it arrives (at once under less motion)."""
        text = self.ctx.text
        drug = self.ctx.content.drugs[drug_id]
        arrived = self.fx.tweens.value("card", 1.0)
        self._shade(canvas, round(140 * min(1.0, arrived)))
        dy = round(CARD_SLIDE * (1 - arrived))
        title, looks, look_text, harm_label, harm_text = self.card_lines(drug_id)
        hits = self.logic.hit.count(drug_id)
        harm = drug.harms[(hits - 1) % len(drug.harms)]
        # large text: the card grows wider (to nearly the whole screen) before its words shrink
        tight = any(text.height(t, theme.SIZE_BODY, CARD_TEXT_W) > 170 for t in (look_text, harm_text))
        width = 1440 if tight else CARD_TEXT_W
        x = (theme.W - width) // 2
        draw_panel(canvas, (x - 60, CARD[1] + dy, width + 120, CARD[3]))
        index = self.logic.drugs.index(drug_id)
        self.draw_drug(canvas, drug, (x + 60, 250 + dy), 120, DRUG_COLORS[index % len(DRUG_COLORS)])
        title_x = x + 160  # the title ends before the card's speaker button
        text.draw(
            canvas,
            title,
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (title_x, 190 + dy, CARD_SPEAKER[0] - 40 - title_x, 120),
            valign="middle",
            shrink=True,
        )
        # the two texts share the card's height as they need it (each at least 170 px, 480 together)
        heights = [text.grown(t, theme.SIZE_BODY, (0, 0, width, 170), 310) for t in (look_text, harm_text)]
        if sum(heights) > 480:
            heights = [max(170, round(480 * h / sum(heights))) for h in heights]
        y = 330 + dy
        for label, body, h in ((looks, look_text, heights[0]), (harm_label, harm_text, heights[1])):
            text.draw(
                canvas, label, theme.SIZE_SMALL + 4, theme.TEXT_DIM, (x, y, width, 60), valign="middle", shrink=True
            )
            text.draw(canvas, body, theme.SIZE_BODY, theme.TEXT, (x, y + 64, width, h), shrink=True)
            y += 64 + h + 16
        source = self.ctx.content.sources.get(harm.source)
        if source is not None:
            text.draw(
                canvas,
                self.tr("quiz.source", source=source_line(source, self.ctx.lang)),
                24,
                theme.TEXT_DIM,
                (x, 820 + dy, width, 40),
                shrink=True,
            )

    def _draw_summary(self, canvas: pygame.Surface) -> None:
        text, lang, logic = self.ctx.text, self.ctx.lang, self.logic
        self._shade(canvas)
        draw_panel(canvas, SUMMARY)
        title = self.tr(f"chase.result_{logic.result}")
        text.draw(
            canvas,
            title,
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (380, 170, 1160, 100),
            align="center",
            valign="middle",
            shrink=True,
        )
        text.draw(
            canvas,
            self.tr("chase.catches", n=logic.catches, total=self.level.catches),
            theme.SIZE_BODY,
            theme.TEXT,
            (300, 270, 1320, 60),
            align="center",
        )
        for column, (key, drugs) in enumerate(
            (("chase.hit_list", list(dict.fromkeys(logic.hit))), ("chase.dodged_list", logic.dodged))
        ):
            x = 320 + column * 660
            text.draw(canvas, self.tr(key), theme.SIZE_BODY, theme.TEXT_DIM, (x, 360, 620, 60))
            if not drugs:
                text.draw(canvas, self.tr("chase.none"), theme.SIZE_SMALL + 4, theme.TEXT, (x, 430, 620, 50))
            for row, drug_id in enumerate(drugs[:6]):
                y = 440 + row * 72
                index = logic.drugs.index(drug_id)
                self.draw_drug(
                    canvas, self.ctx.content.drugs[drug_id], (x + 30, y + 28), 56, DRUG_COLORS[index % len(DRUG_COLORS)]
                )
                text.draw(
                    canvas,
                    self.ctx.content.drugs[drug_id].name.get(lang),
                    theme.SIZE_SMALL + 6,
                    theme.TEXT,
                    (x + 76, y, 540, 56),
                    valign="middle",
                    shrink=True,
                )
