"""Reading monitoring data through the permission check: supervisors and administrators see every
site they supervise, agency staff their own agency's sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from zwgk.core.errors import NotPermitted
from zwgk.monitoring.models import (
    HarvestRun,
    InspectionRound,
    RoundStatus,
    Site,
    SiteQuerySet,
    VetoAlert,
)
from zwgk.organizations.models import Organization, OrganizationQuerySet, Role
from zwgk.organizations.permissions import (
    has_role,
    is_platform_admin,
    organizations_with_role,
    visible_organizations,
)


def sites_visible_to(user: Any) -> SiteQuerySet:
    return Site.objects.filter(organization__in=visible_organizations(user))


def access_site(user: Any, pk: int, *, for_update: bool = False) -> Site:
    qs = sites_visible_to(user).select_related("organization")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)  # DoesNotExist → 404: never another agency's site


def can_manage_sites(user: Any, organization: Organization | None = None) -> bool:
    """Registering sites is the supervising office's and the platform operator's job."""
    if is_platform_admin(user):
        return True
    if organization is None:
        return manageable_organizations(user).exists()
    return has_role(user, organization, Role.SUPERVISOR)


def manageable_organizations(user: Any) -> OrganizationQuerySet:
    return organizations_with_role(user, Role.SUPERVISOR)


def require_site_manager(user: Any, organization: Organization) -> None:
    if not can_manage_sites(user, organization):
        raise NotPermitted("只有公开办（监督）和平台管理员可以登记和修改监测网站。")


def can_harvest(user: Any, organization: Organization) -> bool:
    # Drafts are created in the agency's name through the catalogue: its editors' job.
    return has_role(user, organization, Role.EDITOR, Role.REVIEWER)


def require_harvester(user: Any, organization: Organization) -> None:
    if not can_harvest(user, organization):
        raise NotPermitted(f"您不是“{organization.display_name}”的信息员或审签人，不能把网站内容采集为草稿。")


def access_round(user: Any, pk: int) -> InspectionRound:
    return InspectionRound.objects.select_related("site", "site__organization").get(
        pk=pk, site__in=sites_visible_to(user)
    )


def access_harvest(user: Any, pk: int) -> HarvestRun:
    return HarvestRun.objects.select_related("site", "site__organization").get(
        pk=pk, site__in=sites_visible_to(user)
    )


@dataclass
class SiteRow:
    site: Site
    latest: InspectionRound | None
    open_round: InspectionRound | None
    open_vetoes: list[str]

    @property
    def failing_ipv6_target(self) -> bool:
        """What the row's "IPv6 达标" column says "否" for, and the overview card counts."""
        return self.latest is not None and (
            self.latest.ipv6_compliant is False or self.latest.ratios_below_target
        )

    @property
    def unreachable(self) -> bool:
        return self.latest is not None and self.latest.unreachable


def dashboard_rows(
    user: Any, *, organization: Organization | None = None, site: Site | None = None
) -> list[SiteRow]:
    """Every visible site (of one agency, or one site) with its latest finished round, its open
    round and open vetoes, in four queries whatever the number of sites."""
    sites = sites_visible_to(user).select_related("organization")
    if organization is not None:
        sites = sites.filter(organization=organization)
    if site is not None:
        sites = sites.filter(pk=site.pk)
    latest_done = (
        InspectionRound.objects.filter(site=OuterRef("pk"), status=RoundStatus.DONE)
        .order_by("-finished_at", "-id")
        .values("pk")[:1]
    )
    site_list = list(sites.annotate(latest_id=Subquery(latest_done)))
    ids = [s.latest_id for s in site_list if s.latest_id]  # type: ignore[attr-defined]
    latest = {r.pk: r for r in InspectionRound.objects.filter(pk__in=ids).defer("result", "details")}
    open_rounds = {
        r.site_id: r
        for r in InspectionRound.objects.open().filter(site__in=site_list).defer("result", "details")
    }
    vetoes: dict[int, list[str]] = {}
    for site_id, veto in VetoAlert.objects.filter(site__in=site_list, cleared_at__isnull=True).values_list(
        "site", "veto"
    ):
        vetoes.setdefault(site_id, []).append(veto)
    return [
        SiteRow(s, latest.get(s.latest_id), open_rounds.get(s.pk), sorted(vetoes.get(s.pk, [])))  # type: ignore[attr-defined]
        for s in site_list
    ]


def round_history(site: Site, *, limit: int = 60) -> list[InspectionRound]:
    """The site's finished rounds, oldest first, for charts (large JSON left out)."""
    rows = list(site.rounds.done().order_by("-finished_at", "-id").defer("result", "details")[:limit])
    rows.reverse()
    return rows


def latest_status_by_organization(
    org_ids: list[int], *, as_of: date | None = None
) -> dict[int, dict[str, Any]]:
    """Each agency's website inspection status for the supervision dashboard: ok when every one
    of its active sites' latest round passed and met the IPv6 target (worst site wins).

    With `as_of` (a past day), the rounds finished by the end of that day: a past year's
    assessment reads the status at the year's end, not today's; a site with no round by then
    was not yet inspected and is left out.
    """
    done = InspectionRound.objects.filter(site=OuterRef("pk"), status=RoundStatus.DONE)
    site_qs = Site.objects.filter(organization_id__in=org_ids, active=True)
    if as_of is not None:
        end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
        done = done.filter(finished_at__lt=end)
    latest_done = done.order_by("-finished_at", "-id").values("pk")[:1]
    sites = list(site_qs.annotate(latest_id=Subquery(latest_done)))
    if as_of is not None:
        sites = [s for s in sites if s.latest_id]  # type: ignore[attr-defined]
    rounds = {
        r.pk: r
        for r in InspectionRound.objects.filter(pk__in=[s.latest_id for s in sites if s.latest_id]).only(  # type: ignore[attr-defined]
            "pk", "passed", "ipv6_compliant", "depth2_ratio", "depth3_ratio", "score"
        )
    }
    status: dict[int, dict[str, Any]] = {}
    for site in sites:
        latest = rounds.get(site.latest_id)  # type: ignore[attr-defined]
        ok = bool(latest and latest.passed and not latest.ratios_below_target)
        current = status.get(site.organization_id)
        counts = {
            "sites": (current["sites"] if current else 0) + 1,
            "failing": (current["failing"] if current else 0) + (not ok),
        }
        if current is None or (current["ok"] and not ok):
            status[site.organization_id] = {
                "ok": ok,
                "site": site.name,
                "score": latest.score if latest else None,
                "site_id": site.pk,
                "round_id": latest.pk if latest else None,
                **counts,
            }
        else:
            current.update(counts)
    return status
