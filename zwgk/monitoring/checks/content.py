"""Whether a page served over IPv6 is the same page as over IPv4 (RULES §5.2: no stub page).

Titles must match and the visible texts must be near-identical. Digits are masked before
comparing, since clocks, visit counters and "今天是…" banners change between two fetches;
a stub ("IPv6 改造中", a default web-server page) differs in title and text.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from zwgk.monitoring.checks.pages import Page

CONSISTENCY_THRESHOLD = 0.9
_DIGITS = re.compile(r"\d+")
_SHINGLE = 4
# Beyond this, pages are compared on their beginning: enough to tell a stub from the site, and
# it keeps the comparison cheap on huge pages.
_MAX_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Fingerprint:
    title: str
    text: str

    @classmethod
    def of(cls, page: Page) -> Fingerprint:
        return cls(_mask(page.title), _mask(page.text)[:_MAX_CHARS])

    @classmethod
    def of_html(cls, html: str, url: str = "http://invalid/") -> Fingerprint:
        return cls.of(Page(html, url))


def _mask(text: str) -> str:
    return _DIGITS.sub("0", text)


def _shingles(text: str) -> set[int]:
    if len(text) <= _SHINGLE:
        return {zlib.crc32(text.encode())}
    return {zlib.crc32(text[i : i + _SHINGLE].encode()) for i in range(len(text) - _SHINGLE + 1)}


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character 4-gram sets (1.0 for equal texts)."""
    if a == b:
        return 1.0
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def content_consistent(a: Fingerprint, b: Fingerprint, *, threshold: float = CONSISTENCY_THRESHOLD) -> bool:
    if a.title != b.title:
        return False
    return text_similarity(a.text, b.text) >= threshold
