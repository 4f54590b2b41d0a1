"""The `import` subcommand: merge session files from classroom devices into the teacher's database; and
`retention`: schedule a class's re-test weeks later on a device (what the teacher area's button does).

register() only sets up argparse (cheap); the handler imports what it needs. Each file is
imported in its own transaction; a refused file is one line on stderr and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    imp = sub.add_parser("import", help="merge session files (from `export --format session`) into a database")
    imp.add_argument("--db", type=Path, required=True, help="the teacher's SQLite database (created if missing)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="session files, one per device")
    ret = sub.add_parser("retention", help="schedule (or cancel, or list) a class's re-test weeks later on this device")
    ret.add_argument("--db", type=Path, required=True, help="the device's SQLite database")
    ret.add_argument("--class", dest="class_code", metavar="CODE", help="the class (omit to list what is scheduled)")
    when = ret.add_mutually_exclusive_group()
    when.add_argument("--in-weeks", type=int, metavar="N", help="the re-test opens N weeks from today (local date)")
    when.add_argument("--on", metavar="DATE", help="the re-test opens on this local date (YYYY-MM-DD)")
    when.add_argument("--cancel", action="store_true", help="cancel the class's re-test")
    return {"import": cmd_import, "retention": cmd_retention}


def cmd_retention(args: argparse.Namespace) -> int:
    from game.store import Store, StoreError

    problem, day = _retention_when(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if not args.db.is_file():
        print(f"error: {args.db}: no such database file", file=sys.stderr)
        return 1
    try:
        store = Store.open(args.db)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        return _retention_apply(store, args, day)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _retention_when(args: argparse.Namespace) -> tuple[str | None, dt.date | None]:
    """The arguments checked before the database is opened: (what is wrong, or None; the --on date, or None)."""
    import datetime as dt

    if args.class_code is None and (args.in_weeks is not None or args.on or args.cancel):
        return "say which class: --class CODE", None
    if args.in_weeks is not None and not 0 <= args.in_weeks <= 104:
        return "--in-weeks takes 0 to 104", None
    if not args.on:
        return None, None
    try:
        return None, dt.date.fromisoformat(args.on)
    except ValueError:
        return f"expected a date like 2027-01-20, got {args.on!r}", None


def _retention_apply(store: Any, args: argparse.Namespace, day: dt.date | None) -> int:
    """Set (or cancel) the class's re-test date when asked, then list what is scheduled on this device."""
    from game.classroom.retention import in_weeks, local_day
    from game.store.retention import schedule, set_date

    if args.in_weeks is not None:
        day = in_weeks(local_day(store.now()), args.in_weeks)
    if args.class_code is not None and (day is not None or args.cancel):
        set_date(store, args.class_code, None if args.cancel else day)
    elif args.class_code is not None:
        print("error: say when: --in-weeks N, --on DATE or --cancel", file=sys.stderr)
        return 2
    for code, opens in schedule(store).items():
        print(f"class {code}: the re-test opens on {opens}")
    if not schedule(store):
        print("no re-test scheduled on this device")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from game.store import Store, StoreError
    from game.store.sessionfile import SessionFileError, import_session

    try:
        store = Store.open(args.db)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    refused = 0
    try:
        for path in args.files:
            try:
                print(import_session(store, path).summary())
            except (SessionFileError, StoreError) as exc:
                refused += 1
                print(f"error: {path}: refused: {exc}", file=sys.stderr)
    finally:
        store.close()
    if refused:
        print(f"{refused} of {len(args.files)} file(s) refused; nothing from them was written", file=sys.stderr)
        return 1
    return 0
