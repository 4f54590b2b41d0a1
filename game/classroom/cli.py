"""The `import` subcommand: merge session files from classroom devices into the teacher's database.

register() only sets up argparse (cheap); the handler imports what it needs. Each file is
imported in its own transaction; a refused file is one line on stderr and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    imp = sub.add_parser("import", help="merge session files (from `export --format session`) into a database")
    imp.add_argument("--db", type=Path, required=True, help="the teacher's SQLite database (created if missing)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="session files, one per device")
    return {"import": cmd_import}


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
