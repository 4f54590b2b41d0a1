"""Disk trouble with real files: the database deleted or replaced while the game runs, a disk that
really fills up, a file system that really turns read-only. Never a traceback, never silent loss:
the store restores a deleted or replaced file from its open connection (keeping what it found
aside), and a kiosk shows the out-of-order screen while the disk is full or read-only, then plays
on. The faked-error versions (at the store boundary) are in tests/test_kiosk.py.

The full and read-only cases mount a tiny tmpfs; they are skipped (saying why) where mounting is
not allowed: run them as root, or in a container with CAP_SYS_ADMIN.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from game import paths
from game.store import Store, StoreError


def _answers(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [tuple(r) for r in conn.execute("SELECT id, question_id FROM answers ORDER BY id")]
    finally:
        conn.close()


def _write_some(store: Store, n: int, tag: str) -> list[tuple]:
    player = store.add_player(tag, "", "junior")
    session = store.start_session(player, "junior", "zh-CN", "v", "0")
    attempt = store.start_attempt(session, "lvl", "quiz")
    return [(store.record_answer(attempt, f"{tag}{i}", ["a"], True, 10, 10, 100), f"{tag}{i}") for i in range(n)]


def test_database_deleted_while_running_is_restored(tmp_path, caplog):
    db = tmp_path / "game.sqlite3"
    store = Store.open(db)
    written = _write_some(store, 5, "a")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)  # a cleaner "tidies up" the data folder
    written += _write_some(store, 3, "b")  # the next write notices and restores first
    store.close()
    assert _answers(db) == written
    assert "removed or replaced" in caplog.text


def test_database_replaced_with_garbage_is_kept_aside_and_restored(tmp_path):
    db = tmp_path / "game.sqlite3"
    store = Store.open(db)
    written = _write_some(store, 4, "a")
    garbage = os.urandom(50_000)
    (tmp_path / "other").write_bytes(garbage)
    os.replace(tmp_path / "other", db)  # another file now stands at the path
    written += _write_some(store, 2, "b")
    store.close()
    assert _answers(db) == written
    (aside,) = [p for p in tmp_path.iterdir() if ".aside-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == garbage  # what we found is kept, not deleted


def test_database_folder_deleted_while_running_is_restored(tmp_path):
    folder = tmp_path / "data"
    db = folder / "game.sqlite3"
    store = Store.open(db)
    written = _write_some(store, 2, "a")
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    written += _write_some(store, 2, "b")
    store.close()
    assert _answers(db) == written


def test_garbage_written_over_the_file_is_a_store_error(tmp_path):
    """Overwritten in place (same file), the data is gone from under SQLite: a clear StoreError
    (the kiosk's out-of-order screen), not a crash or a silent success."""
    db = tmp_path / "game.sqlite3"
    store = Store.open(db)
    _write_some(store, 2, "a")
    store.close()  # checkpointed: everything is in the main file
    store = Store.open(db)
    with open(db, "r+b") as f:
        f.write(b"\xff" * 8192)
    with pytest.raises(StoreError, match="damaged|not a database|disk"):
        _write_some(store, 1, "b")
        store.answer_count()
    store.close()


def test_a_read_only_or_impossible_path_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for db in (blocker / "game.sqlite3", Path("/proc/game.sqlite3")):
        run = subprocess.run(
            [sys.executable, "main.py", "--smoke", "--db", str(db)],
            check=False,
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
        )
        assert run.returncode == 1
        assert "Cannot open the game's database" in run.stderr and "Traceback" not in run.stderr, run.stderr


# -- a real tiny file system -------------------------------------------------------------------
@pytest.fixture
def tiny_fs(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)], check=False, capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); run as root or with CAP_SYS_ADMIN")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _remount(mnt: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mnt)], check=True)


@pytest.fixture
def kiosk_pilot(tiny_fs, make_pilot):
    from game.kiosk.config import KioskConfig

    config = KioskConfig(attract_after_s=9999, idle_reset_s=9999, retry_s=1.0)
    return lambda: make_pilot(db=tiny_fs / "game.sqlite3", seed=3, kiosk=config)


def _play_until(pilot, stop, limit: int = 400) -> list[tuple[int, str]]:
    """Answer questions through the App; returns the answers whose feedback was shown."""
    import random

    from game.devtools.scripted import answer_one, sign_in

    rng = random.Random(1)
    shown: list[tuple[int, str]] = []
    store = pilot.app.ctx.store
    for round_no in range(limit):
        if stop() or pilot.scene.name == "out_of_order":
            break
        if pilot.scene.name == "title":
            sign_in(pilot, f"K{round_no}")
            if pilot.scene.name == "tracks":
                pilot.tap("track-junior")
            continue
        if pilot.scene.name == "runner":
            pilot.tap("go")
        elif pilot.scene.name == "quiz":
            if pilot.scene.logic.phase == "feedback":
                pilot.tap("next")
            else:
                answer_one(pilot, rng)
                if pilot.scene.name == "quiz" and pilot.scene.logic.phase == "feedback":
                    last = store.answers()[-1]
                    shown.append((last.id, last.question_id))
        else:
            from game.actions import Action

            pilot.press(Action.PAUSE)  # a chase or another level: leave it
            if pilot.has_button("quit"):
                pilot.tap("quit")
    return shown


def test_a_full_disk_shows_out_of_order_and_loses_nothing_shown(kiosk_pilot, tiny_fs):
    pilot = kiosk_pilot()
    filler = tiny_fs / "filler"
    with open(filler, "wb", buffering=0) as f:  # fill the disk, then leave a few pages free
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - 48 * 1024))
    shown = _play_until(pilot, lambda: False)
    assert pilot.scene.name == "out_of_order" and pilot.app.running
    assert set(shown) <= set(_answers(tiny_fs / "game.sqlite3"))
    filler.unlink()  # the operator frees space: the game comes back by itself
    pilot.advance(3)
    assert pilot.scene.name == "title"


def test_a_database_on_a_read_only_file_system_is_a_message_not_a_traceback(tiny_fs):
    """A file system cannot turn read-only under a file open for writing (Linux says busy), so
    that case is faked at the store boundary in tests/test_kiosk.py; here the game starts on a
    database that sits on a really read-only file system."""
    store = Store.open(tiny_fs / "game.sqlite3")
    written = _write_some(store, 3, "a")
    store.close()
    _remount(tiny_fs, "ro")
    try:
        run = subprocess.run(
            [sys.executable, "main.py", "--smoke", "--db", str(tiny_fs / "game.sqlite3")],
            check=False,
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
        )
        assert "Traceback" not in run.stderr, run.stderr
        assert run.returncode == 1 and "Cannot open the game's database" in run.stderr, (run.returncode, run.stderr)
    finally:
        _remount(tiny_fs, "rw")
    assert _answers(tiny_fs / "game.sqlite3") == written
