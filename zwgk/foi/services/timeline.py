"""The one append to a case's timeline, and the derivation of its denormalised fields from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import Conflict, NotPermitted, OutOfOrder, ValidationFailed
from zwgk.core.workdays import Calendar
from zwgk.foi.domain.clock import ClockFacts, ClockReading, check_event, read_clock
from zwgk.foi.domain.fees import MAX_QUANTITY, FeeBasis, FeeCalculation, calculate_fee
from zwgk.foi.domain.states import (
    DeliveryChannel,
    DeliveryState,
    EventNotAllowed,
    EventOutOfOrder,
    EventType,
    InvalidEvent,
    NoticeKind,
    Progress,
    State,
    replay,
)
from zwgk.foi.models import Application, ApplicationEvent, AttachmentKind, Delivery
from zwgk.foi.selectors import ACT_ROLES, access_application, can_act, can_extend, event_record
from zwgk.foi.services.inputs import NewEvent, _today
from zwgk.foi.services.storage import _notify_after_commit, _store_file
from zwgk.organizations.permissions import has_own_role

CONSULTATION_KINDS = {"third_party": "第三方", "agency": "其他机关"}  # Art. 32 / Art. 34
APPEAL_RESULTS = {"upheld", "corrected", "other"}


@dataclass(frozen=True)
class Appended:
    application: Application
    event: ApplicationEvent


@contextmanager
def _domain_errors() -> Iterator[None]:
    try:
        yield
    except EventOutOfOrder as exc:
        raise OutOfOrder(exc.message, code=exc.code, fields=exc.fields) from exc
    except EventNotAllowed as exc:
        raise Conflict(exc.message, code=exc.code) from exc
    except InvalidEvent as exc:
        raise ValidationFailed(exc.message, code=exc.code, fields=exc.fields) from exc


# --- Derivation: the one writer of the denormalised fields --------------------------------------


DERIVED_FIELDS = ["state", "received_on", "due_on", "due_provisional", "paused", "outcome", "closed_on"]


def _derive(application: Application, progress: Progress, cal: Calendar, today: date) -> list[str]:
    """Copy state and deadlines from the folded timeline; returns the fields that changed."""
    facts = ClockFacts.from_progress(progress)
    reading = read_clock(cal, facts, today) if facts is not None else None
    values = {
        "state": progress.state.value if progress.state else State.SUBMITTED.value,
        "received_on": progress.received_on,
        "due_on": reading.due_on if reading else None,
        "due_provisional": reading.due_provisional if reading else False,
        "paused": reading.paused if reading else False,
        "outcome": progress.outcome or "",
        "closed_on": progress.closed_on,
    }
    changed = [name for name, value in values.items() if getattr(application, name) != value]
    for name in changed:
        setattr(application, name, values[name])
    return changed


# --- The one append --------------------------------------------------------------------------


# The notice events and how their period's end is read (RULES §2.7 item 7).
NOTICE_EVENTS = (EventType.CORRECTION_REQUESTED, EventType.FEE_NOTICE_SENT, EventType.REASONS_REQUESTED)

# How a notice goes out when the handler does not say: the way the applicant asked to receive
# the information (Art. 29(3)); collecting it in person still gets the notice by post (0013).
DEFAULT_NOTICE_CHANNEL = {
    Delivery.EMAIL: DeliveryChannel.EMAIL,
    Delivery.ONLINE: DeliveryChannel.ONLINE,
    Delivery.FAX: DeliveryChannel.FAX,
    Delivery.POST: DeliveryChannel.POST,
    Delivery.PICKUP: DeliveryChannel.POST,
}


def _printed_ends_on(t: EventType, reading: ClockReading) -> date | None:
    """The period's end the notice prints: only when it is counted from delivery, i.e. the notice
    went by a same-day channel; a posted notice prints no date (its letter says it runs from
    signing), so nothing printed can bind the recompute."""
    if t is EventType.CORRECTION_REQUESTED and reading.correction_delivery is DeliveryState.DELIVERED:
        return reading.correction_period_ends_on
    if t is EventType.FEE_NOTICE_SENT and reading.fee_delivery is DeliveryState.DELIVERED:
        return reading.fee_due_on
    if t is EventType.REASONS_REQUESTED and reading.reasons_delivery is DeliveryState.DELIVERED:
        return reading.reasons_period_ends_on
    return None


def _required_reason(event: NewEvent, message: str) -> str:
    if not event.reason.strip():
        raise ValidationFailed(message, code="reason_required", fields={"reason": "必填"})
    return event.reason.strip()[:500]


def _payload(event: NewEvent, progress_before: Progress, progress_after: Progress) -> dict[str, Any]:
    """The stored payload: only the keys the type uses, validated beyond what the domain checks."""
    t = EventType(event.type)
    if t is EventType.CORRECTION_REQUESTED:
        return {"period_workdays": event.period_workdays}
    if t is EventType.REASONS_REQUESTED:
        return {"period_workdays": event.period_workdays}
    if t is EventType.DELIVERED:
        payload: dict[str, Any] = {"notice": event.notice, "returned": bool(event.returned)}
        notice = progress_after.delivery(NoticeKind(event.notice))
        assert notice is not None  # apply() refused a delivery of no notice
        payload["channel"] = (notice.returned_by if event.returned else notice.delivered_by) or ""
        return payload
    if t is EventType.DEADLINE_SET:
        # Art. 35: the applicant is told the longer deadline and why.
        reason = _required_reason(event, "请填写确定延迟答复期限的理由")
        assert event.due_on is not None  # apply() refused a missing one
        return {"due_on": event.due_on.isoformat(), "reason": reason}
    if t is EventType.THIRD_PARTY_NOTIFIED:
        # Art. 32: the content to be disclosed and the reasons, in writing.
        reason = _required_reason(event, "请填写决定公开的内容和理由")
        return {"consultation_id": event.consultation_id, "reason": reason}
    if t is EventType.EXTENDED:
        if not event.reason.strip():
            # Art. 33: the applicant is told the extension and its reason.
            raise ValidationFailed("请填写延期理由", code="reason_required", fields={"reason": "必填"})
        return {"workdays": event.workdays, "reason": event.reason.strip()[:500]}
    if t is EventType.CONSULTATION_STARTED:
        if event.kind not in CONSULTATION_KINDS:
            raise ValidationFailed(
                "请选择征求意见对象类型（third_party 第三方 / agency 其他机关）",
                code="invalid_kind",
                fields={"kind": "third_party 或 agency"},
            )
        if not event.party.strip():
            raise ValidationFailed("请填写征求意见对象", code="party_required", fields={"party": "必填"})
        added = progress_after.consultations[-1]
        return {"party": event.party.strip()[:200], "kind": event.kind, "consultation_id": added.id}
    if t is EventType.CONSULTATION_ENDED:
        ended = next(c for c in progress_after.consultations if c.id == event.consultation_id)
        if not ended.third_party:
            return {"consultation_id": event.consultation_id}
        # RULES §2.7 item 9: whether the third party objected (required by check_new_event).
        return {"consultation_id": event.consultation_id, "objected": event.objected}
    if t is EventType.FEE_NOTICE_SENT:
        return {"basis": event.basis, "quantity": event.quantity}  # amount added by _fee_payload
    if t in (EventType.REPLIED, EventType.REREPLIED):
        return {"outcome": event.outcome}
    if t is EventType.RECONSIDERATION_ACCEPTED:
        return {"procedure": event.procedure}
    if t in (EventType.RECONSIDERATION_DECIDED, EventType.LITIGATION_DECIDED):
        return {"result": event.result}
    # `against`: the decision appealed (0 the failure to reply, 1 the reply, n + 1 the n-th new
    # reply), as the fold found it, so lists need not replay the timeline (RULES §2.10).
    if t is EventType.RECONSIDERATION_FILED:
        return {"against": progress_after.appeals[-1].against}
    if t is EventType.LITIGATION_FILED:
        return {
            "after_reconsideration": event.after_reconsideration,
            "against": progress_after.appeals[-1].against,
        }
    return {}


def _check_fee_input(event: NewEvent) -> None:
    if event.basis not in {b.value for b in FeeBasis}:
        raise ValidationFailed(
            "请选择收费方式（per_item 按件 / per_page 按量）",
            code="invalid_basis",
            fields={"basis": "per_item 或 per_page"},
        )
    q = event.quantity
    if not isinstance(q, int) or isinstance(q, bool) or not 1 <= q <= MAX_QUANTITY:
        raise ValidationFailed(
            f"请填写计费数量（1 至 {MAX_QUANTITY}）",
            code="invalid_quantity",
            fields={"quantity": f"1–{MAX_QUANTITY}"},
        )


def items_counted_before(application: Application) -> int:
    """RULES §2.6 per item: the applicant's earlier items this calendar month at this agency.

    Each earlier application counts as one item, or as the items of its own per-item notice.
    """
    received = application.received_on
    if received is None:
        return 0
    earlier = (
        Application.objects.filter(
            organization_id=application.organization_id,
            applicant_key=application.applicant_key,
            received_on__year=received.year,
            received_on__month=received.month,
        )
        .exclude(pk=application.pk)
        .filter(received_on__lte=received)
    )
    earlier_ids = [
        pk for pk, on in earlier.values_list("pk", "received_on") if on < received or pk < application.pk
    ]
    items = dict.fromkeys(earlier_ids, 1)
    notices = ApplicationEvent.objects.filter(
        application_id__in=earlier_ids, type=EventType.FEE_NOTICE_SENT
    ).values_list("application_id", "payload")
    for app_id, payload in notices:
        if payload.get("basis") == FeeBasis.PER_ITEM:
            items[app_id] = int(payload.get("quantity") or 1)
    return sum(items.values())


def _check_permission(actor: Any, application: Application, t: EventType) -> None:
    if t in (EventType.SUBMITTED, EventType.CALENDAR_RECOMPUTED):
        raise ValidationFailed(
            "该事件由系统记录，不能手工添加。", code="system_event", fields={"type": t.value}
        )
    if not can_act(actor, application):
        raise NotPermitted("只有受理机关的依申请经办人或公开工作机构负责人可以办理。")
    if t is EventType.EXTENDED and not can_extend(actor, application):
        # Art. 33: approved by the head of the office in charge of disclosure.
        raise NotPermitted(
            "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条）。",
            code="extension_needs_office_head",
        )
    if t is EventType.DEADLINE_SET and not can_extend(actor, application):
        # RULES §2.7 item 8: the office head sets the longer deadline of Art. 35.
        raise NotPermitted(
            "确定延迟答复期限须由政府信息公开工作机构负责人决定（第三十五条）。",
            code="deadline_needs_office_head",
        )


# Called in the transaction of every appended (non-system) event with application, event, actor.
# Issue 6 registers its letter generation here (casework.apps), so `foi` never imports `casework`.
EVENT_APPENDED_HOOKS: list[Callable[..., Any]] = []


def _append(
    application: Application,
    events: list[ApplicationEvent],
    new: NewEvent,
    *,
    actor: Any,
    cal: Calendar,
    today: date,
    files: Sequence[UploadedFile] = (),
    system: bool = False,
    extra: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """Check and append one event to a locked case, re-derive, audit. The caller holds the lock."""
    records = [event_record(e) for e in events]
    fee: FeeCalculation | None = None
    already = 0
    with _domain_errors():
        record = new.record()
        if record.type in NOTICE_EVENTS and record.channel is None:
            record = replace(record, channel=DEFAULT_NOTICE_CHANNEL[Delivery(application.delivery)])
        if record.type is EventType.FEE_NOTICE_SENT:
            _check_fee_input(new)
            already = items_counted_before(application) if new.basis == FeeBasis.PER_ITEM else 0
            assert new.quantity is not None
            fee = calculate_fee(new.basis, new.quantity, already_counted=already)
            record = replace(record, amount=fee.amount)
        before = replay(records)
        after = check_event(cal, records, record, today=today)
    payload = {**_payload(new, before, after), **(extra or {})}
    if record.type in NOTICE_EVENTS:
        assert record.channel is not None
        facts = ClockFacts.from_progress(after)
        assert facts is not None  # a notice follows the receipt
        printed = _printed_ends_on(record.type, read_clock(cal, facts, new.on))
        payload.update(channel=record.channel.value, period_ends_on=printed.isoformat() if printed else None)
    if fee is not None:
        payload.update(amount_yuan=str(fee.amount), already_counted=already)
    user = actor if getattr(actor, "pk", None) else None
    event = ApplicationEvent.objects.create(
        application=application,
        seq=(events[-1].seq + 1) if events else 1,
        type=record.type.value,
        on=new.on,
        payload=payload,
        note=new.note.strip()[:2000],
        actor=user,
        actor_name=user.get_full_name() or user.get_username() if user else "系统",
    )
    for upload in files:
        _store_file(application, upload, kind=AttachmentKind.EVENT, event=event)
    changed = _derive(application, after, cal, today)
    if changed:
        application.save(update_fields=changed)
    audit.record(
        actor=actor,
        verb="foi.event",
        target=application,
        organization_code=application.organization.code,
        # The payload never holds the applicant's personal data, so the audit row may.
        data={"seq": event.seq, "type": event.type, "on": event.on.isoformat(), "payload": payload},
    )
    if not system and record.type in (EventType.REGISTERED, EventType.EXTENDED, EventType.REPLIED):
        _notify_after_commit(application.pk, record.type.value)
    events.append(event)
    if not system:
        for hook in EVENT_APPENDED_HOOKS:
            hook(application=application, event=event, actor=actor)
    return event


def calendar_catch_up(
    application: Application, events: list[ApplicationEvent], *, actor: Any, cal: Calendar, today: date
) -> bool:
    """The case waits for the recompute of a calendar change (decision 0030): do it now, under the
    case lock the caller holds, before anything else is appended. `calendar_recomputed` goes into
    the timeline once, whichever of this and the batch comes first (`_append` adds it to `events`).
    True when the due date moved."""
    year = application.deadline_recompute_year
    if year is None:
        return False
    moved = False
    facts = ClockFacts.from_progress(replay(event_record(e) for e in events))
    reading = read_clock(cal, facts, today) if facts is not None else None
    if reading is not None and (
        reading.due_on != application.due_on or reading.due_provisional != application.due_provisional
    ):
        extra = {
            "year": year,
            "due_on_before": application.due_on.isoformat() if application.due_on else None,
            "due_on_after": reading.due_on.isoformat() if reading.due_on else None,
            "due_provisional": reading.due_provisional,
        }
        note = NewEvent(type=EventType.CALENDAR_RECOMPUTED, on=today)
        _append(application, events, note, actor=actor, cal=cal, today=today, system=True, extra=extra)
        moved = True
    application.deadline_recompute_year = None
    application.save(update_fields=["deadline_recompute_year"])
    return moved


def application_append_event(
    *,
    actor: Any,
    application_id: int,
    event: NewEvent,
    files: Sequence[UploadedFile] = (),
    today: date | None = None,
) -> Appended:
    """Append one event to the timeline and re-derive state and deadlines (RULES §2.7).

    The case row is locked first, so two handlers acting at once are serialised: the second
    sees the first's event and is checked against it; no event is ever lost or duplicated.
    """
    today = _today(today)
    with transaction.atomic():
        application = access_application(actor, application_id, for_update=True)
        with _domain_errors():
            event_type = event.record().type
        _check_permission(actor, application, event_type)
        events = list(application.events.order_by("seq"))
        extra = {"channel": application.channel} if event_type is EventType.REGISTERED else None
        cal = calendar_current()
        calendar_catch_up(application, events, actor=None, cal=cal, today=today)
        appended = _append(
            application,
            events,
            event,
            actor=actor,
            cal=cal,
            today=today,
            files=files,
            extra=extra,
        )
        # Whoever confirms an online submission handles it until the office head reassigns it.
        confirming = event_type is EventType.REGISTERED and application.handler_id is None
        if confirming and has_own_role(actor, application.organization, *ACT_ROLES):
            application.handler = actor
            application.save(update_fields=["handler"])
    return Appended(application, appended)


def fee_amount(basis: str, quantity: int, already_counted: int = 0) -> Decimal:
    return calculate_fee(basis, quantity, already_counted=already_counted).amount
