"""API.md lists: `?page=N&page_size=M` → {count, next, previous, results}."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from zwgk.core.errors import ValidationFailed

MAX_PAGE_SIZE = 100
# Deep pages cost the database an OFFSET scan; nobody reads page 500 of a result list.
MAX_OFFSET = 10_000


def page_params(page: int | None, page_size: int | None, default_size: int = 20) -> tuple[int, int]:
    page = page or 1
    page_size = page_size or default_size
    if page < 1 or page_size < 1:
        raise ValidationFailed("page 和 page_size 必须为正整数。", fields={"page": "≥1"})
    page_size = min(page_size, MAX_PAGE_SIZE)
    if (page - 1) * page_size >= MAX_OFFSET:
        raise ValidationFailed(
            f"最多只能翻到第 {MAX_OFFSET // page_size} 页，请缩小检索范围。",
            code="page_too_deep",
            fields={"page": "过深"},
        )
    return page, page_size


def page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | list[Any],
    *,
    page: int | None,
    page_size: int | None,
    serialize: Any,
    count: int | None = None,
) -> dict[str, Any]:
    page, page_size = page_params(page, page_size)
    start = (page - 1) * page_size
    total = count if count is not None else (items.count() if isinstance(items, QuerySet) else len(items))
    rows = list(items[start : start + page_size])
    return {
        "count": total,
        "next": page_url(request, page + 1) if start + page_size < total else None,
        "previous": page_url(request, page - 1) if page > 1 else None,
        "results": [serialize(r) for r in rows],
    }
