"""Appeals (RULES §2.10): reconsideration and litigation of a case, with their details.

The timeline holds the facts (`reconsideration_filed/decided`, `litigation_filed/decided`: dates,
direct or after reconsideration, result); an `AppealRecord` adds the body, the case number and
the documents. Filing and deciding go through `foi.services.application_append_event`, so the
state table's rules (order of appeals, dates) apply whether staff use these pages, the case page
or the API. An appeal recorded elsewhere gets its record when someone first adds details.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from zwgk.casework.models import AppealDocument, AppealKind, AppealRecord
from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.foi import services as foi_services
from zwgk.foi.domain.appeal_periods import litigation_after_silence_ends_on, reconsideration_decision_due_on
from zwgk.foi.domain.states import (
    APPEAL_EVENT_TYPES,
    Appeal,
    EventType,
    ReconsiderationProcedure,
    pair_appeal_events,
)
from zwgk.foi.domain.states import AppealKind as DomainAppealKind
from zwgk.foi.models import ApplicationEvent
from zwgk.foi.selectors import ACT_ROLES, application_list_for
from zwgk.organizations.permissions import has_role
from zwgk.workplan.evidence import EvidenceRejected, sniffed_upload

FILED = {
    EventType.RECONSIDERATION_FILED.value: AppealKind.RECONSIDERATION,
    EventType.LITIGATION_FILED.value: AppealKind.LITIGATION,
}
DECIDED = {
    AppealKind.RECONSIDERATION: EventType.RECONSIDERATION_DECIDED,
    AppealKind.LITIGATION: EventType.LITIGATION_DECIDED,
}
RESULT_LABELS = {"upheld": "维持", "corrected": "纠正", "other": "其他结果", "pending": "尚未审结"}


AGAINST_LABELS = {0: "逾期未答复", 1: "答复"}


@dataclass(frozen=True)
class AppealRow:
    """One appeal as the lists show it: the filed event, its acceptance, extension and decision
    (if any), its record, and the body's periods (RULES §2.10)."""

    filed: ApplicationEvent
    decided: ApplicationEvent | None
    record: AppealRecord | None
    accepted: ApplicationEvent | None = None
    extended: ApplicationEvent | None = None
    decision_due_on: date | None = None  # the body's last day to decide (reconsideration)
    sue_until: date | None = None  # the last day to sue if the body stays silent

    @property
    def against(self) -> int:
        return int(self.filed.payload.get("against", 1))

    @property
    def against_label(self) -> str:
        n = self.against
        return AGAINST_LABELS.get(n, f"第{n - 1}次重新答复")

    @property
    def procedure_label(self) -> str:
        if self.accepted is None:
            return ""
        procedure = self.accepted.payload.get("procedure")
        return ReconsiderationProcedure(procedure).label if procedure else ""

    @property
    def application(self) -> Any:
        return self.filed.application

    @property
    def kind(self) -> str:
        return FILED[self.filed.type]

    @property
    def kind_label(self) -> str:
        if self.kind == AppealKind.LITIGATION:
            return (
                "行政诉讼（复议后）"
                if self.filed.payload.get("after_reconsideration")
                else "行政诉讼（直接起诉）"
            )
        return "行政复议"

    @property
    def result(self) -> str:
        return str(self.decided.payload.get("result")) if self.decided else "pending"

    @property
    def result_label(self) -> str:
        return RESULT_LABELS.get(self.result, self.result)


def appeal_rows(
    user: Any,
    *,
    organization_code: str = "",
    result: str = "",
    kind: str = "",
    application_id: int | None = None,
) -> list[AppealRow]:
    """Every appeal of the cases the user may see (a supervisor: all agencies under them)."""
    filed = (
        ApplicationEvent.objects.filter(application__in=application_list_for(user), type__in=list(FILED))
        .select_related("application__organization")
        .order_by("-on", "-id")
    )
    if organization_code:
        filed = filed.filter(application__organization__code=organization_code)
    if application_id is not None:
        filed = filed.filter(application_id=application_id)
    filed_list = list(filed)
    app_ids = {e.application_id for e in filed_list}
    by_case: dict[int, list[ApplicationEvent]] = {}
    appeal_events = ApplicationEvent.objects.filter(
        application_id__in=app_ids, type__in=list(APPEAL_EVENT_TYPES)
    ).order_by("application_id", "seq")
    for e in appeal_events:
        by_case.setdefault(e.application_id, []).append(e)
    paired: dict[int, dict[str, ApplicationEvent | None]] = {}
    for events in by_case.values():
        for p in pair_appeal_events([e.type for e in events]):
            paired[events[p.filed].pk] = {
                name: events[i] if i is not None else None
                for name, i in (("accepted", p.accepted), ("extended", p.extended), ("decided", p.decided))
            }
    records = {r.filed_event_id: r for r in AppealRecord.objects.filter(filed_event__in=filed_list)}
    cal = calendar_current()
    rows = []
    for e in filed_list:
        found = paired.get(e.pk, {})
        accepted, extended, decided = found.get("accepted"), found.get("extended"), found.get("decided")
        due = sue_until = None
        if accepted is not None:
            appeal = Appeal(
                kind=DomainAppealKind.RECONSIDERATION,
                filed_on=e.on,
                accepted_on=accepted.on,
                procedure=ReconsiderationProcedure(accepted.payload.get("procedure") or "ordinary"),
                extended_on=extended.on if extended is not None else None,
            )
            due = reconsideration_decision_due_on(cal, appeal)
            sue_until = litigation_after_silence_ends_on(cal, appeal)
        row = AppealRow(
            filed=e,
            decided=decided,
            record=records.get(e.pk),
            accepted=accepted,
            extended=extended,
            decision_due_on=due,
            sue_until=sue_until,
        )
        if (result and row.result != result) or (kind and row.kind != kind):
            continue
        rows.append(row)
    return rows


def appeal_counts(rows: Sequence[AppealRow]) -> dict[str, dict[str, int]]:
    """Results per kind, in the annual report's terms (part 四)."""
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        key = (
            "reconsideration"
            if row.kind == AppealKind.RECONSIDERATION
            else (
                "litigation_after_reconsideration"
                if row.filed.payload.get("after_reconsideration")
                else "litigation_direct"
            )
        )
        counts = out.setdefault(key, dict.fromkeys([*RESULT_LABELS, "total"], 0))
        counts[row.result] += 1
        counts["total"] += 1
    return out


def _check_act(actor: Any, application: Any) -> None:
    if not has_role(actor, application.organization, *ACT_ROLES):
        raise NotPermitted("只有受理机关的依申请经办人或公开工作机构负责人可以登记复议诉讼。")


def appeal_file(
    *,
    actor: Any,
    application_id: int,
    kind: str,
    on: date,
    body_name: str,
    case_number: str = "",
    after_reconsideration: bool = False,
    note: str = "",
    today: date | None = None,
) -> AppealRecord:
    """Record a filed reconsideration or lawsuit: the timeline event and its details together."""
    if kind not in AppealKind.values:
        raise ValidationFailed("请选择行政复议或行政诉讼。", fields={"kind": "必选"})
    event_type = (
        EventType.RECONSIDERATION_FILED if kind == AppealKind.RECONSIDERATION else EventType.LITIGATION_FILED
    )
    with transaction.atomic():
        appended = foi_services.application_append_event(
            actor=actor,
            application_id=application_id,
            event=foi_services.NewEvent(
                type=event_type,
                on=on,
                note=note,
                after_reconsideration=after_reconsideration if kind == AppealKind.LITIGATION else None,
            ),
            today=today,
        )
        record = AppealRecord.objects.create(
            application=appended.application,
            kind=kind,
            filed_event=appended.event,
            body_name=body_name.strip()[:200],
            case_number=case_number.strip()[:100],
            note=note.strip(),
            updated_by=actor,
        )
        _audit(actor, record, "casework.appeal.file")
    return record


def access_appeal_filed_event(user: Any, event_id: int) -> ApplicationEvent:
    return (
        ApplicationEvent.objects.select_related("application__organization")
        .filter(application__in=application_list_for(user), type__in=list(FILED))
        .get(pk=event_id)
    )


def appeal_record_for(*, actor: Any, filed_event_id: int) -> AppealRecord:
    """The record of an appeal filed through the case page or the API, created on first use."""
    with transaction.atomic():
        event = access_appeal_filed_event(actor, filed_event_id)
        record = AppealRecord.objects.filter(filed_event=event).first()
        if record is None:
            _check_act(actor, event.application)
            record = AppealRecord.objects.create(
                application=event.application, kind=FILED[event.type], filed_event=event, updated_by=actor
            )
    return record


def appeal_update(
    *, actor: Any, filed_event_id: int, body_name: str, case_number: str, note: str
) -> AppealRecord:
    with transaction.atomic():
        record = appeal_record_for(actor=actor, filed_event_id=filed_event_id)
        _check_act(actor, record.application)
        record.body_name, record.case_number, record.note = (
            body_name.strip()[:200],
            case_number.strip()[:100],
            note.strip(),
        )
        record.updated_by = actor
        record.save(update_fields=["body_name", "case_number", "note", "updated_by", "updated_at"])
        _audit(actor, record, "casework.appeal.update")
    return record


def appeal_decide(
    *, actor: Any, filed_event_id: int, on: date, result: str, note: str = "", today: date | None = None
) -> AppealRecord:
    with transaction.atomic():
        record = appeal_record_for(actor=actor, filed_event_id=filed_event_id)
        appended = foi_services.application_append_event(
            actor=actor,
            application_id=record.application_id,
            event=foi_services.NewEvent(
                type=DECIDED[AppealKind(record.kind)], on=on, result=result, note=note
            ),
            today=today,
        )
        record.decided_event = appended.event
        record.save(update_fields=["decided_event", "updated_at"])
        _audit(actor, record, "casework.appeal.decide")
    return record


def appeal_accept(
    *, actor: Any, filed_event_id: int, on: date, procedure: str, today: date | None = None
) -> AppealRecord:
    """The body's acceptance of a pending reconsideration and its procedure (RULES §2.10)."""
    with transaction.atomic():
        record = appeal_record_for(actor=actor, filed_event_id=filed_event_id)
        if record.kind != AppealKind.RECONSIDERATION:
            raise ValidationFailed("只有行政复议需要登记受理。", fields={"procedure": "不适用"})
        foi_services.application_append_event(
            actor=actor,
            application_id=record.application_id,
            event=foi_services.NewEvent(type=EventType.RECONSIDERATION_ACCEPTED, on=on, procedure=procedure),
            today=today,
        )
        _audit(actor, record, "casework.appeal.accept")
    return record


def appeal_add_document(
    *, actor: Any, filed_event_id: int, label: str, upload: UploadedFile
) -> AppealDocument:
    with transaction.atomic():
        record = appeal_record_for(actor=actor, filed_event_id=filed_event_id)
        _check_act(actor, record.application)
        try:
            checked = sniffed_upload(upload, max_bytes=settings.ZWGK_UPLOAD_MAX_BYTES)
        except EvidenceRejected as exc:
            raise ValidationFailed(str(exc), fields={"file": str(exc)}) from exc
        document = AppealDocument(
            appeal=record,
            label=(label.strip() or "材料")[:100],
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        # A neutral stored name: the uploaded name may carry the applicant's name.
        document.file.save(f"appeal-{record.pk}-{checked.sha256[:16]}", upload, save=False)
        document.save()
        _audit(actor, record, "casework.appeal.document")
    return document


def access_appeal_document(user: Any, pk: int) -> AppealDocument:
    return AppealDocument.objects.filter(appeal__application__in=application_list_for(user)).get(pk=pk)


def appeals_of(application: Any) -> QuerySet[AppealRecord]:
    return application.appeal_records.select_related("filed_event", "decided_event").prefetch_related(
        "documents"
    )


def _audit(actor: Any, record: AppealRecord, verb: str) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=record,
        organization_code=record.application.organization.code,
        data={"application": record.application_id, "kind": record.kind, "case_number": record.case_number},
    )
