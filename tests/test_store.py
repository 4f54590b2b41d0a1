"""The SQLite store: migrations, writes, durability without a clean shutdown, clear errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from game.store import Store, StoreError
from game.store.db import SCHEMA_VERSION
from game.store.migrations import MIGRATIONS


def _fill(store: Store) -> tuple[int, int]:
    player = store.add_player("Kid7", "7B", "junior")
    session = store.start_session(player, "junior", "zh-CN", "abc", "0.1.0")
    attempt = store.start_attempt(session, "junior-recognise", "quiz")
    return session, attempt


def test_migrates_an_empty_file(tmp_path):
    path = tmp_path / "new.sqlite3"
    path.touch()
    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"players", "sessions", "attempts", "answers", "events", "settings"} <= tables
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    # opening again migrates nothing and keeps data
    again = Store.open(path)
    assert again.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    again.close()


def test_answer_round_trip_and_session_close(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3", now=lambda: "2026-11-23T08:00:00.000Z")
    session, attempt = _fill(store)
    store.record_answer(attempt, "q1", ["b", "a"], False, 0, 10, 1234)
    store.record_answer(attempt, "q2", [], False, 0, 10, 30000)
    store.end_session(session, "quit")
    answers = store.answers(session)
    assert [(a.question_id, a.chosen, a.correct, a.response_ms) for a in answers] == [
        ("q1", ("b", "a"), False, 1234),
        ("q2", (), False, 30000),
    ]
    assert answers[0].answered_at == "2026-11-23T08:00:00.000Z"
    assert store.session(session)["status"] == "quit"
    assert store.attempts(session)[0]["status"] == "abandoned"  # left open -> abandoned


def test_settings_round_trip(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    assert store.setting("lang", "zh-CN") == "zh-CN"
    store.set_setting("lang", "en")
    store.set_setting("lang", "zh-CN")
    store.set_setting("muted", True)
    assert (store.setting("lang"), store.setting("muted")) == ("zh-CN", True)


def test_answer_survives_a_killed_process(tmp_path):
    """The answer is durable when record_answer returns: the writer dies without closing."""
    path = tmp_path / "db.sqlite3"
    script = textwrap.dedent(
        f"""
        import os, sys
        from game.store import Store
        store = Store.open({str(path)!r})
        player = store.add_player("Kid", "", "junior")
        session = store.start_session(player, "t", "en", "v", "g")
        attempt = store.start_attempt(session, "l", "quiz")
        answer = store.record_answer(attempt, "q1", ["a"], True, 10, 10, 900)
        print(answer, flush=True)
        os._exit(9)  # no close, no commit at exit, no cleanup
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 9, result.stderr
    answer_id = int(result.stdout.strip())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    row = conn.execute("SELECT question_id, chosen, correct FROM answers WHERE id = ?", (answer_id,)).fetchone()
    assert row == ("q1", "a", 1)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer version of the game"):
        Store.open(path)


def test_garbage_file_is_a_clear_error(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path)


def test_failed_migration_leaves_nothing_half_done(tmp_path, monkeypatch):
    import game.store.db as db

    broken = MIGRATIONS + ["CREATE TABLE extra (id INTEGER); THIS IS NOT SQL;"]
    monkeypatch.setattr(db, "MIGRATIONS", broken)
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError):
        Store.open(tmp_path / "db.sqlite3")
    conn = sqlite3.connect(tmp_path / "db.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0


def test_foreign_keys_are_enforced(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    with pytest.raises(StoreError):
        store.record_answer(999, "q1", ["a"], True, 10, 10, 5)


def test_the_device_id_is_made_and_read_in_one_place(tmp_path, monkeypatch):
    """Store.device_id makes this device's id once and keeps it; sessions, session files and the district
    identity all ask it (the hub and the live push do too), and no other module touches its setting."""
    import re

    from game import paths
    from game.district.identity import identity
    from game.store.db import DEVICE_KEY
    from game.store.sessionfile import export_session

    store = Store.open(tmp_path / "d.sqlite3")
    made = store.device_id()
    assert made == store.device_id() == store.setting(DEVICE_KEY) == store.device
    store.close()
    again = Store.open(tmp_path / "d.sqlite3")
    assert again.device_id() == made  # kept, not made anew

    monkeypatch.setattr(Store, "device_id", lambda self: "asked-the-one-place")
    assert export_session(again, tmp_path / "out.jindu")["device_id"] == "asked-the-one-place"
    assert identity(again).device_id == "asked-the-one-place"
    again.close()

    key = re.compile(r"DEVICE_KEY|setting\(\s*['\"]device_id['\"]")
    touching = sorted(
        str(path.relative_to(paths.ROOT))
        for path in (paths.ROOT / "game").rglob("*.py")
        if key.search(path.read_text(encoding="utf-8"))
    )
    assert touching == ["game/store/db.py"], touching
