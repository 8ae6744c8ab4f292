"""Text normalisation and query parsing: the definition of what "contains" means (pure, no Django).

Matching is defined on normalised text: a query term matches an item when the normalised term is a
substring of one of the item's normalised fields. The index (ngrams.py) and the brute-force
reference scan used by tests and the benchmark both go through these functions, so they agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

# Document numbers are written 〔2020〕, [2020], （2020）, 【2020】…; they must all match each other.
# NFKC already turns full-width （）［］ into ()[]; the rest are folded here to ().
_OPEN = "〔[【〖〘⦅〚"
_CLOSE = "〕]】〗〙⦆〛"
# Invisible characters (zero-width space, soft hyphen, BOM, bidi controls) split words invisibly in
# pasted text; dropping them keeps "大连\u200b市" equal to "大连市".
_INVISIBLE = (
    "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
)
FOLD_TABLE: dict[int, str | None] = {ord(c): "(" for c in _OPEN}
FOLD_TABLE.update({ord(c): ")" for c in _CLOSE})
FOLD_TABLE.update({ord(c): None for c in _INVISIBLE})
FOLD_TABLE.update({c: " " for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"})
FOLD_TABLE.update({c: " " for c in range(0x7F, 0xA0)})
_WHITESPACE = re.compile(r"\s+")
_FAST_TABLE: dict[int, str | None] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FAST_TABLE[0x3000] = " "
_FAST_TABLE = {c: FOLD_TABLE.get(ord(v), v) if v else v for c, v in _FAST_TABLE.items()} | FOLD_TABLE
_DROP = 0xFFFFFFFF
_LONG = 256  # from about this length a NumPy table lookup beats str.translate (~10× on bodies)

# Quotes people type around phrases, folded to ASCII '"' in queries only.
_QUOTES = str.maketrans({c: '"' for c in "“”„‟＂「」『』"})
# Operators some users type; every term is required anyway, so they carry no meaning.
_AND_WORDS = frozenset({"and", "&&", "&", "+"})

MAX_QUERY_CHARS = 256  # longer input is cut: nobody types more, and it bounds the work per query
MAX_TERMS = 10
_RUN = re.compile(r"[^\W_]+")


@cache
def _fast_array() -> npt.NDArray[np.uint32]:
    """_FAST_TABLE as a code point → code point array (_DROP for deleted characters)."""
    table = np.arange(0x110000, dtype=np.uint32)
    for c, v in _FAST_TABLE.items():
        table[c] = _DROP if v is None else ord(v)
    return table


def _fast_fold(text: str) -> str:
    if len(text) < _LONG:
        return text.translate(_FAST_TABLE)
    folded = _fast_array()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
    dropped = folded == _DROP
    if dropped.any():
        folded = folded[~dropped]
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


def normalise(text: str) -> str:
    """Fold full-/half-width forms (NFKC), bracket variants and case; collapse whitespace."""
    if not text:
        return ""
    # Full-width ASCII (，：（）Ａ１) is most of what NFKC changes in Chinese text; folding it first
    # by table lets the quick check skip the slow full normalisation for most documents.
    folded = _fast_fold(text)
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded).translate(FOLD_TABLE)
    folded = folded.lower()
    return _WHITESPACE.sub(" ", folded).strip()


def strip_separators(term: str) -> str:
    """Drop leading/trailing punctuation: 《安全生产法》 and “放管服” search for what they enclose."""
    runs = list(_RUN.finditer(term))
    if not runs:
        return ""
    return term[runs[0].start() : runs[-1].end()]


@dataclass(frozen=True)
class Query:
    """A parsed query: every term must occur (AND); each term is an exact normalised string."""

    terms: tuple[str, ...]
    raw: str = ""

    @property
    def empty(self) -> bool:
        return not self.terms


def parse_query(q: str | None) -> Query:
    """Split into terms: quoted phrases are kept whole (spaces included), other words by whitespace.

    Any input is accepted; operators and syntax characters of the index engines are only text here.
    """
    raw = (q or "")[:MAX_QUERY_CHARS]
    text = raw.translate(_QUOTES)
    terms: list[str] = []
    parts = text.split('"')
    for i, part in enumerate(parts):
        # Odd parts sit between quotes: a phrase. An unbalanced trailing quote still yields a phrase.
        candidates = [part] if i % 2 == 1 else part.split()
        for candidate in candidates:
            term = strip_separators(normalise(candidate))
            if term and term not in _AND_WORDS:
                terms.append(term)
    return Query(terms=_minimal(terms)[:MAX_TERMS], raw=raw)


def _minimal(terms: list[str]) -> tuple[str, ...]:
    """Unique terms, dropping any contained in another: "大连 大连市" asks only for 大连市."""
    unique = list(dict.fromkeys(terms))
    return tuple(t for t in unique if not any(t != o and t in o for o in unique))


def keywords_text(keywords: tuple[str, ...] | list[str]) -> str:
    # A separator no query term can span keeps two keywords from matching as one word.
    return " ; ".join(keywords)


def matches(terms: tuple[str, ...], fields: list[str]) -> bool:
    """The reference definition: every term is a substring of some normalised field."""
    return all(any(t in f for f in fields) for t in terms)
