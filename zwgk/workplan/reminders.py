"""Reminders before a work-plan deadline to each responsible unit that has not completed.

Run daily by the scheduler (`tasks.deadline_reminders`); idempotent: one reminder per unit and
task (`DeadlineReminder`), sent from the REMIND_WORKDAYS_BEFORE-th working day before the
deadline until the deadline, and only while the unit's status is open. The recipients are the
unit's 信息员 and 公开工作机构负责人: the people who report its progress.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.workdays import Calendar
from zwgk.organizations.models import Membership, Organization
from zwgk.reports.deadlines import workdays_before
from zwgk.workplan.models import OPEN_STATUSES, DeadlineReminder, TaskUnit
from zwgk.workplan.services import REPORTER_ROLES

# Product decision: a week of work ahead is enough to finish or to say why not.
REMIND_WORKDAYS_BEFORE: Final = 5
# No deadline is further away than this many calendar days from its reminder day.
_LOOKAHEAD_DAYS: Final = 40


def reminder_day(cal: Calendar, deadline: date) -> date:
    """The first day a unit is reminded of `deadline`: the 5th working day before it."""
    return workdays_before(cal, deadline, REMIND_WORKDAYS_BEFORE)


def _recipients(org_ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, set[str]] = {}
    rows = (
        Membership.objects.filter(organization_id__in=org_ids, role__in=REPORTER_ROLES, user__is_active=True)
        .exclude(user__email="")
        .values_list("organization_id", "user__email")
    )
    for org_id, email in rows:
        out.setdefault(org_id, set()).add(email)
    return {k: sorted(v) for k, v in out.items()}


def _message(row: TaskUnit, org: Organization) -> tuple[str, str]:
    task = row.task
    due = f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日"
    subject = f"工作安排任务将于{due}到期：{task.section}{task.title}"
    body = (
        f"{org.name}：\n\n《{task.plan.title}》（{task.plan.doc_no}）{task.section}“{task.title}”"
        f"的完成期限为{due}（{task.deadline_label}）。平台显示贵单位尚未报送完成，"
        "请登录政务公开平台后台“工作安排落实”，按时完成并附佐证材料报送进展。\n"
    )
    return subject, body


def send_deadline_reminders(*, today: date) -> list[int]:
    """Remind every responsible unit whose deadline is near and whose task is open.

    Returns the ids of the assignments reminded now. A unit without any recipient is not marked
    as reminded, so it is reminded once someone is given the role.
    """
    cal = calendar_current()
    rows = list(
        TaskUnit.objects.responsible()
        .filter(
            status__in=OPEN_STATUSES,
            task__deadline__gte=today,
            task__deadline__lte=today + timedelta(days=_LOOKAHEAD_DAYS),
            reminder__isnull=True,
        )
        .select_related("task__plan", "organization")
    )
    due_now = [r for r in rows if reminder_day(cal, r.task.deadline) <= today]
    recipients = _recipients({r.organization_id for r in due_now})
    sent: list[int] = []
    for row in due_now:
        to = recipients.get(row.organization_id)
        if not to:
            continue
        subject, body = _message(row, row.organization)
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(assignment=row, recipients=len(to), sent_on=today)
                audit.record(
                    actor=None,
                    verb="workplan.reminder",
                    target=row.task,
                    organization_code=row.organization.code,
                    data={
                        "task": row.task.section,
                        "due_on": row.task.deadline.isoformat(),
                        "recipients": len(to),
                    },
                )
                transaction.on_commit(
                    lambda s=subject, b=body, r=to: send_mail(s, b, settings.DEFAULT_FROM_EMAIL, r)
                )
        except IntegrityError:
            continue  # another worker reminded it a moment ago
        sent.append(row.pk)
    return sent
