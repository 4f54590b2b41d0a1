"""Session files: one device's play data in one file, merged into the teacher's database.

A session file is gzip-compressed UTF-8 text: a JSON header line, a newline, then the JSON
payload. The header says what the file is and guards the rest:

    {"format": "jindu-game-session", "format_version": 1, "schema_version": 3,
     "device_id": "<uuid>", "exported_at": "<UTC ISO>", "game_version": "...",
     "counts": {"players": 30, ...}, "payload_bytes": 123456, "sha256": "<hex of the payload bytes>"}

The payload holds the rows of players, sessions, attempts, answers and events; every row keeps
its globally unique `uuid`, and references between rows are by uuid (`player_uuid`,
`session_uuid`, `attempt_uuid`), never by the exporting device's integer ids. Settings (the
teacher PIN among them) are never exported.

Import is idempotent and all-or-nothing per file: rows whose uuid is already in the database
are skipped (the same file twice adds nothing), except that a session or level attempt still open
there takes the ending of a closed copy (the same device exported again after the lesson); a player with the same nickname and class code
as one already there becomes that player (two devices, one student; not for the classroom hub's
pushes, see merge_payload's by_nickname); everything from one file
is written in one transaction, so a file refused half-way leaves no trace. A truncated, damaged
or foreign file, or one from a newer schema, is refused with a one-line SessionFileError.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.store.db import SCHEMA_VERSION, Store, StoreError, _explain

FORMAT = "jindu-game-session"
FORMAT_VERSION = 1
MAX_PAYLOAD = 2_000_000_000  # bytes of JSON once unpacked; a bigger claim is not a real export

# table -> (parent reference in the file, local column it maps to, parent table)
TABLES: dict[str, tuple[str, str, str] | None] = {
    "players": None,
    "sessions": ("player_uuid", "player_id", "players"),
    "attempts": ("session_uuid", "session_id", "sessions"),
    "answers": ("attempt_uuid", "attempt_id", "attempts"),
    "events": ("attempt_uuid", "attempt_id", "attempts"),
}
REQUIRED = {  # columns a row must carry to be imported at all
    "players": ("uuid", "nickname", "class_code", "age_group"),
    "sessions": ("uuid", "player_uuid", "track_id", "started_at"),
    "attempts": ("uuid", "session_uuid", "level_id", "started_at"),
    "answers": ("uuid", "attempt_uuid", "question_id", "correct"),
    "events": ("uuid", "kind"),
}


class SessionFileError(Exception):
    """A session file that cannot be imported; the message is one line a teacher can act on. `row` names
    the row refused ({"table": ..., "uuid": ...}) when it was one row."""

    def __init__(self, message: str, row: dict[str, str] | None = None):
        super().__init__(message)
        self.row = row


class WrongClass(SessionFileError):
    """Rows of a student of another class than the one merge_payload was told to take."""


@dataclass
class ImportResult:
    path: str
    device_id: str
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    merged_players: int = 0  # players of the file that became a player already in the database
    closed: dict[str, int] = field(default_factory=dict)  # sessions and attempts open here, closed in the file

    def summary(self) -> str:
        added = ", ".join(f"{n} {table}" for table, n in self.added.items())
        known = sum(self.skipped.values())
        merged = (
            f"; {self.merged_players} player(s) joined with the same nickname and class" if self.merged_players else ""
        )
        closed = "".join(f"; {n} {table} closed" for table, n in self.closed.items())
        return f"{self.path}: added {added}; {known} row(s) were already there{merged}{closed}"


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The table's columns as the database has them. Table and column names in this module's SQL
    come only from TABLES and from here, never from a file; every value goes in as a ? parameter."""
    if table not in TABLES:
        raise ValueError(f"not a play table: {table}")
    return [row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]


# -- export ---------------------------------------------------------------------------------------
def row_select(conn: sqlite3.Connection, table: str, alias: str = "t") -> tuple[list[str], str]:
    """Every column of a play table as the database's schema has it (pragma table_info: a column added by a
    migration travels without a change here), but its id, with the parent by uuid under the reference's
    name; and the `SELECT ... FROM table alias [LEFT JOIN parent p]` that reads them. Session files and the
    classroom hub's push (game/store/outbox.py) both read rows this way."""
    parent = TABLES[table]
    columns = [c for c in _columns(conn, table) if c != "id" and (parent is None or c != parent[1])]
    select = ", ".join(f"{alias}.{c}" for c in columns)  # names from the database's own schema, never from a row
    if parent is None:
        return columns, f"SELECT {select} FROM {table} {alias}"
    ref, local, parent_table = parent
    return columns + [
        ref
    ], f"SELECT {select}, p.uuid FROM {table} {alias} LEFT JOIN {parent_table} p ON p.id = {alias}.{local}"


def read_payload(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every play row, with integer references swapped for the parents' uuids."""
    conn = store.conn
    payload: dict[str, list[dict[str, Any]]] = {}
    try:
        conn.execute("BEGIN")  # one snapshot: a kiosk writing meanwhile cannot split a session
        try:
            for table in TABLES:
                columns, select = row_select(conn, table)
                sql = f"{select} ORDER BY t.id"
                payload[table] = [dict(zip(columns, row)) for row in conn.execute(sql)]
        finally:
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
    return payload


def export_session(store: Store, out: Path, now: str | None = None) -> dict[str, Any]:
    """Write this database's play data to a session file; returns the header."""
    from game import __version__

    payload = read_payload(store)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "device_id": store.device_id(),
        "exported_at": now or store.now(),
        "game_version": __version__,
        "counts": {table: len(rows) for table, rows in payload.items()},
        "payload_bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with gzip.open(partial, "wb") as fh:
        fh.write(json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
        fh.write(body)
    partial.replace(out)  # a crash mid-write never leaves a half file under the real name
    return header


# -- reading a file -----------------------------------------------------------------------------
def read_session_file(path: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Header and payload of a session file, every check done; SessionFileError otherwise."""
    header, body = _read_parts(Path(path))
    _check_versions(header)
    if len(body) != header["payload_bytes"]:
        raise SessionFileError("the file is truncated or damaged; export it again from the device")
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise SessionFileError("the file is damaged (checksum mismatch); export it again from the device")
    try:
        payload = json.loads(body)
    except ValueError:
        raise SessionFileError("the file is damaged (the data is not JSON)") from None
    _check_payload(payload)
    return header, payload


def _read_parts(path: Path) -> tuple[dict[str, Any], bytes]:
    """The header and the payload's bytes (one more than the header claims, if the file has more: the caller
    compares); a file that cannot be opened, unpacked or read as far as that is a SessionFileError."""
    try:
        with gzip.open(path, "rb") as fh:
            header = _read_header(fh)
            body = fh.read(header["payload_bytes"] + 1)
    except FileNotFoundError:
        raise SessionFileError("no such file") from None
    except IsADirectoryError:
        raise SessionFileError("is a folder, not a session file") from None
    except PermissionError:
        raise SessionFileError("cannot be read (permission denied)") from None
    except gzip.BadGzipFile:
        raise SessionFileError("not a session file of this game (not gzip data)") from None
    except (EOFError, zlib.error):
        raise SessionFileError("the file is truncated or damaged; export it again from the device") from None
    except OSError as exc:
        raise SessionFileError(f"cannot be read ({exc.strerror or exc})") from None
    return header, body


def _read_header(fh: gzip.GzipFile) -> dict[str, Any]:
    """The header line: JSON, this game's format name, and a payload size (an int, checked) to read next."""
    first = fh.readline(100_000)
    if not first.endswith(b"\n"):
        raise SessionFileError("not a session file of this game (no header)")
    try:
        header = json.loads(first)
    except ValueError:
        raise SessionFileError("not a session file of this game (the header is not JSON)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SessionFileError("not a session file of this game (wrong format name)")
    size = header.get("payload_bytes")
    if not isinstance(size, int) or not 0 <= size <= MAX_PAYLOAD:
        raise SessionFileError("the header is damaged (payload size)")
    return header


def _check_versions(header: dict[str, Any]) -> None:
    """Refuse a header without its versions, or from a newer format or schema than this game's."""
    version = header.get("format_version")
    schema = header.get("schema_version")
    if not isinstance(version, int) or not isinstance(schema, int):
        raise SessionFileError("the header is damaged (versions)")
    if version > FORMAT_VERSION or schema > SCHEMA_VERSION:
        raise SessionFileError(
            f"written by a newer version of the game (schema {schema}, this game knows up to {SCHEMA_VERSION});"
            " update the game on this machine first"
        )


def _check_payload(payload: Any) -> None:
    if not isinstance(payload, dict):
        raise SessionFileError("the file is damaged (no tables)")
    for table, required in REQUIRED.items():
        rows = payload.get(table, [])
        if not isinstance(rows, list):
            raise SessionFileError(f"the file is damaged ({table} is not a list)")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or any(row.get(c) is None for c in required):
                raise SessionFileError(f"the file is damaged ({table} row {i + 1} is incomplete)")
            if any(isinstance(v, (dict, list)) for v in row.values()):
                raise SessionFileError(f"the file is damaged ({table} row {i + 1} has a nested value)")


# -- import ----------------------------------------------------------------------------------------
# A row already there is kept as it is, with one exception: a session or level attempt still open there
# that arrives closed (the same play exported or pushed again after it ended) takes the closed copy's
# ending. Nothing ever goes the other way, so an old copy can never reopen what has ended.
CLOSING = {
    "sessions": ("ended_at", "status"),
    "attempts": ("ended_at", "score", "max_score", "passed", "status"),
}
CLOSE = {
    "sessions": "UPDATE sessions SET ended_at = ?, status = ? WHERE id = ? AND status = 'open'",
    "attempts": "UPDATE attempts SET ended_at = ?, score = ?, max_score = ?, passed = ?, status = ?"
    " WHERE id = ? AND status = 'open'",
}
ID_BY_UUID = {table: f"SELECT id FROM {table} WHERE uuid = ?" for table in TABLES}  # names from TABLES only
# the class code of a row already in the database, by its local id (for merge_payload's only_class)
CLASS_OF = {
    "players": "SELECT class_code FROM players WHERE id = ?",
    "sessions": "SELECT p.class_code FROM sessions s JOIN players p ON p.id = s.player_id WHERE s.id = ?",
    "attempts": "SELECT p.class_code FROM attempts t JOIN sessions s ON s.id = t.session_id"
    " JOIN players p ON p.id = s.player_id WHERE t.id = ?",
    "answers": "SELECT p.class_code FROM answers a JOIN attempts t ON t.id = a.attempt_id"
    " JOIN sessions s ON s.id = t.session_id JOIN players p ON p.id = s.player_id WHERE a.id = ?",
    "events": "SELECT p.class_code FROM events e JOIN attempts t ON t.id = e.attempt_id"
    " JOIN sessions s ON s.id = t.session_id JOIN players p ON p.id = s.player_id WHERE e.id = ?",
}


def import_session(store: Store, path: Path) -> ImportResult:
    """Merge one session file into the database, in one transaction (all or nothing)."""
    header, payload = read_session_file(path)
    return merge_payload(store, payload, ImportResult(str(path), str(header.get("device_id", ""))))


def merge_payload(
    store: Store,
    payload: dict[str, list[dict[str, Any]]],
    result: ImportResult,
    only_class: str | None = None,
    by_nickname: bool = True,
) -> ImportResult:
    """Merge checked rows (as a session file holds them) in one transaction: all or nothing.

    Session files and the classroom hub (game/classroom/hub) both come this way. A row may refer to
    a parent in the same payload or to one already in the database (the hub receives a lesson in
    small pieces). With only_class, every row must belong to a student of that class, rows already
    in the database that it refers to or closes included; one that does not refuses the whole payload.
    by_nickname=False keeps every player of the payload a player of its own (the hub: anyone with the
    join code pushes, so a pushed "Tom" must never add to the Tom already there).
    """
    _check_payload(payload)
    try:
        with store.transaction():
            _Merge(store.conn, result, only_class, by_nickname).run(payload)
    except sqlite3.IntegrityError as exc:
        raise SessionFileError(f"the file holds data this database refuses ({exc}); nothing was imported") from None
    except sqlite3.Error as exc:
        raise SessionFileError(f"{_explain(exc)}; nothing was imported") from None
    return result


class _Merge:
    """One payload's merge inside the caller's transaction: uuid -> local id, and each row's class."""

    def __init__(
        self, conn: sqlite3.Connection, result: ImportResult, only_class: str | None, by_nickname: bool = True
    ):
        self.conn, self.result, self.only_class, self.by_nickname = conn, result, only_class, by_nickname
        self.ids: dict[str, dict[str, int]] = {table: {} for table in TABLES}
        self.classes: dict[str, dict[int, str]] = {table: {} for table in TABLES}

    def local_id(self, table: str, row_uuid: Any) -> int | None:
        """The local id of a row of `table` by uuid: from this payload, else from the database."""
        if row_uuid in self.ids[table]:
            return self.ids[table][row_uuid]
        found = self.conn.execute(ID_BY_UUID[table], (row_uuid,)).fetchone()
        if found is not None:
            self.ids[table][row_uuid] = found[0]
        return found[0] if found else None

    def class_of(self, table: str, row_id: int) -> str:
        if row_id not in self.classes[table]:
            found = self.conn.execute(CLASS_OF[table], (row_id,)).fetchone()
            self.classes[table][row_id] = found[0] if found else ""
        return self.classes[table][row_id]

    def run(self, payload: dict[str, list[dict[str, Any]]]) -> None:
        """Every table, parents first: each row is added, or skipped as already there (closing the copy there
        if it is still open and this one is closed); the counts go into the result."""
        for table, parent in TABLES.items():
            columns = set(_columns(self.conn, table)) - {"id"}
            added = skipped = closed = 0
            for row in payload.get(table, []):
                existing = self._existing(table, row)
                values = self._values(table, row, columns, parent)
                if self.only_class is not None:
                    self._check_class(table, row, existing, values, parent)
                if existing is not None:
                    changed = self._close(table, row, existing)
                    closed += changed
                    skipped += 1 - changed
                else:
                    self._insert(table, row, values)
                    added += 1
            self.result.added[table] = added
            self.result.skipped[table] = skipped
            if closed:
                self.result.closed[table] = closed

    def _existing(self, table: str, row: dict[str, Any]) -> int | None:
        """The local id of the row if it is already there: by uuid, or (a player, by_nickname) by the same
        nickname and class code, which counts as a merged player."""
        existing = self.local_id(table, row["uuid"])
        if existing is None and table == "players" and row["class_code"] and self.by_nickname:
            found = self.conn.execute(
                "SELECT id FROM players WHERE nickname = ? AND class_code = ? ORDER BY id LIMIT 1",
                (row["nickname"], row["class_code"]),
            ).fetchone()
            if found is not None:
                existing = self.ids[table][row["uuid"]] = found[0]
                self.result.merged_players += 1
        return existing

    def _values(
        self, table: str, row: dict[str, Any], columns: set[str], parent: tuple[str, str, str] | None
    ) -> dict[str, Any]:
        """The row's values for the table's columns, its parent by local id (SessionFileError if missing)."""
        values = {k: v for k, v in row.items() if k in columns}
        if table == "sessions" and "device" in columns and not values.get("device") and self.result.device_id:
            values["device"] = self.result.device_id  # a file from before sessions kept their device
        if parent is not None:
            ref, local, parent_table = parent
            parent_uuid = row.get(ref)
            if parent_uuid is None and table == "events":
                values[local] = None  # an event outside any level
            else:
                parent_id = self.local_id(parent_table, parent_uuid) if parent_uuid is not None else None
                if parent_id is None:
                    raise SessionFileError(
                        f"the file is damaged ({table} row refers to a missing {parent_table[:-1]})",
                        {"table": table, "uuid": str(row["uuid"])},
                    )
                values[local] = parent_id
        return values

    def _close(self, table: str, row: dict[str, Any], existing: int) -> int:
        """Close the row already there if it is open and this copy is closed: 1 if it was, else 0."""
        if table in CLOSING and row.get("status", "open") != "open":
            closing = [row.get(c) for c in CLOSING[table]]
            return self.conn.execute(CLOSE[table], (*closing, existing)).rowcount
        return 0

    def _insert(self, table: str, row: dict[str, Any], values: dict[str, Any]) -> None:
        names = list(values)  # only columns the table has (from _columns), values as ?
        insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        new_id = int(self.conn.execute(insert, [values[n] for n in names]).lastrowid or 0)
        self.ids[table][row["uuid"]] = new_id
        if self.only_class is not None:
            self.classes[table][new_id] = self.only_class

    def _check_class(
        self,
        table: str,
        row: dict[str, Any],
        existing: int | None,
        values: dict[str, Any],
        parent: tuple[str, str, str] | None,
    ) -> None:
        """Refuse a row that is not of only_class: by its own class code (players), by its parent's
        class (the rest; an event outside any level belongs to no class), and, for a row already
        there, by the class of the row in the database."""
        if parent is None:
            claimed = row["class_code"]
        else:
            parent_id = values[parent[1]]
            claimed = self.class_of(parent[2], parent_id) if parent_id is not None else None
        if claimed == self.only_class and (existing is None or self.class_of(table, existing) == self.only_class):
            return
        raise WrongClass(
            f"a {table[:-1]} row is not of class {self.only_class}", {"table": table, "uuid": str(row["uuid"])}
        )
