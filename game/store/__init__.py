"""The local SQLite store: every player, session, level attempt, answer and event.

All SQL in the game lives in this package. Writes commit before they return, so an answer
whose feedback the player has seen is on disk even if the power goes a moment later.

`Store` and `StoreError` (game.store.db) are loaded on first use: a module that needs only the
plain row types (game.store.rows, e.g. the report commands' --mode choices) does not load sqlite3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from game.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'game.store' has no attribute {name!r}")
