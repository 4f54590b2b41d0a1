"""The local SQLite store: every player, session, level attempt, answer and event.

All SQL in the game lives in this package. Writes commit before they return, so an answer
whose feedback the player has seen is on disk even if the power goes a moment later.
"""

from game.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
