"""Reminders to the people handling a case (RULES §2.7 deadlines, counted in working days).

Kinds: due within 3 working days, overdue, a consultee's 15 working days are up, the applicant's
20 working days to pay are up (3.6.2 is possible), the correction period is over (proposes
closing as 3.6.1), a posted notice still not signed for 5 working days after it was sent.
Each goes once (ReminderSent: application, kind, key) by e-mail to the case's
handler, or the agency's handlers while nobody is assigned, and to its office head(s).
Mails carry the tracking code, the title and the dates: never the applicant's personal data.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse

from zwgk.core.calendars import calendar_current
from zwgk.core.links import public_url
from zwgk.core.workdays import Calendar, provisional_text
from zwgk.foi.domain.clock import (
    ClockFacts,
    ClockReading,
    is_due_soon,
    is_overdue,
    read_clock,
    signature_chase_on,
)
from zwgk.foi.domain.states import replay
from zwgk.foi.models import Application, ApplicationEvent, ReminderKind, ReminderSent
from zwgk.foi.selectors import event_record
from zwgk.foi.services import applications_recompute_deadlines, applications_refresh_derived
from zwgk.organizations.models import Membership, Role

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    subject: str
    body: str


def _d(day: date, provisional: bool = False) -> str:
    return provisional_text(day.strftime("%Y年%m月%d日"), provisional)


def reminders_for(
    application: Application, reading: ClockReading, progress: Any, today: date, cal: Calendar
) -> list[Reminder]:
    """What is due on `today` for one case (pure given the reading and the calendar)."""
    code = application.tracking_code
    title = application.title or application.description[:30]
    out: list[Reminder] = []
    due = reading.due_on
    due_text = _d(due, reading.due_provisional) if due is not None else ""
    if due is not None and is_due_soon(reading):
        out.append(
            Reminder(
                ReminderKind.DUE_SOON,
                due.isoformat(),
                f"【即将到期】依申请公开 {code} 答复期限 {due_text}",
                f"申请“{title}”（查询码 {code}）的答复期限为{due_text}，"
                f"还剩{reading.workdays_left}个工作日。",
            )
        )
    if due is not None and is_overdue(reading):
        out.append(
            Reminder(
                ReminderKind.OVERDUE,
                due.isoformat(),
                f"【已逾期】依申请公开 {code} 答复期限 {due_text} 已过",
                f"申请“{title}”（查询码 {code}）的答复期限{due_text}已过，请尽快答复。",
            )
        )
    for consultation, answer_due in zip(
        progress.consultations, reading.consultation_answers_due_on, strict=True
    ):
        if consultation.ended_on is None and today >= answer_due:
            answer_text = _d(answer_due, answer_due in reading.provisional_dates)
            out.append(
                Reminder(
                    ReminderKind.CONSULTATION_DUE,
                    f"{consultation.id}:{answer_due.isoformat()}",
                    f"【征求意见到期】依申请公开 {code}",
                    f"申请“{title}”（查询码 {code}）的第{consultation.id}项征求意见，答复期限{answer_text}"
                    "（15个工作日，《条例》第三十二条、第三十四条）已到。请登记对方意见；逾期未答复的，"
                    "由本机关依法决定（第三方）或视为同意（其他机关），并登记征求意见结束。",
                )
            )
    if reading.fee_period_over and reading.fee_due_on is not None:
        out.append(
            Reminder(
                ReminderKind.FEE_DUE,
                reading.fee_due_on.isoformat(),
                f"【缴费期限届满】依申请公开 {code}",
                f"申请“{title}”（查询码 {code}）的信息处理费缴纳期限{_d(reading.fee_due_on)}已过，"
                "申请人未缴费的，可按“3.6.2 逾期未缴纳信息处理费，不再处理”办结。",
            )
        )
    if reading.correction_period_over and reading.correction_period_ends_on is not None:
        out.append(
            Reminder(
                ReminderKind.CORRECTION_OVER,
                reading.correction_period_ends_on.isoformat(),
                f"【补正期限届满】依申请公开 {code}",
                f"申请“{title}”（查询码 {code}）的补正期限{_d(reading.correction_period_ends_on)}已过，"
                "申请人无正当理由逾期不补正的，建议按“3.6.1 申请人逾期不补正，不再处理”办结"
                "（《条例》第三十条）。",
            )
        )
    for notice, delivery in progress.notices_awaiting_signature:
        chase_on = signature_chase_on(cal, delivery.sent_on)
        if today >= chase_on:
            out.append(
                Reminder(
                    ReminderKind.SIGNATURE_PENDING,
                    f"{notice.value}:{delivery.sent_on.isoformat()}",
                    f"【待登记签收】依申请公开 {code} {notice.label}",
                    f"申请“{title}”（查询码 {code}）的{notice.label}于{_d(delivery.sent_on)}邮寄，"
                    f"至{_d(chase_on)}仍未登记签收。申请人的期限自签收之日起计算，登记前按寄出之日暂计"
                    "（暂定）；请按邮件回执或查询结果登记签收日期，退回的登记退回并改用其他方式送达。",
                )
            )
    return out


def _recipients(applications: list[Application]) -> dict[int, dict[str, list[str]]]:
    """org id → {"handler": [...], "office_head": [...]} e-mail addresses, in one query."""
    table: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"handler": [], "office_head": []})
    rows = Membership.objects.filter(
        organization_id__in={a.organization_id for a in applications},
        role__in=[Role.HANDLER, Role.OFFICE_HEAD],
        user__is_active=True,
    ).values_list("organization_id", "role", "user__email")
    for org_id, role, email in rows:
        if email and email not in table[org_id][role]:
            table[org_id][role].append(email)
    return table


def _send_once(application: Application, reminder: Reminder, to: list[str]) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                application=application, kind=reminder.kind, key=reminder.key, recipients=len(to)
            )
    except IntegrityError:
        return False  # already sent
    if not to:
        return True
    link = public_url(reverse("backoffice:foi_case", args=[application.pk]))
    try:
        send_mail(reminder.subject, f"{reminder.body}\n\n办理页面：{link}", None, to)
    except Exception:
        # Not sent: forget it, so the next sweep tries again.
        ReminderSent.objects.filter(application=application, kind=reminder.kind, key=reminder.key).delete()
        logger.exception("reminder %s for application %s not sent", reminder.kind, application.pk)
        return False
    return True


def reminders_send(*, today: date) -> dict[str, int]:
    # Cases a recompute left marked (its process died: decision 0030); nothing when none is.
    applications_recompute_deadlines(today=today)
    applications_refresh_derived(today=today)
    cal = calendar_current()
    events = ApplicationEvent.objects.order_by("seq")
    applications = list(
        Application.objects.open()
        .select_related("organization", "handler")
        .prefetch_related(Prefetch("events", queryset=events))
    )
    staff = _recipients(applications)
    sent: dict[str, int] = defaultdict(int)
    for application in applications:
        progress = replay(event_record(e) for e in application.events.all())
        facts = ClockFacts.from_progress(progress)
        if facts is None:
            continue
        reading = read_clock(cal, facts, today)
        org_staff = staff[application.organization_id]
        handler = application.handler
        handlers = [handler.email] if handler is not None and handler.email else org_staff["handler"]
        to = list(dict.fromkeys([*handlers, *org_staff["office_head"]]))
        for reminder in reminders_for(application, reading, progress, today, cal):
            if _send_once(application, reminder, to):
                sent[reminder.kind] += 1
    return dict(sent)
