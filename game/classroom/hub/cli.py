"""`python main.py classroom host --class 7B`: run the live classroom hub on the teacher's machine.

register() only sets up argparse (cheap); the handler imports the web stack, which is the optional
`classroom` extra (pip install -e ".[classroom]"): a machine without it gets a one-line message.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.cliargs import fail as _fail

if TYPE_CHECKING:  # the types only: the web stack is imported when the hub runs
    from game.classroom.hub.server import Hub, HubConfig

DEFAULT_PORT = 8765


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is 1 to 65535 (0: any free port)")
    return value


def since_time(text: str, today: Any = None) -> str:
    """--since as the game stores times (UTC ISO): 'HH:MM' (today), 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM',
    in this machine's local time."""
    import datetime as dt

    from game.classroom.hub.server import utc_iso

    text = text.strip()
    try:
        if len(text) <= 5 and ":" in text:
            hours, minutes = (int(part) for part in text.split(":"))
            day = today or dt.date.today()
            local = dt.datetime(day.year, day.month, day.day, hours, minutes)
        else:
            local = dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HH:MM, YYYY-MM-DD or 'YYYY-MM-DD HH:MM', got {text!r}") from None
    if local.tzinfo is None:
        local = local.astimezone()  # this machine's time zone
    return utc_iso(local.timestamp())


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    from game import paths

    classroom = sub.add_parser("classroom", help="live classroom: the teacher's hub and board (docs/classroom.md)")
    parts = classroom.add_subparsers(dest="classroom_command", required=True)
    host = parts.add_parser("host", help="take the devices' answers live and show the class board in the browser")
    host.add_argument("--class", dest="class_code", required=True, metavar="CODE", help="the class, e.g. 7B")
    host.add_argument("--db", type=Path, help="the teacher's database (default: the game's, in the user data folder)")
    host.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT}; 0: any free port)"
    )
    host.add_argument(
        "--bind",
        metavar="ADDR",
        help="the address to listen on: this machine's address on the classroom network "
        "(default: the address of its default route, else its only address)",
    )
    host.add_argument("--new-code", action="store_true", help="make a new join code (devices must then use it)")
    host.add_argument(
        "--since",
        type=since_time,
        metavar="TIME",
        help="the board shows sessions started since then: HH:MM today, or YYYY-MM-DD [HH:MM] "
        "(default: when this hub started, or the lesson a hub started less than 2 hours ago)",
    )
    host.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read a new teacher PIN from standard input when none is set (default: ask twice)",
    )
    host.add_argument("--content", type=Path, default=paths.CONTENT, help="content folder (default: the shipped one)")
    return {"classroom": cmd_classroom}


PROBE = ("192.0.2.1", 9)  # TEST-NET-1 (RFC 5737): never a real host; only the route to it is asked for


def default_route_address(make_socket: Callable[..., Any] | None = None) -> str | None:
    """The IPv4 address this machine reaches other networks from: the one on its default route, i.e. the
    classroom network in the usual set-up. A UDP socket 'connected' to an address nobody has sends
    nothing (UDP has no handshake): the system only picks the route and the source address, which
    getsockname() tells. None without a default route, or when that is loopback."""
    import socket

    try:
        with (make_socket or socket.socket)(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(PROBE)
            address = sock.getsockname()[0]
    except OSError:
        return None
    return address if address and not address.startswith("127.") and address != "0.0.0.0" else None


def choose_address(route: str | None, others: list[str]) -> tuple[str | None, str]:
    """The address to listen on and show students (the board, its QR code): the default route's, else the
    only other one; with a note for the teacher. (None, why) when the teacher must choose (--bind)."""
    rest = [a for a in others if a != route]
    if route is not None:
        note = (
            f"note: using {route} (this machine's default route); also here: {', '.join(rest)} (--bind to use one)"
            if rest
            else ""
        )
        return route, note
    if len(rest) == 1:
        return rest[0], f"note: no default route; using {rest[0]}, this machine's only network address"
    if rest:
        return None, (
            "this machine has several network addresses and no default route: "
            + ", ".join(rest)
            + "; start again with --bind ADDRESS, the one on the classroom network"
        )
    return "127.0.0.1", "note: no classroom network found; listening on this machine only (127.0.0.1)"


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (no packet is sent to find them)."""
    import socket
    import subprocess

    found: set[str] = set()
    try:
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    try:  # Linux: the hostname often resolves to 127.0.1.1 only; ask the interfaces
        out = subprocess.run(["ip", "-o", "-4", "addr", "show"], capture_output=True, text=True, timeout=3).stdout
        found.update(
            part.split("/")[0]
            for line in out.splitlines()
            for i, part in enumerate(line.split())
            if i > 0 and line.split()[i - 1] == "inet"
        )
    except (OSError, subprocess.SubprocessError):
        pass
    return sorted(a for a in found if a and not a.startswith("127."))


def _teacher_pin(store: Any, from_stdin: bool) -> str | None:
    """None when the database has a teacher PIN (or one was just set), else why the hub cannot start."""
    from game.auth import MAX_LEN, MIN_LEN, PinGuard, valid_pin

    guard = PinGuard(store)
    if guard.is_set():
        return None
    if from_stdin:
        pin = sys.stdin.readline().strip()
    elif sys.stdin.isatty():
        import getpass

        print("The board is opened with the teacher PIN, and this database has none yet.")
        pin = getpass.getpass(f"New teacher PIN ({MIN_LEN} to {MAX_LEN} digits): ").strip()
        if getpass.getpass("The same PIN again: ").strip() != pin:
            return "the two PINs differ; nothing was changed"
    else:
        return "this database has no teacher PIN: run again with --pin-stdin and the PIN on standard input"
    if not valid_pin(pin):
        return f"a teacher PIN is {MIN_LEN} to {MAX_LEN} digits; nothing was changed"
    guard.set_pin(pin)
    print(f"Teacher PIN set in {store.path} (the teacher area in the game uses the same one).")
    return None


def _local(stamp: str) -> str:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _listen_host(bind: str | None) -> tuple[str | None, str]:
    """The address to listen on: --bind, else the one choose_address picks (its note on stderr);
    (None, why) when the teacher must choose."""
    if bind is not None:
        return bind, ""
    host, note = choose_address(default_route_address(), lan_addresses())
    if host is None:
        return None, note
    if note:
        print(note, file=sys.stderr)
    return host, ""


def _missing_web_part() -> str | None:
    """The name of the first web package the hub needs that is not installed (None: all are)."""
    try:
        import segno  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        return str(exc.name)  # as the message always showed it, even when Python does not know the name
    return None


def _open_hub(config: HubConfig) -> tuple[Hub | None, str]:
    """The hub opened on its config, or (None, why) when the content or the database says no."""
    from game.classroom.hub.server import Hub
    from game.content.loader import ContentInvalid
    from game.store import StoreError

    try:
        return Hub.open(config), ""
    except ContentInvalid as exc:
        return None, f"the content has problems (run python main.py validate): {exc.errors[0] if exc.errors else exc}"
    except StoreError as exc:
        return None, str(exc)


def cmd_classroom(args: argparse.Namespace) -> int:
    from game import paths
    from game.classroom import clean_class_code

    class_code = clean_class_code(args.class_code)
    if not class_code:
        return _fail(f"a class code is letters and digits, like 7B; got {args.class_code!r}")
    missing = _missing_web_part()
    if missing:
        return _fail(f'the classroom hub needs the web parts ({missing}): pip install -e ".[classroom]"')
    from game.classroom.hub.server import HubConfig, bind, join_code, server_for
    from game.store import Store, StoreError

    db = args.db or paths.default_db()
    try:
        store = Store.open(db)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        problem = _teacher_pin(store, args.pin_stdin)
        code = join_code(store, class_code, fresh=args.new_code)
    except (EOFError, KeyboardInterrupt):
        return _fail("nothing was changed")
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    if problem:
        return _fail(problem)

    host, why = _listen_host(args.bind)
    if host is None:
        return _fail(why)
    try:
        sock = bind(host, args.port)
    except OSError as exc:
        return _fail(
            f"cannot listen on {host} port {args.port} ({exc.strerror or exc}): "
            "another hub running, or not this machine's address? try --port or --bind"
        )
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}"
    hub, why = _open_hub(
        HubConfig(
            db=Path(db), class_code=class_code, code=code, address=address, content=args.content, since=args.since
        )
    )
    if hub is None:
        sock.close()
        return _fail(why)
    print(f"Class {class_code} live board: {address}/  (sign in with the teacher PIN)")
    print(f"Join code: {code}")
    print(f"The board shows this lesson: sessions started since {_local(hub.since)} (--since to change).")
    print(f"On each device: python main.py --class {class_code} --hub {address} --code {code}")
    print(
        f"(or the teacher area's Device class button). Ctrl+C stops the hub; every answer received is kept in {db}.",
        flush=True,
    )
    try:
        server_for(hub).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        hub.close()
    print(
        f"hub stopped: {hub.pushes} pushes received; the class report: python main.py report --db {db} "
        f"--class {class_code} --out report.html"
    )
    return 0
