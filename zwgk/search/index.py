"""The search index's write side, called by the catalogue inside its publishing transaction.

The catalogue hands over an `IndexEntry` (a plain copy of what search needs) so that search
never imports catalogue models and the index is written in the same transaction as the item.
The index keeps its own copy of what result lists show (title, number, agency, date, url), so a
result page needs no catalogue query either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class IndexEntry:
    document_id: int
    organization_code: str
    title: str
    doc_no: str = ""
    summary: str = ""
    keywords: tuple[str, ...] = ()
    body_text: str = ""  # plain text, markup already stripped
    genre: str = ""  # genre code
    subjects: tuple[str, ...] = ()  # subject codes (both levels)
    columns: tuple[str, ...] = ()  # column codes
    validity: str = ""
    published_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # Shown in result lists and facets, so search never has to ask the catalogue.
    url: str = ""
    organization_name: str = ""
    genre_name: str = ""
    validity_name: str = ""
    subject_names: tuple[str, ...] = ()  # same order as `subjects`
    index_no: str = ""  # 索引号
    signed_on: date | None = None


def index_upsert(entry: IndexEntry) -> None:
    """Add or replace one published item in the index (same transaction as the caller)."""
    from zwgk.search import backend

    backend.upsert_many([entry])


def index_upsert_many(entries: Iterable[IndexEntry]) -> int:
    """Add or replace many items (imports, rebuilds); returns how many were written."""
    from zwgk.search import backend

    return backend.upsert_many(list(entries))


def index_remove(document_id: int) -> None:
    """Remove an item (withdrawn, unpublished) from the index at once."""
    from zwgk.search import backend

    backend.remove_many([document_id])


# --- where a rebuild reads from ------------------------------------------------------------------
# Search must not import the catalogue, so the catalogue registers a provider in its
# AppConfig.ready(): a callable yielding lists of IndexEntry (every currently published item), and
# optionally one counting them so the rebuild can show a progress bar with an end.
Source = Callable[[], Iterator[list[IndexEntry]]]
Counter = Callable[[], int]
_sources: dict[Source, Counter | None] = {}


def register_source(source: Source, *, count: Counter | None = None) -> None:
    """Register a provider of every currently published item, in batches (idempotent)."""
    _sources[source] = count


def registered_sources() -> list[tuple[Source, Counter | None]]:
    return list(_sources.items())


# --- the segmenter's user dictionary --------------------------------------------------------------
# The data's own vocabulary (agency, column and topic, genre and subject names) comes from the apps
# that own it, registered in their AppConfig.ready() like the sources above. Reading it back from
# search_entry was a DISTINCT over every indexed row: a full scan at a million items.
Words = Callable[[], Iterable[str]]
_word_sources: list[Words] = []


def register_words(source: Words) -> None:
    """Register a provider of words the segmenter must keep whole (idempotent)."""
    if source not in _word_sources:
        _word_sources.append(source)


def dictionary_words() -> set[str]:
    return {word for source in _word_sources for word in source()}
