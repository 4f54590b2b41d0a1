"""Commands `sync` (push this device's rows to the district server) and `site` (this device's identity)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.cliargs import fail as _fail  # one way for every command to report an error


def _batch(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("a batch is 1 to 100000 rows")
    return value


def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "y", "true", "1", "on"):
        return True
    if text.lower() in ("no", "n", "false", "0", "off"):
        return False
    raise argparse.ArgumentTypeError("yes or no")


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    sync = sub.add_parser("sync", help="send this device's play data to the district server (PostgreSQL)")
    sync.add_argument(
        "--to", required=True, metavar="URL", help="the district server, postgresql://USER:PASSWORD@HOST/DB"
    )
    sync.add_argument("--db", type=Path, help="the game's database (default: the one in the user data folder)")
    sync.add_argument("--init", action="store_true", help="create or migrate the server's schema first")
    sync.add_argument("--batch", type=_batch, default=5000, help="rows per server transaction (default 5000)")
    sync.add_argument("--status", action="store_true", help="only say how many rows wait to be sent; send nothing")
    sync.add_argument("--json", action="store_true", help="print the result as JSON")

    site = sub.add_parser(
        "site", help="show or set this device's site id, secret and nickname sharing for the district"
    )
    site.add_argument("--db", type=Path, help="the game's database (default: the one in the user data folder)")
    site.add_argument(
        "--site-id", metavar="ID", help="the school or hall this device belongs to, e.g. foshan-school-12"
    )
    site.add_argument(
        "--secret",
        metavar="TEXT",
        help="the site's shared secret for hiding nicknames (give every device of a site the same one)",
    )
    site.add_argument(
        "--share-nicknames",
        type=_yes_no,
        metavar="yes|no",
        help="send nicknames to the server instead of keyed hashes (default no)",
    )
    # `report --district` (the option is set up by game/reports/cli.py, registered before this module)
    return {"sync": cmd_sync, "site": cmd_site, "report": cmd_report}


def _db(args: argparse.Namespace) -> Path:
    from game import paths

    return args.db or paths.default_db()


def cmd_site(args: argparse.Namespace) -> int:
    from game.district.identity import IdentityError, configure
    from game.store import Store, StoreError

    try:
        store = Store.open(_db(args))
    except StoreError as exc:
        return _fail(str(exc))
    try:
        me = configure(store, args.site_id, args.secret, args.share_nicknames)
    except IdentityError as exc:
        return _fail(str(exc))
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    print(f"site id: {me.site_id or '(not set: python main.py site --site-id ID)'}")
    print(f"device id: {me.device_id}")
    print(
        "nicknames: "
        + (
            "sent to the server as typed"
            if me.share_nicknames
            else "never sent; the server gets a keyed hash (secret set on this device)"
        )
    )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from game.district.sync import SyncError, sync

    db = _db(args)
    if not db.is_file():
        return _fail(f"{db}: no such database file")
    if args.status:
        return _status(db, args.to)

    def progress(table: str, rows: int, total: int) -> None:
        if not args.json:
            print(f"{table}: {rows} rows acknowledged ({total} so far)", flush=True)

    try:
        result = sync(db, args.to, init=args.init, batch=args.batch, progress=progress)
    except SyncError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        sent = ", ".join(f"{t} {r.inserted} new / {r.updated} updated" for t, r in result.tables.items() if r.sent)
        print(
            f"synced {result.sent} rows to {result.server} in {result.seconds:.1f} s"
            + (f": {sent}" if sent else " (nothing new)")
        )
        if result.refreshed:
            print(
                f"district report totals brought up to date for {result.refreshed} student levels "
                f"({result.refresh_seconds:.1f} s)"
            )
    return 0


def _status(db: Path, url: str) -> int:
    from game.district import server as srv
    from game.store import Store, StoreError
    from game.store.db import SCHEMA_VERSION
    from game.store.outbox import pending

    try:
        conn = srv.connect(url)
        try:
            meta = srv.ready(conn, url, SCHEMA_VERSION)
        finally:
            conn.close()
        store = Store.open(db)
        try:
            waiting = pending(store, meta["server_id"])
        finally:
            store.close()
    except (srv.ServerError, StoreError) as exc:
        return _fail(str(exc))
    print("waiting to be sent: " + ", ".join(f"{t} {n}" for t, n in waiting.items()))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """`report`: with --district (or a postgresql:// --db) the city-wide report from the district server;
    otherwise the device's own report (game/reports/cli.py), which this command wraps."""
    from game.reports.cli import cmd_report as device_report
    from game.reports.cli import is_url

    if not (args.district or is_url(args.db)):
        return device_report(args)
    return _district_report(args)


def _district_report(args: argparse.Namespace) -> int:
    from game.district.server import ServerError
    from game.reports.catalog import Catalog
    from game.reports.cli import filters_from, is_url, report_content, thresholds_for, write_report
    from game.reports.model import Thresholds

    if not is_url(args.db):
        return _fail(f"{args.db}: a district report reads the district server: --db postgresql://USER@HOST/DB")
    try:
        content = report_content(args.content)
    except ValueError as exc:
        return _fail(str(exc))
    try:
        from game.district.report import build_district_report

        catalog = Catalog.from_content(content)
        report = build_district_report(
            args.db, catalog, filters_from(args), args.site, thresholds_for(args, Thresholds())
        )
    except ServerError as exc:
        return _fail(str(exc))
    return write_report(args, report, catalog)
