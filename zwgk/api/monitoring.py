"""Website inspection, read-only, for the supervising office's other systems: each visible site's
latest finished round, and one round's full result in the format of `zwgk monitor check --json`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from zwgk.api.auth import token_auth
from zwgk.monitoring import selectors
from zwgk.monitoring.models import InspectionRound

staff = Router(tags=["网站监测"], auth=token_auth)


class RoundOut(Schema):
    id: int
    finished_at: str | None
    passed: bool | None
    score: float | None
    ipv6_compliant: bool | None
    depth2_ratio: float | None
    depth3_ratio: float | None
    broken_links: int | None
    stale_columns: int | None
    empty_columns: int | None
    home_updated_on: str | None
    vetoes: list[str]


class SiteOut(Schema):
    id: int
    organization: str
    name: str
    home_url: str
    active: bool
    latest: RoundOut | None
    open_vetoes: list[str]
    round_running: bool


class SiteDetailOut(SiteOut):
    result: dict[str, Any] | None  # the latest round's result, as `zwgk monitor check --json` prints


def _round(r: InspectionRound | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "id": r.pk,
        "finished_at": r.finished_at.isoformat() if r.finished_at else None,
        "passed": r.passed,
        "score": r.score,
        "ipv6_compliant": r.ipv6_compliant,
        "depth2_ratio": r.depth2_ratio,
        "depth3_ratio": r.depth3_ratio,
        "broken_links": r.broken_links,
        "stale_columns": r.stale_columns,
        "empty_columns": r.empty_columns,
        "home_updated_on": r.home_updated_on.isoformat() if r.home_updated_on else None,
        "vetoes": list(r.vetoes or []),
    }


def _site(row: selectors.SiteRow) -> dict[str, Any]:
    s = row.site
    return {
        "id": s.pk,
        "organization": s.organization.code,
        "name": s.name,
        "home_url": s.home_url,
        "active": s.active,
        "latest": _round(row.latest),
        "open_vetoes": row.open_vetoes,
        "round_running": row.open_round is not None,
    }


@staff.get("/sites", response=list[SiteOut], summary="受监测网站及最近一次巡检（本机构及下级）")
def site_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_site(row) for row in selectors.dashboard_rows(request.auth)]


@staff.get("/sites/{int:site_id}", response=SiteDetailOut, summary="网站详情与最近一次巡检的完整结果")
def site_detail(request: HttpRequest, site_id: int) -> dict[str, Any]:
    try:
        site = selectors.access_site(request.auth, site_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    (row,) = selectors.dashboard_rows(request.auth, site=site)
    latest = InspectionRound.objects.only("result").get(pk=row.latest.pk) if row.latest else None
    return {**_site(row), "result": latest.result if latest else None}
