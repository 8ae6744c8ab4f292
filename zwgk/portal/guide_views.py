"""Each agency's guide (指南) and catalogue (目录), Art. 12: generated from the data on every
request, so they are current by construction (keeping them stale is sanctionable, Art. 53)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from zwgk.catalog import index_numbers
from zwgk.catalog.completeness import agency_completeness
from zwgk.catalog.compliance import PUBLISH_WITHIN_WORKDAYS
from zwgk.catalog.models import Subject
from zwgk.foi.domain.clock import MAX_EXTENSION_WORKDAYS, REPLY_WORKDAYS
from zwgk.organizations.profiles import current_profile
from zwgk.portal import listings
from zwgk.portal.catalog_views import agency_or_404, cached_public_page


@cached_public_page("catalog", "reports")
def agency_guide(request, code):
    org = agency_or_404(code)
    today = timezone.localdate()
    columns = listings.agency_columns(org)
    # Art. 20 completeness (decision 0025): the categories this kind of agency must publish.
    report = agency_completeness(org, today=today)
    standing = {c.category.pk: c for c in report.categories}
    return render(
        request,
        "portal/catalog/guide.html",
        {
            "org": org,
            "columns": columns,
            "statutory": [(item, standing.get(item.category.pk)) for item in columns.statutory_items],
            "completeness": report,
            "profile": current_profile(org),
            "subjects": Subject.objects.filter(parent__isnull=True),
            "index_example": index_numbers.format_index_no(org, today.year, 1),
            "supervisor": org.parent,
            "reply_workdays": REPLY_WORKDAYS,
            "extension_workdays": MAX_EXTENSION_WORKDAYS,
            "publish_workdays": PUBLISH_WITHIN_WORKDAYS,
            "generated_on": today,
        },
    )


@cached_public_page("catalog")
def agency_catalogue(request, code):
    org = agency_or_404(code)
    filters = listings.parse_filters(request.GET)
    documents = listings.agency_documents(org, filters).only(
        "pk",
        "index_no",
        "title",
        "summary",
        "signed_on",
        "information_created_on",
        "published_on",
        "organization__code",
        "organization__name",
        "organization__short_name",
    )
    return render(
        request,
        "portal/catalog/catalogue.html",
        {
            "org": org,
            "filters": filters,
            "years": listings.year_choices(),
            "page_obj": Paginator(documents, listings.CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )
