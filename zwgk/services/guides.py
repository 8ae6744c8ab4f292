"""Service guides: drafts, versions, review through the one review engine, publication.

A guide's text lives in numbered versions. Editing a published guide opens a new draft (the
published version stays on the portal, untouched); submitting sends the draft through the
agency's sign-off chain (`review` kind `services.guide`); the last approval makes it the
published version and the old one `superseded`. Every save records which key elements are
missing (`completeness`); a published guide that lacks one is flagged for the supervising
office (to-do and list) and fails its site's inspection (`vetoes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.knowledge.services import entries_recheck
from zwgk.knowledge.sources import SourceKind
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, visible_organizations
from zwgk.review import registry
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_submit
from zwgk.services.completeness import missing_elements
from zwgk.services.indexing import sync_index
from zwgk.services.models import (
    Guide,
    GuideMaterial,
    GuideState,
    GuideVersion,
    KeyElement,
    LimitUnit,
    MaterialFile,
)

REVIEW_KIND = "services.guide"
EDIT_ROLES = (Role.EDITOR, Role.REVIEWER)
TEXT_FIELDS = (
    "name",
    "legal_basis",
    "conditions",
    "procedure",
    "fee_standard",
    "fee_basis",
    "window_address",
    "office_hours",
    "online_url",
    "contact_phone",
    "complaint_channel",
)
MAX_MATERIALS = 60
MAX_FAQ = 40


@dataclass(frozen=True)
class MaterialInput:
    name: str
    shared_code: str = ""
    form: str = ""
    copies: int = 1
    required: bool = True
    note: str = ""
    template_url: str = ""
    sample_url: str = ""
    # Uploaded files of this guide (`material_files.material_file_upload`), by id.
    template_file: int | None = None
    sample_file: int | None = None


@dataclass(frozen=True)
class GuideInput:
    name: str
    legal_basis: str = ""
    conditions: str = ""
    procedure: str = ""
    statutory_limit: int | None = None
    promised_limit: int | None = None
    limit_unit: str = LimitUnit.WORKDAYS
    fee_standard: str = ""
    fee_basis: str = ""
    window_address: str = ""
    office_hours: str = ""
    online_url: str = ""
    contact_phone: str = ""
    complaint_channel: str = ""
    faq: list[dict[str, str]] = field(default_factory=list)
    materials: list[MaterialInput] = field(default_factory=list)


def _clean(data: GuideInput) -> GuideInput:
    fields: dict[str, str] = {}
    if not data.name.strip():
        fields["name"] = "必填"
    if data.limit_unit not in LimitUnit.values:
        fields["limit_unit"] = "workdays 或 days"
    for name in ("statutory_limit", "promised_limit"):
        value = getattr(data, name)
        if value is not None and not 0 < value <= 3650:
            fields[name] = "1–3650"
    if (
        data.statutory_limit is not None
        and data.promised_limit is not None
        and data.promised_limit > data.statutory_limit
    ):
        fields["promised_limit"] = "承诺时限不能长于法定时限"
    if len(data.materials) > MAX_MATERIALS:
        fields["materials"] = f"最多{MAX_MATERIALS}项"
    if any(not m.name.strip() for m in data.materials):
        fields["materials"] = "每项材料都要有名称"
    if len(data.faq) > MAX_FAQ or any(
        not (str(f.get("question", "")).strip() and str(f.get("answer", "")).strip()) for f in data.faq
    ):
        fields["faq"] = f"每条问答都要有问题和回答，最多{MAX_FAQ}条"
    if fields:
        raise ValidationFailed("办事指南填写有误。", fields=fields)
    return data


def check_edit(actor: Any, organization: Organization) -> None:
    if not has_role(actor, organization, *EDIT_ROLES):
        raise NotPermitted(f"只有“{organization.display_name}”的信息员或审签人可以编辑其办事指南。")


def _check_files(guide: Guide, data: GuideInput) -> None:
    wanted = {f for m in data.materials for f in (m.template_file, m.sample_file) if f is not None}
    found = set(MaterialFile.objects.filter(guide=guide, pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationFailed("所选样表文件不属于该指南。", fields={"materials": "文件不存在"})


def _write(version: GuideVersion, data: GuideInput) -> None:
    _check_files(version.guide, data)
    for name in TEXT_FIELDS:
        setattr(version, name, getattr(data, name).strip())
    version.statutory_limit, version.promised_limit = data.statutory_limit, data.promised_limit
    version.limit_unit = data.limit_unit
    version.faq = [{"question": f["question"].strip(), "answer": f["answer"].strip()} for f in data.faq]
    version.missing = [str(e) for e in missing_elements(version, materials=len(data.materials))]
    version.complete = not version.missing
    version.save()
    version.materials.all().delete()
    GuideMaterial.objects.bulk_create(
        GuideMaterial(
            version=version,
            position=i,
            name=m.name.strip()[:200],
            shared_code=m.shared_code.strip()[:64],
            form=m.form.strip()[:50],
            copies=max(1, m.copies),
            required=m.required,
            note=m.note.strip()[:300],
            template_url=m.template_url.strip(),
            sample_url=m.sample_url.strip(),
            template_file_id=m.template_file,
            sample_file_id=m.sample_file,
        )
        for i, m in enumerate(data.materials, start=1)
    )


def _audit(actor: Any, version: GuideVersion, verb: str, **data: Any) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=version.guide,
        organization_code=version.guide.organization.code,
        data={"version": version.number, "state": version.state, "missing": version.missing, **data},
    )


def guide_create(*, actor: Any, organization: Organization, item_code: str, data: GuideInput) -> GuideVersion:
    """A new service item with its first draft."""
    check_edit(actor, organization)
    data = _clean(data)
    item_code = item_code.strip()
    if not item_code or len(item_code) > 64:
        raise ValidationFailed("请填写事项编码。", fields={"item_code": "必填，最长64位"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                guide = Guide.objects.create(organization=organization, item_code=item_code)
        except IntegrityError:
            raise Conflict(f"事项编码 {item_code} 已存在。", code="item_code_taken") from None
        version = GuideVersion(guide=guide, number=1, created_by=_user(actor))
        _write(version, data)
        _audit(actor, version, "services.guide.create")
    return version


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def access_guide(user: Any, pk: int, *, for_update: bool = False) -> Guide:
    qs = Guide.objects.filter(organization__in=visible_organizations(user)).select_related("organization")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def open_version(guide: Guide) -> GuideVersion | None:
    return guide.versions.filter(state__in=[GuideState.DRAFT, GuideState.IN_REVIEW]).first()


def guide_save_draft(*, actor: Any, pk: int, data: GuideInput) -> GuideVersion:
    """Change the open draft, or open a new one from the input when the guide has none (the
    published version stays as it is until the new one is approved)."""
    data = _clean(data)
    with transaction.atomic():
        guide = access_guide(actor, pk, for_update=True)
        check_edit(actor, guide.organization)
        version = open_version(guide)
        if version is not None and version.state == GuideState.IN_REVIEW:
            raise Conflict("该指南正在审核中，退回或撤回后才能修改。", code="guide_in_review")
        if version is None:
            last = guide.versions.order_by("-number").values_list("number", flat=True).first() or 0
            version = GuideVersion(guide=guide, number=last + 1, created_by=_user(actor))
        _write(version, data)
        _audit(actor, version, "services.guide.save")
    return version


def guide_submit(*, actor: Any, pk: int, note: str = "") -> GuideVersion:
    """Send the open draft to the agency's sign-off chain. An incomplete draft may be sent (the
    agency may publish what it has), but the request says what is missing, and once published
    the guide is flagged until a complete version replaces it."""
    with transaction.atomic():
        guide = access_guide(actor, pk, for_update=True)
        check_edit(actor, guide.organization)
        version = open_version(guide)
        if version is None or version.state != GuideState.DRAFT:
            raise Conflict("没有可提交审核的草稿。", code="guide_no_draft")
        version.state = GuideState.IN_REVIEW
        version.save(update_fields=["state", "updated_at"])
        missing = "、".join(str(KeyElement(m).label) for m in version.missing)
        review_submit(
            actor=actor,
            target=version,
            organization=guide.organization,
            kind=REVIEW_KIND,
            title=f"办事指南：{version.name}（第{version.number}版）",
            note="\n".join(x for x in (note.strip(), f"缺少要素：{missing}" if missing else "") if x),
        )
        _audit(actor, version, "services.guide.submit")
    return version


def _version_of(req: ReviewRequest) -> GuideVersion:
    return (
        GuideVersion.objects.select_for_update().select_related("guide__organization").get(pk=req.object_id)
    )


def _on_approve(req: ReviewRequest, actor: Any) -> None:
    version = _version_of(req)
    guide = version.guide
    GuideVersion.objects.filter(guide=guide, state=GuideState.PUBLISHED).update(state=GuideState.SUPERSEDED)
    version.state = GuideState.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["state", "published_at", "updated_at"])
    guide.published = version
    guide.withdrawn_at, guide.withdrawn_reason = None, ""  # approving again resumes a withdrawn item
    guide.save(update_fields=["published", "withdrawn_at", "withdrawn_reason", "updated_at"])
    sync_index(guide)
    _audit(actor, version, "services.guide.publish")


def _back_to_draft(req: ReviewRequest, actor: Any) -> None:
    version = _version_of(req)
    version.state = GuideState.DRAFT
    version.save(update_fields=["state", "updated_at"])


MAX_REASON = 500


def guide_withdraw(*, actor: Any, pk: int, reason: str) -> Guide:
    """停止办理/撤回: the published version is withdrawn and leaves the portal and the search
    index; packages holding the item show the gap; Q&A entries drawn from it stop being current
    (`qa_sources`). The agency's signers decide, as they decide what is published."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise ValidationFailed("请说明停止办理的原因。", fields={"reason": f"必填，最长{MAX_REASON}字"})
    with transaction.atomic():
        guide = access_guide(actor, pk, for_update=True)
        if not has_role(actor, guide.organization, Role.REVIEWER, Role.OFFICE_HEAD):
            raise NotPermitted(
                f"只有“{guide.organization.display_name}”的审签人或公开工作机构负责人可以停止办理事项。"
            )
        version = guide.published
        if version is None:
            raise Conflict("该指南没有公开的版本，无需停止办理。", code="guide_not_published")
        version.state = GuideState.WITHDRAWN
        version.save(update_fields=["state", "updated_at"])
        guide.published = None
        guide.withdrawn_at, guide.withdrawn_reason = timezone.now(), reason
        guide.save(update_fields=["published", "withdrawn_at", "withdrawn_reason", "updated_at"])
        sync_index(guide)
        _audit(actor, version, "services.guide.withdraw", reason=reason)
        # The answers drawn from it go on the owning agencies' to-do lists at once (the hourly
        # recheck would find them too); the public stops serving them as current anyway.
        transaction.on_commit(lambda: entries_recheck(kind=SourceKind.GUIDE, source_ids=[pk]))
    return guide


def register_review_kinds() -> None:
    registry.register(
        registry.ReviewKind(
            code=REVIEW_KIND,
            label="办事指南发布",
            on_approve=_on_approve,
            on_return=_back_to_draft,
            on_cancel=_back_to_draft,
        )
    )


# --- reading ---------------------------------------------------------------------------------
def guides_for(user: Any) -> QuerySet[Guide]:
    return (
        Guide.objects.filter(organization__in=visible_organizations(user))
        .select_related("organization", "published")
        .order_by("organization__sort_order", "item_code")
    )


def public_guides(*, organization: Organization | None = None, q: str = "") -> QuerySet[Guide]:
    """Published guides, filtered by agency and by words of the name, item code, conditions or
    materials (every word must match: the exact matching the platform's search promises)."""
    qs = Guide.objects.filter(published__isnull=False).select_related("organization", "published")
    if organization is not None:
        qs = qs.filter(organization=organization)
    for word in q.split()[:8]:
        qs = qs.filter(
            Q(published__name__icontains=word)
            | Q(item_code__iexact=word)
            | Q(published__conditions__icontains=word)
            | Q(published__materials__name__icontains=word)
            | Q(organization__name__icontains=word)
        )
    return qs.distinct().order_by("organization__sort_order", "published__name", "pk")


def public_guide(pk: int) -> Guide:
    """A published guide, or a withdrawn one (its page says so instead of vanishing: links to it
    from packages, Q&A answers and elsewhere keep explaining what happened)."""
    return Guide.objects.select_related("organization", "published").get(
        Q(published__isnull=False) | Q(withdrawn_at__isnull=False), pk=pk
    )


def incomplete_published(user: Any) -> QuerySet[Guide]:
    """Published guides lacking a key element, in the agencies the user may see."""
    return guides_for(user).filter(published__complete=False)
