"""Normalisation, query parsing and the bigram tokens (pure, no database)."""

import random

import pytest

from zwgk.search.ngrams import term_phrase, text_tokens
from zwgk.search.normalise import MAX_QUERY_CHARS, MAX_TERMS, normalise, parse_query


@pytest.mark.parametrize(
    "text, expected",
    [
        ("大政发〔2020〕1号", "大政发(2020)1号"),
        ("大政发［2020］1号", "大政发(2020)1号"),
        ("大政发[2020]1号", "大政发(2020)1号"),
        ("大政发（2020）1号", "大政发(2020)1号"),
        ("大政发【2020】1号", "大政发(2020)1号"),
        ("大政发〖2020〗1号", "大政发(2020)1号"),
        ("ＰＭ２．５浓度", "pm2.5浓度"),  # full-width letters, digits and point
        ("COVID-19", "covid-19"),
        ("大连\u3000市  人民\t政府", "大连 市 人民 政府"),  # ideographic space, runs of whitespace
        ("大连\u200b市", "大连市"),  # zero-width space pasted from web pages
        ("ｸﾞ", "グ"),  # half-width katakana composes
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "q, terms",
    [
        ("疫情防控", ("疫情防控",)),
        ("  疫情防控   复工复产 ", ("疫情防控", "复工复产")),
        ('"open data" 开放', ("open data", "开放")),
        ("“政府信息公开条例”", ("政府信息公开条例",)),
        ("《安全生产法》", ("安全生产法",)),  # enclosing punctuation is not part of the term
        ("教育 AND 医疗", ("教育", "医疗")),
        ("大连 大连市", ("大连市",)),  # a term inside another adds nothing
        ('" unbalanced', ("unbalanced",)),
        ("-- ' ; * ( )", ()),
        ("", ()),
        (None, ()),
        ("大政发〔2020〕1号", ("大政发(2020)1号",)),
    ],
)
def test_parse_query(q, terms):
    assert parse_query(q).terms == terms


def test_parse_query_bounds_long_input():
    query = parse_query("税" * 5000 + " 教育" * 50)
    assert len(query.raw) == MAX_QUERY_CHARS
    assert len(query.terms) <= MAX_TERMS


def test_text_tokens_are_the_bigram_at_every_character():
    assert text_tokens("大连市(2020)1号") == [
        *["大连", "连市", "市(", "(2", "20", "02", "20", "0)", ")1", "1号", "号␣"]
    ]
    assert text_tokens("pm2.5 浓度") == ["pm", "m2", "2.", ".5", "5␣", "␣浓", "浓度", "度␣"]


def test_term_phrase_is_its_bigrams_and_one_character_a_prefix():
    assert term_phrase("2020)1号").tokens == ("20", "02", "20", "0)", ")1", "1号")
    assert term_phrase("a b").tokens == ("a␣", "␣b")
    phrase = term_phrase("a")
    assert phrase.tokens == ("a",) and phrase.last_is_prefix


def _phrase_matches(tokens, phrase):
    n = len(phrase.tokens)
    for i in range(len(tokens) - n + 1):
        window = tokens[i : i + n]
        head_ok = window[:-1] == list(phrase.tokens[:-1])
        last = window[-1]
        last_ok = last.startswith(phrase.tokens[-1]) if phrase.last_is_prefix else last == phrase.tokens[-1]
        if head_ok and last_ok:
            return True
    return False


def test_phrase_matching_equals_substring_search():
    """The index's matching rule against `in`, on random text full of separators and repeats."""
    rnd = random.Random(4)
    alphabet = "大连市政府发文号年12(). -、a"
    for _ in range(3000):
        doc = normalise("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))))
        if rnd.random() < 0.6 and doc:
            a = rnd.randrange(len(doc))
            term = doc[a : a + rnd.randint(1, 8)]
        else:
            term = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 6)))
        term = parse_query(f'"{term}"').terms[0] if parse_query(f'"{term}"').terms else ""
        if not term:
            continue
        expected = term in doc
        got = _phrase_matches(text_tokens(doc), term_phrase(term))
        assert got == expected, (doc, term)
