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

# --- kinds of entries ---------------------------------------------------------------------------
# The index holds catalogue items and, beside them, other public pages found by the same search
# (service guides). They share one id space: catalogue items keep their own ids (below
# KIND_BLOCK), every other kind gets a block of ids above them, so neither the index's tables nor
# its query path had to change. The kind of a hit is read back from its id.
KIND_BLOCK = 2**31  # search_entry ids stop at 2**32 - 1 (backend.MAX_DOCUMENT_ID): two blocks
DOCUMENT = "document"
SERVICE_GUIDE = "service_guide"
_KIND_BASE = {DOCUMENT: 0, SERVICE_GUIDE: KIND_BLOCK}
# The genre (文种) code and name the index files a kind under, so the portal's genre facet counts
# and filters it like any 文种 (no catalogue genre uses this code).
KIND_GENRES = {SERVICE_GUIDE: ("service_guide", "办事指南")}


def entry_id(kind: str, pk: int) -> int:
    """The index id of row `pk` of a kind."""
    if not 0 < pk < KIND_BLOCK:
        raise ValueError(f"{kind} id {pk} outside its block of the index")
    return _KIND_BASE[kind] + pk


def entry_kind(document_id: int) -> str:
    return SERVICE_GUIDE if document_id > KIND_BLOCK else DOCUMENT


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
