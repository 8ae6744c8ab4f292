"""The read side: `search_documents` for the portal page and the API's `q` branch."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zwgk.core.errors import ValidationFailed
from zwgk.search import backend, highlight, result_cache
from zwgk.search.backend import FACETS, Filters, Page
from zwgk.search.index import DOCUMENT, dictionary_words, entry_kind
from zwgk.search.models import SearchEntry
from zwgk.search.normalise import Query, parse_query
from zwgk.search.segmentation import Segmenter

MAX_PAGE_SIZE = 100
# Same cap as the API's pagination: deep OFFSETs make the database rank everything before them.
MAX_OFFSET = 10_000
SORTS = ("relevance", "newest")


@dataclass(frozen=True)
class Hit:
    document_id: int
    score: float
    highlight: str  # escaped HTML excerpt, matches in <mark>
    title: str = ""
    title_highlight: str = ""  # escaped HTML title, matches in <mark>
    in_title: bool = False  # every term found in the title or document number
    doc_no: str = ""
    index_no: str = ""
    organization_code: str = ""
    organization_name: str = ""
    published_on: date | None = None
    signed_on: date | None = None
    validity: str = ""
    url: str = ""
    kind: str = DOCUMENT  # search.index's kinds: "document" or "service_guide" (a guide's page)


@dataclass
class SearchResult:
    count: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    suggestions: list[str]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # facet → value → display name
    count_exact: bool = True  # False: `count` is an estimate ("约"), see backend.estimate_count
    facets_exact: bool = True  # False: facets count the newest backend.RANK_WINDOW matches
    terms: tuple[str, ...] = ()
    page: int = 1
    page_size: int = 20
    suggestions_complete: bool = True  # False: cut short by SUGGEST_SECONDS (not cached)
    cache: str = ""  # how result_cache found it: "hit", "revalidated" or "miss" (not cached: "")

    @property
    def max_page(self) -> int:
        reachable = min(self.count, MAX_OFFSET)
        return max(1, -(-reachable // self.page_size))


def _year(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    return str(value)[:200] if value not in (None, "") else None


def search_documents(
    q: str,
    *,
    organization: str | None = None,
    genre: str | None = None,
    subject: str | None = None,
    column: str | None = None,
    year: int | str | None = None,
    validity: str | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> SearchResult:
    """Items containing every term of `q` (exact substrings after normalisation), ranked.

    Title or document-number matches come first, then relevance (every term in the summary or
    keywords before body-only matches: backend.location_score), then recency;
    `sort="newest"` orders by publication date. Any input is safe; an empty query finds nothing.
    """
    page = max(1, int(page or 1))
    page_size = min(max(1, int(page_size or 20)), MAX_PAGE_SIZE)
    offset = (page - 1) * page_size
    if offset >= MAX_OFFSET:
        raise ValidationFailed(
            f"最多只能翻到第 {MAX_OFFSET // page_size} 页，请缩小检索范围。",
            code="page_too_deep",
            fields={"page": "过深"},
        )
    query = parse_query(q)
    filters = Filters(
        organization=_text(organization),
        genre=_text(genre),
        subject=_text(subject),
        column=_text(column),
        year=_year(year),
        validity=_text(validity),
    )
    sort = sort if sort in SORTS else "relevance"
    if query.empty:
        return SearchResult(0, [], {k: [] for k in FACETS}, [], terms=(), page=page, page_size=page_size)

    def compute() -> SearchResult:
        result = backend.search(query, filters, sort=sort, offset=offset, limit=page_size)
        hits = _hits(result, query)
        suggestions, complete = _suggest(query, filters) if result.count == 0 else ([], True)
        return SearchResult(
            count=result.count,
            hits=hits,
            facets=result.facets,
            suggestions=suggestions,
            labels=result.labels,
            count_exact=result.count_exact,
            facets_exact=result.facets_exact,
            terms=query.terms,
            page=page,
            page_size=page_size,
            suggestions_complete=complete,
        )

    found, how = result_cache.cached(
        query,
        filters,
        (sort, page, page_size),
        compute,
        empty=lambda r: r.count == 0,
        keep=lambda r: r.suggestions_complete,
    )
    found.cache = how
    return found


def matching_ids(q: str) -> set[int]:
    """Every item the query matches, unranked (for checks against a brute-force scan)."""
    query = parse_query(q)
    if query.empty:
        return set()
    return set(backend.candidates(query, Filters(), cap=2**31))


def _hits(page: Page, query: Query) -> list[Hit]:
    ids = [doc for doc, _, _ in page.rows]
    entries = SearchEntry.objects.in_bulk(ids)
    hits = []
    for doc, score, tier in page.rows:
        e = entries.get(doc)
        if e is None:
            continue
        source = e.body if e.body else e.summary
        hits.append(
            Hit(
                document_id=doc,
                score=score,
                highlight=highlight.snippet(source, query.terms),
                title=e.title,
                title_highlight=highlight.mark(e.title, query.terms),
                in_title=tier,
                doc_no=e.doc_no,
                index_no=e.index_no,
                organization_code=e.organization_code,
                organization_name=e.organization_name,
                published_on=e.published_on,
                signed_on=e.signed_on,
                validity=e.validity,
                url=e.url,
                kind=entry_kind(doc),
            )
        )
    return hits


# --- suggestions for a query that finds nothing --------------------------------------------------
_SEGMENTER_TTL = 3600.0
_segmenter: tuple[float, Segmenter] | None = None
_segmenter_lock = threading.Lock()


def segmenter() -> Segmenter:
    """A segmenter whose user dictionary holds the data's names (index.register_words)."""
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None or time.monotonic() - _segmenter[0] > _SEGMENTER_TTL:
            _segmenter = (time.monotonic(), Segmenter(dictionary_words()))
        return _segmenter[1]


SUGGEST_SECONDS = 0.3  # no new check starts after this: an empty result stays quick to show


def suggest(query: Query, filters: Filters, *, limit: int = 3) -> list[str]:
    """Broader queries that do find something: a long term cut into words, or one term dropped.

    Each candidate costs a search; checks stop once SUGGEST_SECONDS have passed (a document
    number within one agency and year: three checks of ~0.5 s each at a million items).
    """
    return _suggest(query, filters, limit=limit)[0]


def _suggest(query: Query, filters: Filters, *, limit: int = 3) -> tuple[list[str], bool]:
    """suggest(), and whether every candidate was checked (not cut short by the time)."""
    deadline = time.monotonic() + SUGGEST_SECONDS
    candidates: list[tuple[str, ...]] = []
    if len(query.terms) > 1:
        candidates += [tuple(t for t in query.terms if t != drop) for drop in query.terms]
    for term in query.terms:
        words = tuple(w for w in segmenter().words(term) if len(w) > 1)
        rest = tuple(t for t in query.terms if t != term)
        if len(words) > 1:
            candidates.append(rest + words)
            # Then without each word in turn, least informative (shortest) first.
            for drop in sorted(words, key=len):
                candidates.append(rest + tuple(w for w in words if w != drop))
    out: list[str] = []
    complete = True
    for i, terms in enumerate(list(dict.fromkeys(candidates))[:12]):  # each costs one search
        if len(out) >= limit:
            break
        if i and time.monotonic() > deadline:
            complete = False
            break
        if terms and backend.exists(Query(terms=terms), filters):
            out.append(" ".join(f'"{t}"' if " " in t else t for t in terms))
    # Nothing within the chosen filters: say so by suggesting the query without them.
    if not out and filters != Filters() and backend.exists(query, Filters()):
        out.append(" ".join(query.terms))
    return out, complete
