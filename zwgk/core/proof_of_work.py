"""Proof of work for public submissions (ALTCHA, API.md "Public submissions"), without outside services.

The server hands out a signed challenge: SHA-256(salt + n) for a secret n ≤ maxnumber. The
browser (the vendored ALTCHA widget, in Web Workers) or any client finds n by trying numbers, on
average maxnumber / 2 hashes; the server checks one hash and the signature. A person pays about
a second once per submission; a script sending thousands pays thousands of seconds of CPU, on
top of the per-IP limits. Replacing the drawn arithmetic captcha: a 40-line script read it.

A solved payload is accepted once: its signature is remembered in the cache (Redis when several
web servers share the load) until the challenge expires.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
from typing import Any

from altcha import ChallengeOptionsV1, create_challenge_v1, verify_solution_v1
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from zwgk.core.errors import DomainError

HEADER = "X-Altcha"  # API.md: public POSTs carry the solved payload here (forms: the field `altcha`)
FIELD = "altcha"
_USED_PREFIX = "pow:used:"


class ChallengeFailed(DomainError):
    status = 400
    code = "challenge_failed"


def _key() -> bytes:
    # A key of its own, derived from the secret key, so a challenge signature is no signature
    # anywhere else in the platform.
    return hashlib.sha256(b"zwgk-altcha:" + settings.SECRET_KEY.encode()).digest()


def challenge_new() -> dict[str, Any]:
    """A new challenge in the JSON form of API.md (and of the ALTCHA widget)."""
    expires = timezone.now() + datetime.timedelta(seconds=settings.ZWGK_ALTCHA_EXPIRES_SECONDS)
    challenge = create_challenge_v1(
        ChallengeOptionsV1(hmac_key=_key().hex(), max_number=settings.ZWGK_ALTCHA_MAX_NUMBER, expires=expires)
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def challenge_check(payload: str | None) -> None:
    """Accept a solved payload once; raise ChallengeFailed when missing, wrong, expired or reused."""
    if not payload:
        raise ChallengeFailed("请先完成人机验证（工作量证明）。")
    try:
        decoded = json.loads(base64.b64decode(payload, validate=True))
        ok, _ = verify_solution_v1(decoded, _key().hex(), check_expires=True)
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError):
        ok = False
    if not ok:
        raise ChallengeFailed("人机验证未通过或已过期，请重新验证后提交。")
    # add() is atomic in every cache backend: of two concurrent uses of one payload, one wins.
    if not cache.add(_USED_PREFIX + str(decoded["signature"]), 1, settings.ZWGK_ALTCHA_EXPIRES_SECONDS + 60):
        raise ChallengeFailed("该人机验证已使用过，请重新验证后提交。")


def solve(challenge: dict[str, Any]) -> str:
    """The payload a client would send for `challenge` (tests, the load benchmark, API clients' docs)."""
    salt, target = challenge["salt"], challenge["challenge"]
    for number in range(int(challenge["maxnumber"]) + 1):
        if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() == target:
            solved = {**{k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}}
            return base64.b64encode(json.dumps({**solved, "number": number}).encode()).decode()
    raise ValueError("challenge has no solution below maxnumber")
