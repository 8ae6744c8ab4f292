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
    letter = _weight_letter(weight)
    suffix = chr(letter) if letter else ""
    parts = []
    for i, (a, b) in enumerate(pairs.tolist()):
        lexeme = (chr(a) + chr(b)).replace("\\", "\\\\").replace("'", "''")
        parts.append(f"'{lexeme}':{first + i}{suffix}")
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
    """`'ab':1A,17 'bc':2A …`: each lexeme once, lexemes in PostgreSQL's order.

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


def _placed(
    fields: list[tuple[Pairs, str]], first: int
) -> tuple[list[Pairs], list[npt.NDArray[np.uint64]], list[str], int]:
    """Each field's tokens that fit, their positions and weight; how many of the last field fit.

    One unused position between fields keeps a phrase from spanning two.
    """
    used_pairs: list[Pairs] = []
    positions: list[npt.NDArray[np.uint64]] = []
    used_weights: list[str] = []
    position = first
    used = 0
    for pairs, weight in fields:
        used = min(len(pairs), max(0, MAX_POSITION - position + 1))
        if used:
            used_pairs.append(pairs[:used])
            positions.append(np.arange(position, position + used, dtype=np.uint64))
            used_weights.append(weight)
        position += used + 1
    return used_pairs, positions, used_weights, used


def tsvector_literal(fields: list[tuple[Pairs, str]], first: int = 1) -> tuple[str, int]:
    """Literal for fields of (tokens, weight); returns it and how many tokens of the last field fit."""
    used_pairs, positions, used_weights, used = _placed(fields, first)
    if not used_pairs:
        return "", used
    if any(_needs_escape(p) for p in used_pairs):
        return " ".join(
            _escaped_literal(p, int(pos[0]), w)
            for p, pos, w in zip(used_pairs, positions, used_weights, strict=True)
        ), used
    weights = np.zeros(MAX_POSITION + 2, dtype=np.uint32)  # position → weight letter, 0 for D
    for pos, weight in zip(positions, used_weights, strict=True):
        weights[int(pos[0]) : int(pos[-1]) + 1] = _weight_letter(weight)
    return _grouped(np.concatenate(used_pairs), np.concatenate(positions), weights), used


MAX_POSITIONS = 256  # positions tsvector keeps per lexeme (MAXNUMPOS): text input drops the rest
_WEIGHT_BITS = {"A": 3, "B": 2, "C": 1, "D": 0}  # a position's top two bits (WordEntryPos)
_WEIGHT_SHIFT = np.uint64(2)
_UTF8_STEPS = np.array([0x80, 0x800, 0x10000], dtype=np.uint32)


def tsvector_binary(
    fields: list[tuple[Pairs, str]], lexemes: list[str] | tuple[str, ...] = (), first: int = 1
) -> tuple[bytes, int]:
    """tsvector's binary form of fields of (tokens, weight) plus positionless `lexemes`.

    What COPY in binary format hands the server's tsvectorrecv: the lexeme count, then each lexeme
    as a NUL-terminated UTF-8 string, its count of positions and the positions (big-endian 16 bits,
    weight in the top two). The server then has nothing to parse (COPY of 5,000 items' tsvectors:
    1.8 s binary, 4.4 s as text); it keeps lexemes as given, so they are written unique, sorted
    as it compares them (bytes of UTF-8, so code points) and with at most MAX_POSITIONS positions
    each, as its text input would have made them. Returns the value and how many tokens of the
    last field fit.
    """
    used_pairs, positions, used_weights, used = _placed(fields, first)
    if used_pairs:
        records, offsets, bigrams = _bigram_records(used_pairs, positions, used_weights)
    else:
        records, offsets, bigrams = b"", np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    return _with_positionless(records, offsets, bigrams, lexemes), used


def _bigram_records(
    used_pairs: list[Pairs], positions: list[npt.NDArray[np.uint64]], used_weights: list[str]
) -> tuple[bytes, npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """The bigrams' binary records in lexeme order, where each starts, and each one's two characters."""
    pairs = np.concatenate(used_pairs)
    # (first, second, position, weight) in one number: one sort orders lexemes and positions.
    keys = pairs[:, 0].astype(np.uint64) << (_FIRST_SHIFT + _WEIGHT_SHIFT)
    keys |= pairs[:, 1].astype(np.uint64) << (_POS_BITS + _WEIGHT_SHIFT)
    keys |= np.concatenate(positions) << _WEIGHT_SHIFT
    keys |= np.concatenate(
        [
            np.full(len(p), _WEIGHT_BITS[w], dtype=np.uint64)
            for p, w in zip(used_pairs, used_weights, strict=True)
        ]
    )
    keys.sort()
    word_pos = ((keys & np.uint64(3)) << np.uint64(14) | (keys >> _WEIGHT_SHIFT) & _POS_MASK).astype(
        np.uint16
    )
    lexemes_of = keys >> (_WEIGHT_SHIFT + _POS_BITS)
    starts = np.empty(len(keys), dtype=np.bool_)
    starts[0] = True
    np.not_equal(lexemes_of[1:], lexemes_of[:-1], out=starts[1:])
    heads = np.flatnonzero(starts)
    counts = np.diff(np.append(heads, len(keys)))
    rank = np.arange(len(keys)) - np.repeat(heads, counts)
    keep = rank < MAX_POSITIONS
    counts = np.minimum(counts, MAX_POSITIONS)
    bigrams = lexemes_of[heads]
    chars = np.empty((len(heads), 2), dtype=np.uint32)
    chars[:, 0] = bigrams >> _CHAR_BITS
    chars[:, 1] = bigrams & _CHAR_MASK
    text = chars.tobytes().decode("utf-32-le", "surrogatepass").encode("utf-8", "surrogatepass")
    lexeme_len = (1 + (chars[:, :, None] >= _UTF8_STEPS).sum(axis=2)).sum(axis=1)
    sizes = lexeme_len + 3 + 2 * counts  # string, NUL, count of positions, positions
    ends = np.cumsum(sizes)
    offsets = ends - sizes
    out = np.zeros(int(ends[-1]), dtype=np.uint8)
    # Each lexeme's UTF-8 to its record's start.
    byte_owner = np.repeat(np.arange(len(heads)), lexeme_len)
    text_start = np.cumsum(lexeme_len) - lexeme_len
    out[offsets[byte_owner] + np.arange(len(byte_owner)) - text_start[byte_owner]] = np.frombuffer(
        text, dtype=np.uint8
    )
    count_at = offsets + lexeme_len + 1
    out[count_at] = counts >> 8
    out[count_at + 1] = counts & 0xFF
    kept = word_pos[keep]
    at = count_at[np.repeat(np.arange(len(heads)), counts)] + 2 + 2 * rank[keep]
    out[at] = kept >> 8
    out[at + 1] = kept & 0xFF
    return out.tobytes(), offsets, bigrams


def _with_positionless(
    body: bytes,
    offsets: npt.NDArray[np.int64],
    bigrams: npt.NDArray[np.uint64],
    lexemes: list[str] | tuple[str, ...],
) -> bytes:
    """Positionless lexemes spliced into their places among the bigrams' records; the count first.

    A lexeme of two characters that is also a bigram ("=1" and the text "x=1") is that bigram:
    PostgreSQL's text input merges the two, keeping the positions.
    """
    ordered = sorted(set(lexemes))
    if not ordered:
        return len(bigrams).to_bytes(4, "big") + body
    lengths = np.fromiter(map(len, ordered), dtype=np.int64, count=len(ordered))
    keys = np.fromiter(
        (ord(x[0]) << 21 | ord(x[1]) if len(x) > 1 else ord(x) << 21 for x in ordered),
        dtype=np.uint64,
        count=len(ordered),
    )
    before = np.searchsorted(bigrams, keys, side="left")
    after = np.searchsorted(bigrams, keys, side="right")
    new = ~((lengths == 2) & (after > before))  # a two-character lexeme that is a bigram: that bigram
    # Longer lexemes go after the bigram they begin with (shorter first, as the server compares).
    at = np.where(lengths == 1, before, after)[new]
    records = [x.encode("utf-8") + b"\0\0\0" for x, keep in zip(ordered, new.tolist(), strict=True) if keep]
    parts = [(len(bigrams) + len(records)).to_bytes(4, "big")]
    done = 0
    for cut, record in zip(np.append(offsets, len(body))[at].tolist(), records, strict=True):
        if cut != done:  # the bigrams' records up to this one's place
            parts.append(body[done:cut])
            done = cut
        parts.append(record)
    parts.append(body[done:])
    return b"".join(parts)
