"""The report as one self-contained HTML file: inline CSS and SVG, no script, no network.

It opens from a USB stick in any browser and prints on A4. Every piece of text that came from a
player or the database (nicknames, class codes, ids) is escaped. The words are the game's
own strings (content/strings.yaml, keys report.*), in the language asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from game.reports.charts import BarValue, bar_chart, line_chart
from game.reports.model import District, Item, Mastery, Overview, Report

ROLE_ORDER = {"pre": 0, "level": 1, "post": 2, "retention": 3}
AGE_ORDER = ("primary", "junior", "senior", "university")  # the school stages, youngest first


def by_age(groups: Iterable[Overview]) -> list[Overview]:
    """Age groups youngest first (the server hands them in alphabetical order); unknown ones after, by name."""
    return sorted(
        groups,
        key=lambda o: (
            AGE_ORDER.index(o.class_code) if o.class_code in AGE_ORDER else len(AGE_ORDER),
            o.class_code or "",
        ),
    )


DISTRACTOR_LETTERS = "ABCDEF"

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
       "Hiragino Sans GB",Arial,sans-serif; color: #1d2733; margin: 0 auto; max-width: 1100px; padding: 24px;
       font-size: 14px; line-height: 1.45; }
html[lang="en"] body { font-family: "Segoe UI","Noto Sans","Liberation Sans","DejaVu Sans",Arial,"Noto Sans CJK SC",
       "Microsoft YaHei","PingFang SC",sans-serif; }  /* Latin first: a CJK font draws ' and " full-width */
h1 { font-size: 26px; margin: 0 0 4px; color: #173a63; }
h2 { font-size: 20px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 3px solid #2f6db5; color: #173a63;
     break-after: avoid; }
h3 { font-size: 16px; margin: 18px 0 6px; break-after: avoid; }
p.meta { color: #55616e; margin: 0 0 2px; }
p.note { color: #55616e; font-size: 12.5px; margin: 4px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 10px 0; }
.card { border: 1px solid #cfd8e3; border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.card .v { font-size: 26px; font-weight: 700; color: #173a63; }
.card .k { color: #55616e; font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #cfd8e3; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef3f9; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.n { text-align: right; }
table.students { font-size: 12px; }
table.students th { font-size: 11.5px; }
.help { font-weight: 700; color: #9b2c12; white-space: nowrap; }
.untimed { font-size: 0.8em; color: #4a5563; border: 1px solid #9aa3ad; border-radius: 0.6em; padding: 0 0.4em; white-space: nowrap; }
.flag { display: inline-block; border: 1px solid #b5523b; color: #8a2f17; border-radius: 10px; padding: 0 6px;
        margin: 1px 2px 1px 0; font-size: 12px; white-space: nowrap; }
.ok { color: #236b4b; }
.opt { display: flex; align-items: center; gap: 4px; font-size: 12px; white-space: nowrap; }
.opt .lab { min-width: 3.6em; flex: none; }
.opt .bar { display: inline-block; height: 9px; background: #9db4cf; }
.opt.key .bar { background: #2f8a5f; }
.opt.key .lab { font-weight: 700; }
.heat td.c { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { break-inside: avoid; margin: 6px 0 10px; }
.chart svg { width: 100%; height: auto; }
html[lang="en"] .chart svg text { font-family: "Segoe UI","Noto Sans","Liberation Sans","DejaVu Sans",Arial,
       "Noto Sans CJK SC",sans-serif !important; }  /* as the body: a CJK font draws ' and " full-width */
.q { color: #55616e; font-size: 12px; }
dl.gloss dt { font-weight: 700; margin-top: 6px; }
dl.gloss dd { margin: 0 0 0 1.2em; color: #333; }
.empty { color: #55616e; font-style: italic; }
.chk { margin: 1px 0 3px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11.5px; }
  h2 { margin-top: 18px; }
  section { break-before: auto; }
  .cards { grid-template-columns: repeat(4, 1fr); }
}
"""


class _Html:
    """Small helpers bound to a language and the catalogue."""

    def __init__(self, catalog: Any, lang: str):
        self.catalog = catalog
        self.lang = lang

    def t(self, key: str, **values: Any) -> str:
        return escape(self.catalog.text(f"report.{key}", self.lang, **values))

    @staticmethod
    def pct(value: float | None, digits: int = 0) -> str:
        return "—" if value is None else f"{abs(value) if round(value, digits) == 0 else value:.{digits}f}%"

    @staticmethod
    def num(value: float | None, digits: int = 0) -> str:
        if value is None:
            return "—"
        text = f"{value:.{digits}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text

    def role(self, role: str) -> str:
        return self.t(f"role_{role}")

    def level(self, level_id: str, role: str = "level") -> str:
        title = escape(self.catalog.level_title(level_id, self.lang))
        return title if role == "level" else f"{title} · {self.role(role)}"

    def topic(self, topic: str) -> str:
        return escape(self.catalog.topic_name(topic, self.lang))

    def drug(self, drug: str) -> str:
        return escape(self.catalog.drug_name(drug, self.lang))

    def klass(self, code: str | None) -> str:
        return self.t("all_classes") if code is None else (escape(code) if code else self.t("no_class"))


def _table(head: Iterable[tuple[str, bool]], rows: Iterable[Iterable[str]], css: str = "") -> str:
    """head: (label html, numeric?); rows: cells as html."""
    head = list(head)
    out = [f'<table class="{css}"><thead><tr>' if css else "<table><thead><tr>"]
    out += [f'<th class="n">{label}</th>' if numeric else f"<th>{label}</th>" for label, numeric in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(
            "<tr>"
            + "".join(f'<td class="n">{cell}</td>' if head[i][1] else f"<td>{cell}</td>" for i, cell in enumerate(row))
            + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _chart(svg: str, label: str) -> str:
    return f'<div class="chart" role="img" aria-label="{label}">{svg}</div>'


def _overview(report: Report, h: _Html) -> str:
    o = report.total
    cards = [
        (str(o.students), h.t("students")),
        (h.pct(o.participation), h.t("participation")),
        (f"{o.finished_sessions} / {o.sessions}", h.t("sessions_finished")),
        (h.pct(o.mean_percent), h.t("mean_score")),
        (h.pct(o.pass_rate), h.t("pass_rate", cut=f"{report.thresholds.pass_percent:.0f}")),
        (h.pct(o.excellent_rate), h.t("excellent_rate", cut=f"{report.thresholds.excellent_percent:.0f}")),
        (h.num(o.median_minutes, 1), h.t("median_time")),
        (str(sum(s.needs_help for s in report.students)), h.t("need_help_count")),
    ]
    html = ['<section id="overview">', f"<h2>{h.t('overview')}</h2>", '<div class="cards">']
    html += [f'<div class="card"><div class="v">{v}</div><div class="k">{k}</div></div>' for v, k in cards]
    html.append("</div>")
    html.append(f'<p class="note">{h.t("overview_note")}</p>')
    if len(report.overview) > 2:
        html.append(
            _table(
                [
                    (h.t("class"), False),
                    (h.t("students"), True),
                    (h.t("participation"), True),
                    (h.t("sessions"), True),
                    (h.t("mean_score"), True),
                    (h.t("pass_rate", cut=f"{report.thresholds.pass_percent:.0f}"), True),
                    (h.t("excellent_rate", cut=f"{report.thresholds.excellent_percent:.0f}"), True),
                    (h.t("median_time"), True),
                ],
                (
                    [
                        h.klass(c.class_code),
                        str(c.students),
                        h.pct(c.participation),
                        str(c.sessions),
                        h.pct(c.mean_percent),
                        h.pct(c.pass_rate),
                        h.pct(c.excellent_rate),
                        h.num(c.median_minutes, 1),
                    ]
                    for c in report.overview
                ),
            )
        )
    if any(s.first_percent is not None for s in report.students):
        from game.reports.build import score_bands

        labels, bands = zip(*score_bands(report.students))
        svg = bar_chart(
            labels,
            [(h.catalog.text("report.students", h.lang), bands)],
            percent=False,
            height=300,
            y_title=h.catalog.text("report.students", h.lang),
            x_title=h.catalog.text("report.first_score", h.lang) + " (%)",
        )
        html.append(f"<h3>{h.t('distribution')}</h3>" + _chart(svg, h.t("distribution")))
    html.append("</section>")
    return "".join(html)


def _students(report: Report, h: _Html) -> str:
    html = ['<section id="students">', f"<h2>{h.t('students_title')}</h2>"]
    helped = [s for s in report.students if s.needs_help]
    if helped:
        html.append(f"<h3>{h.t('need_help_title')}</h3><ul>")
        for s in helped:
            why = []
            for reason in s.reasons:
                if reason == "overall":
                    why.append(h.t("reason_overall", p=h.pct(s.first_percent)))
                else:
                    topic = reason.split(":", 1)[1]
                    why.append(
                        h.t("reason_topic", topic=h.catalog.topic_name(topic, h.lang), p=h.pct(s.topics.get(topic)))
                    )
            html.append(f"<li><b>{escape(s.nickname)}</b> ({h.klass(s.class_code)}): {'; '.join(why)}</li>")
        html.append("</ul>")
    topics = h.catalog.topics_in_order({t for s in report.students for t in s.topics})
    head = [
        (h.t("nickname"), False),
        (h.t("class"), False),
        (h.t("attempts"), True),
        (h.t("first_score"), True),
        (h.t("best_score"), True),
        (h.t("time"), True),
    ]
    head += [(h.topic(t), True) for t in topics]
    head += [(h.t("hits"), False), (h.t("needs_help"), False)]
    rows = []
    for s in report.students:
        untimed = f' <span class="untimed">{h.t("untimed_mark")}</span>' if s.untimed else ""
        cells = [
            f"<b>{escape(s.nickname)}</b>{untimed}",
            h.klass(s.class_code),
            str(s.attempts),
            h.pct(s.first_percent),
            h.pct(s.best_percent),
            h.num(s.minutes, 0),
        ]
        cells += [h.pct(s.topics.get(t)) for t in topics]
        cells.append(", ".join(f"{h.drug(d)} ×{n}" for d, n in s.hits.items()) or "—")
        cells.append(f'<span class="help">⚑ {h.t("yes")}</span>' if s.needs_help else "")
        rows.append(cells)
    html.append(_table(head, rows, "students") if rows else f'<p class="empty">{h.t("no_data")}</p>')
    note = h.t("students_note")
    if any(s.untimed for s in report.students):
        note += " " + h.t("untimed_note")
    html.append(f'<p class="note">{note}</p></section>')
    return "".join(html)


def _option_name(item: Item, option_id: str, h: _Html) -> str:
    """A lettered option by its letter (its wording is in the question); true/false and a spot item's
    flagged/not_flagged in words, never as the stored token."""
    if option_id in ("true", "false"):
        return h.catalog.text(f"quiz.{option_id}", h.lang)
    if len(option_id) == 1:
        return option_id.upper()
    return h.catalog.option_text(item.question_id, option_id, h.lang)


def _options(item: Item, h: _Html) -> str:
    out = []
    for i, o in enumerate(item.options):
        if not o.option_id:
            label = h.t("no_answer")
        else:
            label = escape(_option_name(item, o.option_id, h)) + (" ✓" if o.correct else "")
        width = max(1, round(o.percent * 0.9))
        out.append(
            f'<div class="opt{" key" if o.correct else ""}"><span class="lab">{label}</span>'
            f'<span class="bar" style="width:{width}px"></span><span>{o.percent:.0f}% ({o.count})</span></div>'
        )
    return "".join(out)


def _flag_legend(report: Report, h: _Html) -> str:
    """What each flag means, and from how many answers flags are shown at all."""
    from game.reports.build import FLAGS

    rows = "".join(
        f'<dt><span class="flag">⚠ {h.t("flag_" + f)}</span></dt><dd>{h.t("about_flag_" + f)}</dd>' for f in FLAGS
    )
    return (
        f'<div class="legend"><h3>{h.t("flag_legend")}</h3>'
        f'<p class="note">{h.t("flags_min_n", n=f"{report.thresholds.min_n:.0f}")}</p>'
        f'<dl class="gloss">{rows}</dl></div>'
    )


def _items(report: Report, h: _Html) -> str:
    html = [
        '<section id="questions">',
        f"<h2>{h.t('questions_title')}</h2>",
        f'<p class="note">{h.t("questions_note")}</p>',
    ]
    if not report.items:
        return "".join(html) + f'<p class="empty">{h.t("no_data")}</p></section>'
    html.append(_flag_legend(report, h))
    items = report.items
    shown = list(reversed(items))  # a horizontal chart draws its first label at the bottom
    labels = [
        h.catalog.short_prompt(i.question_id, h.lang)
        + ("" if i.role == "level" else f" ({h.catalog.text('report.role_' + i.role, h.lang)})")
        for i in shown
    ]
    values: list[BarValue] = [
        None
        if i.facility is None
        else {"value": i.facility, "color": "#e39b1b" if {"too_easy", "too_hard"} & set(i.flags) else "#2f6db5"}
        for i in shown
    ]
    svg = bar_chart(
        labels,
        [(h.catalog.text("report.facility", h.lang), values)],
        horizontal=True,
        height=70 + 26 * len(items),
        width=900,
        legend=False,
        fit_wide_labels=True,
    )
    html.append(f"<h3>{h.t('facility')}</h3>")
    html.append(f'<p class="note">{h.t("facility_note")}</p>')
    html.append(_chart(svg, h.t("facility")))
    by_level: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        by_level.setdefault((item.level_id, item.role), []).append(item)
    tests = {(t.level_id, t.role): t for t in report.tests}
    for (level_id, role), members in sorted(by_level.items(), key=lambda kv: (ROLE_ORDER.get(kv[0][1], 1), kv[0][0])):
        test = tests.get((level_id, role))
        html.append(f"<h3>{h.level(level_id, role)}</h3>")
        if test:
            line = h.t("test_line", n=test.n, k=test.items, mean=h.pct(test.mean_percent), alpha=h.num(test.alpha, 2))
            if test.alpha is not None and round(test.alpha, 2) < 0:  # a negative alpha needs words, not just a sign
                line += " " + h.t("alpha_negative")
            html.append(f'<p class="note">{line}</p>')
        rows = []
        for i in members:
            prompt = escape(h.catalog.prompt(i.question_id, h.lang))
            flags = "".join(f'<span class="flag">⚠ {h.t("flag_" + f)}</span>' for f in i.flags) or (
                f'<span class="q">{h.t("too_few_short")}</span>'
                if i.n < report.thresholds.min_n
                else '<span class="ok">✓</span>'
            )
            rows.append(
                [
                    f'{prompt}<div class="q">{escape(i.question_id)}</div>',
                    h.topic(i.topic),
                    str(i.n),
                    h.num(i.facility),
                    h.num(i.discrimination_index),
                    h.num(i.discriminative_efficiency),
                    h.num(i.median_ms / 1000 if i.median_ms is not None else None, 1),
                    _options(i, h),
                    flags,
                ]
            )
        html.append(
            _table(
                [
                    (h.t("question"), False),
                    (h.t("topic"), False),
                    ("n", True),
                    (h.t("facility_short"), True),
                    (h.t("di_short"), True),
                    (h.t("de_short"), True),
                    (h.t("median_seconds"), True),
                    (h.t("choices"), False),
                    (h.t("flags"), False),
                ],
                rows,
            )
        )
    html.append("</section>")
    return "".join(html)


def _grid(cells: list[Mastery], keys: list[str], name: Any, h: _Html, first_label: str) -> str:
    rows: dict[tuple[str, str | None], dict[str, Mastery]] = {}
    for m in cells:
        rows.setdefault((m.class_code, m.nickname), {})[m.key] = m
    body = []
    for (class_code, nickname), by_key in rows.items():
        who = (
            f"<b>{h.klass(class_code)}</b>"
            if nickname is None
            else f'{escape(nickname)} <span class="q">{h.klass(class_code)}</span>'
        )
        cells_html = []
        for key in keys:
            cell = by_key.get(key)
            if cell is None or cell.percent is None:
                cells_html.append('<td class="c">—</td>')
                continue
            p = cell.percent
            shade = "#f6c9bd" if p < 50 else "#fbe7b5" if p < 75 else "#cdebd9"
            mark = " ⚑" if p < 50 else ""
            cells_html.append(f'<td class="c" style="background:{shade}">{p:.0f}%{mark}</td>')
        body.append(f"<tr><td>{who}</td>{''.join(cells_html)}</tr>")
    head = "".join(f'<th class="n">{name(k)}</th>' for k in keys)
    return f'<table class="heat"><thead><tr><th>{first_label}</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _topics(report: Report, h: _Html) -> str:
    html = ['<section id="topics">', f"<h2>{h.t('topics_title')}</h2>", f'<p class="note">{h.t("topics_note")}</p>']
    if not report.topics:
        return "".join(html) + f'<p class="empty">{h.t("no_data")}</p></section>'
    topics = h.catalog.topics_in_order({m.key for m in report.topics})
    class_rows = [m for m in report.topics if m.nickname is None]
    classes = sorted({m.class_code for m in class_rows})[:6]
    series = []
    for code in classes:
        by = {m.key: m.percent for m in class_rows if m.class_code == code}
        series.append((code or h.catalog.text("report.no_class", h.lang), [by.get(t) for t in topics]))
    svg = bar_chart([h.catalog.topic_name(t, h.lang) for t in topics], series, height=320)
    html.append(_chart(svg, h.t("topics_title")))
    html.append(_grid(report.topics, topics, h.topic, h, h.t("who")))
    if report.drugs:
        drugs = sorted({m.key for m in report.drugs})
        html.append(f"<h3>{h.t('drugs_title')}</h3>")
        html.append(_grid(report.drugs, drugs, h.drug, h, h.t("who")))
    html.append("</section>")
    return "".join(html)


def _gain(report: Report, h: _Html) -> str:
    district = report.district is not None
    note = h.t("gain_district_note" if district else "gain_note")
    html = ['<section id="gain">', f"<h2>{h.t('gain_title')}</h2>", f'<p class="note">{note}</p>']
    # a district shows the everyone rows per course: hundreds of site/class rows and anonymous students help nobody
    groups = [g for g in report.gain_classes if g.class_code is None] if district else report.gain_classes
    if not groups:
        return "".join(html) + f'<p class="empty">{h.t("no_gain")}</p></section>'
    labels = [
        f"{h.catalog.track_title(g.track_id, h.lang)} · {g.class_code if g.class_code is not None else h.catalog.text('report.all_classes', h.lang)}"
        for g in groups
    ]
    svg = bar_chart(
        labels,
        [
            (h.catalog.text("report.pre", h.lang), [g.pre_percent for g in groups]),
            (h.catalog.text("report.post", h.lang), [g.post_percent for g in groups]),
        ],
        height=320,
    )
    html.append(_chart(svg, h.t("gain_title")))
    html.append(
        _table(
            [
                (h.t("track"), False),
                (h.t("class"), False),
                ("n", True),
                (h.t("pre"), True),
                (h.t("post"), True),
                (h.t("gain_g"), True),
                (h.t("mean_g"), True),
            ],
            (
                [
                    escape(h.catalog.track_title(g.track_id, h.lang)),
                    h.klass(g.class_code),
                    str(g.n),
                    h.pct(g.pre_percent),
                    h.pct(g.post_percent),
                    h.num(g.gain, 2),
                    h.num(g.mean_gain, 2),
                ]
                for g in groups
            ),
        )
    )
    if any(g.gain is not None and round(g.gain, 2) < 0 for g in groups):
        html.append(f'<p class="note">{h.t("gain_negative")}</p>')
    if district:
        return "".join(html) + "</section>"
    html.append(f"<h3>{h.t('gain_students')}</h3>")
    html.append(
        _table(
            [
                (h.t("nickname"), False),
                (h.t("class"), False),
                (h.t("track"), False),
                (h.t("pre"), True),
                (h.t("post"), True),
                (h.t("gain_g"), True),
            ],
            (
                [
                    f"<b>{escape(g.nickname)}</b>",
                    h.klass(g.class_code),
                    escape(h.catalog.track_title(g.track_id, h.lang)),
                    h.pct(g.pre_percent),
                    h.pct(g.post_percent),
                    h.num(g.gain, 2),
                ]
                for g in report.gain_students
            ),
        )
    )
    if any(g.gain is not None and round(g.gain, 2) < 0 for g in report.gain_students):
        html.append(f'<p class="note">{h.t("gain_negative_student")}</p>')
    html.append("</section>")
    return "".join(html)


def _glossary(h: _Html) -> str:
    terms = ("facility", "discrimination", "efficiency", "alpha", "gain_g", "first_score")
    body = "".join(f"<dt>{h.t(term)}</dt><dd>{h.t('about_' + term)}</dd>" for term in terms)
    return f'<section id="glossary"><h2>{h.t("glossary")}</h2><dl class="gloss">{body}</dl></section>'


# -- the district report (report.district is set): sites, age groups, city-wide weak spots, weeks ------------
def _district_sites(d: District, only_site: str | None) -> list[tuple[str, Overview | None]]:
    """Sites with data, then (for all sites) those whose devices synced but had nobody in the filter."""
    rows: list[tuple[str, Overview | None]] = [(o.class_code or "", o) for o in d.sites]
    if only_site is None:
        seen = {site for site, _ in rows}
        rows += [(site, None) for site in sorted(set(d.devices) | set(d.last_sync)) if site not in seen]
    return rows


def _local_time(utc: str | None, tz: str) -> str:
    """A sync time (UTC ISO) in the report's time zone, minutes only; as given when it cannot be read."""
    if not utc:
        return ""
    import datetime as dt
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        when = dt.datetime.fromisoformat(utc)
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        return when.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
    except (ValueError, ZoneInfoNotFoundError):  # a malformed time or an unknown zone: show it as it came
        return utc.replace("T", " ")


def _district_overview(report: Report, d: District, h: _Html) -> str:
    o = report.total
    sites = _district_sites(d, report.meta.get("district", {}).get("site"))
    devices = sum(d.devices.get(site, 0) for site, _ in sites)
    cards = [
        (str(o.students), h.t("students")),
        (f"{o.finished_sessions} / {o.sessions}", h.t("sessions_finished")),
        (str(report.answers), h.t("answers")),
        (h.pct(o.mean_percent), h.t("mean_score")),
        (str(len(sites)), h.t("sites")),
        (str(devices), h.t("devices")),
        (str(len(report.classes())), h.t("classes")),
        (h.pct(o.pass_rate), h.t("pass_rate", cut=f"{report.thresholds.pass_percent:.0f}")),
    ]
    html = ['<section id="district-overview">', f"<h2>{h.t('district_overview')}</h2>", '<div class="cards">']
    html += [f'<div class="card"><div class="v">{v}</div><div class="k">{k}</div></div>' for v, k in cards]
    html.append("</div>")
    html.append(f'<p class="note">{h.t("district_note")}</p></section>')
    return "".join(html)


def _group_table(
    first: str,
    groups: Sequence[tuple[str, Overview | None]],
    h: _Html,
    thresholds: Any,
    extra_head: Sequence[tuple[str, bool]] = (),
    extra: list[list[str]] | None = None,
) -> str:
    """One row per site or age group (name as html): the class overview's figures, then extra cells."""
    head = [
        (first, False),
        (h.t("students"), True),
        (h.t("participation"), True),
        (h.t("sessions"), True),
        (h.t("mean_score"), True),
        (h.t("pass_rate", cut=f"{thresholds.pass_percent:.0f}"), True),
        *extra_head,
    ]
    rows = []
    for i, (name, o) in enumerate(groups):
        cells = (
            [name, "0", "—", "0", "—", "—"]
            if o is None
            else [
                name,
                str(o.students),
                h.pct(o.participation),
                str(o.sessions),
                h.pct(o.mean_percent),
                h.pct(o.pass_rate),
            ]
        )
        rows.append(cells + (extra[i] if extra else []))
    return _table(head, rows, "groups")


def _district_groups(report: Report, d: District, h: _Html) -> str:
    sites = _district_sites(d, report.meta.get("district", {}).get("site"))
    html = ['<section id="district-sites">', f"<h2>{h.t('sites_title')}</h2>"]
    if not sites:
        html.append(f'<p class="empty">{h.t("no_data")}</p>')
    else:
        synced = []
        for site, _ in sites:
            last = _local_time(d.last_sync.get(site), d.timezone)
            synced.append([str(d.devices.get(site, 0)), escape(last) if last else h.t("never_synced")])
        html.append(
            _group_table(
                h.t("site"),
                [(f"<b>{escape(s)}</b>", o) for s, o in sites],
                h,
                report.thresholds,
                [(h.t("devices"), True), (h.t("last_sync"), True)],
                synced,
            )
        )
        html.append(f'<p class="note">{h.t("sites_note", tz=d.timezone)}</p>')
        scored = [(s, o) for s, o in sites if o is not None and o.mean_percent is not None]
        if scored:
            shown = list(reversed(scored))  # a horizontal chart draws its first label at the bottom
            svg = bar_chart(
                [s for s, _ in shown],
                [(h.catalog.text("report.mean_score", h.lang), [o.mean_percent for _, o in shown])],
                horizontal=True,
                height=90 + 34 * len(shown),
                legend=False,
                fit_wide_labels=True,
            )
            html.append(f"<h3>{h.t('site_scores')}</h3>" + _chart(svg, h.t("site_scores")))
    html.append("</section>")

    html += ['<section id="district-ages">', f"<h2>{h.t('ages_title')}</h2>"]
    ages = [
        (
            escape(h.catalog.text(f"age.{o.class_code}", h.lang))
            if f"age.{o.class_code}" in h.catalog.strings
            else escape(o.class_code or ""),
            o,
        )
        for o in by_age(d.age_groups)
    ]
    html.append(
        _group_table(h.t("age_group"), ages, h, report.thresholds) if ages else f'<p class="empty">{h.t("no_data")}</p>'
    )
    html.append("</section>")
    return "".join(html)


def _weakest(title: str, rows: list[Mastery], name: Any, h: _Html) -> str:
    """Weakest first, as bars (weakest on top) and as a table with the counts behind each share."""
    html = [f"<h3>{h.t(title)}</h3>"]
    scored = [m for m in rows if m.percent is not None]
    if scored:
        shown = list(reversed(scored))
        values: list[BarValue] = [
            {"value": m.percent, "color": "#b5523b" if m.percent < 50 else "#2f6db5"}
            for m in shown
            if m.percent is not None  # always (scored), said again for the type checker
        ]
        svg = bar_chart(
            [
                h.catalog.topic_name(m.key, h.lang) if name == "topic" else h.catalog.drug_name(m.key, h.lang)
                for m in shown
            ],
            [(h.catalog.text("report.share_right", h.lang), values)],
            horizontal=True,
            height=90 + 30 * len(shown),
            legend=False,
            fit_wide_labels=True,
        )
        html.append(_chart(svg, h.t(title)))
    label = h.t("topic" if name == "topic" else "drug")
    body = []
    for m in rows:
        mark = ' <span class="help">⚑</span>' if m.percent is not None and m.percent < 50 else ""
        body.append(
            [(h.topic(m.key) if name == "topic" else h.drug(m.key)) + mark, str(m.n), str(m.correct), h.pct(m.percent)]
        )
    html.append(
        _table(
            [(label, False), (h.t("answered"), True), (h.t("right"), True), (h.t("share_right"), True)], body, "groups"
        )
    )
    return "".join(html)


def _district_weak(d: District, h: _Html) -> str:
    html = [
        '<section id="district-weakest">',
        f"<h2>{h.t('weak_title')}</h2>",
        f'<p class="note">{h.t("weak_note")}</p>',
    ]
    if not d.topics and not d.drugs:
        html.append(f'<p class="empty">{h.t("no_data")}</p>')
    if d.topics:
        html.append(_weakest("weak_topics", d.topics, "topic", h))
    if d.drugs:
        html.append(_weakest("weak_drugs", d.drugs, "drug", h))
    html.append("</section>")
    return "".join(html)


def _district_trend(d: District, h: _Html) -> str:
    html = [
        '<section id="district-trend">',
        f"<h2>{h.t('trend_title')}</h2>",
        f'<p class="note">{h.t("trend_note", tz=d.timezone)}</p>',
    ]
    if not d.weeks:
        return "".join(html) + f'<p class="empty">{h.t("no_data")}</p></section>'
    text = h.catalog.text
    labels = [w.week for w in d.weeks]
    week_axis = text("report.week", h.lang)
    score = line_chart(
        labels,
        [(text("report.mean_score", h.lang), [w.mean_percent for w in d.weeks])],
        y_title=text("report.score_axis", h.lang),
        x_title=week_axis,
    )
    html.append(f"<h3>{h.t('trend_score')}</h3>" + _chart(score, h.t("trend_score")))
    students = bar_chart(
        labels,
        [(text("report.students", h.lang), [w.students for w in d.weeks])],
        percent=False,
        height=260,
        legend=False,
        y_title=text("report.students", h.lang),
        x_title=week_axis,
    )
    html.append(f"<h3>{h.t('trend_students')}</h3>" + _chart(students, h.t("trend_students")))
    html.append(
        _table(
            [
                (h.t("week"), False),
                (h.t("students"), True),
                (h.t("sessions"), True),
                (h.t("attempts"), True),
                (h.t("mean_score"), True),
            ],
            (
                [escape(w.week), str(w.students), str(w.sessions), str(w.attempts), h.pct(w.mean_percent)]
                for w in d.weeks
            ),
            "groups",
        )
    )
    html.append("</section>")
    return "".join(html)


def _district_sections(report: Report, d: District, h: _Html) -> list[str]:
    """Instead of the class overview, the student table and the per-student topic grid."""
    return [
        _district_overview(report, d, h),
        _district_groups(report, d, h),
        _district_weak(d, h),
        _district_trend(d, h),
    ]


def render_html(report: Report, catalog: Any, lang: str = "zh-CN") -> str:
    h = _Html(catalog, lang)
    f = report.filters
    scope = [h.t("filter_class", v=f.class_code) if f.class_code else h.t("all_classes")]
    if f.age_group:
        scope.append(h.t("filter_age", v=catalog.text(f"age.{f.age_group}", lang)))
    if f.start or f.end:
        # the dates as the teacher typed them (local); the filter itself holds UTC bounds
        scope.append(
            h.t(
                "filter_dates",
                a=report.meta.get("from") or (f.start or "…")[:10],
                b=report.meta.get("to") or (f.end or "…")[:10],
            )
        )
    if f.track_id:
        scope.append(h.t("filter_track", v=catalog.track_title(f.track_id, lang)))
    if f.level_id:
        scope.append(h.t("filter_level", v=catalog.level_title(f.level_id, lang)))
    title = h.t("title")
    d = report.district
    if d is not None:
        title = h.t("district_title")
        where = report.meta.get("district", {})
        site = where.get("site")
        scope[0] = h.t("district_site", v=site) if site else h.t("district_all_sites")
        if f.class_code:
            scope.insert(1, h.t("filter_class", v=f.class_code))
        if where.get("server"):
            scope.insert(0, h.t("district_server", v=where["server"]))
    from game.reports import html_insight as more  # refusal skills, "check these", the re-test weeks later

    body = (
        _district_sections(report, d, h) + [more.district_skills(report, h)]
        if d is not None
        else [_overview(report, h), more.check(report, h), _students(report, h), more.skills(report, h)]
    )
    body += [_items(report, h)] + ([] if d is not None else [_topics(report, h)]) + [_gain(report, h)]
    body += [] if d is not None else [more.retention(report, h)]
    parts = [
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{title}</h1>",
        f'<p class="meta">{" · ".join(scope)}</p>',
        f'<p class="meta">{h.t("generated", at=report.generated_at.replace("T", " "), n=report.answers)}</p></header>',
        *body,
        _glossary(h),
        "</body></html>\n",
    ]
    return "\n".join(parts)
