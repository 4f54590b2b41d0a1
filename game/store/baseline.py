"""Baselines for `python main.py bench`: the bare SQLite work the game's own figures are compared to.

They live here because SQL lives only in game/store. Neither touches the game's tables.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path


class BareCommit:
    """A bare INSERT + COMMIT into an answers-shaped table, with the game's pragmas (WAL, FULL)."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, uuid TEXT, attempt_id INTEGER,"
            " question_id TEXT, chosen TEXT, correct INTEGER, score INTEGER, max_score INTEGER,"
            " response_ms INTEGER, answered_at TEXT)"
        )

    def insert(self, attempt_id: int, question_id: str) -> float:
        """One committed row; returns milliseconds."""
        t0 = time.perf_counter()
        self.conn.execute(
            "INSERT INTO answers (uuid, attempt_id, question_id, chosen, correct, score, max_score,"
            " response_ms, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("0" * 36, attempt_id, question_id, "a", 1, 10, 10, 1234, "2025-01-01T00:00:00.000Z"),
        )
        return (time.perf_counter() - t0) * 1000

    def close(self) -> None:
        self.conn.close()


def scan_seconds(db: Path, repeat: int = 3) -> float:
    """The floor under any report: read every answer once, joined to its attempt (median seconds)."""
    conn = sqlite3.connect(str(db))
    times = []
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            conn.execute(
                "SELECT COUNT(*), SUM(a.score), COUNT(DISTINCT t.session_id) FROM answers a"
                " JOIN attempts t ON t.id = a.attempt_id"
            ).fetchone()
            times.append(time.perf_counter() - t0)
    finally:
        conn.close()
    return statistics.median(times)
