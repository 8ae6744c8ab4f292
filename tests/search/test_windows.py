"""The newest matches, collected a span of weeks at a time (PostgreSQL) or in rowid order (FTS5).

Items spread over sixteen years and some without a date: every page, sort and filter must equal
the order a plain sort of the brute-force matches gives.
"""

import random
from datetime import date, timedelta

import pytest
from django.db import connection

from zwgk.search import backend
from zwgk.search.engine_tsvector import _month_start, _newer, _spans, control_lexemes
from zwgk.search.index import IndexEntry, index_upsert_many
from zwgk.search.normalise import parse_query
from zwgk.search.query import search_documents


def test_spans_go_back_by_weeks_then_months_then_years():
    day = date(2026, 3, 15).toordinal()
    week = day // 7  # weeks are day ordinals // 7
    spans = _spans(day << 32 | 7)
    lexemes = [x for x, _, _ in spans]
    assert lexemes[:3] == [
        [f"~w{week}"],
        [f"~w{week - 1}", f"~w{week - 2}"],
        [f"~w{w}" for w in range(week - 3, week - 7, -1)],
    ]
    assert spans[0] == ([f"~w{week}"], (week * 7) << 32, None)
    first_uncovered = date.fromordinal((week - 6) * 7 - 1)  # the day before the weeks
    assert first_uncovered.month == 1 and lexemes[3] == ["~p202601", "~p202512"]
    assert lexemes[4] == ["~p202511", "~p202510", "~p202509", "~p202508"]
    assert spans[5][1] == date(2024, 12, 1).toordinal() << 32
    assert lexemes[6:] == [
        ["~y2024"],
        ["~y2023", "~y2022"],
        [f"~y{y}" for y in range(2021, 2017, -1)],
        [f"~y{y}" for y in range(2017, 2009, -1)],
    ]
    assert all(spans[i + 1][2] == spans[i][1] for i in range(len(spans) - 1))  # contiguous
    assert _spans(3) == []  # only undated items: everything is the last step


def test_spans_start_again_at_a_week_below_a_named_years_region():
    top = date(2026, 3, 15).toordinal() << 32 | 7
    restart = date(2022, 1, 1).toordinal()  # a query naming 2020: its matches crowd into 2019–2021
    spans = _spans(top, (restart,))
    assert all(spans[i + 1][2] == spans[i][1] for i in range(len(spans) - 1))  # contiguous
    # No step reaches across the restart: the one that would have (2023–2020) stops at it.
    assert (restart << 32) in [low for _, low, _ in spans]
    assert spans[:7] == _spans(top)[:7] and spans[7][0] == ["~y2023", "~y2022"]
    below = [i for i, (_, low, _) in enumerate(spans) if low < restart << 32]
    week = (restart - 1) // 7  # the week holding 31 December 2021 (it reaches into 2022)
    assert spans[below[0]] == ([f"~w{week}"], (week * 7) << 32, restart << 32)
    assert spans[below[0] + 1][0] == [f"~w{week - 1}", f"~w{week - 2}"]
    assert spans[-1][0] == [f"~y{y}" for y in range(2013, 2005, -1)]
    # A restart above the newest item changes nothing.
    assert _spans(top, (date(2027, 1, 1).toordinal(),)) == _spans(top)


def test_spans_stop_at_a_year_filters_first_day():
    top = date(2020, 12, 31).toordinal() << 32 | 7
    floor = date(2020, 1, 1).toordinal()
    for restarts in (
        (),
        (date(2021, 1, 1).toordinal(), date(2020, 1, 1).toordinal(), date(2019, 1, 1).toordinal()),
    ):
        spans = _spans(top, restarts, floor)
        assert all(spans[i + 1][2] == spans[i][1] for i in range(len(spans) - 1))  # contiguous
        assert spans[-1][1] == floor << 32 and all(low >= floor << 32 for _, low, _ in spans)
        assert not any(x.startswith("~y") and x != "~y2020" for lexemes, _, _ in spans for x in lexemes)
    assert _spans(top, (), date(2021, 1, 1).toordinal()) == []  # the newest item is older


def test_newer_lexemes_cover_only_days_from_the_bound_on():
    # What a merged "everything older" step leaves out must not hold a day below its bound, or
    # matches would be lost; and it should cover the rest (each week from the bound on).
    rnd = random.Random(3)
    for _ in range(2000):
        top = rnd.randrange(date(2000, 1, 1).toordinal(), date(2030, 1, 1).toordinal())
        day = rnd.randrange(top - 4000, top + 1)
        covered = set()
        for x in _newer(day, top):
            if x.startswith("~y"):
                a, b = date(int(x[2:]), 1, 1).toordinal(), date(int(x[2:]) + 1, 1, 1).toordinal()
            elif x.startswith("~p"):
                m = int(x[2:6]) * 12 + int(x[6:]) - 1
                a, b = _month_start(m), _month_start(m + 1)
            else:
                a, b = int(x[2:]) * 7, int(x[2:]) * 7 + 7
            assert a >= day, (day, top, x)
            covered.update(range(a, min(b, top + 1)))
        assert set(range(-(-day // 7) * 7, top + 1)) <= covered


def test_named_years_are_four_digit_years_of_their_own():
    years = backend.named_years(parse_query("2020年 大政发〔2021〕3号 12020 1800 2020"))
    assert years == [2021, 2020]
    assert backend.named_years(parse_query("海洋经济")) == []


def test_control_lexemes_name_the_week_and_every_facet_value():
    e = IndexEntry(
        document_id=1,
        organization_code="dl-jyj",
        title="t",
        genre="notice",
        validity="valid",
        subjects=("jy", "ws"),
        columns=("zcwj",),
        published_on=date(2024, 2, 29),
    )
    assert control_lexemes(e) == [
        f"~w{date(2024, 2, 29).toordinal() // 7}",
        "~p202402",
        "~y2024",
        "~o:dl-jyj",
        "~g:notice",
        "~v:valid",
        "~s:jy",
        "~s:ws",
        "~c:zcwj",
    ]
    assert control_lexemes(IndexEntry(document_id=2, organization_code="dl", title="t")) == [
        "~w0",
        "~o:dl",
    ]


@pytest.fixture
def spread(db):
    rnd = random.Random(5)
    items = []
    for i in range(1, 241):
        day = None if i % 40 == 0 else date(2010, 1, 1) + timedelta(days=rnd.randrange(16 * 365))
        word = "海洋经济" if i % 3 else "海洋牧场"
        items.append(
            IndexEntry(
                document_id=i,
                organization_code=rnd.choice(["dl", "dl-hyj"]),
                title=f"文件{i}",
                body_text=(f"关于{word}的若干措施" if rnd.random() < 0.8 else "其他事项")
                + (f"（{day.year}年）" if day else ""),
                published_on=day,
                genre="notice",
            )
        )
    index_upsert_many(items)
    return items


def _newest_first(items, word, **where):
    found = [e for e in items if word in e.body_text and all(getattr(e, k) == v for k, v in where.items())]
    found.sort(key=lambda e: ((e.published_on or date.min).toordinal(), e.document_id), reverse=True)
    return [e.document_id for e in found]


@pytest.mark.parametrize("window", [7, 1000])
def test_newest_pages_follow_publication_order_across_all_steps(spread, monkeypatch, window):
    monkeypatch.setattr(backend, "RANK_WINDOW", window)
    expected = _newest_first(spread, "海洋")
    got = []
    for page in range(1, 30):
        hits = search_documents("海洋", sort="newest", page=page, page_size=10).hits
        if not hits:
            break
        got += [h.document_id for h in hits]
    assert got == expected


@pytest.mark.parametrize("need", [3, 1000])
def test_a_named_year_keeps_publication_order(spread, need):
    # The steps start again below the year after 2015 (engine_tsvector._spans): nothing is lost
    # or repeated at the seam, whether the newest few or every match is wanted.
    expected = _newest_first(spread, "2015年")
    assert len(expected) > 10
    query = parse_query("2015年")
    got = backend.engine().newest(query, backend.Filters(), limit=need, offset=0)
    assert [doc for doc, _ in got] == expected[:need]
    below = got[-1][1]  # and on from there, as pages past the ranked window go
    rest = backend.engine().newest(query, backend.Filters(), limit=1000, offset=0, below=below)
    assert [doc for doc, _ in got + rest] == expected


@pytest.mark.parametrize("window", [7, 1000])
def test_filters_narrow_inside_the_index(spread, monkeypatch, window):
    monkeypatch.setattr(backend, "RANK_WINDOW", window)
    expected = _newest_first(spread, "海洋牧场", organization_code="dl-hyj")
    result = search_documents("海洋牧场", organization="dl-hyj", sort="newest", page_size=100)
    assert [h.document_id for h in result.hits] == expected
    year = 2013
    in_year = [
        i for i in _newest_first(spread, "海洋") if (d := spread[i - 1].published_on) and d.year == year
    ]
    assert [h.document_id for h in search_documents("海洋", year=year, page_size=100).hits] != []
    assert sorted(h.document_id for h in search_documents("海洋", year=year, page_size=100).hits) == sorted(
        in_year
    )


@pytest.mark.parametrize("keys_per_batch", [8, 1])
@pytest.mark.parametrize("need", [1, 10, 100])
def test_phrase_matches_in_one_dense_week_keep_their_order(db, monkeypatch, need, keys_per_batch):
    # Most items of the one week hold every bigram of 海洋经济 but not the phrase: the newest
    # phrase matches come out in order from among many candidates that are not. PostgreSQL
    # rechecks the candidates in growing batches (steps._Rechecks); with one batch's keys
    # listed at a time, it lists the next ones below the last it checked.
    from zwgk.search.engine_tsvector import steps

    monkeypatch.setattr(steps, "KEYS_PER_BATCH", keys_per_batch)
    items = [
        IndexEntry(
            document_id=i,
            organization_code="dl",
            title=f"文件{i}",
            body_text="发展海洋经济" if i % 5 == 0 else "海洋与南洋经贸、经济",
            published_on=date(2020, 1, 6) + timedelta(days=i // 50),  # one week: one step
        )
        for i in range(1, 201)
    ]
    index_upsert_many(items)
    expected = _newest_first(items, "海洋经济")
    got = backend.engine().newest(parse_query("海洋经济"), backend.Filters(), limit=need, offset=0)
    assert [doc for doc, _ in got] == expected[:need]


def test_rechecks_grow_geometrically_where_few_candidates_hold_the_phrase(db):
    # One in a hundred of the week's candidates holds the phrase: batches sized by that share
    # alone stayed small for one row wanted (a suggestion's exists()), one round trip each.
    items = [
        IndexEntry(
            document_id=i,
            organization_code="dl",
            title=f"文件{i}",
            body_text="发展海洋经济" if i == 1 else "海洋与南洋经贸、经济",
            published_on=date(2020, 1, 6) + timedelta(days=i % 7),
        )
        for i in range(1, 601)
    ]
    index_upsert_many(items)
    rechecks = []

    def count(execute, sql, params, many, context):
        rechecks.append("ts_match_vq" in sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        got = backend.engine().newest(parse_query("海洋经济"), backend.Filters(), limit=1, offset=0)
    assert [doc for doc, _ in got] == [1]
    assert sum(rechecks) <= 10 or connection.vendor != "postgresql"  # ~log2 of 600 (19 without)


def test_each_lexeme_is_a_scan_key_of_its_own_time_first(spread):
    # GIN walks one key's rarest lexeme over the whole library; separate keys leapfrog to the
    # step's rows (tsquery.gin_keys). The time key leads: GIN takes keys in order.
    from zwgk.search.engine_tsvector.tsquery import gin_keys

    params = {}
    assert gin_keys("tsv", ["'海洋'", "('~w1' | '~w2')"], params) == (
        "e.tsv @@ %(key0)s::tsquery AND e.tsv @@ %(key1)s::tsquery"
    )
    assert params == {"key0": "'海洋'", "key1": "('~w1' | '~w2')"}
    if connection.vendor != "postgresql":
        return
    listings = []

    def record(execute, sql, params, many, context):
        if "e.tsv @@ %(key0)s" in sql:
            listings.append(dict(params))  # the dict is reused by later steps
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        backend.engine().newest(
            parse_query("海洋经济"), backend.Filters(organization="dl"), limit=5, offset=0
        )
    first = listings[0]
    assert first["key0"].startswith("('~w") and first["key1"] == "'~o:dl'"
    assert [first[k] for k in ("key2", "key3", "key4")] == ["'海洋'", "'洋经'", "'经济'"]


def _all_newest(query, need):
    rows = backend.engine().newest(parse_query(query), backend.Filters(), limit=need, offset=0)
    return [doc for doc, _ in rows]


@pytest.mark.parametrize("one_query", ["answers", "runs out of time"])
@pytest.mark.parametrize("need", [1, 3, 1000])
def test_costly_queries_merge_steps_and_keep_the_order(spread, monkeypatch, one_query, need):
    from zwgk.search.engine_tsvector import steps

    # As if every step were slow: PostgreSQL's steps merge by the rate of matches, and a query
    # whose newest week holds nothing first tries everything older in one query (SQLite walks
    # rowids and has no steps: the same order is asserted there).
    monkeypatch.setattr(steps._Plan, "COSTLY_STEP", 0.0)
    tried = []
    within_budget = steps._within_budget

    def budgeted(cursor, ms, read):
        tried.append(ms)
        return None if one_query == "runs out of time" else within_budget(cursor, ms, read)

    # Patched where _stepped looks it up (steps), not the name the package re-exports.
    monkeypatch.setattr(steps, "_within_budget", budgeted)
    for word in ("2015年", "海洋牧场", "海洋"):
        assert _all_newest(word, need) == _newest_first(spread, word)[:need], word
    assert tried or connection.vendor != "postgresql"  # the one query was tried (and maybe cut off)


@pytest.mark.parametrize("rare", [False, True])
def test_below_a_window_an_empty_first_step_tries_everything_at_once_only_if_told(spread, monkeypatch, rare):
    # Below a window of matches the first step is what is left of a week: empty by chance, not
    # because the query is rare (older titles of 甘井子区: 8,232 read at once). The caller knows
    # better: no title among the window's matches makes the older ones rare.
    from zwgk.search.engine_tsvector import steps

    tried = []
    within_budget = steps._within_budget

    def budgeted(cursor, ms, read):
        tried.append(ms)
        return within_budget(cursor, ms, read)

    monkeypatch.setattr(steps, "_within_budget", budgeted)
    weeks = {e.published_on.toordinal() // 7 for e in spread if e.published_on}
    # Below a week with no item in it, and older items left to find.
    day = (
        7 * next(w for w in sorted(weeks, reverse=True)[1:] if w + 1 not in weeks and w + 2 not in weeks) + 14
    )
    below = day << 32
    query = parse_query("文件")
    expected = [
        e.document_id
        for e in sorted(spread, key=lambda e: ((e.published_on or date.min).toordinal(), e.document_id))[::-1]
        if (e.published_on.toordinal() if e.published_on else 0) < day
    ]
    got = backend.engine().title_window(query, backend.Filters(), 1000, below=below, rare=rare)
    assert [doc for doc, _, _ in got] == expected
    assert bool(tried) is (rare and connection.vendor == "postgresql")
    tried.clear()
    got = backend.engine().newest(query, backend.Filters(), limit=1000, offset=0, below=below)
    assert [doc for doc, _ in got] == expected and not tried


@pytest.mark.parametrize(
    ("q", "at_once"),
    [
        ("海洋", True),
        ("大政发〔2014〕86号", True),  # a whole number: few matches anywhere
        ("2020年", False),  # a year: its matches crowd into it, the steps reach them
        ("大政发〔2017〕", False),
        ("2021年 预算", False),
    ],
)
def test_only_queries_expected_to_be_rare_try_everything_at_once(q, at_once):
    from zwgk.search import engine_tsvector

    assert engine_tsvector._one_query_first(parse_query(q)) is at_once


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_a_query_over_its_budget_is_cancelled_and_the_transaction_goes_on(db):
    from django.db import transaction

    from zwgk.search.engine_tsvector import _within_budget

    with transaction.atomic(), connection.cursor() as cursor:

        def read(sql):
            cursor.execute(sql)
            return cursor.fetchall()

        assert _within_budget(cursor, 1, lambda: read("SELECT pg_sleep(0.2)")) is None
        assert _within_budget(cursor, 1000, lambda: read("SELECT 1")) == [(1,)]
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"  # the budget ends with the query
