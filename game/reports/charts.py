"""SVG charts for the HTML report, drawn by pygal and made safe to inline.

pygal (LGPL, maintained) draws labelled bar charts as plain SVG. Its output is cleaned for a
self-contained file that works offline: its inline config <script> and comments are removed
(the charts need no JavaScript; labels, values and axes are all drawn as SVG text), as are the
xmlns URLs an inline <svg> in HTML does not need. Labels go through pygal's XML writer, so a
nickname or class code like <script> is escaped.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

FONT = '"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif'
COLORS = ("#2f6db5", "#e39b1b", "#3a9a6e", "#b5523b", "#7b5ea7", "#5a6b7d")
_STRIP = (
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r'\s+xmlns(:\w+)?="[^"]*"'),
)


def _style():
    from pygal.style import Style

    return Style(
        font_family=FONT, background="white", plot_background="white", foreground="#222",
        foreground_strong="#111", foreground_subtle="#bbb", colors=COLORS, opacity="1", opacity_hover="1",
        label_font_size=13, major_label_font_size=13, value_font_size=12, legend_font_size=14,
        title_font_size=16, tooltip_font_size=12, value_label_font_size=12,
    )


def clean(svg: str) -> str:
    for pattern in _STRIP:
        svg = pattern.sub("", svg)
    return svg


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def bar_chart(labels: Sequence[str], series: Iterable[tuple[str, Sequence[float | None]]], *, horizontal: bool = False,
              width: int = 900, height: int = 360, percent: bool = True, max_value: float | None = None,
              legend: bool = True, y_title: str = "", x_title: str = "") -> str:
    """A labelled bar chart (vertical, or horizontal for long lists) as inline SVG."""
    import pygal

    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    series = list(series)
    top = max_value if max_value is not None else (100 if percent else max([v for _, vs in series for v in vs if v is not None] + [1]))
    chart = kind(
        js=[], style=_style(), disable_xml_declaration=True, width=width, height=height, explicit_size=False,
        range=(0, top), print_values=True, print_values_position="top", show_legend=legend and len(series) > 1,
        legend_at_bottom=True, legend_at_bottom_columns=min(len(series), 4) or 1, truncate_label=-1,
        truncate_legend=-1, value_formatter=_pct if percent else (lambda v: "" if v is None else f"{v:g}"),
        show_y_guides=True, show_x_guides=False, margin=12, spacing=8, y_title=y_title or None, x_title=x_title or None,
        x_label_rotation=0, include_x_axis=True, tooltip_border_radius=4,
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
        return (f'<text text-anchor="start" x="{x + 6:.1f}" y="{y}" class="value"'  # a white halo hides the guide lines
                f' style="paint-order:stroke;stroke:#fff;stroke-width:3px">{label}</text>')

    return _VALUE.sub(place, svg)
