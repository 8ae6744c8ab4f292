"""The case library (案例库): closed cases turned into anonymised guidance cases.

The office selects a closed case; `library_case_create` copies what the request asked for and the
reasoning of the reply letter through the scrubber (`domain.scrub`); staff edit; a reviewer of the
agency approves through the review engine (`casework.library`), after which every agency's staff
can search it, and the office may publish it on the portal. Every save refuses text that still
holds the source case's personal data.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zwgk.casework.domain import similarity
from zwgk.casework.domain.scrub import Known, leaks, scrub
from zwgk.casework.models import LetterState, LibraryCase, LibraryState
from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import State
from zwgk.foi.models import Application
from zwgk.foi.selectors import ACT_ROLES, application_list_for
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role, is_platform_admin, roles_of, visible_organizations
from zwgk.review import registry
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_submit

REVIEW_KIND = "casework.library"
EDIT_ROLES = (*ACT_ROLES, Role.REVIEWER)


@functools.cache
def _segmenter() -> Any:
    # A plain segmenter (no data-driven user words): stored features must not drift with the data.
    from zwgk.search.segmentation import Segmenter

    return Segmenter()


def text_features(text: str) -> frozenset[str]:
    return similarity.features(text, _segmenter().words)


def known_of(application: Application) -> Known:
    a = application
    return Known(
        names=(a.applicant_name, a.contact_person),
        addresses=(a.address,),
        others=(a.id_number, a.phone, a.email, a.tracking_code, a.postcode if len(a.postcode) >= 6 else ""),
    )


def personal_data_of(application: Application) -> list[str]:
    """The strings that must never appear in a library case made from this application."""
    a = application
    return [
        s
        for s in (
            a.applicant_name,
            a.contact_person,
            a.id_number,
            a.phone,
            a.email,
            a.address,
            a.tracking_code,
        )
        if s
    ]


_REMEDY_STARTS = ("如对本答复不服", "对本答复中不予公开的部分不服", "特此")


def _reasoning_from_letters(application: Application) -> str:
    """The reasons of the signed reply: the paragraphs between the opening and the remedies."""
    letter = (
        application.letters.filter(kind="reply", state__in=[LetterState.ISSUED, LetterState.APPROVED])
        .order_by("-id")
        .first()
    )
    outcome = OUTCOMES_BY_CODE.get(application.outcome)
    if letter is not None:
        lines = [line.strip() for line in letter.body.splitlines() if line.strip()][1:]  # the addressee
        if lines and lines[0].startswith("本机关于"):
            # The opening restates the request (kept in request_summary): keep only "现答复如下" on.
            lines = lines[1:]
        reasons = [line for line in lines if not line.startswith(_REMEDY_STARTS)]
        if reasons:
            return "\n".join(reasons)
    basis = f"，依据{outcome.citation}" if outcome and outcome.citation else ""
    return f"按“{outcome.label if outcome else application.outcome}”办结{basis}。"


def library_case_create(*, actor: Any, application_id: int) -> LibraryCase:
    with transaction.atomic():
        application = application_list_for(actor).select_related("organization").get(pk=application_id)
        if not has_role(actor, application.organization, *EDIT_ROLES):
            raise NotPermitted("只有受理机关的工作人员可以将案件编入案例库。")
        if application.state != State.CLOSED or not application.outcome:
            raise Conflict("只有已办结的案件可以编入案例库。", code="case_not_closed")
        if LibraryCase.objects.filter(source=application).exists():
            raise Conflict("该案件已编入案例库。", code="library_case_exists")
        known = known_of(application)
        outcome = OUTCOMES_BY_CODE[application.outcome]
        request = scrub("\n".join(s for s in (application.title, application.description) if s), known)
        title = scrub(
            f"申请公开“{application.title or application.description[:40]}”（{outcome.label}）", known
        )
        case = LibraryCase.objects.create(
            organization=application.organization,
            source=application,
            title=title[:200],
            request_summary=request,
            reasoning=scrub(_reasoning_from_letters(application), known),
            outcome=outcome.code,
            grounds=[outcome.group.label, *outcome.articles],
            year=(application.closed_on or timezone.localdate()).year,
            features=sorted(text_features(request)),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _check_clean(case)
        _audit(actor, case, "casework.library.create")
    return case


def _check_clean(case: LibraryCase) -> None:
    if case.source_id is None:
        return
    found = leaks(
        "\n".join((case.title, case.request_summary, case.reasoning, case.tags)),
        personal_data_of(case.source),
    )
    if found:
        raise ValidationFailed(
            "案例中仍含有申请人的个人信息，请删除后再保存。",
            code="personal_data_left",
            fields={"reasoning": "含个人信息"},
        )


def access_library_case(user: Any, pk: int, *, for_update: bool = False) -> LibraryCase:
    qs = library_cases_for(user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def library_cases_for(user: Any) -> QuerySet[LibraryCase]:
    """Approved cases for every member of staff; drafts only for the agency's own staff."""
    if not roles_of(user):
        return LibraryCase.objects.none()
    own = visible_organizations(user)
    qs = LibraryCase.objects.filter(Q(state=LibraryState.APPROVED) | Q(organization__in=own))
    return qs.select_related("organization")


def library_search(user: Any, *, q: str = "", outcome: str = "", ground: str = "") -> QuerySet[LibraryCase]:
    qs = library_cases_for(user)
    for term in q.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(request_summary__icontains=term)
            | Q(reasoning__icontains=term)
            | Q(tags__icontains=term)
        )
    if outcome:
        qs = qs.filter(Q(outcome=outcome) | Q(outcome__startswith=outcome + "."))
    if ground:
        qs = qs.filter(grounds__icontains=ground)
    return qs.order_by("-year", "-id")


def _check_edit(actor: Any, case: LibraryCase) -> None:
    if not (has_role(actor, case.organization, *EDIT_ROLES) or is_platform_admin(actor)):
        raise NotPermitted("只有案例所属机关的工作人员可以修改案例。")


def library_case_update(
    *, actor: Any, pk: int, title: str, request_summary: str, reasoning: str, tags: str
) -> LibraryCase:
    with transaction.atomic():
        case = access_library_case(actor, pk, for_update=True)
        _check_edit(actor, case)
        if case.state != LibraryState.DRAFT:
            raise Conflict("案例已提交审核或已入库，不能修改；退回后可修改。", code="library_case_locked")
        case.title, case.request_summary = title.strip()[:200], request_summary.strip()
        case.reasoning, case.tags = reasoning.strip(), tags.strip()[:200]
        if not (case.title and case.request_summary and case.reasoning):
            raise ValidationFailed("标题、申请内容和答复要点都不能为空。")
        case.features = sorted(text_features(case.request_summary))
        _check_clean(case)
        case.save()
        _audit(actor, case, "casework.library.update")
    return case


def library_case_submit(*, actor: Any, pk: int) -> LibraryCase:
    """The human review before the case is searchable by all and can be published."""
    with transaction.atomic():
        case = access_library_case(actor, pk, for_update=True)
        _check_edit(actor, case)
        if case.state != LibraryState.DRAFT:
            raise Conflict("该案例已提交审核或已入库。", code="library_case_locked")
        _check_clean(case)
        case.state = LibraryState.IN_REVIEW
        case.save(update_fields=["state", "updated_at"])
        review_submit(
            actor=actor,
            target=case,
            organization=case.organization,
            kind=REVIEW_KIND,
            title=f"案例入库：{case.title}",
            note="请核对已去除申请人姓名、证件号码、联系方式、地址和查询码。",
        )
    return case


def library_case_set_public(*, actor: Any, pk: int, public: bool) -> LibraryCase:
    with transaction.atomic():
        case = access_library_case(actor, pk, for_update=True)
        if not has_role(actor, case.organization, Role.OFFICE_HEAD, Role.REVIEWER):
            raise NotPermitted("由公开工作机构负责人或审签人决定是否在门户网站公布。")
        if public and case.state != LibraryState.APPROVED:
            raise Conflict("案例审核入库后才能公布。", code="library_case_not_approved")
        case.public = public
        case.published_at = timezone.now() if public else None
        case.save(update_fields=["public", "published_at", "updated_at"])
        _audit(actor, case, "casework.library.publish" if public else "casework.library.unpublish")
    return case


def public_library_cases() -> QuerySet[LibraryCase]:
    return LibraryCase.objects.filter(state=LibraryState.APPROVED, public=True).select_related("organization")


def similar_cases(application: Application, limit: int = 5) -> list[tuple[LibraryCase, float]]:
    """Approved library cases whose request resembles this application's (Jaccard over words and
    character bigrams), best first; the case's own library entry excluded."""
    target = text_features(f"{application.title}\n{application.description}")
    scored = []
    qs = (
        LibraryCase.objects.filter(state=LibraryState.APPROVED)
        .exclude(source=application)
        .select_related("organization")
    )
    for case in qs.only(
        "id", "title", "outcome", "year", "features", "organization__name", "organization__short_name"
    ):
        score = similarity.jaccard(target, frozenset(case.features))
        if score >= similarity.SIMILAR_CASE_THRESHOLD:
            scored.append((case, round(score, 3)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:limit]


def _case_of(req: ReviewRequest) -> LibraryCase:
    return LibraryCase.objects.select_for_update().get(pk=req.object_id)


def _on_approve(req: ReviewRequest, actor: Any) -> None:
    case = _case_of(req)
    case.state = LibraryState.APPROVED
    case.save(update_fields=["state", "updated_at"])


def _back_to_draft(req: ReviewRequest, actor: Any) -> None:
    case = _case_of(req)
    case.state = LibraryState.DRAFT
    case.save(update_fields=["state", "updated_at"])


def register_review_kinds() -> None:
    registry.register(
        registry.ReviewKind(
            code=REVIEW_KIND,
            label="依申请公开案例入库",
            on_approve=_on_approve,
            on_return=_back_to_draft,
            on_cancel=_back_to_draft,
        )
    )


def _audit(actor: Any, case: LibraryCase, verb: str) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=case,
        organization_code=case.organization.code,
        data={"state": case.state},
    )
