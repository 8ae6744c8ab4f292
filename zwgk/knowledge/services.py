"""State changes of the Q&A library: one function per change, each audited.

Publishing goes through the one review engine (`zwgk.review`, kind `knowledge.publish`): the
owning agency's chain signs an entry off before it is served, and again after every edit (the
served text stays the approved one until the edit is approved). Hotline staff (Role.HOTLINE)
propose entries from calls for any agency; the proposal goes straight to that agency's review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.knowledge import sources
from zwgk.knowledge.matching import normalised_fields
from zwgk.knowledge.models import EDITABLE_STATES, Entry, EntryState, QueryChannel, QueryLog
from zwgk.knowledge.sources import SourceKind
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, require_role, roles_of
from zwgk.review import registry
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_submit

REVIEW_KIND = "knowledge.publish"
EDITOR_ROLES = (Role.EDITOR, Role.REVIEWER)
MAX_TAGS = 10
AUDIT_FIELDS = ["question", "answer", "tags", "source_kind", "source_id", "source_reference", "state"]


@dataclass
class EntryInput:
    organization: Organization
    question: str
    answer: str
    source_kind: str
    source_id: int | None = None
    source_reference: str = ""
    tags: list[str] = field(default_factory=list)


def _clean(data: EntryInput) -> None:
    errors: dict[str, str] = {}
    data.question = data.question.strip()
    data.answer = data.answer.strip()
    data.source_reference = data.source_reference.strip()
    data.tags = list(dict.fromkeys(t.strip() for t in data.tags if t.strip()))
    if not data.question:
        errors["question"] = "必填"
    elif len(data.question) > 300:
        errors["question"] = "不超过300字"
    if not data.answer:
        errors["answer"] = "必填"
    if len(data.tags) > MAX_TAGS or any(len(t) > 30 for t in data.tags):
        errors["tags"] = f"最多{MAX_TAGS}个标签，每个不超过30字"
    if data.source_kind not in SourceKind.values:
        errors["source_kind"] = " / ".join(SourceKind.values)
    elif data.source_kind in sources.KINDS_WITHOUT_SOURCE_RECORD:
        data.source_id = None
    elif data.source_id is None:
        errors["source_id"] = "必填"
    else:
        found = sources.resolve([(data.source_kind, data.source_id)])[(data.source_kind, data.source_id)]
        if not found.current:
            errors["source_id"] = found.expired_because or "来源无效"
    if errors:
        raise ValidationFailed("问答字段不正确。", fields=errors)


def _apply(entry: Entry, data: EntryInput) -> None:
    entry.question = data.question
    entry.answer = data.answer
    entry.tags = data.tags
    entry.source_kind = data.source_kind
    entry.source_id = data.source_id
    entry.source_reference = data.source_reference[:100]


def _locked(entry_id: int) -> Entry:
    return Entry.objects.select_for_update().select_related("organization").get(pk=entry_id)


def _pending(entry: Entry) -> ReviewRequest | None:
    return ReviewRequest.objects.for_target(entry).pending().first()


def entry_create(*, actor: Any, data: EntryInput) -> Entry:
    """A draft of the agency's own (editors and reviewers of the owning agency)."""
    require_role(actor, data.organization, *EDITOR_ROLES)
    _clean(data)
    with transaction.atomic():
        entry = Entry(
            organization=data.organization, created_by=actor if getattr(actor, "pk", None) else None
        )
        _apply(entry, data)
        entry.save()
        audit.record(
            actor=actor,
            verb="knowledge.create",
            target=entry,
            organization_code=entry.organization.code,
            after=audit.snapshot(entry, AUDIT_FIELDS),
        )
    return entry


def entry_update(*, actor: Any, entry_id: int, data: EntryInput) -> Entry:
    """Edit the draft text; a published entry keeps serving its approved text meanwhile."""
    with transaction.atomic():
        entry = _locked(entry_id)
        require_role(actor, entry.organization, *EDITOR_ROLES)
        if data.organization.pk != entry.organization_id:
            raise ValidationFailed("不能更改答复机构。", fields={"organization": "不可更改"})
        if entry.state not in EDITABLE_STATES or _pending(entry) is not None:
            raise Conflict("审签中或已撤下的问答不能修改。", code="entry_not_editable")
        _clean(data)
        before = audit.snapshot(entry, AUDIT_FIELDS)
        _apply(entry, data)
        entry.save()
        audit.record(
            actor=actor,
            verb="knowledge.update",
            target=entry,
            organization_code=entry.organization.code,
            before=before,
            after=audit.snapshot(entry, AUDIT_FIELDS),
        )
    return entry


def entry_submit(*, actor: Any, entry_id: int, note: str = "") -> ReviewRequest:
    """Send the entry (new, returned, or an edit of a published one) to the agency's sign-off."""
    with transaction.atomic():
        entry = _locked(entry_id)
        may_submit = has_role(actor, entry.organization, *EDITOR_ROLES) or (
            entry.source_kind == SourceKind.HOTLINE_CALL
            and entry.created_by_id == getattr(actor, "pk", None)
            and Role.HOTLINE in roles_of(actor)
        )
        if not may_submit:
            raise NotPermitted(f"您在“{entry.organization.display_name}”没有信息员或审签人权限。")
        if entry.state not in EDITABLE_STATES:
            raise Conflict("已撤下的问答不能报审。", code="entry_not_editable")
        req = review_submit(
            actor=actor,
            target=entry,
            organization=entry.organization,
            kind=REVIEW_KIND,
            title=entry.question,
            note=note,
            author=entry.created_by or actor,
        )
        before = entry.state
        if entry.state != EntryState.PUBLISHED:
            entry.state = EntryState.SUBMITTED
            entry.save(update_fields=["state", "updated_at"])
        audit.record(
            actor=actor,
            verb="knowledge.submit",
            target=entry,
            organization_code=entry.organization.code,
            before={"state": before},
            after={"state": entry.state},
            data={"review_request": req.pk},
        )
    return req


def entry_propose_from_call(
    *,
    actor: Any,
    organization: Organization,
    question: str,
    answer: str,
    call_reference: str = "",
    tags: list[str] | None = None,
) -> Entry:
    """Hotline staff turn a call's question and the answer given into a proposal for the owning
    agency; it is served only once that agency signs it off."""
    if Role.HOTLINE not in roles_of(actor):
        raise NotPermitted("只有热线工作人员可以从来电提出问答。")
    data = EntryInput(
        organization=organization,
        question=question,
        answer=answer,
        tags=list(tags or []),
        source_kind=SourceKind.HOTLINE_CALL,
        source_reference=call_reference,
    )
    _clean(data)
    with transaction.atomic():
        entry = Entry(organization=organization, created_by=actor)
        _apply(entry, data)
        entry.save()
        audit.record(
            actor=actor,
            verb="knowledge.propose",
            target=entry,
            organization_code=organization.code,
            after=audit.snapshot(entry, AUDIT_FIELDS),
        )
        entry_submit(
            actor=actor,
            entry_id=entry.pk,
            note=f"热线来电{('（' + data.source_reference + '）') if data.source_reference else ''}",
        )
    entry.refresh_from_db()
    return entry


def entry_withdraw(*, actor: Any, entry_id: int, reason: str) -> Entry:
    """Stop serving an entry (the agency's reviewer)."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写撤下原因。", fields={"reason": "必填"})
    with transaction.atomic():
        entry = _locked(entry_id)
        require_role(actor, entry.organization, Role.REVIEWER)
        if entry.state == EntryState.WITHDRAWN:
            raise Conflict("该问答已撤下。", code="entry_withdrawn")
        if _pending(entry) is not None:
            raise Conflict("该问答正在审签，请先撤回审签。", code="review_already_pending")
        before = entry.state
        entry.state = EntryState.WITHDRAWN
        entry.lapsed_on, entry.lapsed_because = None, ""  # retired: nothing left to review
        entry.save(update_fields=["state", "lapsed_on", "lapsed_because", "updated_at"])
        audit.record(
            actor=actor,
            verb="knowledge.withdraw",
            target=entry,
            organization_code=entry.organization.code,
            before={"state": before},
            after={"state": entry.state},
            data={"reason": reason[:300]},
        )
    return entry


def log_query(*, normalised: str, organization_code: str, channel: QueryChannel, results: int) -> None:
    """Record a public search for the statistics (what is asked most, what finds nothing)."""
    if not normalised:
        return
    QueryLog.objects.create(
        normalised=normalised[:256],
        organization_code=organization_code[:64],
        channel=channel,
        results=results,
        asked_at=timezone.now(),
    )


# --- the review engine's hooks ---------------------------------------------------------------
def _on_approve(req: ReviewRequest, actor: Any) -> None:
    entry = _locked(req.object_id)
    before = entry.state
    entry.published_question, entry.published_answer = entry.question, entry.answer
    entry.published_tags = list(entry.tags)
    entry.norm_question, entry.norm_answer, entry.norm_tags = normalised_fields(
        entry.question, entry.answer, entry.tags
    )
    entry.state = EntryState.PUBLISHED
    entry.updated_on = timezone.localdate()
    entry.lapsed_on, entry.lapsed_because = None, ""  # reviewed again: rechecked from now on
    entry.save()
    audit.record(
        actor=actor,
        verb="knowledge.publish",
        target=entry,
        organization_code=entry.organization.code,
        before={"state": before},
        after={"state": entry.state},
        data={"review_request": req.pk},
    )


def _back_to_author(entry: Entry, state: str, actor: Any, verb: str, comment: str) -> None:
    before = entry.state
    if entry.state == EntryState.SUBMITTED:
        entry.state = state
        entry.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        verb=verb,
        target=entry,
        organization_code=entry.organization.code,
        before={"state": before},
        after={"state": entry.state},
        data={"comment": comment},
    )


def _on_return(req: ReviewRequest, actor: Any) -> None:
    _back_to_author(_locked(req.object_id), EntryState.RETURNED, actor, "knowledge.return", req.comment)


def _on_cancel(req: ReviewRequest, actor: Any) -> None:
    _back_to_author(_locked(req.object_id), EntryState.DRAFT, actor, "knowledge.review_cancelled", "")


def register_review_kind() -> None:
    registry.register(
        registry.ReviewKind(
            code=REVIEW_KIND,
            label="问答发布",
            on_approve=_on_approve,
            on_return=_on_return,
            on_cancel=_on_cancel,
        )
    )


# --- entries whose source lapsed ---------------------------------------------------------------
RECHECK_BATCH = 500


def entries_recheck(*, kind: str | None = None, source_ids: list[int] | None = None) -> int:
    """Re-resolve the sources of published entries (all, or those of one kind and ids) and store
    which lapsed since when (`Entry.lapsed_on`): the owning agency's to-do. Run periodically
    (`knowledge.recheck_sources`) and by a source's owner right after it withdraws one.
    Idempotent; returns how many entries changed."""
    qs = Entry.objects.filter(state=EntryState.PUBLISHED).order_by("pk")
    if kind is not None:
        qs = qs.filter(source_kind=kind)
    if source_ids is not None:
        qs = qs.filter(source_id__in=source_ids)
    today = timezone.localdate()
    changed, after = 0, 0
    while batch := list(
        qs.filter(pk__gt=after).only("pk", "source_kind", "source_id", "lapsed_on")[:RECHECK_BATCH]
    ):
        after = batch[-1].pk
        found = sources.resolve((e.source_kind, e.source_id) for e in batch)
        for entry in batch:
            res = found[(entry.source_kind, entry.source_id)]
            if res.current and entry.lapsed_on is not None:
                Entry.objects.filter(pk=entry.pk).update(lapsed_on=None, lapsed_because="")
                changed += 1
            elif not res.current and entry.lapsed_on is None:
                Entry.objects.filter(pk=entry.pk).update(
                    lapsed_on=today, lapsed_because=res.expired_because[:300]
                )
                changed += 1
    return changed
