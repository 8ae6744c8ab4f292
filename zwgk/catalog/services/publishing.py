"""Publishing with sign-off: the review engine's hooks, scheduled publication, withdrawal, import.

A reviewer (审签人) of the agency signs off and publishes in one step; anyone else's "publish"
sends the item for review. Either way the decision is a ReviewRequest, so every publication has
a sign-off on record.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.catalog import index_numbers, states
from zwgk.catalog.columns import statutory_item_column
from zwgk.catalog.indexing import sync_index
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import ColumnPlacement, Document, DocumentKind, DocumentState
from zwgk.catalog.selectors import access_document
from zwgk.catalog.services.drafts import PUBLISH_REVIEW_KIND, create_unchecked, document_submit
from zwgk.catalog.services.links import refresh_validity
from zwgk.core import audit
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role, require_admin, require_role
from zwgk.review import registry
from zwgk.review.models import ReviewRequest
from zwgk.review.services import may_decide, review_approve

__all__ = [
    "PUBLISH_REVIEW_KIND",
    "document_import",
    "document_publish",
    "document_publish_due",
    "document_withdraw",
]


def _locked(document_id: int) -> Document:
    return Document.objects.select_for_update().select_related("organization").get(pk=document_id)


def _set_state(
    doc: Document, state: str, *, actor: Any, verb: str, data: dict[str, Any] | None = None
) -> None:
    before = doc.state
    doc.state = state
    doc.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        verb=verb,
        target=doc,
        organization_code=doc.organization.code,
        before={"state": before},
        after={"state": state},
        data=data,
    )


def publish_now(
    doc: Document,
    *,
    actor: Any,
    on: date,
    published_at: datetime | None = None,
    imported_index_no: str | None = None,
) -> None:
    """Make the item public: index number, dates, columns, validity and search, one transaction."""
    states.check_allowed(doc.state, states.PUBLISH)
    if imported_index_no:
        _take_imported_index_no(doc, imported_index_no, on.year)
    elif doc.index_no is None:
        # Withdrawn and republished items keep their number: numbers are never reused.
        doc.index_no, doc.index_serial = index_numbers.allocate(doc.organization, on.year)
        doc.index_year = on.year
    doc.published_on = on
    doc.published_at = published_at or timezone.now()
    doc.publish_at = None
    doc.save(
        update_fields=["index_no", "index_year", "index_serial", "published_on", "published_at", "publish_at"]
    )
    ColumnPlacement.objects.filter(document=doc, placed_on__isnull=True).update(placed_on=on)
    for category in doc.art20_categories.all():
        ColumnPlacement.objects.get_or_create(
            column=statutory_item_column(doc.organization, category), document=doc, defaults={"placed_on": on}
        )
    _set_state(
        doc,
        DocumentState.PUBLISHED,
        actor=actor,
        verb="document.publish",
        data={"index_no": doc.index_no, "published_on": on.isoformat()},
    )
    refresh_validity(doc, today=timezone.localdate())
    sync_index(doc)


def _take_imported_index_no(doc: Document, index_no: str, year: int) -> None:
    if Document.objects.filter(index_no=index_no).exclude(pk=doc.pk).exists():
        raise Conflict(f"索引号 {index_no} 已被使用。", code="index_no_taken", fields={"index_no": "重复"})
    doc.index_no = index_no
    serial = index_numbers.parse_serial(doc.organization, year, index_no)
    if serial is not None:
        doc.index_year, doc.index_serial = year, serial
        index_numbers.reserve_imported(doc.organization, year, serial)


def _enqueue_scheduled(document_id: int, when: datetime) -> None:
    from zwgk.catalog import tasks

    task = tasks.publish_scheduled
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(document_id)
    # Without a deferring backend the periodic `catalog_publish_due` publishes it.


def _schedule(doc: Document, *, actor: Any) -> None:
    _set_state(
        doc,
        DocumentState.SCHEDULED,
        actor=actor,
        verb="document.schedule",
        data={"publish_at": doc.publish_at.isoformat() if doc.publish_at else None},
    )
    when, pk = doc.publish_at, doc.pk
    assert when is not None
    transaction.on_commit(lambda: _enqueue_scheduled(pk, when))


# --- the review engine's hooks ---------------------------------------------------------------
def _on_approve(req: ReviewRequest, actor: Any) -> None:
    doc = _locked(req.object_id)
    states.check_allowed(doc.state, states.APPROVE)
    _set_state(
        doc, DocumentState.APPROVED, actor=actor, verb="document.approve", data={"review_request": req.pk}
    )
    if doc.publish_at is not None and doc.publish_at > timezone.now():
        _schedule(doc, actor=actor)
    else:
        publish_now(doc, actor=actor, on=timezone.localdate())


def _on_return(req: ReviewRequest, actor: Any) -> None:
    doc = _locked(req.object_id)
    states.check_allowed(doc.state, states.RETURN)
    _set_state(
        doc, DocumentState.RETURNED, actor=actor, verb="document.return", data={"comment": req.comment}
    )


def _on_cancel(req: ReviewRequest, actor: Any) -> None:
    doc = _locked(req.object_id)
    states.check_allowed(doc.state, states.CANCEL_REVIEW)
    _set_state(doc, DocumentState.DRAFT, actor=actor, verb="document.review_cancelled")


def register_review_kind() -> None:
    """Called from CatalogConfig.ready(): what approving a publication request does."""
    registry.register(
        registry.ReviewKind(
            code=PUBLISH_REVIEW_KIND,
            label="信息发布",
            on_approve=_on_approve,
            on_return=_on_return,
            on_cancel=_on_cancel,
            subkinds=tuple((k.value, str(k.label)) for k in DocumentKind),
        )
    )


# --- services ---------------------------------------------------------------------------------
def document_publish(
    *, actor: Any, document_id: int, publish_at: datetime | None = None, note: str = ""
) -> Document:
    """Publish (or schedule, with `publish_at`) when the actor may sign off; otherwise submit for
    review. The returned item's state tells which happened."""
    with transaction.atomic():
        doc = access_document(actor, document_id, for_update=True)
        if publish_at is not None:
            states.check_allowed(doc.state, states.SCHEDULE)
            doc.publish_at = publish_at
            doc.save(update_fields=["publish_at"])
        # Decision 0016: the actor decides the step the chain waits for when they may (their
        # post, not their own draft); otherwise the item goes to (or stays in) review.
        pending = ReviewRequest.objects.for_target(doc).pending().first()
        if pending is None:
            pending = document_submit(
                actor=actor,
                document_id=doc.pk,
                note=note or ("审签人直接签发" if has_role(actor, doc.organization, Role.REVIEWER) else ""),
            )
        if may_decide(actor, pending):
            review_approve(actor=actor, request_id=pending.pk, comment=note)
        doc.refresh_from_db()
    return doc


def document_publish_due(*, now: datetime | None = None, document_id: int | None = None) -> list[int]:
    """Publish scheduled items whose time has come (the worker's task and the periodic command)."""
    now = now or timezone.now()
    due = Document.objects.filter(state=DocumentState.SCHEDULED, publish_at__lte=now)
    if document_id is not None:
        due = due.filter(pk=document_id)
    published = []
    for pk in list(due.order_by("publish_at", "id").values_list("pk", flat=True)):
        with transaction.atomic():
            doc = _locked(pk)
            # Re-checked under the lock: a withdrawal or a second worker may have come first.
            if doc.state != DocumentState.SCHEDULED or doc.publish_at is None or doc.publish_at > now:
                continue
            publish_now(doc, actor=None, on=timezone.localdate(doc.publish_at), published_at=doc.publish_at)
            published.append(pk)
    return published


def document_withdraw(*, actor: Any, document_id: int, reason: str) -> Document:
    """Take a published or scheduled item off the platform (it leaves the index at once)."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写撤回原因。", fields={"reason": "必填"})
    with transaction.atomic():
        doc = access_document(actor, document_id, for_update=True)
        require_role(actor, doc.organization, Role.REVIEWER)
        states.check_allowed(doc.state, states.WITHDRAW)
        doc.withdrawn_reason = reason[:300]
        doc.save(update_fields=["withdrawn_reason"])
        _set_state(
            doc, DocumentState.WITHDRAWN, actor=actor, verb="document.withdraw", data={"reason": reason}
        )
        sync_index(doc)
    return doc


def document_import(
    *,
    actor: Any,
    data: DocumentInput,
    published_on: date | None = None,
    index_no: str | None = None,
    publish: bool = False,
) -> Document:
    """Bring in an item from an existing site (platform operator / demo): as a draft, or already
    published on its original date, keeping its original index number when given."""
    if actor is not None:
        require_admin(actor)
    if (published_on or index_no) and not publish:
        raise ValidationFailed("只有已发布的信息才有发布日期和索引号。", fields={"state": "应为 published"})
    with transaction.atomic():
        doc = create_unchecked(actor=actor, data=data, verb="document.import")
        if publish:
            on = published_on or timezone.localdate()
            # An imported item was published on its original day; noon keeps the date in any zone.
            at = timezone.make_aware(datetime.combine(on, time(12, 0)))
            publish_now(doc, actor=actor, on=on, published_at=at, imported_index_no=index_no or None)
    return doc
