"""Matching compared with a brute-force substring scan of the normalised text (both databases)."""

import random

from bench.corpus import queries
from tests.search.conftest import brute_force
from zwgk.search.models import SearchEntry
from zwgk.search.normalise import parse_query
from zwgk.search.query import matching_ids


def _sample_queries(corpus):
    """The benchmark's real-world queries plus random substrings of titles, numbers and bodies."""
    rnd = random.Random(11)
    out = list(queries(corpus))
    entries = list(SearchEntry.objects.order_by("document_id"))
    for _ in range(60):
        e = rnd.choice(entries)
        text = rnd.choice([e.title, e.doc_no or e.title, e.summary, e.body])
        a = rnd.randrange(max(1, len(text) - 8))
        out.append(text[a : a + rnd.randint(2, 9)])
    return out


def test_every_query_finds_exactly_what_a_substring_scan_finds(indexed):
    recall_misses, false_hits = {}, {}
    for q in _sample_queries(indexed):
        terms = parse_query(q).terms
        if not terms:
            continue
        got = matching_ids(q)
        want = brute_force(terms)
        if want - got:
            recall_misses[q] = want - got
        if got - want:
            false_hits[q] = got - want
    assert recall_misses == {}
    assert false_hits == {}


def test_title_number_and_summary_matches_are_all_found(indexed):
    for q in ["疫情防控", "大政发", "实施方案", "政策解读", "甘井子区", "2020"]:
        terms = parse_query(q).terms
        assert brute_force(terms, meta_only=True) <= matching_ids(q)
