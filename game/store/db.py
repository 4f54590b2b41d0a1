"""Store: the one SQLite connection, its migrations, and typed write and read functions.

The connection is in autocommit mode: each write below is its own transaction and is
durable (WAL, synchronous=FULL) when the call returns. Callers never see sqlite3
exceptions: they get StoreError with words a person can act on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.store.migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)
DEVICE_KEY = "device_id"  # the settings key of this device's id


class StoreError(Exception):
    """Something went wrong with the database; the message says what, in plain words."""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only"
    if "not a database" in text or "malformed" in text:
        return "the database file is damaged"
    if "locked" in text or "busy" in text:
        return "the database is busy in another program"
    if "unable to open" in text:
        return "the database file cannot be opened"
    return f"database error: {exc}"


REASONS = {  # the plain reasons _explain gives -> a key of content/strings.yaml (store.reason.<key>)
    "the disk is full": "full",
    "the database is read-only": "readonly",
    "the database file is damaged": "damaged",
    "the database is busy in another program": "busy",
    "the database file cannot be opened": "unopenable",
    "the database file was removed or replaced": "replaced",
}


def reason_key(message: str) -> str | None:
    """Which known reason a StoreError message gives (for showing it in the player's language)."""
    return next((key for phrase, key in REASONS.items() if phrase in message), None)


@dataclass(frozen=True)
class AnswerRow:
    id: int
    attempt_id: int
    question_id: str
    chosen: tuple[str, ...]
    correct: bool
    score: int
    max_score: int
    response_ms: int
    answered_at: str


def schema_version(path: Path | str) -> int | None:
    """The schema version of the database file at `path` (PRAGMA user_version), without migrating or
    creating anything; None when there is no such file yet. Another process may be creating it:
    sqlite3.Error is the caller's to handle."""
    if not Path(path).is_file():
        return None
    conn = sqlite3.connect(str(path), timeout=1.0)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


class Store:
    """Typed access to the game's SQLite database. Open with Store.open(path)."""

    def __init__(self, conn: sqlite3.Connection, path: str, now: Callable[[], str] = utc_now):
        self.conn = conn
        self.path = path
        self.now = now
        self._file_id = self._stat_id()  # which file we opened: see _guard_file
        self._device: str | None = None  # simulate's stand-in device, if any
        self._device_id: str | None = None  # this device's id, once read (device_id)

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, now: Callable[[], str] = utc_now) -> Store:
        """Open (creating if need be) and migrate the database at path; ':memory:' works."""
        shown = str(path)
        try:
            if shown != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(shown, isolation_level=None, timeout=5.0, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            msg = _explain(exc) if isinstance(exc, sqlite3.Error) else f"cannot create its folder ({exc.strerror})"
            raise StoreError(f"{shown}: {msg}") from None
        store = cls(conn, shown, now)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            store.migrate()
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{shown}: {_explain(exc)}") from None
        except StoreError:
            conn.close()
            raise
        return store

    def migrate(self) -> int:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the database was written by a newer version of the game "
                f"(schema {version}, this game knows up to {SCHEMA_VERSION}); update the game"
            )
        if version == SCHEMA_VERSION:
            return SCHEMA_VERSION
        # Foreign keys off while a step runs (a step may rebuild a table that others refer to, as the SQLite
        # manual's way of changing a table does), then checked before the step commits: a step that would
        # leave a dangling reference is rolled back like any other failed step.
        self.conn.execute("PRAGMA foreign_keys=OFF")
        try:
            for number in range(version + 1, SCHEMA_VERSION + 1):
                step = MIGRATIONS[number - 1]
                rebuilds = "DROP TABLE" in step
                try:
                    dangling = len(self.conn.execute("PRAGMA foreign_key_check").fetchall()) if rebuilds else 0
                    self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};"
                    )
                    if rebuilds and len(self.conn.execute("PRAGMA foreign_key_check").fetchall()) > dangling:
                        raise sqlite3.IntegrityError(
                            f"migration {number} would leave rows without the rows they refer to"
                        )
                    self.conn.execute("COMMIT")
                except sqlite3.Error:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
        finally:
            self.conn.execute("PRAGMA foreign_keys=ON")
        return SCHEMA_VERSION

    def close(self) -> None:
        """Checkpoint the write-ahead log into the database file, then close. The checkpoint is
        best effort (another connection may hold the log, or the disk may be out): every write is
        already durable in the log, and SQLite folds it in at the next open."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # a write interrupted half-way: nothing of it counts
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    # -- plumbing ----------------------------------------------------------------------
    def _stat_id(self) -> tuple[int, int] | None:
        if self.path == ":memory:" or self.path.startswith("file:"):
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _guard_file(self) -> None:
        """The database file deleted, or replaced by another file, while the game runs: writes
        would go on into a file nobody can reach (silent loss). Our connection still holds all the
        data (an open file outlives its deletion), so copy it back to the path, keep whatever now
        stands there aside as `<name>.aside-<time>`, and carry on in the restored file."""
        if self._file_id is None or self.conn.in_transaction or self._stat_id() == self._file_id:
            return
        import logging
        import time

        stamp = time.strftime("%Y%m%d-%H%M%S")
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.replace(self.path + suffix, f"{self.path}.aside-{stamp}{suffix}")
            copy = sqlite3.connect(self.path)
            try:
                self.conn.backup(copy)
            finally:
                copy.close()
            old = self.conn
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            old.close()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"the database file was removed or replaced and could not be restored ({exc})") from None
        self._file_id = self._stat_id()
        logging.getLogger("game.store").warning(
            "%s was removed or replaced while the game ran: restored from the open connection (anything found there kept as %s.aside-%s)",
            self.path,
            self.path,
            stamp,
        )

    def _write(self, sql: str, params: Iterable[Any]) -> int:
        self._guard_file()
        try:
            return self.conn.execute(sql, tuple(params)).lastrowid or 0
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from None
        except UnicodeEncodeError:  # e.g. a lone surrogate: not text SQLite can keep
            raise StoreError("a value is not valid Unicode text and cannot be stored") from None

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            cursor = self.conn.execute(sql, tuple(params))
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from None
        except UnicodeEncodeError:
            raise StoreError("a value is not valid Unicode text and cannot be looked up") from None

    @staticmethod
    def _uuid() -> str:
        return str(uuid.uuid4())

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run many writes as one transaction (bulk loads such as `simulate`): all or nothing.

        The write methods inside are the same ones the game uses; they just share one commit.
        Nested use joins the outer transaction.
        """
        if self.conn.in_transaction:
            yield self
            return
        self._write("BEGIN IMMEDIATE", ())
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._write("COMMIT", ())

    # -- writes ------------------------------------------------------------------------
    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the file (PRAGMA data_version):
        a cheap way to watch for new play data without reading any table."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def add_player(self, nickname: str, class_code: str, age_group: str) -> int:
        return self._write(
            "INSERT INTO players (uuid, nickname, class_code, age_group, created_at) VALUES (?, ?, ?, ?, ?)",
            (self._uuid(), nickname, class_code, age_group, self.now()),
        )

    def rename_player(self, player_id: int, nickname: str) -> None:
        """A new nickname for a player (quick play's generated name, changed on the results screen)."""
        self._write("UPDATE players SET nickname = ? WHERE id = ?", (nickname, player_id))

    def device_id(self) -> str:
        """This device's id: a uuid made the first time it is asked for and kept in the settings. The one
        place it is made or read: session files, the classroom hub's pushes, the district identity and the
        sessions table all ask here (tests/test_store.py keeps it so)."""
        if self._device_id is None:
            current = self.setting(DEVICE_KEY)
            if not (isinstance(current, str) and current):
                current = str(uuid.uuid4())
                self.set_setting(DEVICE_KEY, current)
            self._device_id = current
        return self._device_id

    @property
    def device(self) -> str:
        """The device new sessions are stored with: this device's id (device_id), unless `simulate` has set
        another to play many devices."""
        return self._device if self._device is not None else self.device_id()

    @device.setter
    def device(self, value: str | None) -> None:
        self._device = value

    def start_session(
        self, player_id: int, track_id: str, lang: str, content_version: str, game_version: str, mode: str = "play"
    ) -> int:
        return self._write(
            "INSERT INTO sessions (uuid, player_id, track_id, lang, mode, content_version, game_version, started_at,"
            " device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self._uuid(), player_id, track_id, lang, mode, content_version, game_version, self.now(), self.device),
        )

    def end_session(self, session_id: int, status: str) -> None:
        """Close a session and any level attempt left open in it (as abandoned)."""
        now = self.now()
        self._write(
            "UPDATE attempts SET status = 'abandoned', ended_at = ? WHERE session_id = ? AND status = 'open'",
            (now, session_id),
        )
        self._write(
            "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'open'", (status, now, session_id)
        )

    def start_attempt(self, session_id: int, level_id: str, level_type: str, role: str = "level") -> int:
        return self._write(
            "INSERT INTO attempts (uuid, session_id, level_id, level_type, role, started_at) VALUES (?, ?, ?, ?, ?, ?)",
            (self._uuid(), session_id, level_id, level_type, role, self.now()),
        )

    def finish_attempt(self, attempt_id: int, score: int, max_score: int, passed: bool) -> None:
        self._write(
            "UPDATE attempts SET status = 'finished', ended_at = ?, score = ?, max_score = ?, passed = ? WHERE id = ?",
            (self.now(), score, max_score, int(passed), attempt_id),
        )

    def record_answer(
        self,
        attempt_id: int,
        question_id: str,
        chosen: Iterable[str],
        correct: bool,
        score: int,
        max_score: int,
        response_ms: int,
        position: int | None = None,
    ) -> int:
        """Insert one answer; committed and durable when this returns. position: where the chosen option was
        shown, 1 = first (None when several were chosen or there were no options to show)."""
        return self._write(
            "INSERT INTO answers (uuid, attempt_id, question_id, chosen, correct, score, max_score, response_ms,"
            " answered_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._uuid(),
                attempt_id,
                question_id,
                "|".join(chosen),
                int(correct),
                score,
                max_score,
                max(0, int(response_ms)),
                self.now(),
                position,
            ),
        )

    def record_event(self, attempt_id: int | None, kind: str, data: dict[str, Any], t_ms: int = 0) -> int:
        return self._write(
            "INSERT INTO events (uuid, attempt_id, kind, data, t_ms, at) VALUES (?, ?, ?, ?, ?, ?)",
            (self._uuid(), attempt_id, kind, json.dumps(data, ensure_ascii=False, sort_keys=True), t_ms, self.now()),
        )

    def set_setting(self, key: str, value: Any) -> None:
        self._write(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    # -- reads -------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def answers(self, session_id: int | None = None) -> list[AnswerRow]:
        sql = (
            "SELECT a.id, a.attempt_id, a.question_id, a.chosen, a.correct, a.score, a.max_score, a.response_ms,"
            " a.answered_at FROM answers a JOIN attempts t ON t.id = a.attempt_id"
        )
        params: tuple = ()
        if session_id is not None:
            sql += " WHERE t.session_id = ?"
            params = (session_id,)
        rows = self._read(sql + " ORDER BY a.id", params)
        return [
            AnswerRow(
                r["id"],
                r["attempt_id"],
                r["question_id"],
                tuple(filter(None, r["chosen"].split("|"))),
                bool(r["correct"]),
                r["score"],
                r["max_score"],
                r["response_ms"],
                r["answered_at"],
            )
            for r in rows
        ]

    def answer_count(self) -> int:
        return int(self._read("SELECT COUNT(*) AS n FROM answers")[0]["n"])

    def session(self, session_id: int) -> dict[str, Any] | None:
        rows = self._read("SELECT * FROM sessions WHERE id = ?", (session_id,))
        return dict(rows[0]) if rows else None

    def attempts(self, session_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self._read("SELECT * FROM attempts WHERE session_id = ? ORDER BY id", (session_id,))]

    def events(self, attempt_id: int | None = None) -> list[dict[str, Any]]:
        if attempt_id is None:
            rows = self._read("SELECT * FROM events ORDER BY id")
        else:
            rows = self._read("SELECT * FROM events WHERE attempt_id = ? ORDER BY id", (attempt_id,))
        return [{**dict(r), "data": json.loads(r["data"])} for r in rows]

    def players(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._read("SELECT * FROM players ORDER BY id")]
