"""Sign-off chains (审签流程, decision 0016): which posts sign a draft, in which order.

A chain is configured per review kind (信息发布, 依申请公开文书 …), optionally per document or
letter kind (its `subkind`), per agency or for every agency. The most specific chain wins:
agency + subkind, agency, every agency + subkind, every agency; without any, today's single
approval by the agency's 审签人 (`DEFAULT_STEPS`), so flows that predate chains keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import (
    is_platform_admin,
    organizations_with_role,
    require_signoff_configuration,
)
from zwgk.review import registry
from zwgk.review.models import SignoffChain, SignoffChainStep

# The posts a step may be given to. The office head is one of them, but Art. 33's approval of an
# extension stays the office head's whatever a chain says (foi.selectors.can_extend).
STEP_ROLES: tuple[Role, ...] = (
    Role.REVIEWER,
    Role.SECTION_HEAD,
    Role.SECRECY_REVIEWER,
    Role.OFFICE_HEAD,
    Role.DEPUTY_LEADER,
    Role.PRINCIPAL,
)
MAX_STEPS = 6


@dataclass(frozen=True)
class StepSpec:
    role: str
    label: str

    @property
    def is_secrecy_review(self) -> bool:
        return self.role == Role.SECRECY_REVIEWER


DEFAULT_STEPS: tuple[StepSpec, ...] = (StepSpec(Role.REVIEWER.value, "审签"),)


def chain_for(organization: Organization, kind: str, subkind: str = "") -> tuple[StepSpec, ...]:
    """The steps a new request of this kind at this agency goes through."""
    candidates = SignoffChain.objects.filter(
        Q(organization=organization) | Q(organization__isnull=True), kind=kind, subkind__in={subkind, ""}
    )
    best = None
    best_rank = 99
    for chain in candidates.prefetch_related("steps"):
        # agency + subkind 0, agency 1, every agency + subkind 2, every agency 3
        rank = (0 if chain.organization_id else 2) + (0 if chain.subkind == subkind and subkind else 1)
        if rank < best_rank:
            best, best_rank = chain, rank
    if best is None:
        return DEFAULT_STEPS
    return tuple(StepSpec(s.role, s.label) for s in best.steps.all())


def chains_visible_to(user: Any) -> list[SignoffChain]:
    """The chains a user may change: every one for administrators, their agencies' otherwise."""
    qs = SignoffChain.objects.select_related("organization").prefetch_related("steps")
    if not is_platform_admin(user):
        qs = qs.filter(organization__in=organizations_with_role(user, Role.PRINCIPAL, Role.OFFICE_HEAD))
    return list(qs)


def _clean_steps(steps: list[StepSpec]) -> tuple[StepSpec, ...]:
    cleaned = []
    for spec in steps:
        label = spec.label.strip()[:50]
        if not spec.role and not label:
            continue
        if spec.role not in {r.value for r in STEP_ROLES}:
            raise ValidationFailed("请为每一步选择审签岗位。", fields={"steps": "岗位无效"})
        cleaned.append(StepSpec(spec.role, label or str(Role(spec.role).label)))
    if not cleaned:
        raise ValidationFailed("审签流程至少要有一步。", fields={"steps": "至少一步"})
    if len(cleaned) > MAX_STEPS:
        raise ValidationFailed(f"审签流程最多{MAX_STEPS}步。", fields={"steps": f"最多{MAX_STEPS}步"})
    return tuple(cleaned)


def signoff_chain_save(
    *,
    actor: Any,
    organization: Organization | None,
    kind: str,
    subkind: str = "",
    steps: list[StepSpec],
) -> SignoffChain:
    """Set the chain for (agency, kind, subkind); requests already submitted keep their steps."""
    require_signoff_configuration(actor, organization)
    review_kind = registry.get(kind)
    if subkind and subkind not in dict(review_kind.subkinds):
        raise ValidationFailed("没有这种细分类型。", fields={"subkind": "未知"})
    cleaned = _clean_steps(steps)
    with transaction.atomic():
        chain = (
            SignoffChain.objects.select_for_update(of=("self",))
            .filter(organization=organization, kind=kind, subkind=subkind)
            .first()
        )
        before = [(s.role, s.label) for s in chain.steps.all()] if chain else None
        if chain is None:
            chain = SignoffChain.objects.create(
                organization=organization, kind=kind, subkind=subkind, updated_by=actor
            )
        else:
            chain.updated_by = actor
            chain.save(update_fields=["updated_by", "updated_at"])
            chain.steps.all().delete()
        SignoffChainStep.objects.bulk_create(
            SignoffChainStep(chain=chain, position=i, role=s.role, label=s.label)
            for i, s in enumerate(cleaned, start=1)
        )
        audit.record(
            actor=actor,
            verb="review.chain.save",
            target=chain,
            organization_code=organization.code if organization else "",
            before={"steps": before} if before is not None else None,
            after={"kind": kind, "subkind": subkind, "steps": [[s.role, s.label] for s in cleaned]},
        )
    return chain


def signoff_chain_delete(*, actor: Any, chain_id: int) -> None:
    """Back to the next less specific chain (or the default single approval)."""
    with transaction.atomic():
        chain = (
            SignoffChain.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=chain_id)
        )
        require_signoff_configuration(actor, chain.organization)
        audit.record(
            actor=actor,
            verb="review.chain.delete",
            target=chain,
            organization_code=chain.organization.code if chain.organization else "",
            before={
                "kind": chain.kind,
                "subkind": chain.subkind,
                "steps": [[s.role, s.label] for s in chain.steps.all()],
            },
        )
        chain.delete()
