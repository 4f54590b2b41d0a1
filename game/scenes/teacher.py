"""The teacher area: a PIN, then the class overview, students, questions, topics, before vs after.

Every figure comes from game.reports.collect.build_report, the same function behind the HTML
and CSV files, so the screens and the files agree for the same data. Scenes here only draw a
Report; the PIN rules live in game.reports.pin. Charts are drawn with pygame shapes and the
game's text renderer; each bar carries its number, and a "needs help" mark is an icon plus a
word, never colour alone.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from game.actions import Action, InputEvent
from game.scenes.base import Pop, Push, Replace, Scene, Transition
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel, draw_tick

PAGE = 8  # rows per page in the lists
LOW = (214, 96, 60)
MID = (232, 176, 64)
HIGH = (46, 160, 110)
BAR_BG = (24, 44, 70)
HINT = (950, 945, 910, 90)  # a tab's hint: beside the back and device-class buttons, never under them
TABS = ("overview", "students", "questions", "topics", "gain", "skills", "check")  # the last two: teacher_insight.py
# the question list puts the likeliest mistakes first: a wrong key, then questions that tell nothing
SEVERITY = {"distractor_beats_key": 8, "low_discrimination": 4, "too_hard": 2, "too_easy": 2, "unused_distractor": 1}


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def level_color(value: float | None) -> tuple[int, int, int]:
    if value is None:
        return theme.DISABLED
    return LOW if value < 50 else MID if value < 75 else HIGH


def draw_flag(surface: Any, pos: tuple[int, int], size: int, color: tuple[int, int, int] = LOW) -> None:
    """A small flag: the 'needs help' icon (always drawn beside the words)."""
    import pygame

    x, y = pos
    pygame.draw.line(surface, color, (x, y), (x, y + size), max(3, size // 9))
    pygame.draw.polygon(surface, color, [(x, y), (x + size * 0.75, y + size * 0.22), (x, y + size * 0.45)])


def draw_hbar(surface: Any, text: Any, rect: tuple[int, int, int, int], label: str, value: float | None,
              value_text: str | None = None, label_width: int = 520, max_value: float = 100.0,
              color: tuple[int, int, int] | None = None, size: int = theme.SIZE_SMALL, value_width: int = 150) -> None:
    """One labelled horizontal bar: label | bar | number."""
    import pygame

    x, y, w, h = rect
    text.draw(surface, label, size, theme.TEXT, (x, y, label_width - 20, h), valign="middle", shrink=True)
    bar_x, bar_w = x + label_width, w - label_width - value_width
    pygame.draw.rect(surface, BAR_BG, (bar_x, y + h // 4, bar_w, h // 2), border_radius=6)
    if value is not None and max_value > 0:
        fill = max(0, min(1.0, value / max_value))
        pygame.draw.rect(surface, color or level_color(value), (bar_x, y + h // 4, max(4, round(bar_w * fill)), h // 2),
                         border_radius=6)
    shown = value_text if value_text is not None else pct(value)
    text.draw(surface, shown, size, theme.TEXT, (bar_x + bar_w + 12, y, value_width - 12, h), align="right", valign="middle", shrink=True)


def draw_vbars(surface: Any, text: Any, rect: tuple[int, int, int, int], labels: list[str],
               series: list[tuple[str, list[float | None], tuple[int, int, int]]], max_value: float,
               fmt: Callable[[float | None], str] = pct, legend: bool = True) -> None:
    """Grouped vertical bars with the value above each bar, labels below, and a legend."""
    import pygame

    x, y, w, h = rect
    label_h = 96 if any("\n" in label for label in labels) else 70
    value_h, legend_h = 44, 50 if legend and len(series) > 1 else 0
    plot_top, plot_bottom = y + value_h, y + h - label_h - legend_h
    pygame.draw.line(surface, theme.TEXT_DIM, (x, plot_bottom), (x + w, plot_bottom), 3)
    groups = max(1, len(labels))
    group_w = w / groups
    bar_w = min(140, (group_w - 30) / max(1, len(series)))
    for g, label in enumerate(labels):
        gx = x + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, (_, values, color) in enumerate(series):
            value = values[g]
            bx = gx + s * bar_w
            if value is not None and max_value > 0:
                bh = (plot_bottom - plot_top) * max(0.0, min(1.0, value / max_value))
                pygame.draw.rect(surface, color, (bx + 4, plot_bottom - bh, bar_w - 8, bh), border_radius=4)
                text.draw(surface, fmt(value), 28, theme.TEXT, (bx - 20, plot_bottom - bh - value_h, bar_w + 40, value_h),
                          align="center", valign="bottom")
        text.draw(surface, label, 28, theme.TEXT_DIM, (x + g * group_w, plot_bottom + 8, group_w, label_h - 8),
                  align="center", shrink=True)
    if legend_h:
        lx = x
        for name, _, color in series:
            pygame.draw.rect(surface, color, (lx, y + h - 38, 28, 28), border_radius=4)
            text.draw(surface, name, 28, theme.TEXT, (lx + 40, y + h - 46, 360, 44), valign="middle")
            lx += 420


class TeacherPinScene(Scene):
    """Set a PIN on first use (typed twice), or enter it; five misses lock the keypad for a minute."""

    name = "teacher_pin"
    wants_text = True

    def __init__(self, ctx: Any, now: Callable[[], float] | None = None):
        super().__init__(ctx)
        from game.reports.pin import PinGuard

        self.guard = PinGuard(ctx.store, now or time.time)
        self.mode = "enter" if self.guard.is_set() else "set"
        self.value = ""
        self.first = ""
        self.message = ""

    def layout(self) -> None:
        from game.reports.pin import MAX_LEN, MIN_LEN

        locked = self.guard.wait_seconds() > 0
        buttons = []
        key_w, key_h, gap = 200, 120, 20
        x0 = (theme.W - 3 * key_w - 2 * gap) // 2
        for i, digit in enumerate("123456789"):
            buttons.append(Button(f"digit-{digit}", (x0 + (i % 3) * (key_w + gap), 400 + (i // 3) * (key_h + gap), key_w, key_h), digit, size=56))
        y = 400 + 3 * (key_h + gap)
        buttons.append(Button("erase", (x0, y, key_w, key_h), self.tr("entry.erase"), style="quiet"))
        buttons.append(Button("digit-0", (x0 + key_w + gap, y, key_w, key_h), "0", size=56))
        ok = Button("ok", (x0 + 2 * (key_w + gap), y, key_w, key_h), self.tr("entry.ok"), style="primary")
        ok.enabled = MIN_LEN <= len(self.value) <= MAX_LEN
        buttons.append(ok)
        for b in buttons:
            if locked and b.id != "back":
                b.enabled = False
        buttons.append(Button("back", (60, 940, 320, 100), self.tr("common.back"), style="quiet"))
        self.buttons.buttons = buttons

    def _type(self, digits: str) -> None:
        from game.reports.pin import MAX_LEN

        if self.guard.wait_seconds() > 0:
            return
        self.value = (self.value + "".join(ch for ch in digits if ch.isdigit() and ch.isascii()))[:MAX_LEN]
        self.relayout()

    def _submit(self) -> Transition | None:
        from game.reports.pin import valid_pin

        if not valid_pin(self.value):
            return None
        if self.mode == "set":
            self.first, self.value, self.mode, self.message = self.value, "", "confirm", ""
        elif self.mode == "confirm":
            if self.value == self.first:
                self.guard.set_pin(self.value)
                return Replace(TeacherScene(self.ctx))
            self.first, self.value, self.mode = "", "", "set"
            self.message = self.tr("teacher.pin_mismatch")
        else:
            check = self.guard.check(self.value)
            self.value = ""
            if check.ok:
                return Replace(TeacherScene(self.ctx))
            self.message = (self.tr("teacher.pin_locked", s=check.wait_seconds) if check.locked
                            else self.tr("teacher.pin_wrong", n=check.tries_left))
        self.relayout()
        return None

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        if event.action is Action.TEXT:
            self._type(event.text)
            return None
        if event.action is Action.ERASE:
            self.value = self.value[:-1]
            self.relayout()
            return None
        if event.action is Action.CONFIRM and self.buttons.focus is None:
            return self._submit()
        chosen = self.buttons.handle(event)
        if chosen:
            self.ctx.sounds.play("tap")
        if chosen is None:
            return None
        if chosen.startswith("digit-"):
            self._type(chosen[6:])
        elif chosen == "erase":
            self.value = self.value[:-1]
            self.relayout()
        elif chosen == "ok":
            return self._submit()
        elif chosen == "back":
            return Pop()
        return None

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        was_locked = any(not b.enabled for b in self.buttons.buttons if b.id.startswith("digit-"))
        if was_locked and self.guard.wait_seconds() == 0:
            self.message = ""
            self.relayout()
        return None

    hint_key = "teacher.pin_hint"

    def heading(self) -> str:
        return self.tr(f"teacher.pin_{self.mode}")

    def draw_entry(self, canvas: Any) -> None:
        """The hint and the box of dots for the digits typed so far."""
        text = self.ctx.text
        text.draw(canvas, self.tr(self.hint_key), theme.SIZE_SMALL, theme.TEXT_DIM, (160, 170, 1600, 50), align="center")
        box = (660, 240, 600, 120)
        draw_panel(canvas, box, theme.PANEL_LIGHT)
        text.draw(canvas, "●" * len(self.value) or " ", 56, theme.TEXT, box, align="center", valign="middle")

    def draw(self, canvas: Any) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.t)
        text.draw(canvas, self.heading(), theme.SIZE_HEADING, theme.TEXT, (160, 70, 1600, 90), align="center", shrink=True)
        self.draw_entry(canvas)
        wait = self.guard.wait_seconds()
        message = self.tr("teacher.pin_locked", s=wait) if wait else self.message
        if message:
            text.draw(canvas, message, theme.SIZE_SMALL, theme.ACCENT, (1300, 400, 560, 300), shrink=True)
        self.buttons.draw(canvas, text)


class _ReportScene(Scene):
    """Shared by the teacher screens: the report, the class filter, a title bar, paging."""

    def __init__(self, ctx: Any, report: Any = None, catalog: Any = None, class_code: str | None = None):
        super().__init__(ctx)
        self.class_code = class_code
        self.catalog = catalog
        self.report = report
        self.page = 0

    def load(self) -> None:
        from game.reports.catalog import Catalog
        from game.reports.collect import build_report
        from game.reports.model import Filters

        if self.catalog is None:
            self.catalog = Catalog.from_content(self.ctx.content)
        self.report = build_report(self.ctx.store, self.catalog, Filters(class_code=self.class_code))

    def enter(self) -> None:
        if self.report is None:
            self.load()
        super().enter()

    def klass(self, code: str | None) -> str:
        return self.tr("report.all_classes") if code is None else (code or self.tr("report.no_class"))

    def topic(self, key: str) -> str:
        return self.catalog.topic_name(key, self.ctx.lang)

    def pager(self, count: int, y: int = 940) -> list[Button]:
        pages = max(1, (count + PAGE - 1) // PAGE)
        self.page = min(self.page, pages - 1)
        prev = Button("prev", (1180, y, 320, 100), self.tr("teacher.prev"), style="quiet")
        nxt = Button("next", (1540, y, 320, 100), self.tr("teacher.next"), style="quiet")
        prev.enabled, nxt.enabled = self.page > 0, self.page < pages - 1
        return [prev, nxt] if pages > 1 else []

    def page_of(self, rows: list) -> list:
        return rows[self.page * PAGE:(self.page + 1) * PAGE]

    def turn(self, chosen: str | None) -> bool:
        if chosen == "prev":
            self.page = max(0, self.page - 1)
        elif chosen == "next":
            self.page += 1
        else:
            return False
        self.relayout()
        return True


class TeacherScene(_ReportScene):
    """The teacher area's main screen: tabs for overview, students, questions, topics and gain."""

    name = "teacher"

    def __init__(self, ctx: Any, report: Any = None, catalog: Any = None, class_code: str | None = None):
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
            return sorted(r.students, key=lambda s: (not s.needs_help, s.first_percent if s.first_percent is not None else 101, s.nickname))
        if self.tab == "questions":
            return sorted(r.items, key=lambda i: (-sum(SEVERITY.get(f, 1) for f in i.flags),
                                                  i.discrimination_index if i.discrimination_index is not None else 101))
        if self.tab == "check":
            from game.scenes.teacher_insight import check_rows

            return check_rows(r)
        return []

    def layout(self) -> None:
        step = 1500 // len(TABS)
        buttons = [
            Button(f"tab-{tab}", (60 + i * step, 150, step - 15, 96), self.tr(f"teacher.tab_{tab}"), size=36,
                   style="primary" if tab == self.tab else "normal")
            for i, tab in enumerate(TABS)
        ]
        buttons.append(Button("class", (1580, 150, 280, 96), self.klass(self.class_code), size=36, style="quiet"))
        buttons.append(Button("back", (60, 940, 320, 100), self.tr("common.back"), style="quiet"))
        code = self.ctx.settings.class_code  # classroom mode for this device (game/classroom/scene.py)
        buttons.append(Button("classcode", (420, 940, 500, 100), self.tr("teacher.class_code", code=code) if code
                              else self.tr("teacher.class_none"), size=34, style="quiet"))
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
                buttons.append(Button(f"topic-{key}", (60 + i * width + 10, 852, width - 20, 82), self.topic(key), size=28, style="quiet"))
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
            from game.classroom.scene import ClassCodeScene

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
            return Push(StudentScene(self.ctx, self.report, self.catalog, self.class_code, self.rows()[int(chosen[8:])]))
        elif chosen.startswith("question-"):
            return Push(QuestionScene(self.ctx, self.report, self.catalog, self.class_code, self.rows()[int(chosen[9:])]))
        elif chosen.startswith("topic-"):
            return Push(TopicScene(self.ctx, self.report, self.catalog, self.class_code, chosen[6:]))
        else:
            from game.scenes import teacher_insight

            return teacher_insight.handle(self, chosen)
        return None

    def resume(self, result: Any = None) -> Transition | None:
        if result == "reload":  # the re-test was scheduled: its date shows in the report
            self.load()
        return super().resume(result)

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

    def draw(self, canvas: Any) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.t)
        text.draw(canvas, self.tr("teacher.title"), theme.SIZE_HEADING, theme.ACCENT, (60, 40, 1200, 90), shrink=True)
        text.draw(canvas, self.tr("teacher.answers", n=self.report.answers), theme.SIZE_SMALL, theme.TEXT_DIM, (1100, 60, 760, 60), align="right")
        self.buttons.draw(canvas, text)
        getattr(self, f"draw_{self.tab}")(canvas, text)

    def draw_overview(self, canvas: Any, text: Any) -> None:  # noqa: D102
        for i, (label, value) in enumerate(self.overview_cards()):
            x, y = 60 + (i % 4) * 455, 290 + (i // 4) * 180
            draw_panel(canvas, (x, y, 430, 160))
            text.draw(canvas, value, 64, theme.ACCENT, (x + 24, y + 12, 390, 80), valign="middle", shrink=True)
            text.draw(canvas, label, 28, theme.TEXT_DIM, (x + 24, y + 96, 390, 56), valign="middle", shrink=True)
        from game.reports.build import score_bands

        labels, bands = (list(x) for x in zip(*score_bands(self.report.students)))
        draw_panel(canvas, (60, 660, 1800, 260))
        text.draw(canvas, self.tr("report.distribution"), 28, theme.TEXT_DIM, (90, 668, 900, 40))
        text.draw(canvas, self.tr("teacher.first_note"), 24, theme.TEXT_DIM, (900, 668, 930, 40), align="right", shrink=True)
        draw_vbars(canvas, text, (100, 700, 1720, 210), labels, [("n", bands, theme.BUTTON)], max(bands + [1]),
                   fmt=lambda v: "" if not v else str(int(v)), legend=False)
        from game.scenes import teacher_insight

        teacher_insight.draw_overview_line(self, canvas, text)  # the mean without the attempts to check

    def draw_students(self, canvas: Any, text: Any) -> None:
        rows = self.page_of(self.rows())
        if not rows:
            text.draw(canvas, self.tr("report.no_data"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
        for i, s in enumerate(rows):
            y = 300 + i * 78
            text.draw(canvas, s.nickname, 34, theme.TEXT, (90, y, 420, 70), valign="middle", shrink=True)
            text.draw(canvas, self.klass(s.class_code), 28, theme.TEXT_DIM, (520, y, 240, 70), valign="middle", shrink=True)
            draw_hbar(canvas, text, (780, y + 5, 780, 60), self.tr("report.first_score"), s.first_percent, label_width=260, size=28)
            text.draw(canvas, f"{self.tr('report.best_score')} {pct(s.best_percent)}", 28, theme.TEXT_DIM, (1570, y, 200, 70), valign="middle", shrink=True)
            if s.needs_help:
                draw_flag(canvas, (1790, y + 16), 38)

    def draw_questions(self, canvas: Any, text: Any) -> None:
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
            draw_hbar(canvas, text, (930, y + 5, 640, 60), self.tr("report.facility_short"), item.facility, label_width=150,
                      size=28, color=LOW if odd else theme.BUTTON)
            text.draw(canvas, f"{self.tr('report.di_short')} {num(item.discrimination_index)}", 28, theme.TEXT_DIM, (1580, y, 200, 70), valign="middle", shrink=True)
            if item.flags:
                draw_flag(canvas, (1790, y + 16), 38)
        # the legend: what the flag means and from how many answers it is shown
        draw_flag(canvas, (66, 258), 30)
        legend = self.tr("teacher.flag_legend", n=f"{self.report.thresholds.min_n:.0f}")
        text.draw(canvas, legend, 26, theme.TEXT_DIM, (104, 252, 1756, 44), valign="middle", shrink=True)

    def draw_topics(self, canvas: Any, text: Any) -> None:
        topics = self.topic_keys()
        if not topics:
            text.draw(canvas, self.tr("report.no_data"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
            return
        classes = [m for m in self.report.topics if m.nickname is None]
        codes = sorted({m.class_code for m in classes})[:4]
        colors = (theme.BUTTON, theme.ACCENT, HIGH, LOW)
        series = []
        for i, code in enumerate(codes):
            by = {m.key: m.percent for m in classes if m.class_code == code}
            series.append((self.klass(code), [by.get(k) for k in topics], colors[i]))
        draw_vbars(canvas, text, (60, 280, 1800, 570), [""] * len(topics), series, 100.0)
        text.draw(canvas, self.tr("teacher.tap_topic"), 28, theme.TEXT_DIM, HINT, valign="middle", shrink=True)

    def draw_gain(self, canvas: Any, text: Any) -> None:
        groups = self.report.gain_classes
        if not groups:
            text.draw(canvas, self.tr("report.no_gain"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 120))
            from game.scenes import teacher_insight

            teacher_insight.draw_retest_status(self, canvas, text)
            return
        groups = groups[:6]
        # two groups both called "All classes" (one per course) told the teacher nothing: name the course
        labels = [f"{self.catalog.track_title(g.track_id, self.ctx.lang)} · {self.klass(g.class_code)}\n"
                  f"g = {num(g.gain, 2)}  (n = {g.n})" for g in groups]
        if any(g.gain is not None and round(g.gain, 2) < 0 for g in groups):
            text.draw(canvas, self.tr("report.gain_negative"), 26, theme.TEXT_DIM, (60, 252, 1800, 44), valign="middle", shrink=True)
        from game.scenes import teacher_insight

        series = [(self.tr("report.pre"), [g.pre_percent for g in groups], theme.BUTTON),
                  (self.tr("report.post"), [g.post_percent for g in groups], theme.ACCENT)]
        retest = teacher_insight.retention_series(self, groups)  # the re-test weeks later, once taken
        if retest is not None:
            series.append((self.tr("teacher.retest_series"), retest, HIGH))
        draw_vbars(canvas, text, (60, 280, 1800, 580), labels, series, 100.0)
        text.draw(canvas, self.tr("teacher.gain_hint"), 28, theme.TEXT_DIM, (60, 870, 1800, 56), valign="middle", shrink=True)
        teacher_insight.draw_retest_status(self, canvas, text)

    def draw_skills(self, canvas: Any, text: Any) -> None:  # noqa: D102
        from game.scenes import teacher_insight

        teacher_insight.draw_skills(self, canvas, text)

    def draw_check(self, canvas: Any, text: Any) -> None:  # noqa: D102
        from game.scenes import teacher_insight

        teacher_insight.draw_check(self, canvas, text)


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

    def __init__(self, ctx: Any, report: Any, catalog: Any, class_code: str | None, student: Any):
        super().__init__(ctx, report, catalog, class_code)
        self.student = student
        self.level_page = 0

    def shown_levels(self) -> list[Any]:
        start = self.level_page * LEVEL_PAGE
        return list(self.student.levels[start:start + LEVEL_PAGE])

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

    def draw(self, canvas: Any) -> None:
        text, s = self.ctx.text, self.student
        draw_backdrop(canvas, self.t)
        text.draw(canvas, f"{s.nickname}  ·  {self.klass(s.class_code)}", theme.SIZE_HEADING, theme.ACCENT, (60, 40, 1400, 90), shrink=True)
        if s.needs_help:
            draw_flag(canvas, (1480, 62), 48)
            text.draw(canvas, self.tr("report.needs_help"), theme.SIZE_BODY, theme.WRONG_TEXT, (1540, 40, 320, 90), valign="middle", shrink=True)
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
            draw_hbar(canvas, text, (90, 390 + i * 74, 1040, 64), self.topic(key), s.topics[key], label_width=360)
        draw_panel(canvas, (1190, 320, 670, 600))
        text.draw(canvas, self.tr("teacher.levels"), 32, theme.TEXT_DIM, (1220, 330, 400, 50), shrink=True)
        text.draw(canvas, self.levels_caption(), 28, theme.TEXT_DIM, (1620, 330, 220, 50), align="right", valign="middle", shrink=True)
        y = 385
        for level in self.shown_levels():
            role = "" if level.role == "level" else f" · {self.tr(f'report.role_{level.role}')}"
            untimed = f" · {self.tr('report.untimed_mark')}" if level.untimed else ""
            label = f"{self.catalog.level_title(level.level_id, self.ctx.lang)}{role}{untimed}"
            text.draw(canvas, label, 28, theme.TEXT, (1220, y, 440, 56), valign="middle", shrink=True)
            text.draw(canvas, f"{pct(level.first_percent)} / {pct(level.best_percent)}", 28, theme.TEXT, (1660, y, 180, 56), align="right", valign="middle", shrink=True)
            y += 58
        y = 812  # below the level pages' buttons, however long the page is
        text.draw(canvas, self.tr("report.hits"), 28, theme.TEXT_DIM, (1220, y, 620, 40))
        hits = "  ".join(f"{self.catalog.drug_name(d, self.ctx.lang)} × {n}" for d, n in list(s.hits.items())[:6]) or "—"
        text.draw(canvas, hits, 26, theme.TEXT, (1220, y + 42, 620, 912 - y - 42), shrink=True)
        if s.reasons:
            why = []
            for reason in s.reasons:
                if reason == "overall":
                    why.append(self.tr("report.reason_overall", p=pct(s.first_percent)))
                else:
                    key = reason.split(":", 1)[1]
                    why.append(self.tr("report.reason_topic", topic=self.topic(key), p=pct(s.topics.get(key))))
            text.draw(canvas, "；".join(why) if self.ctx.lang == "zh-CN" else "; ".join(why), 28, theme.TEXT_DIM, (420, 945, 1440, 90), valign="middle", shrink=True)
        self.buttons.draw(canvas, text)


class QuestionScene(_DetailScene):
    """One question: its wording, facility, discrimination, timing, and how often each option was chosen."""

    name = "teacher_question"

    def __init__(self, ctx: Any, report: Any, catalog: Any, class_code: str | None, item: Any):
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

    def draw(self, canvas: Any) -> None:
        text, item, lang = self.ctx.text, self.item, self.ctx.lang
        draw_backdrop(canvas, self.t)
        role = "" if item.role == "level" else f" · {self.tr(f'report.role_{item.role}')}"
        text.draw(canvas, f"{self.catalog.level_title(item.level_id, lang)}{role} · {item.question_id}", theme.SIZE_SMALL, theme.TEXT_DIM, (60, 30, 1800, 50), shrink=True)
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
            color = HIGH if o.correct else theme.BUTTON
            draw_hbar(canvas, text, (150, y, 1680, 60), self.option_label(o.option_id), o.percent,
                      value_text=f"{o.percent:.0f}% ({o.count})", label_width=760, color=color, size=28, value_width=200)
            if o.correct:
                draw_tick(canvas, (115, y + 30), 40, HIGH)
        flags = [self.tr(f"report.flag_{f}") for f in item.flags]
        if flags:
            draw_flag(canvas, (420, 962), 40)
            text.draw(canvas, "；".join(flags) if lang == "zh-CN" else "; ".join(flags), 30, theme.ACCENT, (480, 940, 1380, 100), valign="middle", shrink=True)
        elif item.n < self.report.thresholds.min_n:  # too few answers to say anything yet, not "all fine"
            text.draw(canvas, self.tr("teacher.too_few", n=item.n, min=f"{self.report.thresholds.min_n:.0f}"), 30,
                      theme.TEXT_DIM, (420, 940, 1440, 100), valign="middle", shrink=True)
        else:
            draw_tick(canvas, (440, 990), 44, HIGH)
            text.draw(canvas, self.tr("teacher.no_flags"), 30, theme.TEXT, (480, 940, 1380, 100), valign="middle")
        self.buttons.draw(canvas, text)


class TopicScene(_DetailScene):
    """One topic: every student's accuracy on it, weakest first, and each class's."""

    name = "teacher_topic"

    def __init__(self, ctx: Any, report: Any, catalog: Any, class_code: str | None, topic: str):
        super().__init__(ctx, report, catalog, class_code)
        self.key = topic
        cells = [m for m in report.topics if m.key == topic]
        self.classes = [m for m in cells if m.nickname is None]
        self.students = sorted((m for m in cells if m.nickname is not None),
                               key=lambda m: (m.percent if m.percent is not None else 101, m.nickname or ""))

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

    def draw(self, canvas: Any) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.t)
        text.draw(canvas, self.topic(self.key), theme.SIZE_HEADING, theme.ACCENT, (60, 40, 1800, 90), shrink=True)
        summary = "   ".join(f"{self.klass(m.class_code)} {pct(m.percent)}" for m in self.classes[:6])
        text.draw(canvas, summary, 32, theme.TEXT, (60, 140, 1800, 60), shrink=True)
        for i, m in enumerate(self.page_of(self.students)):
            y = 220 + i * 88
            label = f"{m.nickname}  ({self.klass(m.class_code)})"
            draw_hbar(canvas, text, (60, y, 1720, 76), label, m.percent, value_text=f"{pct(m.percent)} ({m.correct}/{m.n})", label_width=560, value_width=260)
            if m.percent is not None and m.percent < self.report.thresholds.help_topic:
                draw_flag(canvas, (1800, y + 18), 38)
        self.buttons.draw(canvas, text)
