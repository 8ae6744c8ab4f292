"""The platform's exact search applied to the Q&A library (decision 0004's definition).

A query is parsed and normalised by `zwgk.search.normalise`; an entry matches when every term is a
substring of its normalised question, answer or tags (one field, never across two). The entry
keeps those normalised fields, so the database filter *is* the definition: recall 100 %, no
false hits. The library is thousands of entries, not a million documents, so a substring filter
over them needs no bigram index.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zwgk.search.normalise import Query, keywords_text, normalise, parse_query


def normalised_fields(question: str, answer: str, tags: list[str]) -> tuple[str, str, str]:
    return normalise(question), normalise(answer), normalise(keywords_text(tags))


def filter_matching(qs: QuerySet, query: Query) -> QuerySet:
    for term in query.terms:
        qs = qs.filter(
            Q(norm_question__contains=term) | Q(norm_answer__contains=term) | Q(norm_tags__contains=term)
        )
    return qs


__all__ = ["Query", "filter_matching", "normalised_fields", "parse_query"]
