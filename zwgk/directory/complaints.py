"""Complaints (申诉) from the public about what a public enterprise discloses (RULES §3.5;
国办发〔2020〕50号): filed on the portal, routed to the unit's competent department, answered
within `ZWGK_COMPLAINT_ANSWER_WORKDAYS` working days of receipt on the platform calendar, and the
result sent to the complainant by e-mail (a task, once) and shown behind the complaint's link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.links import public_url
from zwgk.core.workdays import Calendar
from zwgk.directory.models import Complaint, ComplaintOutcome, ComplaintState
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import has_role, organizations_with_role

# Who at the competent department answers: its 信息员 and its disclosure office head.
ANSWER_ROLES = (Role.EDITOR, Role.OFFICE_HEAD)
# Staff who see a department's complaints: the answerers and, through their subtree, supervisors.
READ_ROLES = (*ANSWER_ROLES, Role.SUPERVISOR)
AUDIT_FIELDS = ["state", "outcome", "answer", "answered_on"]


def answer_workdays() -> int:
    return int(settings.ZWGK_COMPLAINT_ANSWER_WORKDAYS)


def due_date(received_on: date, *, cal: Calendar | None = None) -> date:
    """The last day to answer: the n-th working day after receipt (the day of receipt never counts)."""
    return (cal or calendar_current()).add_workdays(received_on, answer_workdays())


def competent_department(unit: Organization) -> Organization:
    """The unit's parent in the organization tree (the directory's convention, models.py)."""
    if unit.parent is None:
        raise ValidationFailed(f"“{unit.display_name}”没有登记主管部门，暂不能受理申诉。")
    return unit.parent


@dataclass(frozen=True)
class Filing:
    organization: Organization
    name: str
    subject: str
    body: str
    email: str = ""
    phone: str = ""


def complaint_file(*, filing: Filing, received_on: date) -> Complaint:
    """Register a complaint from the portal or the API; the competent department is told through
    its workbench, the complainant gets the link to follow it."""
    unit = filing.organization
    if unit.kind != OrgKind.PUBLIC_ENTERPRISE or not unit.is_active:
        raise ValidationFailed("只能对公共企事业单位的信息公开提出申诉。", fields={"organization": "invalid"})
    name, subject, body = filing.name.strip(), filing.subject.strip(), filing.body.strip()
    missing = {k: "required" for k, v in {"name": name, "subject": subject, "body": body}.items() if not v}
    if missing:
        raise ValidationFailed("请填写申诉人、申诉事项和申诉内容。", fields=missing)
    if not filing.email.strip() and not filing.phone.strip():
        raise ValidationFailed("请留下电子邮箱或联系电话，以便告知调查结果。", fields={"email": "required"})
    department = competent_department(unit)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            organization=unit,
            department=department,
            number=f"pending-{secrets.token_hex(8)}",
            token=secrets.token_urlsafe(24),
            name=name,
            email=filing.email.strip(),
            phone=filing.phone.strip(),
            subject=subject,
            body=body,
            received_on=received_on,
            due_on=due_date(received_on),
        )
        # Numbered from the primary key: unique without a counter to lock.
        complaint.number = f"SS{received_on.year}-{complaint.pk:05d}"
        complaint.save(update_fields=["number"])
        audit.record(
            actor=None,
            verb="directory.complaint_file",
            target=complaint,
            organization_code=department.code,
            after={
                "organization": unit.code,
                "number": complaint.number,
                "due_on": complaint.due_on.isoformat(),
            },
        )
    return complaint


def complaints_for(user: Any) -> QuerySet[Complaint]:
    """Complaints routed to departments where the user answers, or that the user supervises."""
    departments = organizations_with_role(user, *READ_ROLES).values("pk")
    return Complaint.objects.filter(department__in=departments).select_related("organization", "department")


def can_answer(user: Any, complaint: Complaint) -> bool:
    return has_role(user, complaint.department, *ANSWER_ROLES)


def complaint_answer(
    *, actor: Any, complaint_id: int, outcome: str, answer: str, answered_on: date
) -> Complaint:
    """The competent department's result of its investigation, sent to the complainant."""
    if outcome not in ComplaintOutcome.values:
        raise ValidationFailed("请选择调查结果。", fields={"outcome": "invalid"})
    answer = answer.strip()
    if not answer:
        raise ValidationFailed("请填写答复内容。", fields={"answer": "required"})
    from zwgk.directory.tasks import notify_complainant

    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().select_related("department").get(pk=complaint_id)
        if not can_answer(actor, complaint):
            raise NotPermitted(
                f"只有{complaint.department.display_name}的信息员或公开工作机构负责人可以答复。"
            )
        if complaint.state == ComplaintState.ANSWERED:
            raise ValidationFailed("该申诉已经答复。", code="conflict")
        if answered_on < complaint.received_on:
            raise ValidationFailed("答复日期不能早于收到日期。", fields={"answered_on": "invalid"})
        before = audit.snapshot(complaint, AUDIT_FIELDS)
        complaint.state = ComplaintState.ANSWERED
        complaint.outcome, complaint.answer, complaint.answered_on = outcome, answer, answered_on
        complaint.answered_by = actor if getattr(actor, "pk", None) else None
        complaint.save()
        audit.record(
            actor=actor,
            verb="directory.complaint_answer",
            target=complaint,
            organization_code=complaint.department.code,
            before=before,
            after=audit.snapshot(complaint, AUDIT_FIELDS),
        )
        pk = complaint.pk
        transaction.on_commit(lambda: notify_complainant.enqueue(pk))
    return complaint


def complaints_recompute_deadlines(*, year: int) -> int:
    """Open complaints whose period touches `year` follow a calendar change."""
    cal = calendar_current()
    changed = 0
    for complaint in Complaint.objects.filter(
        state=ComplaintState.OPEN, received_on__year__lte=year, due_on__year__gte=year
    ):
        due = due_date(complaint.received_on, cal=cal)
        if due != complaint.due_on:
            complaint.due_on = due
            complaint.save(update_fields=["due_on"])
            changed += 1
    return changed


def tracking_url(complaint: Complaint) -> str:
    return public_url(reverse("portal:complaint_status", args=[complaint.token]))


def result_notice_text(complaint: Complaint) -> tuple[str, str]:
    """The e-mail telling the complainant the result: number, unit, outcome, answer, the link."""
    subject = f"您的申诉（{complaint.number}）已有调查结果"
    body = (
        f"您对{complaint.organization.name}信息公开的申诉（编号 {complaint.number}，"
        f"事项：{complaint.subject}）已由{complaint.department.name}调查答复。\n"
        f"调查结果：{ComplaintOutcome(complaint.outcome).label}\n"
        f"答复内容：\n{complaint.answer}\n\n"
        f"答复日期：{complaint.answered_on:%Y年%m月%d日}\n"
        f"您也可以在 {tracking_url(complaint)} 查看。"
    )
    return subject, body


def notify_result(complaint_id: int) -> int:
    from zwgk.foi.notifications import Notice, deliver

    complaint = Complaint.objects.select_related("organization", "department").get(pk=complaint_id)
    if complaint.state != ComplaintState.ANSWERED:
        return 0
    subject, body = result_notice_text(complaint)
    return deliver(Notice(subject=subject, body=body, email=complaint.email, phone=complaint.phone))


def open_complaints_for(user: Any, *, departments_with: tuple[str, ...] = READ_ROLES) -> QuerySet[Complaint]:
    departments = organizations_with_role(user, *departments_with).values("pk")
    return Complaint.objects.filter(department__in=departments, state=ComplaintState.OPEN)


def overdue_complaints(user: Any, *, today: date) -> QuerySet[Complaint]:
    """Open complaints past their last day to answer, in departments the user supervises (the
    overdue-complaint report and the supervisor's to-do list)."""
    return (
        open_complaints_for(user, departments_with=(Role.SUPERVISOR,))
        .filter(due_on__lt=today)
        .select_related("organization", "department")
        .order_by("due_on", "id")
    )
