"""The teacher area's main screen: tabs for the class overview, students, questions, topics and
before vs after. Every figure comes from game.reports.collect.build_report (the same function
behind the HTML and CSV files)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.scene import Pop, Push, Transition
from game.scenes.teacher.base import PAGE, _ReportScene
from game.scenes.teacher.charts import draw_flag, draw_hbar, draw_vbars, num, pct
from game.scenes.teacher.details import QuestionScene, StudentScene, TopicScene
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.context import Context
    from game.ports import Text
    from game.reports.catalog import Catalog
    from game.reports.model import Report

HINT = (950, 945, 910, 90)  # a tab's hint: beside the back and device-class buttons, never under them
TABS = ("overview", "students", "questions", "topics", "gain", "skills", "check")  # the last two: teacher_insight.py
# the question list puts the likeliest mistakes first: a wrong key, then questions that tell nothing
SEVERITY = {"distractor_beats_key": 8, "low_discrimination": 4, "too_hard": 2, "too_easy": 2, "unused_distractor": 1}


class TeacherScene(_ReportScene):
    """The teacher area's main screen: tabs for overview, students, questions, topics and gain."""

    name = "teacher"

    def __init__(
        self, ctx: Context, report: Report | None = None, catalog: Catalog | None = None, class_code: str | None = None
    ):
        super().__init__(ctx, report, catalog, class_code)
        self.tab = "overview"
        self.classes: list[str | None] = [None]

    def load(self) -> None:
        from game.store.reports import class_codes

        super().load()
        self.classes = [None] + class_codes(self.ctx.store)

    # -- what each tab lists (buttons the teacher can tap) --------------------------------------------------
    def rows(self) -> list[Any]:
        r = self.report
        if self.tab == "students":
            return sorted(
                r.students,
                key=lambda s: (not s.needs_help, s.first_percent if s.first_percent is not None else 101, s.nickname),
            )
        if self.tab == "questions":
            return sorted(
                r.items,
                key=lambda i: (
                    -sum(SEVERITY.get(f, 1) for f in i.flags),
                    i.discrimination_index if i.discrimination_index is not None else 101,
                ),
            )
        if self.tab == "check":
            from game.scenes.teacher_insight import check_rows

            return check_rows(r)
        return []

    def layout(self) -> None:
        step = 1500 // len(TABS)
        buttons = [
            Button(
                f"tab-{tab}",
                (60 + i * step, 150, step - 15, 96),
                self.tr(f"teacher.tab_{tab}"),
                size=36,
                style="primary" if tab == self.tab else "normal",
            )
            for i, tab in enumerate(TABS)
        ]
        buttons.append(Button("class", (1580, 150, 280, 96), self.klass(self.class_code), size=36, style="quiet"))
        buttons.append(Button("back", (60, 940, 320, 100), self.tr("common.back"), style="quiet"))
        code = self.ctx.settings.class_code  # classroom mode for this device (game/scenes/class_code.py)
        buttons.append(
            Button(
                "classcode",
                (420, 940, 500, 100),
                self.tr("teacher.class_code", code=code) if code else self.tr("teacher.class_none"),
                size=34,
                style="quiet",
            )
        )
        rows = self.rows()
        for i, row in enumerate(self.page_of(rows)):
            rect = (60, 300 + i * 78, 1800, 70)
            if self.tab == "students":
                buttons.append(Button(f"student-{self.page * PAGE + i}", rect, "", size=32, style="quiet"))
            elif self.tab == "questions":
                buttons.append(Button(f"question-{self.page * PAGE + i}", rect, "", size=32, style="quiet"))
        if self.tab == "topics":
            topics = self.topic_keys()
            width = 1800 // max(1, len(topics))
            for i, key in enumerate(topics):
                # two lines' room: a topic's name may wrap (large text, dyslexia-friendly letters)
                buttons.append(
                    Button(
                        f"topic-{key}",
                        (60 + i * width + 10, 852, width - 20, 82),
                        self.topic(key),
                        size=28,
                        style="quiet",
                    )
                )
        from game.scenes import teacher_insight

        buttons += teacher_insight.tab_buttons(self)  # the skills, check and re-test buttons
        buttons += self.pager(len(rows))
        self.buttons.buttons = buttons

    def topic_keys(self) -> list[str]:
        return self.catalog.topics_in_order({m.key for m in self.report.topics})

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        if chosen is None or self.turn(chosen):
            return None
        if chosen == "back":
            return Pop()
        if chosen == "classcode":
            from game.scenes.class_code import ClassCodeScene

            return Push(ClassCodeScene(self.ctx))
        if chosen.startswith("tab-"):
            self.tab, self.page = chosen[4:], 0
            self.relayout()
        elif chosen == "class":
            index = self.classes.index(self.class_code) if self.class_code in self.classes else 0
            self.class_code = self.classes[(index + 1) % len(self.classes)]
            self.load()
            self.relayout()
        elif chosen.startswith("student-"):
            return Push(
                StudentScene(self.ctx, self.report, self.catalog, self.class_code, self.rows()[int(chosen[8:])])
            )
        elif chosen.startswith("question-"):
            return Push(
                QuestionScene(self.ctx, self.report, self.catalog, self.class_code, self.rows()[int(chosen[9:])])
            )
        elif chosen.startswith("topic-"):
            return Push(TopicScene(self.ctx, self.report, self.catalog, self.class_code, chosen[6:]))
        else:
            from game.scenes import teacher_insight

            return teacher_insight.handle(self, chosen)
        return None

    def retest_set(self, changed: bool | None) -> Transition | None:
        """The re-test screen popped: True when its date was set or cancelled, which the report shows."""
        if changed:
            self.load()
            self.relayout()
        return None

    # -- figures shown, as text (the tests compare them with the files) -------------------------------------------
    def overview_cards(self) -> list[tuple[str, str]]:
        o = self.report.total
        t = self.report.thresholds
        return [
            (self.tr("report.students"), str(o.students)),
            (self.tr("report.participation"), pct(o.participation)),
            (self.tr("report.mean_score"), pct(o.mean_percent)),
            (self.tr("report.pass_rate", cut=f"{t.pass_percent:.0f}"), pct(o.pass_rate)),
            (self.tr("report.excellent_rate", cut=f"{t.excellent_percent:.0f}"), pct(o.excellent_rate)),
            (self.tr("report.median_time"), num(o.median_minutes, 1)),
            (self.tr("report.sessions_finished"), f"{o.finished_sessions} / {o.sessions}"),
            (self.tr("report.need_help_count"), str(sum(s.needs_help for s in self.report.students))),
        ]

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.motion_t)
        text.draw(
            canvas, self.tr("teacher.title"), theme.SIZE_HEADING, self.ctx.theme.ACCENT, (60, 40, 1200, 90), shrink=True
        )
        text.draw(
            canvas,
            self.tr("teacher.answers", n=self.report.answers),
            theme.SIZE_SMALL,
            theme.TEXT_DIM,
            (1100, 60, 760, 60),
            align="right",
        )
        self.buttons.draw(canvas, text)
        getattr(self, f"draw_{self.tab}")(canvas, text)

    def draw_overview(self, canvas: pygame.Surface, text: Text) -> None:
        for i, (label, value) in enumerate(self.overview_cards()):
            x, y = 60 + (i % 4) * 455, 290 + (i // 4) * 180
            draw_panel(canvas, (x, y, 430, 160))
            text.draw(canvas, value, 64, self.ctx.theme.ACCENT, (x + 24, y + 12, 390, 80), valign="middle", shrink=True)
            text.draw(canvas, label, 28, theme.TEXT_DIM, (x + 24, y + 96, 390, 56), valign="middle", shrink=True)
        from game.reports.build import score_bands

        labels, bands = (list(x) for x in zip(*score_bands(self.report.students)))
        draw_panel(canvas, (60, 660, 1800, 260))
        text.draw(canvas, self.tr("report.distribution"), 28, theme.TEXT_DIM, (90, 668, 900, 40))
        text.draw(
            canvas, self.tr("teacher.first_note"), 24, theme.TEXT_DIM, (900, 668, 930, 40), align="right", shrink=True
        )
        draw_vbars(
            canvas,
            text,
            (100, 700, 1720, 210),
            labels,
            [("n", bands, self.ctx.theme.BUTTON)],
            max(bands + [1]),
            fmt=lambda v: "" if not v else str(int(v)),
            legend=False,
        )
        from game.scenes import teacher_insight

        teacher_insight.draw_overview_line(self, canvas, text)  # the mean without the attempts to check

    def draw_students(self, canvas: pygame.Surface, text: Text) -> None:
        rows = self.page_of(self.rows())
        if not rows:
            text.draw(canvas, self.tr("report.no_data"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
        for i, s in enumerate(rows):
            y = 300 + i * 78
            text.draw(canvas, s.nickname, 34, theme.TEXT, (90, y, 420, 70), valign="middle", shrink=True)
            text.draw(
                canvas, self.klass(s.class_code), 28, theme.TEXT_DIM, (520, y, 240, 70), valign="middle", shrink=True
            )
            draw_hbar(
                canvas,
                text,
                (780, y + 5, 780, 60),
                self.tr("report.first_score"),
                s.first_percent,
                label_width=260,
                size=28,
                th=self.ctx.theme,
            )
            text.draw(
                canvas,
                f"{self.tr('report.best_score')} {pct(s.best_percent)}",
                28,
                theme.TEXT_DIM,
                (1570, y, 200, 70),
                valign="middle",
                shrink=True,
            )
            if s.needs_help:
                draw_flag(canvas, (1790, y + 16), 38, self.ctx.theme.LOW)

    def draw_questions(self, canvas: pygame.Surface, text: Text) -> None:
        rows = self.page_of(self.rows())
        if not rows:
            text.draw(canvas, self.tr("report.no_data"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
        for i, item in enumerate(rows):
            y = 300 + i * 78
            prompt = self.catalog.prompt(item.question_id, self.ctx.lang)
            if item.role != "level":
                prompt = f"[{self.tr(f'report.role_{item.role}')}] {prompt}"
            text.draw(canvas, prompt, 28, theme.TEXT, (90, y, 820, 70), valign="middle", shrink=True)
            odd = {"too_easy", "too_hard"} & set(item.flags)
            draw_hbar(
                canvas,
                text,
                (930, y + 5, 640, 60),
                self.tr("report.facility_short"),
                item.facility,
                label_width=150,
                size=28,
                color=self.ctx.theme.LOW if odd else self.ctx.theme.BUTTON,
                th=self.ctx.theme,
            )
            text.draw(
                canvas,
                f"{self.tr('report.di_short')} {num(item.discrimination_index)}",
                28,
                theme.TEXT_DIM,
                (1580, y, 200, 70),
                valign="middle",
                shrink=True,
            )
            if item.flags:
                draw_flag(canvas, (1790, y + 16), 38, self.ctx.theme.LOW)
        # the legend: what the flag means and from how many answers it is shown
        draw_flag(canvas, (66, 258), 30, self.ctx.theme.LOW)
        legend = self.tr("teacher.flag_legend", n=f"{self.report.thresholds.min_n:.0f}")
        text.draw(canvas, legend, 26, theme.TEXT_DIM, (104, 252, 1756, 44), valign="middle", shrink=True)

    def draw_topics(self, canvas: pygame.Surface, text: Text) -> None:
        topics = self.topic_keys()
        if not topics:
            text.draw(canvas, self.tr("report.no_data"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
            return
        classes = [m for m in self.report.topics if m.nickname is None]
        codes = sorted({m.class_code for m in classes})[:4]
        colors = (self.ctx.theme.BUTTON, self.ctx.theme.ACCENT, self.ctx.theme.HIGH, self.ctx.theme.LOW)
        series = []
        for i, code in enumerate(codes):
            by = {m.key: m.percent for m in classes if m.class_code == code}
            series.append((self.klass(code), [by.get(k) for k in topics], colors[i]))
        draw_vbars(canvas, text, (60, 280, 1800, 570), [""] * len(topics), series, 100.0)
        text.draw(canvas, self.tr("teacher.tap_topic"), 28, theme.TEXT_DIM, HINT, valign="middle", shrink=True)

    def draw_gain(self, canvas: pygame.Surface, text: Text) -> None:
        groups = self.report.gain_classes
        if not groups:
            text.draw(canvas, self.tr("report.no_gain"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 120))
            from game.scenes import teacher_insight

            teacher_insight.draw_retest_status(self, canvas, text)
            return
        groups = groups[:6]
        # two groups both called "All classes" (one per course) told the teacher nothing: name the course
        labels = [
            f"{self.catalog.track_title(g.track_id, self.ctx.lang)} · {self.klass(g.class_code)}\n"
            f"g = {num(g.gain, 2)}  (n = {g.n})"
            for g in groups
        ]
        if any(g.gain is not None and round(g.gain, 2) < 0 for g in groups):
            text.draw(
                canvas,
                self.tr("report.gain_negative"),
                26,
                theme.TEXT_DIM,
                (60, 252, 1800, 44),
                valign="middle",
                shrink=True,
            )
        from game.scenes import teacher_insight

        series = [
            (self.tr("report.pre"), [g.pre_percent for g in groups], self.ctx.theme.BUTTON),
            (self.tr("report.post"), [g.post_percent for g in groups], self.ctx.theme.ACCENT),
        ]
        retest = teacher_insight.retention_series(self, groups)  # the re-test weeks later, once taken
        if retest is not None:
            series.append((self.tr("teacher.retest_series"), retest, self.ctx.theme.HIGH))
        draw_vbars(canvas, text, (60, 280, 1800, 580), labels, series, 100.0)
        text.draw(
            canvas, self.tr("teacher.gain_hint"), 28, theme.TEXT_DIM, (60, 870, 1800, 56), valign="middle", shrink=True
        )
        teacher_insight.draw_retest_status(self, canvas, text)

    def draw_skills(self, canvas: pygame.Surface, text: Text) -> None:
        from game.scenes import teacher_insight

        teacher_insight.draw_skills(self, canvas, text)

    def draw_check(self, canvas: pygame.Surface, text: Text) -> None:
        from game.scenes import teacher_insight

        teacher_insight.draw_check(self, canvas, text)
