"""The device side of the live classroom: push this device's rows to the teacher's hub as students play.

The game goes on exactly as before: every answer is committed to the device's own database before
its feedback shows. A background thread (LivePush) watches that database (SQLite's data_version, a
look every WATCH seconds that reads no table) and, after each commit and every PUSH_EVERY seconds
while rows wait, sends the rows the hub has not acknowledged, through the outbox the district sync
keeps (game/store/outbox.py: change numbers, acknowledgement per server and table):

- only the rows of the hub's class (a device used by other classes before keeps theirs);
- each push stands on its own (every parent it names is in it), like a session file, and the hub
  stores it through the same idempotent import (rows by uuid: a push sent twice adds nothing);
- the device records the acknowledgement only after the hub answered 200, i.e. after its commit;
- each student's rows go in a push of their own: a row the hub refuses (the hub names it) holds back
  that student only, and everyone else's rows go on;
- a hub that cannot be reached, or refuses, only means the rows wait for the next round.

Standard library only (urllib): a student's device needs nothing of the hub's web stack. urllib and
logging are imported by the thread, not by the game's start.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PUSH_EVERY = 3.0  # seconds between tries while rows wait (and between looks when nothing changed)
WATCH = 0.1  # seconds between looks at the database for a new commit
BATCH = 300  # rows of each table in one push
TIMEOUT = 5.0  # seconds for one request
HUB_KEY, CODE_KEY = "classroom.hub", "classroom.hub_code"  # the device's remembered hub (settings table)
HELD_KEY = "classroom.held."  # + hub id: students whose rows that hub refused (settings table)


class HubError(Exception):
    """Why a push did not go through; the rows wait. `status` is the hub's HTTP status (0: unreachable);
    `row` the row the hub refused ({"table": ..., "uuid": ...}), when it was one row."""

    def __init__(self, message: str, status: int = 0, row: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.row = row


def hub_url(text: str) -> str:
    """A hub address as typed ('192.168.1.20:8765', 'http://host:8765/') made into a base URL."""
    text = text.strip().rstrip("/")
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    scheme, rest = text.split("://", 1)
    if ":" not in rest.rsplit("]", 1)[-1]:
        rest += ":8765"
    return f"{scheme.lower()}://{rest}"


def remembered_hub(store: Any) -> str:
    """The hub address remembered on the device (the Device class screen), '' when none (or unreadable)."""
    from game.store import StoreError

    try:
        url = store.setting(HUB_KEY, "")
    except StoreError:
        return ""
    return url if isinstance(url, str) else ""


@dataclass(frozen=True)
class HubInfo:
    hub_id: str
    class_code: str
    schema_version: int


@dataclass
class PushResult:
    sent: dict[str, int] = field(default_factory=dict)
    pushes: int = 0

    @property
    def rows(self) -> int:
        return sum(self.sent.values())


class Pusher:
    """Pushes from one device database to one hub; each call reads one snapshot of the database."""

    def __init__(self, store: Any, url: str, code: str, batch: int = BATCH, timeout: float = TIMEOUT):
        self.store, self.url, self.code, self.batch, self.timeout = (
            store,
            hub_url(url),
            code.strip().upper(),
            batch,
            timeout,
        )
        self.info: HubInfo | None = None
        self.refused: dict[str, str] = {}  # student (player uuid) -> why the hub refused their rows, this run
        self._offered_held = False
        self._opener: Any = None

    def _request(self, path: str, body: bytes | None = None) -> Any:
        import http.client
        import urllib.error
        import urllib.request

        if self._opener is None:
            self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # a LAN address: no proxy
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method="POST" if body is not None else "GET",
            headers={"X-Join-Code": self.code, "Content-Type": "application/json"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                data = json.loads(exc.read())
                message, row = str(data.get("error", "")), data.get("row")
            except (ValueError, AttributeError, OSError):
                message, row = "", None
            row = row if isinstance(row, dict) else None
            raise HubError(f"the hub refused ({exc.code}): {message or exc.reason}", exc.code, row) from None
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            # HTTPException: a hub that died mid-answer (IncompleteRead, a bad status line)
            reason = getattr(exc, "reason", None) or type(exc).__name__
            raise HubError(f"cannot reach the hub at {self.url} ({reason})") from None

    def hello(self) -> HubInfo:
        data = self._request("/api/hello")
        try:
            self.info = HubInfo(str(data["hub"]), str(data["class"]), int(data["schema_version"]))
        except (KeyError, TypeError, ValueError):
            raise HubError(f"{self.url} is not a classroom hub") from None
        return self.info

    def push(self) -> PushResult:
        """Send every row of the hub's class it has not acknowledged; raises HubError (rows wait).

        Each student's rows go in a push of their own: a row the hub refuses (it names the row) holds
        back only that student's rows, remembered on the device per hub (HELD_KEY) and offered again
        once per Pusher (the next game start, or a hub that changed), while everyone else's go on."""
        from game.store.outbox import TABLES, Snapshot, ack, acked

        info = self.info or self.hello()
        result = PushResult({t: 0 for t in TABLES})
        if not self._offered_held:
            self._offered_held = True
            self._offer_held(info, result)
        while True:
            # one snapshot per batch, closed before the network and the acknowledgement: no read
            # transaction is held while waiting for the hub, or while this device writes
            snapshot = Snapshot(self.store)
            try:
                rows: dict[str, list[dict[str, Any]]] = {}
                upto: dict[str, int] = {}
                full = False
                for table in TABLES:
                    after = acked(self.store, info.hub_id, table)
                    rows[table] = snapshot.rows_of_class(table, after, self.batch, info.class_code)
                    full = full or len(rows[table]) == self.batch
                    # a short batch read every row of the class up to the snapshot's end: the other classes'
                    # rows up to there need never go to this hub
                    upto[table] = rows[table][-1]["rev"] if len(rows[table]) == self.batch else snapshot.last_rev(table)
                    if upto[table] <= after:
                        del upto[table]
                whole = snapshot.with_parent_rows(rows) if any(rows.values()) else {}
            finally:
                snapshot.close()
            held = self.held(info)
            for student, part in by_student(whole).items():
                if student not in held:
                    self._send_student(info, student, part, result)
            if upto:
                with self.store.transaction():  # one commit on the device for the whole push
                    for table, rev in upto.items():
                        ack(self.store, info.hub_id, table, rev)  # only now: the hub has committed them
            for table in TABLES:
                result.sent[table] += len(rows[table])
            if not full:
                return result

    def held(self, info: HubInfo) -> set[str]:
        """The students (player uuids) whose rows this hub refused: they wait on the device."""
        value = self.store.setting(HELD_KEY + info.hub_id, [])
        return {u for u in value if isinstance(u, str)} if isinstance(value, list) else set()

    def _hold(self, info: HubInfo, student: str, keep: bool) -> None:
        held = self.held(info)
        if (student in held) != keep:
            self.store.set_setting(HELD_KEY + info.hub_id, sorted(held | {student} if keep else held - {student}))

    def _send_student(
        self, info: HubInfo, student: str, rows: dict[str, list[dict[str, Any]]], result: PushResult
    ) -> bool:
        """Push one student's rows; True when the hub took them. A refused row holds the student back."""
        from game.store.db import SCHEMA_VERSION

        body = {"device_id": self.store.device_id(), "schema_version": SCHEMA_VERSION, "rows": rows}
        try:
            self._request("/api/push", json.dumps(body, ensure_ascii=False).encode("utf-8"))
        except HubError as exc:
            if exc.row is None:  # the hub, not one of the rows: everything waits for the next round
                if exc.status in (403, 409):
                    self.info = None  # the hub may have been restarted for another class: ask again
                raise
            self._hold(info, student, True)
            self.refused[student] = str(exc)
            _log().warning(
                "classroom push: the hub refused a row of one student (%s); their answers wait on this "
                "device, the others' go on",
                exc,
            )
            return False
        result.pushes += 1
        self.refused.pop(student, None)
        return True

    def _offer_held(self, info: HubInfo, result: PushResult) -> None:
        """Offer each held-back student's rows again, all of them (the hub may have been updated)."""
        from game.store.outbox import TABLES, Snapshot

        for student in sorted(self.held(info)):
            snapshot = Snapshot(self.store)
            try:
                rows = {t: snapshot.rows_of_student(t, student) for t in TABLES}
            finally:
                snapshot.close()
            if not any(rows.values()) or self._send_student(info, student, rows, result):
                self._hold(info, student, False)


def by_student(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """A payload (every parent in it) split per student (player uuid), each part standing on its own."""
    from game.store.outbox import TABLES

    session_of = {a["uuid"]: a["session_uuid"] for a in rows.get("attempts", [])}
    player_of = {s["uuid"]: s["player_uuid"] for s in rows.get("sessions", [])}
    owner = {
        "players": lambda r: r["uuid"],
        "sessions": lambda r: r["player_uuid"],
        "attempts": lambda r: player_of.get(r["session_uuid"]),
        "answers": lambda r: player_of.get(session_of.get(r["attempt_uuid"], "")),
        "events": lambda r: player_of.get(session_of.get(r["attempt_uuid"] or "", "")),
    }
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in TABLES:
        for row in rows.get(table, []):
            student = owner[table](row)
            if student is not None:
                out.setdefault(student, {t: [] for t in TABLES})[table].append(row)
    return out


class LivePush:
    """The background thread: a push after each commit to the device's database and every PUSH_EVERY
    seconds while rows wait. It has its own database connection; play never waits for it."""

    def __init__(
        self,
        db: str | Path,
        url: str | None = None,
        code: str | None = None,
        every: float = PUSH_EVERY,
        watch: float = WATCH,
        batch: int = BATCH,
        timeout: float = TIMEOUT,
    ):
        self.db, self.url, self.code = str(db), url, code
        self.every, self.watch, self.batch, self.timeout = every, watch, batch, timeout
        self._stop = threading.Event()
        self.stop_by = float("inf")  # time.monotonic() by which stop() wants the last push over
        self.thread = threading.Thread(target=self._run, name="classroom-push", daemon=True)
        self.state = "starting"  # starting | off | ok | waiting (the hub cannot be reached) | refused (the join code)
        self.last_error: str | None = None
        self.waiting: int | None = None  # answers on this device the hub has not acknowledged (None: not known)
        self._hub_id: str | None = None  # the last hub that answered (its acknowledgements count what waits)
        self.sent = 0
        self.pushes = 0

    def start(self) -> LivePush:
        self.thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        """Stop after one last push (so a student's last answers go before the game closes), waiting at
        most `timeout` seconds: what has not gone by then waits on the device for the next start."""
        self.stop_by = time.monotonic() + timeout  # before the thread can see the stop
        self._stop.set()
        if self.thread.ident is not None:  # started
            self.thread.join(timeout)

    def _target(self, store: Any) -> tuple[str, str]:
        """The hub and code given on the command line, else the ones remembered on the device."""
        if self.url:
            return self.url, self.code or ""
        code = store.setting(CODE_KEY, "")
        return remembered_hub(store), (code if isinstance(code, str) else "")

    def _run(self) -> None:
        from game.store import Store, StoreError

        log = _log()
        if not self._wait_for_schema():
            return
        try:
            store = Store.open(self.db)
        except StoreError as exc:
            self.state, self.last_error = "off", str(exc)
            log.warning("classroom push: %s", exc)
            return
        pusher: Pusher | None = None
        seen_version: int | None = None
        next_try = 0.0
        try:
            while True:
                stopping = self._stop.is_set()
                try:
                    pusher, seen_version, next_try = self._round(store, pusher, seen_version, next_try, stopping)
                except Exception as exc:
                    if self.last_error != repr(exc):
                        log.exception("classroom push failed; the answers wait on this device")
                    self.state, self.last_error, pusher = "waiting", repr(exc), None
                if stopping:
                    return
                self._stop.wait(self.watch)  # a stop wakes it: the next round pushes one last time, then returns
        finally:
            store.close()

    def _round(
        self, store: Any, pusher: Pusher | None, seen_version: int | None, next_try: float, stopping: bool
    ) -> tuple[Pusher | None, int | None, float]:
        """One look at the database, and a push when it changed, when it is time, or when stopping."""
        from game.store import StoreError

        try:
            version = store.data_version()
            url, code = self._target(store)
        except (sqlite3.Error, StoreError):
            version, url, code = None, "", ""
        if not url:
            self.state = "off"
            pusher = None
        elif pusher is None or (pusher.url, pusher.code) != (hub_url(url), code.strip().upper()):
            pusher = Pusher(store, url, code, self.batch, self.timeout)
            seen_version = None
        now = time.monotonic()
        if pusher is not None and (version != seen_version or now >= next_try or stopping):
            seen_version = version
            next_try = now + self.every
            self._push(pusher, stopping)
        return pusher, seen_version, next_try

    def _wait_for_schema(self) -> bool:
        """Wait until the game has created and migrated its database (two connections migrating one
        new file at once would collide); False when stopped first."""
        from game.store.db import SCHEMA_VERSION, schema_version

        while not self._stop.is_set():
            try:
                if (schema_version(self.db) or 0) >= SCHEMA_VERSION:
                    return True
            except sqlite3.Error:
                pass
            self._stop.wait(0.5)
        return False

    def _push(self, pusher: Pusher, last: bool) -> None:
        from game.store import StoreError

        log = _log()
        if last:  # each request of the last push gets what is left of stop()'s wait
            pusher.timeout = max(0.05, min(pusher.timeout, self.stop_by - time.monotonic()))
        try:
            result = pusher.push()
        except (HubError, StoreError) as exc:
            if self.last_error != str(exc):
                log.warning("classroom push: %s; the answers wait on this device", exc)
            refused = isinstance(exc, HubError) and exc.status == 403  # a wrong join code: waiting will not help
            self.state, self.last_error = ("refused" if refused else "waiting"), str(exc)
            self._count_waiting(pusher)
            return
        except Exception as exc:
            if self.last_error != repr(exc):
                log.exception("classroom push failed; the answers wait on this device")
            self.state, self.last_error = "waiting", repr(exc)
            pusher.info = None  # start again with a fresh hello
            self._count_waiting(pusher)
            return
        if self.state != "ok":
            log.info(
                "classroom push: connected to %s (class %s)", pusher.url, pusher.info.class_code if pusher.info else "?"
            )
        self.state, self.last_error = "ok", None
        self.sent += result.rows
        self.pushes += result.pushes
        self._count_waiting(pusher)

    def _count_waiting(self, pusher: Pusher) -> None:
        """How many answers wait on the device for the hub (None while no hub has answered this run)."""
        from game.store import StoreError
        from game.store.outbox import pending

        if pusher.info is not None:
            self._hub_id = pusher.info.hub_id
        if self._hub_id is None:
            self.waiting = None
            return
        try:
            self.waiting = pending(pusher.store, self._hub_id)["answers"]
        except StoreError:
            self.waiting = None


def status_line(live: LivePush | None) -> tuple[str, dict[str, Any]] | None:
    """What the title screen says about the live push: (string key, values), or None (no live board).
    Short, and never an error's text: the details are in the log file."""
    if live is None or live.state == "off":
        return None
    if live.state == "starting":
        return "live.connecting", {}
    if live.state == "ok":
        return ("live.sending", {"n": live.waiting}) if live.waiting else ("live.ok", {})
    if live.state == "refused":
        return "live.refused", {}
    return ("live.waiting", {"n": live.waiting}) if live.waiting else ("live.waiting_kept", {})


def _log() -> Any:
    import logging

    return logging.getLogger("game.classroom")
