"""Issue 19, item 16: the small things a first player and teacher noticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_playthrough import answer_option, sign_in
from tests.test_teacher import _text_boxes

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_warm_up_test_shows_no_score_and_no_points(make_pilot, lang):
    pilot = make_pilot(lang=lang)
    sign_in(pilot)
    pilot.tap("track-junior")
    pilot.tap("go")
    tr = pilot.app.ctx.tr
    while pilot.scene.logic.item.question.kind == "estimate":
        pilot.tap("est-plus10")
        pilot.tap("submit")
        pilot.tap("next")
    logic = pilot.scene.logic
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert tr("quiz.progress_plain", n=logic.index + 1, total=len(logic.items)) in drawn
    assert tr("quiz.progress", n=logic.index + 1, total=len(logic.items), score=logic.score) not in drawn
    answer_option(pilot, right=True)
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert tr("quiz.right_plain") in drawn
    assert tr("quiz.right", points=logic.last.score) not in drawn  # no "+10"


def test_a_scored_level_still_shows_score_and_points(make_pilot):
    pilot = make_pilot(lang="en")
    sign_in(pilot)
    pilot.tap("track-junior")
    runner = pilot.scene
    runner.index = 1  # the first level after the pre-test: a scored quiz
    pilot.frame()
    pilot.tap("go")
    answer_option(pilot, right=True)
    tr = pilot.app.ctx.tr
    assert tr("quiz.right", points=pilot.scene.logic.last.score) in [t for t, _ in _text_boxes(pilot)]


def test_english_players_read_english_source_titles(shipped_content):
    """Every source with a Chinese title or publisher has an English one; English players read it."""
    import re

    from game.levels.common import source_line

    han = re.compile("[\u4e00-\u9fff]")
    for source in shipped_content.sources.values():
        line = source_line(source, "en")
        assert not han.search(line), f"{source.id}: {line}"
        assert source_line(source, "zh-CN") == f"{source.publisher}: {source.title}"


def test_the_log_sits_beside_the_database(tmp_path):
    """README: a log file sits beside the database; with --db it went to the default data folder."""
    db = tmp_path / "here" / "game.sqlite3"
    db.parent.mkdir()
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    script = (
        "import sys; from pathlib import Path; import game.app as a; "
        "a.run_app(a.AppConfig(db=Path(sys.argv[1]), smoke=True)); a.log.warning('a test record')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(db)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "a test record" in (db.parent / "game.log").read_text(encoding="utf-8")
    assert not list((tmp_path / "data").rglob("game.log"))


def test_the_classroom_title_names_the_class(make_pilot, tmp_path, shipped_content):
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    app = build_app(
        AppConfig(db=tmp_path / "c.sqlite3", lang="zh-CN", window=(1920, 1080), seed=1, muted=True, class_code="7B"),
        content=shipped_content,
    )
    try:
        pilot = Pilot(app)
        pilot.frame()
        assert app.ctx.tr("title.classroom", code="7B") in [t for t, _ in _text_boxes(pilot)]
    finally:
        app.close()


def test_no_norms_marker_line_runs_through_a_label(shipped_content):
    """The line of each figure on the norms scale goes down to its own row: it must pass left of the
    labels of the rows above it."""
    from game.levels.quiz.scene import mark_rows

    checked = 0
    for question in shipped_content.questions.values():
        if question.kind != "estimate":
            continue
        rows = mark_rows(question.marks)
        for x, y, _ in rows:
            for _, other_y, (left, top, width, height) in rows:
                if other_y < y:  # a row the line passes through
                    assert not left <= x < left + width, (question.id, x, left)
                    checked += 1
    assert checked
