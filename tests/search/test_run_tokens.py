"""Run tokens: short runs indexed whole, required by the terms that bound them (both databases)."""

from datetime import date
from importlib import import_module

from django.db import connection

from zwgk.search import ngrams
from zwgk.search.index import IndexEntry, index_upsert_many
from zwgk.search.query import search_documents


def test_run_tokens_index_short_runs_whole_and_once():
    text = "大政发[2020]1号，关于进一步加强管理工作的通知，大政发"
    assert ngrams.run_tokens(text) == ["#1号", "#2020", "#大政发"]  # the 13-character run is left out


def test_a_term_requires_the_runs_it_bounds_on_both_sides():
    assert ngrams.term_runs("大政发[2020]1号") == ("#2020",)
    assert ngrams.term_runs("[2020]") == ("#2020",)
    assert ngrams.term_runs("2020年") == ()  # the item's run may go on: "2020年度"
    assert ngrams.term_runs("发[2020") == ()
    assert ngrams.term_runs("a-b-c") == ()  # one-character runs
    assert ngrams.term_runs("《一二三四五六七八九》") == ()  # longer than MAX_RUN


def _entry(document_id, title, doc_no="", body=""):
    return IndexEntry(
        document_id=document_id,
        organization_code="dl",
        title=title,
        doc_no=doc_no,
        body_text=body,
        published_on=date(2025, 3, 1),
    )


def _ids(q):
    return {h.document_id for h in search_documents(q, page_size=50).hits}


def test_a_year_inside_a_longer_run_does_not_satisfy_a_bracketed_year(db):
    index_upsert_many(
        [
            _entry(1, "关于印发方案的通知", doc_no="大政发〔2020〕1号"),
            _entry(2, "大政发文件汇编", body="2020年度工作总结，大政发〔2021〕3号"),
            _entry(3, "其他", body="依据大政发[2020]1号文件"),
        ]
    )
    assert _ids("大政发〔2020〕") == {1, 3}
    assert _ids("〔2020〕1号") == {1, 3}
    assert _ids("大政发[2021]") == {2}


def test_the_migration_rewrites_existing_rows_with_todays_tokens(db):
    index_upsert_many([_entry(1, "通知", doc_no="大政发〔2020〕1号"), _entry(2, "2020年度总结")])
    if connection.vendor == "sqlite":
        ascii_tokenizer = import_module("zwgk.search.migrations.0004_ascii_tokenizer")
        ascii_tokenizer._recreate(connection.schema_editor(), ascii_tokenizer.TOKENIZE)
    else:
        from zwgk.search.engine_tsvector import refill

        assert refill(batch=1) == 2
        with connection.cursor() as cursor:
            cursor.execute("SELECT tsv::text, title_tsv::text FROM search_entry WHERE document_id = 1")
            tsv, title_tsv = cursor.fetchone()
        assert "'#2020'" in tsv and "'#2020'" in title_tsv
    assert _ids("大政发〔2020〕") == {1}
    assert _ids("2020") == {1, 2}
