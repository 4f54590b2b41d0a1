"""`python main.py operator-pin`: set or clear the kiosk operator's PIN.

Set from the command line on purpose: whoever can run this can already read the database,
while a PIN set on first use at the kiosk would go to the first stranger who found the gesture.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    pin = sub.add_parser("operator-pin", help="set (or --clear) the kiosk operator's PIN")
    pin.add_argument("--db", type=Path, help="the game's database (default: the one in the user data folder)")
    pin.add_argument("--clear", action="store_true", help="forget the operator PIN")
    pin.add_argument(
        "--stdin", action="store_true", help="read the PIN from standard input (one line) instead of asking twice"
    )
    return {"operator-pin": cmd_operator_pin}


def cmd_operator_pin(args: argparse.Namespace) -> int:
    from game import paths
    from game.auth import MAX_LEN, MIN_LEN, PinGuard, valid_pin
    from game.kiosk.config import OPERATOR_LOCK_KEY, OPERATOR_PIN_KEY
    from game.store import Store, StoreError

    try:
        store = Store.open(args.db or paths.default_db())
    except StoreError as exc:
        print(f"Cannot open the game's database: {exc}", file=sys.stderr)
        return 1
    try:
        guard = PinGuard(store, pin_key=OPERATOR_PIN_KEY, lock_key=OPERATOR_LOCK_KEY)
        if args.clear:
            guard.clear()
            print("The operator PIN is cleared: the kiosk's operator menu stays closed until a new one is set.")
            return 0
        if args.stdin:
            pin = sys.stdin.readline().strip()
        else:
            import getpass

            pin = getpass.getpass(f"New operator PIN ({MIN_LEN} to {MAX_LEN} digits): ").strip()
            if getpass.getpass("The same PIN again: ").strip() != pin:
                print("The two PINs differ; nothing was changed.", file=sys.stderr)
                return 1
        if not valid_pin(pin):
            print(f"An operator PIN is {MIN_LEN} to {MAX_LEN} digits; nothing was changed.", file=sys.stderr)
            return 1
        guard.set_pin(pin)
        print(f"Operator PIN set in {store.path}.")
        return 0
    except StoreError as exc:
        print(f"Cannot write the game's database: {exc}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nNothing was changed.", file=sys.stderr)
        return 1
    finally:
        store.close()
