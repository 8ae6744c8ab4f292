"""A rebuild reads its sources in a thread of their own, ahead of the writer."""

import threading
from datetime import date

import pytest

from tests.catalog.factories import published
from tests.conftest import CATALOG_APPS
from zwgk.catalog import indexing
from zwgk.search import backend, rebuild
from zwgk.search.models import SearchEntry
from zwgk.search.query import matching_ids


def test_batches_arrive_in_order_from_another_thread():
    readers: list[str] = []

    def batches():
        for i in range(7):
            readers.append(threading.current_thread().name)
            yield [i]

    assert list(rebuild.read_ahead(batches(), depth=2)) == [[i] for i in range(7)]
    assert set(readers) == {"search-rebuild-read-ahead"}


def test_a_failing_source_fails_the_rebuild_with_its_error():
    def batches():
        yield [1]
        raise ValueError("目录读取失败")

    got = []
    with pytest.raises(ValueError, match="目录读取失败"):
        for batch in rebuild.read_ahead(batches()):
            got.append(batch)
    assert got == [[1]]


def test_a_writer_that_stops_early_stops_the_reader():
    produced = []

    def batches():
        for i in range(1000):
            produced.append(i)
            yield [i]

    reader = rebuild.read_ahead(batches(), depth=2)
    assert next(reader) == [0]
    reader.close()  # joins the thread
    assert not any(t.name == "search-rebuild-read-ahead" for t in threading.enumerate())
    assert len(produced) < 10


@pytest.fixture
def empty_index():
    """No index rows before or after: a transactional test's flush leaves FTS5's tables alone."""

    def clear():
        backend.remove_many(list(SearchEntry.objects.values_list("document_id", flat=True)))

    yield clear
    clear()


@pytest.mark.django_db(transaction=True, available_apps=[*CATALOG_APPS, "zwgk.search"])
def test_a_rebuild_reads_the_catalogue_ahead_through_its_own_connection(
    agency, monkeypatch, taxonomies_reloaded, empty_index
):
    # Pages of two and batches assumed of two: seven items take the threaded path (and workers).
    monkeypatch.setattr(indexing, "REBUILD_BATCH", 2)
    monkeypatch.setattr(rebuild, "SMALL_BATCH", 2)
    threads = []
    real = rebuild.read_ahead

    def watched(batches, depth=rebuild.READ_AHEAD):
        threads.append(True)
        return real(batches, depth)

    monkeypatch.setattr(rebuild, "read_ahead", watched)
    docs = [
        published(agency, on=date(2024, 5, i + 1), title=f"关于第{i}批养老服务补贴的通知") for i in range(7)
    ]
    empty_index()  # publishing indexed them: the rebuild starts from an empty index
    assert matching_ids("养老服务补贴") == set()
    assert rebuild.rebuild() == (7, 0)
    assert threads == [True]
    assert matching_ids("养老服务补贴") == {d.pk for d in docs}


def test_inside_a_transaction_the_sources_are_read_on_its_connection(db, agency, monkeypatch):
    # Another connection would see none of this transaction's items, and the rebuild would then
    # drop them all from the index as gone.
    monkeypatch.setattr(indexing, "REBUILD_BATCH", 2)
    monkeypatch.setattr(rebuild, "SMALL_BATCH", 2)
    monkeypatch.setattr(rebuild, "read_ahead", lambda *args: pytest.fail("read ahead in a transaction"))
    docs = [published(agency, on=date(2024, 6, i + 1), title=f"关于第{i}批临时救助的通知") for i in range(7)]
    assert rebuild.rebuild() == (7, 0)
    assert matching_ids("临时救助") == {d.pk for d in docs}
