"""Who a device is, for the district server: a site id (the school or hall, set by its operator),
a device id (made once, at random), and the secret that hides nicknames from the server.

By default no nickname leaves the device: the server gets player_key(), a keyed hash (HMAC-SHA256)
of class code and nickname with the site's secret. The same student on two devices of one site
(same secret) gets the same key, so the district still counts students, not sign-ins; without
the secret the key cannot be turned back into a name, even by guessing common nicknames.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

SITE = "district.site_id"
SECRET = "district.secret"
SHARE = "district.share_nicknames"

SITE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class IdentityError(ValueError):
    """A site id or secret that cannot be used; the message says why."""


@dataclass(frozen=True)
class Identity:
    site_id: str  # '' until the operator sets it
    device_id: str
    secret: str
    share_nicknames: bool

    def player_key(self, class_code: str, nickname: str) -> str:
        """What the server gets instead of the nickname (the nickname itself only if sharing is on)."""
        if self.share_nicknames:
            return nickname
        message = f"{class_code}\x00{nickname}".encode("utf-8", "surrogatepass")
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()[:24]


def check_site_id(site_id: str) -> str:
    if not SITE_ID.fullmatch(site_id):
        raise IdentityError(
            f"site id {site_id!r}: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit "
            "(e.g. foshan-school-12)"
        )
    return site_id


def identity(store: Any) -> Identity:
    """This device's identity; the device id and the secret are made (and saved) the first time."""
    device = store.device_id()  # the same id the device's session files carry
    secret = store.setting(SECRET)
    if not secret:
        secret = secrets.token_hex(16)
        store.set_setting(SECRET, secret)
    return Identity(str(store.setting(SITE, "") or ""), str(device), str(secret), bool(store.setting(SHARE, False)))


def configure(
    store: Any, site_id: str | None = None, secret: str | None = None, share_nicknames: bool | None = None
) -> Identity:
    """Change what is given; the rest stays. A site's devices should share one secret (see docs/district.md)."""
    if site_id is not None:
        store.set_setting(SITE, check_site_id(site_id))
    if secret is not None:
        if len(secret) < 16:
            raise IdentityError("the secret must be at least 16 characters (a shared random string)")
        store.set_setting(SECRET, secret)
    if share_nicknames is not None:
        store.set_setting(SHARE, bool(share_nicknames))
    return identity(store)
