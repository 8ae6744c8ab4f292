"""PostgreSQL engine: tsvector columns built here from the bigram tokens, GIN indexes, `<->` phrases.

The tsvector literal is assembled here (token_arrays.tsvector_literal, not to_tsvector) so
PostgreSQL's parser cannot re-split our tokens, and positions are ours. A tsvector holds positions
up to 16383 only: the body's tokens beyond that go to `search_overflow` chunks, each overlapping
the previous one by more than the longest query term, so no phrase is lost at a chunk boundary.

The modules: `writing` (rows, overflow chunks, refill, the GIN indexes), `tsquery` (the terms'
and filters' tsquery, overflow matches), `steps` (the newest matches a span of time at a time)
and `lexeme` (quoting, for both sides); the reads are here. A test that patches a helper
patches the module that looks it up (`steps._within_budget`), not the name re-exported here.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from zwgk.search.backend import Filters, WindowRow, location_score
from zwgk.search.engine_tsvector.lexeme import _lexeme
from zwgk.search.engine_tsvector.steps import (
    ONE_QUERY_BUDGET_MS,
    ONE_QUERY_BUDGET_STEPS,
    SPAN_STEPS,
    Step,
    _stepped,
)
from zwgk.search.engine_tsvector.steps import _month_start as _month_start  # tested directly
from zwgk.search.engine_tsvector.steps import _newer as _newer  # tested directly
from zwgk.search.engine_tsvector.steps import _one_query_first as _one_query_first  # tested directly
from zwgk.search.engine_tsvector.steps import _spans as _spans  # tested directly
from zwgk.search.engine_tsvector.steps import _within_budget as _within_budget  # tested directly
from zwgk.search.engine_tsvector.tsquery import (
    _bitmap_scans_only,
    _condition,
    _filter_lexemes,
    _filters,
    gin_keys,
    loose_lexemes,
    term_tsquery,
)
from zwgk.search.engine_tsvector.writing import (
    BUILD_MEMORY,
    CHUNK,
    GIN_INDEXES,
    OVERLAP,
    control_lexemes,
    create_gin_indexes,
    drop_gin_indexes,
    out_of_step,
    prepare,
    refill,
    remove,
    reset,
    upsert,
    write,
)
from zwgk.search.normalise import Query

__all__ = [
    "BUILD_MEMORY",
    "CHUNK",
    "GIN_INDEXES",
    "ONE_QUERY_BUDGET_MS",
    "ONE_QUERY_BUDGET_STEPS",
    "OVERLAP",
    "SPAN_STEPS",
    "Step",
    "candidates",
    "control_lexemes",
    "count_week",
    "create_gin_indexes",
    "drop_gin_indexes",
    "newest",
    "out_of_step",
    "prepare",
    "refill",
    "remove",
    "reset",
    "size_bytes",
    "term_tsquery",
    "title_window",
    "upsert",
    "window",
    "write",
]


# Title matches rank by ts_rank over the small title tsvector (the body's would be de-TOASTed).
_TITLE_RANK = "ts_rank(e.title_tsv, %(q_all)s::tsquery)"


def window(query: Query, f: Filters, size: int) -> list[WindowRow]:
    rows = _stepped(
        # keywords as text: backend.location_score keeps each item's normalised form by it.
        "e.document_id, e.rowkey, e.summary, e.keywords::text, e.organization_code, e.organization_name, "
        # JSON as text: the facets tuple is counted as a dict key (backend._facet_rows).
        "e.genre, e.genre_name, e.year, e.validity, e.validity_name, e.subjects::text, "
        f"e.subject_names::text, CASE WHEN e.title_tsv @@ %(q_all)s::tsquery THEN {_TITLE_RANK} END",
        "tsv",
        query,
        f,
        size,
    )
    return [
        WindowRow(
            r[0],
            r[1],
            location_score(query.terms, r[2], r[3]),
            tuple(r[4:13]),  # type: ignore[arg-type]
            None if r[13] is None else float(r[13]),
        )
        for r in rows
    ]


def title_window(
    query: Query, f: Filters, size: int, *, below: int | None = None, rare: bool = False
) -> list[tuple[int, int, float]]:
    """Title matches, newest first; `rare`: the newer matches held none (see _stepped)."""
    rows = _stepped(
        f"e.document_id, e.rowkey, {_TITLE_RANK}", "title_tsv", query, f, size, below=below, rare=rare
    )
    return [(doc, key, float(score)) for doc, key, score in rows]


def newest(
    query: Query,
    f: Filters,
    *,
    limit: int,
    offset: int,
    below: int | None = None,
    exclude: list[int] = (),  # type: ignore[assignment]
) -> list[tuple[int, int]]:
    skip = set(exclude)
    rows = _stepped("e.document_id, e.rowkey", "tsv", query, f, offset + limit + len(skip), below=below)
    kept = [(doc, key) for doc, key in rows if key not in skip]
    return kept[offset : offset + limit]


def count_week(query: Query, f: Filters, week: int) -> int:
    """About how many items of one week match (for estimates): every lexeme, positions ignored.

    Without `<->` GIN answers exactly and nothing is rechecked; with the week's and the
    filters' lexemes it reads only that week's rows, and a count(*) of all-visible pages reads
    no rows at all. Items holding a phrase's bigrams apart are counted too: estimates only.
    """
    params: dict[str, Any] = {}
    keys = gin_keys("tsv", [_lexeme(f"~w{week}"), *_filter_lexemes(f), *loose_lexemes(query)], params)
    with transaction.atomic(), connection.cursor() as cursor:
        _bitmap_scans_only(cursor)
        cursor.execute(f"SELECT count(*) FROM search_entry e WHERE {keys}", params)
        return int(cursor.fetchone()[0])


def candidates(query: Query, f: Filters, *, cap: int) -> list[int]:
    params: dict[str, Any] = {"cap": cap}
    cond = _condition(query, params)
    where = _filters(f, params)
    with transaction.atomic(), connection.cursor() as cursor:
        _bitmap_scans_only(cursor)
        cursor.execute(
            f"SELECT e.document_id FROM search_entry e WHERE {cond} {where} "
            "ORDER BY e.rowkey DESC LIMIT %(cap)s",
            params,
        )
        return [r[0] for r in cursor.fetchall()]


def size_bytes() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('search_entry') + pg_total_relation_size('search_overflow')"
        )
        return int(cursor.fetchone()[0])
