"""Highlighted snippets: find normalised terms in the original text, escape it, wrap hits in <mark>.

Matching happens on normalised text, but readers must see the original (〔2020〕, not (2020)), so
each original character is normalised on its own and the offsets are mapped back (pure, no Django).
"""

from __future__ import annotations

import html
import unicodedata

from zwgk.search.normalise import FOLD_TABLE, normalise

SNIPPET_BEFORE = 40
SNIPPET_CHARS = 160
_SCAN_LIMIT = 50_000  # characters of a body searched with the slow, exact mapping


# Each character's normalised form, computed once per process: NFKC + fold + lower per
# character was the largest CPU cost of a search page (issue 25.2). Bounded: a text can hold
# any code point, the cache keeps the first ones seen.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 65_536


def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).translate(FOLD_TABLE).lower()
    if len(_FOLDED) < _FOLDED_MAX:
        _FOLDED[ch] = folded
    return folded


def _mapped(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the index of the original character."""
    out: list[str] = []
    origin: list[int] = []
    known = _FOLDED.get
    for i, ch in enumerate(text):
        folded = known(ch)
        if folded is None:
            folded = _fold(ch)
        for c in folded:
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def _spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Original-text spans of every term occurrence, merged where they overlap."""
    norm, origin = _mapped(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = norm.find(term)
        while start != -1:
            spans.append((origin[start], origin[start + len(term) - 1] + 1))
            start = norm.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def mark(text: str, terms: tuple[str, ...]) -> str:
    """The whole text, HTML-escaped, with term occurrences in <mark>."""
    out: list[str] = []
    last = 0
    for a, b in _spans(text, terms):
        out.append(html.escape(text[last:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        last = b
    out.append(html.escape(text[last:]))
    return "".join(out)


def _first(text: str, terms: tuple[str, ...]) -> int:
    """Index in `text` of the first occurrence of any term, or -1."""
    lowered = text.lower()
    # Fast path: most Chinese text is already in normal form where it matches.
    found = [p for p in (lowered.find(t) for t in terms) if p != -1]
    if found:
        return min(found)
    # The character-by-character mapping costs ~5 ms per 10,000 characters: first ask the whole-text
    # normalisation whether and about where a term occurs (often it does not: the item matched
    # in its title or summary), then map only the text up to there.
    hint = [p for p in (normalise(text[:_SCAN_LIMIT]).find(t) for t in terms) if p != -1]
    if not hint:
        return -1
    limit = min(hint) + 256
    while True:
        spans = _spans(text[:limit], terms)
        if spans or limit >= _SCAN_LIMIT:
            return spans[0][0] if spans else -1
        limit *= 2


def snippet(text: str, terms: tuple[str, ...], *, length: int = SNIPPET_CHARS) -> str:
    """An escaped excerpt around the first occurrence (or the opening), hits in <mark>."""
    if not text:
        return ""
    first = _first(text, terms)
    start = max(0, first - SNIPPET_BEFORE) if first > 0 else 0
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return prefix + mark(window, terms) + suffix
