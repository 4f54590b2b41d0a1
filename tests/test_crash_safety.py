"""Pull the plug: a scripted player answers as fast as it can in a child process, and is SIGKILLed
at random moments. After every kill the database must pass PRAGMA integrity_check and hold every
answer the child had logged as confirmed (game.devtools.scripted logs an answer after the store's commit
and before its feedback is drawn). Zero lost, over every kill.

The same database is used for all kills of a run, so later children also start on a database
whose last writer died mid-write (WAL recovery, migrations already applied, ids continuing).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game import paths
from game.store import Store

ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}


class _Child:
    def __init__(self, pid: int, poll, wait):
        self.pid, self.poll, self.wait = pid, poll, wait


def _logged(log: Path) -> list[tuple[int, str, int]]:
    """The answers the child confirmed: complete lines only (a write(2) is never half done by a kill)."""
    if not log.exists():
        return []
    out = []
    for line in log.read_text(encoding="utf-8").split("\n"):
        if line:
            answer_id, question_id, attempt_id = line.split(" ")
            out.append((int(answer_id), question_id, int(attempt_id)))
    return out


def _wait_for_lines(log: Path, count: int, child: _Child, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise AssertionError(
                "the scripted player exited by itself (run it alone: python -m game.devtools.scripted --db X)"
            )
        if log.exists() and log.stat().st_size and len(_logged(log)) >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"no answer logged within {timeout} s")


def check_database(db: Path, logged: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """Integrity ok, and return the logged answers the database does not hold (must be none)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        held = {(r[0], r[1], r[2]) for r in conn.execute("SELECT id, question_id, attempt_id FROM answers")}
    finally:
        conn.close()
    return [entry for entry in logged if entry not in held]


class _Spawner:
    """Starts scripted players: a fresh interpreter each time, or forked from a preloaded server."""

    def __init__(self, db: Path, log: Path, fork: bool):
        self.db, self.log, self.server = db, log, None
        if fork:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "game.devtools.scripted", "--fork-server", "--db", str(db), "--log", str(log)],
                cwd=paths.ROOT,
                env=ENV,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert self.server.stdout.readline().strip() == "ready"

    def start(self, seed: int) -> _Child:
        if self.server is None:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "game.devtools.scripted",
                    "--db",
                    str(self.db),
                    "--log",
                    str(self.log),
                    "--seed",
                    str(seed),
                ],
                cwd=paths.ROOT,
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            return _Child(proc.pid, proc.poll, proc.wait)
        self.server.stdin.write(f"run {seed}\n")
        self.server.stdin.flush()
        pid = int(self.server.stdout.readline().split()[1])

        def alive() -> int | None:
            try:
                os.kill(pid, 0)  # not yet reaped by the server: it exists, running or a zombie
            except ProcessLookupError:
                return -1
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                return -1 if stat.read().rsplit(")", 1)[1].split()[0] == "Z" else None

        def wait() -> int:
            self.server.stdin.write(f"wait {pid}\n")
            self.server.stdin.flush()
            return int(self.server.stdout.readline().split()[1])

        return _Child(pid, alive, wait)

    def close(self) -> None:
        if self.server is not None:
            self.server.stdin.write("quit\n")
            self.server.stdin.close()
            self.server.wait(timeout=30)
            self.server.stdout.close()


def kill_run(tmp_path: Path, kills: int, seed: int, fork: bool = True) -> tuple[int, int]:
    """`kills` players on one database, each SIGKILLed at a random moment. Returns (logged, lost)."""
    rng = random.Random(seed)
    db, log = tmp_path / "kiosk.sqlite3", tmp_path / "confirmed.log"
    lost: list[tuple[int, str, int]] = []
    spawner = _Spawner(db, log, fork)
    try:
        for k in range(kills):
            before = len(_logged(log))
            child = spawner.start(seed * 1000 + k)
            try:
                if k % 5 == 1:  # now and then during start-up: opening, migrating, the title
                    time.sleep(rng.uniform(0.0, 0.5))
                else:  # mostly mid-play: after this child's first answer, at a random moment
                    _wait_for_lines(log, before + 1, child)
                    time.sleep(rng.uniform(0.0, 0.5))
                assert child.poll() is None, "the scripted player exited by itself"
            finally:
                os.kill(child.pid, signal.SIGKILL)
                child.wait()
            lost += check_database(db, _logged(log))
    finally:
        spawner.close()
    store = Store.open(db)  # and the game itself opens what is left, as the next start would
    try:
        assert store.answer_count() >= len(_logged(log))
    finally:
        store.close()
    return len(_logged(log)), len(lost)


def test_scripted_player_logs_every_answer_it_commits(tmp_path):
    """The hook itself: a run to completion logs exactly the answers the database holds."""
    db, log = tmp_path / "g.sqlite3", tmp_path / "g.log"
    subprocess.run(
        [sys.executable, "-m", "game.devtools.scripted", "--db", str(db), "--log", str(log), "--answers", "8"],
        cwd=paths.ROOT,
        env=ENV,
        check=True,
        timeout=120,
        capture_output=True,
    )
    logged = _logged(log)
    assert len(logged) == 8
    conn = sqlite3.connect(db)
    held = [tuple(r) for r in conn.execute("SELECT id, question_id, attempt_id FROM answers ORDER BY id")]
    conn.close()
    assert held == logged


def test_twenty_kills_lose_no_confirmed_answer(tmp_path):
    """Players forked from a preloaded server (the same App and store code, minus 1 s of start-up)."""
    logged, lost = kill_run(tmp_path, kills=20, seed=11)
    print(f"crash test: 20 kills, {logged} confirmed answers, {lost} lost")
    assert logged >= 10  # the kills did land while answers were being written
    assert lost == 0


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_many_kills_lose_no_confirmed_answer(tmp_path, seed):
    """60 kills per seed, each player a fresh interpreter (python -m game.devtools.scripted), as a kiosk restarts."""
    logged, lost = kill_run(tmp_path, kills=60, seed=seed, fork=False)
    print(f"crash test: 60 kills (seed {seed}), {logged} confirmed answers, {lost} lost")
    assert lost == 0


def test_the_check_sees_a_lost_answer_and_a_damaged_file(tmp_path):
    """The checker can fail: a confirmed answer missing from the database is reported, and a
    damaged file does not pass the integrity check."""
    db = tmp_path / "c.sqlite3"
    store = Store.open(db)
    player = store.add_player("k", "", "junior")
    session = store.start_session(player, "junior", "zh-CN", "v", "0")
    attempt = store.start_attempt(session, "lvl", "quiz")
    kept = store.record_answer(attempt, "q1", ["a"], True, 10, 10, 100)
    store.close()
    assert check_database(db, [(kept, "q1", attempt)]) == []
    assert check_database(db, [(kept, "q1", attempt), (kept + 1, "q2", attempt)]) == [(kept + 1, "q2", attempt)]
    data = bytearray(db.read_bytes())
    for page in range(4096, len(data), 4096):  # scribble over every b-tree page header but the first
        data[page : page + 12] = b"\x07" * 12
    db.write_bytes(bytes(data))
    with pytest.raises((AssertionError, sqlite3.DatabaseError)):
        check_database(db, [])
