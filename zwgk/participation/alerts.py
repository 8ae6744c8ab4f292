"""Alerts on messages awaiting an answer, sent by the worker (tasks.send_message_alerts).

Kinds (each once per message, MessageAlert): due within 2 working days → the agency; past its
due date → the agency and its supervising office; two months unanswered (a month before the
RULES §5.1 three-month veto, "well before three months") → the agency and the supervising
office again. Mails carry the tracking code, subject and dates, never the sender's data.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from zwgk.core.calendars import calendar_current
from zwgk.core.links import public_url
from zwgk.core.workdays import Calendar, provisional_text
from zwgk.organizations.models import Membership, Organization, Role
from zwgk.participation import rules
from zwgk.participation.models import AlertKind, Message, MessageAlert, MessageState

logger = logging.getLogger(__name__)

AGENCY_ROLES = (Role.HANDLER, Role.OFFICE_HEAD)


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    to_supervisor: bool
    subject: str
    body: str


def _d(day: date, provisional: bool = False) -> str:
    return provisional_text(day.strftime("%Y年%m月%d日"), provisional)


def alerts_for(message: Message, cal: Calendar, today: date) -> list[Alert]:
    """What is due on `today` for one pending message (pure given the calendar)."""
    if message.state != MessageState.PENDING:
        return []
    code, due = message.tracking_code, message.due_on
    due_text = _d(due, message.due_provisional)
    out: list[Alert] = []
    if today <= due and cal.workdays_between(today, due) <= rules.DUE_SOON_WORKDAYS:
        out.append(
            Alert(
                AlertKind.DUE_SOON,
                False,
                f"【即将到期】留言 {code} 答复期限 {due_text}",
                f"留言“{message.subject}”（查询码 {code}）应于{due_text}前答复，"
                f"还剩{cal.workdays_between(today, due)}个工作日。",
            )
        )
    if today > due:
        out.append(
            Alert(
                AlertKind.OVERDUE,
                True,
                f"【已逾期】留言 {code} 答复期限 {due_text} 已过",
                f"{message.organization.name}收到的留言“{message.subject}”（查询码 {code}，"
                f"{_d(message.received_on)}收到）答复期限{due_text}已过，请尽快答复。",
            )
        )
    risk_on = rules.veto_risk_on(message.received_on)
    if today >= risk_on:
        out.append(
            Alert(
                AlertKind.VETO_RISK,
                True,
                f"【互动回应预警】留言 {code} 已{rules.VETO_RISK_MONTHS}个月未答复",
                f"{message.organization.name}收到的留言“{message.subject}”（查询码 {code}）自"
                f"{_d(message.received_on)}起已{rules.VETO_RISK_MONTHS}个月未答复。政务咨询类留言超过"
                f"{rules.VETO_MONTHS}个月未答复的，网站检查单项否决（互动回应差），请立即办理。",
            )
        )
    return out


def _recipients(messages: list[Message]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """org id → agency staff e-mails, org id → supervising office e-mails (supervisors of the
    agency or of any agency above it), in two queries."""
    org_ids = {m.organization_id for m in messages}
    agency: dict[int, list[str]] = defaultdict(list)
    for org_id, email in Membership.objects.filter(
        organization_id__in=org_ids, role__in=AGENCY_ROLES, user__is_active=True
    ).values_list("organization_id", "user__email"):
        if email and email not in agency[org_id]:
            agency[org_id].append(email)
    paths = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    supervisors = list(
        Membership.objects.filter(role=Role.SUPERVISOR, user__is_active=True).values_list(
            "organization__path", "user__email"
        )
    )
    above: dict[int, list[str]] = defaultdict(list)
    for org_id, path in paths.items():
        for sup_path, email in supervisors:
            if email and path.startswith(sup_path) and email not in above[org_id]:
                above[org_id].append(email)
    return agency, above


def _send_once(message: Message, alert: Alert, to: list[str]) -> bool:
    try:
        with transaction.atomic():
            MessageAlert.objects.create(message=message, kind=alert.kind, recipients=len(to))
    except IntegrityError:
        return False
    if not to:
        return True
    link = public_url(reverse("backoffice:participation_message", args=[message.pk]))
    try:
        send_mail(alert.subject, f"{alert.body}\n\n办理页面：{link}", None, to)
    except Exception:
        MessageAlert.objects.filter(message=message, kind=alert.kind).delete()  # the next sweep retries
        logger.exception("message alert %s for %s not sent", alert.kind, message.pk)
        return False
    return True


def alerts_send(*, today: date) -> dict[str, int]:
    cal = calendar_current()
    messages = list(Message.objects.filter(state=MessageState.PENDING).select_related("organization"))
    sent_kinds = set(MessageAlert.objects.filter(message__in=messages).values_list("message_id", "kind"))
    agency, above = _recipients(messages)
    sent: dict[str, int] = defaultdict(int)
    for message in messages:
        for alert in alerts_for(message, cal, today):
            if (message.pk, alert.kind) in sent_kinds:
                continue
            to = list(agency[message.organization_id])
            if alert.to_supervisor:
                to = list(dict.fromkeys([*to, *above[message.organization_id]]))
            if _send_once(message, alert, to):
                sent[alert.kind] += 1
    return dict(sent)
