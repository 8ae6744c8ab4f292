"""Reading annual reports: the live report of an agency, the consolidated report of a government,
the published versions, all through the permission check.

A department's report is its own. A government's report is the consolidation (RULES §4.1) of
its own figures (applications addressed to the government itself), its departments and, when
its `ConsolidationScope` says so, the consolidated reports of its districts and zones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import STAFF_ROLES, Organization, OrgKind, Role
from zwgk.organizations.permissions import has_role, is_platform_admin, visible_organizations
from zwgk.reports import facts
from zwgk.reports.annual import AnnualReport, annual_report, consolidate
from zwgk.reports.models import ConsolidationScope, PublishedReport, ReportText

GOVERNMENT_KINDS = (OrgKind.GOVERNMENT, OrgKind.DISTRICT, OrgKind.DEVELOPMENT_ZONE)
SUBORDINATE_GOVERNMENT_KINDS = (OrgKind.DISTRICT, OrgKind.DEVELOPMENT_ZONE)
DEPARTMENT_KINDS = (OrgKind.DEPARTMENT, OrgKind.OFFICE)

# Anyone working at the agency may read its report; supervisors reach their whole subtree.
VIEW_ROLES = STAFF_ROLES
# Preparing the report is the disclosure office's job (Art. 49); supervisors may help.
EDIT_ROLES = (Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR)
# Publishing speaks for the agency: its office head, or the supervising office above it.
PUBLISH_ROLES = (Role.OFFICE_HEAD, Role.SUPERVISOR)

EARLIEST_YEAR = 2008  # the Regulations took effect on 1 May 2008; no report is older


def is_government(org: Organization) -> bool:
    return org.kind in GOVERNMENT_KINDS


def reports_annually(org: Organization) -> bool:
    """Agencies that publish an annual report of their own: governments and their departments.

    Public enterprises report under their own rules (国办发〔2020〕50号), not in this format.
    """
    return org.is_active and (is_government(org) or org.kind in DEPARTMENT_KINDS)


def includes_districts(government: Organization) -> bool:
    scope = ConsolidationScope.objects.filter(government=government).first()
    return bool(scope and scope.include_districts)


@dataclass(frozen=True)
class Members:
    """Who a government's consolidated report sums: itself, departments, and subordinate governments."""

    government: Organization
    departments: list[Organization]
    districts: list[Members]

    def all_organizations(self) -> list[Organization]:
        orgs = [self.government, *self.departments]
        for district in self.districts:
            orgs += district.all_organizations()
        return orgs


def consolidation_members(government: Organization) -> Members:
    children = list(
        Organization.objects.filter(parent=government, is_active=True).order_by("sort_order", "code")
    )
    # Vertically managed units publish their own report but are summed up their own line (their
    # superior's system), not into the local government's.
    departments = [c for c in children if c.kind in DEPARTMENT_KINDS and not c.vertically_managed]
    districts: list[Members] = []
    if includes_districts(government):
        districts = [consolidation_members(c) for c in children if c.kind in SUBORDINATE_GOVERNMENT_KINDS]
    return Members(government=government, departments=departments, districts=districts)


def _own_reports(orgs: Iterable[Organization], year: int) -> dict[int, AnnualReport]:
    orgs = list(orgs)
    applications = facts.application_facts_by_organization(orgs, year)
    appeals = facts.appeal_facts_by_organization(orgs, year)
    part2 = facts.part2_facts_by_organization(orgs, year)
    return {
        org.pk: annual_report(year, org.code, part2[org.pk], applications[org.pk], appeals[org.pk])
        for org in orgs
    }


def own_report(org: Organization, year: int) -> AnnualReport:
    """The agency's report from its own figures only."""
    return _own_reports([org], year)[org.pk]


def live_report(org: Organization, year: int) -> AnnualReport:
    """The report as the data says now: exactly the JSON of API.md."""
    if not is_government(org):
        return own_report(org, year)
    members = consolidation_members(org)
    own = _own_reports(members.all_organizations(), year)

    def fold(m: Members) -> AnnualReport:
        parts = [own[o.pk] for o in (m.government, *m.departments)] + [fold(d) for d in m.districts]
        return consolidate(parts, organization=m.government.code, year=year)

    return fold(members)


def report_constituents(org: Organization, year: int) -> list[tuple[Organization, AnnualReport]]:
    """The reports a government's consolidated report sums, each labelled (for the back office)."""
    if not is_government(org):
        return [(org, own_report(org, year))]
    members = consolidation_members(org)
    own = _own_reports([members.government, *members.departments], year)
    rows = [(o, own[o.pk]) for o in (members.government, *members.departments)]
    return rows + [(d.government, live_report(d.government, year)) for d in members.districts]


# --- Who may see and do what ---------------------------------------------------------------------


def can_view(user: Any, org: Organization) -> bool:
    return has_role(user, org, *VIEW_ROLES)


def can_edit(user: Any, org: Organization) -> bool:
    return has_role(user, org, *EDIT_ROLES)


def can_publish(user: Any, org: Organization) -> bool:
    return has_role(user, org, *PUBLISH_ROLES)


def access_report_organization(user: Any, code: str) -> Organization:
    """The agency whose report the user asks for; DoesNotExist → 404, another agency → 403."""
    org = Organization.objects.select_related("parent").get(code=code)
    if not can_view(user, org):
        raise NotPermitted(f"您无权查看“{org.display_name}”的年度报告。")
    return org


def default_government_for(user: Any) -> Organization:
    """The government whose consolidated report a caller gets without naming one (API.md):
    the highest government where the user holds a role, or the root for administrators."""
    if is_platform_admin(user):
        qs = Organization.objects.filter(parent__isnull=True, kind=OrgKind.GOVERNMENT)
    else:
        qs = Organization.objects.filter(
            memberships__user=user, kind__in=GOVERNMENT_KINDS, is_active=True
        ).distinct()
    governments = sorted(qs, key=lambda o: (o.path.count("/"), o.sort_order, o.code))
    if not governments:
        raise ValidationFailed(
            "您不在任何人民政府任职，请用 organization 参数指定机构代码。",
            code="organization_required",
            fields={"organization": "必填"},
        )
    return governments[0]


def report_organizations_for(user: Any) -> list[Organization]:
    """Agencies whose report the user may open in the back office, governments first."""
    orgs = [o for o in visible_organizations(user).filter(is_active=True) if reports_annually(o)]
    return sorted(orgs, key=lambda o: (not is_government(o), o.path.count("/"), o.sort_order, o.code))


def check_year(year: int, *, today_year: int) -> None:
    """A report covers a whole calendar year that has begun (the current one is provisional)."""
    if not EARLIEST_YEAR <= year <= today_year:
        raise ValidationFailed(
            f"年度应在 {EARLIEST_YEAR}—{today_year} 之间。", code="invalid_year", fields={"year": "超出范围"}
        )


# --- Texts and published versions -----------------------------------------------------------------


def report_text(org: Organization, year: int) -> ReportText | None:
    return ReportText.objects.filter(organization=org, year=year).first()


def published_versions(org: Organization, year: int) -> list[PublishedReport]:
    """Every published version, newest first; the first is the public one."""
    return list(
        PublishedReport.objects.filter(organization=org, year=year)
        .select_related("published_by")
        .order_by("-version")
    )


def public_report(code: str, year: int, version: int | None = None) -> PublishedReport:
    """A published report for the portal: the latest version unless one is asked for.

    DoesNotExist → 404. Anyone may read a published report (Art. 50), earlier versions included:
    a correction must not hide what was first published.
    """
    qs = PublishedReport.objects.select_related("organization").filter(organization__code=code, year=year)
    if version is not None:
        return qs.get(version=version)
    report = qs.order_by("-version").first()
    if report is None:
        raise PublishedReport.DoesNotExist
    return report


def public_report_list(*, organization: Organization | None = None) -> list[PublishedReport]:
    """The public version of every published report, newest year first; one agency's when given
    (its 政府信息公开年报 column on the portal)."""
    qs = PublishedReport.objects.latest_versions().select_related("organization")
    if organization is not None:
        qs = qs.filter(organization=organization)
    return list(qs.order_by("-year", "organization__sort_order", "organization__code"))
