"""The search result cache (result_cache, decision 0039): exact after every write, kept across
writes its query does not find (both databases; no timing)."""

from datetime import date

import pytest
from django.core.cache import cache

from zwgk.search import result_cache
from zwgk.search.index import IndexEntry, index_remove, index_upsert, index_upsert_many
from zwgk.search.query import search_documents


def entry(document_id, title, **fields):
    defaults = {
        "organization_code": "dl-jyj",
        "organization_name": "大连市教育局",
        "published_on": date(2025, 3, 1),
        "url": f"/documents/{document_id}/",
    }
    return IndexEntry(document_id=document_id, title=title, **{**defaults, **fields})


def found(q, **kwargs):
    result = search_documents(q, page_size=100, **kwargs)
    return {h.document_id for h in result.hits}, result.cache


@pytest.fixture
def docs(db):
    index_upsert_many(
        [
            entry(1, "关于做好义务教育招生工作的通知", body_text="义务教育阶段学校招生入学。"),
            entry(2, "大连市学前教育发展规划", summary="普惠性幼儿园建设。"),
            entry(3, "关于加强安全生产工作的意见", organization_code="dl-yjj", body_text="安全生产责任。"),
        ]
    )


def test_a_repeated_query_is_answered_from_the_cache(docs):
    assert found("教育") == ({1, 2}, "miss")
    assert found("教育") == ({1, 2}, "hit")


def test_a_published_item_the_query_finds_is_listed_at_once(docs):
    found("教育")
    index_upsert(entry(4, "职业教育改革实施方案"))
    assert found("教育") == ({1, 2, 4}, "miss")


def test_a_withdrawn_item_is_gone_at_once(docs):
    found("教育")
    index_remove(2)
    assert found("教育") == ({1}, "miss")


def test_an_item_edited_so_it_no_longer_matches_is_gone_at_once(docs):
    found("学前")
    index_upsert(entry(2, "大连市幼儿园发展规划", summary="普惠性幼儿园建设。"))
    assert found("学前") == (set(), "miss")


def test_an_edit_that_changes_what_a_hit_shows_is_shown_at_once(docs):
    assert search_documents("招生").hits[0].title == "关于做好义务教育招生工作的通知"
    index_upsert(entry(1, "关于做好2025年义务教育招生工作的通知", body_text="义务教育阶段学校招生入学。"))
    result = search_documents("招生")
    assert (result.hits[0].title, result.cache) == ("关于做好2025年义务教育招生工作的通知", "miss")


def test_a_publication_the_query_does_not_find_keeps_the_cached_result(docs):
    found("教育")
    index_upsert(entry(5, "关于开展防汛抗旱工作的通知", body_text="做好汛期值班。"))
    index_remove(3)
    assert found("教育") == ({1, 2}, "revalidated")
    assert found("教育") == ({1, 2}, "hit")  # stamped with the new generation


def test_every_term_must_be_found_for_a_publication_to_retire_a_result(docs):
    found("教育 招生")
    index_upsert(entry(6, "教育信息化建设方案"))  # 教育 but not 招生
    assert found("教育 招生") == ({1}, "revalidated")
    index_upsert(entry(7, "高中招生与教育评价"))
    assert found("教育 招生") == ({1, 7}, "miss")


def test_an_item_outside_the_filters_keeps_a_filtered_result(docs):
    assert found("工作", organization="dl-jyj") == ({1}, "miss")
    index_upsert(entry(8, "关于做好防汛工作的通知", organization_code="dl-yjj"))
    assert found("工作", organization="dl-jyj") == ({1}, "revalidated")
    assert found("工作")[0] == {1, 3, 8}
    index_upsert(entry(9, "关于做好校园安全工作的通知"))
    assert found("工作", organization="dl-jyj") == ({1, 9}, "miss")


@pytest.mark.parametrize(
    "filters, matching",
    [
        ({"year": 2025}, {"published_on": date(2025, 9, 1)}),
        ({"genre": "notice"}, {"genre": "notice"}),
        ({"subject": "jy"}, {"subjects": ("jy",), "subject_names": ("科技、教育",)}),
        ({"column": "zcwj"}, {"columns": ("zcwj",)}),
        ({"validity": "in_force"}, {"validity": "in_force"}),
    ],
)
def test_each_filter_decides_whether_a_publication_retires_a_result(docs, filters, matching):
    # Not empty: an empty result also keeps suggestions that ignore the filters.
    index_upsert(entry(20, "教育督导规定", **{"published_on": date(2025, 9, 1), **matching}))
    assert found("教育", **filters)[0] >= {20}
    index_upsert(entry(10, "职业教育改革方案", published_on=date(2024, 9, 1)))  # outside every filter
    assert found("教育", **filters)[1] == "revalidated"
    index_upsert(entry(11, "职业教育改革方案", **{"published_on": date(2025, 9, 1), **matching}))
    ids, how = found("教育", **filters)
    assert 11 in ids and 10 not in ids and how == "miss"


def test_a_query_matching_only_in_the_body_is_retired_by_a_body_change(docs):
    assert found("责任") == ({3}, "miss")
    index_upsert(entry(3, "关于加强安全生产工作的意见", organization_code="dl-yjj", body_text="安全生产。"))
    assert found("责任") == (set(), "miss")


def test_an_empty_result_is_recomputed_when_a_publication_may_change_its_suggestions(docs):
    empty = search_documents("招生 幼儿园")
    assert empty.count == 0 and empty.cache == "miss"
    index_upsert(entry(12, "关于开展防汛抗旱工作的通知"))  # holds no piece of either term
    assert search_documents("招生 幼儿园").cache == "revalidated"
    index_upsert(entry(13, "幼儿园收费标准"))  # finds 幼儿园: a suggestion may now find something
    again = search_documents("招生 幼儿园")
    assert again.cache == "miss" and again.count == 0


def test_a_bulk_write_retires_every_result(docs):
    found("教育")
    index_upsert_many(
        [entry(100 + i, f"防汛物资储备第{i}号公告") for i in range(result_cache.RECORD_MAX_ITEMS + 1)]
    )
    assert found("教育") == ({1, 2}, "miss")


def test_a_lost_change_record_means_recomputing(docs):
    found("教育")
    index_upsert(entry(14, "关于开展防汛抗旱工作的通知"))
    generation = result_cache.current()
    cache.delete(result_cache._record_key(generation.epoch, generation.value))  # evicted
    assert found("教育") == ({1, 2}, "miss")


def test_results_more_generations_behind_than_checked_are_recomputed(docs, monkeypatch):
    monkeypatch.setattr(result_cache, "MAX_SPAN", 1)
    found("教育")
    index_upsert(entry(15, "关于开展防汛抗旱工作的通知"))
    index_upsert(entry(16, "关于开展防台风工作的通知"))
    assert found("教育") == ({1, 2}, "miss")


def test_saving_something_not_indexed_changes_nothing(docs):
    before = result_cache.current()
    index_remove(999)  # a draft saved: never in the index
    assert result_cache.current() == before


def test_pages_sorts_and_page_sizes_are_cached_apart(docs):
    index_upsert_many([entry(200 + i, f"教育督导报告{i}") for i in range(5)])
    first = search_documents("教育", page_size=2)
    second = search_documents("教育", page=2, page_size=2)
    newest = search_documents("教育", sort="newest", page_size=2)
    assert {first.cache, second.cache, newest.cache} == {"miss"}
    assert [h.document_id for h in first.hits] != [h.document_id for h in second.hits]
    assert search_documents("教育", page=2, page_size=2).hits == second.hits


def test_queries_equal_after_normalisation_share_a_result(docs):
    found("教育")
    assert found("  教育 ")[1] == "hit"
    assert found("教育 教育")[1] == "hit"


def test_nothing_is_kept_in_the_process_between_requests(docs):
    """A second web process shares the database and the Django cache, nothing else: with the
    cache emptied (another machine's Redis, a restart) the answer is recomputed, equal."""
    first = found("教育")
    cache.clear()
    assert found("教育") == (first[0], "miss")
    # A write by another process reaches this one through the database's generation alone.
    index_upsert(entry(17, "特殊教育提升计划"))
    assert found("教育") == ({1, 2, 17}, "miss")


def test_the_search_page_is_rendered_again_after_any_index_write_from_a_kept_result(client, docs):
    first = client.get("/search/", {"q": "教育"})
    again = client.get("/search/", {"q": "教育"})
    index_upsert(entry(18, "关于开展防汛抗旱工作的通知"))  # not through the catalogue
    third = client.get("/search/", {"q": "教育"})
    assert (first["X-Page-Cache"], first["X-Search-Cache"]) == ("miss", "miss")
    assert again["X-Page-Cache"] == "hit"
    assert (third["X-Page-Cache"], third["X-Search-Cache"]) == ("miss", "revalidated")
    index_upsert(entry(19, "特殊教育提升计划"))
    assert "特殊<mark>教育</mark>提升计划" in client.get("/search/", {"q": "教育"}).content.decode()


def test_suggestions_cut_short_by_the_time_are_not_kept(docs, monkeypatch):
    from zwgk.search import query

    monkeypatch.setattr(query, "SUGGEST_SECONDS", 0.0)
    assert search_documents("教育 量子计算").suggestions == []
    monkeypatch.setattr(query, "SUGGEST_SECONDS", 60.0)
    again = search_documents("教育 量子计算")
    assert again.cache == "miss" and "教育" in again.suggestions
    assert search_documents("教育 量子计算").cache == "hit"
