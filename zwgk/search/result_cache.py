"""Search results kept in the Django cache, revalidated exactly against what changed since.

Decision 0039 (issue 25 item 2). The index has a *generation*: a counter in the database
(`search_generation`, one row) that every write of the index raises in the same transaction
as the write, and a *change record* per generation in the Django cache: the normalised text and
filter values of every item the write touched, before and after. A cached result remembers the
generation it was computed at. A request reads the current generation (one small query); if it
moved on, the records in between are checked against the cached query with the reference
definition of matching (`normalise.matches`): a result stays valid, and is stamped with the new
generation, when no changed item matches its query and filters, before or after the change.
So a publication that the query does not find keeps every cached result of other queries, and
one it does find is on the page at the next request.

Why a database counter: the embedded cache (files) has no atomic operation at all, and
PostgreSQL commits transactions in an order a sequence does not follow; a row every index write
updates orders the writers (PostgreSQL holds its lock until commit, SQLite has one writer), so
generation n is committed only after n − 1, and a result computed after reading n holds every
change up to n. Anything this module cannot prove unchanged (a record missing or evicted, a
bulk write, too many changes in between) is recomputed: the cache can only be slower, never
stale.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from zwgk.core import page_cache
from zwgk.search.normalise import Query, keywords_text, normalise

T = TypeVar("T")

RESULT_TTL = 600  # seconds a result is kept at most: estimated counts follow the item totals
RECORD_TTL = RESULT_TTL + 60
MAX_SPAN = 200  # generations checked at most before a result is recomputed instead
RECORD_MAX_ITEMS = 50  # a write touching more items (imports, rebuilds) retires every result
_RESULT_PREFIX = "zwgk:sr:"
_RECORD_PREFIX = "zwgk:sg:"
ALL = "all"  # a record that retires every cached result
PAGE_SCOPE = "search"  # the page cache's scope of pages showing search results


@dataclass(frozen=True)
class Generation:
    epoch: str  # new whenever the row is created: keys of an earlier row are never read again
    value: int


@dataclass(frozen=True)
class Item:
    """What deciding "would this query find it" needs of one version of an item."""

    text: str  # the normalised searchable fields joined by NUL (no term holds one)
    organization: str
    genre: str
    subjects: tuple[str, ...]
    columns: tuple[str, ...]
    year: int | None
    validity: str


def current() -> Generation:
    with connection.cursor() as cursor:
        cursor.execute("SELECT epoch, value FROM search_generation WHERE id = 1")
        row = cursor.fetchone()
    return Generation(row[0], int(row[1])) if row else Generation("", 0)


def _bump() -> Generation:
    """Raise the generation inside the caller's transaction (the row is locked until it ends)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_generation (id, epoch, value) VALUES (1, %s, 1) "
            "ON CONFLICT (id) DO UPDATE SET value = search_generation.value + 1 RETURNING epoch, value",
            [secrets.token_hex(8)],
        )
        epoch, value = cursor.fetchone()
    return Generation(epoch, int(value))


def _record_key(epoch: str, value: int) -> str:
    return f"{_RECORD_PREFIX}{epoch}:{value}"


def changed(items: Iterable[Item] | None) -> None:
    """The index is being written (inside its transaction): record what changed.

    `items`: every version, before and after, of the items written; None when too many or not
    known (bulk loads), which retires every cached result. The record is stored before the
    transaction commits: nobody reads it before its generation is committed, and a rolled-back
    generation number is taken again by the next writer, who overwrites the record first.
    """
    generation = _bump()
    record: Any = ALL if items is None else tuple(items)
    cache.set(_record_key(generation.epoch, generation.value), record, RECORD_TTL)
    # Whole search pages (the page cache) are retired by any write; their results stay here.
    page_cache.bump(PAGE_SCOPE)


def item(
    *,
    title: str,
    doc_no: str,
    summary: str,
    keywords: Any,
    body: str,
    organization: str,
    genre: str,
    subjects: Any,
    columns: Any,
    year: int | None,
    validity: str,
) -> Item:
    def listed(value: Any) -> tuple[str, ...]:
        return tuple(json.loads(value) if isinstance(value, str) else value or ())

    fields = (title, doc_no, summary, keywords_text(listed(keywords)), body)
    return Item(
        text="\0".join(normalise(f) for f in fields),
        organization=organization,
        genre=genre,
        subjects=listed(subjects),
        columns=listed(columns),
        year=year,
        validity=validity,
    )


def finds(query: Query, filters: Any, it: Item) -> bool:
    """Whether the query with these filters finds this version of an item (normalise.matches)."""
    if not all(t in it.text for t in query.terms):
        return False
    return (
        (filters.organization is None or filters.organization == it.organization)
        and (filters.genre is None or filters.genre == it.genre)
        and (filters.subject is None or filters.subject in it.subjects)
        and (filters.column is None or filters.column in it.columns)
        and (filters.year is None or filters.year == it.year)
        and (filters.validity is None or filters.validity == it.validity)
    )


def _may_suggest(query: Query, it: Item) -> bool:
    """Whether an item could change an empty result's suggestions (query.suggest): each of them
    is a query whose every term is a term of this one or a word cut from one, so an item that
    holds no two-character piece of any term (no term, if one character long) matches none."""
    pieces = {t[i : i + 2] for t in query.terms for i in range(max(1, len(t) - 1))}
    return any(p in it.text for p in pieces)


def _affected(record: Any, query: Query, filters: Any, empty: bool) -> bool:
    if record == ALL:
        return True
    return any(finds(query, filters, it) or (empty and _may_suggest(query, it)) for it in record)


def _result_key(epoch: str, parts: tuple[Any, ...]) -> str:
    digest = hashlib.sha256(repr((epoch, *parts)).encode()).hexdigest()
    return _RESULT_PREFIX + digest


def cached(
    query: Query,
    filters: Any,
    parts: tuple[Any, ...],
    compute: Callable[[], T],
    *,
    empty: Callable[[T], bool],
    keep: Callable[[T], bool] = lambda result: True,
) -> tuple[T, str]:
    """`compute()` or a cached equal result; and how it was found: "hit", "revalidated", "miss".

    `parts` must hold everything besides the index that the result depends on (normalised
    terms, filters, sort, page, page size); `empty(result)`: it found nothing, so it carries
    suggestions that other items decide; `keep(result)`: it may be stored (not one that time
    cut short).
    """
    generation = current()
    key = _result_key(generation.epoch, (query.terms, filters, *parts))
    stored = cache.get(key)
    if stored is not None:
        at, born, result = stored
        if at == generation.value:
            return result, "hit"
        span = generation.value - at
        # Kept valid, a result still lives RESULT_TTL from when it was computed, not longer.
        left = int(RESULT_TTL - (time.time() - born))
        if 0 < span <= MAX_SPAN and left > 0:
            keys = [_record_key(generation.epoch, at + i) for i in range(1, span + 1)]
            records = cache.get_many(keys)
            if len(records) == span and not any(
                _affected(records[k], query, filters, empty(result)) for k in keys
            ):
                cache.set(key, (generation.value, born, result), left)
                return result, "revalidated"
    # Stamped with the generation read before computing: the result holds at least its changes.
    result = compute()
    if keep(result):
        cache.set(key, (generation.value, time.time(), result), RESULT_TTL)
    return result, "miss"
