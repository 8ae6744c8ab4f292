"""The index engines behind one interface, chosen by the database in use (connection.vendor).

SQLite: FTS5 (engine_fts5.py); PostgreSQL: tsvector + GIN (engine_tsvector/). Both store the same
tokens (ngrams.py) and the same `search_entry` rows, and both write inside the caller's transaction.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

from zwgk.search import ngrams, result_cache
from zwgk.search.index import IndexEntry
from zwgk.search.normalise import Query, keywords_text, matches, normalise
from zwgk.search.token_arrays import Pairs, token_pairs

MAX_DOCUMENT_ID = 2**32 - 1  # the low half of a rowkey


@dataclass(frozen=True)
class Filters:
    organization: str | None = None
    genre: str | None = None
    subject: str | None = None
    column: str | None = None
    year: int | None = None
    validity: str | None = None


FACETS = ("organization", "genre", "subject", "year", "validity")


@dataclass
class Page:
    """One page of ranked matches: (document_id, score, matched in title or number)."""

    count: int
    rows: list[tuple[int, float, bool]]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    count_exact: bool = True  # False: at least `count` ("10,000+")
    facets_exact: bool = True  # False: counted over the newest RANK_WINDOW matches


def collect_facets(rows: list[tuple[str, object, object, int]]) -> Page:
    """Facet rows (facet, value, label, count) → a Page without hits, count from the agencies."""
    page = Page(count=0, rows=[], facets={k: [] for k in FACETS}, labels={k: {} for k in FACETS})
    for name, value, label, n in rows:
        if value in (None, ""):
            continue
        page.facets[name].append((str(value), int(n)))
        if label:
            page.labels[name][str(value)] = str(label)
    page.count = sum(n for _, n in page.facets["organization"])
    for name, values in page.facets.items():
        values.sort(key=lambda vn: (-int(vn[0]) if name == "year" else -vn[1], vn[0]))
    return page


def rowkey(entry: IndexEntry) -> int:
    if not 0 < entry.document_id <= MAX_DOCUMENT_ID:
        raise ValueError(f"document_id {entry.document_id} outside the index's range")
    day = entry.published_on.toordinal() if entry.published_on else 0
    return (day << 32) | entry.document_id


@dataclass(frozen=True)
class Tokens:
    """The tokens of one item's fields (token_arrays.Pairs), in position order, and number tokens."""

    title: Pairs
    doc_no: Pairs
    summary: Pairs
    keywords: Pairs
    body: Pairs
    numbers: dict[str, list[str]]  # field name → ngrams.number_tokens of that field


def tokens_of(
    *, title: str, doc_no: str, summary: str, keywords: list[str] | tuple[str, ...], body: str
) -> Tokens:
    norms = {
        "title": normalise(title),
        "doc_no": normalise(doc_no),
        "summary": normalise(summary),
        "keywords": normalise(keywords_text(keywords)),
        "body": normalise(body),
    }
    return Tokens(
        **{name: token_pairs(norm) for name, norm in norms.items()},
        numbers={name: ngrams.number_tokens(norm) for name, norm in norms.items()},
    )


def entry_tokens(entry: IndexEntry) -> Tokens:
    """tokens_of an item's indexed fields."""
    return tokens_of(
        title=entry.title,
        doc_no=entry.doc_no,
        summary=entry.summary,
        keywords=entry.keywords,
        body=entry.body_text,
    )


def entry_row(entry: IndexEntry) -> dict[str, Any]:
    """The search_entry column values (JSON fields as text, valid for both databases)."""
    return {
        "document_id": entry.document_id,
        "rowkey": rowkey(entry),
        "organization_code": entry.organization_code,
        "organization_name": entry.organization_name,
        "title": entry.title,
        "doc_no": entry.doc_no,
        "index_no": entry.index_no,
        "summary": entry.summary,
        "keywords": json.dumps(list(entry.keywords), ensure_ascii=False),
        "body": entry.body_text,
        "url": entry.url,
        "genre": entry.genre,
        "genre_name": entry.genre_name,
        "subjects": json.dumps(list(entry.subjects), ensure_ascii=False),
        "subject_names": json.dumps(list(entry.subject_names), ensure_ascii=False),
        "columns": json.dumps(list(entry.columns), ensure_ascii=False),
        "validity": entry.validity,
        "validity_name": entry.validity_name,
        "published_on": entry.published_on,
        "signed_on": entry.signed_on,
        "year": entry.published_on.year if entry.published_on else None,
        "tokens_version": ngrams.TOKENS_VERSION,
    }


ENTRY_COLUMNS = list(entry_row(IndexEntry(document_id=1, organization_code="", title="")).keys())


def engine(vendor: str | None = None) -> ModuleType:
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        from zwgk.search import engine_tsvector

        return engine_tsvector
    if vendor == "sqlite":
        from zwgk.search import engine_fts5

        return engine_fts5
    raise NotImplementedError(f"no search index for {vendor}")


def prepare(entries: list[IndexEntry], vendor: str) -> Any:
    """Everything an upsert writes, computed without the database (so in any process)."""
    # The last version of an item wins if a batch repeats it.
    latest = list({e.document_id: e for e in entries}.values())
    return engine(vendor).prepare(latest)


def write_prepared(prepared: Any) -> None:
    """Replace the prepared items in the index (the caller's transaction, or a new one).

    Bulk loads: what they replaced is not read back, so every cached result is retired.
    """
    with transaction.atomic():
        engine().write(prepared)
        result_cache.changed(None)


def _entry_item(entry: IndexEntry) -> result_cache.Item:
    return result_cache.item(
        title=entry.title,
        doc_no=entry.doc_no,
        summary=entry.summary,
        keywords=entry.keywords,
        body=entry.body_text,
        organization=entry.organization_code,
        genre=entry.genre,
        subjects=entry.subjects,
        columns=entry.columns,
        year=entry.published_on.year if entry.published_on else None,
        validity=entry.validity,
    )


def _indexed_items(document_ids: list[int]) -> list[result_cache.Item]:
    """The indexed versions of these items (what a cached result may show of them)."""
    marks = ",".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, doc_no, summary, keywords, body, organization_code, genre, subjects, "
            f"columns, year, validity FROM search_entry WHERE document_id IN ({marks})",
            document_ids,
        )
        return [
            result_cache.item(
                title=r[0],
                doc_no=r[1],
                summary=r[2],
                keywords=r[3],
                body=r[4],
                organization=r[5],
                genre=r[6],
                subjects=r[7],
                columns=r[8],
                year=r[9],
                validity=r[10],
            )
            for r in cursor.fetchall()
        ]


def upsert_many(entries: list[IndexEntry]) -> int:
    """Replace these items in the index (the caller's transaction, or a new one)."""
    if not entries:
        return 0
    latest = list({e.document_id: e for e in entries}.values())
    prepared = prepare(latest, connection.vendor)
    with transaction.atomic():
        few = len(latest) <= result_cache.RECORD_MAX_ITEMS
        before = _indexed_items([e.document_id for e in latest]) if few else []
        engine().write(prepared)
        # Cached results that found an item before, or find it now, are recomputed.
        result_cache.changed([*before, *map(_entry_item, latest)] if few else None)
    return len(latest)


def remove_many(document_ids: list[int]) -> None:
    ids = list(set(document_ids))
    if not ids:
        return
    with transaction.atomic():
        few = len(ids) <= result_cache.RECORD_MAX_ITEMS
        before = _indexed_items(ids) if few else None
        engine().remove(ids)
        if before != []:  # drafts saved call this too: nothing indexed, nothing changed
            result_cache.changed(before)


# Broad queries match most of the library; ranking, facets and counting are bounded so that a
# query costs about the same at 1M items as at 10k (see docs/decisions/0004-search-index-design.md):
RANK_WINDOW = 1000  # relevance ranks the newest this-many matches plus the title matches
# The per-day histogram behind estimates: the worker refreshes it every DAYS_REFRESH_MINUTES
# (tasks.refresh_days); it lives longer than that, so queries rebuild it only when no worker runs.
DAYS_REFRESH_MINUTES = 5
DAYS_TTL = 3 * DAYS_REFRESH_MINUTES * 60


def _days_key() -> str:
    return f"search:days:{connection.alias}"


def refresh_days() -> tuple[list[int], list[int]]:
    """Count the indexed items per publication day and cache the histogram (see _days).

    One grouped walk of the rowkey index: ~0.2–0.4 s at a million items.
    """
    with connection.cursor() as cursor:
        # rowkey = day << 32 | document_id (rowkey()), so integer division gives the day.
        cursor.execute(
            "SELECT rowkey / 4294967296 AS day, count(*) FROM search_entry GROUP BY 1 ORDER BY 1 DESC"
        )
        days, running, total = [], [], 0
        for day, n in cursor.fetchall():
            total += n
            days.append(-int(day))  # ascending, for bisect
            running.append(total)
    cache.set(_days_key(), (days, running), DAYS_TTL)
    return days, running


def _days() -> tuple[list[int], list[int]]:
    """(−day, items published on that day or later), newest day first: estimates only.

    Cached (refresh_days), instead of counting the entries a window spans on every query (~30 ms
    each for 20,000 entries).
    """
    cached = cache.get(_days_key())
    return cached if cached is not None else refresh_days()  # type: ignore[no-any-return]


SAMPLE_WEEKS = 4  # weeks of older items whose matches are counted to estimate a total
YEAR_HINTS = (1949, 2100)  # four-digit numbers read as the year of a document number


def _items_since(days: list[int], running: list[int], day: int) -> int:
    """Items published on `day` or later (from the cached histogram)."""
    i = bisect.bisect_right(days, -day) - 1
    return running[i] if i >= 0 else 0


def items_counter() -> Callable[[int, int], int]:
    """(first day, last day) → about how many items were published in between, both included.

    Day ordinals; from the cached histogram (_days), read once: a plan's guess, never a count
    shown to anyone.
    """
    days, running = _days()

    def items(first_day: int, last_day: int) -> int:
        if not days or last_day < first_day:
            return 0
        return _items_since(days, running, first_day) - _items_since(days, running, last_day + 1)

    return items


def _year_hint(query: Query) -> int | None:
    """The year a document-number query names (大政发〔2021〕): its matches crowd into that year."""
    years = {
        year
        for term in query.terms
        for token in ngrams.term_numbers(term)
        for digits in [ngrams.token_digits(token)]
        if len(digits) == 4 and YEAR_HINTS[0] <= (year := int(digits)) <= YEAR_HINTS[1]
    }
    return years.pop() if len(years) == 1 else None


_FOUR_DIGITS = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def named_years(query: Query) -> list[int]:
    """Every year a query's terms name as four digits of their own (2020年, 大政发〔2021〕), newest first.

    Documents mention a year mostly in that year and the ones around it (dates, the numbers of
    the year's documents, the year after citing them): that is where such a query's matches crowd.
    """
    found = {
        int(digits)
        for term in query.terms
        for digits in _FOUR_DIGITS.findall(term)
        if YEAR_HINTS[0] <= int(digits) <= YEAR_HINTS[1]
    }
    return sorted(found, reverse=True)


def _sample(days: list[int], running: list[int], first: float, last: float, k: int) -> list[int]:
    """Weeks at the middles of k equal shares of the items ranked (newest first) first..last."""
    weeks: list[int] = []
    for i in range(k):
        middle = first + (last - first) * (2 * i + 1) / (2 * k)
        at = min(bisect.bisect_left(running, middle), len(days) - 1)
        week = (-days[at]) // 7
        if week > 0 and week not in weeks:
            weeks.append(week)
    return weeks


def _rate(
    days: list[int], running: list[int], weeks: list[int], query: Query, filters: Filters
) -> float | None:
    """Matches per item over these whole weeks (None when they hold no items)."""
    sampled = matched = 0
    for week in weeks:
        items = _items_since(days, running, week * 7) - _items_since(days, running, week * 7 + 7)
        if items:
            sampled += items
            matched += engine().count_week(query, filters, week)
    return matched / sampled if sampled else None


def estimate_count(query: Query, filters: Filters, found: int, lowest_key: int) -> int:
    """About how many items match, when the newest `found` matches reach back to `lowest_key`.

    Counting every match of a common word means reading every match. Instead the matches of a
    few whole weeks spread over the older items are counted (cheap: a week is a range of the
    index) and their rate among those weeks' items is applied to all older items. A uniform
    rate taken from the window alone said 98,000 for 大政发〔2025〕, whose 6,900 matches are
    all recent. A document number of a year crowds into that year, which evenly spread weeks
    mostly miss (大政发【2021】 said "约 1,000" for 8,810): half the weeks are then drawn from
    that year's older items and each half's rate applies to its own items. Pages say "约".
    """
    days, running = _days()
    if not days:
        return found
    total = running[-1]
    covered = _items_since(days, running, lowest_key >> 32)
    older = total - covered
    if older <= 0:
        return found
    year = _year_hint(query)
    if year is not None:
        # Ranks (newest first) of the older items published in that year.
        first = max(covered, _items_since(days, running, date(year + 1, 1, 1).toordinal()))
        last = max(first, _items_since(days, running, date(year, 1, 1).toordinal()))
        in_year = last - first
        if 0 < in_year < older:
            half = SAMPLE_WEEKS // 2
            rate_year = _rate(days, running, _sample(days, running, first, last, half), query, filters)
            # The rest: the older items outside that year, as one run of ranks with the year cut out.
            rest = [
                w
                for w in _sample(days, running, covered, total, SAMPLE_WEEKS)
                if not date(year, 1, 1).toordinal() <= w * 7 < date(year + 1, 1, 1).toordinal()
            ][:half]
            rate_rest = _rate(days, running, rest, query, filters) or 0.0
            guess = (rate_year or 0.0) * in_year + rate_rest * (older - in_year)
            return max(found, found + round(guess))
    rate = _rate(days, running, _sample(days, running, covered, total, SAMPLE_WEEKS), query, filters)
    if rate is None:
        return found
    return max(found, found + round(older * rate))


@dataclass(frozen=True)
class WindowRow:
    """A match among the newest RANK_WINDOW, with what ranking and facets need."""

    document_id: int
    key: int
    score: float  # higher is better
    facets: tuple[str, str, str, str, int | None, str, str, str, str]
    # organization, its name, genre, its name, year, validity, its name, subjects json, names json
    title_score: float | None = None  # the title or number holds every term: its rank, else None


# Relevance inside the window, higher first: every term in the summary or keywords, else in the
# body only (title matches are ranked apart, before both). Neither bm25 nor ts_rank: FTS5's bm25
# counts, per phrase, every row of the whole index that holds it (its IDF), 100–300 ms per common
# phrase at a million items; ts_rank de-TOASTs every window row's tsvector a second time.
META_SCORE, BODY_SCORE = 4.0, 1.0


@functools.lru_cache(maxsize=20_000)
def _meta_text(summary: str, keywords: str) -> str:
    """An item's summary and keywords normalised, once per process: the same recent items fill
    most windows, and normalising ~800 of them was a fifth of a query's CPU on PostgreSQL."""
    # One string: only a term holding keywords_text's " ; " itself could span the two, and this
    # only orders results.
    return normalise(f"{summary} ; {keywords_text(json.loads(keywords))}")


def location_score(terms: tuple[str, ...], summary: str, keywords: Any) -> float:
    text = keywords if isinstance(keywords, str) else json.dumps(list(keywords), ensure_ascii=False)
    in_meta = matches(terms, [_meta_text(summary, text)])
    return META_SCORE if in_meta else BODY_SCORE


@functools.lru_cache(maxsize=4096)
def _json_list(text: str) -> tuple[Any, ...]:
    """A subjects column parsed once per process: the same few hundred lists recur in every
    window (issue 25.2: JSON parsing was a tenth of a search's CPU on SQLite)."""
    return tuple(json.loads(text))


def _facet_rows(window: list[WindowRow]) -> list[tuple[str, object, object, int]]:
    counts: dict[tuple[str, object], list[Any]] = {}

    def add(name: str, value: object, label: object, n: int) -> None:
        slot = counts.setdefault((name, value), [name, value, label, 0])
        slot[3] += n

    # A window of 1,000 rows holds a few hundred distinct combinations: each is parsed once.
    for facets, n in Counter(row.facets for row in window).items():
        org, org_name, genre, genre_name, year, validity, validity_name, subjects, subject_names = facets
        add("organization", org, org_name, n)
        add("genre", genre, genre_name, n)
        add("year", year, None, n)
        add("validity", validity, validity_name, n)
        codes = _json_list(subjects) if isinstance(subjects, str) else subjects
        names = _json_list(subject_names) if isinstance(subject_names, str) else subject_names
        for i, code in enumerate(codes):
            add("subject", code, names[i] if i < len(names) else "", n)
    return [tuple(v) for v in counts.values()]  # type: ignore[misc]


def search(query: Query, filters: Filters, *, sort: str, offset: int, limit: int) -> Page:
    eng = engine()
    window: list[WindowRow] = eng.window(query, filters, RANK_WINDOW)
    page = collect_facets(_facet_rows(window))
    complete = len(window) < RANK_WINDOW
    page.facets_exact = page.count_exact = complete
    page.count = len(window) if complete else estimate_count(query, filters, len(window), window[-1].key)
    if not page.count or offset >= page.count:
        return page
    if sort == "newest":
        page.rows = [(doc, 0.0, False) for doc, _ in eng.newest(query, filters, limit=limit, offset=offset)]
        return page
    # Every title is in the item's text, so the window holds the title matches it spans; only
    # older ones are looked for apart (none when the window holds every match).
    titles = [(r.document_id, r.key, r.title_score) for r in window if r.title_score is not None]
    if not complete and len(titles) < RANK_WINDOW:
        titles += eng.title_window(
            query, filters, RANK_WINDOW - len(titles), below=window[-1].key, rare=not titles
        )
    title_keys = {key for _, key, _ in titles}
    ranked = [(doc, score, True) for doc, key, score in sorted(titles, key=lambda t: (-t[2], -t[1]))]
    ranked += [
        (r.document_id, r.score, False)
        for r in sorted(window, key=lambda r: (-r.score, -r.key))
        if r.key not in title_keys
    ]
    page.rows = ranked[offset : offset + limit]
    if len(page.rows) < limit and not complete:
        # Past the ranked window, older matches follow newest first.
        lowest = window[-1].key
        older_titles = [k for k in title_keys if k < lowest]
        more = eng.newest(
            query,
            filters,
            limit=limit - len(page.rows),
            offset=max(0, offset - len(ranked)),
            below=lowest,
            exclude=older_titles,
        )
        page.rows += [(doc, 0.0, False) for doc, _ in more]
    return page


def exists(query: Query, filters: Filters) -> bool:
    """Whether anything matches: the newest match, found the way pages find theirs.

    Not a capped count: PostgreSQL builds a bitmap of every candidate before the first row, and
    with facet filters as columns it rechecked each (大连市人民政府办公室 within one agency and
    year: 16 s at 1M items for a suggestion that found nothing).
    """
    return bool(engine().newest(query, filters, limit=1, offset=0))


def candidates(query: Query, filters: Filters, *, cap: int) -> list[int]:
    """Document ids of every item matching, newest first (at most `cap`)."""
    return engine().candidates(query, filters, cap=cap)  # type: ignore[no-any-return]


def size_bytes() -> int:
    """Bytes on disk used by the index (tables and their indexes)."""
    return engine().size_bytes()  # type: ignore[no-any-return]
