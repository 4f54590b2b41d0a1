"""`python main.py sync --to postgresql://...`: push this device's rows to the district server.

How nothing is lost or doubled:
- every row has a UUID made when it was written, and a `rev`: a change number from one
  device-wide clock, set by triggers on insert and on each later update (migration 3);
- the device reads from one snapshot (a single SQLite read transaction), table by table in
  foreign-key order (players, sessions, attempts, answers, events), rows in rev order;
- each batch goes to the server in one transaction: COPY into a staging table, then
  INSERT ... ON CONFLICT (uuid) DO UPDATE ... WHERE the server's copy is older (so a re-sent row
  changes nothing, and a session that has since finished replaces its open copy);
- only after the server's COMMIT returns does the device record, per server and table, the
  highest rev acknowledged (sync_state). A sync killed anywhere re-sends at most the batch
  whose acknowledgement it did not record, and re-sending is a no-op: the server ends up with
  the same contents as after one clean sync.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.district import aggregate
from game.district import server as srv
from game.district.identity import Identity, identity
from game.store.db import SCHEMA_VERSION, Store, StoreError
from game.store.outbox import TABLES, Snapshot, ack, acked

log = logging.getLogger("game.district")

DEVICE = """
    INSERT INTO devices (device_id, site_id, device_schema, game_version) VALUES (%s, %s, %s, %s)
    ON CONFLICT (device_id) DO UPDATE SET site_id = excluded.site_id, device_schema = excluded.device_schema,
        game_version = excluded.game_version, last_sync = now()
"""


def _columns(conn: Any, table: str) -> list[str]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND table_schema = current_schema() ORDER BY ordinal_position",
            (table,),
        )
        return [r[0] for r in cur.fetchall()]


def _statements(conn: Any, table: str) -> tuple[Any, Any, Any]:
    """Staging table, COPY and upsert for one server table (names from TABLES, columns from the server)."""
    from psycopg import sql

    cols = _columns(conn, table)
    name, stage = sql.Identifier(table), sql.Identifier(f"stage_{table}")
    names = sql.SQL(", ").join(map(sql.Identifier, cols))
    changed = [c for c in cols if c != "uuid"]
    create = sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {}) ON COMMIT DELETE ROWS").format(stage, name)
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)
    upsert = sql.SQL(
        "WITH up AS (INSERT INTO {t} ({cols}) SELECT {cols} FROM {s} "
        "ON CONFLICT (uuid) DO UPDATE SET ({changed}) = ROW({excluded}) WHERE {t}.rev < excluded.rev "
        "RETURNING (xmax = 0) AS fresh) "
        "SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM up"
    ).format(
        t=name,
        s=stage,
        cols=names,
        changed=sql.SQL(", ").join(map(sql.Identifier, changed)),
        excluded=sql.SQL(", ").join(sql.SQL("excluded.") + sql.Identifier(c) for c in changed),
    )
    return create, copy, upsert


def _text(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL; everything else goes as it is."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


def _json(data: str) -> str:
    """Event data as valid JSON for the jsonb column (unreadable data is kept, wrapped)."""
    try:
        value = json.loads(data)
    except (TypeError, ValueError):
        value = {"unreadable": data}
    return json.dumps(value, ensure_ascii=False).replace("\\u0000", "\ufffd")


def _rows(table: str, rows: list[tuple], me: Identity) -> list[tuple]:
    site, device = me.site_id, me.device_id
    if table == "players":
        return [(u, site, device, _text(me.player_key(c, n)), _text(c), a, t, r) for u, c, n, a, t, r in rows]
    if table == "events":
        return [(u, site, device, at, _text(k), _json(d), ms, when, r) for u, at, k, d, ms, when, r in rows]
    return [(row[0], site, device, *map(_text, row[1:])) for row in rows]


@dataclass
class TableResult:
    sent: int = 0
    inserted: int = 0
    updated: int = 0


@dataclass
class SyncResult:
    server: str
    server_id: str
    site_id: str
    device_id: str
    tables: dict[str, TableResult] = field(default_factory=lambda: {t: TableResult() for t in TABLES})
    batches: int = 0
    seconds: float = 0.0
    refreshed: int = 0  # student-level groups whose running totals were brought up to date (aggregate.py)
    refresh_seconds: float = 0.0

    @property
    def sent(self) -> int:
        return sum(t.sent for t in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "site_id": self.site_id,
            "device_id": self.device_id,
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
            "refreshed": self.refreshed,
            "refresh_seconds": round(self.refresh_seconds, 3),
            "tables": {k: vars(v) for k, v in self.tables.items()},
        }


class SyncError(Exception):
    """Why a sync stopped; everything acknowledged before it is kept, the rest goes next time."""


def sync(
    db: str | Path,
    url: str,
    *,
    init: bool = False,
    batch: int = 5000,
    progress: Callable[[str, int, int], None] | None = None,
    after_commit: Callable[[str, int], None] | None = None,
) -> SyncResult:
    """Push every row the server has not acknowledged. Raises SyncError with a plain message.

    progress(table, rows in the batch, total sent from it so far) after each acknowledged batch;
    after_commit(table, batch number) right after the server's commit and before the device
    records it (tests stop a sync there, as a power cut would).
    """
    if batch < 1:
        raise SyncError("the batch size must be 1 or more")
    t0 = time.perf_counter()
    try:
        store = Store.open(db)
    except StoreError as exc:
        raise SyncError(str(exc)) from None
    try:
        me = identity(store)
        if not me.site_id:
            raise SyncError(
                "this device has no site id yet: set it with python main.py site --site-id NAME "
                "(the school or hall; see docs/district.md)"
            )
        try:
            conn = srv.connect(url)
        except srv.ServerError as exc:
            raise SyncError(str(exc)) from None
        try:
            return _push(store, conn, url, me, init, batch, progress, after_commit, t0)
        except srv.ServerError as exc:
            raise SyncError(str(exc)) from None
        except srv.driver().Error as exc:
            raise SyncError(
                f"{srv.shown(url)}: the sync stopped ({srv.first_line(exc)}); what was acknowledged is kept, "
                "run it again to send the rest"
            ) from None
        finally:
            conn.close()
    except StoreError as exc:
        raise SyncError(f"{store.path}: {exc}") from None
    finally:
        store.close()


def _push(
    store: Store,
    conn: Any,
    url: str,
    me: Identity,
    init: bool,
    batch: int,
    progress: Callable[[str, int, int], None] | None,
    after_commit: Callable[[str, int], None] | None,
    t0: float,
) -> SyncResult:
    import game

    meta = srv.migrate(conn, SCHEMA_VERSION) if init else srv.ready(conn, url, SCHEMA_VERSION)
    server_id = meta["server_id"]
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(DEVICE, (me.device_id, me.site_id, SCHEMA_VERSION, game.__version__))
    result = SyncResult(srv.shown(url), server_id, me.site_id, me.device_id)
    snapshot = Snapshot(store)
    try:
        for table in TABLES:
            create, copy, upsert = _statements(conn, table)
            done = result.tables[table]
            last = acked(store, server_id, table)
            while True:
                rows = snapshot.unsent(table, last, batch)
                if not rows:
                    break
                out = _rows(table, rows, me)
                with conn.transaction(), conn.cursor() as cur:
                    cur.execute(create)
                    with cur.copy(copy) as pipe:
                        for row in out:
                            pipe.write_row(row)
                    cur.execute(upsert)
                    inserted, updated = cur.fetchone()
                result.batches += 1
                if after_commit:
                    after_commit(table, result.batches)
                last = rows[-1][-1]
                ack(store, server_id, table, last)  # only now: the server has committed the batch
                done.sent += len(rows)
                done.inserted += inserted
                done.updated += updated
                if progress:
                    progress(table, len(rows), done.sent)
    finally:
        snapshot.close()
    t1 = time.perf_counter()
    result.refreshed = aggregate.refresh(conn)  # the district report's running totals, for what just arrived
    result.refresh_seconds = time.perf_counter() - t1
    result.seconds = time.perf_counter() - t0
    return result


class BackgroundSync:
    """Kiosk mode's optional sync every N minutes, in a daemon thread: never touches the game loop,
    and a server that is down only means the rows wait on the device for the next round."""

    def __init__(self, db: str | Path, url: str, minutes: float):
        self.db, self.url, self.interval = str(db), url, max(minutes, 0.1) * 60.0
        self._stop = threading.Event()
        self.last: SyncResult | None = None
        self.last_error: str | None = None
        self.thread = threading.Thread(target=self._run, name="district-sync", daemon=True)

    def start(self) -> BackgroundSync:
        self.thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.last = sync(self.db, self.url)
                self.last_error = None
                log.info("district sync: %d rows sent to %s", self.last.sent, self.last.server)
            except SyncError as exc:
                self.last_error = str(exc)
                log.warning("district sync: %s", exc)
            except Exception as exc:
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("district sync failed")
