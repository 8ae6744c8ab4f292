"""Training (培训; the work arrangement 三(三): front-line policy staff trained on economic
policies; 八(三): better training by the supervising offices): sessions, participants by agency
and role, and the figures the assessment reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum

from zwgk.catalog.models import Document
from zwgk.core import audit, page_cache
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.registries import page_scopes
from zwgk.registries.models import ParticipantRole, TrainingParticipants, TrainingSession
from zwgk.registries.permissions import require_edit

SESSION_FIELDS = ["topic", "held_on", "trainer", "material", "material_note", "economic_policy"]


@dataclass(frozen=True)
class ParticipantInput:
    organization: Organization
    role: str
    count: int


def training_record(
    *,
    actor: Any,
    organization: Organization,
    topic: str,
    held_on: date,
    trainer: str,
    participants: list[ParticipantInput],
    material: Document | None = None,
    material_note: str = "",
    economic_policy: bool = False,
    check_permission: bool = True,
) -> TrainingSession:
    """Record a session the unit held, with its participants (each agency and role once)."""
    if check_permission:
        require_edit(actor, organization)
    errors: dict[str, str] = {}
    if not topic.strip():
        errors["topic"] = "必填"
    if not trainer.strip():
        errors["trainer"] = "必填"
    if not participants:
        errors["participants"] = "至少填写一个参训单位"
    keys = [(p.organization.pk, p.role) for p in participants]
    if len(set(keys)) != len(keys):
        errors["participants"] = "同一单位、同一类别只能填写一次"
    for p in participants:
        if p.role not in ParticipantRole.values or p.count < 1:
            errors["participants"] = "人员类别或人数有误"
    if errors:
        raise ValidationFailed("培训记录填写不完整或有误。", fields=errors)
    with transaction.atomic():
        session = TrainingSession.objects.create(
            organization=organization,
            topic=topic.strip(),
            held_on=held_on,
            trainer=trainer.strip(),
            material=material,
            material_note=material_note.strip(),
            economic_policy=economic_policy,
        )
        TrainingParticipants.objects.bulk_create(
            [
                TrainingParticipants(session=session, organization=p.organization, role=p.role, count=p.count)
                for p in participants
            ]
        )
        page_cache.bump(page_scopes.TRAINING)  # bulk_create sends no signals
        audit.record(
            actor=actor,
            verb="registries.training_record",
            target=session,
            organization_code=organization.code,
            after={
                **audit.snapshot(session, SESSION_FIELDS),
                "participants": [[p.organization.code, p.role, p.count] for p in participants],
            },
        )
    return session


@dataclass(frozen=True)
class TrainingFigures:
    held: int = 0  # sessions the agency held in the year
    trained: int = 0  # its staff who took part in any session in the year (person-times)
    frontline_economic: int = 0  # of them, front-line staff in economic-policy sessions


def training_figures(organization_ids: list[int], *, year: int) -> dict[int, TrainingFigures]:
    """Per agency, the year's figures; two queries whatever the number of agencies."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    held = dict(
        TrainingSession.objects.filter(organization_id__in=organization_ids, held_on__range=(start, end))
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    trained = {
        r["organization_id"]: r
        for r in TrainingParticipants.objects.filter(
            organization_id__in=organization_ids, session__held_on__range=(start, end)
        )
        .values("organization_id")
        .annotate(
            n=Sum("count"),
            frontline=Sum("count", filter=Q(role=ParticipantRole.FRONTLINE, session__economic_policy=True)),
        )
    }
    return {
        org_id: TrainingFigures(
            held=held.get(org_id, 0),
            trained=(trained[org_id]["n"] or 0) if org_id in trained else 0,
            frontline_economic=(trained[org_id]["frontline"] or 0) if org_id in trained else 0,
        )
        for org_id in organization_ids
    }


@dataclass(frozen=True)
class PublicTrainingRow:
    organization: Organization
    figures: TrainingFigures


def training_years() -> list[int]:
    """Years with any session, newest first (the public page's year links)."""
    return sorted({d.year for d in TrainingSession.objects.dates("held_on", "year")}, reverse=True)


def public_training(year: int) -> list[PublicTrainingRow]:
    """The year's figures of every agency that held a session or sent staff to one: counts
    only (sessions, person-times), never who took part. Five queries."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    ids = set(
        TrainingSession.objects.filter(held_on__range=(start, end)).values_list("organization_id", flat=True)
    ) | set(
        TrainingParticipants.objects.filter(session__held_on__range=(start, end)).values_list(
            "organization_id", flat=True
        )
    )
    figures = training_figures(sorted(ids), year=year)
    organizations = Organization.objects.filter(pk__in=ids).order_by("sort_order", "code")
    return [PublicTrainingRow(org, figures[org.pk]) for org in organizations]
