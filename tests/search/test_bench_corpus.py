"""The benchmark's corpus file: batches in the order a rebuild reads the catalogue, or by id."""

from bench.corpus import Corpus, read_corpus, write_corpus


def test_publication_order_is_by_day_then_id():
    corpus = Corpus(300, seed=5)
    order = corpus.publication_order()
    assert sorted(order) == list(range(1, 301))
    keys = [(corpus.item(i).published_on, i) for i in order]
    assert keys == sorted(keys)
    assert order != sorted(order)  # the days are drawn at random


def test_the_corpus_file_holds_its_batches_in_the_order_asked_for(tmp_path):
    corpus = Corpus(120, seed=6)
    for order, expected in (("publication", corpus.publication_order()), ("generated", list(range(1, 121)))):
        path = tmp_path / f"{order}.pickles"
        offsets = write_corpus(corpus, path, order=order, size=50, processes=1)
        batches = list(read_corpus(path, offsets))
        assert [len(b) for b in batches] == [50, 50, 20]
        assert [e.document_id for b in batches for e in b] == expected
        assert batches[0][0] == corpus.item(expected[0])
