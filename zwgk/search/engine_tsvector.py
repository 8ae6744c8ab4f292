"""PostgreSQL engine: tsvector columns built here from the bigram tokens, GIN indexes, `<->` phrases.

The tsvector literal is assembled in Python (not with to_tsvector) so PostgreSQL's parser cannot
re-split our tokens, and positions are ours. A tsvector holds positions up to 16383 only: the
body's tokens beyond that go to `search_overflow` chunks, each overlapping the previous one by more
than the longest query term, so no phrase is lost at a chunk boundary.
"""

from __future__ import annotations

import json
from operator import add
from typing import Any

from django.db import connection

from zwgk.search import ngrams
from zwgk.search.backend import ENTRY_COLUMNS, Filters, WindowRow, entry_row, tokens_of
from zwgk.search.index import IndexEntry
from zwgk.search.normalise import MAX_QUERY_CHARS, Query, keywords_text, matches, normalise

MAX_POSITION = 16383  # PostgreSQL's tsvector limit
CHUNK = 16000
OVERLAP = MAX_QUERY_CHARS + 8  # a phrase has at most one token per query character
_JSON_COLUMNS = {"keywords", "subjects", "subject_names", "columns"}

# The tables themselves are created by migrations/0002_fulltext.py.


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


# "':17A '" and the like, precomputed: the literal is then built by C-level joins, not a loop.
_JOINERS = {w: [f"':{i}{'' if w == 'D' else w} '" for i in range(MAX_POSITION + 1)] for w in "ABCD"}


def tsvector_literal(fields: list[tuple[list[str], str]]) -> tuple[str, int]:
    """Literal for fields of (tokens, weight); returns it and how many tokens of the last field fit.

    Repeated lexemes are left for PostgreSQL to merge (tsvector input sorts and merges them in C,
    in the server's process). One unused position between fields keeps a phrase from spanning two.
    """
    parts: list[str] = []
    pos = 1
    used = 0
    for tokens, weight in fields:
        used = min(len(tokens), max(0, MAX_POSITION - pos + 1))
        if used:
            chunk = tokens[:used]
            if any("'" in t or "\\" in t for t in chunk):
                chunk = [_lexeme(t)[1:-1] for t in chunk]
            parts.append("'" + "".join(map(add, chunk, _JOINERS[weight][pos : pos + used]))[:-2])
        pos += used + 1
    return " ".join(parts), used


def _overflow(document_id: int, body: list[str], start: int) -> list[list[Any]]:
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


def upsert(entries: list[IndexEntry]) -> None:
    rows, overflow = [], []
    for entry in entries:
        row = entry_row(entry)
        t = tokens_of(
            title=entry.title,
            doc_no=entry.doc_no,
            summary=entry.summary,
            keywords=entry.keywords,
            body=entry.body_text,
        )
        tsv, body_used = tsvector_literal([(t.title, "A"), (t.meta, "B"), (t.body, "D")])
        title_tsv, _ = tsvector_literal([(t.title, "D")])
        if body_used < len(t.body):
            overflow.extend(_overflow(entry.document_id, t.body, body_used))
        rows.append([*row.values(), tsv, title_tsv])
    marks = ", ".join("%s::jsonb" if c in _JSON_COLUMNS else "%s" for c in ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        ids = [[e.document_id for e in entries]]
        cursor.execute("DELETE FROM search_overflow WHERE document_id = ANY(%s)", ids)
        cursor.execute("DELETE FROM search_entry WHERE document_id = ANY(%s)", ids)
        cursor.executemany(
            f"INSERT INTO search_entry ({', '.join(ENTRY_COLUMNS)}, tsv, title_tsv) "
            f"VALUES ({marks}, %s::tsvector, %s::tsvector)",
            rows,
        )
        if overflow:
            cursor.executemany(
                "INSERT INTO search_overflow (document_id, seq, tsv) VALUES (%s, %s, %s::tsvector)", overflow
            )


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
