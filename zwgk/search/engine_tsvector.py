"""PostgreSQL engine: tsvector columns built here from the bigram tokens, GIN indexes, `<->` phrases.

The tsvector literal is assembled here (token_arrays.tsvector_literal, not to_tsvector) so
PostgreSQL's parser cannot re-split our tokens, and positions are ours. A tsvector holds positions
up to 16383 only: the body's tokens beyond that go to `search_overflow` chunks, each overlapping
the previous one by more than the longest query term, so no phrase is lost at a chunk boundary.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection

from zwgk.search import ngrams
from zwgk.search.backend import ENTRY_COLUMNS, Filters, WindowRow, entry_row, tokens_of
from zwgk.search.index import IndexEntry
from zwgk.search.normalise import MAX_QUERY_CHARS, Query, keywords_text, matches, normalise
from zwgk.search.token_arrays import Pairs, tsvector_literal

CHUNK = 16000
OVERLAP = MAX_QUERY_CHARS + 8  # a phrase has at most one token per query character

# The tables themselves are created by migrations/0002_fulltext.py.


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


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
        rows.append([*entry_row(entry).values(), tsv, title_tsv])
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


def term_tsquery(term: str) -> str:
    phrase = ngrams.term_phrase(term)
    lexemes = [_lexeme(t) for t in phrase.tokens]
    if phrase.last_is_prefix:
        lexemes[-1] += ":*"
    return " <-> ".join(lexemes)


def _condition(query: Query, params: dict[str, Any]) -> str:
    """WHERE condition on `e` for items containing every term; sets its parameters."""
    terms = [term_tsquery(t) for t in query.terms]
    params["q_all"] = " & ".join(f"({t})" for t in terms)
    extra = _overflow_matches(query, " | ".join(f"({t})" for t in terms))
    if extra:
        params["extra"] = extra
        return "(e.tsv @@ %(q_all)s::tsquery OR e.document_id = ANY(%(extra)s))"
    return "e.tsv @@ %(q_all)s::tsquery"


def _overflow_matches(query: Query, q_any: str) -> list[int]:
    """Items whose very long body holds a term only past the main tsvector, checked on the text."""
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


def window(query: Query, f: Filters, size: int) -> list[WindowRow]:
    params: dict[str, Any] = {"size": size}
    cond = _condition(query, params)
    where = _filters(f, params)
    # The newest matches first, ranked afterwards: ts_rank reads the whole tsvector, so it runs on
    # the window only.
    sql = f"""
WITH b AS MATERIALIZED (
  SELECT e.document_id FROM search_entry e WHERE {cond} {where} ORDER BY e.rowkey DESC LIMIT %(size)s)
SELECT e.document_id, e.rowkey, ts_rank(e.tsv, %(q_all)s::tsquery), e.organization_code, e.organization_name,
       e.genre, e.genre_name, e.year, e.validity, e.validity_name, e.subjects, e.subject_names
FROM b JOIN search_entry e USING (document_id) ORDER BY e.rowkey DESC"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [WindowRow(r[0], r[1], float(r[2]), tuple(r[3:])) for r in cursor.fetchall()]  # type: ignore[arg-type]


def title_window(query: Query, f: Filters, size: int) -> list[tuple[int, int, float]]:
    params: dict[str, Any] = {"size": size}
    _condition(query, params)
    where = _filters(f, params)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.document_id, e.rowkey, ts_rank(e.title_tsv, %(q_all)s::tsquery) FROM search_entry e "
            f"WHERE e.title_tsv @@ %(q_all)s::tsquery {where} ORDER BY e.rowkey DESC LIMIT %(size)s",
            params,
        )
        return [(doc, key, float(score)) for doc, key, score in cursor.fetchall()]


def newest(
    query: Query,
    f: Filters,
    *,
    limit: int,
    offset: int,
    below: int | None = None,
    exclude: list[int] = (),  # type: ignore[assignment]
) -> list[tuple[int, int]]:
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    cond = _condition(query, params)
    where = _filters(f, params)
    if below is not None:
        where += " AND e.rowkey < %(below)s"
        params["below"] = below
    if exclude:
        where += " AND NOT (e.rowkey = ANY(%(exclude)s))"
        params["exclude"] = list(exclude)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.document_id, e.rowkey FROM search_entry e WHERE {cond} {where} "
            "ORDER BY e.rowkey DESC LIMIT %(limit)s OFFSET %(offset)s",
            params,
        )
        return [(doc, key) for doc, key in cursor.fetchall()]


def count(query: Query, f: Filters, *, cap: int) -> int:
    params: dict[str, Any] = {"cap": cap}
    cond = _condition(query, params)
    where = _filters(f, params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_entry e WHERE {cond} {where} LIMIT %(cap)s) s",
            params,
        )
        return int(cursor.fetchone()[0])


def candidates(query: Query, f: Filters, *, cap: int) -> list[int]:
    params: dict[str, Any] = {"cap": cap}
    cond = _condition(query, params)
    where = _filters(f, params)
    with connection.cursor() as cursor:
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
