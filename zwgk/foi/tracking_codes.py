"""Tracking codes (查询码): the applicant's only key to the public tracking page.

60 random bits from `secrets` in Crockford's base-32 alphabet (no I, L, O, U: nothing to misread
on paper or over the phone), printed in three groups of four: `7KQ2-M9XD-3FHT`. At the rate the
lookup endpoint allows, guessing one of even a million live codes would take longer than the
universe has existed; the rate limit and the 404 for unknown codes do the rest.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SHAPE = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalize(text: str) -> str | None:
    """The stored form of what someone typed (any case, spaces or dashes, O for 0), or None
    when it cannot be a code at all (so the lookup never touches the database)."""
    raw = re.sub(r"[\s\-_]", "", text or "").upper().translate(_MISREAD)
    if not _SHAPE.match(raw):
        return None
    return format_code(raw)
