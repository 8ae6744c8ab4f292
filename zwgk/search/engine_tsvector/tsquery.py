"""The tsquery of a query's terms and filters, and the items matched in overflow chunks only."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection

from zwgk.search import ngrams
from zwgk.search.backend import Filters
from zwgk.search.engine_tsvector.lexeme import _lexeme
from zwgk.search.normalise import Query, keywords_text, matches, normalise


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


def loose_lexemes(query: Query) -> list[str]:
    """Every lexeme of every term, positions ignored: what GIN answers without a recheck.

    An item holding all of them may hold a phrase's bigrams apart; every item containing the
    terms holds them all.
    """
    lexemes = []
    for term in query.terms:
        match = ngrams.term_match(term)
        lexemes += [_lexeme(n) for n in match.tokens]
        lexemes += _phrase_lexemes(match.phrase) if match.phrase is not None else []
    return lexemes


def has_positions(query: Query) -> bool:
    """Whether some term asks for a phrase of two or more lexemes (positions GIN does not keep)."""
    return any(
        (match := ngrams.term_match(term)).phrase is not None and len(match.phrase.tokens) > 1
        for term in query.terms
    )


def gin_keys(column: str, tsqueries: list[str], params: dict[str, Any], prefix: str = "key") -> str:
    """A condition on `e.column` holding each tsquery as a scan key of its own (parameters set).

    GIN answers a tsquery by walking its rarest lexeme's postings and, for each, loading every
    other lexeme's postings at that row: a bigram rarer than the week asked for made every time
    step walk that bigram's matches across the whole library (营商环境建设局: ~10 ms a step,
    1,100 index pages, whether a week or eight years). Separate scan keys leapfrog instead: each
    skips to the row where another matched, so a week's step reads that week (0.3 ms).
    """
    conditions = []
    for i, tsquery in enumerate(tsqueries):
        params[f"{prefix}{i}"] = tsquery
        conditions.append(f"e.{column} @@ %({prefix}{i})s::tsquery")
    return " AND ".join(conditions)


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


def _bitmap_scans_only(cursor: Any) -> None:
    """Read matches through the GIN index only, for the rest of the transaction.

    The planner otherwise may walk the rowkey index (ORDER BY … LIMIT) or the whole table (a
    LIMIT it expects to reach soon) and recheck every row's tsvector on the way: for a term whose
    bigrams are common but which occurs nowhere, that is every row of the library.
    """
    cursor.execute("SET LOCAL enable_indexscan = off")
    cursor.execute("SET LOCAL enable_seqscan = off")
