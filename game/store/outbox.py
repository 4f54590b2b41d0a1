"""The device side of the district sync (game/district/sync.py): which rows the server has not
acknowledged, read in change order, and the acknowledgements (migration 3's sync_state).

The SQL against the device's SQLite file lives here, in the store, like all of it; the server's
PostgreSQL statements live in game/district.
"""

from __future__ import annotations

import sqlite3

from game.store.db import Store, StoreError, _explain

TABLES = ("players", "sessions", "attempts", "answers", "events")  # parents before children

# What each table sends; `?` = the last acknowledged rev, then the batch size. Every row ends with its rev.
UNSENT = {
    "players": "SELECT uuid, class_code, nickname, age_group, created_at, rev FROM players"
               " WHERE rev > ? ORDER BY rev LIMIT ?",
    "sessions": "SELECT s.uuid, p.uuid, s.track_id, s.lang, s.mode, s.content_version, s.game_version, s.started_at,"
                " s.ended_at, s.status, s.rev FROM sessions s JOIN players p ON p.id = s.player_id"
                " WHERE s.rev > ? ORDER BY s.rev LIMIT ?",
    "attempts": "SELECT t.uuid, s.uuid, t.level_id, t.level_type, t.role, t.started_at, t.ended_at, t.score,"
                " t.max_score, t.passed, t.status, t.rev FROM attempts t JOIN sessions s ON s.id = t.session_id"
                " WHERE t.rev > ? ORDER BY t.rev LIMIT ?",
    "answers": "SELECT a.uuid, t.uuid, a.question_id, a.chosen, a.correct, a.score, a.max_score, a.response_ms,"
               " a.answered_at, a.rev FROM answers a JOIN attempts t ON t.id = a.attempt_id"
               " WHERE a.rev > ? ORDER BY a.rev LIMIT ?",
    "events": "SELECT e.uuid, t.uuid, e.kind, e.data, e.t_ms, e.at, e.rev FROM events e"
              " LEFT JOIN attempts t ON t.id = e.attempt_id WHERE e.rev > ? ORDER BY e.rev LIMIT ?",
}
PENDING = {
    "players": "SELECT COUNT(*) FROM players WHERE rev > ?",
    "sessions": "SELECT COUNT(*) FROM sessions WHERE rev > ?",
    "attempts": "SELECT COUNT(*) FROM attempts WHERE rev > ?",
    "answers": "SELECT COUNT(*) FROM answers WHERE rev > ?",
    "events": "SELECT COUNT(*) FROM events WHERE rev > ?",
}
ACKED = "SELECT rev FROM sync_state WHERE server = ? AND tbl = ?"
ACK = ("INSERT INTO sync_state (server, tbl, rev) VALUES (?, ?, ?)"
       " ON CONFLICT (server, tbl) DO UPDATE SET rev = max(rev, excluded.rev)")
START = "SELECT COUNT(*) FROM sync_clock"


class Snapshot:
    """One read transaction on the device's file, for the whole sync: the game goes on writing
    meanwhile (WAL), and what is read stays consistent (no answer without its attempt)."""

    def __init__(self, store: Store):
        try:
            self.conn = sqlite3.connect(store.path, isolation_level=None, timeout=30.0)
            self.conn.execute("BEGIN")
            self.conn.execute(START).fetchone()  # the snapshot starts at the first read
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from None

    def unsent(self, table: str, after: int, batch: int) -> list[tuple]:
        try:
            return self.conn.execute(UNSENT[table], (after, batch)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from None

    def close(self) -> None:
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            pass
        self.conn.close()


def acked(store: Store, server_id: str, table: str) -> int:
    """The highest rev of `table` that server has acknowledged (0: none)."""
    try:
        row = store.conn.execute(ACKED, (server_id, table)).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
    return int(row[0]) if row else 0


def ack(store: Store, server_id: str, table: str, rev: int) -> None:
    """Record, after the server's commit, that it has every row of `table` up to rev."""
    try:
        store.conn.execute(ACK, (server_id, table, rev))
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None


def pending(store: Store, server_id: str) -> dict[str, int]:
    """Rows of each table the server has not acknowledged yet."""
    try:
        return {t: store.conn.execute(PENDING[t], (acked(store, server_id, t),)).fetchone()[0] for t in TABLES}
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
