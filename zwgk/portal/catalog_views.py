"""Public pages of the resource library: home, agency, column, document, rules by validity.

Thin: parse the query string, ask `listings` / the catalogue's public selectors, render. Every
page is public: `cached_public_page` keeps it in the page cache until a change of what it shows
(decision 0029), and answers a revisit with a 304 from the versions alone.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page, require_GET

from zwgk.catalog.attachments import download_response
from zwgk.catalog.models import Attachment, Column, ColumnKind, Document, DocumentState, Validity
from zwgk.catalog.selectors import public_document
from zwgk.core.page_cache import cached_page
from zwgk.organizations.models import Organization
from zwgk.organizations.profiles import current_profile
from zwgk.portal import listings, views
from zwgk.reports.selectors import public_report_list

LIST_MAX_AGE = 120  # seconds: a new item shows on lists within two minutes
DOCUMENT_MAX_AGE = 600


def public_page(max_age: int):
    """GET only, publicly cacheable for `max_age` seconds, with an ETag."""

    def decorate(view):
        return require_GET(cache_control(public=True, max_age=max_age)(conditional_page(view)))

    return decorate


def cached_public_page(*scopes: str):
    """GET only, served from the page cache (decision 0029): rendered once per change of `scopes`
    (besides "site"), revalidated by browsers and proxies on every visit."""

    def decorate(view):
        return require_GET(cached_page(*scopes)(view))

    return decorate


def _paginate(request, queryset, per_page: int = listings.PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@cached_public_page("catalog", "reports")
def home(request):
    directory = views.directory_groups()
    return render(
        request,
        "portal/catalog/home.html",
        {
            "directory": directory,
            # The quick link to 公开指南 opens the city government's guide (Art. 19).
            "government": next((o for _, orgs in directory[:1] for o in orgs), None),
            "latest": listings.latest_documents(8),
            "notices": listings.notice_documents(8),
            "interpretations": listings.interpretation_documents(6),
            "topics": listings.topic_columns_with_latest(5),
        },
    )


def agency_or_404(code: str) -> Organization:
    try:
        return listings.agency_by_code(code)
    except Organization.DoesNotExist:
        raise Http404("机构不存在") from None


@cached_public_page("catalog", "reports")
def agency_detail(request, code):
    org = agency_or_404(code)
    columns = listings.agency_columns(org)
    annual_reports = public_report_list(organization=org)
    return render(
        request,
        "portal/catalog/agency.html",
        {
            "org": org,
            "columns": columns,
            "annual_reports": annual_reports,
            "annual_report_total": columns.annual_report_count + len(annual_reports),
            "latest": list(listings.agency_documents(org)[:10]),
            "profile": current_profile(org),
        },
    )


@cached_public_page("catalog", "reports")
def column_detail(request, key):
    try:
        column = listings.column_by_key(key)
    except (Column.DoesNotExist, ValueError):
        raise Http404("栏目不存在") from None
    if column.kind == ColumnKind.ROOT and column.organization is not None:
        # An agency's 政府信息公开 column is its agency page.
        return redirect("portal:agency_detail", code=column.organization.code)
    filters = listings.parse_filters(request.GET)
    return render(
        request,
        "portal/catalog/column.html",
        {
            "column": column,
            "children": listings.column_children(column),
            "filters": filters,
            "choices": listings.filter_choices(),
            "page_obj": _paginate(request, listings.column_documents(column, filters)),
            "show_validity": True,
            # An agency's 政府信息公开年报 column lists its published annual reports (Art. 50),
            # which live in the reports app, not as catalogue items.
            "annual_reports": (
                public_report_list(organization=column.organization)
                if column.kind == ColumnKind.ANNUAL_REPORT and column.organization
                else None
            ),
        },
    )


@cached_public_page("catalog")
def lifecycle_list(request):
    """Regulations, rules and normative documents listed by validity (现行有效 / 已废止 …)."""
    validity = request.GET.get("validity", "")
    if validity not in Validity.values:
        validity = Validity.IN_FORCE
    organization = request.GET.get("organization", "")[:64]
    counts = listings.lifecycle_counts(organization=organization)
    query = QueryDict(mutable=True)
    query["validity"] = validity
    if organization:
        query["organization"] = organization
    return render(
        request,
        "portal/catalog/lifecycle_list.html",
        {
            "validity": validity,
            "validity_label": Validity(validity).label,
            "tabs": [(value, label, counts.get(value, 0)) for value, label in Validity.choices],
            "organization": organization,
            "querystring": query.urlencode(),
            "page_obj": _paginate(
                request, listings.lifecycle_documents(validity=validity, organization=organization)
            ),
        },
    )


@cached_public_page("document:{pk}")
def document_detail(request, pk):
    try:
        doc = public_document(pk)
    except Document.DoesNotExist:
        raise Http404("信息不存在或已撤回") from None
    return render(
        request,
        "portal/catalog/document.html",
        {
            "doc": doc,
            "column": listings.primary_column(doc),
            "is_lifecycle_kind": doc.kind in listings.LIFECYCLE_KINDS,
            "print_view": request.GET.get("print") == "1",
            "page_url": request.build_absolute_uri(doc.get_absolute_url()),
        },
    )


@require_GET
def attachment_download(request, pk, attachment_id):
    """Attachments of published items only, always as a download with nosniff (never inline)."""
    try:
        attachment = Attachment.objects.get(
            pk=attachment_id, document_id=pk, document__state=DocumentState.PUBLISHED
        )
    except Attachment.DoesNotExist:
        raise Http404("附件不存在") from None
    response = download_response(attachment)
    response["Cache-Control"] = "public, max-age=3600"
    return response
