"""The portal's Q&A search (咨询答问库, issue 24.3): the same exact search as the hotline's API.

Served from the page cache (decision 0029) under `knowledge` (entries, and every source whose
change makes an entry current or not: `zwgk.knowledge.apps`), `catalog` (documents and
interpretations) and `services` (guides). Every search is still logged for the statistics:
outside the cache, with the count the rendered page carries in a header (a browser's
revalidation of a page it holds, answered 304, is the same reader asking again: not logged).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zwgk.core.errors import ValidationFailed
from zwgk.core.page_cache import cached_page
from zwgk.knowledge.matching import parse_query
from zwgk.knowledge.models import Entry, EntryState, QueryChannel
from zwgk.knowledge.selectors import public_answers
from zwgk.knowledge.services import log_query
from zwgk.knowledge.sources import SourceKind
from zwgk.organizations.models import Organization
from zwgk.search.highlight import mark

PAGE_SIZE = 20


COUNT_HEADER = "X-QA-Results"
SCOPES = ("knowledge", "catalog", "services")


@require_GET
def qa_search(request: HttpRequest) -> HttpResponse:
    response = _qa_page(request)
    count = response.get(COUNT_HEADER)
    if count is not None and request.GET.get("page", "1") == "1":
        log_query(
            normalised=" ".join(parse_query(request.GET.get("q", "")[:200]).terms),
            organization_code=response.get("X-QA-Organization", ""),
            channel=QueryChannel.PORTAL,
            results=int(count),
        )
    return response


@cached_page(*SCOPES)
def _qa_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    organization = request.GET.get("organization", "")[:64]
    agencies = Organization.objects.filter(
        pk__in=Entry.objects.filter(state=EntryState.PUBLISHED).values("organization")
    ).order_by("sort_order", "code")
    error = ""
    try:
        found = public_answers(q=q, organization=organization)
    except ValidationFailed:
        error, organization = "未找到所选机构，已显示全部机构的问答。", ""
        found = public_answers(q=q)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    page = Paginator(found.answers, PAGE_SIZE).get_page(number)
    rows = [
        {
            "question": mark(a.entry.published_question, found.terms),
            "answer": mark(a.entry.published_answer, found.terms),
            "agency": a.entry.organization.display_name,
            "tags": a.entry.published_tags,
            "source_label": SourceKind(a.entry.source_kind).label,
            "source_url": a.source.url,
            "updated_on": a.entry.updated_on,
        }
        for a in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    response = render(
        request,
        "portal/knowledge/qa.html",
        {
            "q": q,
            "organization": organization,
            "agencies": agencies,
            "page": page,
            "rows": rows,
            "count": len(found.answers),
            "searched": bool(found.terms or organization),
            "query_string": params.urlencode(),
            "error": error,
        },
    )
    # Kept with the cached page, so `qa_search` logs every search, cached or not.
    response[COUNT_HEADER] = str(len(found.answers))
    response["X-QA-Organization"] = organization
    return response
