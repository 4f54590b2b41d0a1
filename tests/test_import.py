"""Session files: several classroom devices exported, merged on the teacher's machine.

Same file twice adds nothing; overlapping students (same nickname + class on two devices) become one
student without duplicated answers; truncated, foreign, damaged and newer-schema files are refused
with one clear line, and a file refused half-way writes nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.store import Store
from game.store.db import SCHEMA_VERSION
from game.store.sessionfile import (
    SessionFileError,
    export_session,
    import_session,
    read_session_file,
)

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("players", "sessions", "attempts", "answers", "events")


def play(store: Store, nickname: str, class_code: str, answers: list[tuple[str, bool]]) -> None:
    """One student's session through the store's own write methods, as the game makes it."""
    player = store.add_player(nickname, class_code, "junior")
    session = store.start_session(player, "junior", "zh-CN", "v1", "0.1", "classroom")
    for role in ("pre", "post"):
        attempt = store.start_attempt(session, "junior-check", "quiz", role)
        for qid, correct in answers:
            store.record_answer(attempt, qid, ["a"], correct, 10 if correct else 0, 10, 2500)
        store.record_event(attempt, "hit", {"drug": "heroin"}, 1200)
        score = sum(10 for _, c in answers if c)
        store.finish_attempt(attempt, score, 10 * len(answers), score >= 6 * len(answers))
    store.end_session(session, "finished")


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def devices(tmp_path):
    """Two devices of class 7B: KID1 played on both, KID2 only on A, KID3 only on B."""
    a, b = Store.open(tmp_path / "a.sqlite3"), Store.open(tmp_path / "b.sqlite3")
    play(a, "KID1", "7B", [("q1", False), ("q2", True)])
    play(a, "KID2", "7B", [("q1", True), ("q2", True)])
    play(b, "KID1", "7B", [("q1", True), ("q2", True)])
    play(b, "KID3", "7B", [("q1", False), ("q2", False)])
    play(b, "TOM", "", [("q1", True)])  # no class code: never merged with anybody
    files = tmp_path / "a.session", tmp_path / "b.session"
    export_session(a, files[0])
    export_session(b, files[1])
    a.close()
    b.close()
    return files


@pytest.fixture
def teacher(tmp_path):
    store = Store.open(tmp_path / "teacher.sqlite3")
    play(store, "TOM", "", [("q1", False)])  # a different TOM, at the teacher's own machine
    yield store
    store.close()


def rewrite(path: Path, out: Path, header_change=None, payload_change=None, keep_sha=False) -> Path:
    """A copy of a session file with its header or payload changed (sha256 recomputed unless keep_sha)."""
    header, payload = read_session_file(path)
    if payload_change:
        payload_change(payload)
    body = json.dumps(payload).encode()
    header["payload_bytes"] = len(body)
    if not keep_sha:
        header["sha256"] = hashlib.sha256(body).hexdigest()
    if header_change:
        header_change(header)
    with gzip.open(out, "wb") as fh:
        fh.write(json.dumps(header).encode() + b"\n" + body)
    return out


def test_the_header_says_what_the_file_is(devices):
    header, payload = read_session_file(devices[0])
    assert header["format"] == "jindu-game-session" and header["schema_version"] == SCHEMA_VERSION
    assert len(header["device_id"]) == 36 and header["exported_at"].endswith("Z")
    assert header["counts"] == {t: len(payload[t]) for t in TABLES}
    assert header["counts"]["answers"] == 8
    # rows refer to each other by uuid, never by the device's integer ids; no settings (PIN) travel
    assert all("id" not in row and "player_id" not in row for row in payload["sessions"])
    assert {r["session_uuid"] for r in payload["attempts"]} == {r["uuid"] for r in payload["sessions"]}
    assert "settings" not in payload


def test_device_id_is_made_once_and_kept(tmp_path):
    store = Store.open(tmp_path / "d.sqlite3")
    first = export_session(store, tmp_path / "1.session")["device_id"]
    second = export_session(store, tmp_path / "2.session")["device_id"]
    store.close()
    assert first == second


def test_same_file_twice_adds_nothing(devices, teacher):
    first = import_session(teacher, devices[0])
    assert first.added == {"players": 2, "sessions": 2, "attempts": 4, "answers": 8, "events": 4}
    before = counts(Path(teacher.path))
    again = import_session(teacher, devices[0])
    assert sum(again.added.values()) == 0
    assert counts(Path(teacher.path)) == before


def test_two_devices_with_overlapping_players_merge_into_one_class(devices, teacher, tmp_path):
    import_session(teacher, devices[0])
    second = import_session(teacher, devices[1])
    assert second.merged_players == 1  # KID1 played on both devices
    players = teacher.players()
    kid1 = [p for p in players if p["nickname"] == "KID1"]
    assert len(kid1) == 1
    # TOM without a class code stays two people (the teacher's and device B's)
    assert len([p for p in players if p["nickname"] == "TOM"]) == 2
    # every answer exactly once: 8 from A, 10 from B, 2 of the teacher's own (pre and post); uuids unique
    n = teacher.conn.execute("SELECT COUNT(*), COUNT(DISTINCT uuid) FROM answers").fetchone()
    assert n == (20, 20)
    kid1_sessions = teacher.conn.execute(
        "SELECT COUNT(*) FROM sessions WHERE player_id = ?", (kid1[0]["id"],)
    ).fetchone()
    assert kid1_sessions == (2,)
    # importing both again, in the other order, still adds nothing
    before = counts(Path(teacher.path))
    import_session(teacher, devices[1])
    import_session(teacher, devices[0])
    assert counts(Path(teacher.path)) == before


def test_the_merged_database_gives_one_class_report(devices, tmp_path):
    db = tmp_path / "merged.sqlite3"
    assert main(["import", "--db", str(db), str(devices[0]), str(devices[1])]) == 0
    out = tmp_path / "report"
    assert main(["report", "--db", str(db), "--format", "csv", "--out", str(out)]) == 0
    lines = (out / "overview.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    seven_b = [r for r in rows if r[0] == "class" and r[1] == "7B"]
    assert len(seven_b) == 1 and seven_b[0][2] == "3"  # KID1, KID2, KID3: one class, three students


def refused(teacher: Store, path: Path, words: str) -> None:
    before = counts(Path(teacher.path))
    with pytest.raises(SessionFileError) as caught:
        import_session(teacher, path)
    message = str(caught.value)
    assert words in message and "\n" not in message
    assert counts(Path(teacher.path)) == before


def test_truncated_file_is_refused(devices, teacher, tmp_path):
    data = devices[0].read_bytes()
    for cut in (10, len(data) // 2, len(data) - 9):
        short = tmp_path / f"cut{cut}.session"
        short.write_bytes(data[:cut])
        refused(teacher, short, "truncated or damaged")


def test_foreign_files_are_refused(devices, teacher, tmp_path):
    png = tmp_path / "photo.session"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    refused(teacher, png, "not a session file")
    other = tmp_path / "other.json.gz"
    with gzip.open(other, "wb") as fh:
        fh.write(b'{"format": "someone-else", "rows": []}\n{}')
    refused(teacher, other, "not a session file")
    db = Path(teacher.path)
    refused(teacher, db, "not a session file")  # a database instead of an export
    refused(teacher, tmp_path / "missing.session", "no such file")


def test_damaged_payload_is_refused_by_its_checksum(devices, teacher, tmp_path):
    def flip(payload):
        payload["answers"][0]["correct"] = 1 - payload["answers"][0]["correct"]

    refused(teacher, rewrite(devices[0], tmp_path / "bad.session", payload_change=flip, keep_sha=True), "checksum")


def test_newer_schema_is_refused(devices, teacher, tmp_path):
    def newer(header):
        header["schema_version"] = SCHEMA_VERSION + 1

    refused(teacher, rewrite(devices[0], tmp_path / "new.session", header_change=newer), "newer version of the game")


def test_nothing_half_written_when_a_late_row_is_refused(devices, teacher, tmp_path):
    """Players, sessions and most answers are fine; the last answer breaks a CHECK: all rolls back."""

    def poison(payload):
        payload["answers"][-1]["correct"] = 7

    path = rewrite(devices[1], tmp_path / "poison.session", payload_change=poison)
    refused(teacher, path, "nothing was imported")
    assert not [p for p in teacher.players() if p["nickname"] == "KID3"]
    # and the good file still imports afterwards
    assert import_session(teacher, devices[1]).added["answers"] == 10


def test_dangling_reference_is_refused(devices, teacher, tmp_path):
    def orphan(payload):
        payload["attempts"][0]["session_uuid"] = "no-such-session"

    refused(teacher, rewrite(devices[0], tmp_path / "orphan.session", payload_change=orphan), "missing session")


def test_cli_refuses_with_one_line_and_imports_the_rest(devices, tmp_path):
    junk = tmp_path / "junk.session"
    junk.write_bytes(b"hello")
    db = tmp_path / "t.sqlite3"
    result = subprocess.run(
        [sys.executable, "main.py", "import", "--db", str(db), str(junk), str(devices[0])],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"error: {junk}: refused: not a session file of this game" in result.stderr
    assert "added 2 players" in result.stdout
    assert counts(db)["answers"] == 8


def test_export_session_command(devices, tmp_path):
    db = tmp_path / "a.sqlite3"
    out = tmp_path / "out" / "a.session"
    assert main(["export", "--db", str(db), "--format", "session", "--out", str(out)]) == 0
    header, _ = read_session_file(out)
    assert header["counts"]["answers"] == 8
    assert not list(out.parent.glob("*.part"))
