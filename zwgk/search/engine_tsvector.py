"""PostgreSQL engine: tsvector columns built here from the bigram tokens, GIN indexes, `<->` phrases.

The tsvector literal is assembled here (token_arrays.tsvector_literal, not to_tsvector) so
PostgreSQL's parser cannot re-split our tokens, and positions are ours. A tsvector holds positions
up to 16383 only: the body's tokens beyond that go to `search_overflow` chunks, each overlapping
the previous one by more than the longest query term, so no phrase is lost at a chunk boundary.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled

from zwgk.search import backend, ngrams
from zwgk.search.backend import (
    ENTRY_COLUMNS,
    Filters,
    WindowRow,
    entry_row,
    location_score,
    named_years,
    tokens_of,
)
from zwgk.search.index import IndexEntry
from zwgk.search.normalise import MAX_QUERY_CHARS, Query, keywords_text, matches, normalise
from zwgk.search.token_arrays import Pairs, tsvector_literal

CHUNK = 16000
# Steps going back from the newest item: 7 weeks, 14 months, 15 years, then the rest at once.
SPAN_STEPS = {"week": (1, 2, 4), "month": (2, 4, 8), "year": (1, 2, 4, 8)}
OVERLAP = MAX_QUERY_CHARS + 8  # a phrase has at most one token per query character

# The tables themselves are created by migrations/0002_fulltext.py.


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def control_lexemes(entry: IndexEntry) -> list[str]:
    """Lexemes for the week, month and year of publication and the facet values (no positions).

    They let the GIN index itself narrow a query to a span of time or to a facet value, so a
    query over a common word reads the rows of the newest week or two only, instead of every match
    (GIN keeps no order; sorting all matches by date was the cost at scale). Tokens are two
    characters long (number tokens start with "#"), these start with "~" and are longer, so they
    never meet a query term.
    """
    day = entry.published_on
    # Weeks too: at a million items a month holds ~5,000, each rechecked for a phrase.
    lexemes = (
        [f"~w{_week(day.toordinal())}", f"~p{day.year:04d}{day.month:02d}", f"~y{day.year}"]
        if day
        else ["~w0"]
    )
    lexemes += [f"~o:{entry.organization_code}", f"~g:{entry.genre}", f"~v:{entry.validity}"]
    lexemes += [f"~s:{s}" for s in entry.subjects] + [f"~c:{c}" for c in entry.columns]
    return [x for x in lexemes if x and not x.endswith(":")]


def _overflow(document_id: int, body: Pairs, start: int) -> list[list[Any]]:
    rows = []
    seq = 0
    start = max(0, start - OVERLAP)
    while start < len(body):
        literal, _ = tsvector_literal([(body[start : start + CHUNK], "D")])
        rows.append([document_id, seq, literal])
        seq += 1
        start += CHUNK - OVERLAP
    return rows


def remove(document_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_overflow WHERE document_id = ANY(%s)", [document_ids])
        cursor.execute("DELETE FROM search_entry WHERE document_id = ANY(%s)", [document_ids])


def prepare(entries: list[IndexEntry]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The rows to write (search_entry with both tsvectors, overflow chunks); no database access."""
    rows, overflow = [], []
    for entry in entries:
        t = tokens_of(
            title=entry.title,
            doc_no=entry.doc_no,
            summary=entry.summary,
            keywords=entry.keywords,
            body=entry.body_text,
        )
        tsv, body_used = tsvector_literal(
            [(t.title, "A"), (t.doc_no, "A"), (t.summary, "B"), (t.keywords, "B"), (t.body, "D")]
        )
        title_tsv, _ = tsvector_literal([(t.title, "D"), (t.doc_no, "D")])
        if body_used < len(t.body):
            overflow.extend(_overflow(entry.document_id, t.body, body_used))
        controls = " ".join(_lexeme(c) for c in control_lexemes(entry))
        # Number tokens without positions (ngrams.number_tokens), for the whole body: no limit.
        title_numbers = {n for name in ("title", "doc_no") for n in t.numbers[name]}
        numbers = " ".join(_lexeme(n) for n in sorted(title_numbers.union(*t.numbers.values())))
        title_numbers_literal = " ".join(_lexeme(n) for n in sorted(title_numbers))
        rows.append(
            [
                *entry_row(entry).values(),
                f"{tsv} {numbers} {controls}",
                f"{title_tsv} {title_numbers_literal} {controls}",
            ]
        )
    return rows, overflow


def write(prepared: tuple[list[list[Any]], list[list[Any]]]) -> None:
    """Replace the prepared items (COPY: ~5× less client work than INSERT per row)."""
    rows, overflow = prepared
    ids = [[row[0] for row in rows]]  # document_id is the first column
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_overflow WHERE document_id = ANY(%s)", ids)
        cursor.execute("DELETE FROM search_entry WHERE document_id = ANY(%s)", ids)
        with cursor.copy(
            f"COPY search_entry ({', '.join(ENTRY_COLUMNS)}, tsv, title_tsv) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        if overflow:
            with cursor.copy("COPY search_overflow (document_id, seq, tsv) FROM STDIN") as copy:
                for row in overflow:
                    copy.write_row(row)


def upsert(entries: list[IndexEntry]) -> None:
    write(prepare(entries))


# The IndexEntry fields search_entry keeps a copy of (its column `body` holds `body_text`).
_REFILL_FIELDS = (
    "document_id", "organization_code", "title", "doc_no", "summary", "keywords", "body_text", "genre",
    "subjects", "columns", "validity", "published_on", "url", "organization_name", "genre_name",
    "validity_name", "subject_names", "index_no", "signed_on",
)  # fmt: skip
_JSON_FIELDS = {"keywords", "subjects", "columns", "subject_names"}


def refill(batch: int = 500) -> int:
    """Rewrite every row's tsvectors from the index's own copy of the text (after a token change)."""
    columns = ", ".join("body" if name == "body_text" else name for name in _REFILL_FIELDS)
    done, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {columns} FROM search_entry WHERE document_id > %s ORDER BY document_id LIMIT %s",
                [last, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            entries = [
                IndexEntry(
                    **{
                        # jsonb arrives as text through Django's cursor (JSONField parses it);
                        # IndexEntry holds tuples.
                        k: tuple(json.loads(v) if isinstance(v, str) else v) if k in _JSON_FIELDS else v
                        for k, v in zip(_REFILL_FIELDS, r, strict=True)
                    }
                )
                for r in rows
            ]
            write(prepare(entries))
            done += len(rows)
            last = rows[-1][0]


# As created by migrations/0002_fulltext.py.
GIN_INDEXES = {
    "search_entry_tsv_gin": "search_entry USING gin (tsv)",
    "search_entry_title_tsv_gin": "search_entry USING gin (title_tsv)",
}
BUILD_MEMORY = "1GB"  # maintenance_work_mem for building them: postings sorted in memory, not on disk


def drop_gin_indexes() -> None:
    with connection.cursor() as cursor:
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def create_gin_indexes() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
        for name, definition in GIN_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        cursor.execute("RESET maintenance_work_mem")


def _phrase_lexemes(phrase: ngrams.Phrase) -> list[str]:
    """The tsquery lexemes of a phrase, in order (the last maybe a prefix)."""
    lexemes = [_lexeme(t) for t in phrase.tokens]
    if phrase.last_is_prefix:
        lexemes[-1] += ":*"
    return lexemes


def term_tsquery(term: str) -> str:
    return " <-> ".join(_phrase_lexemes(ngrams.term_phrase(term)))


def _term_query(term: str) -> str:
    """A term's tokens and phrase (ngrams.term_match).

    Without `<->` GIN answers exactly: no candidate's tsvector is read again to check positions.
    """
    match = ngrams.term_match(term)
    parts = [_lexeme(n) for n in match.tokens]
    if match.phrase is not None:
        parts.append(f"({' <-> '.join(_phrase_lexemes(match.phrase))})")
    return f"({' & '.join(parts)})"


def _terms(query: Query) -> str:
    """Every term's query (overflow chunks hold phrases only: term_tsquery)."""
    return " & ".join(_term_query(t) for t in query.terms)


def _condition(query: Query, params: dict[str, Any]) -> str:
    """WHERE condition on `e` for items containing every term; sets its parameters."""
    params["q_all"] = _terms(query)
    extra = _overflow_matches(query)
    if extra:
        params["extra"] = extra
        return "(e.tsv @@ %(q_all)s::tsquery OR e.document_id = ANY(%(extra)s))"
    return "e.tsv @@ %(q_all)s::tsquery"


def _overflow_matches(query: Query) -> list[int]:
    """Items whose very long body holds a term only past the main tsvector, checked on the text."""
    q_any = " | ".join(f"({term_tsquery(t)})" for t in query.terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.document_id, e.title, e.doc_no, e.summary, e.keywords, e.body FROM search_entry e "
            "WHERE e.document_id IN (SELECT document_id FROM search_overflow WHERE tsv @@ %s::tsquery)",
            [q_any],
        )
        found = []
        for doc, title, doc_no, summary, keywords, body in cursor.fetchall():
            keywords = json.loads(keywords) if isinstance(keywords, str) else keywords
            fields = [
                normalise(title),
                normalise(doc_no),
                normalise(summary),
                normalise(keywords_text(keywords)),
            ]
            if matches(query.terms, [*fields, normalise(body)]):
                found.append(doc)
        return found


def _filters(f: Filters, params: dict[str, Any]) -> str:
    sql: list[str] = []
    for column, value in (
        ("organization_code", f.organization),
        ("genre", f.genre),
        ("year", f.year),
        ("validity", f.validity),
    ):
        if value is not None:
            sql.append(f" AND e.{column} = %(f_{column})s")
            params[f"f_{column}"] = value
    for column, value in (("subjects", f.subject), ("columns", f.column)):
        if value is not None:
            sql.append(f" AND e.{column} @> %(f_{column})s::jsonb")
            params[f"f_{column}"] = json.dumps([value], ensure_ascii=False)
    return "".join(sql)


def _filter_lexemes(f: Filters) -> list[str]:
    """The control lexemes (control_lexemes) a filtered item must carry."""
    pairs = (("~o:", f.organization), ("~g:", f.genre), ("~v:", f.validity), ("~s:", f.subject))
    lexemes = [prefix + str(value) for prefix, value in pairs if value is not None]
    lexemes += [f"~c:{f.column}"] if f.column is not None else []
    lexemes += [f"~y{f.year}"] if f.year is not None else []
    return [_lexeme(x) for x in lexemes]


def _week(day: int) -> int:
    """The week of a day ordinal (weeks counted from 0001-01-01; undated items are week 0)."""
    return day // 7


def _month_start(months: int) -> int:
    """Day ordinal of the first day of a month counted from year 0 (year * 12 + month - 1)."""
    return date(months // 12, months % 12 + 1, 1).toordinal()


def _month_of(day: int) -> int:
    d = date.fromordinal(day)
    return d.year * 12 + d.month - 1


def _year_of(day: int) -> int:
    return date.fromordinal(day).year


class _Unit(NamedTuple):
    """A unit of time the steps go back by (control_lexemes names each item's)."""

    sizes: tuple[int, ...]  # the steps' sizes, in units
    of_day: Callable[[int], int]  # day ordinal → unit
    first_day: Callable[[int], int]  # unit → its first day ordinal
    lexeme: Callable[[int], str]
    first: int  # the oldest unit


_UNITS = (
    _Unit(SPAN_STEPS["week"], _week, lambda w: w * 7, lambda w: f"~w{w}", 1),
    _Unit(SPAN_STEPS["month"], _month_of, _month_start, lambda m: f"~p{m // 12:04d}{m % 12 + 1:02d}", 12),
    _Unit(SPAN_STEPS["year"], _year_of, lambda y: date(y, 1, 1).toordinal(), lambda y: f"~y{y}", 1),
)


def _spans(top: int, restarts: tuple[int, ...] = ()) -> list[tuple[list[str], int, int | None]]:
    """(time lexemes, lowest rowkey, rowkey bound above) per step, newest first, from rowkey `top`.

    Weeks, then months, then years (SPAN_STEPS), each step twice the last, so no step names more
    than eight lexemes: a tsquery is evaluated per candidate item and its cost grows with its
    lexemes (256 weeks OR-ed together cost ~90 ms where one costs ~4). The first month and the
    first year also hold days a finer step already covered; the rowkey bounds leave them out.

    `restarts` (day ordinals) are where matches are expected to crowd below: no step reaches
    across one, and from each the steps start again at one week. A query naming a year has most of its
    matches in that year and the next; a four-year step reaching into them read every one
    (2020年: 41,789 at 200k items, 0.8 s), where a week or two of them fill the window.
    """
    day = top >> 32
    if day < 7:
        return []
    spans: list[tuple[list[str], int, int | None]] = []
    upper: int | None = None

    def add(lexemes: list[str], low_day: int) -> None:
        nonlocal upper
        spans.append((lexemes, low_day << 32, upper))
        upper = low_day << 32

    def schedule(day: int, floor: int) -> int | None:
        """Steps from `day` back to `floor`: the day to go on from, None when the steps ran out."""
        for u in _UNITS:
            unit = u.of_day(day)
            for size in u.sizes:
                oldest = max(unit - size + 1, u.first)
                low = u.first_day(oldest)
                if low <= floor:
                    oldest, low = u.of_day(floor), floor
                add([u.lexeme(x) for x in range(unit, oldest - 1, -1)], low)
                if low == floor or oldest == u.first:
                    return floor - 1 if low == floor else None
                unit = oldest - 1
            day = u.first_day(unit + 1) - 1
        return None

    for restart in sorted(restarts, reverse=True):
        if 7 < restart <= day:
            day_below = schedule(day, restart)
            if day_below is None:
                return spans
            day = day_below
    schedule(day, 1)
    return spans


def _bitmap_scans_only(cursor: Any) -> None:
    """Read matches through the GIN index only, for the rest of the transaction.

    The planner otherwise may walk the rowkey index (ORDER BY … LIMIT) or the whole table (a
    LIMIT it expects to reach soon) and recheck every row's tsvector on the way: for a term whose
    bigrams are common but which occurs nowhere, that is every row of the library.
    """
    cursor.execute("SET LOCAL enable_indexscan = off")
    cursor.execute("SET LOCAL enable_seqscan = off")


def _stepped(
    select: str,
    column: str,
    query: Query,
    f: Filters,
    need: int,
    *,
    below: int | None = None,
    params: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """The newest `need` rows matching, collected a span of time at a time (see _spans).

    Each step asks the GIN index for the terms AND the filters AND the step's time lexemes, so
    only the matches of that span are read and rechecked; steps stop once `need` rows are found. The
    last step takes everything older (by then the matches are few, or the query would have
    stopped). A query naming a year enters that year and the two after it a week at a time
    (_restarts). Costly queries merge steps by the rate of matches seen (_Plan), and a query
    whose newest week held nothing first tries everything in one query within a time budget
    (ONE_QUERY_BUDGET_MS). `select` is the column list on `e`; rows come newest first.
    """
    params = dict(params or {})
    params["q_all"] = _terms(query)
    base = " & ".join([f"({params['q_all']})", *_filter_lexemes(f)])
    where = _filters(f, params)
    # Overflow chunks hold long bodies only: the title column never needs them.
    extra = _overflow_matches(query) if column == "tsv" else []
    params["extra"] = extra
    # Only bitmap scans of the GIN index: an ordered walk of the rowkey index filtering on the
    # tsvector (which the planner likes for ORDER BY … LIMIT) would recheck every row it passes.
    with transaction.atomic(), connection.cursor() as cursor:
        if below is None:
            cursor.execute("SELECT max(rowkey) FROM search_entry")  # an index walk: before the SETs
            top = cursor.fetchone()[0]
            if top is None:
                return []
        else:
            top = below - 1
            where += " AND e.rowkey < %(below)s"
            params["below"] = below
        if f.year is not None and 1 <= f.year < 9999:
            # Step back from the end of the filtered year, not through the years after it.
            top = min(top, (date(f.year + 1, 1, 1).toordinal() << 32) - 1)
        _bitmap_scans_only(cursor)
        rows: list[tuple[Any, ...]] = []
        years = named_years(query)
        restarts = _restarts(years[0]) if years else ()
        spans = _spans(top, restarts)
        oldest = spans[-1][1] if spans else None
        # The last step: everything older, without the years the year steps covered (few matches
        # by then, or none; undated items carry no year).
        newer_years = [x for lexemes, _, _ in spans for x in lexemes if x.startswith("~y")]
        steps = [(x, lo, up, False) for x, lo, up in spans] + [(newer_years, None, oldest, True)]
        plan = _Plan(steps, top, restarts, need)

        def run(step: Step) -> list[tuple[Any, ...]]:
            lexemes, low, upper, negated = step
            times = " | ".join(f"'{x}'" for x in lexemes)
            params["q_step"] = base + (f" & {'!' if negated else ''}({times})" if lexemes else "")
            params["need"] = need - len(rows)
            matched = f"e.{column} @@ %(q_step)s::tsquery"
            if extra:
                # Items matched through an overflow chunk carry no time lexemes: the bounds decide.
                matched = f"({matched} OR e.document_id = ANY(%(extra)s))"
            bounds = (f" AND e.rowkey >= {int(low)}" if low is not None else "") + (
                f" AND e.rowkey < {int(upper)}" if upper is not None else ""
            )
            cursor.execute(
                f"SELECT {select} FROM search_entry e WHERE {matched}{bounds} {where} "
                "ORDER BY e.rowkey DESC LIMIT %(need)s",
                params,
            )
            return cursor.fetchall()  # type: ignore[no-any-return]

        while (step := plan.next(need - len(rows))) is not None:
            started = time.perf_counter()
            found = run(step)
            plan.record(len(found), time.perf_counter() - started)
            rows += found
            if plan.at == 1 and not rows and _one_query_first(query):
                # Nothing in the newest week: most such queries (a full document number, a rare
                # word) have few matches anywhere, which one query reads at the index's fixed
                # cost once instead of at each of some twenty steps. Tried within a budget; past
                # it, the steps go on.
                budget = max(ONE_QUERY_BUDGET_MS, ONE_QUERY_BUDGET_STEPS * plan.first_ms)
                rest = _within_budget(cursor, budget, lambda: run(plan.everything_older()))
                if rest is not None:
                    rows += rest
                    break  # nothing older is left
    return rows


def _one_query_first(query: Query) -> bool:
    """Whether a query with no match in the newest week should try everything older at once.

    Not if it names a year but no whole number (2020年, 大政发〔2017〕): its many matches crowd
    into that year, which the restarts reach in a few cheap steps, where one query would read
    every one of them and run out of its budget (0.3 s lost at 100k items). A whole number
    (〔2014〕86号 asks for "=86") leaves few items.
    """
    exact = any(t.startswith(ngrams.EXACT_MARK) for term in query.terms for t in ngrams.term_numbers(term))
    return exact or not named_years(query)


def _newer(day: int, top_day: int) -> list[str]:
    """Time lexemes of whole years, months and weeks from `day` to `top_day`: what a step older
    than `day` leaves out (GIN drops those candidates before any row is read or rechecked)."""
    first = date.fromordinal(day)
    year = first.year + (first != date(first.year, 1, 1))
    weeks, months, years = _UNITS
    lexemes = [years.lexeme(y) for y in range(year, _year_of(top_day) + 1)]
    month = _month_of(day) + (first.day != 1)
    lexemes += [months.lexeme(m) for m in range(month, min(year * 12, _month_of(top_day) + 1))]
    week = -(-day // 7)  # the first week starting on or after `day`
    lexemes += [weeks.lexeme(w) for w in range(week, min(_week(_month_start(month)) + 1, _week(top_day) + 1))]
    return lexemes


def _restarts(year: int) -> tuple[int, ...]:
    """Where the steps start again for a query naming `year`: 1 January of it and of the next two.

    Its matches crowd into that year or the next (a date, the year's own documents, the next
    year's citing them), and which depends on the query: each year is entered a week at a time.
    """
    return tuple(date(y, 1, 1).toordinal() for y in (year + 2, year + 1, year) if 1 <= y <= 9999)


Step = tuple[list[str], int | None, int | None, bool]  # time lexemes, rowkey from, below, negated


# A full document number's matches in one query: ~0.15–0.25 s at a million items (measured),
# on a machine whose first step of such a query took ~25 ms; slower machines get more.
ONE_QUERY_BUDGET_MS = 300
ONE_QUERY_BUDGET_STEPS = 12  # …or this many times the first step's time, if that is more


def _within_budget(
    cursor: Any, ms: int, read: Callable[[], list[tuple[Any, ...]]]
) -> list[tuple[Any, ...]] | None:
    """read()'s rows, or None when it took longer than `ms` (cancelled, nothing else undone)."""
    try:
        with transaction.atomic():  # a savepoint: a cancelled statement aborts only it
            cursor.execute(f"SET LOCAL statement_timeout = {int(ms)}")
            rows = read()
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return rows
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            return None
        raise


class _Plan:
    """Which steps to run, each as one query: a step at a time, or several merged into one.

    A query over many lexemes (a document number: a dozen bigrams, most of them in nearly every
    item) costs the GIN index 20–40 ms at a million items however few rows it returns, so when
    its matches are sparse it paid that at each of twenty steps (大政发(2021)26号: 1.5 s for 119
    matches, where one query over everything takes 0.25 s). When the first step (a week: few
    rows) takes that long, the steps run so far in a region (above a restart, between two, below
    the last: _spans) give a rate of matches per item (items per day from the cached
    histogram), and the next query merges as many steps as that rate says the rest of the window
    needs: the whole rest of a region that has shown no match. Cheap queries (a common word:
    ~3 ms a step) keep stepping, which reads fewer rows. Merged steps keep their bounds: the
    results are the same either way.
    """

    MARGIN = 1.5  # merge until the expected matches exceed the rows still wanted this many times
    # Seconds: a first step this slow for few rows is the index's fixed cost (at 1M, 2020年's
    # title steps took 8 ms each and, under a 10 ms line, ran eighteen times finding nothing).
    COSTLY_STEP = 0.005

    def __init__(self, steps: list[Step], top: int, restarts: tuple[int, ...], want: int) -> None:
        self.steps, self.want = steps, want
        self.top_day = top >> 32
        # A region is numbered by how many restarts lie above its steps.
        self.region = [sum(low is None or low < r << 32 for r in restarts) for _, low, _, _ in steps]
        self.items_between = backend.items_counter()
        self.at = 0
        self.costly: bool | None = None  # set by the first step
        self.first_ms = 0
        self.found = self.covered = 0  # matches and items of the region's steps run so far
        self.running = 0  # items of the step being run

    def _items(self, step: Step) -> int:
        _, low, upper, _ = step
        last = self.top_day if upper is None else (upper >> 32) - 1  # bounds are whole days
        return self.items_between(0 if low is None else low >> 32, last)

    def record(self, found: int, seconds: float) -> None:
        if self.costly is None:  # slow, but not for a dense week's rows (一网通办: a phrase)
            self.costly = seconds >= self.COSTLY_STEP and found * 10 < self.want
            self.first_ms = round(seconds * 1000)
        self.found += found
        self.covered += self.running

    def everything_older(self) -> Step:
        """One step for all the steps not run yet (the caller then stops)."""
        return self._older_than(self.steps[self.at - 1][1] if self.at else None)

    def _older_than(self, upper: int | None) -> Step:
        # No time lexemes but the negated ones of what lies above: GIN leaves those out.
        return _newer(upper >> 32, self.top_day) if upper is not None else [], None, upper, True

    def next(self, wanted: int) -> Step | None:
        i = self.at
        if wanted <= 0 or i >= len(self.steps):
            return None
        if i > 0 and self.region[i] != self.region[i - 1]:
            self.found = self.covered = 0
        last, self.running = i, self._items(self.steps[i])
        if self.costly and self.covered:  # a region's first step runs alone: it gives the rate
            rate, expected = self.found / self.covered, 0.0
            while last + 1 < len(self.steps) and self.region[last + 1] == self.region[i]:
                expected += rate * self._items(self.steps[last])
                if expected >= self.MARGIN * wanted:
                    break
                last += 1
                self.running += self._items(self.steps[last])
        self.at = last + 1
        if last == i:
            return self.steps[i]
        merged = self.steps[i : last + 1]
        if last == len(self.steps) - 1:  # through the last step: everything older
            return self._older_than(merged[0][2])
        return [x for lexemes, _, _, _ in merged for x in lexemes], merged[-1][1], merged[0][2], False


def window(query: Query, f: Filters, size: int) -> list[WindowRow]:
    rows = _stepped(
        "e.document_id, e.rowkey, e.summary, e.keywords, e.organization_code, e.organization_name, "
        # JSON as text: the facets tuple is counted as a dict key (backend._facet_rows).
        "e.genre, e.genre_name, e.year, e.validity, e.validity_name, e.subjects::text, e.subject_names::text",
        "tsv",
        query,
        f,
        size,
    )
    return [
        WindowRow(r[0], r[1], location_score(query.terms, r[2], r[3]), tuple(r[4:]))  # type: ignore[arg-type]
        for r in rows
    ]


def title_window(query: Query, f: Filters, size: int) -> list[tuple[int, int, float]]:
    rows = _stepped(
        "e.document_id, e.rowkey, ts_rank(e.title_tsv, %(q_all)s::tsquery)", "title_tsv", query, f, size
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
    lexemes = [*_filter_lexemes(f), _lexeme(f"~w{week}")]
    for term in query.terms:
        match = ngrams.term_match(term)
        lexemes += [_lexeme(n) for n in match.tokens]
        lexemes += _phrase_lexemes(match.phrase) if match.phrase is not None else []
    with transaction.atomic(), connection.cursor() as cursor:
        _bitmap_scans_only(cursor)
        cursor.execute(
            "SELECT count(*) FROM search_entry e WHERE e.tsv @@ %s::tsquery", [" & ".join(lexemes)]
        )
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
