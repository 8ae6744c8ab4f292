"""`zwgk search rebuild` from a registered source, and the portal's /search/ page."""

from datetime import date

import pytest
from django.core.management import call_command

from zwgk.search import index
from zwgk.search.index import IndexEntry, index_upsert, index_upsert_many
from zwgk.search.models import SearchEntry
from zwgk.search.query import search_documents


def _entry(i, title):
    return IndexEntry(
        document_id=i,
        organization_code="dl-mzj",
        organization_name="大连市民政局",
        title=title,
        published_on=date(2024, 3, i),
        url=f"/documents/{i}/",
    )


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(index, "_sources", {})
    live = {1: _entry(1, "关于养老服务补贴的通知"), 2: _entry(2, "关于临时救助的通知")}

    def batches():
        yield list(live.values())

    index.register_source(batches, count=lambda: len(live))
    return live


def test_rebuild_reindexes_in_place_and_drops_what_is_gone(db, source, capsys):
    index_upsert(_entry(1, "旧标题"))
    index_upsert(_entry(9, "已撤回的文件"))
    call_command("search", "rebuild")
    assert set(SearchEntry.objects.values_list("document_id", flat=True)) == {1, 2}
    assert search_documents("养老服务").count == 1
    assert search_documents("旧标题").count == 0
    assert search_documents("已撤回").count == 0
    assert "已索引 2 条" in capsys.readouterr().out


def test_rebuild_repairs_an_index_restored_out_of_step(db, source, capsys):
    """`loaddata` writes search_entry rows but none of the full-text structures beside them: on
    SQLite, replaying the tokens of such a row into a contentless table corrupted it."""
    index_upsert(_entry(1, "关于养老服务补贴的通知"))
    restored = {
        f.attname: getattr(SearchEntry.objects.get(pk=1), f.attname) for f in SearchEntry._meta.fields
    }
    index.index_remove(1)
    SearchEntry.objects.create(**restored)
    SearchEntry.objects.create(**{**restored, "document_id": 7, "rowkey": restored["rowkey"] + 7})
    call_command("search", "rebuild")
    assert set(SearchEntry.objects.values_list("document_id", flat=True)) == {1, 2}
    assert search_documents("养老服务").count == 1
    assert search_documents("临时救助").count == 1


def test_cluster_puts_the_index_in_publication_order(db, capsys):
    from django.db import connection

    # Published in one order, edited in another: the rows lie in the order of the last writes.
    index_upsert_many([_entry(i, f"关于第{i}项工作的通知") for i in (5, 1, 4, 2, 3)])
    index_upsert(_entry(2, "关于第2项工作的通知（修订）"))
    call_command("search", "cluster")
    out = capsys.readouterr().out
    if connection.vendor != "postgresql":
        assert "无需重排" in out
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_id FROM search_entry ORDER BY ctid")
        assert [r[0] for r in cursor.fetchall()] == [1, 2, 3, 4, 5]
    assert "已按发布日期重排" in out
    assert search_documents("修订").count == 1


@pytest.fixture
def indexed_docs(db):
    index_upsert_many([_entry(i, f"关于养老服务工作的通知（第{i}批）") for i in range(1, 26)])


def test_search_page_lists_results_with_count_facets_and_pages(client, indexed_docs):
    response = client.get("/search/", {"q": "养老服务"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' in html and "找到25条结果" in html
    assert "<mark>养老服务</mark>" in html
    assert 'href="?q=%E5%85%BB%E8%80%81%E6%9C%8D%E5%8A%A1&amp;organization=dl-mzj"' in html
    assert 'aria-label="分页"' in html and 'aria-current="page"' in html
    assert '<label for="search-q">' in html


def test_search_page_says_about_for_estimated_counts(client, indexed_docs, monkeypatch):
    from zwgk.search import backend

    monkeypatch.setattr(backend, "RANK_WINDOW", 10)
    html = client.get("/search/", {"q": "养老服务"}).content.decode()
    assert "找到约" in html and "条结果" in html


def test_search_page_offers_suggestions_when_nothing_is_found(client, indexed_docs):
    html = client.get("/search/", {"q": "养老服务 量子计算"}).content.decode()
    assert "没有找到" in html and "您是不是要找" in html and "养老服务" in html


@pytest.mark.parametrize("q", ["'; DROP TABLE search_entry; --", '"', "NEAR(", "😀" * 300, "x" * 5000])
def test_search_page_survives_any_input(client, indexed_docs, q):
    assert client.get("/search/", {"q": q}).status_code == 200


def test_search_page_refuses_deep_pages_politely(client, indexed_docs):
    response = client.get("/search/", {"q": "养老服务", "page": "100000"})
    assert response.status_code == 200
    assert "最多只能翻到" in response.content.decode()
