"""Reminders to publish last year's annual report before its deadline (RULES §4.1).

Run daily by the scheduler (`tasks.annual_report_reminders`); idempotent: each agency is
reminded at most once per reporting year, and only while its report is unpublished.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.organizations.models import Membership, Organization, OrgKind, Role
from zwgk.reports import deadlines, selectors
from zwgk.reports.annual import report_title
from zwgk.reports.models import PublishedReport, ReminderSent

# Who prepares the report at an agency (besides the office's own mailbox).
RECIPIENT_ROLES = (Role.OFFICE_HEAD, Role.EDITOR)


def _candidates() -> list[Organization]:
    """Agencies of the local governments on the platform; provincial units filed with are not ours."""
    roots = Organization.objects.filter(parent__isnull=True, kind=OrgKind.GOVERNMENT).values_list(
        "path", flat=True
    )
    cond = Q()
    for path in roots:
        cond |= Q(path__startswith=path)
    if not cond:
        return []
    return [o for o in Organization.objects.filter(cond, is_active=True) if selectors.reports_annually(o)]


def _recipients(org: Organization) -> list[str]:
    emails = set(
        Membership.objects.filter(organization=org, role__in=RECIPIENT_ROLES, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if org.office_email:
        emails.add(org.office_email)
    return sorted(emails)


def send_due_reminders(*, today: date) -> list[str]:
    """Remind every agency whose report for last year is due soon and not yet published.

    Returns the codes of the agencies reminded now. An agency without any address is not
    marked as reminded, so it is reminded once someone gives it one.
    """
    cal = calendar_current()
    year = today.year - 1
    published = set(PublishedReport.objects.filter(year=year).values_list("organization_id", flat=True))
    reminded = set(ReminderSent.objects.filter(year=year).values_list("organization_id", flat=True))
    sent: list[str] = []
    for org in _candidates():
        government = selectors.is_government(org)
        start, due = deadlines.reminder_window(cal, year, government=government)
        if not start <= today <= due or org.pk in published or org.pk in reminded:
            continue
        recipients = _recipients(org)
        if not recipients:
            continue
        subject = f"请于{due.month}月{due.day}日前发布{report_title(org.name, year)}"
        body = (
            f"{org.name}：\n\n根据《中华人民共和国政府信息公开条例》第四十九条，"
            f"{report_title(org.name, year)}应于{due.year}年{due.month}月{due.day}日前向社会公布。"
            "平台显示该报告尚未发布，请登录政务公开平台后台“年度报告”完成填报、核对并发布。\n"
        )
        try:
            with transaction.atomic():
                ReminderSent.objects.create(organization=org, year=year, recipients=len(recipients))
                audit.record(
                    actor=None,
                    verb="report.reminder",
                    organization_code=org.code,
                    data={"year": year, "due_on": due.isoformat(), "recipients": len(recipients)},
                )
                transaction.on_commit(
                    lambda s=subject, b=body, r=recipients: send_mail(s, b, settings.DEFAULT_FROM_EMAIL, r)
                )
        except IntegrityError:
            continue  # another worker reminded it a moment ago
        sent.append(org.code)
    return sent
