"""The live classroom: devices push as students play, the teacher's hub stores and shows it.

Real hubs on 127.0.0.1 (in a thread, or `python main.py classroom host` in its own process), real
device-side pushes (game/classroom/live.py) in threads, each device its own SQLite file.
"""

from __future__ import annotations

import argparse
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

pytest.importorskip(
    "starlette", reason="the hub's web stack is the classroom extra (in the test extra): pip install -e '.[test]'"
)
pytest.importorskip("uvicorn", reason="pip install -e '.[test]'")
pytest.importorskip("segno", reason="pip install -e '.[test]'")

from game.auth import PinGuard
from game.classroom.hub.server import BODY_LIMIT, HubConfig, Running
from game.classroom.live import LivePush, Pusher
from game.devtools.bench_classroom import LiveStudent
from game.store import Store
from game.store.outbox import TABLES, pending

ROOT = Path(__file__).resolve().parent.parent
CODE = "K3F9Q2"
PIN = "1357"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def teacher_db(path: Path) -> Path:
    store = Store.open(path)
    PinGuard(store).set_pin(PIN)
    store.close()
    return path


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def uuids(db: Path, table: str = "answers") -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(f"SELECT uuid FROM {table}")]
    finally:
        conn.close()


def request(url: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(
        url + path,
        data=body,
        method="POST" if body is not None else "GET",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with OPENER.open(req, timeout=20) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, {"raw": raw.decode("utf-8", "replace")}


def push(db: Path, url: str, code: str = CODE) -> None:
    """One push of a device's rows, as its LivePush thread makes them."""
    store = Store.open(db)
    try:
        Pusher(store, url, code).push()
    finally:
        store.close()


def board(running: Running, projector: bool = False) -> dict:
    status, data = request(
        running.url,
        "/api/board" + ("?projector=1" if projector else ""),
        headers={"Cookie": "jindu_board=" + running.hub.token()},
    )
    assert status == 200, data
    return data


def settle(devices: list[Path], hub_id: str, timeout: float = 60.0) -> None:
    """Wait until every device's rows are acknowledged by the hub."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = 0
        for db in devices:
            store = Store.open(db)
            try:
                waiting += sum(pending(store, hub_id).values())
            finally:
                store.close()
        if not waiting:
            return
        time.sleep(0.2)
    raise AssertionError(f"{waiting} rows still wait on the devices")


def fresh_board_after(running: Running, version: int, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = board(running)
        if data["version"] > version:
            return data
        time.sleep(0.1)
    raise AssertionError("the board was not rebuilt")


def latest_board(running: Running) -> dict:
    """The board rebuilt after everything pushed so far."""
    version = running.hub.version
    running.hub.changed()
    return fresh_board_after(running, version)


@pytest.fixture
def hub(tmp_path):
    with Running(
        HubConfig(
            db=teacher_db(tmp_path / "teacher.sqlite3"), class_code="7B", code=CODE, address="http://127.0.0.1:8765"
        )
    ) as running:
        yield running


# -- 30 devices at once ----------------------------------------------------------------------------
def test_thirty_devices_answer_at_once_and_the_board_equals_the_class_report(tmp_path, hub, shipped_content):
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.reports.model import Filters

    students = [
        LiveStudent(tmp_path / f"device{i:02d}.sqlite3", f"S{i:02d}", "7B", shipped_content, "junior", seed=i)
        for i in range(30)
    ]
    for s in students:
        Store.open(s.db).close()
    pushers = [LivePush(s.db, hub.url, CODE, every=0.5, watch=0.05).start() for s in students]
    # four students play the whole track (pre-test to post-test: the gain), the others part of it
    threads = [
        threading.Thread(target=s.play, args=(1000 if i < 4 else 12, (0.0, 0.02))) for i, s in enumerate(students)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        settle([s.db for s in students], hub.hub.hub_id)
    finally:
        for p in pushers:
            p.stop()
    version = hub.hub.version
    hub.hub.changed()
    data = fresh_board_after(hub, version)

    # every answer arrived exactly once
    device_answers = [u for s in students for u in uuids(s.db)]
    teacher_answers = uuids(hub.hub.config.db)
    assert len(device_answers) == sum(len(s.commits) for s in students) > 30 * 12
    assert sorted(teacher_answers) == sorted(device_answers)
    for table in ("players", "sessions", "attempts"):
        assert sorted(uuids(hub.hub.config.db, table)) == sorted(u for s in students for u in uuids(s.db, table))
    by_student = {s.nickname: len(uuids(s.db)) for s in students}
    assert {s["nickname"]: s["answers"] for s in data["students"]} == by_student
    assert data["answers"] == len(device_answers)

    # the board's figures are the class report's on the teacher's database
    store = Store.open(hub.hub.config.db)
    try:
        report = build_report(store, Catalog.from_content(shipped_content), Filters(class_code="7B"))
    finally:
        store.close()
    assert sorted(s["nickname"] for s in data["students"]) == sorted(s.nickname for s in report.students)
    # the card's first-try score, counted by the board from its own rows, is the report's (counted in SQL)
    first = {s.nickname: None if s.first_percent is None else round(s.first_percent, 1) for s in report.students}
    assert {s["nickname"]: s["first_try"]["percent"] for s in data["students"]} == first
    assert len([v for v in first.values() if v is not None]) >= 4  # the four who played it all have one
    assert data["mean_first_percent"] == round(report.overview[1].mean_percent, 1)
    gain = [g for g in report.gain_classes if g.class_code == "7B"]
    assert gain and gain[0].n == 4
    assert data["gain"] == [
        {
            "track": g.track_id,
            "n": g.n,
            "pre": round(g.pre_percent, 1),
            "post": round(g.post_percent, 1),
            "g": round(g.gain, 2),
        }
        for g in gain
    ]
    items = {(i.level_id, i.role, i.question_id): i for i in report.items}
    scored = [q for q in data["questions"] if q["kind"] != "estimate"]  # the norms item is in no item analysis
    assert {(q["level"], q["role"], q["question"]) for q in scored} == set(items)
    for q in scored:
        item = items[(q["level"], q["role"], q["question"])]
        assert q["n"] == item.n
        assert {o["id"]: o["count"] for o in q["options"] if o["count"]} == {
            o.option_id: o.count for o in item.options if o.count
        }
    assert data["progress"]["students"] == 30 and data["progress"]["done"] == 30


# -- the hub stops mid-lesson ---------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _host(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "classroom",
            "host",
            "--class",
            "7B",
            "--db",
            str(db),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(f"http://127.0.0.1:{port}", "/api/hello", headers={"X-Join-Code": "x"})[0] == 403:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"the hub did not start: {proc.communicate(timeout=5)}")


def test_a_hub_stopped_mid_lesson_gets_every_row_after_its_restart(tmp_path, shipped_content):
    from game.classroom.hub.server import join_code

    teacher = teacher_db(tmp_path / "teacher.sqlite3")
    store = Store.open(teacher)
    code = join_code(store, "7B")  # kept on the teacher's database: the restarted hub has the same
    store.close()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _host(teacher, port)
    students = [
        LiveStudent(tmp_path / f"d{i}.sqlite3", f"R{i}", "7B", shipped_content, "junior", seed=i) for i in range(3)
    ]
    for s in students:
        Store.open(s.db).close()
    pushers = [LivePush(s.db, url, code, every=0.3, watch=0.05).start() for s in students]
    store = Store.open(teacher)
    hub_id = "hub:" + store.device_id()
    store.close()
    try:
        for s in students:  # the first part of the lesson reaches the hub
            s.play(8, end=None)
        settle([s.db for s in students], hub_id)
        proc.terminate()  # mid-lesson
        proc.wait(15)
        assert counts(teacher)["answers"] == 24
        threads = [threading.Thread(target=s.play, args=(16, (0.0, 0.01))) for s in students]
        for t in threads:  # the devices keep playing (and their pushes keep failing) while the hub is down
            t.start()
        for t in threads:
            t.join()
        assert counts(teacher)["answers"] == 24  # the rest waits on the devices
        proc = _host(teacher, port)
        settle([s.db for s in students], hub_id)
    finally:
        for p in pushers:
            p.stop()
        proc.terminate()
        proc.wait(15)
    device_answers = [u for s in students for u in uuids(s.db)]
    assert len(device_answers) == 72
    assert sorted(uuids(teacher)) == sorted(device_answers)  # every one, none twice
    totals = counts(teacher)
    for table in ("players", "sessions", "attempts"):
        assert totals[table] == sum(counts(s.db)[table] for s in students)


def test_a_push_whose_answer_is_lost_is_sent_again_and_adds_nothing_twice(tmp_path, shipped_content):
    fails = {"left": 1}

    def lose_the_answer():
        if fails["left"]:
            fails["left"] -= 1
            raise RuntimeError("the connection dropped after the hub's commit")

    teacher = teacher_db(tmp_path / "teacher.sqlite3")
    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Ann", "7B", shipped_content, "junior").play(9)
    with Running(
        HubConfig(db=teacher, class_code="7B", code=CODE, address="x", after_commit=lose_the_answer)
    ) as running:
        store = Store.open(device)
        try:
            pusher = Pusher(store, running.url, CODE)
            with pytest.raises(Exception):  # noqa: B017 - whatever the dropped connection raises
                pusher.push()
            assert counts(teacher)["answers"] == 9  # committed on the hub, not acknowledged on the device
            assert sum(pending(store, running.hub.hub_id).values()) > 0
            again = pusher.push()
            assert again.sent["answers"] == 9 and sum(pending(store, running.hub.hub_id).values()) == 0
        finally:
            store.close()
    assert sorted(uuids(teacher)) == sorted(uuids(device))


def test_a_finished_level_reaches_the_hub_as_an_update_of_the_open_one(tmp_path, hub, shipped_content):
    from game.outcomes import AnswerChosen, LevelFinished
    from game.session import Player, Recorder

    device = tmp_path / "device.sqlite3"
    store = Store.open(device)
    try:
        player = Player(store.add_player("Bo", "7B", "junior"), "Bo", "7B", "junior")
        recorder = Recorder(store, player, "junior", "zh-CN", "v", "classroom")
        recorder.begin_level("junior-pre", "quiz", "pre")
        recorder.record(AnswerChosen("jq-meth-look", ("a",), True, 10, 10, 900))
        pusher = Pusher(store, hub.url, CODE)
        pusher.push()
        assert board(hub)["students"][0]["stage"] in ("waiting", "pre")
        recorder.record(LevelFinished(10, 10, True))
        recorder.end("finished")
        pusher.push()
    finally:
        store.close()
    conn = sqlite3.connect(hub.hub.config.db)
    assert conn.execute("SELECT status, score FROM attempts").fetchall() == [("finished", 10)]
    assert conn.execute("SELECT status FROM sessions").fetchall() == [("finished",)]
    conn.close()


def test_a_device_sends_only_the_hubs_class_and_skips_the_others_for_good(tmp_path, hub, shipped_content):
    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Old", "7A", shipped_content, "junior").play(5)  # an earlier lesson of another class
    LiveStudent(device, "New", "7B", shipped_content, "junior").play(4)
    store = Store.open(device)
    try:
        result = Pusher(store, hub.url, CODE).push()
        assert result.sent["answers"] == 4 and result.sent["players"] == 1
        assert sum(pending(store, hub.hub.hub_id).values()) == 0  # the 7A rows are not for this hub: never sent
    finally:
        store.close()
    assert [s["nickname"] for s in board(hub)["students"]] == ["New"]


# -- hostile requests -------------------------------------------------------------------------------
def _push_body(nickname: str = "Ann", class_code: str = "7B", **changes) -> dict:
    now = "2026-12-01T08:00:00.000Z"
    p, s, t, a = (str(uuid.uuid4()) for _ in range(4))
    body = {
        "device_id": str(uuid.uuid4()),
        "schema_version": 3,
        "rows": {
            "players": [
                {
                    "uuid": p,
                    "class_code": class_code,
                    "nickname": nickname,
                    "age_group": "junior",
                    "created_at": now,
                    "rev": 1,
                }
            ],
            "sessions": [
                {
                    "uuid": s,
                    "player_uuid": p,
                    "track_id": "junior",
                    "lang": "zh-CN",
                    "mode": "classroom",
                    "content_version": "v",
                    "game_version": "0.1.0",
                    "started_at": now,
                    "ended_at": None,
                    "status": "open",
                    "rev": 2,
                }
            ],
            "attempts": [
                {
                    "uuid": t,
                    "session_uuid": s,
                    "level_id": "junior-pre",
                    "level_type": "quiz",
                    "role": "pre",
                    "started_at": now,
                    "ended_at": None,
                    "score": None,
                    "max_score": None,
                    "passed": None,
                    "status": "open",
                    "rev": 3,
                }
            ],
            "answers": [
                {
                    "uuid": a,
                    "attempt_uuid": t,
                    "question_id": "jq-meth-look",
                    "chosen": "a",
                    "correct": 1,
                    "score": 10,
                    "max_score": 10,
                    "response_ms": 1200,
                    "answered_at": now,
                    "rev": 4,
                }
            ],
            "events": [],
        },
    }
    for path, value in changes.items():
        table, field = path.split("__")
        body["rows"][table][0][field] = value
    return body


def _send(url: str, body, code: str = CODE, raw: bytes | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    return request(url, "/api/push", data, {"X-Join-Code": code})


def test_a_good_push_is_stored_once(hub):
    body = _push_body()
    assert _send(hub.url, body)[0] == 200
    assert _send(hub.url, body)[0] == 200  # sent again: nothing doubled
    assert counts(hub.hub.config.db) == {"players": 1, "sessions": 1, "attempts": 1, "answers": 1, "events": 0}


HOSTILE = {
    "wrong code": (lambda url: _send(url, _push_body(), code="WRONG1"), 403),
    "no code": (lambda url: request(url, "/api/push", json.dumps(_push_body()).encode())[0:2], 403),
    "another class": (lambda url: _send(url, _push_body(class_code="7A")), 403),
    "malformed JSON": (lambda url: _send(url, None, raw=b'{"device_id": "x", "rows": {'), 400),
    "not UTF-8": (lambda url: _send(url, None, raw=b"\xff\xfe{}"), 400),
    "a list, not an object": (lambda url: _send(url, [1, 2]), 422),
    "HTML in a nickname": (lambda url: _send(url, _push_body(nickname="<img src=x onerror=alert(1)>")), 422),
    "SQL in a nickname": (lambda url: _send(url, _push_body(nickname="x'); DROP TABLE players;--")), 422),
    "a string for a number": (lambda url: _send(url, _push_body(answers__correct="1")), 422),
    "true for 1": (lambda url: _send(url, _push_body(answers__correct=True)), 422),
    "an unknown field": (lambda url: _send(url, _push_body(answers__secret="x")), 422),
    "an unknown status": (lambda url: _send(url, _push_body(attempts__status="hacked")), 422),
    "not a time": (lambda url: _send(url, _push_body(answers__answered_at="yesterday")), 422),
    "a missing parent": (lambda url: _send(url, _push_body(answers__attempt_uuid=str(uuid.uuid4()))), 422),
    "a newer game": (lambda url: _send(url, {**_push_body(), "schema_version": 99}), 409),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_pushes_are_refused_and_write_nothing(hub, case):
    send, status = HOSTILE[case]
    before = counts(hub.hub.config.db)
    got, data = send(hub.url)
    assert got == status, data
    assert isinstance(data.get("error"), str) and data["error"]
    assert counts(hub.hub.config.db) == before


def test_an_oversized_body_is_refused_before_it_is_read(hub):
    def refused(data) -> int:
        """The status of the answer; 413 also when the hub answered and closed while the body was
        still on its way (the client then sees the connection reset instead of the answer)."""
        headers = {"X-Join-Code": CODE, **({} if isinstance(data, bytes) else {"Transfer-Encoding": "chunked"})}
        req = urllib.request.Request(hub.url + "/api/push", data=data, method="POST", headers=headers)
        try:
            with OPENER.open(req, timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (urllib.error.URLError, ConnectionError):
            return 413

    before = counts(hub.hub.config.db)
    assert refused(b" " * (BODY_LIMIT + 1)) == 413  # by its Content-Length, before reading it
    assert refused(iter([b" " * 65536] * (BODY_LIMIT // 65536 + 2))) == 413  # no length: cut off as it streams in
    assert counts(hub.hub.config.db) == before
    assert _send(hub.url, _push_body())[0] == 200  # and the hub goes on taking pushes


def test_rows_of_another_class_already_on_the_teachers_machine_cannot_be_reached(hub):
    from game.session import Player, Recorder

    store = Store.open(hub.hub.config.db)  # last week's class 7A on the teacher's machine
    player_id = store.add_player("Cy", "7A", "junior")
    recorder = Recorder(store, Player(player_id, "Cy", "7A", "junior"), "junior", "zh-CN", "v")
    recorder.begin_level("junior-pre", "quiz", "pre")
    their_player = store.players()[0]["uuid"]
    store.close()
    before = counts(hub.hub.config.db)
    body = _push_body()
    body["rows"]["players"][0] = {**body["rows"]["players"][0], "uuid": their_player}  # a 7B row under a 7A uuid
    assert _send(hub.url, body)[0] == 403
    assert counts(hub.hub.config.db) == before


def test_guessing_join_codes_is_slowed_down(hub):
    statuses = [_send(hub.url, _push_body(), code=f"GUESS{i}")[0] for i in range(22)]
    assert statuses[:20] == [403] * 20 and statuses[-1] == 429
    assert _send(hub.url, _push_body())[0] == 429  # the right code too, for that minute


def test_the_board_needs_the_teacher_pin(hub):
    for path in ("/api/board", "/api/stream", "/api/catalog", "/qr.svg", "/report.html", "/report.zip"):
        assert request(hub.url, path)[0] == 401
        assert request(hub.url, path, headers={"Cookie": "jindu_board=9999999999.forged"})[0] == 401
    with OPENER.open(hub.url + "/", timeout=10) as page:
        assert page.url.endswith("/login")
    status, data = request(hub.url, "/api/login", json.dumps({"pin": "0000"}).encode())
    assert status == 401 and data["tries_left"] == 4
    req = urllib.request.Request(
        hub.url + "/api/login",
        data=json.dumps({"pin": PIN}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with OPENER.open(req, timeout=20) as response:
        cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "strict" in cookie.lower()
    token = cookie.split(";")[0]
    assert request(hub.url, "/api/board", headers={"Cookie": token})[0] == 200
    for _ in range(3):  # the right PIN above started this address afresh
        assert request(hub.url, "/api/login", json.dumps({"pin": "0000"}).encode())[0] == 401
    assert request(hub.url, "/api/login", json.dumps({"pin": "0000"}).encode())[0] == 401  # the 4th miss: now it waits
    status, data = request(hub.url, "/api/login", json.dumps({"pin": PIN}).encode())
    assert status == 429 and data["error"] == "wait" and data["wait_seconds"] >= 1  # this address, before the PIN
    store = Store.open(hub.hub.config.db)
    try:
        assert PinGuard(store).check(PIN).ok  # the game's teacher area on the teacher's machine is not locked
    finally:
        store.close()


def test_guessing_the_teacher_pin_slows_that_address_down_ever_more(tmp_path):
    from game.classroom.hub.server import SIGN_IN_FREE, SIGN_IN_WAIT, Hub

    clock = {"now": 1_800_000_000.0}
    db = teacher_db(tmp_path / "teacher.sqlite3")
    hub = Hub(HubConfig(db=db, class_code="7B", code=CODE, address="x", now=lambda: clock["now"]))
    hub.writer = Store.open(db)
    try:
        waits = []
        for _ in range(SIGN_IN_FREE + 4):
            clock["now"] += hub.sign_in_wait("10.0.0.66") + 0.001  # the student waits as long as told, then guesses
            assert not hub.check_pin("0000", "10.0.0.66").ok
            waits.append(round(hub.sign_in_wait("10.0.0.66"), 2))
        assert waits == [0, 0, 0] + [SIGN_IN_WAIT * 2**i for i in range(4)]  # growing back-off
        assert hub.sign_in_wait("10.0.0.20") == 0  # the teacher's computer is another address
        clock["now"] += 120  # past the hub's PIN lock (5 misses in all)
        assert hub.check_pin(PIN, "10.0.0.20").ok
        assert PinGuard(hub.writer, now=lambda: clock["now"]).check(PIN).ok  # the teacher area's lock is its own
    finally:
        hub.writer.close()


def test_the_report_links_render_the_class_report_on_request(tmp_path, hub, shipped_content):
    import io
    import zipfile

    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Di", "7B", shipped_content, "junior").play(1000)
    store = Store.open(device)
    Pusher(store, hub.url, CODE).push()
    store.close()
    cookie = {"Cookie": "jindu_board=" + hub.hub.token()}
    with OPENER.open(urllib.request.Request(hub.url + "/report.html?lang=en", headers=cookie), timeout=30) as page:
        html = page.read().decode()
        assert "<script" not in html and "Di" in html
    with OPENER.open(urllib.request.Request(hub.url + "/report.zip", headers=cookie), timeout=30) as response:
        names = zipfile.ZipFile(io.BytesIO(response.read())).namelist()
    assert "students.csv" in names and "items.csv" in names
    with OPENER.open(urllib.request.Request(hub.url + "/qr.svg", headers=cookie), timeout=10) as response:
        assert response.headers["content-type"].startswith("image/svg+xml") and b"<svg" in response.read()


# -- the command line ---------------------------------------------------------------------------------
def test_host_refuses_to_start_without_a_teacher_pin_and_says_how(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "classroom",
            "host",
            "--class",
            "7B",
            "--db",
            str(tmp_path / "t.sqlite3"),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=ROOT,
    )
    assert out.returncode == 1 and "--pin-stdin" in out.stderr and "Traceback" not in out.stderr


def test_play_refuses_a_code_without_a_hub():
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--code", "ABC"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert out.returncode == 2 and "--hub" in out.stderr


# -- every kind of row the game writes reaches the hub ---------------------------------------------------
def _play_every_kind(device: Path) -> list[str]:
    """A device's database with every kind of row the game can write: English word nicknames with digits,
    a 16-character name, Chinese with a joiner, a retention re-test, events, answers with positions."""
    from game.names import NAME_MAX
    from game.outcomes import AnswerChosen, GameEvent, LevelFinished
    from game.session import Player, Recorder

    names = ["Kind Owl", "Brave Panda 23", "Hungry Panda 123", "小明·王", "Li.Lei", "座号-12"]
    assert len(names[2]) == NAME_MAX == 16
    store = Store.open(device)
    try:
        for i, name in enumerate(names):
            player = Player(store.add_player(name, "7B", "junior"), name, "7B", "junior")
            recorder = Recorder(store, player, "junior", "en" if i % 2 else "zh-CN", "v", "classroom")
            for role in ("retention", "pre", "level"):
                recorder.begin_level("junior-pre", "quiz", role)
                recorder.record(AnswerChosen("jq-meth-look", ("a",), True, 10, 10, 900 + i, position=2))
                recorder.record(AnswerChosen("jq-meth-look", ("b", "c"), False, 0, 10, 1200))  # no position
                recorder.record(GameEvent("hit", {"drug": "meth", "n": i}, 1500))
                recorder.record(LevelFinished(10, 20, role != "level"))
            recorder.end("finished" if i % 3 else "quit")
    finally:
        store.close()
    return names


def _all_rows(db: Path) -> dict[str, dict[str, dict]]:
    """Every play row by table and uuid, every column, as a session file carries them."""
    from game.store.sessionfile import read_payload

    store = Store.open(db)
    try:
        return {t: {r["uuid"]: r for r in rows} for t, rows in read_payload(store).items()}
    finally:
        store.close()


def test_every_kind_of_row_the_game_writes_reaches_the_hub_with_every_column(tmp_path, hub):
    device = tmp_path / "device.sqlite3"
    names = _play_every_kind(device)
    store = Store.open(device)
    try:
        pusher = Pusher(store, hub.url, CODE)
        pusher.push()
        assert pusher.refused == {} and not pusher.held(pusher.info)
        assert sum(pending(store, hub.hub.hub_id).values()) == 0
    finally:
        store.close()
    mine, theirs = _all_rows(device), _all_rows(hub.hub.config.db)
    for table in TABLES:
        assert mine[table], table
        assert set(theirs[table]) == set(mine[table]), table
        for row_uuid, row in mine[table].items():
            hub_row = {k: v for k, v in theirs[table][row_uuid].items() if k != "rev"}  # rev: each database's own
            assert hub_row == {k: v for k, v in row.items() if k != "rev"}, (table, row_uuid)
    assert {r["position"] for r in theirs["answers"].values()} == {2, None}
    data = latest_board(hub)
    assert sorted(s["nickname"] for s in data["students"]) == sorted(names)
    assert data["progress"]["retention"] == 0  # every session ended; a re-test in play counts below


def test_a_retention_re_test_in_play_is_a_stage_of_the_board(tmp_path, hub):
    from game.outcomes import AnswerChosen
    from game.session import Player, Recorder

    store = Store.open(tmp_path / "device.sqlite3")
    try:
        recorder = Recorder(
            store,
            Player(store.add_player("Kind Owl", "7B", "junior"), "Kind Owl", "7B", "junior"),
            "junior",
            "en",
            "v",
            "classroom",
        )
        recorder.begin_level("junior-pre", "quiz", "retention")
        recorder.record(AnswerChosen("jq-meth-look", ("a",), True, 10, 10, 900))
        Pusher(store, hub.url, CODE).push()
    finally:
        store.close()
    data = latest_board(hub)
    assert [s["stage"] for s in data["students"]] == ["retention"] and data["progress"]["retention"] == 1


def test_a_refused_row_holds_back_only_its_student(tmp_path, hub, shipped_content):
    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Ann", "7B", shipped_content, "junior", seed=1).play(3)
    store = Store.open(device)
    bad = store.add_player("Bo", "7B", "junior")
    store.conn.execute("UPDATE players SET nickname = 'Bo<script>' WHERE id = ?", (bad,))  # no game writes this
    bad_uuid = store.conn.execute("SELECT uuid FROM players WHERE id = ?", (bad,)).fetchone()[0]
    store.close()
    LiveStudent(device, "Cy", "7B", shipped_content, "junior", seed=2).play(4)
    store = Store.open(device)
    try:
        pusher = Pusher(store, hub.url, CODE)
        result = pusher.push()
        assert pusher.held(pusher.info) == {bad_uuid}
        assert bad_uuid in pusher.refused[bad_uuid] and "nickname" in pusher.refused[bad_uuid]  # the hub named the row
        assert result.pushes == 2
        LiveStudent(device, "Di", "7B", shipped_content, "junior", seed=3).play(2)  # play goes on after the refusal
        pusher.push()
        # the refused student is offered again by the next pusher (the next game start), and refused again
        store.conn.execute("UPDATE players SET nickname = 'Bo' WHERE id = ?", (bad,))  # e.g. a hub updated since
        again = Pusher(store, hub.url, CODE)
        again.push()
        assert again.held(again.info) == set() and again.refused == {}
    finally:
        store.close()
    assert sorted(s["nickname"] for s in latest_board(hub)["students"]) == ["Ann", "Bo", "Cy", "Di"]
    assert sorted(uuids(hub.hub.config.db)) == sorted(uuids(device))


def test_the_hub_takes_every_nickname_the_game_stores_and_only_those():
    """The hub's intake and the game's nickname filter share one rule (game/names.py)."""
    from pydantic import ValidationError

    from game.classroom.hub.intake import PlayerRow
    from game.content.nickname import check_nickname

    row = {
        "uuid": str(uuid.uuid4()),
        "class_code": "7B",
        "age_group": "junior",
        "created_at": "2026-12-01T08:00:00Z",
        "rev": 1,
    }
    for typed in (
        "Kind Owl",
        "Brave Panda 23",
        "Hungry Panda 123",
        "小明·王",
        "Li.Lei",
        "座号-12",
        "x" * 16,
        "x" * 17,
        "Kind  Owl",
        " Owl",
        "Owl\t1",
        "<b>",
        "·",
        "Zoë",
        "KID😀",
        "ＡＢＣ",
    ):
        verdict = check_nickname(typed)
        stored = verdict.name if verdict.ok else typed
        try:
            PlayerRow.model_validate({**row, "nickname": stored})
            taken = True
        except ValidationError:
            taken = False
        assert taken == verdict.ok, typed


# -- the lesson window -----------------------------------------------------------------------------------
def test_the_board_shows_this_lesson_not_last_weeks(tmp_path, shipped_content):
    """Last week's lesson of the same class on the teacher's machine: the board shows today's lesson
    only, figures included; --since widens the window."""
    from game.classroom.hub.server import utc_iso

    teacher = teacher_db(tmp_path / "teacher.sqlite3")
    for name, seed in (("Bea", 1), ("Old", 2)):  # last week, straight into the teacher's database
        LiveStudent(teacher, name, "7B", shipped_content, "junior", seed=seed).play(1000)
    conn = sqlite3.connect(teacher)
    with conn:
        for table, column in (
            ("players", "created_at"),
            ("sessions", "started_at"),
            ("attempts", "started_at"),
            ("answers", "answered_at"),
        ):
            conn.execute(f"UPDATE {table} SET {column} = '2026-11-24T08:00:00.000Z'")
    conn.close()
    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Ann", "7B", shipped_content, "junior", seed=3, skill=0.0).play(6, end=None)
    with Running(HubConfig(db=teacher, class_code="7B", code=CODE, address="x")) as running:
        store = Store.open(device)
        try:
            Pusher(store, running.url, CODE).push()
        finally:
            store.close()
        data = latest_board(running)
        assert [s["nickname"] for s in data["students"]] == ["Ann"] and data["answers"] == 6
        assert data["students"][0]["stage"] != "done" and data["progress"]["done"] == 0
        assert data["mean_first_percent"] is None and data["gain"] == []  # last week's figures are not today's
        assert utc_iso(time.time() - 3600) < data["join"]["since"] < utc_iso(time.time())
    with Running(
        HubConfig(db=teacher, class_code="7B", code=CODE, address="x", since="2026-11-01T00:00:00.000Z")
    ) as running:
        data = latest_board(running)
        assert [s["nickname"] for s in data["students"]] == ["Bea", "Old", "Ann"]


def test_a_hub_restarted_mid_lesson_keeps_its_lesson(tmp_path):
    from game.classroom.hub.server import LESSON_HOURS, lesson_since

    store = Store.open(teacher_db(tmp_path / "teacher.sqlite3"))
    try:
        first = lesson_since(store, "7B", None, 1_800_000_000.0)
        assert lesson_since(store, "7B", None, 1_800_000_000.0 + 600) == first  # restarted ten minutes later
        later = lesson_since(store, "7B", None, 1_800_000_000.0 + 600 + LESSON_HOURS * 3600 + 1)
        assert later > first  # the next lesson
        assert lesson_since(store, "7A", None, 1_800_000_000.0 + 600) != first  # each class its own
        assert lesson_since(store, "7B", "2026-01-01T00:00:00.000Z", 0) == "2026-01-01T00:00:00.000Z"
    finally:
        store.close()


def test_since_takes_a_time_of_day_or_a_date():
    import datetime as dt

    from game.classroom.hub.cli import since_time

    day = dt.date(2026, 12, 1)
    local = dt.datetime(2026, 12, 1, 8, 30).astimezone()
    assert since_time("08:30", today=day) == local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert since_time("2026-12-01 08:30") == since_time("08:30", today=day)
    assert since_time("2026-12-01") < since_time("08:30", today=day)
    with pytest.raises(argparse.ArgumentTypeError):
        since_time("yesterday")


def test_a_second_device_pushing_the_same_nickname_adds_nothing_to_the_first(tmp_path, hub, shipped_content):
    """Anyone with the join code can push: a second "Tom" is a student of its own on the hub, and the
    board tells the two apart."""
    first, second = tmp_path / "tom.sqlite3", tmp_path / "impostor.sqlite3"
    LiveStudent(first, "Tom", "7B", shipped_content, "junior", seed=1, skill=1.0).play(6, end=None)
    LiveStudent(second, "Tom", "7B", shipped_content, "junior", seed=2, skill=0.0).play(9)
    for device in (first, second):
        store = Store.open(device)
        try:
            Pusher(store, hub.url, CODE).push()
        finally:
            store.close()
    conn = sqlite3.connect(hub.hub.config.db)
    try:
        players = conn.execute("SELECT uuid FROM players WHERE nickname = 'Tom' ORDER BY id").fetchall()
        assert [p[0] for p in players] == uuids(first, "players") + uuids(second, "players")
        toms = conn.execute(
            "SELECT p.uuid, COUNT(a.id) FROM players p JOIN sessions s ON s.player_id = p.id"
            " JOIN attempts t ON t.session_id = s.id JOIN answers a ON a.attempt_id = t.id"
            " GROUP BY p.id ORDER BY p.id"
        ).fetchall()
    finally:
        conn.close()
    assert toms == [(uuids(first, "players")[0], 6), (uuids(second, "players")[0], 9)]
    cards = {s["nickname"]: s for s in latest_board(hub)["students"]}
    assert set(cards) == {"Tom", "Tom (2)"} and cards["Tom"]["answers"] == 6 and cards["Tom (2)"]["answers"] == 9


# -- the push thread never dies ------------------------------------------------------------------------
class _DyingHub:
    """A 'hub' on 127.0.0.1 that answers 200 with a promised length, sends part of it and hangs up."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    self.requests += 1
                    conn.sendall(
                        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"hub": '
                    )
                except OSError:
                    pass

    def close(self):
        self.sock.close()


def test_a_hub_that_dies_mid_answer_is_a_hub_error_and_the_thread_goes_on(tmp_path, hub, shipped_content):
    from game.classroom.live import HubError

    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Ann", "7B", shipped_content, "junior").play(4)
    dying = _DyingHub()
    try:
        store = Store.open(device)
        try:
            with pytest.raises(HubError, match="cannot reach"):  # IncompleteRead, as the rows' reason to wait
                Pusher(store, dying.url, CODE, timeout=2).push()
        finally:
            store.close()
        live = LivePush(device, dying.url, CODE, every=0.1, watch=0.05, timeout=2).start()
        try:
            deadline = time.monotonic() + 60  # generous: a pass returns at once
            while dying.requests < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert dying.requests >= 3 and live.thread.is_alive() and live.state == "waiting"
        finally:
            live.stop()
    finally:
        dying.close()


def test_an_unexpected_error_in_a_round_does_not_end_the_push_thread(tmp_path, hub, shipped_content, monkeypatch):
    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Ann", "7B", shipped_content, "junior").play(4)
    live = LivePush(device, hub.url, CODE, every=0.1, watch=0.05)
    real, fails = live._target, {"left": 3}

    def flaky(store):
        if fails["left"]:
            fails["left"] -= 1
            raise RuntimeError("something nobody planned for")
        return real(store)

    monkeypatch.setattr(live, "_target", flaky)
    live.start()
    try:
        deadline = time.monotonic() + 60  # generous: a pass returns at once
        while live.state != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fails["left"] == 0 and live.thread.is_alive() and live.state == "ok"
    finally:
        live.stop()
    assert sorted(uuids(hub.hub.config.db)) == sorted(uuids(device))


# -- the listening socket ----------------------------------------------------------------------------------
def test_the_listening_socket_options_are_chosen_per_platform():
    from game.classroom.hub.server import socket_options

    assert socket_options("win32") == ["SO_EXCLUSIVEADDRUSE"]  # SO_REUSEADDR there lets a second hub in
    assert socket_options("linux") == socket_options("darwin") == ["SO_REUSEADDR"]
    if sys.platform == "win32":
        assert socket_options() == ["SO_EXCLUSIVEADDRUSE"]
    else:
        assert socket_options() == ["SO_REUSEADDR"]


def test_a_second_hub_cannot_take_the_port_of_a_running_one():
    from game.classroom.hub.server import bind

    first = bind("127.0.0.1", 0)
    try:
        with pytest.raises(OSError):
            bind("127.0.0.1", first.getsockname()[1]).close()
    finally:
        first.close()


def test_a_push_is_checked_in_a_worker_thread_not_on_the_event_loop(tmp_path, monkeypatch):
    """JSON and pydantic over a 2 MB push take tens of milliseconds: never on the loop that serves the board."""
    import asyncio

    from game.classroom.hub import intake

    seen = []
    real = intake.read_push

    def spy(body: bytes):
        try:
            asyncio.get_running_loop()
            seen.append("event loop")
        except RuntimeError:
            seen.append("worker thread")
        return real(body)

    monkeypatch.setattr(intake, "read_push", spy)
    with Running(
        HubConfig(db=teacher_db(tmp_path / "teacher.sqlite3"), class_code="7B", code=CODE, address="x")
    ) as running:
        assert _send(running.url, _push_body())[0] == 200
        assert _send(running.url, None, raw=b"{not json")[0] == 400  # a refusal from the worker still answers
    assert seen == ["worker thread", "worker thread"]


# -- the device shows how its push is doing ----------------------------------------------------------------
def _title_lines(app) -> list[str]:
    """Every string put on the screen in one frame (drawn in a box, or rendered and placed)."""
    drawn: list[str] = []
    text = app.ctx.text
    draw, render = text.draw, text.render
    text.draw = lambda surface, s, *args, **kwargs: drawn.append(s) or draw(surface, s, *args, **kwargs)
    text.render = lambda s, *args, **kwargs: drawn.append(s) or render(s, *args, **kwargs)
    try:
        app.draw()
    finally:
        text.draw, text.render = draw, render
    return drawn


def _device_app(tmp_path, content, url: str, lang: str = "zh-CN"):
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    app = build_app(
        AppConfig(
            db=tmp_path / f"device-{lang}.sqlite3",
            lang=lang,
            window=(960, 540),
            seed=1,
            muted=True,
            speech="none",
            class_code="7B",
            live=True,
            hub=url,
            hub_code=CODE,
        ),
        content=content,
    )
    pilot = Pilot(app)
    pilot.frame(2)  # the push starts after the first frame
    return app, pilot


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_title_says_the_hub_is_connected_or_not_reachable(tmp_path, hub, shipped_content, lang):
    app, pilot = _device_app(tmp_path, shipped_content, hub.url, lang)
    try:
        pilot.wait_for(lambda: app.ctx.live.state == "ok", what="connected")
        assert app.ctx.tr("live.ok") in _title_lines(app)
    finally:
        app.close()
    gone = _free_port()  # nothing listens there: the hub is not reachable
    app, pilot = _device_app(tmp_path / "b", shipped_content, f"http://127.0.0.1:{gone}", lang)
    try:
        pilot.wait_for(lambda: app.ctx.live.state == "waiting", what="not reachable")
        lines = _title_lines(app)
        assert app.ctx.tr("live.waiting_kept") in lines
        assert not any("Error" in line or "127.0.0.1" in line for line in lines)  # no error text for a student
    finally:
        app.close()


def test_the_status_line_counts_the_answers_waiting(tmp_path, hub, shipped_content):
    from game.classroom.live import status_line

    device = tmp_path / "device.sqlite3"
    LiveStudent(device, "Ann", "7B", shipped_content, "junior", seed=1).play(3, end=None)
    live = LivePush(device, hub.url, CODE)
    assert status_line(live) == ("live.connecting", {})
    store = Store.open(device)
    try:
        pusher = Pusher(store, hub.url, CODE)
        live._push(pusher, False)
        assert (live.state, live.waiting, status_line(live)) == ("ok", 0, ("live.ok", {}))
        LiveStudent(device, "Bo", "7B", shipped_content, "junior", seed=2).play(4, end=None)
        pusher.url = f"http://127.0.0.1:{_free_port()}"  # the hub's machine went away
        live._push(pusher, False)
        assert status_line(live) == ("live.waiting", {"n": 4})  # Bo's four answers wait on the device
        pusher.url, pusher.code = hub.url, "WRONG1"
        pusher.info = None
        live._push(pusher, False)
        assert status_line(live) == ("live.refused", {})
    finally:
        store.close()
    live.state = "off"
    assert status_line(live) is None and status_line(None) is None


def _push_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "classroom-push"]


def test_the_push_thread_runs_only_once_a_hub_is_set(tmp_path, shipped_content):
    from game.app import AppConfig, build_app
    from game.classroom.live import CODE_KEY, HUB_KEY
    from game.pilot import Pilot
    from game.scenes.class_code import ClassCodeScene

    before = set(_push_threads())
    db = tmp_path / "device.sqlite3"
    app = build_app(
        AppConfig(db=db, window=(960, 540), seed=1, muted=True, speech="none", live=True), content=shipped_content
    )
    try:
        pilot = Pilot(app)
        pilot.frame(3)
        assert app.ctx.live is None and set(_push_threads()) == before  # no hub: no thread
        scene = ClassCodeScene(app.ctx)
        scene._save("7B", "127.0.0.1:9", "abc123")  # the teacher sets a hub on the Device class screen
        assert app.ctx.live is not None and app.ctx.live.thread in _push_threads()
    finally:
        app.close()
    assert not app.ctx.live.thread.is_alive()
    store = Store.open(db)  # the next start: the hub remembered on the device
    assert store.setting(HUB_KEY) == "http://127.0.0.1:9" and store.setting(CODE_KEY) == "ABC123"
    store.close()
    app = build_app(
        AppConfig(db=db, window=(960, 540), seed=1, muted=True, speech="none", live=True), content=shipped_content
    )
    try:
        Pilot(app).frame(3)
        assert app.ctx.live is not None and app.ctx.live.thread.is_alive()
    finally:
        app.close()


def test_idle_and_the_lesson_window_follow_the_hubs_clock(tmp_path, shipped_content):
    """The hub reads every time through HubConfig.now: moved here by hand, no waiting. 'No progress'
    comes at IDLE_SECONDS after the last rows arrived and goes with the next; a hub started again within
    LESSON_HOURS keeps its lesson, one started later begins the next (last lesson's rows leave the board)."""
    from game.classroom.hub.board import IDLE_SECONDS
    from game.classroom.hub.server import LESSON_HOURS

    clock = [float(int(time.time()))]  # anchored once: the device stamps its rows with the real time
    teacher = teacher_db(tmp_path / "teacher.sqlite3")
    device = tmp_path / "device.sqlite3"
    config = HubConfig(db=teacher, class_code="7B", code=CODE, address="x", now=lambda: clock[0])

    def ann(data: dict) -> dict:
        return next(s for s in data["students"] if s["nickname"] == "Ann")

    with Running(config) as running:
        student = LiveStudent(device, "Ann", "7B", shipped_content, "junior", seed=1)
        student.play(3, end=None)
        push(device, running.url)
        assert "idle" not in ann(latest_board(running))["help"]
        clock[0] += IDLE_SECONDS - 1
        assert "idle" not in ann(latest_board(running))["help"]
        clock[0] += 2
        card = ann(latest_board(running))
        assert "idle" in card["help"] and card["idle_seconds"] == IDLE_SECONDS + 1
        LiveStudent(device, "Bo", "7B", shipped_content, "junior", seed=2).play(1, end=None)
        push(device, running.url)
        data = latest_board(running)
        bo = next(s for s in data["students"] if s["nickname"] == "Bo")
        assert "idle" not in bo["help"] and "idle" in ann(data)["help"]  # Bo's rows just arrived; Ann's did not move
        since = data["join"]["since"]
    clock[0] += 600  # restarted ten minutes later: the same lesson, Ann still on the board
    with Running(config) as running:
        data = latest_board(running)
        assert data["join"]["since"] == since and ann(data)["answers"] == 3
    clock[0] += LESSON_HOURS * 3600 + 1  # the next lesson: last lesson's rows are not on its board
    with Running(config) as running:
        data = latest_board(running)
        assert data["join"]["since"] > since and data["students"] == []


# -- the address students are shown ----------------------------------------------------------------------
class _RouteSocket:
    """Stands in for a UDP socket: connect() only records where to (a real one sends nothing either)."""

    def __init__(self, source: str | None):
        self.source, self.connected = source, None

    def __call__(self, *args):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def connect(self, address):
        if self.source is None:
            raise OSError(101, "Network is unreachable")  # no default route
        self.connected = address

    def getsockname(self):
        return (self.source, 54321)


def test_the_address_shown_is_the_default_routes_and_falls_back_clearly():
    import ipaddress

    from game.classroom.hub.cli import PROBE, choose_address, default_route_address

    fake = _RouteSocket("192.168.1.20")
    assert default_route_address(fake) == "192.168.1.20" and fake.connected == PROBE
    assert ipaddress.ip_address(PROBE[0]).is_private and not ipaddress.ip_address(PROBE[0]).is_global  # no real host
    assert default_route_address(_RouteSocket(None)) is None
    assert default_route_address(_RouteSocket("127.0.1.1")) is None  # loopback is never shown to students
    host, note = choose_address("192.168.1.20", ["10.0.0.5", "192.168.1.20"])
    assert host == "192.168.1.20" and "10.0.0.5" in note and "--bind" in note
    assert choose_address("192.168.1.20", ["192.168.1.20"]) == ("192.168.1.20", "")
    host, note = choose_address(None, ["10.0.0.5"])
    assert host == "10.0.0.5" and "no default route" in note
    host, note = choose_address(None, ["10.0.0.5", "192.168.1.20"])
    assert host is None and "--bind" in note and "10.0.0.5" in note
    host, note = choose_address(None, [])
    assert host == "127.0.0.1" and "this machine only" in note
    real = default_route_address()  # this machine: its default route's address, or none
    assert real is None or not real.startswith("127.")
