"""Bulk indexing (rebuilds, imports, the benchmark): tokenising in worker processes while this one writes.

Per item, normalising and cutting ~2,800 characters into tokens costs ~0.3 ms (SQLite's FTS text)
to ~1.2 ms (PostgreSQL's binary tsvectors), and writing them costs FTS5 ~0.5 ms in this process
(insert and segment flush at commit) but PostgreSQL only ~0.3 ms (this process and the server
together, binary COPY): so SQLite's writer keeps a core busy beside one worker, while PostgreSQL
is fed fastest by a worker on every core (default_workers). A rebuild's sources are read in a
thread of this process (rebuild.read_ahead). Batches are written in order, at most `ahead` of
them wait prepared, so memory stays bounded however large the source.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from zwgk.search import backend
from zwgk.search.index import IndexEntry

Load = Callable[[Any], list[IndexEntry]]
INLINE_BELOW = 3  # batches: fewer than this are not worth starting a process (~1 s)


def default_workers(vendor: str) -> int:
    """Worker processes for this engine: FTS5's writer needs a core of its own, PostgreSQL's hardly."""
    cores = os.cpu_count() or 1
    return cores if vendor == "postgresql" else max(1, cores - 1)


def _entries(batch: Any) -> list[IndexEntry]:
    return list(batch)


def _prepare(vendor: str, load: Load, payload: Any) -> tuple[int, Any]:
    entries = load(payload)
    return len({e.document_id for e in entries}), backend.prepare(entries, vendor)


def prepared_batches(
    payloads: Iterable[Any], *, vendor: str, load: Load = _entries, workers: int = 1, ahead: int = 2
) -> Iterator[tuple[int, Any]]:
    """(items, prepared rows) per payload, in order; `load` turns a payload into items in the worker.

    `load` must be a module-level function (it is pickled to the workers).
    """
    # spawn, not fork: this process holds database connections a forked child would share.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pending: deque[Any] = deque()
        for payload in payloads:
            pending.append(pool.apply_async(_prepare, (vendor, load, payload)))
            if len(pending) > workers + ahead:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def index_batches(
    payloads: Iterable[Any],
    *,
    load: Load = _entries,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    expected_batches: int | None = None,
) -> int:
    """Write every payload's items into the index, one transaction per batch; returns the count."""
    vendor = connection.vendor
    if expected_batches is not None and expected_batches < INLINE_BELOW:
        results: Iterable[tuple[int, Any]] = (_prepare(vendor, load, p) for p in payloads)
    else:
        processes = workers if workers is not None else default_workers(vendor)
        results = prepared_batches(payloads, vendor=vendor, load=load, workers=processes)
    done = 0
    for count, prepared in results:
        backend.write_prepared(prepared)
        done += count
        if progress:
            progress(done)
    return done


# FTS5 settings while loading an empty SQLite index, and FTS5's defaults restored after it.
# Each transaction's postings become one segment (hashsize: pending postings held in memory; an
# undocumented option of fts5_config.c, default 1 MB, which cut a 1,000-item batch into ~10),
# and no segments are merged until the end (crisismerge at FTS5's limit of 2,000 segments, so
# ~2 million items at 1,000 a batch): the final merge (rebuild.optimise) writes every posting
# once more. Merging 64 segments per level as they came rewrote each posting twice more at 1M,
# in transactions of up to ~4 GB that stalled the load for minutes (1M items: 640 items/s).
BULK_MERGE = {"automerge": 0, "crisismerge": 1999, "hashsize": 64 * 2**20}
DEFAULT_MERGE = {"automerge": 4, "crisismerge": 16, "hashsize": 2**20}


def _fts5_merging(settings: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for table in ("search_fts", "search_title_fts"):
            for name, value in settings.items():
                cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES (%s, %s)", [name, value])


@contextmanager
def deferred_indexes() -> Iterator[None]:
    """Into an empty index, load first and organise the full-text structures afterwards.

    PostgreSQL: the GIN indexes are dropped and built after the load — building from sorted
    postings costs a fraction of maintaining them row by row. SQLite: FTS5 writes one segment per
    transaction and merges none until the rebuild's final merge (rebuild.optimise; BULK_MERGE),
    so each posting is written twice instead of once per merge level. With nothing indexed yet
    there is nothing to keep answering quickly; a non-empty index is loaded as it stands.
    """
    from zwgk.search import engine_tsvector
    from zwgk.search.models import SearchEntry

    if SearchEntry.objects.exists() or connection.vendor not in ("postgresql", "sqlite"):
        yield
        return
    if connection.vendor == "sqlite":
        _fts5_merging(BULK_MERGE)
        try:
            yield
        finally:
            _fts5_merging(DEFAULT_MERGE)
        return
    engine_tsvector.drop_gin_indexes()
    try:
        yield
        if not in_rowkey_order():
            cluster_by_rowkey()
    finally:
        engine_tsvector.create_gin_indexes()


ORDERED = 0.99  # correlation of rowkey with the rows' place on disk above which no rewrite is needed


def in_rowkey_order() -> bool:
    """Whether search_entry's rows already lie in rowkey order (PostgreSQL; from a sample).

    A source read in publication order (the catalogue's) writes them so: the ~5 minutes of
    CLUSTER at a million items are then saved. ANALYZE of the one column samples 30,000 rows.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry (rowkey)")
        cursor.execute(
            "SELECT correlation FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = 'search_entry' AND attname = 'rowkey'"
        )
        row = cursor.fetchone()
    return row is not None and row[0] is not None and row[0] >= ORDERED


def cluster_by_rowkey() -> None:
    """Rewrite search_entry in rowkey order (publication day, then id) before GIN is built.

    GIN keeps its posting lists in the order of the rows on disk. A query's time step (a week's
    lexeme, ~1,400 items at a million) is answered by advancing every other lexeme's posting list
    to that week's rows: scattered over the table, they sit on every leaf page of a common
    bigram's list, so each step decoded nearly the whole list (the 5–15 ms each step cost at 1M
    however few rows it found); side by side, they sit on one or two pages. Items published
    later are appended, so the newest weeks, which most queries read, stay together; edits and
    in-place rebuilds scatter rows again over time (`zwgk search cluster` puts them back, holding
    an exclusive lock meanwhile). SQLite's FTS5 has this for free: its rowid is the rowkey.
    """
    from zwgk.search.engine_tsvector import BUILD_MEMORY

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_entry' "
            "AND indexdef LIKE 'CREATE UNIQUE INDEX %%(rowkey)'"
        )
        (name,) = cursor.fetchone()
        cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
        cursor.execute(f'CLUSTER search_entry USING "{name}"')
        cursor.execute("RESET maintenance_work_mem")
