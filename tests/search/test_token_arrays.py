"""The NumPy encodings of the index tokens agree with the readable definition in ngrams.py."""

import random

from zwgk.search import ngrams
from zwgk.search.normalise import normalise
from zwgk.search.token_arrays import (
    MAX_POSITION,
    MAX_POSITIONS,
    fts_text,
    token_pairs,
    tsvector_binary,
    tsvector_literal,
)

_ALPHABET = "大连市政府发文号年12(). -、a'\\“Ｂ〔〕😀\u200b"


def _random_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return [normalise("".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 40)))) for _ in range(n)]


def _pairs_as_tokens(norm: str) -> list[str]:
    return [chr(a) + chr(b) for a, b in token_pairs(norm).tolist()]


def test_token_pairs_are_text_tokens():
    for text in [*_random_texts(2000, 7), "", "a", "大连市(2020)1号", "x y"]:
        assert _pairs_as_tokens(text) == ngrams.text_tokens(text), text


def test_fts_text_is_the_tokens_joined_by_spaces():
    for text in _random_texts(500, 8):
        assert fts_text(token_pairs(text)) == " ".join(ngrams.text_tokens(text))


def test_tsvector_literal_groups_positions_by_lexeme_in_code_point_order():
    assert tsvector_literal([(token_pairs("大连市大连"), "A")], first=17)[0] == (
        "'大连':17A,20A '市大':19A '连␣':21A '连市':18A"
    )
    # Weight D is tsvector's default and left out, as PostgreSQL writes it.
    assert tsvector_literal([(token_pairs("大连"), "D")], first=9)[0] == "'大连':9 '连␣':10"


def _parse(literal: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for entry in literal.split(" ") if literal else []:
        lexeme, _, positions = entry[1:].rpartition("':")
        entries.setdefault(lexeme, []).extend(positions.split(","))
    return {k: sorted(v) for k, v in entries.items()}


def test_literal_holds_every_token_at_its_position_with_its_field_weight():
    for title, body in zip(_random_texts(300, 10), _random_texts(300, 11), strict=True):
        title = title.replace("'", "").replace("\\", "")
        body = body.replace("'", "").replace("\\", "")
        literal, _ = tsvector_literal([(token_pairs(title), "A"), (token_pairs(body), "D")])
        expected: dict[str, list[str]] = {}
        tokens = [(t, "A") for t in ngrams.text_tokens(title)] + [("", "")]
        tokens += [(t, "D") for t in ngrams.text_tokens(body)]
        for position, (token, weight) in enumerate(tokens, start=1):
            if token:
                expected.setdefault(token, []).append(f"{position}{weight.replace('D', '')}")
        assert _parse(literal) == {k: sorted(v) for k, v in expected.items()}


def test_tsvector_literal_escapes_quotes_and_backslashes():
    literal = tsvector_literal([(token_pairs("a'b\\"), "D")])[0]
    assert literal == "'a''':1 '''b':2 'b\\\\':3 '\\\\␣':4"


def test_literal_stops_at_the_last_position_and_reports_what_fitted():
    body = token_pairs("字" * (MAX_POSITION + 50))
    literal, used = tsvector_literal([(token_pairs("标题"), "A"), (body, "D")])
    assert used == MAX_POSITION - 3  # two title tokens and one unused position before the body
    positions = [int(p.rstrip("A")) for e in literal.split(" ") for p in e.rpartition("':")[2].split(",")]
    assert max(positions) == MAX_POSITION


def test_long_texts_fold_like_short_ones():
    """Bodies go through a NumPy table, short fields through str.translate: same result."""
    from zwgk.search.normalise import _LONG

    rnd = random.Random(9)
    chars = "大连（２０２０）〔〕【】ＡＢａ\u3000\u200b\ufeff，。 \t\x01市" + "\ud800"
    for _ in range(200):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(_LONG, _LONG * 3)))
        pieces = [text[i : i + 50] for i in range(0, len(text), 50)]  # each below the threshold
        # Folding is per character, so folding the pieces and joining them equals folding the whole.
        assert normalise(text).replace(" ", "") == "".join(normalise(p) for p in pieces).replace(" ", "")
    assert fts_text(token_pairs(normalise("\ud800大连" * 100)))


def _decoded(value: bytes) -> dict[str, list[int]]:
    """tsvector's binary form read back: lexeme → positions (weight A as 100,000 + position)."""
    count, at = int.from_bytes(value[:4], "big"), 4
    entries: dict[str, list[int]] = {}
    for _ in range(count):
        end = value.index(b"\0", at)
        lexeme, at = value[at:end].decode("utf-8", "surrogatepass"), end + 1
        positions = []
        for _ in range(int.from_bytes(value[at : at + 2], "big")):
            at += 2
            word = int.from_bytes(value[at : at + 2], "big")
            positions.append({3: 100_000, 0: 0}[word >> 14] + (word & 0x3FFF))
        at += 2
        assert lexeme not in entries, lexeme
        entries[lexeme] = positions
    assert at == len(value)
    assert list(entries) == sorted(entries)  # the order the server keeps (code points)
    return entries


def _expected(title: str, body: str, lexemes: list[str]) -> dict[str, list[int]]:
    tokens = [(t, 100_000) for t in ngrams.text_tokens(title)] + [("", 0)]
    tokens += [(t, 0) for t in ngrams.text_tokens(body)]
    expected: dict[str, list[int]] = {}
    for position, (token, weight) in enumerate(tokens, start=1):
        if token:
            expected.setdefault(token, []).append(weight + position)
    for lexeme in lexemes:
        expected.setdefault(lexeme, [])  # a bigram as well keeps its positions
    # tsvector keeps a lexeme's first MAX_POSITIONS positions.
    return {k: v[:MAX_POSITIONS] for k, v in expected.items()}


def test_binary_tsvector_holds_what_the_literal_makes_of_the_same_tokens():
    numbers = ["=1", "#2020", "=20", "^政发(2020", "~w2900", "~o:dl", "z"]
    for title, body in zip(_random_texts(300, 12), _random_texts(300, 13), strict=True):
        rnd = random.Random(title + body)
        extra = rnd.sample(numbers, rnd.randint(0, len(numbers)))
        value, used = tsvector_binary([(token_pairs(title), "A"), (token_pairs(body), "D")], extra)
        assert used == len(body)
        assert _decoded(value) == _expected(title, body, extra), (title, body, extra)


def test_binary_tsvector_keeps_the_first_positions_and_merges_a_number_with_its_bigram():
    body = normalise("x=1 " + "字" * 600)
    value, _ = tsvector_binary([(token_pairs(""), "A"), (token_pairs(body), "D")], ["=1", "#2020"])
    decoded = _decoded(value)
    assert decoded["字字"] == list(range(6, 6 + MAX_POSITIONS))  # an empty title still leaves a gap
    assert decoded["=1"] == [3] and decoded["#2020"] == []
    assert _decoded(tsvector_binary([], ["~y2020"])[0]) == {"~y2020": []}
