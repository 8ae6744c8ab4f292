"""The supervising office's view of every agency under it (issue 7 point 4), read-only.

Each number is computed from the same facts the agencies' own pages use (application
timelines, catalogue compliance flags, leader filings, inspection rounds), so a drill-down
from the dashboard lands on exactly the cases or items behind the number.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from zwgk.casework.models import JointStudy
from zwgk.catalog.compliance import FlagKind
from zwgk.catalog.models import Document
from zwgk.catalog.selectors import compliance_flags_for
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import NotPermitted
from zwgk.directory.selectors import EnterpriseStatus, enterprise_status_list_for
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import OPEN_STATES, AppealResult, EventType
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.monitoring.selectors import latest_status_by_organization
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import roles_of, visible_organizations
from zwgk.organizations.selectors import leader_filing_status_for
from zwgk.reports import deadlines
from zwgk.reports.deadlines import ReportState
from zwgk.reports.models import PublishedReport
from zwgk.reports.selectors import is_government, reports_annually
from zwgk.workplan.selectors import workplan_missed_by_unit

APPEAL_FILED = (EventType.RECONSIDERATION_FILED, EventType.LITIGATION_FILED)
APPEAL_DECIDED = (EventType.RECONSIDERATION_DECIDED, EventType.LITIGATION_DECIDED)


@dataclass
class AgencyRow:
    organization: Organization
    received: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    closed_on_time: int = 0
    reply_workdays: list[int] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    appeals_filed: int = 0
    appeals_corrected: int = 0
    joint_studies: int = 0  # 会商 opened in the year on the agency's cases (work arrangement 五(三))
    flags: Counter[FlagKind] = field(default_factory=Counter)
    last_published_on: date | None = None
    published_in_year: int = 0
    leader_filed: bool = False
    site: dict[str, Any] | None = None
    # The year's work-plan tasks (task id, section) overdue at the year's end, or completed late.
    workplan_overdue: list[tuple[int, str]] = field(default_factory=list)
    workplan_late: list[tuple[int, str]] = field(default_factory=list)
    # The items behind the figures, for the assessment's links: (id, label).
    overdue_cases: list[tuple[int, str]] = field(default_factory=list)
    late_cases: list[tuple[int, str]] = field(default_factory=list)  # closed after the due date
    flag_items: dict[FlagKind, list[tuple[int, str]]] = field(default_factory=dict)
    # Last year's annual report, due in the supervised year (RULES §4.1).
    annual_report_year: int = 0
    annual_report_due_on: date | None = None
    annual_report_published_on: date | None = None
    annual_report_state: ReportState = ReportState.NOT_REQUIRED

    @property
    def sites_failing(self) -> int:
        """Active sites whose latest round failed, missed the IPv6 target or never ran."""
        return int(self.site["failing"]) if self.site else 0

    @property
    def annual_report_missed(self) -> bool:
        return self.annual_report_state in (ReportState.OVERDUE, ReportState.PUBLISHED_LATE)

    @property
    def workplan_missed(self) -> int:
        return len(self.workplan_overdue) + len(self.workplan_late)

    @property
    def sites(self) -> int:
        return int(self.site["sites"]) if self.site else 0

    def figures(self) -> dict[str, Any]:
        """The row as the supervision API gives it (API.md, Supervision); the dashboard's table
        shows the same attributes."""
        return {
            "organization": self.organization.code,
            "name": self.organization.name,
            "items_published": self.published_in_year,
            "last_published_on": self.last_published_on,
            "late_publication": self.late_publication,
            "interpretations_missing": self.interpretations_missing,
            "interpretations_late": self.interpretations_late,
            "topic_items_late": self.topic_items_late,
            "applications_received": self.received,
            "applications_open": self.open,
            "applications_overdue": self.overdue,
            "sites": self.sites,
            "sites_failing": self.sites_failing,
            "leader_filed": self.leader_filed,
            "annual_report": {
                "year": self.annual_report_year,
                "state": self.annual_report_state.value,
                "due_on": self.annual_report_due_on,
                "published_on": self.annual_report_published_on,
            },
        }

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.closed_on_time / self.closed, 1) if self.closed else None

    @property
    def median_workdays(self) -> float | None:
        return statistics.median(self.reply_workdays) if self.reply_workdays else None

    @property
    def outcome_groups(self) -> list[tuple[str, int]]:
        """(group label, count) pairs — a list, since templates look up keys on a Counter first."""
        groups: Counter[str] = Counter()
        for code, n in self.outcomes.items():
            outcome = OUTCOMES_BY_CODE.get(code)
            groups[outcome.group.label if outcome else code] += n
        return groups.most_common()

    @property
    def flag_count(self) -> int:
        return sum(self.flags.values())

    # The catalogue's flags as the dashboard, the assessment and the API name them.
    @property
    def late_publication(self) -> int:
        return self.flags[FlagKind.LATE_PUBLICATION]

    @property
    def interpretations_missing(self) -> int:
        return self.flags[FlagKind.INTERPRETATION_MISSING]

    @property
    def interpretations_late(self) -> int:
        return self.flags[FlagKind.INTERPRETATION_LATE]

    @property
    def topic_items_late(self) -> int:
        """Topic-column items placed late or, past their deadline, not placed at all."""
        return self.flags[FlagKind.TOPIC_PLACED_LATE] + self.flags[FlagKind.TOPIC_NOT_PLACED]


@dataclass
class Overview:
    year: int
    today: date
    rows: list[AgencyRow]
    monthly_received: list[int]  # 12 numbers
    monthly_closed: list[int]
    # Public enterprises and their competent departments' latest verification (RULES §3.5).
    enterprises: list[EnterpriseStatus] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, Any]:
        closed = sum(r.closed for r in self.rows)
        on_time = sum(r.closed_on_time for r in self.rows)
        days = [d for r in self.rows for d in r.reply_workdays]
        return {
            "received": sum(r.received for r in self.rows),
            "items_published": sum(r.published_in_year for r in self.rows),
            "open": sum(r.open for r in self.rows),
            "overdue": sum(r.overdue for r in self.rows),
            "closed": closed,
            "on_time_rate": round(100 * on_time / closed, 1) if closed else None,
            "median_workdays": statistics.median(days) if days else None,
            "appeals_filed": sum(r.appeals_filed for r in self.rows),
            "appeals_corrected": sum(r.appeals_corrected for r in self.rows),
            "joint_studies": sum(r.joint_studies for r in self.rows),
            "flags": sum((r.flags for r in self.rows), Counter()),
            "late_publication": sum(r.late_publication for r in self.rows),
            "interpretations_missing": sum(r.interpretations_missing for r in self.rows),
            "interpretations_late": sum(r.interpretations_late for r in self.rows),
            "topic_items_late": sum(r.topic_items_late for r in self.rows),
            "leaders_missing": sum(1 for r in self.rows if not r.leader_filed),
            "sites_failing": sum(r.sites_failing for r in self.rows),
            "annual_reports_overdue": sum(r.annual_report_state is ReportState.OVERDUE for r in self.rows),
        }


def require_supervisor(user: Any) -> None:
    if not roles_of(user) & {Role.SUPERVISOR, Role.ADMIN}:
        raise NotPermitted("仅公开办（监督）和平台管理员可查看监督总览。")


def supervision_overview(user: Any, *, year: int, today: date) -> Overview:
    """Every figure of the supervision dashboard and of `GET /api/v1/staff/supervision/{year}`."""
    require_supervisor(user)
    orgs = list(
        visible_organizations(user)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PUBLIC_ENTERPRISE)
        .order_by("sort_order", "code")
    )
    rows = {org.pk: AgencyRow(organization=org) for org in orgs}
    start, end = date(year, 1, 1), date(year, 12, 31)
    apps_qs = Application.objects.filter(organization_id__in=rows)
    open_states = [s.value for s in OPEN_STATES]

    # Open and overdue as they stood at the year's end (today, for the current year): a past
    # year's assessment must not change with cases received or answered since.
    as_of = min(today, end)
    open_then = Q(received_on__lte=as_of) & (Q(state__in=open_states) | Q(closed_on__gt=as_of))
    counts = apps_qs.values("organization_id").annotate(
        received=Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
        open=Count("pk", filter=open_then),
        overdue=Count("pk", filter=open_then & Q(due_on__lt=as_of)),
    )
    for c in counts:
        row = rows[c["organization_id"]]
        row.received, row.open, row.overdue = c["received"], c["open"], c["overdue"]

    cal = calendar_current()
    monthly_received = [0] * 12
    monthly_closed = [0] * 12
    for received_on in apps_qs.filter(received_on__gte=start, received_on__lte=end).values_list(
        "received_on", flat=True
    ):
        monthly_received[received_on.month - 1] += 1
    closed = apps_qs.filter(closed_on__gte=start, closed_on__lte=end).exclude(outcome="")
    for org_id, received_on, closed_on, due_on, outcome, pk, code in closed.values_list(
        "organization_id", "received_on", "closed_on", "due_on", "outcome", "pk", "tracking_code"
    ):
        row = rows[org_id]
        row.closed += 1
        row.outcomes[outcome] += 1
        monthly_closed[closed_on.month - 1] += 1
        if due_on is None or closed_on <= due_on:
            row.closed_on_time += 1
        else:
            row.late_cases.append((pk, code))
        if received_on is not None:
            row.reply_workdays.append(cal.workdays_between(received_on, closed_on))

    appeal_counts = (
        ApplicationEvent.objects.filter(application__organization_id__in=rows, on__gte=start, on__lte=end)
        .filter(type__in=APPEAL_FILED + APPEAL_DECIDED)
        .values("application__organization_id")
        .annotate(
            filed=Count("pk", filter=Q(type__in=APPEAL_FILED)),
            corrected=Count("pk", filter=Q(type__in=APPEAL_DECIDED, payload__result=AppealResult.CORRECTED)),
        )
    )
    for c in appeal_counts:
        row = rows[c["application__organization_id"]]
        row.appeals_filed, row.appeals_corrected = c["filed"], c["corrected"]

    studies = (
        JointStudy.objects.filter(
            application__organization_id__in=rows, opened_on__gte=start, opened_on__lte=end
        )
        .values("application__organization_id")
        .annotate(n=Count("pk"))
    )
    for c in studies:
        rows[c["application__organization_id"]].joint_studies = c["n"]

    by_code = {org.code: org.pk for org in orgs}
    for flag in compliance_flags_for(user, today=today, year=year):
        org_id = by_code.get(flag.organization_code)
        if org_id in rows:
            rows[org_id].flags[flag.kind] += 1
            rows[org_id].flag_items.setdefault(flag.kind, []).append((flag.document_id, flag.title))

    published = (
        Document.objects.published()
        .filter(organization_id__in=rows)
        .values("organization_id")
        .annotate(
            last=Max("published_on"),
            in_year=Count("pk", filter=Q(published_on__gte=start, published_on__lte=end)),
        )
    )
    for p in published:
        rows[p["organization_id"]].last_published_on = p["last"]
        rows[p["organization_id"]].published_in_year = p["in_year"]

    # Filings and inspections as they stood at the year's end too (the filing's date, the
    # round's finish), so a past year's figures do not move when a leader is filed today.
    for org, leader in leader_filing_status_for(user, as_of=as_of):
        if org.pk in rows:
            rows[org.pk].leader_filed = leader is not None

    past = as_of if as_of < today else None
    for org_id, status in latest_status_by_organization(list(rows), as_of=past).items():
        rows[org_id].site = status

    for task_id, section, org_id, missed in workplan_missed_by_unit(list(rows), year=year, as_of=as_of):
        target = rows[org_id].workplan_late if missed == "late" else rows[org_id].workplan_overdue
        target.append((task_id, section))

    overdue_then = apps_qs.filter(open_then & Q(due_on__lt=as_of)).order_by("due_on", "pk")
    for org_id, pk, code in overdue_then.values_list("organization_id", "pk", "tracking_code"):
        rows[org_id].overdue_cases.append((pk, code))

    report_year = year - 1
    first_published = dict(
        PublishedReport.objects.filter(organization_id__in=rows, year=report_year)
        .values("organization_id")
        .annotate(first=Min("published_at"))
        .values_list("organization_id", "first")
    )
    for row in rows.values():
        row.annual_report_year = report_year
        if not reports_annually(row.organization):
            continue
        due = deadlines.due_on(report_year, government=is_government(row.organization))
        first = first_published.get(row.organization.pk)
        row.annual_report_due_on = due
        row.annual_report_published_on = timezone.localdate(first) if first is not None else None
        row.annual_report_state = deadlines.report_state(
            due=due, published_on=row.annual_report_published_on, today=today
        )

    return Overview(
        year=year,
        today=today,
        rows=list(rows.values()),
        monthly_received=monthly_received,
        monthly_closed=monthly_closed,
        enterprises=enterprise_status_list_for(user, today=today),
    )
