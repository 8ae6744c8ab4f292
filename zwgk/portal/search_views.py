"""The portal's search page (/search/): results, facets as links, pagination, suggestions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zwgk.catalog.selectors import doc_no_search_example
from zwgk.core.errors import ValidationFailed
from zwgk.core.page_cache import cached_page
from zwgk.search import result_cache
from zwgk.search.index import SERVICE_GUIDE
from zwgk.search.query import SearchResult, search_documents

FILTERS = ("organization", "genre", "subject", "column", "year", "validity")
FACET_TITLES = {
    "organization": "发布机构",
    "genre": "文种",
    "subject": "主题分类",
    "year": "发布年份",
    "validity": "效力状态",
}
FACET_SHOWN = 12


def _link(params: QueryDict, **changes: Any) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    if "page" not in changes:
        query.pop("page", None)  # a new filter or sort starts again at page 1
    return "?" + query.urlencode()


def _facets(result: SearchResult, params: QueryDict) -> list[dict[str, Any]]:
    groups = []
    for name, title in FACET_TITLES.items():
        chosen = params.get(name)
        labels = result.labels.get(name, {})
        values = [
            {
                "label": labels.get(value, value),
                "count": n,
                "selected": chosen == value,
                "url": _link(params, **{name: None if chosen == value else value}),
            }
            for value, n in result.facets.get(name, [])[:FACET_SHOWN]
        ]
        if values:
            groups.append({"name": name, "title": title, "values": values, "chosen": chosen})
    return groups


def _pages(result: SearchResult, params: QueryDict) -> list[dict[str, Any]]:
    last = result.max_page
    numbers = sorted({1, last, *range(max(1, result.page - 2), min(last, result.page + 2) + 1)})
    return [{"number": n, "url": _link(params, page=n), "current": n == result.page} for n in numbers]


@require_GET
# "search": any write of the index, whoever makes it (guides, imports); "catalog": the hint on
# an empty result names the newest document number; "services": guides' labels in the results.
@cached_page("catalog", "services", result_cache.PAGE_SCOPE)
def search(request: HttpRequest) -> HttpResponse:
    params = request.GET
    q = params.get("q", "")[:500]
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    sort = "newest" if params.get("sort") == "newest" else "relevance"
    error = ""
    result: SearchResult | None = None
    if q.strip():
        try:
            result = search_documents(q, **{k: params.get(k) or None for k in FILTERS}, sort=sort, page=page)
        except ValidationFailed as exc:  # a page past the cap
            error = exc.message
    context: dict[str, Any] = {
        "q": q,
        "result": result,
        "error": error,
        "sort": sort,
        "kinds": {"service_guide": SERVICE_GUIDE},
    }
    if result is not None and result.count == 0:
        context["doc_no_example"] = doc_no_search_example()
    if result is not None:
        context.update(
            facets=_facets(result, params),
            first_number=(result.page - 1) * result.page_size + 1,
            pages=_pages(result, params) if result.count > result.page_size else [],
            previous_url=_link(params, page=page - 1) if page > 1 else "",
            next_url=_link(params, page=page + 1) if page < result.max_page else "",
            sort_relevance_url=_link(params, sort=None),
            sort_newest_url=_link(params, sort="newest"),
            active_filters=[
                {
                    "name": FACET_TITLES.get(k, k),
                    "value": result.labels.get(k, {}).get(v, v),
                    "url": _link(params, **{k: None}),
                }
                for k in FILTERS
                if (v := params.get(k))
            ],
        )
    response = render(request, "portal/search.html", context)
    if result is not None and result.cache:
        response["X-Search-Cache"] = result.cache  # how the result was found (result_cache)
    return response
