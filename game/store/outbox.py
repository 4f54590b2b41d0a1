"""The device side of the district sync (game/district/sync.py) and of the classroom hub's live push
(game/classroom/live.py): which rows a server has not acknowledged, read in change order, and the
acknowledgements (migration 3's sync_state, per server and table).

The SQL against the device's SQLite file lives here, in the store, like all of it; the server's
PostgreSQL statements live in game/district.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from game.store.db import Store, StoreError, _explain

TABLES = ("players", "sessions", "attempts", "answers", "events")  # parents before children

# What each table sends to the district server: its columns (the parents named by uuid; every row ends with its rev), and the
# FROM clause with the joins that find those parents. The table itself is `x`.
SOURCES = {
    "players": ("x.uuid, x.class_code, x.nickname, x.age_group, x.created_at, x.rev", "players x"),
    "sessions": (
        "x.uuid, p.uuid, x.track_id, x.lang, x.mode, x.content_version, x.game_version, x.started_at,"
        " x.ended_at, x.status, x.rev",
        "sessions x JOIN players p ON p.id = x.player_id",
    ),
    "attempts": (
        "x.uuid, s.uuid, x.level_id, x.level_type, x.role, x.started_at, x.ended_at, x.score,"
        " x.max_score, x.passed, x.status, x.rev",
        "attempts x JOIN sessions s ON s.id = x.session_id",
    ),
    "answers": (
        "x.uuid, t.uuid, x.question_id, x.chosen, x.correct, x.score, x.max_score, x.response_ms, x.answered_at, x.rev",
        "answers x JOIN attempts t ON t.id = x.attempt_id",
    ),
    "events": (
        "x.uuid, t.uuid, x.kind, x.data, x.t_ms, x.at, x.rev",
        "events x LEFT JOIN attempts t ON t.id = x.attempt_id",
    ),
}
# The student (players row `c`) each row belongs to, for a hub that takes one class: an event outside any
# level belongs to no student and is never sent there.
STUDENT = {
    "players": "players c ON c.id = x.id",
    "sessions": "players c ON c.id = x.player_id",
    "attempts": "sessions cs ON cs.id = x.session_id JOIN players c ON c.id = cs.player_id",
    "answers": "attempts ct ON ct.id = x.attempt_id JOIN sessions cs ON cs.id = ct.session_id"
    " JOIN players c ON c.id = cs.player_id",
    "events": "attempts ct ON ct.id = x.attempt_id JOIN sessions cs ON cs.id = ct.session_id"
    " JOIN players c ON c.id = cs.player_id",
}
# `?` = the last acknowledged rev, then the batch size.
UNSENT = {t: f"SELECT {cols} FROM {src} WHERE x.rev > ? ORDER BY x.rev LIMIT ?" for t, (cols, src) in SOURCES.items()}
LAST_REV = {t: f"SELECT ifnull(MAX(rev), 0) FROM {t}" for t in TABLES}
PENDING = {
    "players": "SELECT COUNT(*) FROM players WHERE rev > ?",
    "sessions": "SELECT COUNT(*) FROM sessions WHERE rev > ?",
    "attempts": "SELECT COUNT(*) FROM attempts WHERE rev > ?",
    "answers": "SELECT COUNT(*) FROM answers WHERE rev > ?",
    "events": "SELECT COUNT(*) FROM events WHERE rev > ?",
}
ACKED = "SELECT rev FROM sync_state WHERE server = ? AND tbl = ?"
ACK = (
    "INSERT INTO sync_state (server, tbl, rev) VALUES (?, ?, ?)"
    " ON CONFLICT (server, tbl) DO UPDATE SET rev = max(rev, excluded.rev)"
)
START = "SELECT COUNT(*) FROM sync_clock"


def _hub_select(conn: sqlite3.Connection, table: str) -> tuple[list[str], str]:
    """For the classroom hub: every column of the table, named as a session file names them (sessionfile.row_select)."""
    from game.store.sessionfile import row_select

    return row_select(conn, table, "x")


class Snapshot:
    """One read transaction on the device's file, for the whole sync: the game goes on writing
    meanwhile (WAL), and what is read stays consistent (no answer without its attempt)."""

    def __init__(self, store: Store):
        self._hub_sql: dict[str, tuple[list[str], str]] = {}
        try:
            self.conn = sqlite3.connect(store.path, isolation_level=None, timeout=30.0)
            self.conn.execute("BEGIN")
            self.conn.execute(START).fetchone()  # the snapshot starts at the first read
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from None

    def unsent(self, table: str, after: int, batch: int) -> list[tuple]:
        return self._read(UNSENT[table], (after, batch))

    def rows_of_class(self, table: str, after: int, batch: int, class_code: str) -> list[dict[str, Any]]:
        """For the classroom hub: the class's rows after rev `after`, in change order, each with every column
        the table has, by name."""
        names, select = self._hub(table)
        sql = f"{select} JOIN {STUDENT[table]} WHERE x.rev > ? AND c.class_code = ? ORDER BY x.rev LIMIT ?"
        return [dict(zip(names, row)) for row in self._read(sql, (after, class_code, batch))]

    def rows_of_student(self, table: str, player_uuid: str) -> list[dict[str, Any]]:
        """For the classroom hub: every row of one student (players row by uuid) in the table, as rows_of_class()."""
        names, select = self._hub(table)
        sql = f"{select} JOIN {STUDENT[table]} WHERE c.uuid = ? ORDER BY x.rev"
        return [dict(zip(names, row)) for row in self._read(sql, (player_uuid,))]

    def with_parent_rows(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """rows_of_class()'s rows and every parent they name (the attempt of an answer, its session, its
        player), each once, parents first: a payload that stands on its own, as a session file does."""
        from game.store.sessionfile import TABLES as FILE_TABLES

        out = {t: list(rows.get(t, [])) for t in TABLES}
        for table in reversed(TABLES):
            parent = FILE_TABLES[table]
            if parent is None:
                continue
            ref, _local, parent_table = parent
            have = {row["uuid"] for row in out[parent_table]}
            names, select = self._hub(parent_table)
            for row in out[table]:
                if row.get(ref) is not None and row[ref] not in have:
                    out[parent_table].extend(
                        dict(zip(names, r)) for r in self._read(f"{select} WHERE x.uuid = ?", (row[ref],))
                    )
                    have.add(row[ref])
        return out

    def _hub(self, table: str) -> tuple[list[str], str]:
        if table not in self._hub_sql:
            try:
                self._hub_sql[table] = _hub_select(self.conn, table)
            except sqlite3.Error as exc:
                raise StoreError(_explain(exc)) from None
        return self._hub_sql[table]

    def last_rev(self, table: str) -> int:
        """The highest rev of the table in this snapshot: a pass that read every row of a class up to
        here may acknowledge that far, the other classes' rows it skipped included."""
        return int(self._read(LAST_REV[table], ())[0][0])

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
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
