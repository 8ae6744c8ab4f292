"""Complaints (申诉) from the public about what a public enterprise discloses (RULES §3.5;
国办发〔2020〕50号): filed on the portal, routed to the unit's competent department, answered
within `ZWGK_COMPLAINT_ANSWER_WORKDAYS` working days of receipt on the platform calendar, and the
result sent to the complainant by e-mail (a task, once) and shown behind the complaint's link.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.links import public_url
from zwgk.core.workdays import Calendar, provisional_text
from zwgk.directory.models import Complaint, ComplaintOutcome, ComplaintQuerySet, ComplaintState
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
    return deadline(received_on, cal=cal)[0]


def deadline(received_on: date, *, cal: Calendar | None = None) -> tuple[date, bool]:
    """The last day to answer and whether it is provisional: counted through a year whose
    holiday schedule is not loaded yet (RULES §1, shown with "（暂定）")."""
    cal = cal or calendar_current()
    due = cal.add_workdays(received_on, answer_workdays())
    return due, cal.any_provisional(received_on, due)


def due_text(complaint: Complaint, fmt: str = "%Y年%m月%d日") -> str:
    """The answer deadline as pages and e-mails print it, marked when provisional."""
    return provisional_text(complaint.due_on.strftime(fmt), complaint.due_provisional)


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
    its workbench, the complainant gets the link to follow it and an acknowledgement (number,
    department, deadline) by e-mail (and text message where a gateway is configured)."""
    from zwgk.directory.tasks import acknowledge_complainant

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
    due_on, provisional = deadline(received_on)
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
            due_on=due_on,
            due_provisional=provisional,
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
        # The acknowledgement goes out from the worker, after the commit: never from the request.
        pk = complaint.pk
        transaction.on_commit(lambda: acknowledge_complainant.enqueue(pk))
    return complaint


def complaints_for(user: Any) -> ComplaintQuerySet:
    """Complaints routed to departments where the user answers, or that the user supervises."""
    departments = organizations_with_role(user, *READ_ROLES).values("pk")
    return Complaint.objects.filter(department__in=departments).select_related("organization", "department")


def can_answer(user: Any, complaint: Complaint) -> bool:
    return has_role(user, complaint.department, *ANSWER_ROLES)


def complaint_answer(
    *,
    actor: Any,
    complaint_id: int,
    outcome: str,
    answer: str,
    answered_on: date,
    today: date | None = None,
) -> Complaint:
    """The competent department's result of its investigation, sent to the complainant."""
    if answered_on > (today or timezone.localdate()):
        raise ValidationFailed("答复日期不能晚于今天。", fields={"answered_on": "invalid"})
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
        due, provisional = deadline(complaint.received_on, cal=cal)
        if (due, provisional) != (complaint.due_on, complaint.due_provisional):
            complaint.due_on, complaint.due_provisional = due, provisional
            complaint.save(update_fields=["due_on", "due_provisional"])
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


def acknowledgement_text(complaint: Complaint) -> tuple[str, str]:
    """The e-mail confirming receipt: the number, the competent department, the deadline."""
    from zwgk.foi.applicant_notices import PROVISIONAL_NOTE

    subject = f"您的申诉已收到（编号 {complaint.number}）"
    body = (
        f"您对{complaint.organization.name}信息公开的申诉（事项：{complaint.subject}）"
        f"已于{complaint.received_on:%Y年%m月%d日}收到，申诉编号 {complaint.number}。\n"
        f"办理部门：{complaint.department.name}（该单位的主管部门）\n"
        f"答复期限：{due_text(complaint)}（自收到之日起{answer_workdays()}个工作日内）。"
        f"{PROVISIONAL_NOTE if complaint.due_provisional else ''}\n"
        f"{complaint.department.name}将调查处理，并在期限内将结果告知您。\n"
        f"您可以在 {tracking_url(complaint)} 查看办理进度和调查结果，请妥善保管此链接。"
    )
    return subject, body


def _deliver(complaint_id: int, *, state: str, text: Callable[[Complaint], tuple[str, str]]) -> int:
    from zwgk.foi.notifications import Notice, deliver

    complaint = Complaint.objects.select_related("organization", "department").get(pk=complaint_id)
    if complaint.state != state:
        return 0
    subject, body = text(complaint)
    return deliver(Notice(subject=subject, body=body, email=complaint.email, phone=complaint.phone))


def notify_acknowledgement(complaint_id: int) -> int:
    """Tell the complainant that the complaint was received (skipped once it is answered: the
    answer says more)."""
    return _deliver(complaint_id, state=ComplaintState.OPEN, text=acknowledgement_text)


def notify_result(complaint_id: int) -> int:
    return _deliver(complaint_id, state=ComplaintState.ANSWERED, text=result_notice_text)


def overdue_complaints(user: Any, *, today: date) -> ComplaintQuerySet:
    """Open complaints past their last day to answer, in departments the user supervises (the
    overdue-complaint report and the supervisor's to-do list)."""
    departments = organizations_with_role(user, Role.SUPERVISOR).values("pk")
    return (
        Complaint.objects.filter(department__in=departments)
        .overdue(on=today)
        .select_related("organization", "department")
        .order_by("due_on", "id")
    )


def complaint_list_for(user: Any, *, state: str = "", today: date, department: str = "") -> ComplaintQuerySet:
    """The complaints a staff member reads, by state ("open", "answered", "overdue" or all):
    the department's own for its answerers, every department's below for supervisors."""
    rows = complaints_for(user)
    if state == "overdue":
        rows = rows.overdue(on=today)
    elif state in ComplaintState.values:
        rows = rows.filter(state=state)
    elif state:
        raise ValidationFailed("未知的状态。", fields={"state": "open、answered、overdue"})
    if department:
        rows = rows.filter(department__code=department)
    return rows


def sees_contacts(user: Any, complaint: Complaint) -> bool:
    """The complainant's name and contacts are for the department that answers (and platform
    administrators); supervisors above read them masked."""
    return can_answer(user, complaint)
