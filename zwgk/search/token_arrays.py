"""The index tokens of ngrams.py as NumPy arrays, and their two encodings (pure, no Django).

Indexing throughput is bound by cutting ~2,800 body characters per item into tokens. A list of
Python strings costs one object per token (~1 ms per item); here an item's text becomes one array
of code points, tokens are two columns of it, and the FTS5 text and the tsvector literal are
written as fixed-width records and decoded once (~0.05 ms per item). `ngrams.text_tokens` stays
the readable definition; tests/search/test_token_arrays.py checks that both agree.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from zwgk.search import ngrams

Pairs = npt.NDArray[np.uint32]  # shape (k, 2): a token's first and second character
_SPACE = ord(" ")
_SPACE_MARK = ord(ngrams._SPACE_MARK)
MAX_POSITION = 16383  # PostgreSQL's tsvector limit
_DIGITS = np.array([10000, 1000, 100, 10, 1], dtype=np.uint32)
_QUOTE = ord("'")
_COLON, _COMMA, _ZERO = ord(":"), ord(","), ord("0")
_POS_BITS = np.uint64(14)  # positions ≤ 16383
_CHAR_BITS = np.uint64(21)  # code points ≤ 0x10FFFF
_FIRST_SHIFT = _POS_BITS + _CHAR_BITS
_POS_MASK = np.uint64((1 << 14) - 1)
_CHAR_MASK = np.uint64((1 << 21) - 1)
_BACKSLASH = ord("\\")


def _codepoints(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def token_pairs(norm: str) -> Pairs:
    """ngrams.text_tokens(norm) as (first, second) code points: the window at each character."""
    if not norm:
        return np.empty((0, 2), dtype=np.uint32)
    chars = _codepoints(norm)
    chars = np.where(chars == _SPACE, np.uint32(_SPACE_MARK), chars)
    pairs = np.empty((len(chars), 2), dtype=np.uint32)
    pairs[:, 0] = chars
    pairs[:-1, 1] = chars[1:]
    pairs[-1, 1] = _SPACE_MARK
    return pairs


def fts_text(pairs: Pairs) -> str:
    """The tokens separated by spaces, as FTS5 receives them."""
    if not len(pairs):
        return ""
    records = np.empty((len(pairs), 3), dtype=np.uint32)
    records[:, :2] = pairs
    records[:, 2] = _SPACE
    return records.reshape(-1)[:-1].tobytes().decode("utf-32-le", "surrogatepass")


def _needs_escape(pairs: Pairs) -> bool:
    # Fields holding a quote or a backslash (rare in documents) take the slow path.
    return bool((pairs == _QUOTE).any() or (pairs == _BACKSLASH).any())


def _escaped_literal(pairs: Pairs, first: int, weight: str) -> str:
    parts = []
    for i, (a, b) in enumerate(pairs.tolist()):
        lexeme = (chr(a) + chr(b)).replace("\\", "\\\\").replace("'", "''")
        parts.append(f"'{lexeme}':{first + i}{weight if weight != 'D' else ''}")
    return " ".join(parts)


@cache
def _position_digits() -> npt.NDArray[np.uint32]:
    """Position → its digits as code points in five cells, leading zeros as padding (0).

    A lookup: NumPy divides integers slowly. Unpadded numbers are what the server parses fastest.
    """
    positions = np.arange(MAX_POSITION + 2, dtype=np.uint32)
    digits = positions[:, None] // _DIGITS % 10
    leading = np.cumsum(digits, axis=1) == 0
    leading[:, -1] = False  # position 0 does not occur; keep a digit anyway
    return np.where(leading, 0, digits + _ZERO).astype(np.uint32)


def _weight_letter(weight: str) -> int:
    # D is tsvector's default weight: left out, as PostgreSQL writes it (fewer characters to parse).
    return 0 if weight == "D" else ord(weight)


def _grouped(pairs: Pairs, positions: npt.NDArray[np.uint64], weights: npt.NDArray[np.uint32]) -> str:
    """`'ab':00001A,00017D 'bc':00002A …`: each lexeme once, lexemes in PostgreSQL's order.

    Sorted and grouped input halves the server's work (tsvector input otherwise sorts ~3,000
    entries per item and merges their positions). One sort of (first, second, position) packed
    into 56 bits orders lexemes and their positions at once. Records are fixed-width with zero
    padding that is removed before decoding; lexeme order is code point order, which is the byte
    order of UTF-8 that PostgreSQL compares. `weights` maps a position to its weight letter (0 for
    D). The literal is written as PostgreSQL writes tsvectors: its input parses ~30 % faster than
    with zero-padded positions and every weight spelt out (5,000 items: 6.3 → 4.5 s).
    """
    keys = pairs[:, 0].astype(np.uint64) << _FIRST_SHIFT | pairs[:, 1].astype(np.uint64) << _POS_BITS
    keys |= positions
    keys.sort()
    lexemes = keys >> _POS_BITS
    position = (keys & _POS_MASK).astype(np.intp)
    starts = np.empty(len(keys), dtype=np.bool_)
    starts[0] = True
    np.not_equal(lexemes[1:], lexemes[:-1], out=starts[1:])
    heads = np.flatnonzero(starts)
    first = lexemes[heads]
    records = np.zeros((len(keys), 12), dtype=np.uint32)  # 0 = padding
    records[heads, 0] = _SPACE
    records[heads, 1] = _QUOTE
    records[heads, 2] = first >> _CHAR_BITS
    records[heads, 3] = first & _CHAR_MASK
    records[heads, 4] = _QUOTE
    records[:, 5] = _COMMA
    records[heads, 5] = _COLON
    records[:, 6:11] = _position_digits()[position]
    records[:, 11] = weights[position]
    flat = records.reshape(-1)[1:]  # without the first record's leading space
    return flat[flat != 0].tobytes().decode("utf-32-le", "surrogatepass")


def tsvector_literal(fields: list[tuple[Pairs, str]], first: int = 1) -> tuple[str, int]:
    """Literal for fields of (tokens, weight); returns it and how many tokens of the last field fit.

    One unused position between fields keeps a phrase from spanning two.
    """
    used_pairs: list[Pairs] = []
    positions: list[npt.NDArray[np.uint64]] = []
    used_weights: list[str] = []
    weights = np.zeros(MAX_POSITION + 2, dtype=np.uint32)  # position → weight letter, 0 for D
    position = first
    used = 0
    for pairs, weight in fields:
        used = min(len(pairs), max(0, MAX_POSITION - position + 1))
        if used:
            used_pairs.append(pairs[:used])
            positions.append(np.arange(position, position + used, dtype=np.uint64))
            used_weights.append(weight)
            weights[position : position + used] = _weight_letter(weight)
        position += used + 1
    if not used_pairs:
        return "", used
    if any(_needs_escape(p) for p in used_pairs):
        return " ".join(
            _escaped_literal(p, int(pos[0]), w)
            for p, pos, w in zip(used_pairs, positions, used_weights, strict=True)
        ), used
    return _grouped(np.concatenate(used_pairs), np.concatenate(positions), weights), used
