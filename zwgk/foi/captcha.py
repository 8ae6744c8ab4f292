"""A captcha that needs no outside service: an arithmetic question drawn as an SVG.

The question is drawn with strokes (seven-segment digits, jittered, with noise lines), not as
text, so reading it takes more than parsing the markup. The form carries a token
`nonce.issued.mac` where mac = HMAC-SHA256(SECRET_KEY, nonce|issued|answer): the server keeps
no state until an answer is checked, the answer is not in the page, and each token is accepted
once (its nonce is remembered in the cache until it expires).

Test-only: with `ZWGK_CAPTCHA_FIXED = (a, b)` the question is always a + b, so a browser test can
solve it without reading the image. It is unset in production settings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

MAX_AGE_SECONDS = 20 * 60
MIN_AGE_SECONDS = 2  # a person needs at least this long to fill the form
_USED_PREFIX = "foi:captcha:used:"

# Seven segments a–g of a 20×36 cell: (x1, y1, x2, y2).
_SEGMENTS = {
    "a": (2, 2, 18, 2),
    "b": (18, 2, 18, 18),
    "c": (18, 18, 18, 34),
    "d": (2, 34, 18, 34),
    "e": (2, 18, 2, 34),
    "f": (2, 2, 2, 18),
    "g": (2, 18, 18, 18),
}
_DIGITS = {
    "0": "abcdef",
    "1": "bc",
    "2": "abged",
    "3": "abgcd",
    "4": "fgbc",
    "5": "afgcd",
    "6": "afgedc",
    "7": "abc",
    "8": "abcdefg",
    "9": "abcdfg",
}


@dataclass(frozen=True)
class Challenge:
    token: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _mac(nonce: str, issued: int, answer: int) -> str:
    key = settings.SECRET_KEY.encode()
    message = f"foi-captcha|{nonce}|{issued}|{answer}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _question() -> tuple[int, str, int]:
    fixed = getattr(settings, "ZWGK_CAPTCHA_FIXED", None)
    if fixed:
        a, b = fixed
        return a, "+", b
    a = secrets.randbelow(40) + 10
    b = secrets.randbelow(9) + 1
    op = "+" if secrets.randbelow(2) else "-"
    return a, op, b


def _jitter(n: int = 2) -> int:
    return secrets.randbelow(2 * n + 1) - n


def _draw(text: str) -> str:
    parts = []
    x = 10
    for ch in text:
        y = 10 + _jitter(3)
        if ch in _DIGITS:
            for seg in _DIGITS[ch]:
                x1, y1, x2, y2 = _SEGMENTS[seg]
                parts.append(
                    f'<line x1="{x + x1 + _jitter()}" y1="{y + y1 + _jitter()}" '
                    f'x2="{x + x2 + _jitter()}" y2="{y + y2 + _jitter()}"/>'
                )
        elif ch == "+":
            parts.append(f'<line x1="{x + 2}" y1="{y + 18}" x2="{x + 18}" y2="{y + 18}"/>')
            parts.append(f'<line x1="{x + 10}" y1="{y + 10}" x2="{x + 10}" y2="{y + 26}"/>')
        elif ch == "-":
            parts.append(f'<line x1="{x + 2}" y1="{y + 18}" x2="{x + 18}" y2="{y + 18}"/>')
        elif ch == "=":
            parts.append(f'<line x1="{x + 2}" y1="{y + 14}" x2="{x + 18}" y2="{y + 14}"/>')
            parts.append(f'<line x1="{x + 2}" y1="{y + 22}" x2="{x + 18}" y2="{y + 22}"/>')
        elif ch == "?":
            parts.append(
                f'<polyline fill="none" points="{x + 3},{y + 6} {x + 10},{y} {x + 17},{y + 6} '
                f'{x + 10},{y + 16} {x + 10},{y + 24}"/><circle cx="{x + 10}" cy="{y + 32}" r="2"/>'
            )
        x += 28
    width = x + 10
    noise = "".join(
        f'<line x1="{secrets.randbelow(width)}" y1="{secrets.randbelow(56)}" '
        f'x2="{secrets.randbelow(width)}" y2="{secrets.randbelow(56)}" stroke-width="1"/>'
        for _ in range(5)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="56" viewBox="0 0 {width} 56">'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<g stroke="#1f2328" stroke-width="3" stroke-linecap="round">{"".join(parts)}</g>'
        f'<g stroke="#8a939c">{noise}</g></svg>'
    )


def new_challenge(*, now: float | None = None) -> Challenge:
    a, op, b = _question()
    answer = a + b if op == "+" else a - b
    issued = int(now if now is not None else time.time())
    nonce = secrets.token_urlsafe(12)
    return Challenge(token=f"{nonce}.{issued}.{_mac(nonce, issued, answer)}", svg=_draw(f"{a}{op}{b}=?"))


def verify(token: str, answer: str, *, now: float | None = None) -> bool:
    """True for the right answer to an unexpired, unused token; the token is then used up."""
    try:
        nonce, issued_text, mac = (token or "").split(".")
        issued = int(issued_text)
        given = int((answer or "").strip())
    except ValueError:
        return False
    current = now if now is not None else time.time()
    fixed = getattr(settings, "ZWGK_CAPTCHA_FIXED", None)
    min_age = 0 if fixed else MIN_AGE_SECONDS
    if not (min_age <= current - issued <= MAX_AGE_SECONDS):
        return False
    # Single use, right or wrong: a token allows one guess, so guessing costs a new page load
    # (and a rate-limited form post) each time.
    if not cache.add(_USED_PREFIX + nonce, 1, timeout=MAX_AGE_SECONDS + 60):
        return False
    return hmac.compare_digest(mac, _mac(nonce, issued, given))
