"""Reading applications through the permission check, and the workbench's queues.

Who sees a case: the handling agency's handlers (依申请经办人) and office heads (公开工作机构负责人),
the supervising office over its subtree, and platform administrators. Anyone else gets a 404,
never a hint that the case exists. Applicants' personal data is a narrower circle still: only
staff of the handling agency itself (`can_see_personal_data`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from zwgk.core.workdays import Calendar
from zwgk.foi import masking
from zwgk.foi.domain.clock import (
    ClockFacts,
    ClockReading,
    available_events_on,
    due_soon_until,
    read_clock,
)
from zwgk.foi.domain.fees import FeeBasis
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import (
    Delivery,
    DeliveryState,
    EventRecord,
    EventType,
    NoticeKind,
    Progress,
    State,
    replay,
)
from zwgk.foi.models import Application, ApplicationAttachment, ApplicationEvent, AttachmentKind
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_own_role, has_role, organizations_with_role

READ_ROLES = (Role.HANDLER, Role.OFFICE_HEAD, Role.SUPERVISOR)
ACT_ROLES = (Role.HANDLER, Role.OFFICE_HEAD)
# The handling agency's own staff: whoever handles, approves or signs its replies.
PERSONAL_DATA_ROLES = (Role.HANDLER, Role.OFFICE_HEAD, Role.REVIEWER)


def application_list_for(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(organization__in=organizations_with_role(user, *READ_ROLES))


def access_application(user: Any, pk: int, *, for_update: bool = False) -> Application:
    """The case if the user may see it; DoesNotExist (→ 404) otherwise."""
    qs = application_list_for(user).select_related("organization", "handler")
    if for_update:
        # `of=("self",)`: lock the case row only, not the agency it joins.
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def application_by_tracking_code(code: str) -> Application:
    """Public lookup by a normalised tracking code; DoesNotExist for unknown codes."""
    return Application.objects.select_related("organization").get(tracking_code=code)


def can_act(user: Any, application: Application) -> bool:
    return has_role(user, application.organization, *ACT_ROLES)


def can_extend(user: Any, application: Application) -> bool:
    # Art. 33: the extension is approved by the head of the disclosure office; so is the longer
    # deadline of Art. 35 (RULES §2.7 item 8).
    return has_role(user, application.organization, Role.OFFICE_HEAD)


def can_see_personal_data(user: Any, application: Application) -> bool:
    return has_own_role(user, application.organization, *PERSONAL_DATA_ROLES)


# The events whose payload `channel` is a delivery channel (a `registered` one holds the Art. 31
# channel the application came by, which is another list).
_DELIVERY_CHANNEL_EVENTS = frozenset(
    {
        EventType.CORRECTION_REQUESTED,
        EventType.FEE_NOTICE_SENT,
        EventType.REASONS_REQUESTED,
        EventType.DELIVERED,
    }
)


def event_record(event: ApplicationEvent) -> EventRecord:
    p = event.payload or {}
    return EventRecord(
        type=EventType(event.type),
        on=event.on,
        period_workdays=p.get("period_workdays"),
        workdays=p.get("workdays"),
        consultation_id=p.get("consultation_id"),
        outcome=p.get("outcome"),
        after_reconsideration=p.get("after_reconsideration"),
        result=p.get("result"),
        kind=p.get("kind"),
        objected=p.get("objected"),
        notice=p.get("notice"),
        channel=p.get("channel") or None if event.type in _DELIVERY_CHANNEL_EVENTS else None,
        returned=p.get("returned"),
        printed_ends_on=_date_or_none(p.get("period_ends_on")),
        basis=p.get("basis"),
        amount=Decimal(p["amount_yuan"]) if p.get("amount_yuan") else None,
        due_on=_date_or_none(p.get("due_on")),
        procedure=p.get("procedure"),
    )


def _date_or_none(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def timeline(application: Application) -> list[ApplicationEvent]:
    cached = getattr(application, "_prefetched_objects_cache", {}).get("events")
    if cached is not None:
        return sorted(cached, key=lambda e: e.seq)
    return list(application.events.order_by("seq"))


# --- The workbench -----------------------------------------------------------------------------

QUEUES: dict[str, str] = {
    "mine": "我的案件",
    "due_soon": "3个工作日内到期",
    "overdue": "已逾期",
    "awaiting_correction": "待补正",
    "consulting": "征求意见中",
    "awaiting_payment": "待缴费",
    "submitted": "网上提交待确认",
    "open": "全部在办",
    "closed": "已办结",
}


def _queue_q(queue: str, *, user: Any, today: date, cal: Calendar) -> Q:
    open_q = Q(state__in=[s.value for s in State if s.is_open])
    if queue == "mine":
        return open_q & Q(handler=user)
    if queue == "due_soon":
        return open_q & Q(due_on__gte=today, due_on__lte=due_soon_until(cal, today), paused=False)
    if queue == "overdue":
        return open_q & Q(due_on__lt=today)
    if queue in {"awaiting_correction", "consulting", "awaiting_payment", "submitted", "closed"}:
        return Q(state=queue)
    if queue == "open":
        return open_q
    raise ValueError(f"unknown queue {queue!r}")


def workbench_counts(user: Any, *, today: date, cal: Calendar) -> dict[str, int]:
    """Every queue's size in one query."""
    aggregates = {
        name: Count("pk", filter=_queue_q(name, user=user, today=today, cal=cal)) for name in QUEUES
    }
    return application_list_for(user).aggregate(**aggregates)


RECOMPUTING_NOTE = "答复期限正按调整后的节假日安排重新计算，逾期和到期名单稍后更新"


def recomputing_count(user: Any) -> int:
    """Cases of the user's lists whose deadline waits for a calendar recompute (decision 0030): the
    overdue and due-soon lists read the stored deadline, which is the old one for a few seconds."""
    return application_list_for(user).filter(deadline_recompute_year__isnull=False).count()


def workbench_list(
    user: Any,
    *,
    queue: str,
    today: date,
    cal: Calendar,
    organization_code: str = "",
    search: str = "",
) -> QuerySet[Application]:
    qs = application_list_for(user).filter(_queue_q(queue, user=user, today=today, cal=cal))
    if organization_code:
        qs = qs.filter(organization__code=organization_code)
    if search:
        qs = qs.filter(Q(tracking_code__icontains=search.strip()) | Q(title__icontains=search.strip()))
    order = ["due_on", "id"] if queue not in {"closed", "submitted"} else ["-id"]
    return qs.select_related("organization", "handler").order_by(*order)


@dataclass(frozen=True)
class CaseRow:
    """One line of a list: personal data masked for everyone (RULES-level product decision)."""

    application: Application
    workdays_left: int | None
    applicant_name: str
    id_number: str
    phone: str


def case_rows(user: Any, applications: Sequence[Application], *, today: date, cal: Calendar) -> list[CaseRow]:
    own = {
        a.organization_id
        for a in applications
        if has_own_role(user, a.organization, *PERSONAL_DATA_ROLES)  # cached roles: no queries
    }
    rows = []
    for a in applications:
        left = None
        if a.due_on is not None and a.is_open:
            left = cal.workdays_between(today, a.due_on)
            if today > a.due_on:
                left = -max(1, cal.workdays_between(a.due_on, today))
        name = a.applicant_name if a.organization_id in own else masking.mask_name(a.applicant_name)
        rows.append(
            CaseRow(
                application=a,
                workdays_left=left,
                applicant_name=name,
                id_number=masking.mask_id_number(a.id_number),
                phone=masking.mask_phone(a.phone),
            )
        )
    return rows


# --- One case ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationView:
    id: int
    party: str
    kind: str
    started_on: date
    ended_on: date | None
    answer_due_on: date


@dataclass(frozen=True)
class FeeView:
    basis: str
    quantity: int
    amount_yuan: str
    already_counted: int
    sent_on: date
    paid_on: date | None
    due_on: date | None  # None while the notice is returned undelivered
    delivery: str = ""  # DeliveryState: delivered, provisional (posted, not signed for), returned

    @property
    def basis_short(self) -> str:
        return "按件" if self.basis == FeeBasis.PER_ITEM else "按量"


@dataclass(frozen=True)
class NoticeView:
    """A notice that gives the applicant a period, and how it stands with its delivery."""

    notice: NoticeKind
    sent_on: date
    sent_by: str
    delivered_on: date | None
    returned_on: date | None
    delivery: DeliveryState
    period_ends_on: date | None  # from delivery; provisional while `delivery` is provisional


def notice_views(progress: Progress, reading: ClockReading | None) -> list[NoticeView]:
    if reading is None:
        return []
    rows: list[tuple[NoticeKind, Delivery, date | None]] = []
    if progress.correction_delivery is not None:
        rows.append((NoticeKind.CORRECTION, progress.correction_delivery, reading.correction_period_ends_on))
    for fee, ends in zip(progress.fee_notices, reading.fee_payments_due_on, strict=True):
        rows.append((NoticeKind.FEE, fee.delivery or Delivery(sent_on=fee.sent_on), ends))
    if progress.reasons_delivery is not None:
        rows.append((NoticeKind.REASONS, progress.reasons_delivery, reading.reasons_period_ends_on))
    return [
        NoticeView(
            notice=kind,
            sent_on=d.sent_on,
            sent_by=d.sent_by.value,
            delivered_on=d.delivered_on,
            returned_on=d.returned_on,
            delivery=d.state,
            period_ends_on=ends,
        )
        for kind, d, ends in rows
    ]


@dataclass
class CaseView:
    application: Application
    events: list[ApplicationEvent]
    progress: Progress
    reading: ClockReading | None
    available: frozenset[EventType]
    consultations: list[ConsultationView]
    fee: FeeView | None
    personal_data: bool
    may_act: bool
    may_extend: bool
    identity_proofs: list[ApplicationAttachment] = field(default_factory=list)

    @property
    def notices(self) -> list[NoticeView]:
        return notice_views(self.progress, self.reading)

    @property
    def outcome_label(self) -> str:
        code = self.application.outcome
        return OUTCOMES_BY_CODE[code].label if code else ""

    @property
    def actions(self) -> list[EventType]:
        """What this user may do now, in the order of the timeline's life."""
        offered = [t for t in EventType if t in self.available and t is not EventType.CALENDAR_RECOMPUTED]
        if not self.may_act:
            return []
        head_only = (EventType.EXTENDED, EventType.DEADLINE_SET)
        return [t for t in offered if t not in head_only or self.may_extend]


def case_view(user: Any, application: Application, *, today: date, cal: Calendar) -> CaseView:
    events = timeline(application)
    progress = replay(event_record(e) for e in events)
    facts = ClockFacts.from_progress(progress)
    reading = read_clock(cal, facts, today) if facts is not None else None
    consultations = []
    fee = None
    answers = reading.consultation_answers_due_on if reading else ()
    started = {
        e.payload.get("consultation_id"): e for e in events if e.type == EventType.CONSULTATION_STARTED
    }
    for i, c in enumerate(progress.consultations):
        ev = started.get(c.id)
        consultations.append(
            ConsultationView(
                id=c.id or 0,
                party=(ev.payload.get("party", "") if ev else ""),
                kind=(ev.payload.get("kind", "") if ev else ""),
                started_on=c.started_on,
                ended_on=c.ended_on,
                answer_due_on=answers[i] if i < len(answers) else c.started_on,
            )
        )
    notices = [e for e in events if e.type == EventType.FEE_NOTICE_SENT]
    if notices and reading is not None:
        last = notices[-1]
        notice = progress.fee_notices[-1]
        fee = FeeView(
            basis=FeeBasis(last.payload["basis"]).value,
            quantity=int(last.payload["quantity"]),
            amount_yuan=str(last.payload["amount_yuan"]),
            already_counted=int(last.payload.get("already_counted", 0)),
            sent_on=notice.sent_on,
            paid_on=notice.paid_on,
            due_on=reading.fee_payments_due_on[-1],
            delivery=reading.fee_deliveries[-1].value,
        )
    personal = can_see_personal_data(user, application)
    proofs = []
    if personal:
        proofs = list(application.attachments.filter(kind=AttachmentKind.IDENTITY_PROOF))
    return CaseView(
        application=application,
        events=events,
        progress=progress,
        reading=reading,
        available=available_events_on(cal, progress, today),
        consultations=consultations,
        fee=fee,
        personal_data=personal,
        may_act=can_act(user, application),
        may_extend=can_extend(user, application),
        identity_proofs=proofs,
    )


def access_case(user: Any, pk: int, *, today: date, cal: Calendar) -> CaseView:
    qs = application_list_for(user).select_related("organization", "handler")
    events = ApplicationEvent.objects.select_related("actor").prefetch_related("attachments")
    application = qs.prefetch_related(Prefetch("events", queryset=events)).get(pk=pk)
    return case_view(user, application, today=today, cal=cal)


def access_attachment(user: Any, pk: int) -> ApplicationAttachment:
    """A case file for download; identity proofs only to the handling agency."""
    attachment = ApplicationAttachment.objects.select_related("application__organization").get(pk=pk)
    application = access_application(user, attachment.application_id)
    if attachment.kind == AttachmentKind.IDENTITY_PROOF and not can_see_personal_data(user, application):
        raise ApplicationAttachment.DoesNotExist
    return attachment


def handlers_of(application: Application) -> QuerySet[Any]:
    """Staff who may be assigned the case: handlers and office heads of the agency itself."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__organization=application.organization,
            memberships__role__in=[Role.HANDLER, Role.OFFICE_HEAD],
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )
