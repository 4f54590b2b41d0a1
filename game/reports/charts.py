"""SVG charts for the HTML report, drawn by pygal and made safe to inline.

pygal (LGPL, maintained) draws labelled bar charts as plain SVG. Its output is cleaned for a
self-contained file that works offline: its inline config <script> and comments are removed
(the charts need no JavaScript; labels, values and axes are all drawn as SVG text), as are the
xmlns URLs an inline <svg> in HTML does not need. Labels go through pygal's XML writer, so a
nickname or class code like <script> is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

FONT = '"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif'
COLORS = ("#2f6db5", "#e39b1b", "#3a9a6e", "#b5523b", "#7b5ea7", "#5a6b7d")
_STRIP = (
    re.compile(r"<script\b.*?</script>", re.DOTALL),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r'\s+xmlns(:\w+)?="[^"]*"'),
)


def _style():
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#bbb",
        colors=COLORS,
        opacity="1",
        opacity_hover="1",
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        legend_font_size=14,
        title_font_size=16,
        tooltip_font_size=12,
        value_label_font_size=12,
    )


def clean(svg: str) -> str:
    for pattern in _STRIP:
        svg = pattern.sub("", svg)
    return svg


def wide_room(labels: Iterable[str], font_size: int = 13) -> int:
    """Pixels pygal's label estimate (0.6 em a character) falls short by for the longest run of
    full-width (Chinese) characters in a label: such a character is about 1 em wide."""
    from unicodedata import east_asian_width

    wide = max((sum(east_asian_width(c) in "WF" for c in label) for label in labels), default=0)
    return round(wide * 0.45 * font_size)


# one bar: its value (None: no bar), or pygal's {"value": v, "color": c} for a bar of its own colour
BarValue = float | dict[str, Any] | None


def _number(value: BarValue) -> float | None:
    return value.get("value") if isinstance(value, dict) else value


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def bar_chart(
    labels: Sequence[str],
    series: Iterable[tuple[str, Sequence[BarValue]]],
    *,
    horizontal: bool = False,
    width: int = 900,
    height: int = 360,
    percent: bool = True,
    max_value: float | None = None,
    legend: bool = True,
    y_title: str = "",
    x_title: str = "",
    fit_wide_labels: bool = False,
) -> str:
    """A labelled bar chart (vertical, or horizontal for long lists) as inline SVG.

    fit_wide_labels: pygal sizes the label column of a horizontal chart for Latin letters, so a Chinese
    label loses its first characters off the left edge; this widens the left margin to fit them."""
    import pygal

    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    series = list(series)
    top = (
        max_value
        if max_value is not None
        else (100 if percent else max([n for _, vs in series for v in vs if (n := _number(v)) is not None] + [1]))
    )
    chart = kind(
        js=[],
        style=_style(),
        disable_xml_declaration=True,
        width=width,
        height=height,
        explicit_size=False,
        range=(0, top),
        print_values=True,
        print_values_position="top",
        show_legend=legend and len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=_pct if percent else (lambda v: "" if v is None else f"{v:g}"),
        show_y_guides=True,
        show_x_guides=False,
        margin=12,
        spacing=8,
        y_title=y_title or None,
        x_title=x_title or None,
        x_label_rotation=0,
        include_x_axis=True,
        tooltip_border_radius=4,
        **({"margin_left": 12 + wide_room(labels)} if fit_wide_labels and horizontal else {}),
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    svg = clean(chart.render(is_unicode=True))
    return _values_beside_bars(svg, top) if horizontal else svg


_VALUE = re.compile(r'<text text-anchor="middle" x="([0-9.]+)" y="([0-9.]+)" class="value">([^<]*)</text>')


def _values_beside_bars(svg: str, top: float) -> str:
    """pygal centres a horizontal bar's value on the bar's end, half on the bar and half off it, where
    it is hard to read: put it just after the end, or just inside in white when the bar is near full."""

    def place(m: re.Match) -> str:
        x, y, label = float(m.group(1)), m.group(2), m.group(3)
        try:
            value = float(label.rstrip("%"))
        except ValueError:
            return m.group(0)
        if top and value / top > 0.85:
            return f'<text text-anchor="end" x="{x - 6:.1f}" y="{y}" class="value" style="fill:#fff">{label}</text>'
        return (
            f'<text text-anchor="start" x="{x + 6:.1f}" y="{y}" class="value"'  # a white halo hides the guide lines
            f' style="paint-order:stroke;stroke:#fff;stroke-width:3px">{label}</text>'
        )

    return _VALUE.sub(place, svg)


def line_chart(
    labels: Sequence[str],
    series: Iterable[tuple[str, Sequence[float | None]]],
    *,
    width: int = 900,
    height: int = 340,
    y_title: str = "",
    x_title: str = "",
) -> str:
    """A labelled line of percentages over time (a gap where a value is None), as inline SVG.

    With many points the values are left off (the axis and the table beside it carry them) and the
    x labels are slanted so they do not run into each other."""
    import pygal

    series = list(series)
    many = len(labels) > 12
    style = _style()
    style.stroke_width, style.stroke_opacity = "3", "1"  # pygal's 1 px line is hard to see on paper
    chart = pygal.Line(
        js=[],
        style=style,
        disable_xml_declaration=True,
        width=width,
        height=height,
        explicit_size=False,
        range=(0, 100),
        print_values=not many,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        truncate_label=-1,
        truncate_legend=-1,
        show_y_guides=True,
        show_x_guides=False,
        margin=12,
        margin_left=20,
        margin_right=44,
        spacing=8,
        y_title=y_title or None,
        x_title=x_title or None,
        x_label_rotation=35 if many else 0,
        include_x_axis=True,
        dots_size=4,
        allow_interruptions=True,
        value_formatter=_pct,
        tooltip_border_radius=4,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return _values_above_dots(clean(chart.render(is_unicode=True)))


_DOT_VALUE = re.compile(r'<text text-anchor="left" x="([0-9.]+)" y="([0-9.]+)" class="value">([^<]*)</text>')


def _values_above_dots(svg: str) -> str:
    """pygal writes a line's value below and right of its dot, across the line: centre it above the dot."""

    def place(m: re.Match) -> str:
        x, y = float(m.group(1)) - 12, float(m.group(2)) - 26  # pygal puts it 12 px right of and 16 px below the dot
        return (
            f'<text text-anchor="middle" x="{x:.1f}" y="{y:.1f}" class="value"'
            f' style="paint-order:stroke;stroke:#fff;stroke-width:3px">{m.group(3)}</text>'
        )

    return _DOT_VALUE.sub(place, svg)
