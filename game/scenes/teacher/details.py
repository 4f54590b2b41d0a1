"""Pages the teacher opens from a tab's list: one student, one question, one topic. Back returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.scene import Pop, Transition
from game.scenes.teacher.base import _ReportScene
from game.scenes.teacher.charts import draw_flag, draw_hbar, num, pct
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel, draw_tick

if TYPE_CHECKING:
    import pygame

    from game.context import Context
    from game.reports.catalog import Catalog
    from game.reports.model import Item, Report, Student


class _DetailScene(_ReportScene):
    """A page about one thing opened from a tab's list: Back (or Esc) returns to the list."""

    def back_button(self) -> Button:
        return Button("back", (60, 940, 320, 100), self.tr("common.back"), style="quiet")

    def layout(self) -> None:
        self.buttons.buttons = [self.back_button()]

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK or self.buttons.handle(event) == "back":
            return Pop()
        return None


LEVEL_PAGE = 6  # levels per page on a student's page


class StudentScene(_DetailScene):
    """One student: first and best score, levels (a page at a time, "1-6 of 11"), topic accuracy,
    drugs they were hit by."""

    name = "teacher_student"

    def __init__(self, ctx: Context, report: Report, catalog: Catalog, class_code: str | None, student: Student):
        super().__init__(ctx, report, catalog, class_code)
        self.student = student
        self.level_page = 0

    def shown_levels(self) -> list[Any]:
        start = self.level_page * LEVEL_PAGE
        return list(self.student.levels[start : start + LEVEL_PAGE])

    def levels_caption(self) -> str:
        total = len(self.student.levels)
        first = self.level_page * LEVEL_PAGE
        return self.tr("teacher.levels_range", a=first + 1 if total else 0, b=min(total, first + LEVEL_PAGE), n=total)

    def layout(self) -> None:
        buttons = [self.back_button()]
        pages = (len(self.student.levels) + LEVEL_PAGE - 1) // LEVEL_PAGE
        if pages > 1:
            prev = Button("levels-prev", (1220, 742, 300, 60), self.tr("teacher.prev"), size=28, style="quiet")
            nxt = Button("levels-next", (1540, 742, 300, 60), self.tr("teacher.next"), size=28, style="quiet")
            prev.enabled, nxt.enabled = self.level_page > 0, self.level_page < pages - 1
            buttons += [prev, nxt]
        self.buttons.buttons = buttons

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.buttons.handle(event)
        if chosen == "back":
            return Pop()
        if chosen in ("levels-prev", "levels-next"):
            self.ctx.sounds.play("tap")
            self.level_page += 1 if chosen == "levels-next" else -1
            self.relayout()
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text, s = self.ctx.text, self.student
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas,
            f"{s.nickname}  ·  {self.klass(s.class_code)}",
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (60, 40, 1400, 90),
            shrink=True,
        )
        if s.needs_help:
            draw_flag(canvas, (1480, 62), 48, self.ctx.theme.LOW)
            text.draw(
                canvas,
                self.tr("report.needs_help"),
                theme.SIZE_BODY,
                self.ctx.theme.WRONG_TEXT,
                (1540, 40, 320, 90),
                valign="middle",
                shrink=True,
            )
        facts = [
            (self.tr("report.first_score"), pct(s.first_percent)),
            (self.tr("report.best_score"), pct(s.best_percent)),
            (self.tr("report.attempts"), str(s.attempts)),
            (self.tr("report.time"), num(s.minutes, 0)),
        ]
        for i, (label, value) in enumerate(facts):
            x = 60 + i * 455
            draw_panel(canvas, (x, 150, 430, 140))
            text.draw(canvas, value, 56, theme.TEXT, (x + 24, 158, 390, 70), valign="middle")
            text.draw(canvas, label, 28, theme.TEXT_DIM, (x + 24, 232, 390, 50), valign="middle", shrink=True)
        draw_panel(canvas, (60, 320, 1100, 600))
        text.draw(canvas, self.tr("report.topics_title"), 32, theme.TEXT_DIM, (90, 330, 1000, 50))
        for i, key in enumerate(self.catalog.topics_in_order(set(s.topics))[:7]):
            draw_hbar(
                canvas,
                text,
                (90, 390 + i * 74, 1040, 64),
                self.topic(key),
                s.topics[key],
                label_width=360,
                th=self.ctx.theme,
            )
        draw_panel(canvas, (1190, 320, 670, 600))
        text.draw(canvas, self.tr("teacher.levels"), 32, theme.TEXT_DIM, (1220, 330, 400, 50), shrink=True)
        text.draw(
            canvas,
            self.levels_caption(),
            28,
            theme.TEXT_DIM,
            (1620, 330, 220, 50),
            align="right",
            valign="middle",
            shrink=True,
        )
        y = 385
        for level in self.shown_levels():
            role = "" if level.role == "level" else f" · {self.tr(f'report.role_{level.role}')}"
            untimed = f" · {self.tr('report.untimed_mark')}" if level.untimed else ""
            label = f"{self.catalog.level_title(level.level_id, self.ctx.lang)}{role}{untimed}"
            text.draw(canvas, label, 28, theme.TEXT, (1220, y, 440, 56), valign="middle", shrink=True)
            text.draw(
                canvas,
                f"{pct(level.first_percent)} / {pct(level.best_percent)}",
                28,
                theme.TEXT,
                (1660, y, 180, 56),
                align="right",
                valign="middle",
                shrink=True,
            )
            y += 58
        y = 812  # below the level pages' buttons, however long the page is
        text.draw(canvas, self.tr("report.hits"), 28, theme.TEXT_DIM, (1220, y, 620, 40))
        hits = (
            "  ".join(f"{self.catalog.drug_name(d, self.ctx.lang)} × {n}" for d, n in list(s.hits.items())[:6]) or "—"
        )
        text.draw(canvas, hits, 26, theme.TEXT, (1220, y + 42, 620, 912 - y - 42), shrink=True)
        if s.reasons:
            why = []
            for reason in s.reasons:
                if reason == "overall":
                    why.append(self.tr("report.reason_overall", p=pct(s.first_percent)))
                else:
                    key = reason.split(":", 1)[1]
                    why.append(self.tr("report.reason_topic", topic=self.topic(key), p=pct(s.topics.get(key))))
            text.draw(
                canvas,
                "；".join(why) if self.ctx.lang == "zh-CN" else "; ".join(why),
                28,
                theme.TEXT_DIM,
                (420, 945, 1440, 90),
                valign="middle",
                shrink=True,
            )
        self.buttons.draw(canvas, text)


class QuestionScene(_DetailScene):
    """One question: its wording, facility, discrimination, timing, and how often each option was chosen."""

    name = "teacher_question"

    def __init__(self, ctx: Context, report: Report, catalog: Catalog, class_code: str | None, item: Item):
        super().__init__(ctx, report, catalog, class_code)
        self.item = item

    def option_label(self, option_id: str) -> str:
        if not option_id:
            return self.tr("report.no_answer")
        if option_id in ("true", "false"):
            return self.tr(f"quiz.{option_id}")
        info = self.catalog.questions.get(self.item.question_id)
        option = next((o for o in info.options if o.id == option_id), None) if info else None
        return f"{option_id.upper()}. {option.text.get(self.ctx.lang, option_id)}" if option else option_id

    def draw(self, canvas: pygame.Surface) -> None:
        text, item, lang = self.ctx.text, self.item, self.ctx.lang
        draw_backdrop(canvas, self.motion_t)
        role = "" if item.role == "level" else f" · {self.tr(f'report.role_{item.role}')}"
        text.draw(
            canvas,
            f"{self.catalog.level_title(item.level_id, lang)}{role} · {item.question_id}",
            theme.SIZE_SMALL,
            theme.TEXT_DIM,
            (60, 30, 1800, 50),
            shrink=True,
        )
        text.draw(canvas, self.catalog.prompt(item.question_id, lang), 44, theme.TEXT, (60, 80, 1800, 130), shrink=True)
        facts = [
            ("n", str(item.n)),
            (self.tr("report.facility_short"), num(item.facility)),
            (self.tr("report.di_short"), num(item.discrimination_index)),
            (self.tr("report.de_short"), num(item.discriminative_efficiency)),
            (self.tr("report.median_seconds"), num(item.median_ms / 1000 if item.median_ms is not None else None, 1)),
        ]
        for i, (label, value) in enumerate(facts):
            x = 60 + i * 364
            draw_panel(canvas, (x, 220, 340, 130))
            text.draw(canvas, value, 52, theme.TEXT, (x + 20, 226, 300, 70), valign="middle")
            text.draw(canvas, label, 26, theme.TEXT_DIM, (x + 20, 296, 300, 48), valign="middle", shrink=True)
        draw_panel(canvas, (60, 380, 1800, 470))
        text.draw(canvas, self.tr("report.choices"), 32, theme.TEXT_DIM, (90, 390, 1000, 50))
        for i, o in enumerate(item.options[:6]):
            y = 445 + i * 66
            color = self.ctx.theme.HIGH if o.correct else self.ctx.theme.BUTTON
            draw_hbar(
                canvas,
                text,
                (150, y, 1680, 60),
                self.option_label(o.option_id),
                o.percent,
                value_text=f"{o.percent:.0f}% ({o.count})",
                label_width=760,
                color=color,
                size=28,
                value_width=200,
                th=self.ctx.theme,
            )
            if o.correct:
                draw_tick(canvas, (115, y + 30), 40, self.ctx.theme.HIGH)
        flags = [self.tr(f"report.flag_{f}") for f in item.flags]
        if flags:
            draw_flag(canvas, (420, 962), 40, self.ctx.theme.LOW)
            text.draw(
                canvas,
                "；".join(flags) if lang == "zh-CN" else "; ".join(flags),
                30,
                self.ctx.theme.ACCENT,
                (480, 940, 1380, 100),
                valign="middle",
                shrink=True,
            )
        elif item.n < self.report.thresholds.min_n:  # too few answers to say anything yet, not "all fine"
            text.draw(
                canvas,
                self.tr("teacher.too_few", n=item.n, min=f"{self.report.thresholds.min_n:.0f}"),
                30,
                theme.TEXT_DIM,
                (420, 940, 1440, 100),
                valign="middle",
                shrink=True,
            )
        else:
            draw_tick(canvas, (440, 990), 44, self.ctx.theme.HIGH)
            text.draw(canvas, self.tr("teacher.no_flags"), 30, theme.TEXT, (480, 940, 1380, 100), valign="middle")
        self.buttons.draw(canvas, text)


class TopicScene(_DetailScene):
    """One topic: every student's accuracy on it, weakest first, and each class's."""

    name = "teacher_topic"

    def __init__(self, ctx: Context, report: Report, catalog: Catalog, class_code: str | None, topic: str):
        super().__init__(ctx, report, catalog, class_code)
        self.key = topic
        cells = [m for m in report.topics if m.key == topic]
        self.classes = [m for m in cells if m.nickname is None]
        self.students = sorted(
            (m for m in cells if m.nickname is not None),
            key=lambda m: (m.percent if m.percent is not None else 101, m.nickname or ""),
        )

    def layout(self) -> None:
        self.buttons.buttons = [self.back_button()] + self.pager(len(self.students))

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.buttons.handle(event)
        if chosen == "back":
            return Pop()
        self.turn(chosen)
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas, self.topic(self.key), theme.SIZE_HEADING, self.ctx.theme.ACCENT, (60, 40, 1800, 90), shrink=True
        )
        summary = "   ".join(f"{self.klass(m.class_code)} {pct(m.percent)}" for m in self.classes[:6])
        text.draw(canvas, summary, 32, theme.TEXT, (60, 140, 1800, 60), shrink=True)
        for i, m in enumerate(self.page_of(self.students)):
            y = 220 + i * 88
            label = f"{m.nickname}  ({self.klass(m.class_code)})"
            draw_hbar(
                canvas,
                text,
                (60, y, 1720, 76),
                label,
                m.percent,
                value_text=f"{pct(m.percent)} ({m.correct}/{m.n})",
                label_width=560,
                value_width=260,
                th=self.ctx.theme,
            )
            if m.percent is not None and m.percent < self.report.thresholds.help_topic:
                draw_flag(canvas, (1800, y + 18), 38, self.ctx.theme.LOW)
        self.buttons.draw(canvas, text)
