"""The HTML report's teacher-insight sections (game/reports/insight.py): the overview without the attempts
to check and the "check these" list, refusal skills, and the re-test weeks later; in a district report,
refusal skills per site and per age group.

Same conventions as game/reports/html.py (which places these sections): the game's own strings
(report.* keys) in the report's language, every player-typed text escaped, charts as inline SVG.
A flag is worded as something to look at, never as an accusation.
"""

from __future__ import annotations

from html import escape
from typing import Any

from game.reports.charts import bar_chart
from game.reports.insight import Flag, SkillProfile
from game.reports.retention import MIN_STUDENT_GAIN, beyond
from game.reports.skills import NONE


def _chart(svg: str, label: str) -> str:
    return f'<div class="chart" role="img" aria-label="{label}">{svg}</div>'


def _table(head: list[tuple[str, bool]], rows: list[list[str]], css: str = "") -> str:
    from game.reports.html import _table as table

    return table(head, rows, css)


def skill_name(skill: str, h: Any) -> str:
    """A skill in the report's language (the names the scenarios show the player)."""
    if skill == NONE:
        return h.t("skill_none")
    key = f"skill.{skill}"
    return escape(h.catalog.text(key, h.lang)) if key in h.catalog.strings else escape(skill)


def _skill_text(skill: str, h: Any) -> str:
    """skill_name unescaped (chart labels are escaped by the chart's own XML writer)."""
    if skill == NONE:
        return h.catalog.text("report.skill_none", h.lang)
    key = f"skill.{skill}"
    return h.catalog.text(key, h.lang) if key in h.catalog.strings else skill


# -- the overview without the attempts to check, and the list ------------------------------------------------------
def with_without(report: Any, h: Any) -> str:
    """Overview figures with all attempts and without the flagged ones, side by side (one row per class)."""
    integrity = report.integrity
    if integrity is None or not integrity.flags:
        return ""
    t = report.thresholds
    plain = {o.class_code: o for o in integrity.overview}
    rows = []
    for o in report.overview:
        p = plain.get(o.class_code)
        if p is None:
            continue
        rows.append(
            [
                h.klass(o.class_code),
                f"{h.pct(o.mean_percent)} → {h.pct(p.mean_percent)}",
                f"{h.pct(o.pass_rate)} → {h.pct(p.pass_rate)}",
                f"{h.pct(o.excellent_rate)} → {h.pct(p.excellent_rate)}",
                f"{o.scored} → {p.scored}",
            ]
        )
    head = [
        (h.t("class"), False),
        (h.t("mean_score"), True),
        (h.t("pass_rate", cut=f"{t.pass_percent:.0f}"), True),
        (h.t("excellent_rate", cut=f"{t.excellent_percent:.0f}"), True),
        (h.t("students"), True),
    ]
    gains = {(g.class_code, g.track_id): g for g in integrity.gain}
    gain_rows = []
    for g in report.gain_classes:
        p = gains.get((g.class_code, g.track_id))
        gain_rows.append(
            [
                escape(h.catalog.track_title(g.track_id, h.lang)),
                h.klass(g.class_code),
                f"{g.n} → {p.n if p else 0}",
                f"{h.num(g.gain, 2)} → {h.num(p.gain if p else None, 2)}",
            ]
        )
    html = [
        f"<h3>{h.t('without_flagged')}</h3>",
        f'<p class="note">{h.t("with_without_note")}</p>',
        _table(head, rows, "groups"),
    ]
    if gain_rows:
        html.append(
            _table(
                [(h.t("track"), False), (h.t("class"), False), ("n", True), (h.t("gain_g"), True)], gain_rows, "groups"
            )
        )
    return "".join(html)


def reason_text(flag: Flag, h: Any) -> str:
    """A flag's reasons in words (escaped): what was seen, never a verdict."""
    parts = []
    for reason, value in flag.reasons.items():
        parts.append(h.t(f"check_{reason}", v=value))
    return ("；" if h.lang == "zh-CN" else "; ").join(parts)


def check(report: Any, h: Any) -> str:
    integrity = report.integrity
    if integrity is None:
        return ""
    html = ['<section id="check">', f"<h2>{h.t('check_title')}</h2>", f'<p class="note">{h.t("check_note")}</p>']
    if not integrity.flags:
        html.append(f'<p class="empty">{h.t("check_none")}</p>')
    else:
        html.append(f"<p><b>{h.t('check_count', n=len(integrity.flags), s=integrity.flagged_students)}</b></p>")
        by_student: dict[tuple[str, str], list[Flag]] = {}
        for f in integrity.flags:
            by_student.setdefault((f.class_code, f.nickname), []).append(f)
        rows = []
        for (code, nickname), found in by_student.items():
            colon = "：" if h.lang == "zh-CN" else ": "
            levels = "".join(
                f'<div class="chk"><b>{h.level(f.level_id, f.role)}</b>{colon}{reason_text(f, h)}</div>' for f in found
            )
            rows.append([f"<b>{escape(nickname)}</b>", h.klass(code), str(len(found)), levels])
        html.append(
            _table(
                [
                    (h.t("nickname"), False),
                    (h.t("class"), False),
                    (h.t("check_levels"), True),
                    (h.t("check_reason"), False),
                ],
                rows,
                "students",
            )
        )
    html.append(with_without(report, h))
    why = integrity.rules.why
    if why:
        items = "".join(
            f"<dt>{h.t('rule_' + rule)}</dt><dd>{escape(why[rule].get(h.lang, ''))}</dd>"
            for rule in ("reading", "fast", "same_position", "identical", "device_burst")
            if rule in why
        )
        html.append(f'<h3>{h.t("check_rules")}</h3><dl class="gloss">{items}</dl>')
    html.append(f'<p class="note">{h.t("check_rules_file")}</p></section>')
    return "".join(html)


# -- refusal skills ----------------------------------------------------------------------------------------------------------
def _profile_table(profiles: list[SkillProfile], order: tuple[str, ...], h: Any, first: str, name: Any) -> str:
    """One row per profile: replies, safe share, each skill's share of the safe replies, second chances."""
    skills = [s for s in order if s != NONE]
    head = [(first, False), (h.t("decisions"), True), (h.t("safe_share"), True)]
    head += [(skill_name(s, h), True) for s in skills]
    head.append((h.t("came_back"), True))
    rows = []
    for p in profiles:
        by = {c.skill: c for c in p.skills}
        cells = [name(p), str(p.decisions), h.pct(p.safe_percent)]
        cells += [f"{h.pct(by[s].share)} ({by[s].chosen})" if s in by and by[s].chosen else "—" for s in skills]
        cells.append(
            h.t("came_back_value", n=p.came_back, of=p.went_unsafe, p=h.pct(p.came_back_percent))
            if p.went_unsafe
            else "—"
        )
        rows.append(cells)
    return _table(head, rows, "groups")


def _profile_detail(p: SkillProfile, order: tuple[str, ...], h: Any) -> str:
    """A group's profile: a chart of each skill's share of the safe replies, and the table behind it."""
    named = [c for c in p.skills if c.skill != NONE]
    html = []
    if p.safe:
        svg = bar_chart(
            [_skill_text(c.skill, h) for c in reversed(named)],
            [(h.catalog.text("report.share_safe", h.lang), [c.share for c in reversed(named)])],
            horizontal=True,
            height=90 + 34 * len(named),
            legend=False,
            fit_wide_labels=True,
        )
        html.append(_chart(svg, h.t("share_safe")))
    rows = [
        [
            skill_name(c.skill, h),
            str(c.offered),
            str(c.chosen),
            h.pct(c.share) if c.skill != NONE else "—",
            h.pct(c.uptake),
        ]
        for c in p.skills
    ]
    html.append(
        _table(
            [
                (h.t("skill"), False),
                (h.t("offered"), True),
                (h.t("picked"), True),
                (h.t("share_safe"), True),
                (h.t("uptake"), True),
            ],
            rows,
            "groups",
        )
    )
    if p.went_unsafe:
        back = ", ".join(f"{skill_name(s, h)} × {n}" for s, n in sorted(p.back_skills.items(), key=lambda kv: -kv[1]))
        colon = "：" if h.lang == "zh-CN" else ": "
        html.append(
            f"<p><b>{h.t('came_back')}</b>{colon}{h.t('came_back_value', n=p.came_back, of=p.went_unsafe, p=h.pct(p.came_back_percent))}"
            f"{' · ' + h.t('back_skills') + colon + back if back else ''}</p>"
        )
        html.append(f'<p class="note">{h.t("came_back_note")}</p>')
    return "".join(html)


def _lines(report: Any, h: Any, key: str | None) -> str:
    found = [line for line in report.skills.lines if line.key == key]
    if not found:
        return ""
    rows = []
    for line in found:
        who = h.catalog.speakers.get(line.question_id, {}).get(h.lang, "")
        said = escape(h.catalog.prompt(line.question_id, h.lang))
        colon = "：" if h.lang == "zh-CN" else ": "
        rows.append(
            [
                (f"<b>{escape(who)}</b>{colon}" if who else "")
                + said
                + f'<div class="q">{escape(h.catalog.level_title(line.level_id, h.lang))}</div>',
                str(line.n),
                str(line.unsafe),
                h.pct(line.percent),
            ]
        )
    return f'<h3>{h.t("lines_title")}</h3><p class="note">{h.t("lines_note")}</p>' + _table(
        [(h.t("line"), False), ("n", True), (h.t("unsafe_replies"), True), ("%", True)], rows, "groups"
    )


def skills(report: Any, h: Any) -> str:
    s = report.skills
    if s is None:
        return ""
    html = ['<section id="skills">', f"<h2>{h.t('skills_title')}</h2>", f'<p class="note">{h.t("skills_note")}</p>']
    everyone = s.of("all")
    if everyone is None or not everyone.decisions:
        return "".join(html) + f'<p class="empty">{h.t("no_skills")}</p></section>'
    classes = [p for p in s.profiles if p.scope == "class"]
    shown = classes[0] if len(classes) == 1 else everyone
    html.append(_profile_detail(shown, s.skill_order, h))
    if len(classes) > 1:
        html.append(_profile_table(classes, s.skill_order, h, h.t("class"), lambda p: h.klass(p.key)))
    html.append(_lines(report, h, None))
    students = [p for p in s.profiles if p.scope == "student" and p.decisions]
    if students:
        html.append(f"<h3>{h.t('skills_students')}</h3>")
        html.append(
            _profile_table(
                students,
                s.skill_order,
                h,
                h.t("nickname"),
                lambda p: f'<b>{escape(p.nickname or "")}</b> <span class="q">{h.klass(p.key)}</span>',
            )
        )
    html.append("</section>")
    return "".join(html)


def district_skills(report: Any, h: Any) -> str:
    """A district's refusal skills: everyone, each site, each age group, and the lines most answered unsafely."""
    from game.reports.html import AGE_ORDER

    s = report.skills
    if s is None:
        return ""
    html = ['<section id="skills">', f"<h2>{h.t('skills_title')}</h2>", f'<p class="note">{h.t("skills_note")}</p>']
    everyone = s.of("all")
    if everyone is None or not everyone.decisions:
        return "".join(html) + f'<p class="empty">{h.t("no_skills")}</p></section>'
    html.append(_profile_detail(everyone, s.skill_order, h))
    sites = [p for p in s.profiles if p.scope == "site"]
    if sites:
        html.append(f"<h3>{h.t('skills_sites')}</h3>")
        html.append(_profile_table(sites, s.skill_order, h, h.t("site"), lambda p: f"<b>{escape(p.key or '')}</b>"))
    ages = sorted(
        (p for p in s.profiles if p.scope == "age_group"),
        key=lambda p: AGE_ORDER.index(p.key) if p.key in AGE_ORDER else len(AGE_ORDER),
    )
    if ages:
        html.append(f"<h3>{h.t('skills_ages')}</h3>")
        html.append(
            _profile_table(
                ages,
                s.skill_order,
                h,
                h.t("age_group"),
                lambda p: escape(
                    h.catalog.text(f"age.{p.key}", h.lang) if f"age.{p.key}" in h.catalog.strings else p.key or ""
                ),
            )
        )
    html.append(f'<p class="note">{h.t("skills_district_note")}</p>')
    html.append(_lines(report, h, None))
    html.append("</section>")
    return "".join(html)


# -- the re-test weeks later ---------------------------------------------------------------------------------------------------
def retention(report: Any, h: Any) -> str:
    r = report.retention
    if r is None or (not r.classes and not r.schedule):
        return ""
    html = [
        '<section id="retention">',
        f"<h2>{h.t('retention_title')}</h2>",
        f'<p class="note">{h.t("retention_note")}</p>',
    ]
    for code, day in r.schedule.items():
        if report.filters.class_code in (None, code):
            html.append(f'<p class="meta">{h.t("retention_opens", code=escape(code), date=escape(day))}</p>')
    taken = [c for c in r.classes if c.took]
    if not taken:
        html.append(f'<p class="empty">{h.t("no_retention")}</p>')
    if taken:
        text = h.catalog.text
        labels = [
            f"{h.catalog.track_title(c.track_id, h.lang)} · "
            f"{c.class_code if c.class_code is not None else text('report.all_classes', h.lang)}"
            for c in taken
        ]
        svg = bar_chart(
            labels,
            [
                (text("report.pre", h.lang), [c.pre for c in taken]),
                (text("report.post", h.lang), [c.post for c in taken]),
                (text("report.retention", h.lang), [c.retention for c in taken]),
            ],
            height=340,
        )
        html.append(_chart(svg, h.t("retention_title")))
    if r.classes:
        html.append(
            _table(
                [
                    (h.t("track"), False),
                    (h.t("class"), False),
                    (h.t("took"), True),
                    (h.t("pre"), True),
                    (h.t("post"), True),
                    (h.t("retention"), True),
                    (h.t("kept"), True),
                    (h.t("weeks"), True),
                ],
                [
                    [
                        escape(h.catalog.track_title(c.track_id, h.lang)),
                        h.klass(c.class_code),
                        h.t("took_value", n=c.took, of=c.eligible),
                        h.pct(c.pre),
                        h.pct(c.post),
                        h.pct(c.retention),
                        h.num(c.kept, 2),
                        h.num(c.weeks, 1),
                    ]
                    for c in r.classes
                ],
                "groups",
            )
        )
    if r.without_prepost:
        html.append(f'<p class="note">{h.t("retention_alone", n=r.without_prepost)}</p>')
    if r.students:
        html.append(f"<h3>{h.t('gain_students')}</h3>")
        html.append(
            _table(
                [
                    (h.t("nickname"), False),
                    (h.t("class"), False),
                    (h.t("track"), False),
                    (h.t("pre"), True),
                    (h.t("post"), True),
                    (h.t("retention"), True),
                    (h.t("kept"), True),
                    (h.t("weeks"), True),
                ],
                [
                    [
                        f"<b>{escape(s.nickname)}</b>",
                        h.klass(s.class_code),
                        escape(h.catalog.track_title(s.track_id, h.lang)),
                        h.pct(s.pre),
                        h.pct(s.post),
                        h.pct(s.retention),
                        h.num(s.kept, 2),
                        h.num(s.weeks, 1),
                    ]
                    for s in r.students
                ],
                "students",
            )
        )
        html.append(f'<p class="note">{h.t("kept_students", least=f"{MIN_STUDENT_GAIN:.0f}")}</p>')
    if any(beyond(c.kept) for c in r.classes) or any(beyond(s.kept) for s in r.students):
        html.append(f'<p class="note">{h.t("kept_beyond")}</p>')
    html.append("</section>")
    return "".join(html)
