"""Public pages of the case library (/cases/) and the tracking page's letter downloads."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zwgk.casework import letters, library
from zwgk.casework.downloads import letter_file_response
from zwgk.core import ratelimit
from zwgk.core.page_cache import cached_page
from zwgk.foi.domain.outcomes import OUTCOMES, OutcomeGroup


@require_GET
@cached_page("casework")
def case_list(request: HttpRequest) -> HttpResponse:
    qs = library.public_library_cases().order_by("-published_at", "-id")
    group = request.GET.get("group", "")
    if group in {g.value for g in OutcomeGroup}:
        qs = qs.filter(outcome__in=[o.code for o in OUTCOMES if o.group == group])
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    groups = [(g.value, g.label) for g in OutcomeGroup]
    return render(request, "portal/casework/cases.html", {"page": page, "group": group, "groups": groups})


@require_GET
@cached_page("casework")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = library.public_library_cases().get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该案例。") from None
    return render(request, "portal/casework/case.html", {"case": case})


@never_cache
def tracked_letter(request: HttpRequest, token: str) -> HttpResponse:
    """A letter linked from a tracking answer: the signed link names it; the copy is the public one
    (the applicant's name and numbers scrubbed), since a link may be passed on."""
    ratelimit.hit(request, "tracking_lookup")
    try:
        letter = letters.public_letter(token)
    except ObjectDoesNotExist:
        raise Http404("链接无效或已过期，请重新查询。") from None
    response = letter_file_response(letter, "docx", public=True)
    response["X-Robots-Tag"] = "noindex"
    return response
