"""The district report in HTML and CSV, from hand-made rows (no PostgreSQL): sections, figures worked
out by hand, escaping of site ids that devices send, and a class report left as it was."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.reports.model import (
    Filters,
    GainRow,
    MasteryRow,
    Rows,
    StudentLevelRow,
    StudentRow,
    Thresholds,
)

# A device checks its own site id (letters, digits, - _ .), but the server takes what a tampered one sends.
# (No '/': the server joins site and class as "site/class".)
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_AGE = "<script>x</script>"  # an age group from a tampered device
FORMULA = "=HYPERLINK(1)"  # a site id a spreadsheet would run
DISTRICT_SECTIONS = ("district-overview", "district-sites", "district-ages", "district-weakest", "district-trend")


@pytest.fixture(scope="module")
def catalog(shipped_content):
    from game.reports.catalog import Catalog

    return Catalog.from_content(shipped_content)


def _rows() -> Rows:
    """north: h1 80 %, h2 40 % (mean 60 %, pass rate 50 %), 3 sessions; the hostile site: two students who
    never finished; the formula site: h4 100 %. Law 6 of 10 right over everyone, refusal 2 of 2."""
    north, bad, formula = "north/7A", f"{HOSTILE}/8B", f"{FORMULA}/9C"
    return Rows(
        students=[
            StudentRow(north, "h1", "junior", 2, 2, 10.0),
            StudentRow(north, "h2", "junior", 1, 1, 8.0),
            StudentRow(bad, "h3", HOSTILE_AGE, 1, 0, 0.0),
            StudentRow(bad, "h5", "primary", 1, 0, 0.0),
            StudentRow(formula, "h4", "senior", 1, 1, 5.0),
        ],
        levels=[
            StudentLevelRow(north, "h1", "l1", "level", 1, 8, 10, 8, 10),
            StudentLevelRow(north, "h2", "l1", "level", 2, 4, 10, 9, 10),
            StudentLevelRow(formula, "h4", "l1", "level", 1, 10, 10, 10, 10),
        ],
        topics=[
            MasteryRow(north, "h1", "law", 4, 3),
            MasteryRow(north, "h2", "law", 4, 1),
            MasteryRow(north, "h1", "refusal", 2, 2),
            MasteryRow(formula, "h4", "law", 2, 2),
        ],
        drugs=[MasteryRow(north, "h1", "heroin", 4, 1), MasteryRow(north, "h2", "cannabis", 2, 2)],
        gain=[GainRow(north, "h1", "junior", 4, 10, 8, 10), GainRow(north, "h2", "junior", 2, 10, 6, 10)],
        answers=42,
    )


WEEKS = [("2026-03-02", 3, 3, 3, 12, 20), ("2026-03-09", 2, 2, 2, 18, 20)]  # 60 %, then 90 %
DEVICES = {
    "north": (2, "2026-03-10T04:05:00Z"),
    HOSTILE: (1, "2026-03-09T23:30:00Z"),
    FORMULA: (1, "2026-03-08T01:00:00Z"),
    "idle-hall": (1, "2026-03-01T08:00:00Z"),
}


def _report(catalog, site: str | None = None, district: bool = True):
    from game.district.report import district_grain, district_view
    from game.reports.build import build

    rows, thresholds = (district_grain(_rows()) if district else _rows()), Thresholds()
    report = build(rows, catalog, Filters(), thresholds, "2026-03-11T00:00:00Z")
    if district:
        report.district = district_view(report, rows, WEEKS, DEVICES, thresholds, "Asia/Shanghai")
        report.meta["district"] = {"server": "district@db.example:5432", "site": site}
    return report


class _Page(HTMLParser):
    """Tags, and the text of every table row (cells stripped) under the section it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sections: list[str] = []
        self.rows: dict[str, list[list[str]]] = {}
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "section":
            self.sections.append(dict(attrs).get("id", ""))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self.sections[-1] if self.sections else "", []).append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _parse(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    return parsed


def _row(parsed: _Page, section: str, first: str) -> list[str]:
    found = [r for r in parsed.rows.get(section, []) if r and r[0] == first]
    assert found, f"no row {first!r} in {section}: {parsed.rows.get(section)}"
    return found[0]


def test_district_html_has_the_district_sections_and_not_the_student_tables(catalog):
    from game.reports.html import render_html

    page = render_html(_report(catalog), catalog, "en")
    parsed = _parse(page)
    assert "District drug-prevention report" in page and "District server district@db.example:5432" in page
    assert "All sites" in page
    for section in DISTRICT_SECTIONS + ("questions", "gain", "glossary"):
        assert section in parsed.sections, section
    # no per-student table, no class overview, no per-student topic grid: 20 000 hashes help nobody
    assert not {"students", "overview", "topics"} & set(parsed.sections)
    assert "h1" not in {cell for rows in parsed.rows.values() for row in rows for cell in row}
    # before/after: the everyone row per course, not the site/class rows or the students
    gain = parsed.rows["gain"]
    assert [r[1] for r in gain[1:]] == ["All classes"] and "Each student" not in page


def test_district_html_figures(catalog):
    from game.reports.html import render_html

    parsed = _parse(render_html(_report(catalog), catalog, "en"))
    # site, students, completion, sessions, mean, pass rate, devices, last sync (Asia/Shanghai = UTC+8)
    assert _row(parsed, "district-sites", "north") == ["north", "2", "100%", "3", "60%", "50%", "2", "2026-03-10 12:05"]
    assert _row(parsed, "district-sites", FORMULA)[1:6] == ["1", "100%", "1", "100%", "100%"]
    assert _row(parsed, "district-sites", HOSTILE)[1:6] == ["2", "0%", "2", "—", "—"]
    # a site whose device synced but that had nobody in the report still shows up, with its device
    assert _row(parsed, "district-sites", "idle-hall")[1:7] == ["0", "—", "0", "—", "—", "1"]
    # age groups youngest first, named in the report's language
    ages = [r[0] for r in parsed.rows["district-ages"][1:]]
    assert ages == [
        "Primary school (about 9–12)",
        "Junior secondary (about 12–15)",
        "Senior secondary (about 15–18)",
        HOSTILE_AGE,
    ]
    assert _row(parsed, "district-ages", ages[1])[1:6] == ["2", "100%", "3", "60%", "50%"]
    # weakest first: law 6/10 (marked under 50? no: 60 %), refusal 2/2; drugs heroin 1/4 (marked), cannabis 2/2
    weak = parsed.rows["district-weakest"]
    assert [r for r in weak if r[0] in ("The law", "Saying no")] == [
        ["The law", "10", "6", "60%"],
        ["Saying no", "2", "2", "100%"],
    ]
    heroin = catalog.drug_name("heroin", "en")
    assert [r[0] for r in weak].index(heroin + " ⚑") < [r[0] for r in weak].index(catalog.drug_name("cannabis", "en"))
    assert [r for r in parsed.rows["district-trend"] if r[0].startswith("2026-")] == [
        ["2026-03-02", "3", "3", "3", "60%"],
        ["2026-03-09", "2", "2", "2", "90%"],
    ]
    cards = {"Students": "5", "Answers": "42", "Sites": "4", "Devices": "5", "Classes": "3"}
    page = render_html(_report(catalog), catalog, "en")
    for label, value in cards.items():
        assert f'<div class="v">{value}</div><div class="k">{label}</div>' in page, label


def test_district_html_charts_are_labelled(catalog):
    from game.reports.html import render_html

    page = render_html(_report(catalog), catalog, "zh-CN")
    trend = page[page.index('<section id="district-trend">') : page.index('<section id="questions">')]
    assert trend.count("<svg") == 2  # mean score per week (line) and students per week (bars)
    for text in ("平均得分率（%）", "周（星期一的日期）", "学生人数", ">2026-03-02<", ">2026-03-09<", ">60%<", ">90%<"):
        assert text in trend, text
    assert "<script" not in page.replace("&lt;script", "")  # pygal's own script is stripped too
    sites = page[page.index('<section id="district-sites">') : page.index('<section id="district-ages">')]
    assert "各站点平均得分率" in sites and "<svg" in sites


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_district_html_escapes_site_ids_from_devices(catalog, lang):
    from game.reports.html import render_html

    page = render_html(_report(catalog), catalog, lang)
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert HOSTILE not in page and HOSTILE_AGE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert _row(parsed, "district-sites", HOSTILE) and _row(parsed, "district-ages", HOSTILE_AGE)  # shown, as text


def test_district_html_for_one_site(catalog):
    from game.reports.html import render_html

    page = render_html(_report(catalog, site="north"), catalog, "en")
    assert "Site north only" in page and "All sites" not in page
    # only the filtered site's devices are counted; a site without data is not listed for a one-site report
    assert "idle-hall" not in page


def test_class_report_has_no_district_sections(catalog, tmp_path):
    from game.reports.csvout import REPORT_FILES, write_report_csv
    from game.reports.html import render_html

    report = _report(catalog, district=False)
    page = render_html(report, catalog, "en")
    parsed = _parse(page)
    assert not [s for s in parsed.sections if s.startswith("district")] and "district" not in page.lower()
    assert {"overview", "students", "topics", "gain"} <= set(parsed.sections)
    assert "Drug-prevention learning report" in page and "Each student" in page
    files = write_report_csv(report, catalog, tmp_path / "csv", "en")
    assert [f.name for f in files] == list(REPORT_FILES)
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(REPORT_FILES)


def _read(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_district_csv_files(catalog, tmp_path):
    from game.reports.csvout import DISTRICT_FILES, REPORT_FILES, write_report_csv

    folder = tmp_path / "csv"
    files = write_report_csv(_report(catalog), catalog, folder, "zh-CN")
    assert [f.name for f in files] == list(REPORT_FILES + DISTRICT_FILES) and all(f.exists() for f in files)

    sites = {r[0]: r for r in _read(folder / "sites.csv")}
    head = sites.pop("site_id")
    north = dict(zip(head, sites["north"]))
    assert (
        north["students"],
        north["sessions"],
        north["mean_percent"],
        north["pass_rate"],
        north["devices"],
        north["last_sync_utc"],
    ) == ("2", "3", "60.00", "50.00", "2", "2026-03-10T04:05:00Z")
    assert "'" + FORMULA in sites and FORMULA not in sites  # a formula-looking site id is defused
    assert HOSTILE in sites  # plain text in a CSV: kept as it is

    ages = _read(folder / "age_groups.csv")
    assert [r[:2] for r in ages[1:]] == [
        ["primary", "小学（约9–12岁）"],
        ["junior", "初中（约12–15岁）"],
        ["senior", "高中（约15–18岁）"],
        [HOSTILE_AGE, HOSTILE_AGE],
    ]
    weeks = _read(folder / "weeks.csv")
    assert weeks == [
        ["week", "timezone", "students", "sessions", "attempts", "mean_percent"],
        ["2026-03-02", "Asia/Shanghai", "3", "3", "3", "60.00"],
        ["2026-03-09", "Asia/Shanghai", "2", "2", "2", "90.00"],
    ]
    topics = _read(folder / "city_topics.csv")
    assert topics[1:] == [["1", "law", "法律", "10", "6", "60.00"], ["2", "refusal", "拒绝技巧", "2", "2", "100.00"]]
    drugs = _read(folder / "city_drugs.csv")
    assert [r[1] for r in drugs[1:]] == ["heroin", "cannabis"] and drugs[1][3:] == ["4", "1", "25.00"]
    # the district grain: each student's totals, and topics per class (no per-student topic columns)
    students = _read(folder / "students.csv")
    assert students[0] == [
        "class_code",
        "nickname",
        "age_group",
        "sessions",
        "attempts",
        "first_percent",
        "best_percent",
        "minutes",
    ]
    assert ["north/7A", "h2", "junior", "1", "2", "40.00", "90.00", "8.0"] in students
    assert {(r[1], r[2], r[3]) for r in _read(folder / "topics.csv")[1:]} == {
        ("north/7A", "", "law"),
        ("north/7A", "", "refusal"),
        ("'" + FORMULA + "/9C", "", "law"),
        ("north/7A", "", "heroin"),
        ("north/7A", "", "cannabis"),
    }


def test_wide_labels_get_room_in_a_horizontal_chart():
    import re

    from game.reports.charts import bar_chart, wide_room

    assert wide_room(["north-school"]) == 0 and wide_room(["识别毒品", "abc"]) > 20

    def plot_left(svg: str) -> float:
        return float(re.search(r'<g transform="translate\(([0-9.]+), [0-9.]+\)" class="plot"', svg).group(1))

    labels = ["识别毒品和新型毒品", "法律"]
    plain = bar_chart(labels, [("x", [50, 60])], horizontal=True, legend=False)
    fitted = bar_chart(labels, [("x", [50, 60])], horizontal=True, legend=False, fit_wide_labels=True)
    assert plot_left(fitted) - plot_left(plain) >= wide_room(labels)


def test_line_chart_values_sit_above_their_dots():
    import re

    from game.reports.charts import line_chart

    svg = line_chart(["2026-03-02", "2026-03-09"], [("mean", [60.0, 90.0])], y_title="%", x_title="week")
    dots = [float(y) for y in re.findall(r'<circle cx="[0-9.]+" cy="([0-9.]+)"', svg)]
    values = [float(y) for y in re.findall(r'<text text-anchor="middle" x="[0-9.]+" y="([0-9.]+)" class="value"', svg)]
    assert len(dots) == len(values) == 2 and all(v < d for v, d in zip(values, dots))
    assert ">60%<" in svg and ">90%<" in svg and "week" in svg
