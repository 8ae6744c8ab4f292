"""Rebuilding the index from the registered sources, while the site keeps serving.

Items are replaced in place, one batch per transaction (a reader sees every item either before or
after its replacement, never missing); items no source yields any more are removed at the end.
Nothing is dropped and recreated, so search answers throughout.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, connections, transaction

from zwgk.search import backend, bulk, result_cache
from zwgk.search.index import IndexEntry, registered_sources
from zwgk.search.models import SearchEntry

SMALL_BATCH = 1000  # items per batch assumed when deciding whether a worker process pays off


def tune_for_bulk() -> None:
    """A larger page cache for this connection: FTS5 segment merges thrash SQLite's 2 MB default."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB


def expected_total() -> int | None:
    counts = [count for _, count in registered_sources()]
    if not counts or any(c is None for c in counts):
        return None
    return sum(c() for c in counts if c is not None)


def rebuild(*, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Re-index every item the sources yield, then drop entries they no longer yield; works from
    any state of the index, an empty or inconsistent one included.

    Returns (indexed, removed).
    """
    tune_for_bulk()
    # An index restored out of step with itself (`loaddata`, a copied file) cannot be patched row
    # by row; emptied, it is refilled by the same bulk path as a first build.
    engine = backend.engine()
    if engine.out_of_step():
        with transaction.atomic():
            engine.reset()
            result_cache.changed(None)
    seen: set[int] = set()

    def batches() -> Iterator[list[IndexEntry]]:
        for source, _ in registered_sources():
            for batch in source():
                seen.update(e.document_id for e in batch)
                yield batch

    total = expected_total()
    # A small library is indexed in this process: starting a worker costs about a second.
    expected_batches = None if total is None else -(-total // SMALL_BATCH)
    small = expected_batches is not None and expected_batches < bulk.INLINE_BELOW
    # Inside a transaction the sources must be read on its connection: another sees none of it.
    inline = small or connection.in_atomic_block
    with bulk.deferred_indexes():
        indexed = bulk.index_batches(
            batches() if inline else read_ahead(batches()),
            progress=progress,
            expected_batches=expected_batches,
        )
    stale = [
        pk for pk in SearchEntry.objects.values_list("document_id", flat=True).iterator() if pk not in seen
    ]
    for i in range(0, len(stale), 1000):
        backend.remove_many(stale[i : i + 1000])
    optimise()
    return indexed, len(stale)


READ_AHEAD = 2  # batches read from the sources ahead of the writer


def read_ahead(batches: Iterator[list[IndexEntry]], depth: int = READ_AHEAD) -> Iterator[list[IndexEntry]]:
    """The same batches, read from the sources by a thread of their own while this one writes.

    Reading the catalogue (~0.2 ms per item: queries, models, HTML to text) sat on the writer's
    path, and the writer bounds a SQLite rebuild; it spends most of its time inside the database
    engine, which releases the GIL. The thread reads through its own database connection (closed
    when it ends), so it sees committed data only (rebuild reads inline inside a transaction).
    """
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for batch in batches:
                if not put(("batch", batch)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the writer, which raises it
            put(("error", exc))
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=run, name="search-rebuild-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = handoff.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join()


MERGE_PAGES = 4000  # FTS5 pages merged per transaction: publishing goes on in between


def optimise() -> None:
    """Merge FTS5 segments (SQLite) or refresh statistics (PostgreSQL), without blocking writers.

    A single FTS5 'optimize' over a million items holds the write lock for minutes; the
    incremental 'merge' with a negative page count reaches the same single segment in short
    transactions, so items published meanwhile are indexed at once.
    """
    if connection.vendor == "sqlite":
        for table in ("search_fts", "search_title_fts"):
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    before = connection.connection.total_changes
                    cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', %s)", [-MERGE_PAGES])
                    # Per the FTS5 documentation, fewer than two changes means nothing was left to merge.
                    if connection.connection.total_changes - before < 2:
                        break
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
