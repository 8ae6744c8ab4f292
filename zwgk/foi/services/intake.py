"""Cases coming in and taken up: submission, registration, confirmation, handler assignment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.calendars import calendar_current, calendar_first_day
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.foi.domain.states import EventType, State
from zwgk.foi.models import Application, ApplicationEvent, AttachmentKind, Channel
from zwgk.foi.selectors import ACT_ROLES, access_application, can_act
from zwgk.foi.services.inputs import (
    ApplicantData,
    NewEvent,
    RequestData,
    _check_delivery,
    _check_target,
    _clean_applicant,
    _clean_request,
    _today,
)
from zwgk.foi.services.storage import _new_application, _notify_after_commit, _store_file
from zwgk.foi.services.timeline import Appended, _append, application_append_event
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_own_role, has_role, require_role

# The Regulations first took effect on 2008-05-01: no case, however old, was received earlier.
EARLIEST_RECEIPT = date(2008, 5, 1)


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
    _check_delivery(applicant, request, errors)
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


def _check_received_on(received_on: date, today: date, errors: dict[str, str]) -> None:
    if received_on > today:
        errors["received_on"] = "收到申请日期不能晚于今天"
    elif received_on < EARLIEST_RECEIPT:
        errors["received_on"] = "收到申请日期不能早于2008年5月1日（条例施行之日）"
    else:
        # RULES §1: no deadline can be counted on a year older than every loaded schedule.
        first = calendar_first_day()
        if first is not None and received_on < first:
            errors["received_on"] = (
                f"收到申请日期 {received_on.isoformat()} 早于已载入的最早节假日安排（{first.year}年），"
                "无法计算期限；请先载入该年度节假日安排"
            )


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
    _check_delivery(applicant, request, errors)
    if channel not in Channel.values:
        errors["channel"] = "请选择申请方式"
    _check_received_on(received_on, today, errors)
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
    errors: dict[str, str] = {}
    _check_received_on(received_on or today, today, errors)
    if errors:
        raise ValidationFailed(errors["received_on"] + "。", fields=errors)
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
