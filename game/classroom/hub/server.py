"""The teacher's hub: a small Starlette app that takes the devices' rows and serves the live board.

Devices (game/classroom/live.py) push with the class's join code in the X-Join-Code header:
  GET  /api/hello   -> {"hub": id, "class": code, "schema_version": N}: who this hub is
  POST /api/push    -> rows stored through merge_payload (the session files' import) in one
                       transaction: 200 with the counts, or a 4xx and nothing written
The teacher's browser, after signing in with the teacher PIN (the teacher area's, game/auth.py):
  GET  /            the board page (static files shipped in this package: board.html, board.js, board.css)
  GET  /api/board   the board as JSON (?projector=1: students as numbers only)
  GET  /api/stream  the same as server-sent events, a new board each time rows arrive
  GET  /api/catalog level titles, questions and options in both languages
  POST /api/reveal  show (or hide) one question's answer key on the board
  GET  /qr.svg      the join address as a QR code; /report.html and /report.zip: the class report

One writer: the pushes are written one at a time (a lock), each its own transaction; the board is
rebuilt from a second connection at most every REBUILD_GAP seconds, and every IDLE_TICK seconds so
that "no progress for 3 minutes" shows up without new rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the types only: starlette is imported when the hub runs
    from starlette.requests import Request
    from starlette.responses import Response

BODY_LIMIT = 2_000_000  # bytes of one push or request
REBUILD_GAP = 0.2  # seconds between two board rebuilds at most
IDLE_TICK = 10.0  # seconds: the board is rebuilt this often even without new rows
KEEPALIVE = 15.0  # seconds between comments on a quiet event stream
COOKIE = "jindu_board"
TOKEN_HOURS = 12
WRONG_CODES_PER_MINUTE = 20
SIGN_IN_FREE = 3  # wrong teacher PINs from one address before it has to wait
SIGN_IN_WAIT = 2.0  # seconds of the first wait; each further wrong PIN from that address doubles it
SIGN_IN_MAX_WAIT = 900.0
PIN_LOCK_KEY = (
    "classroom.pin_lock"  # the hub's own PIN lock: guessing on the network never locks the game's teacher area
)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6
BOARD_KEY = "classroom.board_key"
JOIN_KEY = "classroom.join_code."  # + class code: the code is kept, so a restarted hub takes the same devices
LESSON_KEY = "classroom.lesson."  # + class code: {"since": UTC ISO, "at": seconds}: the lesson the board shows
LESSON_HOURS = 2.0  # a hub started again within this long after the last start goes on with the same lesson
LESSON_GRACE = 15 * 60.0  # seconds: sessions started this long before the hub are of its lesson too
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self';"
    " font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'"


def static_dir() -> Path:
    return Path(str(resources.files("game.classroom.hub") / "static"))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def join_code(store: Any, class_code: str, fresh: bool = False) -> str:
    """The class's join code on this teacher's database (made on first use, or anew when fresh)."""
    code = store.setting(JOIN_KEY + class_code)
    if fresh or not isinstance(code, str) or len(code) != CODE_LENGTH:
        code = new_code()
        store.set_setting(JOIN_KEY + class_code, code)
    return code


def utc_iso(seconds: float) -> str:
    """Seconds since the epoch as the game stores times ('2026-12-01T08:00:00.000Z')."""
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def lesson_since(store: Any, class_code: str, given: str | None, now: float) -> str:
    """The start of the lesson the board shows: `given` (--since), else the lesson a hub of this class
    started less than LESSON_HOURS ago (a hub restarted mid-lesson keeps its board), else now (less
    LESSON_GRACE: the students who sat down before the teacher started the hub)."""
    remembered = store.setting(LESSON_KEY + class_code)
    if given:
        since = given
    elif (
        isinstance(remembered, dict)
        and isinstance(remembered.get("since"), str)
        and isinstance(remembered.get("at"), (int, float))
        and 0 <= now - remembered["at"] < LESSON_HOURS * 3600
    ):
        since = remembered["since"]
    else:
        since = utc_iso(now - LESSON_GRACE)
    store.set_setting(LESSON_KEY + class_code, {"since": since, "at": now})
    return since


@dataclass
class HubConfig:
    db: Path
    class_code: str
    code: str  # the join code devices must send
    address: str  # the join address printed and shown on the board, e.g. http://192.168.1.20:8765
    content: Path | None = None
    now: Callable[[], float] = time.time
    since: str | None = None  # the lesson's start (UTC ISO; --since); None: when this hub started (lesson_since)
    after_commit: Callable[[], None] | None = None  # tests: fail a push after the hub's commit


@dataclass
class Hub:
    """The hub's state: the writer, the reader, the latest board and who listens for the next one."""

    config: HubConfig
    writer: Any = None
    reader: Any = None
    catalog: Any = None
    sequences: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    hub_id: str = ""
    board_key: bytes = b""
    lock: threading.Lock = field(default_factory=threading.Lock)
    read_lock: threading.Lock = field(default_factory=threading.Lock)
    since: str = ""  # the lesson window: sessions started at or after this UTC ISO time
    started: float = 0.0  # when this hub started, on its own clock
    arrived: dict[str, float] = field(default_factory=dict)  # player uuid -> when their rows last arrived (hub clock)
    revealed: set[str] = field(default_factory=set)
    boards: dict[bool, str] = field(default_factory=dict)  # projector? -> JSON text
    version: int = 0
    listeners: set[asyncio.Queue] = field(default_factory=set)
    dirty: asyncio.Event | None = None
    wrong_codes: dict[str, list[float]] = field(default_factory=dict)
    wrong_pins: dict[str, tuple[int, float]] = field(default_factory=dict)  # address -> (misses, may try again at)
    pushes: int = 0
    server: Any = None  # the uvicorn server, once serving
    loop: Any = None  # its event loop

    @classmethod
    def open(cls, config: HubConfig) -> Hub:
        from game import paths
        from game.content.loader import load_content_cached
        from game.reports.catalog import Catalog
        from game.store import Store

        content = load_content_cached(config.content or paths.CONTENT)
        hub = cls(config)
        hub.catalog = Catalog.from_content(content)
        hub.sequences = {tid: track.sequence() for tid, track in content.tracks.items()}
        hub.writer = Store.open(config.db)
        hub.reader = Store.open(config.db)
        hub.hub_id = "hub:" + hub.writer.device_id()
        key = hub.writer.setting(BOARD_KEY)
        if not isinstance(key, str) or len(key) != 64:
            key = secrets.token_hex(32)
            hub.writer.set_setting(BOARD_KEY, key)
        hub.board_key = bytes.fromhex(key)
        hub.started = config.now()
        hub.since = lesson_since(hub.writer, config.class_code, config.since, hub.started)
        return hub

    def close(self) -> None:
        with self.lock, self.read_lock:  # a push or a rebuild still under way in a worker thread ends first
            for store in (self.writer, self.reader):
                if store is not None:
                    store.close()

    # -- devices ------------------------------------------------------------------------------------
    def code_ok(self, given: str | None, client: str) -> bool:
        """The join code, compared in constant time; a client that keeps guessing is slowed (429)."""
        ok = hmac.compare_digest((given or "").strip().upper().encode(), self.config.code.encode())
        if not ok:
            now = self.config.now()
            recent = [t for t in self.wrong_codes.get(client, []) if now - t < 60] + [now]
            self.wrong_codes[client] = recent
        return ok

    def guessing(self, client: str) -> bool:
        now = self.config.now()
        return len([t for t in self.wrong_codes.get(client, []) if now - t < 60]) >= WRONG_CODES_PER_MINUTE

    def accept(self, push: Any) -> Any:
        """Store one checked push (intake.Push) in one transaction; returns the ImportResult."""
        from game.classroom.hub.intake import payload
        from game.store.sessionfile import ImportResult, merge_payload

        rows = payload(push)
        with self.lock:
            # never by nickname: a pushed "Tom" is a student of its own, not more rows for the Tom already there
            result = merge_payload(
                self.writer,
                rows,
                ImportResult("push", push.device_id),
                only_class=self.config.class_code,
                by_nickname=False,
            )
            self.pushes += 1
        if self.config.after_commit is not None:
            self.config.after_commit()
        if sum(result.added.values()) or result.closed:  # progress, on the hub's clock (a device's may be off)
            from game.classroom.live import by_student

            arrived = self.config.now()
            for student in by_student(rows):
                self.arrived[student] = arrived
        return result

    # -- the board ----------------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        from game.classroom.hub.board import BoardInput, build_board
        from game.reports.collect import build_report
        from game.reports.model import Filters
        from game.store.live import class_rows

        with self.read_lock:  # the lesson only: the board's rows and its report over the same window
            rows = class_rows(self.reader, self.config.class_code, self.since)
            report = build_report(
                self.reader, self.catalog, Filters(class_code=self.config.class_code, start=self.since)
            )
        return build_board(
            BoardInput(
                class_code=self.config.class_code,
                rows=rows,
                report=report,
                catalog=self.catalog,
                sequences=self.sequences,
                now=self.config.now(),
                arrived=dict(self.arrived),
                revealed=set(self.revealed),
                join={"address": self.config.address, "code": self.config.code, "since": self.since},
                started=self.started,
            )
        )

    def rebuild(self) -> None:
        from game.classroom.hub.board import for_projector

        board = self.build()
        self.version += 1
        board["version"] = self.version
        self.boards = {
            False: json.dumps(board, ensure_ascii=False),
            True: json.dumps({**for_projector(board), "version": self.version}, ensure_ascii=False),
        }

    def publish(self) -> None:
        for queue in list(self.listeners):
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(self.version)

    def stopping(self) -> bool:
        """The server is shutting down: event streams end (a browser reconnects to the next hub)."""
        return bool(getattr(self.server, "should_exit", False))

    def changed(self) -> None:
        """Rebuild the board soon (from the server's loop, or from any other thread)."""
        if self.dirty is None or self.loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self.dirty.set()
        else:
            self.loop.call_soon_threadsafe(self.dirty.set)

    # -- the teacher's sign-in ----------------------------------------------------------------------
    def token(self, now: float | None = None) -> str:
        expires = int((now or self.config.now()) + TOKEN_HOURS * 3600)
        mac = hmac.new(self.board_key, f"{self.hub_id}|{expires}".encode(), hashlib.sha256).hexdigest()
        return f"{expires}.{mac}"

    def token_ok(self, token: str | None) -> bool:
        if not token or "." not in token:
            return False
        expires, mac = token.split(".", 1)
        if not expires.isdigit() or int(expires) < self.config.now():
            return False
        want = hmac.new(self.board_key, f"{self.hub_id}|{expires}".encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(mac.encode(), want.encode())

    def sign_in_wait(self, client: str) -> float:
        """Seconds this address must wait before its next try at the teacher PIN (0: it may try now)."""
        _misses, until = self.wrong_pins.get(client, (0, 0.0))
        return max(0.0, until - self.config.now())

    def check_pin(self, pin: str, client: str = "?") -> Any:
        """The teacher PIN, through the hub's own PinGuard lock (PIN_LOCK_KEY); every wrong PIN from one
        address after SIGN_IN_FREE makes that address wait twice as long as before (sign_in_wait)."""
        from game.auth import PinGuard

        with self.lock:  # the tries left are written to the database
            check = PinGuard(self.writer, now=self.config.now, lock_key=PIN_LOCK_KEY).check(pin)
        if check.ok:
            self.wrong_pins.pop(client, None)
        else:
            misses = self.wrong_pins.get(client, (0, 0.0))[0] + 1
            wait = (
                0.0
                if misses <= SIGN_IN_FREE
                else min(SIGN_IN_MAX_WAIT, SIGN_IN_WAIT * 2 ** (misses - SIGN_IN_FREE - 1))
            )
            self.wrong_pins[client] = (misses, self.config.now() + wait)
        return check


# -- the web app ------------------------------------------------------------------------------------
def create_app(hub: Hub) -> Any:
    from starlette.applications import Starlette

    routes = Routes(hub)
    return Starlette(routes=routes.table(), lifespan=routes.lifespan)


class Routes:
    """The hub's web routes, one method each (create_app assembles them). Starlette and the hub's web parts
    are imported inside the methods: the game imports none of them unless the hub runs."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.static = static_dir()

    def table(self) -> list[Any]:
        from starlette.routing import Mount, Route
        from starlette.staticfiles import StaticFiles

        teacher = self.teacher
        return [
            Route("/api/hello", self.hello),
            Route("/api/push", self.push, methods=["POST"]),
            Route("/", self.index),
            Route("/login", self.login_page),
            Route("/api/login", self.login, methods=["POST"]),
            Route("/logout", self.logout, methods=["POST", "GET"]),
            Route("/api/board", teacher(self.board)),
            Route("/api/stream", teacher(self.stream)),
            Route("/api/catalog", teacher(self.catalog)),
            Route("/api/reveal", teacher(self.reveal), methods=["POST"]),
            Route("/qr.svg", teacher(self.qr)),
            Route("/report.html", teacher(self.report_html)),
            Route("/report.zip", teacher(self.report_zip)),
            Route("/font.otf", self.font),
            Mount("/static", app=StaticFiles(directory=self.static), name="static"),
        ]

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> Any:
        """While the app serves: the loop that rebuilds the board when rows arrive (and every IDLE_TICK)."""
        hub = self.hub
        hub.dirty = asyncio.Event()
        hub.loop = asyncio.get_running_loop()
        task = asyncio.create_task(_rebuild_loop(hub))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- shared by the routes
    @staticmethod
    def refuse(status: int, message: str, row: dict[str, str] | None = None) -> Response:
        from starlette.responses import JSONResponse

        return JSONResponse({"error": message, **({"row": row} if row else {})}, status_code=status)

    @staticmethod
    def client(request: Request) -> str:
        return request.client.host if request.client else "?"

    def device_gate(self, request: Request) -> Response | None:
        """None when a device may come in: not guessing join codes, and with this class's join code."""
        who = self.client(request)
        if self.hub.guessing(who):
            return self.refuse(429, "too many wrong join codes; wait a minute")
        if not self.hub.code_ok(request.headers.get("x-join-code"), who):
            return self.refuse(403, "wrong join code for this class")
        return None

    def signed_in(self, request: Request) -> bool:
        return self.hub.token_ok(request.cookies.get(COOKIE))

    @staticmethod
    async def body(request: Request) -> bytes:
        """The request's body, or Refused(413) as soon as it is larger than BODY_LIMIT."""
        from game.classroom.hub.intake import Refused

        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > BODY_LIMIT):
            raise Refused(413, f"the body is larger than {BODY_LIMIT} bytes")
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > BODY_LIMIT:
                raise Refused(413, f"the body is larger than {BODY_LIMIT} bytes")
        return bytes(data)

    def page(self, name: str) -> Response:
        from starlette.responses import FileResponse

        return FileResponse(
            self.static / name,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"},
        )

    def teacher(self, handler: Callable) -> Callable:
        """The handler, behind the teacher's sign-in (401 without it)."""

        async def guarded(request: Request) -> Response:
            if not self.signed_in(request):
                return self.refuse(401, "sign in with the teacher PIN")
            return await handler(request)

        return guarded

    # -- devices
    async def hello(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        from game.store.db import SCHEMA_VERSION

        gate = self.device_gate(request)
        if gate is not None:
            return gate
        hub = self.hub
        return JSONResponse({"hub": hub.hub_id, "class": hub.config.class_code, "schema_version": SCHEMA_VERSION})

    async def push(self, request: Request) -> Response:
        import anyio
        from starlette.responses import JSONResponse

        from game.classroom.hub.intake import Refused, read_push
        from game.store import StoreError
        from game.store.db import SCHEMA_VERSION
        from game.store.sessionfile import SessionFileError, WrongClass

        gate = self.device_gate(request)
        if gate is not None:
            return gate
        hub = self.hub
        try:
            # JSON and the row checks take tens of ms for a big push: in a worker thread, not on the loop
            parsed = await anyio.to_thread.run_sync(read_push, await self.body(request))
            if parsed.schema_version > SCHEMA_VERSION:
                raise Refused(
                    409,
                    f"the device's game is newer (schema {parsed.schema_version}) than the hub's "
                    f"({SCHEMA_VERSION}): update the game on the teacher's machine",
                )
            result = await anyio.to_thread.run_sync(hub.accept, parsed)
        except Refused as exc:
            return self.refuse(exc.status, str(exc), exc.row)
        except WrongClass as exc:
            return self.refuse(403, f"{exc}; this hub takes class {hub.config.class_code} only", exc.row)
        except SessionFileError as exc:
            return self.refuse(422, str(exc).replace("the file", "the push"), exc.row)
        except StoreError as exc:
            return self.refuse(503, f"the teacher's database: {exc}")
        if sum(result.added.values()) or result.closed:
            hub.changed()
        return JSONResponse({"added": result.added, "closed": result.closed, "skipped": result.skipped})

    # -- the teacher
    async def index(self, request: Request) -> Response:
        from starlette.responses import RedirectResponse

        return self.page("board.html") if self.signed_in(request) else RedirectResponse("/login", status_code=303)

    async def login_page(self, request: Request) -> Response:
        return self.page("login.html")

    async def login(self, request: Request) -> Response:
        import anyio
        from starlette.responses import JSONResponse

        from game.classroom.hub.intake import Refused

        try:
            data = json.loads(await self.body(request))
            pin = data.get("pin") if isinstance(data, dict) else None
        except (Refused, ValueError, UnicodeDecodeError):
            pin = None
        if not isinstance(pin, str) or len(pin) > 16:
            return self.refuse(400, 'send {"pin": "1234"}')
        hub = self.hub
        wait = hub.sign_in_wait(self.client(request))
        if wait > 0:  # this address guessed: it waits before the PIN is even looked at
            return JSONResponse(
                {"error": "wait", "tries_left": None, "wait_seconds": int(wait + 0.999)}, status_code=429
            )
        check = await anyio.to_thread.run_sync(hub.check_pin, pin, self.client(request))
        if not check.ok:
            status = 429 if check.locked else 401
            return JSONResponse(
                {
                    "error": "locked" if check.locked else "wrong",
                    "tries_left": check.tries_left,
                    "wait_seconds": check.wait_seconds,
                },
                status_code=status,
            )
        response = JSONResponse({"ok": True})
        response.set_cookie(COOKIE, hub.token(), max_age=TOKEN_HOURS * 3600, httponly=True, samesite="strict")
        return response

    async def logout(self, request: Request) -> Response:
        from starlette.responses import RedirectResponse

        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    async def board(self, request: Request) -> Response:
        import anyio
        from starlette.responses import Response

        hub = self.hub
        projector = request.query_params.get("projector") == "1"
        if not hub.boards:
            await anyio.to_thread.run_sync(hub.rebuild)
        return Response(hub.boards[projector], media_type="application/json", headers={"Cache-Control": "no-store"})

    async def stream(self, request: Request) -> Response:
        from starlette.responses import StreamingResponse

        projector = request.query_params.get("projector") == "1"
        queue: asyncio.Queue = asyncio.Queue(maxsize=1)
        self.hub.listeners.add(queue)
        return StreamingResponse(
            self.events(queue, projector),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def events(self, queue: asyncio.Queue, projector: bool) -> Any:
        """The board's server-sent events: the board now, then on every change; a keep-alive when quiet."""
        hub = self.hub
        try:
            yield "retry: 2000\n\n"
            if hub.boards:
                yield f"event: board\ndata: {hub.boards[projector]}\n\n"
            quiet = 0.0
            while not hub.stopping():
                try:
                    await asyncio.wait_for(queue.get(), 0.5)
                except TimeoutError:
                    quiet += 0.5
                    if quiet >= KEEPALIVE:
                        quiet = 0.0
                        yield ": still here\n\n"
                    continue
                quiet = 0.0
                yield f"event: board\ndata: {hub.boards[projector]}\n\n"
        finally:
            hub.listeners.discard(queue)

    async def catalog(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        cat = self.hub.catalog
        data = {
            "levels": {lid: info.title for lid, info in cat.levels.items()},
            "tracks": cat.tracks,
            "questions": {
                qid: {"prompt": q.prompt, "kind": q.kind, "options": {o.id: o.text for o in q.options}}
                for qid, q in cat.questions.items()
            },
        }
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    async def reveal(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        from game.classroom.hub.intake import Refused

        try:
            data = json.loads(await self.body(request))
        except (Refused, ValueError, UnicodeDecodeError):
            data = None
        key = data.get("key") if isinstance(data, dict) else None
        if not isinstance(key, str) or len(key) > 300:
            return self.refuse(400, 'send {"key": "level|role|question", "shown": true}')
        hub = self.hub
        if data.get("shown", True):
            hub.revealed.add(key)
        else:
            hub.revealed.discard(key)
        hub.changed()
        return JSONResponse({"revealed": sorted(hub.revealed)})

    async def qr(self, request: Request) -> Response:
        import io

        import segno
        from starlette.responses import Response

        out = io.BytesIO()
        segno.make(self.hub.config.address, error="m").save(
            out, kind="svg", scale=10, border=2, dark="#14213d", xmldecl=False, svgns=True
        )
        return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})

    async def report_html(self, request: Request) -> Response:
        import anyio
        from starlette.responses import Response

        lang = "en" if request.query_params.get("lang") == "en" else "zh-CN"
        html = await anyio.to_thread.run_sync(_report_html, self.hub, lang)
        return Response(
            html,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": REPORT_CSP, "Cache-Control": "no-store"},
        )

    async def report_zip(self, request: Request) -> Response:
        import anyio
        from starlette.responses import Response

        lang = "en" if request.query_params.get("lang") == "en" else "zh-CN"
        data = await anyio.to_thread.run_sync(_report_zip, self.hub, lang)
        name = f"class-{self.hub.config.class_code}-report.zip"
        return Response(
            data,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    async def font(self, request: Request) -> Response:
        from starlette.responses import FileResponse

        from game import paths

        if not paths.FONT.is_file():
            return self.refuse(404, "no bundled font")
        return FileResponse(paths.FONT, media_type="font/otf", headers={"Cache-Control": "max-age=86400"})


async def _rebuild_loop(hub: Hub) -> None:
    import logging

    import anyio

    log = logging.getLogger("game.classroom.hub")
    assert hub.dirty is not None
    while True:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(hub.dirty.wait(), IDLE_TICK)
        hub.dirty.clear()
        try:
            await anyio.to_thread.run_sync(hub.rebuild)
        except Exception:
            log.exception("the board could not be rebuilt")
        else:
            hub.publish()
        await asyncio.sleep(REBUILD_GAP)


def _fresh_report(hub: Hub) -> Any:
    from game.reports.collect import build_report
    from game.reports.model import Filters
    from game.store import Store

    store = Store.open(hub.config.db)  # a connection of its own: the board's rebuild goes on meanwhile
    try:
        return build_report(store, hub.catalog, Filters(class_code=hub.config.class_code))
    finally:
        store.close()


def _report_html(hub: Hub, lang: str) -> str:
    from game.reports.html import render_html

    return render_html(_fresh_report(hub), hub.catalog, lang)


def _report_zip(hub: Hub, lang: str) -> bytes:
    import io
    import tempfile
    import zipfile

    from game.reports.csvout import write_report_csv

    report = _fresh_report(hub)
    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        for path in write_report_csv(report, hub.catalog, Path(folder), lang):
            pack.write(path, path.name)
    return out.getvalue()


# -- running it -------------------------------------------------------------------------------------
def socket_options(platform: str | None = None) -> list[str]:
    """The socket options a hub's listening socket gets, by name. POSIX: SO_REUSEADDR (a restarted hub
    takes its port back at once, past the old connections' TIME_WAIT; a second hub still cannot bind
    a port one is listening on). Windows: SO_EXCLUSIVEADDRUSE, because there SO_REUSEADDR would let a
    second hub bind the very port the first one listens on."""
    import sys

    return ["SO_EXCLUSIVEADDRUSE"] if (platform or sys.platform) == "win32" else ["SO_REUSEADDR"]


def bind(host: str, port: int) -> Any:
    """A listening socket on host:port (port 0: any free port), or OSError."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        for name in socket_options():
            sock.setsockopt(socket.SOL_SOCKET, getattr(socket, name), 1)
    except (OSError, AttributeError):
        sock.close()
        raise
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def server_for(hub: Hub) -> Any:
    import uvicorn

    config = uvicorn.Config(
        create_app(hub),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=3,
        limit_concurrency=200,
    )
    hub.server = uvicorn.Server(config)
    return hub.server


class Running:
    """A hub serving in a thread of this process (tests; `serve` runs the real one in the foreground)."""

    def __init__(self, config: HubConfig, host: str = "127.0.0.1", port: int = 0):
        self.sock = bind(host, port)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self.hub = Hub.open(config)
        self.server = server_for(self.hub)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, name="classroom-hub", daemon=True
        )

    def start(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and self.thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self.server.started:
            raise RuntimeError("the hub did not start")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
        self.hub.close()

    def __enter__(self) -> Running:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
