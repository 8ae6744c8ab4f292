import pytest

from bench.corpus import Corpus
from zwgk.search.index import index_upsert_many
from zwgk.search.models import SearchEntry
from zwgk.search.normalise import keywords_text, normalise


@pytest.fixture(autouse=True)
def _fresh_totals():
    """Estimated counts use a cached number of indexed items; each test indexes its own."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def corpus():
    return Corpus(400, seed=7)


@pytest.fixture
def indexed(db, corpus):
    for batch in corpus.batches(200):
        index_upsert_many(batch)
    return corpus


_normalised = {}


def brute_force(terms, *, meta_only=False):
    """Document ids whose normalised fields contain every term (the reference for matching)."""
    out = set()
    for e in SearchEntry.objects.all():
        key = (e.document_id, e.title, e.doc_no, e.summary, tuple(e.keywords), e.body)
        if key not in _normalised:
            _normalised[key] = (
                [
                    normalise(e.title),
                    normalise(e.doc_no),
                    normalise(e.summary),
                    normalise(keywords_text(e.keywords)),
                ],
                normalise(e.body),
            )
        meta, body = _normalised[key]
        fields = meta if meta_only else [*meta, body]
        if all(any(t in f for f in fields) for t in terms):
            out.add(e.document_id)
    return out
