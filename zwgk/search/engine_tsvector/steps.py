"""The newest matches, a span of time at a time: weeks, then months, then years back from the
newest item (_spans), costly steps merged (_Plan), everything older tried at once within a budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled

from zwgk.search import backend, ngrams
from zwgk.search.backend import Filters, named_years
from zwgk.search.engine_tsvector.tsquery import (
    _bitmap_scans_only,
    _filter_lexemes,
    _filters,
    _overflow_matches,
    _terms,
    gin_keys,
    has_positions,
    loose_lexemes,
)
from zwgk.search.normalise import Query

# Steps going back from the newest item: 7 weeks, 14 months, 15 years, then the rest at once.
SPAN_STEPS = {"week": (1, 2, 4), "month": (2, 4, 8), "year": (1, 2, 4, 8)}


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


def _spans(
    top: int, restarts: tuple[int, ...] = (), floor: int = 1
) -> list[tuple[list[str], int, int | None]]:
    """(time lexemes, lowest rowkey, rowkey bound above) per step, newest first, from rowkey `top`.

    Weeks, then months, then years (SPAN_STEPS), each step twice the last, so no step names more
    than eight lexemes: a tsquery is evaluated per candidate item and its cost grows with its
    lexemes (256 weeks OR-ed together cost ~90 ms where one costs ~4). The first month and the
    first year also hold days a finer step already covered; the rowkey bounds leave them out.

    `restarts` (day ordinals) are where matches are expected to crowd below: no step reaches
    across one, and from each the steps start again at one week. A query naming a year has most of its
    matches in that year and the next; a four-year step reaching into them read every one
    (2020年: 41,789 at 200k items, 0.8 s), where a week or two of them fill the window.
    The steps end at day `floor` (a year filter's 1 January: nothing older can match).
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
        if max(7, floor) < restart <= day:
            day_below = schedule(day, restart)
            if day_below is None:
                return spans
            day = day_below
    if day >= floor:
        schedule(day, floor)
    return spans


def _stepped(
    select: str,
    column: str,
    query: Query,
    f: Filters,
    need: int,
    *,
    below: int | None = None,
    rare: bool = False,
    params: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """The newest `need` rows matching, collected a span of time at a time (see _spans).

    Each step asks the GIN index for the terms AND the filters AND the step's time lexemes, so
    only the matches of that span are read (and, for phrases, only the newest few rechecked:
    _Rechecks); steps stop once `need` rows are found. The
    last step takes everything older (by then the matches are few, or the query would have
    stopped). A query naming a year enters that year and the two after it a week at a time
    (_restarts). Costly queries merge steps by the rate of matches seen (_Plan), and a query
    whose newest week held nothing first tries everything in one query within a time budget
    (ONE_QUERY_BUDGET_MS); below a window of matches only if the caller expects few (`rare`).
    `select` is the column list on `e`; rows come newest first.
    """
    params = dict(params or {})
    params["q_all"] = _terms(query)
    filter_lexemes = _filter_lexemes(f)
    base = " & ".join([f"({params['q_all']})", *filter_lexemes])
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
        floor = 1
        if f.year is not None and 1 <= f.year < 9999:
            # Step back from the end of the filtered year to its start, not through other years.
            top = min(top, (date(f.year + 1, 1, 1).toordinal() << 32) - 1)
            floor = date(f.year, 1, 1).toordinal()
            if top >> 32 < floor:
                return []
        _bitmap_scans_only(cursor)
        rows: list[tuple[Any, ...]] = []
        years = named_years(query)
        restarts = _restarts(years[0]) if years else ()
        spans = _spans(top, restarts, floor)
        oldest = spans[-1][1] if spans else None
        # The last step: everything older, without the years the year steps covered (few matches
        # by then, or none; undated items carry no year). None below a filtered year.
        newer_years = [x for lexemes, _, _ in spans for x in lexemes if x.startswith("~y")]
        steps = [(x, lo, up, False) for x, lo, up in spans]
        if floor == 1:
            steps.append((newer_years, None, oldest, True))
        plan = _Plan(steps, top, restarts, need)
        # Without positions GIN answers exactly. Time and filters first: GIN takes the scan keys
        # in order, and starting from a rare one skips the most (a week's title step: 1.7 → 0.2 ms).
        positionless = [*filter_lexemes, *loose_lexemes(query)]
        phrases = has_positions(query)  # once: every step asks

        def matched(test: str) -> str:
            if extra:
                # Items matched through an overflow chunk carry no time lexemes: the bounds decide.
                return f"({test} OR e.document_id = ANY(%(extra)s))"
            return test

        def bounds(low: int | None, upper: int | None) -> str:
            return (f" AND e.rowkey >= {int(low)}" if low is not None else "") + (
                f" AND e.rowkey < {int(upper)}" if upper is not None else ""
            )

        rechecks = _Rechecks(cursor, select, where, params, bounds)

        def run(step: Step) -> list[tuple[Any, ...]]:
            times, low, upper, negated = step
            either = " | ".join(f"'{x}'" for x in times)
            if not times:
                keys = positionless
            elif negated:
                # A key of negations alone would have GIN read every entry: they go with the terms.
                keys = [" & ".join([*positionless, f"!({either})"])]
            else:
                keys = [f"({either})", *positionless]
            listing = matched(gin_keys(column, keys, params))
            params["need"] = need - len(rows)
            if not phrases:
                cursor.execute(
                    f"SELECT {select} FROM search_entry e WHERE {listing}"
                    f"{bounds(low, upper)} {where} ORDER BY e.rowkey DESC LIMIT %(need)s",
                    params,
                )
                return cursor.fetchall()  # type: ignore[no-any-return]
            params["q_step"] = base + (f" & {'!' if negated else ''}({either})" if times else "")
            # The same test as the operator, but not indexable: the planner cannot answer it by
            # scanning GIN again (which would recheck every candidate of the step).
            recheck = matched(f"ts_match_vq(e.{column}, %(q_step)s::tsquery)")
            return rechecks.newest_exact(listing, recheck, low, upper)

        while (step := plan.next(need - len(rows))) is not None:
            started = time.perf_counter()
            found = run(step)
            plan.record(len(found), time.perf_counter() - started)
            rows += found
            if plan.at == 1 and not rows and (below is None or rare) and _one_query_first(query):
                # Nothing in the newest week: most such queries (a full document number, a rare
                # word) have few matches anywhere, which one query reads at the index's fixed
                # cost once instead of at each of some twenty steps. Tried within a budget; past
                # it, the steps go on. Not below a window of matches: its first step is what is
                # left of a week, and the matches just above say the query is not rare (甘井子区's
                # older titles: 8,232 read at once, 35 ms).
                budget = max(ONE_QUERY_BUDGET_MS, ONE_QUERY_BUDGET_STEPS * plan.first_ms)
                rest = _within_budget(cursor, budget, lambda: run(plan.everything_older()))
                if rest is not None:
                    rows += rest
                    break  # nothing older is left
    return rows


CANDIDATES_OVER = 1.15  # candidates rechecked per row still wanted, over the share that held
KEYS_PER_BATCH = 8  # keys listed at once, in batches of rechecks: each listing repeats the GIN scan


@dataclass
class _Rechecks:
    """One query's phrase rechecks: the statement's parts, and how many candidates held so far.

    GIN keeps no positions: a phrase's candidates are rechecked by de-TOASTing their tsvector
    (~30 µs each), and a bitmap scan rechecks every candidate of the step before the newest are
    sorted out (2,369 rows for 1,000 wanted, 78 ms; the same lexemes without `<->` took 4 ms).
    So a step's candidates are listed without positions first (nothing rechecked), newest
    first, and only as many as are expected to hold the phrases are rechecked (`batch`).
    """

    cursor: Any
    select: str
    where: str
    params: dict[str, Any]
    bounds: Callable[[int | None, int | None], str]
    held: int = 0
    checked: int = 0

    def batch(self, wanted: int) -> int:
        """Candidates to recheck for `wanted` rows, by the share that held so far.

        Where half of them do (医疗保障 长期护理), a first batch of the rows wanted plus 15 %
        found half of them, and the next, twice as large, rechecked hundreds more than needed
        (2,358 rechecked for 1,000 rows).
        """
        share = self.held / self.checked if self.checked else 1.0
        return int(wanted / max(share, 0.05) * CANDIDATES_OVER) + 8

    def newest_exact(
        self, listing: str, recheck: str, low: int | None, upper: int | None
    ) -> list[tuple[Any, ...]]:
        """The newest `need` rows of a step (`listing` without positions, then `recheck`)."""
        cursor, params = self.cursor, self.params
        found: list[tuple[Any, ...]] = []
        wanted = int(params["need"])
        batch = self.batch(wanted)
        while True:
            params["listed"] = listed = batch * KEYS_PER_BATCH
            cursor.execute(
                f"SELECT e.rowkey FROM search_entry e WHERE {listing}{self.bounds(low, upper)} "
                f"{self.where} ORDER BY e.rowkey DESC LIMIT %(listed)s",
                params,
            )
            keys = [r[0] for r in cursor.fetchall()]
            at = 0
            while at < len(keys):
                params["keys"], params["need"] = keys[at : at + batch], wanted - len(found)
                cursor.execute(
                    f"SELECT {self.select} FROM search_entry e WHERE e.rowkey = ANY(%(keys)s) "
                    f"AND {recheck} ORDER BY e.rowkey DESC LIMIT %(need)s",
                    params,
                )
                rows = cursor.fetchall()
                found += rows
                self.held, self.checked = self.held + len(rows), self.checked + len(params["keys"])
                if len(found) >= wanted:
                    return found
                # At least twice the last: where few hold (a suggestion's exists(), need 1),
                # batches sized by the share alone stayed small: 147 round trips, 0.5 s.
                at, batch = at + batch, max(self.batch(wanted - len(found)), batch * 2)
            if len(keys) < listed:
                return found
            upper = keys[-1]


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
    item) cost the GIN index 20–40 ms at a million items however few rows it returned while the
    rows lay in source order (bulk.cluster_by_rowkey: in publication order a week's step costs
    ~1 ms), so when its matches are sparse it paid that at each of twenty steps (大政发(2021)26号:
    1.5 s for 119 matches, where one query over everything took 0.25 s). When the first step (a week: few
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
