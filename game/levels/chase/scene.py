"""Draws a ChaseLogic and feeds it input; shows fact cards, the summary and the mini-quiz.

Stages: "play" (the logic runs; a hit shows the logic's fact card) -> "summary" (which drugs
hit you, which you dodged) -> the mini-quiz (a QuizScene on the drugs met, recorded in this
attempt) -> Pop(LevelResult). Sprites are drawn once per language and blitted with fblits.
"""

from __future__ import annotations

import math
from typing import Any

from game.actions import Action, InputEvent
from game.content.schema import Text
from game.levels.chase.logic import ChaseLogic
from game.levels.chase.model import ARENA_H, ARENA_W
from game.levels.quiz.model import QuizLevel
from game.levels.common import source_line
from game.levels.scene import LevelScene
from game.outcomes import LevelFinished, LevelResult
from game.scenes.base import Pop, Push, Transition
from game.session import NestedRecorder
from game.ui import theme
from game.ui.widgets import Button, draw_panel

HUD_H = 120
COLORKEY = (255, 0, 255)
LABEL_BG = (18, 22, 30)
CARD_SPEAKER = (1450, 172)
SUMMARY_SPEAKER = (1550, 162)
DRUG_COLORS = [(236, 112, 99), (175, 122, 197), (93, 173, 226), (72, 201, 176), (244, 208, 63), (235, 152, 78), (170, 183, 184), (240, 98, 146)]


def icon_points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]] | None:
    """Polygon points of a drug's icon shape (None for a circle)."""
    if shape == "square":
        return [(cx - r * 0.8, cy - r * 0.8), (cx + r * 0.8, cy - r * 0.8), (cx + r * 0.8, cy + r * 0.8), (cx - r * 0.8, cy + r * 0.8)]
    if shape == "diamond":
        return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    if shape == "triangle":
        return [(cx, cy - r), (cx + r * 0.95, cy + r * 0.75), (cx - r * 0.95, cy + r * 0.75)]
    if shape in ("star", "hexagon"):
        n = 10 if shape == "star" else 6
        return [
            (cx + (r if i % 2 == 0 or shape == "hexagon" else r * 0.45) * math.cos(-math.pi / 2 + i * 2 * math.pi / n),
             cy + (r if i % 2 == 0 or shape == "hexagon" else r * 0.45) * math.sin(-math.pi / 2 + i * 2 * math.pi / n))
            for i in range(n)
        ]
    if shape == "cross":
        a, b = r * 0.35, r
        return [(cx - a, cy - b), (cx + a, cy - b), (cx + a, cy - a), (cx + b, cy - a), (cx + b, cy + a), (cx + a, cy + a),
                (cx + a, cy + b), (cx - a, cy + b), (cx - a, cy + a), (cx - b, cy + a), (cx - b, cy - a), (cx - a, cy - a)]
    if shape in ("pentagon", "octagon"):
        n = 5 if shape == "pentagon" else 8
        turn = -math.pi / 2 if n == 5 else -math.pi / 2 + math.pi / 8
        return [(cx + r * math.cos(turn + i * 2 * math.pi / n), cy + r * math.sin(turn + i * 2 * math.pi / n)) for i in range(n)]
    if shape == "capsule":  # a pill on its side: two half circles joined
        h = r * 0.55
        right = [(cx + r - h + h * math.cos(t), cy + h * math.sin(t)) for t in [-math.pi / 2 + i * math.pi / 8 for i in range(9)]]
        left = [(cx - r + h + h * math.cos(t), cy + h * math.sin(t)) for t in [math.pi / 2 + i * math.pi / 8 for i in range(9)]]
        return right + left
    if shape == "trapezoid":
        return [(cx - r * 0.5, cy - r * 0.7), (cx + r * 0.5, cy - r * 0.7), (cx + r, cy + r * 0.7), (cx - r, cy + r * 0.7)]
    if shape == "kite":
        return [(cx, cy - r), (cx + r * 0.7, cy - r * 0.2), (cx, cy + r), (cx - r * 0.7, cy - r * 0.2)]
    if shape == "hourglass":
        return [(cx - r * 0.8, cy - r), (cx + r * 0.8, cy - r), (cx + r * 0.15, cy), (cx + r * 0.8, cy + r),
                (cx - r * 0.8, cy + r), (cx - r * 0.15, cy)]
    if shape == "drop":
        return [(cx + r * 0.8 * math.cos(t), cy + r * 0.2 + r * 0.8 * math.sin(t)) for t in [i * math.pi / 8 for i in range(-1, 10)]] + [(cx, cy - r)]
    return None


def short_name(name: str) -> str:
    """The name without its bracketed part, for labels on flying drugs: 冰毒（甲基苯丙胺） -> 冰毒."""
    for bracket in ("（", " ("):
        if bracket in name and not name.startswith(bracket.strip()):
            return name.split(bracket)[0]
    return name


def draw_icon(surface: Any, shape: str, center: tuple[float, float], r: float, color: tuple[int, int, int]) -> None:
    import pygame

    points = icon_points(shape, center[0], center[1], r)
    if points is None:
        pygame.draw.circle(surface, color, center, r)
        pygame.draw.circle(surface, theme.TEXT, center, r, 4)
    else:
        pygame.draw.polygon(surface, color, points)
        pygame.draw.polygon(surface, theme.TEXT, points, 4)


class ChaseScene(LevelScene):
    name = "chase"

    def __init__(self, ctx: Any, level: Any, recorder: Any, rng: Any):
        super().__init__(ctx, level, recorder)
        self.rng = rng
        self.age_group = recorder.player.age_group
        self.logic = ChaseLogic(level, rng, age_group=self.age_group)
        # (a fact card always waits for a tap: it never cuts off its reading aloud, nor rushes a slow reader)
        self.pointer: tuple[float, float] | None = None  # where a tap or drag asks the officer to go
        self.stage = "play"
        self.quiz_score = self.quiz_max = 0
        self.quiz_count: int | None = None  # the mini-quiz's length when not the level's own (quick play asks 3)
        self.learned: list[Any] = []
        self._sprites: dict[str, Any] = {}
        self._sprite_lang: str | None = None

    # -- sprites, drawn once per language ----------------------------------------------------------
    def _build_sprites(self) -> None:
        import pygame

        lang, text = self.ctx.lang, self.ctx.text
        r = round(self.level.hazard_radius)
        drugs = []
        for i, drug_id in enumerate(self.logic.drugs):
            drug = self.ctx.content.drugs[drug_id]
            label = text.render(short_name(drug.name.get(lang)), 22, theme.TEXT)
            w = max(2 * r + 8, label.get_width() + 12)
            # opaque with a colour key, RLE-encoded: blits far faster than per-pixel alpha
            surface = pygame.Surface((w, 2 * r + 8 + label.get_height()))
            surface.fill(COLORKEY)
            draw_icon(surface, drug.icon, (w / 2, r + 4), r, DRUG_COLORS[i % len(DRUG_COLORS)])
            box = pygame.Rect(w / 2 - label.get_width() / 2 - 4, 2 * r + 6, label.get_width() + 8, label.get_height())
            pygame.draw.rect(surface, LABEL_BG, box, border_radius=6)
            surface.blit(label, (box.x + 4, box.y))
            surface.set_colorkey(COLORKEY, pygame.RLEACCEL)
            drugs.append((surface.convert(), w / 2, r + 4))
        self._drugs = drugs
        self._sprites["player"] = self._officer(round(self.level.player.radius))
        self._sprites["trafficker"] = self._trafficker(round(self.level.trafficker.radius))
        self._sprites["arena"] = self._arena()
        self._sprite_lang = lang

    def _officer(self, r: int) -> Any:
        import pygame

        s = pygame.Surface((2 * r + 8, 2 * r + 8), pygame.SRCALPHA)
        c = (r + 4, r + 4)
        pygame.draw.circle(s, (40, 90, 170), c, r)
        pygame.draw.circle(s, theme.TEXT, c, r, 4)
        pygame.draw.rect(s, (20, 40, 90), (c[0] - r * 0.7, c[1] - r * 0.75, r * 1.4, r * 0.45), border_radius=6)  # cap
        star = icon_points("star", c[0], c[1] + r * 0.2, r * 0.4)
        pygame.draw.polygon(s, theme.ACCENT, star)
        return s.convert_alpha()

    def _trafficker(self, r: int) -> Any:
        import pygame

        s = pygame.Surface((2 * r + 8, 2 * r + 8), pygame.SRCALPHA)
        c = (r + 4, r + 4)
        pygame.draw.circle(s, (70, 70, 78), c, r)
        pygame.draw.polygon(s, (40, 40, 46), [(c[0] - r, c[1]), (c[0], c[1] - r * 1.05), (c[0] + r, c[1])])  # hood
        pygame.draw.circle(s, (230, 200, 170), (c[0], c[1] + r * 0.15), r * 0.45)
        pygame.draw.rect(s, (120, 90, 50), (c[0] + r * 0.3, c[1] + r * 0.3, r * 0.6, r * 0.5), border_radius=4)  # bag
        pygame.draw.circle(s, theme.TEXT, c, r, 3)
        return s.convert_alpha()

    def _arena(self) -> Any:
        import pygame

        s = pygame.Surface((ARENA_W, ARENA_H)).convert()
        s.fill((44, 74, 70))
        for x in range(0, ARENA_W, 120):
            pygame.draw.line(s, (52, 84, 80), (x, 0), (x, ARENA_H), 2)
        for y in range(0, ARENA_H, 120):
            pygame.draw.line(s, (52, 84, 80), (0, y), (ARENA_W, y), 2)
        return s

    # -- lifecycle ---------------------------------------------------------------------------------
    def layout(self) -> None:
        buttons = [Button("pause", (1700, 20, 190, 80), self.tr("quiz.pause"), size=theme.SIZE_SMALL, style="quiet")]
        if self.logic.phase == "card" and self.stage == "play":
            buttons.append(Button("card-ok", (760, 880, 400, 110), self.tr("chase.continue"), style="primary"))
        if self.stage == "summary" and self.can_retry:
            buttons.append(Button("retry", (460, 900, 440, 120), self.tr("level.retry"), style="normal"))
            buttons.append(Button("summary-ok", (1020, 900, 440, 120), self.tr("chase.continue"), style="primary"))
        elif self.stage == "summary":
            buttons.append(Button("summary-ok", (760, 900, 400, 120), self.tr("chase.continue"), style="primary"))
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
        return (self.tr("chase.card_title", drug=drug.name.get(lang)), self.tr("chase.looks"), look.get(lang),
                self.tr("chase.harm"), harm.get(lang))

    def summary_lines(self) -> list[str]:
        logic, lang = self.logic, self.ctx.lang
        lines = [self.tr(f"chase.result_{logic.result}"), self.tr("chase.catches", n=logic.catches, total=self.level.catches)]
        for key, drugs in (("chase.hit_list", list(dict.fromkeys(logic.hit))), ("chase.dodged_list", logic.dodged)):
            lines.append(self.tr(key))
            lines += [self.ctx.content.drugs[d].name.get(lang) for d in drugs[:6]] or [self.tr("chase.none")]
        return lines

    def resume(self, result: Any = None) -> Transition | None:
        quit_level = super().resume(result)  # the pause menu's quit: Pop(abandoned result)
        if quit_level is not None:
            return quit_level
        if isinstance(result, LevelResult) and self.stage == "quiz":
            self.quiz_score, self.quiz_max = result.score, result.max_score
            self.learned = list(result.learned)
            return self._finish()
        return None

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
        if self.stage == "play" and event.action in (Action.POINTER, Action.POINTER_MOVE) and event.pos is not None:
            if event.action is Action.POINTER or event.held:
                self.pointer = (event.pos[0], event.pos[1] - HUD_H)
        return None

    def update(self, dt: float) -> Transition | None:
        """Not LevelScene's: hits and catches each have a sound, and the stage moves on here."""
        self.t += dt
        if self.stage != "play":
            return None
        held = self.ctx.input.held if self.ctx.input is not None else ()
        was = self.logic.phase
        outcomes = self.logic.step(frozenset(held), self.pointer, dt)
        self.pointer = None
        for outcome in outcomes:
            self.recorder.record(outcome)
            if outcome.kind == "hit":
                self.ctx.sounds.play("hit")
            elif outcome.kind == "caught":
                self.ctx.sounds.play("catch")
            elif outcome.kind in ("shield", "blocked"):
                self.ctx.sounds.play("tap")
        if self.logic.phase == "over":
            self.stage = "summary"
        if self.logic.phase != was or self.stage != "play":
            self.relayout()
        return None

    # -- the end -----------------------------------------------------------------------------------
    def _quiz_questions(self) -> list[str]:
        from game.levels.chase.logic import mini_quiz_questions

        # never a question this session asked already (a later level that lists one it asks leaves it out)
        avoid = set(getattr(self.recorder, "asked", ()))
        return mini_quiz_questions(self.ctx.content, self.level.mini_quiz, self.logic.hit, self.logic.seen, self.age_group,
                                   self.rng, avoid, self.logic.drugs, self.quiz_count)

    def _start_quiz(self) -> Transition | None:
        questions = self._quiz_questions()
        if not questions:
            return self._finish()
        from game.levels.quiz.scene import QuizScene

        found = self.ctx.content.strings.get("chase.quiz_title")  # a record on a cached start: QuizLevel wants a Text
        title = Text(zh=found.zh, en=found.en) if found is not None else Text(zh="小测验", en="Quick quiz")
        quiz_level = QuizLevel(id=f"{self.level.id}.quiz", type="quiz", title=title, quiz=self.level.mini_quiz.quiz,
                               questions=questions, shuffle_options=True)
        self.stage = "quiz"
        return Push(QuizScene(self.ctx, quiz_level, NestedRecorder(self.recorder), self.rng))

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
    def draw(self, canvas: Any) -> None:
        if self._sprite_lang != self.ctx.lang:
            self._build_sprites()
        logic = self.logic
        canvas.fill(theme.BG_DEEP, (0, 0, ARENA_W, HUD_H))
        canvas.blit(self._sprites["arena"], (0, HUD_H))
        canvas.set_clip((0, HUD_H, ARENA_W, ARENA_H))
        try:
            self._draw_world(canvas)
        finally:
            canvas.set_clip(None)
        self._draw_hud(canvas)
        if self.stage == "play" and logic.phase == "card" and logic.card_drug:
            self._draw_card(canvas, logic.card_drug)
        elif self.stage in ("summary", "quiz", "done"):
            self._draw_summary(canvas)
        self.buttons.draw(canvas, self.ctx.text)

    def _draw_world(self, canvas: Any) -> None:
        import pygame

        logic, oy = self.logic, HUD_H
        if logic.shield_item is not None:
            x, y, _ = logic.shield_item
            pygame.draw.circle(canvas, theme.ACCENT, (x, y + oy), 34)
            pygame.draw.circle(canvas, theme.TEXT, (x, y + oy), 34, 5)
            img = self.ctx.text.render(self.tr("chase.shield_item"), 26, theme.ACCENT_TEXT)
            canvas.blit(img, img.get_rect(center=(x, y + oy)))
        tr = logic.trafficker
        if not logic.untouchable or theme.reduced_motion or int(self.t * 8) % 2 == 0:  # no blinking with less motion
            sprite = self._sprites["trafficker"]
            canvas.blit(sprite, sprite.get_rect(center=(tr.x, tr.y + oy)))
        for cover in self.level.covers:
            pygame.draw.rect(canvas, (96, 72, 52), (cover.x, cover.y + oy, cover.w, cover.h), border_radius=10)
            pygame.draw.rect(canvas, (140, 108, 78), (cover.x, cover.y + oy, cover.w, cover.h), 5, border_radius=10)
        drugs = self._drugs
        canvas.fblits([(drugs[h[4]][0], (h[0] - drugs[h[4]][1], h[1] + oy - drugs[h[4]][2])) for h in logic.hazards])
        p = logic.player
        if logic.grace <= 0 or theme.reduced_motion or int(self.t * 10) % 2 == 0:
            sprite = self._sprites["player"]
            canvas.blit(sprite, sprite.get_rect(center=(p.x, p.y + oy)))
        if logic.shield_left > 0:
            pygame.draw.circle(canvas, theme.ACCENT, (p.x, p.y + oy), self.level.player.radius + 14, 6)
            phrase = logic.phrase
            if phrase is not None:
                img = self.ctx.text.render(phrase.get(self.ctx.lang), 34, theme.ACCENT_TEXT)
                box = img.get_rect(midbottom=(p.x, p.y + oy - self.level.player.radius - 22)).inflate(24, 12)
                box.clamp_ip(pygame.Rect(0, HUD_H, ARENA_W, ARENA_H))
                pygame.draw.rect(canvas, theme.ACCENT, box, border_radius=14)
                canvas.blit(img, img.get_rect(center=box.center))

    def _draw_hud(self, canvas: Any) -> None:
        import pygame

        from game.scenes.results import draw_star

        text, logic = self.ctx.text, self.logic
        self.draw_title(canvas, (30, 10, 600, 44), theme.SIZE_SMALL, valign="top", shrink=False)
        for i in range(self.level.lives):
            draw_star(canvas, (54 + i * 64, 82), 24, i < logic.lives)
        catches = self.tr("chase.catches", n=logic.catches, total=self.level.catches)
        text.draw(canvas, catches, theme.SIZE_BODY, theme.TEXT, (560, 30, 520, 70), align="center", valign="middle")
        left = logic.time_left
        pygame.draw.rect(canvas, theme.PANEL_LIGHT, (1120, 50, 500, 24), border_radius=12)
        pygame.draw.rect(canvas, theme.ACCENT, (1120, 50, round(500 * left / self.level.duration_s), 24), border_radius=12)
        text.draw(canvas, self.tr("chase.seconds", s=math.ceil(left)), theme.SIZE_SMALL, theme.TEXT, (1120, 4, 500, 44), align="center")

    def _shade(self, canvas: Any) -> None:
        import pygame

        shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 140))
        canvas.blit(shade, (0, 0))

    def _draw_card(self, canvas: Any, drug_id: str) -> None:
        text, lang = self.ctx.text, self.ctx.lang
        drug = self.ctx.content.drugs[drug_id]
        self._shade(canvas)
        title, looks, look_text, harm_label, harm_text = self.card_lines(drug_id)
        hits = self.logic.hit.count(drug_id)
        harm = drug.harms[(hits - 1) % len(drug.harms)]
        # large text: the card grows wider (to nearly the whole screen) before its words shrink
        tight = any(text.height(t, theme.SIZE_BODY, 1080) > 170 for t in (look_text, harm_text))
        width = 1440 if tight else 1080
        x = (1920 - width) // 2
        draw_panel(canvas, (x - 60, 140, width + 120, 880))
        index = self.logic.drugs.index(drug_id)
        draw_icon(canvas, drug.icon, (x + 60, 250), 56, DRUG_COLORS[index % len(DRUG_COLORS)])
        title_x = x + 160  # the title ends before the card's speaker button
        text.draw(canvas, title, theme.SIZE_HEADING, theme.ACCENT, (title_x, 190, CARD_SPEAKER[0] - 40 - title_x, 120), valign="middle", shrink=True)
        # the two texts share the card's height as they need it (each at least 170 px, 480 together)
        heights = [text.grown(t, theme.SIZE_BODY, (0, 0, width, 170), 310) for t in (look_text, harm_text)]
        if sum(heights) > 480:
            heights = [max(170, round(480 * h / sum(heights))) for h in heights]
        y = 330
        for label, body, h in ((looks, look_text, heights[0]), (harm_label, harm_text, heights[1])):
            text.draw(canvas, label, theme.SIZE_SMALL + 4, theme.TEXT_DIM, (x, y, width, 60), valign="middle", shrink=True)
            text.draw(canvas, body, theme.SIZE_BODY, theme.TEXT, (x, y + 64, width, h), shrink=True)
            y += 64 + h + 16
        source = self.ctx.content.sources.get(harm.source)
        if source is not None:
            text.draw(canvas, self.tr("quiz.source", source=source_line(source, self.ctx.lang)), 24, theme.TEXT_DIM, (x, 820, width, 40), shrink=True)

    def _draw_summary(self, canvas: Any) -> None:
        text, lang, logic = self.ctx.text, self.ctx.lang, self.logic
        self._shade(canvas)
        draw_panel(canvas, (260, 140, 1400, 900))
        title = self.tr(f"chase.result_{logic.result}")
        text.draw(canvas, title, theme.SIZE_HEADING, theme.ACCENT, (380, 170, 1160, 100), align="center", valign="middle", shrink=True)
        text.draw(canvas, self.tr("chase.catches", n=logic.catches, total=self.level.catches), theme.SIZE_BODY, theme.TEXT, (300, 270, 1320, 60), align="center")
        for column, (key, drugs) in enumerate((("chase.hit_list", list(dict.fromkeys(logic.hit))), ("chase.dodged_list", logic.dodged))):
            x = 320 + column * 660
            text.draw(canvas, self.tr(key), theme.SIZE_BODY, theme.TEXT_DIM, (x, 360, 620, 60))
            if not drugs:
                text.draw(canvas, self.tr("chase.none"), theme.SIZE_SMALL + 4, theme.TEXT, (x, 430, 620, 50))
            for row, drug_id in enumerate(drugs[:6]):
                y = 440 + row * 72
                index = logic.drugs.index(drug_id)
                draw_icon(canvas, self.ctx.content.drugs[drug_id].icon, (x + 30, y + 26), 24, DRUG_COLORS[index % len(DRUG_COLORS)])
                text.draw(canvas, self.ctx.content.drugs[drug_id].name.get(lang), theme.SIZE_SMALL + 6, theme.TEXT, (x + 76, y, 540, 56), valign="middle", shrink=True)

