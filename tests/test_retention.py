"""The re-test weeks later: scheduling by date with a fixed clock, the runner playing it first, the forms
in the content, the schema step that allows it, and the `retention` command."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from game.classroom import retention
from game.session import Player, Recorder
from game.store import Store
from game.store import retention as saved


class Clock:
    """The store's clock, set by the test (UTC ISO, as the store writes)."""

    def __init__(self, when: str):
        self.when = when

    def __call__(self) -> str:
        return self.when


def at(day: dt.date, hour: int = 12) -> str:
    """Noon local time of a day, as the UTC stamp the store would write (whatever the machine's zone)."""
    local = dt.datetime.combine(day, dt.time(hour)).astimezone()
    return local.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def play(store, content, player, track, roles=("pre", "post")) -> None:
    """A session that finishes the given roles' tests (scores made up: only the roles matter here)."""
    recorder = Recorder(store, player, track.id, "zh-CN", content.version)
    forms = {"pre": track.pre_test, "post": track.post_test, "retention": track.retention_test}
    for role in roles:
        attempt = recorder.begin_level(forms[role], "quiz", role)
        store.record_answer(attempt, "q", ["a"], True, 10, 10, 4000)
        store.finish_attempt(attempt, 10, 10, True)
    recorder.end("finished")


@pytest.fixture
def setup(tmp_path, shipped_content):
    clock = Clock(at(dt.date(2027, 3, 1)))
    store = Store.open(tmp_path / "r.sqlite3", now=clock)
    track = shipped_content.tracks["junior"]
    people = {}
    for nick, code in (("A1", "7B"), ("A2", "7B"), ("B1", "8C")):
        people[nick] = Player(store.add_player(nick, code, "junior"), nick, code, "junior")
    play(store, shipped_content, people["A1"], track)
    play(store, shipped_content, people["B1"], track)
    play(store, shipped_content, people["A2"], track, roles=("pre",))  # left before the post-test
    yield store, clock, track, people
    store.close()


def test_the_retest_is_due_from_its_date_for_every_student_of_the_class(setup, shipped_content):
    store, clock, track, people = setup
    first = [(track.retention_test, "retention")] + track.sequence()[1:]  # the re-test, then the levels: no pre-test
    assert track.sequence()[0] == (track.pre_test, "pre")
    saved.set_date(store, "7B", retention.in_weeks(dt.date(2027, 3, 1), 4))
    assert saved.schedule(store) == {"7B": "2027-03-29"}
    clock.when = at(dt.date(2027, 3, 28), 23)  # the evening before: not yet
    assert retention.sequence(store, people["A1"], track) == track.sequence()
    clock.when = at(dt.date(2027, 3, 29), 0)  # from its first hour (local time)
    assert retention.sequence(store, people["A1"], track) == first
    # A2 has no post-test on this device: they may have played it on another, which this device cannot know
    assert retention.sequence(store, people["A2"], track) == first
    assert retention.sequence(store, people["B1"], track) == track.sequence()  # another class
    play(store, shipped_content, people["A1"], track, roles=("retention",))
    assert retention.sequence(store, people["A1"], track) == track.sequence()  # taken: once is enough
    saved.set_date(store, "7B", dt.date(2027, 6, 1))  # a later re-test: due again from its own date
    clock.when = at(dt.date(2027, 6, 2))
    assert retention.sequence(store, people["A1"], track) == first
    saved.set_date(store, "7B", None)
    assert saved.schedule(store) == {} and retention.sequence(store, people["A1"], track) == track.sequence()


def test_no_class_code_or_no_retest_form_means_no_retest(setup, shipped_content):
    store, clock, track, people = setup
    saved.set_date(store, "", dt.date(2027, 1, 1))
    loner = Player(store.add_player("Z", "", "junior"), "Z", "", "junior")
    assert retention.sequence(store, loner, track) == track.sequence()

    class NoForm:
        retention_test = None
        id = track.id

        def sequence(self):
            return track.sequence()

    saved.set_date(store, "7B", dt.date(2027, 1, 1))
    assert retention.sequence(store, people["A1"], NoForm()) == track.sequence()


def test_a_damaged_schedule_setting_is_ignored(setup):
    store, _, _, _ = setup
    store.set_setting(saved.KEY, {"7B": "next tuesday", "": "2027-01-01", "8C": "2027-02-03", "9D": 5})
    assert saved.schedule(store) == {"8C": "2027-02-03"}
    store.set_setting(saved.KEY, ["not", "a", "mapping"])
    assert saved.schedule(store) == {}


def test_the_runner_plays_the_retest_first_and_records_its_role(make_pilot, shipped_content):
    pilot = make_pilot(lang="en")
    ctx = pilot.app.ctx
    track = shipped_content.tracks["junior"]
    player = Player(ctx.store.add_player("A1", "7B", "junior"), "A1", "7B", "junior")
    play(ctx.store, shipped_content, player, track)
    ctx.store.now = Clock(at(dt.date(2099, 1, 10)))
    saved.set_date(ctx.store, "7B", dt.date(2099, 1, 3))
    from game.scene import Push
    from game.scenes.runner import RunnerScene

    pilot.app.apply(Push(RunnerScene(ctx, player, track)))
    pilot.frame()
    assert pilot.scene.sequence[0] == (track.retention_test, "retention")
    assert pilot.scene.sequence[1] == (track.levels[0], "level")  # then the first level: the pre-test is not replayed
    assert (track.pre_test, "pre") not in pilot.scene.sequence
    pilot.tap("go")
    attempt = ctx.store.conn.execute("SELECT level_id, role FROM attempts ORDER BY id DESC LIMIT 1").fetchone()
    assert attempt == (track.retention_test, "retention")


def test_the_retest_shows_no_score_and_no_points(make_pilot, shipped_content):
    """Like the pre-test, the re-test earns no stars (the results screen leaves it out): so no score and no "+10"
    while it is played either."""
    from game.scene import Push
    from game.scenes.runner import RunnerScene
    from tests.test_playthrough import answer_option
    from tests.test_teacher import _text_boxes

    pilot = make_pilot(lang="en")
    ctx = pilot.app.ctx
    track = shipped_content.tracks["junior"]
    player = Player(ctx.store.add_player("A1", "7B", "junior"), "A1", "7B", "junior")
    play(ctx.store, shipped_content, player, track)
    ctx.store.now = Clock(at(dt.date(2099, 1, 10)))
    saved.set_date(ctx.store, "7B", dt.date(2099, 1, 3))
    pilot.app.apply(Push(RunnerScene(ctx, player, track)))
    pilot.frame()
    pilot.tap("go")
    while pilot.scene.logic.item.question.kind == "estimate":
        pilot.tap("est-plus10")
        pilot.tap("submit")
        pilot.tap("next")
    tr, logic = ctx.tr, pilot.scene.logic
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert tr("quiz.progress_plain", n=logic.index + 1, total=len(logic.items)) in drawn
    assert tr("quiz.progress", n=logic.index + 1, total=len(logic.items), score=logic.score) not in drawn
    answer_option(pilot, right=True)
    drawn = [t for t, _ in _text_boxes(pilot)]
    assert tr("quiz.right_plain") in drawn
    assert tr("quiz.right", points=logic.last.score) not in drawn


# -- the schema step --------------------------------------------------------------------------------------------------
def test_a_schema_3_database_gains_the_retention_role_devices_and_positions(tmp_path):
    from game.store.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("".join(MIGRATIONS[:3]) + "PRAGMA user_version = 3;")
    conn.executescript("""
        INSERT INTO players (uuid, nickname, class_code, age_group, created_at) VALUES ('p', 'A', '7B', 'junior', 'x');
        INSERT INTO sessions (uuid, player_id, track_id, lang, content_version, game_version, started_at)
            VALUES ('s', 1, 'junior', 'en', 'c', 'g', '2026-01-01T00:00:00.000Z');
        INSERT INTO attempts (uuid, session_id, level_id, level_type, role, started_at, status, score, max_score)
            VALUES ('t', 1, 'junior-post', 'quiz', 'post', '2026-01-01T00:01:00.000Z', 'finished', 10, 10);
        INSERT INTO answers (uuid, attempt_id, question_id, chosen, correct, score, max_score, response_ms, answered_at)
            VALUES ('a', 1, 'q', 'b', 1, 10, 10, 5000, '2026-01-01T00:01:05.000Z');
    """)
    with pytest.raises(sqlite3.IntegrityError):  # schema 3 has no re-test role
        conn.execute(
            "INSERT INTO attempts (uuid, session_id, level_id, level_type, role, started_at)"
            " VALUES ('u', 1, 'x', 'quiz', 'retention', 'y')"
        )
    rev_before = conn.execute("SELECT rev FROM attempts").fetchone()[0]
    conn.close()

    store = Store.open(path)
    try:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("SELECT uuid, role, score, rev FROM attempts").fetchall() == [("t", "post", 10, rev_before)]
        assert conn.execute("SELECT device FROM sessions").fetchall() == [("",)]  # not known from before
        assert conn.execute("SELECT position FROM answers").fetchall() == [(None,)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        attempt = store.start_attempt(1, "junior-retention", "quiz", "retention")
        store.record_answer(attempt, "q", ["a"], False, 0, 10, 3000, position=2)
        assert conn.execute("SELECT role, rev > ? FROM attempts WHERE id = ?", (rev_before, attempt)).fetchone() == (
            "retention",
            1,
        )
        with pytest.raises(Exception):  # noqa: B017 - the store's error or sqlite3's
            store.record_answer(999, "q", ["a"], True, 10, 10, 5)  # foreign keys still enforced
        session = store.start_session(1, "junior", "en", "c", "g")
        assert conn.execute("SELECT device FROM sessions WHERE id = ?", (session,)).fetchone()[0] == store.device != ""
    finally:
        store.close()


def test_the_retention_command(tmp_path, capsys):
    from game.cli import main

    db = tmp_path / "d.sqlite3"
    Store.open(db).close()
    assert main(["retention", "--db", str(db), "--class", "7B", "--on", "2027-01-20"]) == 0
    assert "class 7B: the re-test opens on 2027-01-20" in capsys.readouterr().out
    assert main(["retention", "--db", str(db), "--class", "7B", "--in-weeks", "4"]) == 0
    expected = (dt.date.today() + dt.timedelta(weeks=4)).isoformat()
    assert f"class 7B: the re-test opens on {expected}" in capsys.readouterr().out
    assert main(["retention", "--db", str(db), "--class", "7B", "--cancel"]) == 0
    assert "no re-test scheduled" in capsys.readouterr().out
    assert main(["retention", "--db", str(db), "--class", "7B", "--on", "soon"]) == 2
    assert main(["retention", "--db", str(db), "--in-weeks", "4"]) == 2
    assert main(["retention", "--db", str(tmp_path / "missing.sqlite3")]) == 1


# -- the forms in the content ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("track", ["primary", "junior", "senior", "university"])
def test_each_track_has_a_third_parallel_form(shipped_content, track):
    t = shipped_content.tracks[track]
    levels, questions = shipped_content.levels, shipped_content.questions
    assert t.retention_test == f"{track}-retention"
    forms = []
    for level_id in (t.pre_test, t.post_test, t.retention_test):
        level = levels[level_id]
        assert level.type == "quiz" and level.pass_percent == 0
        forms.append([questions[q] for q in level.questions if questions[q].kind != "estimate"])
    slots = [[(q.topic, q.kind, len(q.options)) for q in form] for form in forms]
    assert slots[2] == slots[0] == slots[1], (
        f"{track}: the re-test differs from the pre/post slot by slot (topic, kind, options)"
    )
    ids = [{q.id for q in form} for form in forms]
    assert not ids[2] & (ids[0] | ids[1])
    assert all(track in q.ages for q in forms[2])
    # no ordinary level can draw them: they are in their own bank and listed only by the re-test
    assert all(q.id in {x.id for x in shipped_content.quizzes["retention"].questions} for q in forms[2])


def test_the_shipped_integrity_rules_are_the_defaults(shipped_content):
    from game.reports.integrity import Rules

    shipped = Rules.from_content(shipped_content.integrity)
    assert Rules.from_content(None) == shipped  # a content folder without integrity.yaml: the same rules, why included
    assert set(shipped.why) == {"reading", "fast", "same_position", "identical", "device_burst"}


def test_the_integrity_defaults_are_read_from_the_yaml_only(tmp_path, monkeypatch):
    """No second copy of the thresholds in Python: change the shipped file and the defaults follow; without a
    readable file there are no defaults, and the message says which file."""
    import dataclasses

    import pytest

    from game import paths
    from game.reports.integrity import Rules

    with pytest.raises(TypeError):
        Rules()  # nothing to fall back on in the code
    assert not [f.name for f in dataclasses.fields(Rules) if f.name != "why" and f.default is not dataclasses.MISSING]
    folder = tmp_path / "content"
    folder.mkdir()
    text = (paths.CONTENT / "integrity.yaml").read_text(encoding="utf-8")
    assert "  min_ms: 600\n" in text
    (folder / "integrity.yaml").write_text(text.replace("  min_ms: 600\n", "  min_ms: 750\n"), encoding="utf-8")
    monkeypatch.setattr(paths, "CONTENT", folder)
    assert Rules.from_content(None).min_ms == 750
    (folder / "integrity.yaml").unlink()
    monkeypatch.setattr(paths, "CONTENT", tmp_path / "nowhere")
    with pytest.raises(ValueError, match="integrity.yaml"):
        Rules.from_content(None)


def test_the_reports_know_every_refusal_skill():
    from game.content.levels.scenario import SKILLS
    from game.reports.skills import SKILL_ORDER

    assert SKILL_ORDER == SKILLS
