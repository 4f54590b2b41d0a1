"""Files for teachers: the answer export, the report's CSV folder and its HTML, as a person opens them."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.cli import main
from game.devtools.simulate import simulate
from game.store import Store

EXPORT_COLUMNS = [
    "attempt_id",
    "player",
    "class_code",
    "age_group",
    "level_id",
    "question_id",
    "chosen",
    "correct",
    "score",
    "max_score",
    "response_ms",
    "answered_at",
    "role",
    "position",
    "session_id",
    "session_started_at",
    "lang",
    "mode",
]
ITEM_COLUMNS = ["question_id", "n", "facility", "discrimination_index", "discriminative_efficiency"]
EVIL = "<script>alert(1)</script>"
QUOTED = '熊"猫,07'  # a quote and a comma inside a nickname


def chinese_class(shipped_content) -> list[str]:
    from game.devtools.simulate import class_nicknames

    return class_nicknames(shipped_content, "七年级2班", 9, "zh-CN")


@pytest.fixture(scope="module")
def db(tmp_path_factory, shipped_content):
    """Two simulated classes plus a student with a Chinese nickname and one with markup in it."""
    path = tmp_path_factory.mktemp("files") / "g.sqlite3"
    store = Store.open(path)
    simulate(store, shipped_content, "7B", 12, seed=1)
    simulate(store, shipped_content, "七年级2班", 9, seed=2)  # Chinese nicknames from content/nicknames.yaml
    for nickname, class_code in ((EVIL, "7B"), ("=1+2", "7B"), (QUOTED, "7B")):
        player = store.add_player(nickname, class_code, "junior")
        session = store.start_session(player, "junior", "zh-CN", "v", "0")
        attempt = store.start_attempt(session, "junior-recognise", "quiz")
        store.record_answer(attempt, "jq-meth-look", ["c"], True, 10, 10, 3000)
        store.record_answer(attempt, "jq-synth-forms", ["a", "c"], True, 10, 10, 5000)
        store.finish_attempt(attempt, 20, 20, True)
        store.end_session(session, "finished")
    store.close()
    return path


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


def test_export_csv_has_exact_columns_and_round_trips_chinese(db, tmp_path, shipped_content):
    out = tmp_path / "answers.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(out)]) == 0
    assert header(out) == EXPORT_COLUMNS
    rows = read_csv(out)
    store = Store.open(db)
    try:
        assert len(rows) == store.answer_count()
    finally:
        store.close()
    chinese = set(chinese_class(shipped_content))
    assert {r["player"] for r in rows if r["class_code"] == "七年级2班"} == chinese
    assert any(r["player"] == EVIL for r in rows)
    assert any(r["player"] == QUOTED for r in rows)  # quotes and commas survive
    assert any(r["player"] == "'=1+2" for r in rows)  # a formula is defused for spreadsheets
    multi = [r for r in rows if r["question_id"] == "jq-synth-forms" and r["player"] == EVIL]
    assert multi[0]["chosen"] == "a|c" and multi[0]["correct"] == "1"
    for r in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["answered_at"])
        assert r["correct"] in ("0", "1") and int(r["score"]) <= int(r["max_score"])


def test_export_json_and_filters(db, tmp_path):
    out = tmp_path / "answers.json"
    assert main(["export", "--db", str(db), "--format", "json", "--out", str(out), "--class", "七年级2班"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data and {r["class_code"] for r in data} == {"七年级2班"}
    assert list(data[0]) == EXPORT_COLUMNS and isinstance(data[0]["correct"], bool)
    one = tmp_path / "one.csv"
    assert main(["export", "--db", str(db), "--out", str(one), "--player", EVIL]) == 0
    assert {r["player"] for r in read_csv(one)} == {EVIL}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_device_id_is_exported_only_when_asked_for(db, tmp_path, fmt):
    """A device id links one child's sessions under different nicknames: a student's data is a nickname or seat, a
    class code and an age group. Only `--with-device` (to recheck the device-burst flags) adds it."""
    store = Store.open(db)
    try:
        devices = {d for (d,) in store.conn.execute("SELECT device FROM sessions")} - {""}
    finally:
        store.close()
    assert devices

    def export(*extra):
        out = tmp_path / f"{len(extra)}-{'-'.join(extra)}.{fmt}"
        assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out), *extra]) == 0
        raw = out.read_text(encoding="utf-8-sig")
        rows = read_csv(out) if fmt == "csv" else json.loads(raw)
        return raw, rows

    for extra in ((), ("--player", EVIL)):
        raw, rows = export(*extra)
        assert rows and "device" not in rows[0]
        assert not any(d in raw for d in devices)
    raw, rows = export("--with-device")
    assert list(rows[0]) == EXPORT_COLUMNS + ["device"] and {r["device"] for r in rows} <= devices | {""}
    assert {r["device"] for r in rows} & devices


def test_report_csv_folder(db, tmp_path, shipped_content):
    out = tmp_path / "csv"
    assert main(["report", "--db", str(db), "--format", "csv", "--out", str(out)]) == 0
    for name in ("overview.csv", "students.csv", "items.csv", "topics.csv", "gain.csv"):
        assert (out / name).is_file(), name
        read_csv(out / name)  # BOM, parses
    assert header(out / "items.csv")[:5] == ITEM_COLUMNS
    items = read_csv(out / "items.csv")
    assert {r["question_id"] for r in items} >= {"jq-meth-look", "jq-law-357"}
    for r in items:
        assert 0 <= float(r["facility"]) <= 100 and int(r["n"]) > 0
    students = read_csv(out / "students.csv")
    assert {s["nickname"] for s in students} >= {EVIL, "'=1+2", QUOTED, *chinese_class(shipped_content)}
    assert len(students) == 12 + 9 + 3
    overview = read_csv(out / "overview.csv")
    assert overview[0]["scope"] == "all" and {o["class_code"] for o in overview[1:]} == {"7B", "七年级2班"}
    gain = read_csv(out / "gain.csv")
    assert gain and gain[0]["scope"] == "all" and float(gain[0]["gain"]) != 0
    topics = read_csv(out / "topics.csv")
    assert {t["kind"] for t in topics} == {"topic", "drug"}


class Page(HTMLParser):
    """Collects text, tags and every attribute that could fetch something."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data") and value:
                self.links.append(value)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_report_html_is_self_contained_and_complete(db, tmp_path, shipped_content, lang):
    out = tmp_path / f"report-{lang}.html"
    assert main(["report", "--db", str(db), "--format", "html", "--out", str(out), "--lang", lang]) == 0
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    text = "".join(page.text)
    assert "script" not in page.tags and "iframe" not in page.tags and "link" not in page.tags
    assert page.links == []
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", html, re.I)
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "svg" in page.tags
    store = Store.open(db)
    try:
        nicknames = {p["nickname"] for p in store.players()}
        # scored questions: an unscored one (the norms estimate, max_score 0) has no item figures
        questions = {a.question_id for a in store.answers() if a.max_score > 0}
    finally:
        store.close()
    for nickname in nicknames:
        assert nickname in text, nickname
    from game.reports.catalog import Catalog

    catalog = Catalog.from_content(shipped_content)  # quiz questions, scenario decision points, spot items
    for qid in questions:
        assert qid in text, qid
        assert catalog.prompt(qid, lang) in text
    title = shipped_content.strings["report.title"].get(lang)
    assert title in text
    assert ("题目分析" in text) == (lang == "zh-CN")
    assert f'<html lang="{lang}">' in html


def test_report_of_a_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "none.sqlite3"), "--out", str(tmp_path / "r.html")]) == 1
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()


def test_report_date_filter_is_shown_as_typed(db, tmp_path):
    out = tmp_path / "dated.html"
    assert (
        main(
            ["report", "--db", str(db), "--out", str(out), "--lang", "en", "--from", "2020-01-01", "--to", "2020-01-31"]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert "Dates 2020-01-01 to 2020-01-31" in html
    assert "No data in this range yet." in html  # the simulated play is recent, not in 2020


def test_horizontal_chart_values_sit_beside_the_bar_not_across_its_end():
    """pygal centres a value on the bar's end (half on the bar, hard to read): it goes after the end,
    or inside in white on a nearly full bar."""
    from game.reports.charts import bar_chart

    svg = bar_chart(["a", "b", "c"], [("facility", [5, 60, 96])], horizontal=True, legend=False)
    values = re.findall(r'<text text-anchor="(\w+)"[^>]*class="value"[^>]*>([^<]*)</text>', svg)
    assert sorted(v for _, v in values) == ["5%", "60%", "96%"]
    anchors = {v: a for a, v in values}
    assert anchors == {"5%": "start", "60%": "start", "96%": "end"}
