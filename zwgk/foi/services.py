"""Every change to an application for disclosure, one service each (RULES §2, API.md).

- `application_submit`: the public form; stored before anything else happens.
- `application_register`: staff register one received by any channel (Art. 31), back-dated or
  imported with its past events.
- `application_confirm`: an online submission becomes a case (`registered`, Art. 31).
- `application_append_event`: the one way to add to a timeline; every other service that adds
  an event goes through `_append`, which it wraps.
- `application_assign_handler`, `applications_recompute_deadlines` (a calendar year changed).

The domain's refusals (`EventNotAllowed` → 409, `InvalidEvent` → 400) become the core errors
with the same codes, so the API, the pages and commands report them alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.workdays import Calendar
from zwgk.foi import tracking_codes
from zwgk.foi.domain.clock import ClockFacts, check_event, read_clock
from zwgk.foi.domain.fees import FeeBasis, calculate_fee
from zwgk.foi.domain.states import (
    EventNotAllowed,
    EventRecord,
    EventType,
    InvalidEvent,
    Progress,
    State,
    replay,
)
from zwgk.foi.models import (
    ApplicantType,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    AttachmentKind,
    Channel,
    Delivery,
    IdType,
    InfoForm,
)
from zwgk.foi.selectors import (
    ACT_ROLES,
    access_application,
    can_act,
    can_extend,
    event_record,
)
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import has_own_role, has_role, require_role
from zwgk.workplan.evidence import EvidenceRejected, check_file

# The Regulations first took effect on 2008-05-01: no case, however old, was received earlier.
EARLIEST_RECEIPT = date(2008, 5, 1)
CONSULTATION_KINDS = {"third_party": "第三方", "agency": "其他机关"}  # Art. 32 / Art. 34
APPEAL_RESULTS = {"upheld", "corrected", "other"}
# Who may not receive applications: the public enterprises have their own complaint route
# (Art. 55) and coordination bodies do not act in their own name (Art. 27 needs an agency that does).
NOT_APPLICATION_TARGETS = {OrgKind.PUBLIC_ENTERPRISE, OrgKind.OFFICE}
_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/ofd": "ofd",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/x-ole-storage": "doc",
}


# --- Inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApplicantData:
    type: str
    name: str
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""


@dataclass(frozen=True, kw_only=True)
class RequestData:
    description: str
    title: str = ""
    doc_no: str = ""
    purpose: str = ""
    info_form: str = InfoForm.ANY
    delivery: str = Delivery.EMAIL


@dataclass(frozen=True, kw_only=True)
class NewEvent:
    """An event as staff enter it (API body, page form, import line)."""

    type: str
    on: date
    note: str = ""
    period_workdays: int | None = None
    workdays: int | None = None
    reason: str = ""
    party: str = ""
    kind: str = ""
    consultation_id: int | None = None
    basis: str = ""
    quantity: int | None = None
    outcome: str = ""
    result: str = ""
    after_reconsideration: bool | None = None

    def record(self) -> EventRecord:
        return EventRecord(
            type=self.type,  # type: ignore[arg-type]  # EventRecord parses and refuses unknown types
            on=self.on,
            period_workdays=self.period_workdays,
            workdays=self.workdays,
            consultation_id=self.consultation_id,
            outcome=self.outcome or None,
            after_reconsideration=self.after_reconsideration,
            result=self.result or None,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Appended:
    application: Application
    event: ApplicationEvent


# --- Helpers shared by the services -------------------------------------------------------------


@contextmanager
def _domain_errors() -> Iterator[None]:
    try:
        yield
    except EventNotAllowed as exc:
        raise Conflict(exc.message, code=exc.code) from exc
    except InvalidEvent as exc:
        raise ValidationFailed(exc.message, code=exc.code, fields=exc.fields) from exc


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _id_checksum_ok(number: str) -> bool:
    # GB 11643: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits.
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _clean_applicant(data: ApplicantData, errors: dict[str, str]) -> ApplicantData:
    name = data.name.strip()
    id_number = re.sub(r"\s", "", data.id_number).upper()
    phone = data.phone.strip()
    email = data.email.strip()
    address = data.address.strip()
    if data.type not in ApplicantType.values:
        errors["applicant.type"] = "请选择申请人类型"
    if not name:
        errors["applicant.name"] = "请填写申请人姓名或名称"
    id_type = data.id_type or (
        IdType.RESIDENT_ID if data.type == ApplicantType.NATURAL_PERSON else IdType.CREDIT_CODE
    )
    if id_type not in IdType.values:
        errors["applicant.id_type"] = "请选择证件类型"
    if id_number:
        if id_type == IdType.RESIDENT_ID and not (
            re.fullmatch(r"\d{17}[\dX]", id_number) and _id_checksum_ok(id_number)
        ):
            errors["applicant.id_number"] = "居民身份证号码不正确（18位，最后一位可为X）"
        elif id_type == IdType.CREDIT_CODE and not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", id_number):
            errors["applicant.id_number"] = "统一社会信用代码应为18位"
        elif len(id_number) > 64:
            errors["applicant.id_number"] = "证件号码过长"
    if phone and not re.fullmatch(r"[\d\-+() ]{7,20}", phone):
        errors["applicant.phone"] = "联系电话格式不正确"
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant.email"] = "电子邮箱格式不正确"
    if not (phone or email or address):
        # Art. 29(1): contact details are required content of an application.
        errors["applicant.phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）"
    return ApplicantData(
        type=data.type,
        name=name[:200],
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        email=email,
        address=address[:300],
        postcode=data.postcode.strip()[:10],
        contact_person=data.contact_person.strip()[:100],
    )


def _clean_request(data: RequestData, errors: dict[str, str]) -> RequestData:
    description = data.description.strip()
    if not description and not data.title.strip():
        # Art. 29(2): a title, a document number or another description that identifies it.
        errors["description"] = "请描述所需的政府信息（名称、文号或能够指向该信息的内容描述）"
    if len(description) > 5000:
        errors["description"] = "内容描述不超过5000字"
    if data.info_form not in InfoForm.values:
        errors["info_form"] = "请选择获取信息的载体形式"
    if data.delivery not in Delivery.values:
        errors["delivery"] = "请选择获取信息的方式"
    return RequestData(
        description=description or data.title.strip(),
        title=data.title.strip()[:300],
        doc_no=data.doc_no.strip()[:100],
        purpose=data.purpose.strip()[:2000],
        info_form=data.info_form,
        delivery=data.delivery,
    )


def _check_target(organization: Organization | None, errors: dict[str, str]) -> None:
    if organization is None or not organization.is_active or organization.kind in NOT_APPLICATION_TARGETS:
        errors["organization"] = "请选择受理申请的行政机关"


def applicant_key(applicant: ApplicantData) -> str:
    """The same applicant across cases, without storing the number twice in the clear."""
    identity = applicant.id_number or re.sub(r"\s", "", applicant.name)
    return hashlib.sha256(f"{applicant.type}|{identity}".encode()).hexdigest()


def _new_application(
    organization: Organization, applicant: ApplicantData, request: RequestData, **fields: Any
) -> Application:
    for _ in range(5):
        application = Application(
            organization=organization,
            tracking_code=tracking_codes.new_code(),
            applicant_type=applicant.type,
            applicant_name=applicant.name,
            contact_person=applicant.contact_person,
            id_type=applicant.id_type,
            id_number=applicant.id_number,
            phone=applicant.phone,
            email=applicant.email,
            address=applicant.address,
            postcode=applicant.postcode,
            applicant_key=applicant_key(applicant),
            title=request.title,
            doc_no=request.doc_no,
            description=request.description,
            purpose=request.purpose,
            info_form=request.info_form,
            delivery=request.delivery,
            **fields,
        )
        try:
            with transaction.atomic():
                application.save()
            return application
        except IntegrityError:
            continue  # a tracking-code collision (1 in 2^60): draw again
    raise Conflict("无法生成查询码，请重试。", code="tracking_code_exhausted")


def _store_file(
    application: Application,
    upload: UploadedFile,
    *,
    kind: str,
    event: ApplicationEvent | None = None,
    field_name: str = "file",
) -> ApplicationAttachment:
    try:
        content_type = check_file(
            upload.file,
            name=upload.name or "",
            size=upload.size or 0,
            max_bytes=settings.ZWGK_UPLOAD_MAX_BYTES,
        )
    except EvidenceRejected as exc:
        raise ValidationFailed(str(exc), code="attachment_rejected", fields={field_name: str(exc)}) from exc
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = ApplicationAttachment(
        application=application,
        event=event,
        kind=kind,
        original_name=(upload.name or "file")[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    # A random stored name: an uploaded file name may itself be personal data ("张三身份证.jpg").
    ext = _EXTENSIONS.get(content_type, "bin")
    attachment.file.save(f"{digest.hexdigest()[:16]}-{tracking_codes.new_code()}.{ext}", upload, save=False)
    attachment.save()
    return attachment


def _notify_after_commit(application_id: int, kind: str) -> None:
    from zwgk.foi.tasks import notify_applicant

    transaction.on_commit(lambda: notify_applicant.enqueue(application_id, kind))


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


def _payload(event: NewEvent, progress_before: Progress, progress_after: Progress) -> dict[str, Any]:
    """The stored payload: only the keys the type uses, validated beyond what the domain checks."""
    t = EventType(event.type)
    if t is EventType.CORRECTION_REQUESTED:
        return {"period_workdays": event.period_workdays}
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
        return {"consultation_id": event.consultation_id}
    if t is EventType.FEE_NOTICE_SENT:
        return {"basis": event.basis, "quantity": event.quantity}  # amount added by _fee_payload
    if t is EventType.REPLIED:
        return {"outcome": event.outcome}
    if t in (EventType.RECONSIDERATION_DECIDED, EventType.LITIGATION_DECIDED):
        return {"result": event.result}
    if t is EventType.LITIGATION_FILED:
        return {"after_reconsideration": event.after_reconsideration}
    return {}


def _check_fee_input(event: NewEvent) -> None:
    if event.basis not in {b.value for b in FeeBasis}:
        raise ValidationFailed(
            "请选择收费方式（per_item 按件 / per_page 按量）",
            code="invalid_basis",
            fields={"basis": "per_item 或 per_page"},
        )
    q = event.quantity
    if not isinstance(q, int) or isinstance(q, bool) or q < 1:
        raise ValidationFailed("请填写计费数量（至少1）", code="invalid_quantity", fields={"quantity": "≥1"})


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
    if new.on > today:
        raise ValidationFailed("日期不能晚于今天。", code="date_in_future", fields={"on": "不能晚于今天"})
    records = [event_record(e) for e in events]
    with _domain_errors():
        record = new.record()
        if record.type is EventType.FEE_NOTICE_SENT:
            _check_fee_input(new)
        before = replay(records)
        after = check_event(cal, records, record)
    payload = {**_payload(new, before, after), **(extra or {})}
    if record.type is EventType.FEE_NOTICE_SENT:
        already = items_counted_before(application) if new.basis == FeeBasis.PER_ITEM else 0
        assert new.quantity is not None
        fee = calculate_fee(new.basis, new.quantity, already_counted=already)
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
        appended = _append(
            application,
            events,
            event,
            actor=actor,
            cal=calendar_current(),
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


# --- Submission, registration, confirmation ---------------------------------------------------


def application_submit(
    *,
    organization: Organization | None,
    applicant: ApplicantData,
    request: RequestData,
    identity_proof: UploadedFile | None = None,
    now: datetime | None = None,
) -> Application:
    """The public form (Art. 29). Validated, then stored with its `submitted` event before any
    notification is attempted: nothing that passed validation can be lost."""
    errors: dict[str, str] = {}
    _check_target(organization, errors)
    applicant = _clean_applicant(applicant, errors)
    request = _clean_request(request, errors)
    if errors:
        raise ValidationFailed("申请内容不完整或有误，请检查标出的项目。", fields=errors)
    assert organization is not None
    submitted_on = timezone.localdate() if now is None else timezone.localdate(now)
    now = now or timezone.now()
    with transaction.atomic():
        application = _new_application(
            organization,
            applicant,
            request,
            channel=Channel.ONLINE,
            submitted_at=now,
            state=State.SUBMITTED,
        )
        event = ApplicationEvent.objects.create(
            application=application,
            seq=1,
            type=EventType.SUBMITTED,
            on=submitted_on,
            actor_name="申请人",
        )
        if identity_proof is not None:
            _store_file(
                application, identity_proof, kind=AttachmentKind.IDENTITY_PROOF, field_name="identity_proof"
            )
        audit.record(
            actor=None,
            verb="foi.submit",
            target=application,
            organization_code=organization.code,
            data={"seq": event.seq, "channel": Channel.ONLINE},
        )
        _notify_after_commit(application.pk, "submitted")
    return application


def application_register(
    *,
    actor: Any,
    organization: Organization | None,
    applicant: ApplicantData,
    request: RequestData,
    channel: str,
    received_on: date,
    note: str = "",
    history: Sequence[NewEvent] = (),
    identity_proof: UploadedFile | None = None,
    today: date | None = None,
    check_permission: bool = True,
) -> Application:
    """Register an application received by any channel, with its Art. 31 receipt date.

    `received_on` is the day it was handed in (in person), signed for (post), confirmed with the
    applicant (ordinary letter) or confirmed by the office (online, fax); it may lie in the past
    (back-dated registration of paper applications). `history` imports a past case: its later
    events, each checked as if appended on its day.
    """
    today = _today(today)
    errors: dict[str, str] = {}
    _check_target(organization, errors)
    applicant = _clean_applicant(applicant, errors)
    request = _clean_request(request, errors)
    if channel not in Channel.values:
        errors["channel"] = "请选择申请方式"
    if received_on > today:
        errors["received_on"] = "收到申请日期不能晚于今天"
    elif received_on < EARLIEST_RECEIPT:
        errors["received_on"] = "收到申请日期不能早于2008年5月1日（条例施行之日）"
    if errors:
        raise ValidationFailed("登记内容不完整或有误，请检查标出的项目。", fields=errors)
    assert organization is not None
    if check_permission:
        require_role(actor, organization, *ACT_ROLES)
        if any(e.type == EventType.EXTENDED for e in history) and not has_role(
            actor, organization, Role.OFFICE_HEAD
        ):
            # Art. 33 holds for imported history too: only the office head records an extension.
            raise NotPermitted(
                "导入的办理记录含延期，须由政府信息公开工作机构负责人导入（第三十三条）。",
                code="extension_needs_office_head",
            )
    cal = calendar_current()
    with transaction.atomic():
        user = actor if getattr(actor, "pk", None) else None
        handler = user if user is not None and has_own_role(user, organization, *ACT_ROLES) else None
        application = _new_application(
            organization,
            applicant,
            request,
            channel=channel,
            state=State.SUBMITTED,
            handler=handler,
            imported=bool(history),
        )
        events: list[ApplicationEvent] = []
        first = NewEvent(type=EventType.REGISTERED, on=received_on, note=note)
        extra = {"channel": channel, "backdated": received_on < today, "imported": bool(history)}
        _append(application, events, first, actor=actor, cal=cal, today=today, system=True, extra=extra)
        for past in history:
            _append(application, events, past, actor=actor, cal=cal, today=today, system=True)
        if identity_proof is not None:
            _store_file(
                application, identity_proof, kind=AttachmentKind.IDENTITY_PROOF, field_name="identity_proof"
            )
        if not history:
            _notify_after_commit(application.pk, EventType.REGISTERED.value)
    return application


def application_confirm(
    *,
    actor: Any,
    application_id: int,
    received_on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> Appended:
    """Art. 31: an online submission is received the day the office confirms it; staff may
    record a confirmation made earlier (by phone, say), never before the submission."""
    today = _today(today)
    return application_append_event(
        actor=actor,
        application_id=application_id,
        event=NewEvent(type=EventType.REGISTERED, on=received_on or today, note=note),
        today=today,
    )


def application_assign_handler(*, actor: Any, application_id: int, handler: Any) -> Application:
    """The office head assigns anyone handling at the agency; a handler may take a case himself."""
    with transaction.atomic():
        application = access_application(actor, application_id, for_update=True)
        org = application.organization
        if handler is not None and not has_own_role(handler, org, *ACT_ROLES):
            raise ValidationFailed(
                "经办人须为本机关的依申请经办人或公开工作机构负责人。",
                code="invalid_handler",
                fields={"handler": "不在本机关"},
            )
        is_head = has_role(actor, org, Role.OFFICE_HEAD)
        taking_it = handler is not None and handler.pk == actor.pk and can_act(actor, application)
        if not (is_head or taking_it):
            raise NotPermitted("只有公开工作机构负责人可以分派经办人；经办人可以认领案件。")
        before = application.handler_id
        application.handler = handler
        application.save(update_fields=["handler"])
        audit.record(
            actor=actor,
            verb="foi.assign",
            target=application,
            organization_code=org.code,
            before={"handler": before},
            after={"handler": handler.pk if handler else None},
        )
    return application


# --- Calendar changes and the daily refresh --------------------------------------------------


def applications_recompute_deadlines(*, year: int, actor: Any = None, today: date | None = None) -> int:
    """A calendar year was loaded or edited: re-derive every open case that may depend on it, and
    record `calendar_recomputed` in each timeline whose due date moved. Runs inside the caller's
    transaction (the calendar change), so no deadline is ever shown against a stale schedule."""
    today = _today(today)
    cal = calendar_current()
    candidates = (
        Application.objects.open()
        .filter(received_on__lte=date(year, 12, 31))
        .filter(Q(due_on__gte=date(year, 1, 1)) | Q(due_on__isnull=True) | Q(paused=True))
        .select_for_update(of=("self",))
        .select_related("organization")
        .order_by("pk")
    )
    moved = 0
    for application in candidates:
        events = list(application.events.order_by("seq"))
        progress = replay(event_record(e) for e in events)
        facts = ClockFacts.from_progress(progress)
        if facts is None:
            continue
        reading = read_clock(cal, facts, today)
        if reading.due_on == application.due_on and reading.due_provisional == application.due_provisional:
            continue
        extra = {
            "year": year,
            "due_on_before": application.due_on.isoformat() if application.due_on else None,
            "due_on_after": reading.due_on.isoformat() if reading.due_on else None,
            "due_provisional": reading.due_provisional,
        }
        note = NewEvent(type=EventType.CALENDAR_RECOMPUTED, on=today)
        _append(application, events, note, actor=actor, cal=cal, today=today, system=True, extra=extra)
        moved += 1
    return moved


def applications_refresh_derived(*, today: date | None = None) -> int:
    """While a consultation or fee notice is open, the due date moves a working day later each
    paused working day: keep the stored copy current for the queues (run by the reminders task)."""
    today = _today(today)
    cal = calendar_current()
    refreshed = 0
    for pk in Application.objects.open().filter(paused=True).values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            events = list(application.events.order_by("seq"))
            changed = _derive(application, replay(event_record(e) for e in events), cal, today)
            if changed:
                application.save(update_fields=changed)
                refreshed += 1
    return refreshed


def fee_amount(basis: str, quantity: int, already_counted: int = 0) -> Decimal:
    return calculate_fee(basis, quantity, already_counted=already_counted).amount
