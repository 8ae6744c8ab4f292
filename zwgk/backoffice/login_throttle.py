"""A progressive delay per username, whatever address the attempts come from (issue 21.7).

django-axes locks a username *at one address*; an attacker who spreads guesses over many
addresses is not slowed by it. Here every failure for a username, from anywhere, makes the
next attempt wait longer (after FREE_FAILURES, 1 s, 2 s, 4 s … up to MAX_DELAY_SECONDS): about
60 guesses an hour instead of thousands. It is a delay, never a lockout: the wait is capped,
and a browser in which the user logged in before (a signed device cookie, OWASP's "device
cookies") is not delayed at all, so nobody can keep the office head out by failing on purpose.
Unknown usernames are counted the same way, so the delay tells nothing about which exist.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core import signing
from django.core.cache import cache

FREE_FAILURES = 3
MAX_DELAY_SECONDS = 60
# Failures are forgotten an hour after the last one.
WINDOW_SECONDS = 3600
DEVICE_COOKIE = "zwgk_login_device"
DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600
_SALT = "zwgk.backoffice.login_device"


def _key(username: str) -> str:
    return "login-failures:" + hashlib.sha256(username.strip().lower().encode()).hexdigest()


def delay_after(failures: int) -> int:
    """Seconds an attempt must wait after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def seconds_to_wait(username: str, *, now: float) -> int:
    state = cache.get(_key(username))
    if not state:
        return 0
    remaining = state["last"] + delay_after(state["count"]) - now
    return max(0, int(remaining + 0.999))


def record_failure(username: str, *, now: float) -> None:
    key = _key(username)
    state = cache.get(key) or {"count": 0, "last": now}
    cache.set(key, {"count": state["count"] + 1, "last": now}, WINDOW_SECONDS)


def device_cookie_value(username: str) -> str:
    return signing.dumps({"u": username.strip().lower()}, salt=_SALT)


def is_trusted_device(request: Any, username: str) -> bool:
    raw = request.COOKIES.get(DEVICE_COOKIE) if request is not None else None
    if not raw:
        return False
    try:
        data = signing.loads(raw, salt=_SALT, max_age=DEVICE_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("u") == username.strip().lower()
