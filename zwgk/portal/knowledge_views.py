"""The portal's Q&A search (咨询答问库, issue 24.3): the same exact search as the hotline's API."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zwgk.core.errors import ValidationFailed
from zwgk.knowledge.models import Entry, EntryState, QueryChannel
from zwgk.knowledge.selectors import public_answers
from zwgk.knowledge.services import log_query
from zwgk.knowledge.sources import SourceKind
from zwgk.organizations.models import Organization
from zwgk.search.highlight import mark

PAGE_SIZE = 20


@require_GET
def qa_search(request: HttpRequest) -> HttpResponse:
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
    if number == 1:
        log_query(
            normalised=found.normalised,
            organization_code=organization,
            channel=QueryChannel.PORTAL,
            results=len(found.answers),
        )
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
    return render(
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
