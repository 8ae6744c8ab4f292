"""The index tokens: overlapping character bigrams, plus number tokens (pure, no Django).

Every character of a normalised field starts one token: itself and the character after it (a
space becomes "␣", the field's last character pairs with "␣"). A query term (which starts and ends
with a letter, digit or ideograph: normalise.strip_separators) becomes the phrase of the tokens
starting at each of its characters but the last, so the phrase matches exactly where the term
occurs: adjacent bigrams are contiguous text, punctuation included ("大政发[2020]1号", "PM2.5").
A one-character term matches as the prefix of a token.

Numbers are also indexed whole, as *number tokens* without positions: "#2012" says that some run
of letters/digits/ideographs begins with the digits 2012 (a run starting "20123" gives "#201",
"#2012" and "#20123"). A term whose run begins after a separator inside the term ("大政发[2012")
then asks for that number token too, which the index answers at once, while the year's bigrams
alone occur in nearly every item: the phrase would otherwise read and compare the positions of a
large part of the library (seconds at a million items).

*Exact-digits tokens* ("=86") name every whole run of digits (up to eight) in a field, whatever
surrounds it; a term asks for one when its digits have a non-digit on both sides inside the term
(〔2014〕86号: "=2014", "=86"). A full document number is then found among the few items holding
both numbers instead of every item holding its common bigrams (TOKENS_VERSION 3).

Bigrams rather than words: segmentation misses words it cuts differently (≈17% of queries miss
with words alone); bigrams rather than trigrams: two-character queries (教育, 医保) are common.
The same tokens serve SQLite FTS5 (space-separated, every other printable character a token
character) and PostgreSQL (a tsvector literal built here, positions assigned here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import add

TOKENS_VERSION = 3  # bump when tokens change: existing index rows must then be rebuilt
_SPACE_MARK = "␣"  # stands for a space inside a token (spaces split index tokens)
FIELD_BREAK = "|"  # a one-character token between two fields in one column: no phrase spans it
NUMBER_MARK = "#"  # starts a number token; no bigram is three characters long
MIN_NUMBER, MAX_NUMBER = 3, 8  # digits in a number token: "#20" would be in every item
# Digits that begin a run (not preceded by a letter, digit or ideograph).
_LEADING_DIGITS = re.compile(rf"(?<![^\W_])[0-9]{{{MIN_NUMBER},}}")
EXACT_MARK = "="  # starts an exact-digits token: some run of digits is exactly these
MAX_EXACT = 8  # longer runs get no exact token
_DIGITS = re.compile(r"[0-9]+")


def text_tokens(norm: str) -> list[str]:
    """Index tokens of one normalised field, in position order (the window at each character)."""
    if not norm:
        return []
    text = norm.replace(" ", _SPACE_MARK)
    return list(map(add, text, text[1:] + _SPACE_MARK))


@dataclass(frozen=True)
class Phrase:
    """The tokens a term must match at consecutive positions; the last one maybe as a prefix."""

    tokens: tuple[str, ...]
    last_is_prefix: bool


def term_phrase(term: str) -> Phrase:
    text = term.replace(" ", _SPACE_MARK)
    if len(text) == 1:
        return Phrase(tokens=(text,), last_is_prefix=True)
    return Phrase(tokens=tuple(text[i : i + 2] for i in range(len(text) - 1)), last_is_prefix=False)


def number_tokens(norm: str) -> list[str]:
    """The number tokens of one normalised field, each once: leading digits and exact digits."""
    found = {
        NUMBER_MARK + digits[:k]
        for digits in _LEADING_DIGITS.findall(norm)
        for k in range(MIN_NUMBER, min(len(digits), MAX_NUMBER) + 1)
    }
    found.update(EXACT_MARK + digits for digits in _DIGITS.findall(norm) if len(digits) <= MAX_EXACT)
    return sorted(found)


def term_numbers(term: str) -> tuple[str, ...]:
    """The number tokens an item containing `term` must hold.

    For a run begun after a separator inside the term, the item's run there begins with the same
    digits, maybe followed by more ("[2012" occurs in "[20123]"), so the token of the term's
    digits (at most MAX_NUMBER of them) is always there; for digits enclosed by the term, the
    item's run is exactly those digits.
    """
    leading = tuple(
        NUMBER_MARK + digits[:MAX_NUMBER]
        for m in _LEADING_DIGITS.finditer(term)
        if m.start() > 0
        for digits in [m.group()]
    )
    # Digits with a non-digit on both sides inside the term are a whole run in the item too:
    # 〔2014〕86号 asks for "=86", which few items hold, where the bigrams 86 and 6号 are common.
    exact = tuple(
        EXACT_MARK + m.group()
        for m in _DIGITS.finditer(term)
        if m.start() > 0 and m.end() < len(term) and len(m.group()) <= MAX_EXACT
    )
    return leading + exact
