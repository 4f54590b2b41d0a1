"""The live board's figures (game/classroom/hub/board.py) on a class played on one machine, and the
merge rules the hub relies on (game/store/sessionfile.py merge_payload; game/store/outbox.py)."""

from __future__ import annotations

import time
import uuid

import pytest

from game.classroom.hub.board import IDLE_SECONDS, BoardInput, build_board, for_projector
from game.devtools.bench_classroom import LiveStudent
from game.store import Store


@pytest.fixture
def classroom(tmp_path, shipped_content):
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.reports.model import Filters
    from game.store.live import class_rows

    db = tmp_path / "class.sqlite3"
    played = {
        "Guess": LiveStudent(db, "Guess", "7B", shipped_content, "junior", skill=0.0).play(20, end=None),
        "Sure": LiveStudent(db, "Sure", "7B", shipped_content, "junior", skill=1.0).play(20, end=None),
        "Done": LiveStudent(db, "Done", "7B", shipped_content, "junior", skill=0.7).play(1000),
    }
    LiveStudent(db, "Other", "7A", shipped_content, "junior").play(5)
    catalog = Catalog.from_content(shipped_content)
    sequences = {tid: t.sequence() for tid, t in shipped_content.tracks.items()}
    store = Store.open(db)

    def board(
        now: float, progress: dict | None = None, revealed: set | None = None, started: float | None = None
    ) -> dict:
        report = build_report(store, catalog, Filters(class_code="7B"))
        uuid_of = {p["nickname"]: p["uuid"] for p in store.players()}
        arrived = {uuid_of[nick]: at for nick, at in (progress or {}).items()}
        return build_board(
            BoardInput(
                "7B",
                class_rows(store, "7B"),
                report,
                catalog,
                sequences,
                now,
                arrived,
                revealed or set(),
                {"address": "a", "code": "c"},
                started,
            )
        )

    board.played = played  # answers each student gave, as the player counted them
    yield board
    store.close()


NOW = 1_800_000_000.0  # the hub's clock, as the tests set it (the rows' own times do not count: hub clock only)


def test_each_student_where_they_are_and_who_needs_help(classroom):
    now = NOW
    board = classroom(now)
    students = {s["nickname"]: s for s in board["students"]}
    assert set(students) == {"Guess", "Sure", "Done"}  # only this class
    assert [s["number"] for s in board["students"]] == [1, 2, 3]  # in the order they joined
    assert students["Done"]["stage"] == "done" and students["Guess"]["stage"] in ("level", "post")
    assert students["Guess"]["help"] == ["accuracy"] and students["Sure"]["help"] == []
    assert students["Sure"]["first_try"]["right"] > students["Guess"]["first_try"]["right"]
    assert students["Guess"]["first_try"]["answered"] >= 3
    assert 1 < students["Guess"]["step"] < students["Guess"]["steps"]
    assert board["progress"]["done"] == 1 and board["progress"]["students"] == 3
    assert {n: s["answers"] for n, s in students.items()} == classroom.played  # counted by the players, not the board
    assert board["answers"] == sum(classroom.played.values())


def test_the_figures_of_a_lesson_counted_by_hand(tmp_path, shipped_content):
    """Two students of 7B and one of 7A, every answer written here; each expected figure is counted by
    hand from these rows (not by the board's own code)."""
    from game.outcomes import AnswerChosen, LevelFinished
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.reports.model import Filters
    from game.session import Player, Recorder
    from game.store.live import class_rows

    etomidate, meth, ketamine = "jq-etomidate-vape-look", "jq-meth-look", "jq-ketamine-bladder"  # keys: a, c, b
    store = Store.open(tmp_path / "class.sqlite3")

    def student(nickname: str, klass: str) -> Recorder:
        player = Player(store.add_player(nickname, klass, "junior"), nickname, klass, "junior")
        return Recorder(store, player, "junior", "en", "v", "classroom")

    def answer(recorder: Recorder, question: str, option: str, right: bool) -> None:
        recorder.record(AnswerChosen(question, (option,), right, 10 if right else 0, 10, 1500))

    def lesson(recorder: Recorder, pre: list, pre_points: tuple, level: list, level_points: tuple | None) -> None:
        """The pre-test, then the first level (finished, and the session with it, when it has points)."""
        for level_id, role, answers, points in (
            ("junior-pre", "pre", pre, pre_points),
            ("junior-recognise", "level", level, level_points),
        ):
            recorder.begin_level(level_id, "quiz", role)
            for question, option, right in answers:
                answer(recorder, question, option, right)
            if points is not None:
                recorder.record(LevelFinished(*points))
        if level_points is not None:
            recorder.end("finished")

    # Ann: the pre-test, then stuck in the first level, 1 of 3 right; Ben: everything right, level and session done
    lesson(
        student("Ann", "7B"),
        [(etomidate, "a", True), (meth, "a", False)],
        (10, 20, False),
        [(etomidate, "b", False), (meth, "c", True), (ketamine, "a", False)],
        None,
    )
    lesson(
        student("Ben", "7B"),
        [(etomidate, "a", True), (meth, "c", True)],
        (20, 20, True),
        [(etomidate, "a", True), (meth, "c", True), (ketamine, "b", True)],
        (30, 30, True),
    )
    cat = student("Cat", "7A")  # another class: not on 7B's board
    cat.begin_level("junior-pre", "quiz", "pre")
    answer(cat, etomidate, "d", False)
    try:
        catalog = Catalog.from_content(shipped_content)
        report = build_report(store, catalog, Filters(class_code="7B"))
        sequences = {tid: t.sequence() for tid, t in shipped_content.tracks.items()}
        board = build_board(
            BoardInput(
                "7B",
                class_rows(store, "7B"),
                report,
                catalog,
                sequences,
                1_800_000_000.0,
                {},
                {"junior-recognise|level|" + meth},
                {},
                1_800_000_000.0 - 60,
            )
        )
    finally:
        store.close()
    steps = len(shipped_content.tracks["junior"].sequence())
    assert board["students"] == [
        {
            "number": 1,
            "nickname": "Ann",
            "track": "junior",
            "stage": "level",
            "level": "junior-recognise",
            "role": "level",
            "step": 2,
            "steps": steps,
            "answers": 5,
            "first_try": {"answered": 3, "right": 1, "percent": None},
            "idle_seconds": 60,
            "help": ["accuracy"],
        },
        {
            "number": 2,
            "nickname": "Ben",
            "track": "junior",
            "stage": "done",
            "level": None,
            "role": None,
            "step": None,
            "steps": steps,
            "answers": 5,
            "first_try": {"answered": 3, "right": 3, "percent": 100.0},
            "idle_seconds": 60,
            "help": [],
        },
    ]
    chosen = {q["key"]: ({o["id"]: o["count"] for o in q["options"] if o["count"]}, q["n"]) for q in board["questions"]}
    assert chosen == {
        "junior-pre|pre|" + etomidate: ({"a": 2}, 2),
        "junior-pre|pre|" + meth: ({"a": 1, "c": 1}, 2),
        "junior-recognise|level|" + etomidate: ({"a": 1, "b": 1}, 2),
        "junior-recognise|level|" + meth: ({"c": 2}, 2),
        "junior-recognise|level|" + ketamine: ({"a": 1, "b": 1}, 2),
    }
    assert list(chosen) == [
        "junior-pre|pre|" + etomidate,
        "junior-pre|pre|" + meth,
        "junior-recognise|level|" + etomidate,
        "junior-recognise|level|" + meth,
        "junior-recognise|level|" + ketamine,
    ]  # as they arrived
    revealed = [q for q in board["questions"] if q["revealed"]]
    assert [[o["id"] for o in q["options"] if o["correct"]] for q in revealed] == [["c"]]
    assert board["answers"] == 10 and board["help"] == [1] and board["current"] == "junior-recognise|level|" + ketamine
    assert board["progress"] == {
        "students": 2,
        "waiting": 0,
        "pre": 0,
        "level": 1,
        "post": 0,
        "retention": 0,
        "done": 1,
        "left": 0,
    }


def test_no_progress_for_three_minutes_is_flagged_only_while_playing(classroom):
    started = NOW
    later = started + IDLE_SECONDS + 5
    students = {s["nickname"]: s for s in classroom(later, started=started)["students"]}
    assert "idle" in students["Sure"]["help"] and "idle" in students["Guess"]["help"]
    assert "idle" not in students["Done"]["help"]  # finished: nothing to wait for
    fresh = {s["nickname"]: s for s in classroom(later, {"Sure": later - 10}, started=started)["students"]}
    assert "idle" not in fresh["Sure"]["help"]  # rows of hers just reached the hub
    assert "idle" in fresh["Guess"]["help"]


def test_no_progress_is_measured_on_the_hubs_clock_only(classroom):
    """A device whose clock runs an hour ahead writes answers "in the future": the hub still sees
    that nothing of theirs arrived for three minutes (and a device an hour behind is not idle at once)."""
    started = time.time() - 3600  # the rows were written now (the real time); the hub's clock says an hour later
    students = {
        s["nickname"]: s for s in classroom(started + IDLE_SECONDS + 5, {"Sure": started}, started=started)["students"]
    }
    assert "idle" in students["Sure"]["help"]
    ahead = time.time() + 3600  # the device clocks are an hour behind the hub's: its rows look old
    students = {s["nickname"]: s for s in classroom(ahead, {"Sure": ahead - 10}, started=ahead - 20)["students"]}
    assert "idle" not in students["Sure"]["help"] and "idle" not in students["Guess"]["help"]


def test_the_key_shows_only_once_revealed_and_projector_mode_drops_nicknames(classroom):
    board = classroom(NOW)
    question = next(q for q in board["questions"] if q["kind"] == "single")
    assert all("correct" not in o for o in question["options"])
    shown = next(q for q in classroom(NOW, revealed={question["key"]})["questions"] if q["key"] == question["key"])
    assert shown["revealed"] and sum(o["correct"] for o in shown["options"]) == 1
    projected = for_projector(board)
    assert all("nickname" not in s for s in projected["students"])
    assert "Guess" not in str(projected) and "Guess" in str(board)


def test_a_payload_closes_an_open_attempt_and_never_reopens_it(tmp_path):
    from game.store.sessionfile import ImportResult, WrongClass, merge_payload

    store = Store.open(tmp_path / "t.sqlite3")
    p, s, t = (str(uuid.uuid4()) for _ in range(3))
    now = "2026-12-01T08:00:00.000Z"

    def payload(status: str, score, klass: str = "7B") -> dict:
        return {
            "players": [{"uuid": p, "nickname": "A", "class_code": klass, "age_group": "junior", "created_at": now}],
            "sessions": [
                {
                    "uuid": s,
                    "player_uuid": p,
                    "track_id": "junior",
                    "lang": "en",
                    "mode": "classroom",
                    "content_version": "v",
                    "game_version": "g",
                    "started_at": now,
                    "status": "open",
                }
            ],
            "attempts": [
                {
                    "uuid": t,
                    "session_uuid": s,
                    "level_id": "l",
                    "level_type": "quiz",
                    "role": "level",
                    "started_at": now,
                    "ended_at": None if status == "open" else now,
                    "score": score,
                    "max_score": 10,
                    "passed": None,
                    "status": status,
                }
            ],
        }

    merge_payload(store, payload("open", None), ImportResult("a", "d"), only_class="7B")
    closed = merge_payload(store, payload("finished", 8), ImportResult("b", "d"), only_class="7B")
    assert closed.closed == {"attempts": 1}
    again = merge_payload(store, payload("open", None), ImportResult("c", "d"), only_class="7B")
    assert again.closed == {} and sum(again.added.values()) == 0
    assert store.conn.execute("SELECT status, score FROM attempts").fetchall() == [("finished", 8)]
    with pytest.raises(WrongClass):
        merge_payload(store, payload("finished", 9, klass="7A"), ImportResult("d", "d"), only_class="7B")
    store.close()
