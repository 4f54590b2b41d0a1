"""The insight sections as a teacher sees them: the HTML report and the CSV tables in both languages, the
teacher area's skills and check tabs, and scheduling a re-test there (a fixed clock)."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from game.devtools.simulate import simulate
from game.reports.catalog import Catalog
from game.reports.collect import build_report
from game.store import Store

EVIL = "<b>x</b>=1"


@pytest.fixture(scope="module")
def simulated(tmp_path_factory, shipped_content):
    """The database, and the nicknames simulate gave the scripted students of 7B (never written here)."""
    db = tmp_path_factory.mktemp("render") / "r.sqlite3"
    store = Store.open(db)
    odd = simulate(
        store,
        shipped_content,
        "7B",
        24,
        seed=8,
        start=dt.date(2026, 9, 7),
        fast_clickers=2,
        copiers=2,
        retention_weeks=4,
    )
    simulate(store, shipped_content, EVIL, 6, seed=9, start=dt.date(2026, 9, 7), nickname_prefix=EVIL)
    store.close()
    return db, odd.fast_clickers + odd.copiers


@pytest.fixture(scope="module")
def class_db(simulated):
    return simulated[0]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_html_sections_render_in_both_languages(class_db, shipped_content, lang):
    from game.reports.html import render_html

    store = Store.open(class_db)
    catalog = Catalog.from_content(shipped_content)
    report = build_report(store, catalog)
    store.close()
    html = render_html(report, catalog, lang)
    for section in ("check", "skills", "retention"):
        assert f'<section id="{section}">' in html
    for key in ("check_title", "skills_title", "retention_title", "lines_title", "without_flagged", "check_rules"):
        assert catalog.text(f"report.{key}", lang) in html
    assert catalog.text("skill.tell_adult", lang) in html and catalog.text("report.check_fast", lang, v="")[:4] in html
    assert not re.search(r"\breport\.[a-z_]+\b", html)  # every key found its words
    assert EVIL not in html and "&lt;b&gt;x&lt;/b&gt;=1" in html  # a typed class code or nickname is escaped
    rules = report.integrity.rules.why
    assert rules["fast"][lang] in html  # the reasoning from content/integrity.yaml, in the report's language
    # the arrows pair each figure with and without the attempts to check
    assert html.count("→") >= 8


def test_the_csv_tables(class_db, simulated, shipped_content, tmp_path):
    from game.cli import main
    from game.reports.csv_insight import INSIGHT_FILES
    from game.reports.csvout import REPORT_FILES

    out = tmp_path / "csv"
    assert main(["report", "--db", str(class_db), "--format", "csv", "--out", str(out)]) == 0
    assert set(INSIGHT_FILES) <= set(REPORT_FILES) and all((out / name).exists() for name in REPORT_FILES)

    def read(name):
        with (out / name).open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    skills = read("skills.csv")
    scopes = {r["scope"] for r in skills}
    assert scopes == {"all", "class", "student"}
    everyone = {r["skill"]: r for r in skills if r["scope"] == "all"}
    assert set(everyone) == {"say_no", "give_reason", "change_subject", "leave", "tell_adult", "none"}
    assert sum(float(r["share_of_safe"]) for r in everyone.values()) == pytest.approx(100, abs=0.05)
    assert all(not r["key"].startswith("=") for r in skills)  # a class code like =1 is defused
    check = read("check.csv")
    scripted = simulated[1]  # as simulate named them
    assert len(scripted) == 4 and {r["nickname"] for r in check} == set(scripted)
    assert all(any(r[k] for k in ("fast", "same_position", "identical", "device_burst")) for r in check)
    lines = read("skill_lines.csv")
    assert lines and all(r["line"] and int(r["unsafe"]) <= int(r["n"]) for r in lines)
    plain = read("overview_checked.csv")
    assert plain[0]["scope"] == "all" and int(plain[0]["flagged_attempts"]) == len(check)
    retention = read("retention.csv")
    everyone = next(r for r in retention if r["scope"] == "all")
    assert int(everyone["took"]) > 10 and float(everyone["retention_percent"]) > 0


# -- the teacher area -----------------------------------------------------------------------------------------------------
def open_teacher(make_pilot, db, lang):
    from tests.test_teacher import type_pin

    pilot = make_pilot(lang=lang, db=db)
    pilot.tap("teacher")
    typed = 2 if pilot.scene.mode == "set" else 1  # set the PIN (typed twice), or enter the one set before
    for _ in range(typed):
        type_pin(pilot, "8024")
    assert pilot.scene.name == "teacher"
    return pilot


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_teacher_area_shows_skills_and_the_check_list(make_pilot, class_db, tmp_path, lang, shipped_content):
    import shutil

    db = tmp_path / "copy.sqlite3"
    shutil.copy(class_db, db)
    pilot = open_teacher(make_pilot, db, lang)
    report = pilot.scene.report
    pilot.tap("tab-skills")
    pilot.screenshot(tmp_path / f"skills-{lang}.png")
    pilot.tap("skills-students")
    assert pilot.scene.name == "teacher_skills_students" and pilot.scene.students
    assert all(p.decisions for p in pilot.scene.students)
    pilot.tap("back")
    pilot.tap("tab-check")
    rows = pilot.scene.rows()
    assert {nick for (_, nick), _ in rows} == {f.nickname for f in report.integrity.flags}
    pilot.tap("check-0")
    assert pilot.scene.name == "teacher_check" and pilot.scene.flags == rows[0][1]
    pilot.screenshot(tmp_path / f"check-{lang}.png")
    pilot.tap("back")
    pilot.tap("tab-overview")
    pilot.tap("tab-gain")
    assert not pilot.button("retest").enabled  # all classes: pick one first
    pilot.tap("class")
    assert pilot.scene.class_code == "7B"
    pilot.tap("tab-gain")
    assert pilot.button("retest").enabled


def test_scheduling_a_retest_in_the_teacher_area(make_pilot, class_db, tmp_path):
    import shutil

    from game.store import retention as saved
    from tests.test_teacher import _text_boxes

    db = tmp_path / "copy.sqlite3"
    shutil.copy(class_db, db)
    pilot = open_teacher(make_pilot, db, "en")
    store = pilot.app.ctx.store
    today = dt.datetime(2027, 2, 1, 12, 0, tzinfo=dt.UTC).astimezone()
    store.now = lambda: today.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    pilot.tap("class")
    pilot.tap("tab-gain")
    retention = pilot.scene.report.retention
    mine = [c for c in retention.classes if c.class_code == "7B"]
    took, of = sum(c.took for c in mine), sum(c.eligible for c in mine)
    assert 0 < took < of
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert pilot.app.ctx.tr("teacher.retest_set", code="7B", date=retention.schedule["7B"], took=took, of=of) in drawn
    pilot.tap("retest")
    assert pilot.scene.name == "teacher_retest"
    pilot.tap("weeks-6")
    assert pilot.scene.name == "teacher"
    opens = (today.date() + dt.timedelta(weeks=6)).isoformat()
    assert saved.schedule(store)["7B"] == opens and pilot.scene.report.retention.schedule["7B"] == opens
    # a new date: nobody has taken this re-test yet (those taken for the old date do not count)
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert pilot.app.ctx.tr("teacher.retest_set", code="7B", date=opens, took=0, of=of) in drawn
    pilot.tap("retest")
    assert pilot.button("cancel").enabled
    pilot.tap("cancel")
    assert "7B" not in saved.schedule(store)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_insight_screens_draw_no_text_half_under_a_button(make_pilot, class_db, lang):
    import pygame

    from tests.test_teacher import _text_boxes

    pilot = open_teacher(make_pilot, class_db, lang)

    def check(where: str) -> None:
        buttons = [pygame.Rect(b.rect) for b in pilot.scene.buttons.buttons]
        for s, box in _text_boxes(pilot):
            inside = any(box.clip(b) == box for b in buttons)
            hit = [b for b in buttons if box.colliderect(b)]
            assert inside or not hit, f"{where}: {s!r} at {tuple(box)} is half under a button at {tuple(hit[0])}"

    for tab in ("overview", "skills", "check", "gain"):
        pilot.tap(f"tab-{tab}")
        check(tab)
    pilot.tap("tab-check")
    pilot.tap("check-0")
    check("check-0")
    pilot.tap("back")
    pilot.tap("tab-skills")
    pilot.tap("skills-students")
    check("skills-students")
    pilot.tap("back")
    pilot.tap("class")
    pilot.tap("tab-gain")
    pilot.tap("retest")
    check("retest")


class _NoStore:
    """Stands in for the store while a screen draws: any use of it is recorded (draw() must not read the database)."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def __getattr__(self, name: str):
        self.used.append(name)
        raise AssertionError(f"draw() used the store: store.{name}")


def test_the_retest_screen_reads_the_store_on_entering_never_while_drawing(make_pilot, class_db, tmp_path):
    import shutil

    from game.store import retention as saved

    db = tmp_path / "copy.sqlite3"
    shutil.copy(class_db, db)
    pilot = open_teacher(make_pilot, db, "en")
    pilot.tap("class")
    pilot.tap("tab-gain")
    pilot.tap("retest")
    scene = pilot.scene
    assert scene.name == "teacher_retest"
    real = pilot.app.ctx.store
    assert scene.current == saved.schedule(real).get("7B") and scene.current is not None  # read on entering
    teacher = pilot.app.stack[-2]  # the gain tab below it, with its re-test line
    assert teacher.name == "teacher" and teacher.tab == "gain"
    for tab_scene in (scene, teacher):
        pilot.app.ctx.store = watcher = _NoStore()
        try:
            tab_scene.draw(pilot.app.screen.canvas)
        finally:
            pilot.app.ctx.store = real
        assert watcher.used == [], f"{tab_scene.name}.draw() used the store: {watcher.used}"
    pilot.tap("cancel")  # a change goes through the store, and the teacher screen reloads
    assert pilot.scene.name == "teacher" and "7B" not in saved.schedule(real)
