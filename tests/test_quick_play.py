"""Quick play, the two-minute kiosk visit, through the real App (game.scenes.quick).

A visitor touches the attract loop and is chasing within two taps and five seconds of game time;
a whole visit (chase, three questions on the drugs met, one refusal moment, results) fits in well
under three minutes; every answer is stored like any other play, as mode kiosk-quick; the name is
generated (and may be changed); the board shows today's quick-play visitors from the first one,
apart from the full course; the reports filter by mode.
"""

from __future__ import annotations

import re

import pytest

from game.actions import Action
from game.kiosk.config import KioskConfig
from game.reports.model import Filters
from tests.test_chase_play import answer_quiz
from tests.test_playthrough import chase_trafficker

FAST = KioskConfig(attract_after_s=5, idle_reset_s=8, countdown_s=3, retry_s=2, demo_round_s=6, board_page_s=3)
STAGES = ("primary", "junior", "senior", "university")


class Taps:
    """Counts the visitor's taps (the Pilot's touches)."""

    def __init__(self, pilot):
        self.pilot, self.n = pilot, 0

    def tap(self, button_id: str) -> None:
        self.n += 1
        self.pilot.tap(button_id)

    def touch(self, pos) -> None:
        self.n += 1
        self.pilot.touch(pos)


def to_attract(pilot) -> None:
    pilot.advance(FAST.attract_after_s + 0.5)
    assert pilot.scene.name == "attract"


def officer_can_move(pilot) -> bool:
    scene = pilot.scene
    return scene.name == "chase" and scene.logic.phase == "play" and scene.logic.t > 0


def start_quick(pilot, stage: str = "junior", lang: str | None = None) -> Taps:
    """From the title: wait for the attract loop, touch it, choose, Play; returns the tap count."""
    taps = Taps(pilot)
    to_attract(pilot)
    taps.touch((960, 540))
    assert pilot.scene.name == "quick_start"
    if lang is not None:
        taps.tap(f"lang-{lang}")
    if stage != "junior":
        taps.tap(f"stage-{stage}")
    taps.tap("play")
    return taps


def play_visit(pilot, safe: bool = True) -> None:
    """Chase (caught), the three questions, the refusal moment; ends on the results."""
    pilot.run_until(lambda: officer_can_move(pilot), timeout=10, what="the chase under way")
    chase_trafficker(pilot)
    assert pilot.scene.name == "quiz"
    answer_quiz(pilot)
    assert pilot.scene.name == "scenario"
    logic = pilot.scene.logic
    choice = next(c for c in logic.choices if c.safe == safe)
    pilot.tap(f"choice-{choice.id}")
    while pilot.scene.name == "scenario":
        pilot.tap("next" if pilot.has_button("next") else "done")
    assert pilot.scene.name == "quick_results"


def sessions(store) -> list[dict]:
    return [dict(r) for r in store._read("SELECT id, mode, status, track_id, player_id FROM sessions ORDER BY id")]


def test_chasing_within_two_taps_and_five_seconds(make_pilot):
    pilot = make_pilot(kiosk=FAST)
    to_attract(pilot)
    taps = Taps(pilot)
    taps.touch((960, 540))  # one tap on the attract loop
    start = pilot.app.clock.t if hasattr(pilot.app.clock, "t") else None
    frames = 0
    assert pilot.scene.name == "quick_start"
    taps.tap("play")  # the second: junior and the kiosk's language are already chosen
    while not officer_can_move(pilot):
        pilot.frame()
        frames += 1
        assert frames < 60 * 30, "never got to move"
    seconds = (frames + 2) / 60  # the frames after the two taps, and the taps' own frames
    assert taps.n <= 2
    assert seconds <= 5.0, f"{seconds:.1f} s of game time from the attract tap to a moving officer"
    assert start is None or pilot.app.clock.t - start <= 5.0


def test_the_countdown_starts_play_with_the_defaults(make_pilot):
    pilot = make_pilot(kiosk=FAST)
    to_attract(pilot)
    pilot.touch((960, 540))
    assert pilot.scene.name == "quick_start"
    pilot.advance(4.5)
    assert pilot.scene.name == "quick_start", "not before the five seconds"
    pilot.run_until(lambda: pilot.scene.name == "chase", timeout=2, what="the countdown's end")
    (row,) = sessions(pilot.app.ctx.store)
    assert (row["mode"], row["track_id"]) == ("kiosk-quick", "junior")


def test_a_choice_restarts_the_countdown(make_pilot):
    pilot = make_pilot(kiosk=FAST)
    to_attract(pilot)
    pilot.touch((960, 540))
    pilot.advance(4.0)
    pilot.tap("stage-senior")
    pilot.advance(4.0)
    assert pilot.scene.name == "quick_start"
    pilot.advance(1.5)
    assert pilot.scene.name == "chase" and pilot.scene.level.id == "senior-chase"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_whole_visit_is_recorded_as_quick_play_in_under_three_minutes(make_pilot, shipped_content, lang):
    pilot = make_pilot(lang=lang, kiosk=FAST)
    start_quick(pilot)
    started = pilot.app.frames
    play_visit(pilot)
    minutes = (pilot.app.frames - started) / 60 / 60
    assert minutes < 3.0, f"a visit took {minutes:.1f} minutes of game time"

    store = pilot.app.ctx.store
    (row,) = sessions(store)
    assert (row["mode"], row["status"], row["track_id"]) == ("kiosk-quick", "finished", "junior")
    attempts = store.attempts(row["id"])
    assert [a["level_id"] for a in attempts] == ["junior-chase", "junior-quick-refusal"]
    answers = store.answers()
    quiz = [a for a in answers if a.attempt_id == attempts[0]["id"]]
    assert len(quiz) == 3, "three questions on the drugs met"
    (reply,) = [a for a in answers if a.attempt_id == attempts[1]["id"]]
    assert reply.correct
    nickname = store._read("SELECT nickname FROM players WHERE id = ?", (row["player_id"],))[0]["nickname"]
    shown = pilot.scene.player.nickname
    assert nickname == shown and re.fullmatch(r".+ [1-9][0-9]", shown), shown
    assert pilot.scene.rank == 1  # the first visit of the day is on the board at once


def test_each_stage_plays_its_own_chase_and_refusal(make_pilot, shipped_content):
    for stage in STAGES:
        pilot = make_pilot(kiosk=FAST)
        start_quick(pilot, stage=stage)
        pilot.run_until(lambda p=pilot: p.scene.name == "chase", timeout=5, what="the chase")
        track = next(t for t in shipped_content.tracks.values() if t.age_group == stage)
        assert pilot.scene.level.id == track.quick.chase
        assert pilot.app.ctx.store._read("SELECT track_id FROM sessions")[-1]["track_id"] == track.id


def test_the_name_can_be_changed_on_the_results(make_pilot):
    pilot = make_pilot(lang="en", kiosk=FAST)
    start_quick(pilot)
    play_visit(pilot)
    pilot.tap("change")
    assert pilot.scene.name == "entry" and pilot.scene.steps == ("name",)
    for _ in range(20):
        pilot.tap("erase")
    for ch in "ZED9":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    assert pilot.scene.name == "quick_results" and pilot.scene.player.nickname == "ZED9"
    store = pilot.app.ctx.store
    assert [r["nickname"] for r in store._read("SELECT nickname FROM players")] == ["ZED9"]
    pilot.tap("board")
    assert pilot.scene.name == "leaderboard" and [r.nickname for r in pilot.scene.rows] == ["ZED9"]


def test_the_full_course_follows_with_the_same_player(make_pilot):
    pilot = make_pilot(kiosk=FAST)
    start_quick(pilot)
    play_visit(pilot)
    player = pilot.scene.player
    pilot.tap("full")
    assert pilot.scene.name == "runner" and pilot.scene.player == player
    pilot.tap("go")
    rows = sessions(pilot.app.ctx.store)
    assert [(r["mode"], r["player_id"]) for r in rows] == [("kiosk-quick", player.id), ("kiosk", player.id)]


def test_walking_away_mid_visit_is_abandoned_and_the_title_returns(make_pilot):
    pilot = make_pilot(kiosk=FAST)
    start_quick(pilot, lang="en")
    pilot.run_until(lambda: pilot.scene.name == "chase", timeout=5, what="the chase")
    pilot.advance(FAST.idle_reset_s + FAST.countdown_s + 1)
    assert pilot.scene.name == "title" and pilot.app.ctx.lang == "zh-CN"  # the kiosk's language again
    (row,) = sessions(pilot.app.ctx.store)
    assert row["status"] == "abandoned"


def test_the_boards_keep_quick_play_and_the_course_apart(make_pilot):
    from game.store import leaderboard

    pilot = make_pilot(kiosk=FAST)
    start_quick(pilot)
    play_visit(pilot)
    store = pilot.app.ctx.store
    quick = leaderboard.today(store, board="quick")
    assert [r.session_id for r in quick] == [sessions(store)[0]["id"]]
    assert leaderboard.today(store, board="course") == []
    pilot.tap("done")
    assert pilot.scene.name == "title"
    pilot.tap("board")
    assert pilot.scene.board == "quick" and len(pilot.scene.rows) == 1
    pilot.tap("tab-course")
    assert pilot.scene.board == "course" and pilot.scene.rows == []


def test_a_board_shows_ten_at_most_and_a_retry_counts_once(tmp_path):
    """Eleven quick visits today: the board shows the top 10 only (nobody sees a rank below 10).
    A chase tried again counts once, by its last try, as on the results screen: 100/400 then
    400/400 is 100 %, not 500 of 800."""
    import datetime as dt

    from game.store import Store, leaderboard

    store = Store.open(tmp_path / "board.sqlite3")
    when = dt.datetime(2025, 3, 10, 9, 30).astimezone()
    stamp = (when - dt.timedelta(hours=1)).astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    store.now = lambda: stamp
    for i in range(11):
        player = store.add_player(f"P{i}", "", "junior")
        session = store.start_session(player, "junior", "en", "v", "g", mode="kiosk-quick")
        if i == 0:  # a failed chase, then the retry
            store.finish_attempt(store.start_attempt(session, "junior-chase", "chase"), 100, 400, False)
            store.finish_attempt(store.start_attempt(session, "junior-chase", "chase"), 400, 400, True)
        else:
            store.finish_attempt(store.start_attempt(session, "junior-chase", "chase"), 10 * i, 400, False)
        store.end_session(session, "finished")
    rows = leaderboard.today(store, now=when, board="quick")
    assert len(rows) == 10 and [r.rank for r in rows] == list(range(1, 11))
    assert (rows[0].nickname, rows[0].score, rows[0].max_score, rows[0].percent) == ("P0", 400, 400, 100)
    assert "P1" not in [r.nickname for r in rows]  # the eleventh is simply not shown
    assert leaderboard.today(store, now=when, board="course") == []
    store.close()


def test_the_reports_filter_by_mode(make_pilot, shipped_content):
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report

    pilot = make_pilot(kiosk=FAST)
    start_quick(pilot)
    play_visit(pilot)
    store = pilot.app.ctx.store
    catalog = Catalog.from_content(shipped_content)
    quick = build_report(store, catalog, Filters(mode="kiosk-quick"))
    course = build_report(store, catalog, Filters(mode="kiosk"))
    assert quick.total.students == 1 and quick.total.finished_sessions == 1
    assert course.total.students == 0


def test_without_quick_play_in_the_content_the_attract_tap_goes_home(make_pilot, shipped_content):
    """Content with no `quick:` on any track (an older pack): the kiosk behaves as before."""
    import copy

    content = copy.copy(shipped_content)
    content.tracks = {tid: _without_quick(t) for tid, t in shipped_content.tracks.items()}
    pilot = make_pilot(kiosk=FAST, content=content)
    assert not pilot.has_button("quick")
    to_attract(pilot)
    pilot.press(Action.CONFIRM)
    assert pilot.scene.name == "title"


def _without_quick(track):
    import copy

    other = copy.copy(track)
    object.__setattr__(other, "quick", None)
    return other


def test_the_lint_wants_a_refusal_moment_of_one_decision(shipped_content):
    """A full scenario (a second decision after the first reply) is not a two-minute moment."""
    from types import SimpleNamespace

    from game.content.lint import _quick_problems

    for track in shipped_content.tracks.values():
        assert _quick_problems(track.quick, shipped_content) == [], track.id
    long_story = SimpleNamespace(chase="junior-chase", refusal="junior-scenario-vape")
    (problem,) = _quick_problems(long_story, shipped_content)
    assert problem[0] == ("refusal",)
    assert "'junior-scenario-vape' is not one decision" in problem[1] and "a, b, c" in problem[1]
