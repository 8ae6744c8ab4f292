"""Bulk indexing with a worker process: same index as item-by-item upserts, nothing lost."""

from bench.corpus import Corpus, load_items, spans
from tests.search.conftest import brute_force
from zwgk.search import bulk
from zwgk.search.models import SearchEntry
from zwgk.search.normalise import parse_query
from zwgk.search.query import matching_ids


def test_worker_process_prepares_batches_written_here_in_order(db):
    corpus = Corpus(250, seed=11)
    progress: list[int] = []
    done = bulk.index_batches(spans(corpus, 60), load=load_items, progress=progress.append)
    assert done == 250
    assert progress == [60, 120, 180, 240, 250]
    assert SearchEntry.objects.count() == 250
    for q in ("教育", "大政办发〔2019〕", "PM2.5 浓度", "实施意见"):
        assert matching_ids(q) == brute_force(parse_query(q).terms), q


def test_small_jobs_are_prepared_in_this_process(db, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started for two batches")

    monkeypatch.setattr(bulk, "prepared_batches", no_pool)
    corpus = Corpus(40, seed=12)
    assert bulk.index_batches(spans(corpus, 20), load=load_items, expected_batches=2) == 40
    assert SearchEntry.objects.count() == 40


def test_incremental_merging_leaves_a_sound_index(db, monkeypatch):
    """optimise() merges in many short transactions; the index stays whole and answers the same."""
    from django.db import connection

    from zwgk.search import rebuild

    monkeypatch.setattr(rebuild, "MERGE_PAGES", 2)  # force many small steps
    corpus = Corpus(120, seed=13)
    for batch in corpus.batches(15):  # one segment per transaction
        bulk.index_batches([batch], expected_batches=1)
    before = {q: matching_ids(q) for q in ("教育", "大政办发〔2019〕", "实施意见")}
    rebuild.optimise()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
    assert {q: matching_ids(q) for q in before} == before


def _fts5_config(name):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM search_fts_config WHERE k = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else None


def _gin_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'search_entry_%%tsv_gin'")
        return cursor.fetchone()[0]


def test_loading_an_empty_index_defers_its_organisation_and_restores_it(db):
    from django.db import connection

    corpus = Corpus(90, seed=14)
    with bulk.deferred_indexes():
        if connection.vendor == "sqlite":
            assert _fts5_config("automerge") == 0 and _fts5_config("crisismerge") == 1999
            assert _fts5_config("hashsize") == 64 * 2**20
        else:
            assert _gin_indexes() == 0  # built after the load
        bulk.index_batches(spans(corpus, 30), load=load_items)
    if connection.vendor == "sqlite":
        assert _fts5_config("automerge") == 4 and _fts5_config("crisismerge") == 16
        assert _fts5_config("hashsize") == 2**20
    else:
        assert _gin_indexes() == 2
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowkey FROM search_entry ORDER BY ctid")
            on_disk = [r[0] for r in cursor.fetchall()]
        assert len(on_disk) == 90 and on_disk == sorted(on_disk)  # publication order on disk
    for q in ("教育", "大政办发〔2019〕", "PM2.5 浓度"):
        assert matching_ids(q) == brute_force(parse_query(q).terms), q


def test_rows_loaded_in_publication_order_are_not_rewritten(db, monkeypatch):
    # The catalogue's source reads items in publication order: their rows are in rowkey order
    # already and the CLUSTER after the load is skipped; a corpus in id order is rewritten.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # An empty file, as a new index's: rows that earlier tests rolled back left free space
            # that new rows would fill out of order (the check below would then rewrite them).
            cursor.execute("TRUNCATE search_entry, search_overflow")
    rewrites = []
    cluster = bulk.cluster_by_rowkey
    monkeypatch.setattr(bulk, "cluster_by_rowkey", lambda: rewrites.append(1) or cluster())
    corpus = Corpus(60, seed=15)
    items = sorted(load_items(next(iter(spans(corpus, 60)))), key=lambda e: (e.published_on, e.document_id))
    with bulk.deferred_indexes():
        bulk.index_batches([items[:30], items[30:]], expected_batches=2)
    assert rewrites == []
    SearchEntry.objects.all().delete()
    with bulk.deferred_indexes():
        bulk.index_batches(spans(corpus, 30), load=load_items, expected_batches=2)
    assert rewrites == ([1] if connection.vendor == "postgresql" else [])
    for q in ("教育", "大政办发〔2019〕"):
        assert matching_ids(q) == brute_force(parse_query(q).terms), q
