"""PostgreSQL: tsvectors sent in binary form are those the server made of the text literals before."""

import json
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection

from bench.corpus import Corpus
from zwgk.search.backend import entry_tokens
from zwgk.search.engine_tsvector import writing
from zwgk.search.engine_tsvector.lexeme import _lexeme
from zwgk.search.index import IndexEntry
from zwgk.search.token_arrays import tsvector_literal

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tsvector is PostgreSQL's (SQLite has FTS5)"
)


def _literals(entry: IndexEntry) -> tuple[str, str]:
    """The item's tsvectors as text literals, built as writing.prepare built them before binary COPY."""
    t = entry_tokens(entry)
    tsv, _ = tsvector_literal(
        [(t.title, "A"), (t.doc_no, "A"), (t.summary, "B"), (t.keywords, "B"), (t.body, "D")]
    )
    title_tsv, _ = tsvector_literal([(t.title, "D"), (t.doc_no, "D")])
    controls = writing.control_lexemes(entry)
    title_numbers = sorted({n for name in ("title", "doc_no") for n in t.numbers[name]})
    numbers = sorted({n for field in t.numbers.values() for n in field})
    return (
        " ".join([tsv, *map(_lexeme, numbers), *map(_lexeme, controls)]),
        " ".join([title_tsv, *map(_lexeme, title_numbers), *map(_lexeme, controls)]),
    )


def test_binary_tsvectors_equal_the_server_reading_of_the_literals(db):
    corpus = Corpus(120, seed=21)
    entries = [corpus.item(i) for i in range(1, 121)]
    base = entries[0]
    entries += [
        # Quotes and backslashes, which a literal escapes; a number that is also a bigram (=1).
        replace(base, document_id=9001, title="它's \\a 第x=1条", body_text="引号'与反斜杠\\ x=1 y=12"),
        # A bigram in more places than tsvector keeps (256), and a body past the last position.
        replace(base, document_id=9002, title="重复", body_text="字" * 600 + "大连市" * 6000),
        replace(base, document_id=9003, title="无日期", body_text="", summary="", published_on=None),
        replace(
            base, document_id=9004, title="😀表情", body_text="𠀀字 a\u00a0b", published_on=date(2026, 1, 1)
        ),
    ]
    writing.write(writing.prepare(entries))
    with connection.cursor() as cursor:
        for entry in entries:
            tsv, title_tsv = _literals(entry)
            cursor.execute(
                "SELECT tsv::text = %s::tsvector::text, title_tsv::text = %s::tsvector::text, "
                "keywords = %s::jsonb FROM search_entry WHERE document_id = %s",
                [tsv, title_tsv, json.dumps(list(entry.keywords)), entry.document_id],
            )
            assert cursor.fetchone() == (True, True, True), entry.document_id
        cursor.execute("SELECT count(*) FROM search_overflow WHERE document_id = 9002")
        assert cursor.fetchone()[0] > 0
