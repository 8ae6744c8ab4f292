"""search_documents: exact matching rules, ranking, facets, pagination, safe input (both databases)."""

from datetime import date

import pytest
from django.db import transaction

from zwgk.core.errors import ValidationFailed
from zwgk.search import backend
from zwgk.search.index import IndexEntry, index_remove, index_upsert, index_upsert_many
from zwgk.search.normalise import parse_query
from zwgk.search.query import search_documents


def entry(document_id, title, **fields):
    defaults = {
        "organization_code": "dl-sfj",
        "organization_name": "大连市司法局",
        "published_on": date(2024, 1, 1),
        "url": f"/documents/{document_id}/",
    }
    return IndexEntry(document_id=document_id, title=title, **{**defaults, **fields})


def ids(q, **kwargs):
    return {h.document_id for h in search_documents(q, page_size=100, **kwargs).hits}


@pytest.fixture
def docs(db):
    index_upsert_many(
        [
            entry(1, "大连市人民政府关于印发公领工作方案的通知", doc_no="大政公领发〔2020〕1号"),
            entry(2, "关于公领工作的补充通知", doc_no="大政公领发〔2020〕11号"),
            entry(3, "COVID-19疫苗接种工作安排", body_text="全市建成5G基站1200个，PM2.5浓度下降。"),
            entry(4, "Open Data 开放数据目录", body_text="data is open"),
            entry(5, "关于做好放管服改革工作的通知", summary="深化放管服改革，优化营商环境。"),
            entry(6, "市场主体登记办法", body_text="放管服" * 30, published_on=date(2025, 6, 1)),
        ]
    )


@pytest.mark.parametrize(
    "q",
    [
        "大政公领发〔2020〕1号",
        "大政公领发[2020]1号",
        "大政公领发(2020)1号",
        "大政公领发（2020）1号",
        "大政公领发【2020】1号",
    ],
)
def test_document_number_matches_with_any_bracket_variant(docs, q):
    assert ids(q) == {1}  # 〔2020〕11号 does not contain 〔2020〕1号


def test_document_number_prefix_finds_all_numbers_of_the_year(docs):
    assert ids("大政公领发[2020]") == {1, 2}


@pytest.mark.parametrize(
    "q, expected", [("COVID-19", {3}), ("5G基站", {3}), ("pm2.5", {3}), ("covid-19疫苗", {3})]
)
def test_mixed_chinese_latin_and_digits(docs, q, expected):
    assert ids(q) == expected


def test_quoted_phrase_is_exact_and_separate_words_are_all_required(docs):
    assert ids('"open data"') == {4}
    assert ids("data open") == {4}
    assert ids('"data open"') == set()
    assert ids("放管服 营商环境") == {5}
    assert ids("放管服 量子计算") == set()


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "*",
        "NEAR(",
        "NEAR(a b)",
        "AND",
        "OR NOT",
        "--",
        "'; DROP TABLE search_entry; --",
        '"放管服',
        "放管服*",
        "^放管服",
        "{title}: 放管服",
        "col:放管服",
        "a:*",
        "'':*",
        "<->",
        "!!",
        "&|",
        "😀",
        "放管服😀",
        "\\",
        "\x00",
        "\u202e",
        "税" * 5000,
        "放管服 " * 2000,
        "%",
        "_",
        "％放管服％",
    ],
)
def test_any_input_is_safe(docs, q):
    result = search_documents(q)
    assert result.count >= 0


def test_title_matches_rank_first(docs):
    hits = search_documents("放管服").hits
    assert [h.document_id for h in hits][:1] == [5]  # title match beats 30 body mentions
    assert hits[0].in_title and not hits[-1].in_title


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        # Titles 9 and 8 lie in the ranked window, 5 and 2 below it: all four come first.
        (4, [9, 8, 5, 2, 10, 7, 6, 4, 3, 1]),
        # Only the newest three title matches are ranked; 2 follows in date order past the window.
        (3, [9, 8, 5, 10, 7, 6, 4, 3, 2, 1]),
    ],
)
def test_title_matches_below_the_ranked_window_still_come_first(db, monkeypatch, window, expected):
    monkeypatch.setattr(backend, "RANK_WINDOW", window)
    index_upsert_many(
        [
            entry(
                i,
                f"关于海洋牧场第{i}期的通知" if i in (2, 5, 8, 9) else f"第{i}期通知",
                body_text="推进海洋牧场建设",
                published_on=date(2010 + i, 3, 1),
            )
            for i in range(1, 11)
        ]
    )
    got = [
        h.document_id
        for page in (1, 2, 3, 4)
        for h in search_documents("海洋牧场", page=page, page_size=3).hits
    ]
    assert got == expected


def test_a_window_holding_every_match_needs_no_title_query(docs, monkeypatch):
    # The title matches are among the window's rows: looking for older ones would walk every year.
    def no_title_query(*args, **kwargs):
        raise AssertionError("title_window called")

    monkeypatch.setattr(backend.engine(), "title_window", no_title_query)
    hits = search_documents("放管服").hits
    assert [(h.document_id, h.in_title) for h in hits] == [(5, True), (6, False)]


def test_summary_and_keyword_matches_rank_above_body_only_ones(db):
    index_upsert_many(
        [
            entry(20, "通知一", body_text="推进智慧港口建设", published_on=date(2025, 5, 1)),
            entry(21, "通知二", summary="智慧港口建设方案", published_on=date(2024, 5, 1)),
            entry(22, "通知三", keywords=("智慧港口",), body_text="建设", published_on=date(2023, 5, 1)),
            entry(23, "通知四", summary="智慧", keywords=("港口",), published_on=date(2022, 5, 1)),
        ]
    )
    # Every term in the summary or keywords first (newest first among them), then the rest.
    assert [h.document_id for h in search_documents("智慧港口 建设").hits] == [21, 20, 22]
    assert [h.document_id for h in search_documents("智慧 港口").hits] == [21, 22, 23, 20]


def test_newest_first(docs):
    assert [h.document_id for h in search_documents("放管服", sort="newest").hits] == [6, 5]


def test_published_item_is_searchable_and_withdrawn_one_gone_in_the_same_transaction(db):
    with transaction.atomic():
        index_upsert(entry(10, "关于海洋牧场建设的意见"))
        assert ids("海洋牧场") == {10}
        index_remove(10)
        assert ids("海洋牧场") == set()


def test_replacing_an_item_replaces_its_words(db):
    index_upsert(entry(11, "关于旧标题的通知"))
    index_upsert(entry(11, "关于新标题的通知"))
    assert ids("旧标题") == set()
    assert ids("新标题") == {11}


def test_highlight_escapes_html_and_marks_matches(db):
    index_upsert(entry(12, "<script>alert(1)</script> 放管服 〔2020〕", body_text="前文<b>放管服</b>后文"))
    hit = search_documents("放管服 (2020)").hits[0]
    assert "<script>" not in hit.title_highlight and "&lt;script&gt;" in hit.title_highlight
    # Enclosing brackets are not part of a term: (2020) searches for 2020.
    assert "<mark>放管服</mark>" in hit.title_highlight and "〔<mark>2020</mark>〕" in hit.title_highlight
    assert "&lt;b&gt;<mark>放管服</mark>&lt;/b&gt;" in hit.highlight


def test_facet_counts_and_filters(db):
    index_upsert_many(
        [
            entry(
                20,
                "养老服务补贴办法",
                organization_code="dl-mzj",
                organization_name="大连市民政局",
                genre="measures",
                genre_name="办法",
                subjects=("mz",),
                subject_names=("民政",),
                published_on=date(2023, 5, 1),
                validity="in_force",
                validity_name="有效",
            ),
            entry(
                21,
                "养老服务机构管理规定",
                organization_code="dl-mzj",
                organization_name="大连市民政局",
                genre="provisions",
                genre_name="规定",
                subjects=("mz", "ws"),
                subject_names=("民政", "卫生"),
                published_on=date(2024, 5, 1),
                validity="in_force",
                validity_name="有效",
            ),
            entry(
                22,
                "养老服务专项资金通知",
                organization_code="dl-czj",
                organization_name="大连市财政局",
                genre="notice",
                genre_name="通知",
                subjects=("cz",),
                subject_names=("财政",),
                published_on=date(2024, 7, 1),
                validity="expired",
                validity_name="失效",
            ),
        ]
    )
    result = search_documents("养老服务")
    assert result.count == 3
    assert result.facets["organization"] == [("dl-mzj", 2), ("dl-czj", 1)]
    assert result.facets["year"] == [("2024", 2), ("2023", 1)]
    assert dict(result.facets["subject"]) == {"mz": 2, "ws": 1, "cz": 1}
    assert result.labels["organization"]["dl-mzj"] == "大连市民政局"
    assert result.labels["subject"]["ws"] == "卫生"
    assert ids("养老服务", organization="dl-mzj") == {20, 21}
    assert ids("养老服务", subject="ws") == {21}
    assert ids("养老服务", year=2024, validity="in_force") == {21}
    assert ids("养老服务", year="not a year") == {20, 21, 22}  # a malformed filter is ignored


def test_deep_pages_are_refused_and_page_size_is_capped(docs):
    with pytest.raises(ValidationFailed) as exc:
        search_documents("放管服", page=10_000 // 20 + 1)
    assert exc.value.code == "page_too_deep"
    assert search_documents("放管服", page_size=10_000).page_size == 100


def test_pages_beyond_the_ranked_window_continue_newest_first(db, monkeypatch):
    monkeypatch.setattr(backend, "RANK_WINDOW", 5)
    index_upsert_many(
        [
            entry(
                100 + i,
                f"第{i}号通知" if i % 7 == 0 else f"文件{i}",
                body_text="港口物流",
                published_on=date(2020, 1, 1 + i),
            )
            for i in range(23)
        ]
    )
    seen = []
    for page in range(1, 6):
        result = search_documents("港口物流", page=page, page_size=5)
        seen += [h.document_id for h in result.hits]
    assert result.count == 23 and not result.count_exact  # estimated, and right for evenly spread items
    assert sorted(seen) == list(range(100, 123))  # every match once, none twice
    assert not search_documents("港口物流").facets_exact


def test_counts_beyond_the_window_are_estimated_from_the_span_it_covers(db, monkeypatch):
    monkeypatch.setattr(backend, "RANK_WINDOW", 2)
    index_upsert_many(
        [
            entry(200 + i, f"港口通知{i}" if i % 2 == 0 else f"其他{i}", published_on=date(2021, 3, 1 + i))
            for i in range(12)
        ]
    )
    result = search_documents("港口")
    # The 2 newest matches (days 11 and 9) span the 4 newest of 12 items: about 2 × 12 / 4.
    assert result.count == 6 and not result.count_exact
    assert [h.document_id for h in result.hits] and len(result.hits) == 6


def test_very_long_bodies_are_searchable_to_the_end(db):
    # PostgreSQL keeps tsvector positions up to 16,383; the rest of the body goes to overflow chunks.
    body = "各部门要认真贯彻执行。" * 4000 + "海底隧道" + "。" * 10
    index_upsert(entry(30, "长文件", body_text=body))
    assert ids("海底隧道") == {30}
    assert ids("海底隧道 贯彻执行") == {30}
    index_upsert(entry(30, "长文件", body_text="短正文"))
    assert ids("海底隧道") == set()


def test_empty_result_suggests_broader_queries(docs):
    result = search_documents("放管服 量子计算")
    assert result.count == 0
    assert "放管服" in result.suggestions
    segmented = search_documents("公领工作补充材料")
    assert segmented.count == 0 and segmented.suggestions  # cut into words that do occur


def test_suggestions_stop_checking_when_their_time_is_up(docs, monkeypatch):
    from zwgk.search import query

    monkeypatch.setattr(query, "SUGGEST_SECONDS", 0.0)
    # The first candidate (without 放管服) finds nothing; there is no time for the next one.
    assert search_documents("放管服 量子计算").suggestions == []
    monkeypatch.setattr(query, "SUGGEST_SECONDS", 60.0)
    assert "放管服" in search_documents("放管服 量子计算").suggestions


def test_exists_finds_the_newest_match_within_the_filters(docs):
    assert backend.exists(parse_query("放管服"), backend.Filters())
    assert not backend.exists(parse_query("放管服"), backend.Filters(organization="no-such-agency"))
    assert not backend.exists(parse_query("量子计算"), backend.Filters())


def test_terms_with_long_inner_separators_are_exact(docs):
    # Punctuation is in the bigrams too: 。、 and 。， are different phrases.
    index_upsert(entry(40, "甲。、乙方案", body_text="甲。、乙"))
    index_upsert(entry(41, "甲。，乙方案", body_text="甲。，乙"))
    assert ids("甲。、乙") == {40}


def test_counts_beyond_the_window_are_estimated_from_sampled_weeks(db, monkeypatch):
    monkeypatch.setattr(backend, "RANK_WINDOW", 2)
    index_upsert_many(
        [
            entry(300 + i, f"港口通知{i}" if i % 2 else f"其他{i}", published_on=date(2022, 1, 1 + i))
            for i in range(20)
        ]
    )
    result = search_documents("港口")
    assert result.count == 10 and not result.count_exact  # every other item, and so every other day


def test_recent_matches_are_not_spread_over_the_whole_library(db, monkeypatch):
    """Documents numbered in this year's series: all recent, none in the older weeks sampled."""
    monkeypatch.setattr(backend, "RANK_WINDOW", 5)
    start = date(2025, 1, 1).toordinal()
    index_upsert_many(
        [
            entry(
                400 + i,
                "关于印发方案的通知",
                doc_no=f"大政发〔2025〕{i}号" if i >= 170 else f"大政发〔{2019 + i // 40}〕{i}号",
                published_on=date.fromordinal(start + i),
            )
            for i in range(200)
        ]
    )
    result = search_documents("大政发〔2025〕")
    # 30 matches; spreading the window's rate (5 in 5 days) over 200 days would say 200.
    assert not result.count_exact and 15 <= result.count <= 60


def test_the_worker_keeps_the_day_histogram_so_queries_do_not_count(db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zwgk.core import schedule
    from zwgk.search import tasks

    assert schedule.JOBS["search.refresh_days"].task is tasks.refresh_days
    monkeypatch.setattr(backend, "RANK_WINDOW", 2)
    index_upsert_many([entry(500 + i, f"港口通知{i}", published_on=date(2022, 1, 1 + i)) for i in range(6)])
    assert tasks.refresh_days.call() == 6  # what the worker runs
    with CaptureQueriesContext(connection) as captured:
        result = search_documents("港口")
    assert result.count == 6 and not result.count_exact
    assert not any("GROUP BY" in q["sql"] for q in captured.captured_queries)


def test_a_document_number_of_a_year_is_estimated_from_that_year(db, monkeypatch):
    """大政发〔2021〕 matches crowd into 2021: evenly spread weeks would miss them (old: 约 5)."""
    monkeypatch.setattr(backend, "RANK_WINDOW", 5)
    start = date(2014, 1, 1).toordinal()
    days = [date.fromordinal(start + 7 * i) for i in range(520)]  # one item a week, 2014–2023
    index_upsert_many(
        [
            entry(1000 + i, "关于印发方案的通知", doc_no=f"大政发〔{day.year}〕{i}号", published_on=day)
            for i, day in enumerate(days)
        ]
    )
    truth = sum(1 for day in days if day.year == 2021)
    result = search_documents("大政发〔2021〕")
    assert not result.count_exact
    assert 0.8 * truth <= result.count <= 1.2 * truth
    # Without a year in the query the estimate is unchanged: evenly spread weeks.
    assert search_documents("关于印发").count == 520


def test_a_whole_document_number_cited_widely_is_estimated_from_its_year(db, monkeypatch):
    """大政发〔2021〕5号 is one token (tokens v5); the estimate still reads its year out of it."""
    monkeypatch.setattr(backend, "RANK_WINDOW", 5)
    start = date(2014, 1, 1).toordinal()
    days = [date.fromordinal(start + 7 * i) for i in range(520)]  # one item a week, 2014–2023
    index_upsert_many(
        [
            entry(
                3000 + i,
                "关于落实工作的通知",
                body_text="根据《大政发〔2021〕5号》文件精神" if day.year == 2021 else "另行通知",
                published_on=day,
            )
            for i, day in enumerate(days)
        ]
    )
    truth = sum(1 for day in days if day.year == 2021)
    result = search_documents("大政发〔2021〕5号")
    assert not result.count_exact
    assert 0.8 * truth <= result.count <= 1.2 * truth
