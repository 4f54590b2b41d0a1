"""The teacher area's insight screens: refusal skills, "check these", and scheduling the re-test weeks later.

game/scenes/teacher/overview.py places them: two tabs (skills, check), a line on the overview (the figures without
the attempts to check), the re-test bars and its scheduling button on the before/after tab. Every figure
comes from the same Report as the HTML and CSV files (game/reports/insight.py). A flag is shown as
something to look at, never as an accusation. Drawing never changes state.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from game.actions import Action, InputEvent
from game.scene import Pop, Push, Transition
from game.scenes.teacher.base import PAGE
from game.scenes.teacher.charts import draw_flag, draw_hbar, pct
from game.scenes.teacher.details import _DetailScene
from game.scenes.teacher.overview import HINT
from game.ui import theme
from game.ui.backdrop import draw_backdrop
from game.ui.widgets import Button, draw_panel

if TYPE_CHECKING:
    import pygame

    from game.context import Context
    from game.ports import Text
    from game.reports.catalog import Catalog
    from game.reports.insight import Flag
    from game.reports.model import Report
    from game.scenes.teacher.overview import TeacherScene

RETEST_BUTTON = (950, 940, 400, 100)
RETEST_STATUS = (1370, 945, 490, 90)


def colon(ctx: Context) -> str:
    return "：" if ctx.lang == "zh-CN" else ": "


def skill_label(ctx: Context, skill: str) -> str:
    return ctx.tr("report.skill_none") if skill == "none" else ctx.tr(f"skill.{skill}")


def reasons(ctx: Context, flag: Flag) -> str:
    """A flag's reasons in words, joined as the language joins a list."""
    parts = [ctx.tr(f"report.check_{reason}", v=value) for reason, value in flag.reasons.items()]
    return ("；" if ctx.lang == "zh-CN" else "; ").join(parts)


# -- what the tabs list -------------------------------------------------------------------------------------------
def check_rows(report: Report) -> list[tuple[tuple[str, str], list[Flag]]]:
    """The students with attempts to check, each with their flags, most flags first."""
    by: dict[tuple[str, str], list[Flag]] = {}
    for f in report.integrity.flags if report.integrity else []:
        by.setdefault((f.class_code, f.nickname), []).append(f)
    return sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def tab_buttons(scene: TeacherScene) -> list[Button]:
    """The buttons the insight tabs add to the teacher screen's own."""
    tab = scene.tab
    out = []
    if tab == "check":
        for i, _ in enumerate(scene.page_of(scene.rows())):
            out.append(
                Button(f"check-{scene.page * PAGE + i}", (60, 300 + i * 78, 1800, 70), "", size=32, style="quiet")
            )
    elif tab == "skills":
        everyone = scene.report.skills.of("all") if scene.report.skills else None
        button = Button("skills-students", RETEST_BUTTON, scene.tr("teacher.by_student"), size=34, style="quiet")
        button.enabled = bool(everyone and everyone.decisions)
        out.append(button)
    elif tab == "gain":
        code = scene.class_code
        button = Button(
            "retest",
            RETEST_BUTTON,
            scene.tr("teacher.retest_button") if code is not None else scene.tr("teacher.retest_pick_class"),
            size=32,
            style="quiet",
        )
        button.enabled = code is not None and _has_retest(scene)
        out.append(button)
    return out


def _has_retest(scene: TeacherScene) -> bool:
    return any("retention" in forms for forms in scene.catalog.track_forms.values())


def handle(scene: TeacherScene, chosen: str) -> Transition | None:
    """A tap on one of tab_buttons()."""
    if chosen.startswith("check-"):
        code_nick, flags = scene.rows()[int(chosen[6:])]
        return Push(CheckScene(scene.ctx, scene.report, scene.catalog, scene.class_code, code_nick, flags))
    if chosen == "skills-students":
        return Push(SkillsStudentsScene(scene.ctx, scene.report, scene.catalog, scene.class_code))
    if chosen == "retest" and scene.class_code is not None:
        return Push(RetestScene(scene.ctx, scene.report, scene.catalog, scene.class_code), on_result=scene.retest_set)
    return None


# -- drawing on the teacher screen ------------------------------------------------------------------------------------
def draw_overview_line(scene: TeacherScene, canvas: pygame.Surface, text: Text) -> None:
    """The overview's mean score without the attempts to check, beside the back buttons."""
    integrity = scene.report.integrity
    if integrity is None or not integrity.flags:
        return
    plain = integrity.overview[0] if integrity.overview else None
    line = scene.tr(
        "teacher.check_summary",
        n=len(integrity.flags),
        p=pct(plain.mean_percent if plain else None),
        q=pct(scene.report.total.mean_percent),
    )
    draw_flag(canvas, (HINT[0], HINT[1] + 26), 36, theme.TEXT_DIM)  # a marker to look, not an alarm
    text.draw(
        canvas, line, 28, theme.TEXT_DIM, (HINT[0] + 44, HINT[1], HINT[2] - 44, HINT[3]), valign="middle", shrink=True
    )


def draw_skills(scene: TeacherScene, canvas: pygame.Surface, text: Text) -> None:
    skills = scene.report.skills
    everyone = skills.of("all") if skills else None
    classes = [p for p in skills.profiles if p.scope == "class"] if skills else []
    shown = classes[0] if len(classes) == 1 else everyone
    if shown is None or not shown.decisions:
        text.draw(canvas, scene.tr("report.no_skills"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
        return
    draw_panel(canvas, (60, 270, 1100, 590))
    text.draw(canvas, scene.tr("report.share_safe"), 32, theme.TEXT_DIM, (90, 280, 1040, 50), shrink=True)
    named = [c for c in shown.skills if c.skill != "none"]
    for i, c in enumerate(named[:6]):
        draw_hbar(
            canvas,
            text,
            (90, 340 + i * 84, 1040, 70),
            skill_label(scene.ctx, c.skill),
            c.share,
            value_text=f"{pct(c.share)} ({c.chosen})",
            label_width=360,
            value_width=190,
            color=scene.ctx.theme.BUTTON,
            th=scene.ctx.theme,
        )
    draw_panel(canvas, (1190, 270, 670, 590))
    facts = [
        (scene.tr("report.safe_share"), pct(shown.safe_percent)),
        (
            scene.tr("report.came_back"),
            scene.tr("report.came_back_value", n=shown.came_back, of=shown.went_unsafe, p=pct(shown.came_back_percent))
            if shown.went_unsafe
            else "—",
        ),
    ]
    for i, (label, value) in enumerate(facts):
        y = 290 + i * 170
        text.draw(canvas, value, 56, scene.ctx.theme.ACCENT, (1220, y, 610, 80), valign="middle", shrink=True)
        text.draw(canvas, label, 28, theme.TEXT_DIM, (1220, y + 84, 610, 50), valign="middle", shrink=True)
    if shown.back_skills:
        back = "、".join if scene.ctx.lang == "zh-CN" else ", ".join
        names = back(
            f"{skill_label(scene.ctx, s)} × {n}" for s, n in sorted(shown.back_skills.items(), key=lambda kv: -kv[1])
        )
        text.draw(
            canvas,
            f"{scene.tr('report.back_skills')}{colon(scene.ctx)}{names}",
            28,
            theme.TEXT,
            (1220, 640, 610, 200),
            shrink=True,
        )
    top = next((line for line in skills.lines if line.key == (shown.key if shown.scope == "class" else None)), None)
    if top is not None:
        said = scene.catalog.prompt(top.question_id, scene.ctx.lang)
        line = f"{scene.tr('report.lines_title')}{colon(scene.ctx)}“{said}” {pct(top.percent)} ({top.unsafe}/{top.n})"
        text.draw(canvas, line, 28, theme.TEXT, (60, 870, 1800, 60), valign="middle", shrink=True)
    text.draw(canvas, scene.tr("teacher.skills_hint"), 28, theme.TEXT_DIM, RETEST_STATUS, valign="middle", shrink=True)


def draw_check(scene: TeacherScene, canvas: pygame.Surface, text: Text) -> None:
    integrity = scene.report.integrity
    rows = scene.page_of(scene.rows())
    if integrity is None or not integrity.flags:
        text.draw(canvas, scene.tr("report.check_none"), theme.SIZE_BODY, theme.TEXT_DIM, (60, 320, 1800, 80))
    else:
        plain = integrity.overview[0] if integrity.overview else None
        text.draw(
            canvas,
            scene.tr(
                "teacher.check_summary",
                n=len(integrity.flags),
                p=pct(plain.mean_percent if plain else None),
                q=pct(scene.report.total.mean_percent),
            ),
            28,
            theme.TEXT,
            (60, 252, 1800, 46),
            valign="middle",
            shrink=True,
        )
    for i, ((code, nickname), flags) in enumerate(rows):
        y = 300 + i * 78
        text.draw(canvas, nickname, 34, theme.TEXT, (90, y, 420, 70), valign="middle", shrink=True)
        text.draw(canvas, scene.klass(code), 28, theme.TEXT_DIM, (520, y, 240, 70), valign="middle", shrink=True)
        counts: dict[str, int] = {}
        for f in flags:
            for reason in f.reasons:
                counts[reason] = counts.get(reason, 0) + 1
        summary = ("；" if scene.ctx.lang == "zh-CN" else "; ").join(
            f"{scene.tr(f'report.rule_{reason}')} × {n}" for reason, n in counts.items()
        )
        text.draw(
            canvas,
            f"{scene.tr('teacher.check_levels_n', n=len(flags))}{colon(scene.ctx)}{summary}",
            28,
            theme.TEXT,
            (780, y, 1060, 70),
            valign="middle",
            shrink=True,
        )
    text.draw(canvas, scene.tr("teacher.check_hint"), 28, theme.TEXT_DIM, HINT, valign="middle", shrink=True)


def retention_series(scene: TeacherScene, groups: list[Any]) -> list[float | None] | None:
    """The re-test mean of each before/after group (class and track), or None when nobody took one."""
    retention = scene.report.retention
    if retention is None:
        return None
    by = {(c.class_code, c.track_id): c for c in retention.classes if c.took}
    values = [by[(g.class_code, g.track_id)].retention if (g.class_code, g.track_id) in by else None for g in groups]
    return values if any(v is not None for v in values) else None


def draw_retest_status(scene: TeacherScene, canvas: pygame.Surface, text: Text) -> None:
    code = scene.class_code
    if code is None:
        return
    retention = scene.report.retention
    day = retention.schedule.get(code) if retention else None
    if day is None:
        line = scene.tr("teacher.retest_none", code=code)
    else:
        from game.classroom.retention import utc_start
        from game.reports.retention import uptake

        took, of = uptake(retention, code, utc_start(dt.date.fromisoformat(day)))  # since this date, not ever
        line = scene.tr("teacher.retest_set", code=code, date=day, took=took, of=of)
    text.draw(canvas, line, 28, theme.TEXT, RETEST_STATUS, valign="middle", shrink=True)


# -- the screens opened from the tabs ----------------------------------------------------------------------------------
class CheckScene(_DetailScene):
    """One student's attempts to check: each level and what was seen, and why each check exists."""

    name = "teacher_check"

    def __init__(
        self,
        ctx: Context,
        report: Report,
        catalog: Catalog,
        class_code: str | None,
        who: tuple[str, str],
        flags: list[Flag],
    ):
        super().__init__(ctx, report, catalog, class_code)
        self.who = who
        self.flags = flags

    def layout(self) -> None:
        self.buttons.buttons = [self.back_button()] + self.pager(len(self.flags))

    def handle(self, event: InputEvent) -> Transition | None:
        if event.action is Action.BACK:
            return Pop()
        chosen = self.buttons.handle(event)
        if chosen == "back":
            return Pop()
        self.turn(chosen)
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text, lang = self.ctx.text, self.ctx.lang
        draw_backdrop(canvas, self.t)
        code, nickname = self.who
        text.draw(
            canvas,
            f"{nickname}  ·  {self.klass(code)}",
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (60, 40, 1800, 90),
            shrink=True,
        )
        text.draw(canvas, self.tr("report.check_title"), 32, theme.TEXT_DIM, (60, 140, 1800, 50), shrink=True)
        for i, f in enumerate(self.page_of(self.flags)):
            y = 210 + i * 90
            draw_panel(canvas, (60, y, 1800, 80))
            role = "" if f.role == "level" else f" · {self.tr(f'report.role_{f.role}')}"
            text.draw(
                canvas,
                f"{self.catalog.level_title(f.level_id, lang)}{role}",
                30,
                theme.TEXT,
                (90, y, 560, 80),
                valign="middle",
                shrink=True,
            )
            text.draw(canvas, reasons(self.ctx, f), 28, theme.TEXT, (670, y, 1170, 80), valign="middle", shrink=True)
        text.draw(
            canvas, self.tr("teacher.check_hint"), 28, theme.TEXT_DIM, (420, 945, 740, 90), valign="middle", shrink=True
        )
        self.buttons.draw(canvas, text)


class SkillsStudentsScene(_DetailScene):
    """Each student's replies in the refusal scenarios: how many safe, which skills, second chances."""

    name = "teacher_skills_students"

    def __init__(self, ctx: Context, report: Report, catalog: Catalog, class_code: str | None):
        super().__init__(ctx, report, catalog, class_code)
        profiles = [p for p in report.skills.profiles if p.scope == "student" and p.decisions] if report.skills else []
        self.students = sorted(
            profiles,
            key=lambda p: (p.safe_percent if p.safe_percent is not None else 101, p.key or "", p.nickname or ""),
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
        draw_backdrop(canvas, self.t)
        text.draw(
            canvas,
            self.tr("report.skills_students"),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (60, 40, 1800, 90),
            shrink=True,
        )
        text.draw(canvas, self.tr("report.skills_note"), 26, theme.TEXT_DIM, (60, 130, 1800, 76), shrink=True)
        join = "、".join if self.ctx.lang == "zh-CN" else " · ".join
        for x, w, key in (
            (60, 420, "report.nickname"),
            (490, 560, "report.safe_share"),
            (1070, 560, "report.picked"),
            (1650, 210, "report.came_back"),
        ):
            text.draw(canvas, self.tr(key), 26, theme.TEXT_DIM, (x, 212, w, 40), valign="middle", shrink=True)
        for i, p in enumerate(self.page_of(self.students)):
            y = 258 + i * 84
            text.draw(
                canvas,
                f"{p.nickname}  ({self.klass(p.key)})",
                32,
                theme.TEXT,
                (60, y, 420, 76),
                valign="middle",
                shrink=True,
            )
            draw_hbar(
                canvas,
                text,
                (490, y, 560, 76),
                "",
                p.safe_percent,
                label_width=24,
                value_width=120,
                size=28,
                color=self.ctx.theme.HIGH if (p.safe_percent or 0) >= 75 else self.ctx.theme.LOW,
                th=self.ctx.theme,
            )
            used = join(
                f"{skill_label(self.ctx, c.skill)} {c.chosen}" for c in p.skills if c.chosen and c.skill != "none"
            )
            text.draw(canvas, used or "—", 28, theme.TEXT, (1070, y, 560, 76), valign="middle", shrink=True)
            back = f"{p.came_back}/{p.went_unsafe}" if p.went_unsafe else "—"
            text.draw(canvas, back, 28, theme.TEXT, (1650, y, 210, 76), valign="middle", shrink=True)
        self.buttons.draw(canvas, text)


class RetestScene(_DetailScene):
    """Schedule (or cancel) a class's re-test: from a date some weeks ahead, its students who start a session play
    the re-test first. The date is kept on this device, like its class code.

    The store is read once when the screen opens (refresh: today's date and the class's current re-test date);
    draw() and layout() work from those, so a frame never touches the database."""

    name = "teacher_retest"

    def __init__(self, ctx: Context, report: Report, catalog: Catalog, class_code: str):
        super().__init__(ctx, report, catalog, class_code)
        self.day: dt.date | None = None  # today, on this device's clock (refresh)
        self.current: str | None = None  # the class's re-test date as saved, if any (refresh)

    def refresh(self) -> None:
        """Read what the screen shows from the store: on entering, and again after anything changes it."""
        from game.classroom.retention import local_day
        from game.store.retention import schedule

        self.day = local_day(self.ctx.store.now())
        self.current = schedule(self.ctx.store).get(self.class_code or "")

    def enter(self) -> None:
        self.refresh()
        super().enter()

    def resume(self, result: Any = None) -> Transition | None:
        self.refresh()
        return super().resume(result)

    def today(self) -> dt.date:
        if self.day is None:
            self.refresh()
        assert self.day is not None  # refresh() always sets the day
        return self.day

    def layout(self) -> None:
        from game.classroom.retention import WEEKS, in_weeks

        buttons = []
        for i, weeks in enumerate(WEEKS):
            day = in_weeks(self.today(), weeks).isoformat()
            buttons.append(
                Button(
                    f"weeks-{weeks}",
                    (360, 320 + i * 100, 1200, 86),
                    self.tr("teacher.retest_option", w=weeks, date=day),
                    size=38,
                )
            )
        cancel = Button(
            "cancel", (360, 320 + len(WEEKS) * 100, 1200, 86), self.tr("teacher.retest_cancel"), size=38, style="quiet"
        )
        cancel.enabled = self.current is not None
        self.buttons.buttons = buttons + [cancel, self.back_button()]

    def handle(self, event: InputEvent) -> Transition | None:
        from game.classroom.retention import in_weeks
        from game.store.retention import set_date

        if event.action is Action.BACK:
            return Pop()
        chosen = self.tapped(event)
        if chosen == "back":
            return Pop()
        if chosen and chosen.startswith("weeks-"):
            set_date(self.ctx.store, self.class_code or "", in_weeks(self.today(), int(chosen[6:])))
            return Pop(True)  # the date changed: the report shows it
        if chosen == "cancel":
            set_date(self.ctx.store, self.class_code or "", None)
            return Pop(True)  # the date changed: the report shows it
        return None

    def draw(self, canvas: pygame.Surface) -> None:
        text = self.ctx.text
        draw_backdrop(canvas, self.t)
        text.draw(
            canvas,
            self.tr("teacher.retest_title", code=self.class_code),
            theme.SIZE_HEADING,
            self.ctx.theme.ACCENT,
            (60, 40, 1800, 90),
            shrink=True,
        )
        if self.current:
            text.draw(
                canvas,
                self.tr("report.retention_opens", code=self.class_code, date=self.current),
                32,
                self.ctx.theme.ACCENT,
                (160, 130, 1600, 56),
                align="center",
                shrink=True,
            )
        text.draw(
            canvas,
            self.tr("teacher.retest_explain"),
            28,
            theme.TEXT,
            (160, 190, 1600, 120),
            align="center",
            shrink=True,
        )
        self.buttons.draw(canvas, text)
