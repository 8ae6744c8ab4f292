"""The supervising office's to-do entries (zwgk.core.todos): failing websites, responsible
leaders not filed, last year's annual reports not published. Each reads the selector behind the
supervision dashboard's figure of the same name."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.monitoring.selectors import latest_status_by_organization
from zwgk.organizations.models import OrgKind, Role
from zwgk.organizations.permissions import organizations_with_role
from zwgk.organizations.selectors import leader_filing_status_for
from zwgk.reports import deadlines
from zwgk.reports.models import PublishedReport
from zwgk.reports.selectors import is_government, reports_annually

SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _supervised(user: Any) -> Any:
    return organizations_with_role(user, Role.SUPERVISOR).filter(is_active=True)


def sites_failing(user: Any, *, today: date) -> list[TodoEntry]:
    names = dict(_supervised(user).values_list("pk", "short_name"))
    status = latest_status_by_organization(list(names))
    return [
        TodoEntry(
            f"{names[org_id] or s['site']}：{s['site']}巡检未通过或IPv6未达标",
            1,
            reverse("backoffice:monitoring_site", args=[s["site_id"]]),
        )
        for org_id, s in sorted(status.items())
        if not s["ok"]
    ]


def leaders_not_filed(user: Any, *, today: date) -> list[TodoEntry]:
    missing = [org for org, leader in leader_filing_status_for(user) if leader is None]
    if not missing:
        return []
    names = "、".join(o.display_name for o in missing[:3]) + ("等" if len(missing) > 3 else "")
    return [TodoEntry("未备案分管负责人的机构", len(missing), reverse("backoffice:leaders"), note=names)]


def reports_not_published(user: Any, *, today: date) -> list[TodoEntry]:
    """Last year's reports still unpublished, departments (due 31 January) and governments (due
    31 March) apart (Art. 49)."""
    year = today.year - 1
    orgs = [o for o in _supervised(user).exclude(kind=OrgKind.PUBLIC_ENTERPRISE) if reports_annually(o)]
    published = set(
        PublishedReport.objects.filter(year=year, organization__in=[o.pk for o in orgs]).values_list(
            "organization_id", flat=True
        )
    )
    out = []
    for government, who in ((False, "部门"), (True, "人民政府")):
        pending = [o for o in orgs if o.pk not in published and is_government(o) == government]
        if not pending:
            continue
        due = deadlines.due_on(year, government=government)
        out.append(
            TodoEntry(
                f"{year}年度政府信息公开工作年度报告未发布（{who}）",
                len(pending),
                f"{reverse('backoffice:report_annual')}?organization={pending[0].code}&year={year}",
                due,
                overdue=today > due,
                note="、".join(o.display_name for o in pending[:3]) + ("等" if len(pending) > 3 else ""),
            )
        )
    return out


def register_todos() -> None:
    for code, label, entries, menu, order in (
        ("reports.sites_failing", "网站监测未达标", sites_failing, "backoffice:monitoring_dashboard", 510),
        ("reports.leaders_not_filed", "分管负责人备案", leaders_not_filed, "backoffice:leaders", 520),
        (
            "reports.annual_not_published",
            "年度报告发布",
            reports_not_published,
            "backoffice:report_annual",
            530,
        ),
    ):
        todos.register(
            todos.TodoProvider(
                code=code, label=label, roles=SUPERVISING, entries=entries, menu=menu, order=order
            )
        )
