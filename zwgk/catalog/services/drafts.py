"""Drafting: create and edit an item, attach files, send it for sign-off."""

from __future__ import annotations

from typing import IO, Any

from django.core.files import File
from django.db import transaction

from zwgk.catalog import states
from zwgk.catalog.attachments import check_upload
from zwgk.catalog.html import sanitize_html
from zwgk.catalog.indexing import sync_index
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import (
    SUMMARY_MAX_CHARS,
    Attachment,
    ColumnPlacement,
    Document,
    DocumentKind,
    DocumentState,
    LifecycleEvent,
    Validity,
)
from zwgk.catalog.selectors import access_document
from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import require_role
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_submit

AUDIT_FIELDS = [
    "title", "doc_no", "signed_on", "kind", "genre", "keywords", "summary", "source", "disclosure_method",
    "disclosure_scope", "information_created_on", "information_changed_on", "publish_at", "interprets",
    "interpretation_form", "state",
]  # fmt: skip
PUBLISH_REVIEW_KIND = "catalog.publish"


def require_editor(actor: Any, doc_or_org: Any) -> None:
    org = getattr(doc_or_org, "organization", doc_or_org)
    require_role(actor, org, Role.EDITOR, Role.REVIEWER)


def validate(data: DocumentInput) -> None:
    """The item's own rules, whoever calls (form, API, import)."""
    errors: dict[str, str] = {}
    data.title = data.title.strip()
    data.summary = data.summary.strip()
    if not data.title:
        errors["title"] = "必填"
    if len(data.summary) > SUMMARY_MAX_CHARS:
        errors["summary"] = f"内容概述不超过{SUMMARY_MAX_CHARS}字（现{len(data.summary)}字）"
    if data.interprets is not None:
        if data.kind == DocumentKind.OTHER:
            data.kind = DocumentKind.INTERPRETATION
        if data.kind != DocumentKind.INTERPRETATION:
            errors["interprets"] = "只有政策解读可以关联所解读的文件"
        elif data.interprets.kind == DocumentKind.INTERPRETATION:
            errors["interprets"] = "解读不能再解读另一篇解读"
    if data.interpretation_form and data.kind != DocumentKind.INTERPRETATION:
        errors["interpretation_form"] = "只有政策解读有解读形式"
    for column in data.columns:
        if column.organization_id not in (None, data.organization.pk):
            errors["columns"] = f"栏目“{column.name}”属于其他机构"
    if data.organization in data.co_issuers:
        errors["co_issuers"] = "联合发文机构不应包含发布机构本身"
    if errors:
        raise ValidationFailed("信息字段不正确。", fields=errors)


def apply_input(doc: Document, data: DocumentInput) -> None:
    for name in [
        "title", "doc_no", "signed_on", "kind", "genre", "summary", "source", "disclosure_method",
        "disclosure_scope", "information_created_on", "information_changed_on", "publish_at", "interprets",
        "interpretation_form",
    ]:  # fmt: skip
        setattr(doc, name, getattr(data, name))
    doc.body = sanitize_html(data.body)
    doc.keywords = list(dict.fromkeys(k.strip() for k in data.keywords if k.strip()))
    doc.save()
    doc.subjects.set(data.subjects)
    doc.art20_categories.set(data.art20_categories)
    doc.co_issuers.set(data.co_issuers)
    # Columns chosen on the draft become visible on publication (placed_on stays empty until then);
    # placements already visible are changed only through column_place / column_remove.
    wanted = {c.pk for c in data.columns}
    ColumnPlacement.objects.filter(document=doc, placed_on__isnull=True).exclude(
        column_id__in=wanted
    ).delete()
    have = set(ColumnPlacement.objects.filter(document=doc).values_list("column_id", flat=True))
    ColumnPlacement.objects.bulk_create(
        [ColumnPlacement(document=doc, column=c) for c in data.columns if c.pk not in have]
    )


def create_unchecked(*, actor: Any, data: DocumentInput, verb: str = "document.create") -> Document:
    """Create the draft; callers have checked permission (the importer runs as the platform)."""
    validate(data)
    doc = Document(organization=data.organization, created_by=actor if getattr(actor, "pk", None) else None)
    apply_input(doc, data)
    if data.declared_validity != Validity.IN_FORCE:
        LifecycleEvent.objects.create(
            document=doc,
            kind=data.declared_validity,
            note="录入时声明的有效性",
            recorded_by=doc.created_by,
        )
        doc.validity = data.declared_validity
        doc.save(update_fields=["validity"])
    audit.record(
        actor=actor,
        verb=verb,
        target=doc,
        organization_code=doc.organization.code,
        after=audit.snapshot(doc, AUDIT_FIELDS),
    )
    return doc


def document_create_draft(*, actor: Any, data: DocumentInput) -> Document:
    """A new draft of the actor's agency."""
    require_editor(actor, data.organization)
    with transaction.atomic():
        return create_unchecked(actor=actor, data=data)


def document_update_draft(*, actor: Any, document_id: int, data: DocumentInput) -> Document:
    """Edit a draft (editors), or correct a published item (reviewers; re-indexed at once)."""
    with transaction.atomic():
        doc = access_document(actor, document_id, for_update=True)
        if data.organization.pk != doc.organization_id:
            raise ValidationFailed("不能更改发布机构。", fields={"organization": "不可更改"})
        if doc.state == DocumentState.PUBLISHED:
            states.check_allowed(doc.state, states.CORRECT)
            require_role(actor, doc.organization, Role.REVIEWER)
        else:
            states.check_allowed(doc.state, states.EDIT)
            require_editor(actor, doc)
        if data.interprets is not None and data.interprets.pk == doc.pk:
            raise ValidationFailed("文件不能解读自身。", fields={"interprets": "不能是自身"})
        validate(data)
        before = audit.snapshot(doc, AUDIT_FIELDS)
        apply_input(doc, data)
        audit.record(
            actor=actor,
            verb="document.correct" if doc.state == DocumentState.PUBLISHED else "document.update",
            target=doc,
            organization_code=doc.organization.code,
            before=before,
            after=audit.snapshot(doc, AUDIT_FIELDS),
        )
        sync_index(doc)
    return doc


def check_ready(doc: Document) -> None:
    errors: dict[str, str] = {}
    if not doc.title.strip():
        errors["title"] = "必填"
    if not doc.body.strip() and not doc.attachments.exists():
        errors["body"] = "正文和附件不能都为空"
    if errors:
        raise ValidationFailed("信息尚不完整，不能报送。", fields=errors)


def document_submit(*, actor: Any, document_id: int, note: str = "") -> ReviewRequest:
    """Send the item to the agency's reviewers (审签)."""
    with transaction.atomic():
        doc = access_document(actor, document_id, for_update=True)
        require_editor(actor, doc)
        states.check_allowed(doc.state, states.SUBMIT)
        check_ready(doc)
        req = review_submit(
            actor=actor,
            target=doc,
            organization=doc.organization,
            kind=PUBLISH_REVIEW_KIND,
            title=doc.title,
            note=note,
            # Decision 0016: chains per document kind; the drafter may not sign it off.
            subkind=doc.kind,
            author=doc.created_by or actor,
        )
        before = doc.state
        doc.state = DocumentState.SUBMITTED
        doc.save(update_fields=["state", "updated_at"])
        audit.record(
            actor=actor,
            verb="document.submit",
            target=doc,
            organization_code=doc.organization.code,
            before={"state": before},
            after={"state": doc.state},
            data={"review_request": req.pk},
        )
    return req


def attachment_add(*, actor: Any, document_id: int, fileobj: IO[bytes], original_name: str) -> Attachment:
    """Attach a file after sniffing its type, checking its size and running the scan hook."""
    checked = check_upload(fileobj, original_name)
    with transaction.atomic():
        doc = access_document(actor, document_id, for_update=True)
        if doc.state == DocumentState.PUBLISHED:
            require_role(actor, doc.organization, Role.REVIEWER)
        else:
            require_editor(actor, doc)
            states.check_allowed(doc.state, states.EDIT)
        att = Attachment(
            document=doc,
            original_name=original_name[-255:] or checked.safe_name,
            file_type=checked.file_type,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            scan_status=checked.scan.status,
            scan_detail=checked.scan.detail[:300],
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            sort_order=doc.attachments.count(),
        )
        fileobj.seek(0)
        # Stored under a name derived from the content: the uploader's name never reaches the disk.
        att.file.save(checked.safe_name, File(fileobj), save=False)
        att.save()
        audit.record(
            actor=actor,
            verb="attachment.add",
            target=att,
            organization_code=doc.organization.code,
            data={
                "document": doc.pk,
                "name": att.original_name,
                "type": att.file_type,
                "size": att.size,
                "sha256": att.sha256,
                "scan": att.scan_status,
            },
        )
    return att


def attachment_remove(*, actor: Any, attachment_id: int) -> None:
    with transaction.atomic():
        att = Attachment.objects.select_related("document").get(pk=attachment_id)
        doc = access_document(actor, att.document_id, for_update=True)
        if doc.state == DocumentState.PUBLISHED:
            require_role(actor, doc.organization, Role.REVIEWER)
        else:
            require_editor(actor, doc)
            states.check_allowed(doc.state, states.EDIT)
        audit.record(
            actor=actor,
            verb="attachment.remove",
            target=att,
            organization_code=doc.organization.code,
            data={"document": doc.pk, "name": att.original_name, "sha256": att.sha256},
        )
        name = att.file.name
        storage = att.file.storage
        att.delete()
        transaction.on_commit(lambda: storage.delete(name))
