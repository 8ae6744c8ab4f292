"""Links between items and columns: lifecycle (立改废), interpretations, column placements."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.catalog import lifecycle
from zwgk.catalog.indexing import sync_index
from zwgk.catalog.models import (
    Column,
    ColumnPlacement,
    Document,
    DocumentKind,
    DocumentState,
    InterpretationForm,
    LifecycleEvent,
    LifecycleKind,
)
from zwgk.catalog.selectors import access_document
from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.models import STAFF_ROLES, Role
from zwgk.organizations.permissions import has_role, require_role


def refresh_validity(doc: Document, *, today: date) -> bool:
    """Re-derive the stored validity from the history (the only writer of `validity`)."""
    events = list(doc.lifecycle_events.values_list("kind", "on"))
    derived = lifecycle.derive_validity(events, today=today)
    if derived == doc.validity:
        return False
    doc.validity = derived
    doc.save(update_fields=["validity"])
    return True


def document_record_lifecycle(
    *, actor: Any, document_id: int, kind: str, on: date, by_id: int | None = None, note: str = ""
) -> LifecycleEvent:
    """Record that a published item was amended, repealed or has expired; validity follows.

    The agency of the affected item or of the amending/repealing item may record it (a city
    rule repealed by a decision of the city government is recorded by either side).
    """
    if kind not in LifecycleKind.values:
        raise ValidationFailed("未知的立改废事项。", fields={"kind": " / ".join(LifecycleKind.values)})
    if kind == LifecycleKind.AMENDED and by_id is None:
        raise ValidationFailed("修改须关联修改它的文件。", fields={"by": "必填"})
    with transaction.atomic():
        doc = Document.objects.select_for_update().select_related("organization").get(pk=document_id)
        by = Document.objects.select_related("organization").get(pk=by_id) if by_id is not None else None
        editor_roles = (Role.EDITOR, Role.REVIEWER)
        may_record = has_role(actor, doc.organization, *editor_roles) or (
            by is not None and has_role(actor, by.organization, *editor_roles)
        )
        if not may_record:
            if doc.state != DocumentState.PUBLISHED:
                raise Document.DoesNotExist
            raise NotPermitted("只有发文机构或相关文件机构的信息员、审签人可以登记立改废。")
        if doc.state != DocumentState.PUBLISHED:
            raise Conflict("只有已发布的文件才能登记立改废。", code="document_not_published")
        if by is not None and (by.pk == doc.pk or by.state != DocumentState.PUBLISHED):
            raise ValidationFailed("依据文件须为另一份已发布的文件。", fields={"by": "无效"})
        if doc.validity in {"repealed", "expired"}:
            raise Conflict("该文件已废止或失效。", code="document_no_longer_in_force")
        event = LifecycleEvent.objects.create(
            document=doc,
            kind=kind,
            on=on,
            by=by,
            note=note.strip()[:300],
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        before = doc.validity
        refresh_validity(doc, today=timezone.localdate())
        audit.record(
            actor=actor,
            verb="document.lifecycle",
            target=doc,
            organization_code=doc.organization.code,
            before={"validity": before},
            after={"validity": doc.validity},
            data={"kind": kind, "on": on.isoformat(), "by": by.pk if by else None, "note": event.note},
        )
        sync_index(doc)
    return event


def document_validity_refresh_due(*, today: date | None = None) -> list[int]:
    """Items whose dated lifecycle events took effect since they were recorded (daily task)."""
    today = today or timezone.localdate()
    ids = set(LifecycleEvent.objects.filter(on__lte=today).values_list("document_id", flat=True).distinct())
    changed = []
    for pk in sorted(ids):
        with transaction.atomic():
            doc = Document.objects.select_for_update().select_related("organization").get(pk=pk)
            before = doc.validity
            if refresh_validity(doc, today=today):
                audit.record(
                    actor=None,
                    verb="document.validity_refresh",
                    target=doc,
                    organization_code=doc.organization.code,
                    before={"validity": before},
                    after={"validity": doc.validity},
                )
                sync_index(doc)
                changed.append(pk)
    return changed


def document_link_interpretation(
    *, actor: Any, interpretation_id: int, policy_id: int | None, form: str = ""
) -> Document:
    """Link an interpretation to the policy it explains (or unlink with policy_id=None)."""
    if form and form not in InterpretationForm.values:
        raise ValidationFailed("未知的解读形式。", fields={"form": " / ".join(InterpretationForm.values)})
    with transaction.atomic():
        interp = access_document(actor, interpretation_id, for_update=True)
        require_role(actor, interp.organization, Role.EDITOR, Role.REVIEWER)
        if interp.state == DocumentState.PUBLISHED:
            require_role(actor, interp.organization, Role.REVIEWER)
        policy = None
        if policy_id is not None:
            policy = Document.objects.select_related("organization").filter(pk=policy_id).first()
            visible = policy is not None and (
                policy.state == DocumentState.PUBLISHED or has_role(actor, policy.organization, *STAFF_ROLES)
            )
            if not visible:
                raise ValidationFailed("所解读的文件不存在。", fields={"policy": "不存在"})
            if policy.pk == interp.pk or policy.kind == DocumentKind.INTERPRETATION:
                raise ValidationFailed("所解读的文件须为另一份政策文件。", fields={"policy": "无效"})
        before = {"interprets": interp.interprets_id, "form": interp.interpretation_form}
        interp.interprets = policy
        if policy is not None:
            interp.kind = DocumentKind.INTERPRETATION
            interp.interpretation_form = form or interp.interpretation_form or InterpretationForm.TEXT
        interp.save(update_fields=["interprets", "kind", "interpretation_form", "updated_at"])
        audit.record(
            actor=actor,
            verb="document.link_interpretation",
            target=interp,
            organization_code=interp.organization.code,
            before=before,
            after={"interprets": interp.interprets_id, "form": interp.interpretation_form},
        )
        sync_index(interp)
    return interp


def _placeable(actor: Any, column_id: int, document_id: int) -> tuple[Column, Document]:
    doc = access_document(actor, document_id, for_update=True)
    require_role(actor, doc.organization, Role.EDITOR, Role.REVIEWER)
    column = Column.objects.get(pk=column_id, is_active=True)
    if column.organization_id not in (None, doc.organization_id):
        raise ValidationFailed("不能把信息放入其他机构的栏目。", fields={"column": "其他机构"})
    return column, doc


def column_place(*, actor: Any, column_id: int, document_id: int, on: date | None = None) -> ColumnPlacement:
    """Show an item in one more column (the item itself is not copied)."""
    with transaction.atomic():
        column, doc = _placeable(actor, column_id, document_id)
        placed_on = (on or timezone.localdate()) if doc.state == DocumentState.PUBLISHED else None
        placement, created = ColumnPlacement.objects.get_or_create(
            column=column,
            document=doc,
            defaults={"placed_on": placed_on, "placed_by": actor if getattr(actor, "pk", None) else None},
        )
        if not created:
            raise Conflict("该信息已在此栏目中。", code="already_placed")
        audit.record(
            actor=actor,
            verb="column.place",
            target=doc,
            organization_code=doc.organization.code,
            data={"column": column.code, "placed_on": placed_on.isoformat() if placed_on else None},
        )
        sync_index(doc)
    return placement


def column_remove(*, actor: Any, column_id: int, document_id: int) -> None:
    with transaction.atomic():
        column, doc = _placeable(actor, column_id, document_id)
        deleted, _ = ColumnPlacement.objects.filter(column=column, document=doc).delete()
        if not deleted:
            raise Conflict("该信息不在此栏目中。", code="not_placed")
        audit.record(
            actor=actor,
            verb="column.remove",
            target=doc,
            organization_code=doc.organization.code,
            data={"column": column.code},
        )
        sync_index(doc)
