"""Joint studies (会商) of difficult applications (2020 work arrangement 五(三): "完善申请办理会商机制").

The handling agency's handler or office head opens one on an open case, inviting other units;
each invited unit's staff records its opinion; the handling agency records the conclusion and
the outcome it proposes, which the case page compares with the reply actually given. A joint
study is not an Art. 34 consultation (RULES §2.5): it never pauses the reply clock, so every
page of it shows the working days left (decision 0014).

Invited units see the question, the information sought and the deadline, never the applicant:
personal data stays with the handling agency (decision 0005).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zwgk.casework.models import JointStudy, JointStudyInvitation
from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.workdays import Calendar
from zwgk.foi.domain.clock import ClockFacts, ClockReading, read_clock
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE, is_outcome_code
from zwgk.foi.domain.states import replay
from zwgk.foi.models import Application
from zwgk.foi.selectors import ACT_ROLES, application_list_for, event_record
from zwgk.organizations.models import Membership, Organization, OrgKind
from zwgk.organizations.permissions import has_role


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _member_orgs(user: Any) -> QuerySet[Organization]:
    """The units the user belongs to in any role: any of their staff may answer for the unit."""
    return Organization.objects.filter(pk__in=Membership.objects.filter(user=user).values("organization_id"))


# --- Selectors -----------------------------------------------------------------------------------


def joint_studies_visible_to(user: Any) -> QuerySet[JointStudy]:
    """Studies of cases the user may see, and studies inviting a unit the user belongs to."""
    if not getattr(user, "is_authenticated", False):
        return JointStudy.objects.none()
    return (
        JointStudy.objects.filter(
            Q(application__in=application_list_for(user))
            | Q(invitations__organization__in=_member_orgs(user))
        )
        .distinct()
        .select_related("application__organization")
    )


def access_joint_study(user: Any, pk: int) -> JointStudy:
    """The study if the user may see it; DoesNotExist (→ 404) otherwise."""
    return joint_studies_visible_to(user).get(pk=pk)


def joint_studies_awaiting(user: Any) -> QuerySet[JointStudyInvitation]:
    """The to-do list's entries: invitations of the user's units still waiting for an opinion,
    on studies not yet concluded, oldest first."""
    if not getattr(user, "is_authenticated", False):
        return JointStudyInvitation.objects.none()
    return (
        JointStudyInvitation.objects.filter(
            organization__in=_member_orgs(user), answered_on__isnull=True, study__concluded_on__isnull=True
        )
        .select_related("organization", "study__application__organization")
        .order_by("study__opened_on", "study_id", "id")
    )


def joint_studies_of(application: Application) -> list[JointStudy]:
    return list(application.joint_studies.prefetch_related("invitations__organization").order_by("id"))


def invitable_units(application: Application) -> QuerySet[Organization]:
    """Units that may be invited: active agencies and offices other than the handling agency."""
    return (
        Organization.objects.filter(is_active=True)
        .exclude(pk=application.organization_id)
        .exclude(kind=OrgKind.PUBLIC_ENTERPRISE)
        .order_by("sort_order", "code")
    )


@dataclass(frozen=True)
class ClockWarning:
    """What the joint study's pages say about the reply deadline (the study never pauses it)."""

    due_on: date | None
    workdays_left: int | None
    provisional: bool
    closed: bool

    @property
    def text(self) -> str:
        if self.closed:
            return "该申请已办结。"
        if self.due_on is None:
            return "正在等待申请人补正，答复期限自收到补正后的申请之日起重新计算。会商不暂停答复期限。"
        day = f"{self.due_on:%Y-%m-%d}" + ("（暂定）" if self.provisional else "")
        left = self.workdays_left or 0
        if left < 0:
            return f"会商不暂停答复期限：答复期限 {day} 已超过 {-left} 个工作日。"
        return f"会商不暂停答复期限：答复期限 {day}，剩余 {left} 个工作日。"


def clock_warning(application: Application, *, today: date, cal: Calendar) -> ClockWarning:
    progress = replay(event_record(e) for e in application.events.order_by("seq"))
    facts = ClockFacts.from_progress(progress)
    reading: ClockReading | None = read_clock(cal, facts, today) if facts is not None else None
    if reading is None:
        return ClockWarning(due_on=None, workdays_left=None, provisional=False, closed=False)
    return ClockWarning(
        due_on=reading.due_on,
        workdays_left=reading.workdays_left,
        provisional=reading.due_provisional,
        closed=reading.closed,
    )


def outcome_agreement(study: JointStudy) -> str:
    """How the case's reply compares with the study's conclusion (the link to the outcome)."""
    application = study.application
    if not study.proposed_outcome:
        return ""
    proposed = OUTCOMES_BY_CODE[study.proposed_outcome]
    if not application.outcome:
        return f"会商建议：{proposed.code} {proposed.label}；尚未答复。"
    if application.outcome == study.proposed_outcome:
        return f"答复结果与会商建议一致（{proposed.code} {proposed.label}）。"
    given = OUTCOMES_BY_CODE.get(application.outcome)
    label = f"{application.outcome} {given.label}" if given else application.outcome
    return f"答复结果（{label}）与会商建议（{proposed.code} {proposed.label}）不一致。"


# --- Services ------------------------------------------------------------------------------------


def _check_act(actor: Any, application: Application) -> None:
    if not has_role(actor, application.organization, *ACT_ROLES):
        raise NotPermitted("只有受理机关的依申请经办人或公开工作机构负责人可以发起会商、记录会商结论。")


def joint_study_open(
    *,
    actor: Any,
    application_id: int,
    question: str,
    difficulty: str,
    units: Sequence[int],
    today: date | None = None,
) -> JointStudy:
    """Mark a case difficult and invite units to a joint study (does not pause the clock)."""
    today = _today(today)
    with transaction.atomic():
        application = (
            application_list_for(actor)
            .select_related("organization")
            .select_for_update(of=("self",))
            .get(pk=application_id)
        )
        _check_act(actor, application)
        if not application.is_open:
            raise Conflict("只有办理中的申请可以发起会商。", code="case_not_open")
        errors: dict[str, str] = {}
        if not question.strip():
            errors["question"] = "请写明需要会商的问题"
        if not difficulty.strip():
            errors["difficulty"] = "请写明疑难原因"
        invited = list(invitable_units(application).filter(pk__in=list(units)))
        if not invited or len(invited) != len(set(units)):
            errors["units"] = "请选择参加会商的单位（不含本机关）"
        if errors:
            raise ValidationFailed("会商信息不完整。", fields=errors)
        study = JointStudy.objects.create(
            application=application,
            question=question.strip(),
            difficulty=difficulty.strip(),
            opened_on=today,
            opened_by=actor,
        )
        JointStudyInvitation.objects.bulk_create(
            [JointStudyInvitation(study=study, organization=org) for org in invited]
        )
        _audit(actor, study, "casework.joint_study.open", units=[org.code for org in invited])
    return study


def joint_study_answer(
    *, actor: Any, invitation_id: int, opinion: str, today: date | None = None
) -> JointStudyInvitation:
    """An invited unit's opinion, recorded by its own staff, once, before the conclusion."""
    today = _today(today)
    with transaction.atomic():
        invitation = (
            JointStudyInvitation.objects.select_for_update(of=("self",))
            .select_related("study__application__organization", "organization")
            .get(pk=invitation_id)
        )
        if not _member_orgs(actor).filter(pk=invitation.organization_id).exists():
            raise NotPermitted("只有受邀单位的工作人员可以提出本单位的会商意见。")
        if invitation.study.concluded:
            raise Conflict("会商已有结论，不能再提出意见。", code="joint_study_concluded")
        if invitation.answered:
            raise Conflict("本单位已提出会商意见。", code="joint_study_already_answered")
        if not opinion.strip():
            raise ValidationFailed("请填写会商意见。", fields={"opinion": "必填"})
        invitation.opinion = opinion.strip()
        invitation.answered_on = today
        invitation.answered_by = actor
        invitation.save(update_fields=["opinion", "answered_on", "answered_by"])
        _audit(actor, invitation.study, "casework.joint_study.answer", units=[invitation.organization.code])
    return invitation


def joint_study_conclude(
    *, actor: Any, study_id: int, conclusion: str, proposed_outcome: str, today: date | None = None
) -> JointStudy:
    """The handling agency's conclusion and the outcome it proposes for the reply."""
    today = _today(today)
    with transaction.atomic():
        study = (
            JointStudy.objects.select_for_update(of=("self",))
            .select_related("application__organization")
            .filter(application__in=application_list_for(actor))
            .get(pk=study_id)
        )
        _check_act(actor, study.application)
        if study.concluded:
            raise Conflict("会商已有结论。", code="joint_study_concluded")
        errors: dict[str, str] = {}
        if not conclusion.strip():
            errors["conclusion"] = "请填写会商结论"
        if proposed_outcome and not is_outcome_code(proposed_outcome):
            errors["proposed_outcome"] = "请选择办理结果（3.1 至 3.6.3）"
        if errors:
            raise ValidationFailed("会商结论不完整。", fields=errors)
        study.conclusion = conclusion.strip()
        study.proposed_outcome = proposed_outcome
        study.concluded_on = today
        study.concluded_by = actor
        study.save(update_fields=["conclusion", "proposed_outcome", "concluded_on", "concluded_by"])
        _audit(actor, study, "casework.joint_study.conclude", units=[])
    return study


def _audit(actor: Any, study: JointStudy, verb: str, *, units: list[str]) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=study,
        organization_code=study.application.organization.code,
        data={"application": study.application_id, "study": study.pk, "units": units},
    )
