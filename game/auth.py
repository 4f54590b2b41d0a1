"""The teacher PIN: set on first use, kept only as a salted scrypt hash, locked after 5 misses.

The hash and the lock live in the settings table (keys teacher.pin and teacher.pin_lock), so
leaving the screen or restarting the game does not reset the count. Time is passed in
(`now`, seconds since the epoch) so tests need not wait a minute.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

PIN_KEY = "teacher.pin"
LOCK_KEY = "teacher.pin_lock"
MAX_TRIES = 5
LOCK_SECONDS = 60
MIN_LEN, MAX_LEN = 4, 8
SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # about 16 MiB and a few tens of ms per try


def valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and MIN_LEN <= len(pin) <= MAX_LEN


def hash_pin(
    pin: str, salt: bytes | None = None, n: int = SCRYPT["n"], r: int = SCRYPT["r"], p: int = SCRYPT["p"]
) -> dict[str, Any]:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return {"alg": "scrypt", "n": n, "r": r, "p": p, "salt": salt.hex(), "hash": digest.hex()}


def verify_pin(pin: str, record: dict[str, Any]) -> bool:
    if not isinstance(record, dict) or record.get("alg") != "scrypt":
        return False
    try:
        expected = bytes.fromhex(record["hash"])
        digest = hashlib.scrypt(
            pin.encode(),
            salt=bytes.fromhex(record["salt"]),
            n=int(record["n"]),
            r=int(record["r"]),
            p=int(record["p"]),
            dklen=len(expected),
        )
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked: bool = False
    tries_left: int = MAX_TRIES
    wait_seconds: int = 0


class PinLock(TypedDict):
    """The lock record as stored: misses in a row, and until when (epoch seconds, 0: not locked)."""

    failures: int
    until: float


class PinGuard:
    def __init__(
        self, store: Any, now: Callable[[], float] = time.time, pin_key: str = PIN_KEY, lock_key: str = LOCK_KEY
    ):
        self.store = store
        self.now = now
        self.pin_key = pin_key  # other keys: another PIN with the same rules (the kiosk operator's)
        self.lock_key = lock_key

    def is_set(self) -> bool:
        return bool(self.store.setting(self.pin_key))

    def set_pin(self, pin: str) -> None:
        if not valid_pin(pin):
            raise ValueError(f"a PIN is {MIN_LEN} to {MAX_LEN} digits")
        self.store.set_setting(self.pin_key, hash_pin(pin))
        self.store.set_setting(self.lock_key, {"failures": 0, "until": 0})

    def clear(self) -> None:
        """Forget the PIN (the next teacher sets a new one). For `python main.py teacher-pin --clear`."""
        self.store.set_setting(self.pin_key, None)
        self.store.set_setting(self.lock_key, {"failures": 0, "until": 0})

    def _lock(self) -> PinLock:
        lock = self.store.setting(self.lock_key) or {}
        return {"failures": int(lock.get("failures", 0)), "until": float(lock.get("until", 0))}

    def wait_seconds(self) -> int:
        left = self._lock()["until"] - self.now()
        return max(0, int(left + 0.999)) if left > 0 else 0

    def check(self, pin: str) -> PinCheck:
        lock = self._lock()
        now = self.now()
        if lock["until"] > now:
            return PinCheck(False, locked=True, tries_left=0, wait_seconds=self.wait_seconds())
        if lock["until"]:  # a lock ran out: a fresh set of tries
            lock = {"failures": 0, "until": 0}
        if verify_pin(pin, self.store.setting(self.pin_key)):
            self.store.set_setting(self.lock_key, {"failures": 0, "until": 0})
            return PinCheck(True)
        failures = lock["failures"] + 1
        if failures >= MAX_TRIES:
            self.store.set_setting(self.lock_key, {"failures": failures, "until": now + LOCK_SECONDS})
            return PinCheck(False, locked=True, tries_left=0, wait_seconds=LOCK_SECONDS)
        self.store.set_setting(self.lock_key, {"failures": failures, "until": 0})
        return PinCheck(False, tries_left=MAX_TRIES - failures)
