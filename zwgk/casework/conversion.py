"""Conversion of information provided on application to proactive disclosure (Art. 44, RULES §2.9).

Two ways in: one reply that provided information (3.1 / 3.2) becomes a catalogue draft in one step;
or the platform groups applications by different applicants for the same information (Chinese
similarity of what they ask for), staff confirm the group, and it is converted. Either way the
draft goes through the catalogue's own service (`document_create_draft`) and is reviewed before
publishing like every item. `conversions_per_agency` gives the supervising office its figures.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from zwgk.casework.domain import similarity
from zwgk.casework.domain.scrub import scrub
from zwgk.casework.library import known_of, text_features
from zwgk.casework.models import Conversion, ConversionGroup, GroupState
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import DisclosureMethod, DocumentState
from zwgk.catalog.services.drafts import document_create_draft
from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted
from zwgk.foi.domain.states import State
from zwgk.foi.models import Application
from zwgk.foi.selectors import ACT_ROLES, application_list_for
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, visible_organizations

DISCLOSED = ("3.1", "3.2")  # outcomes that provided information
GROUP_ROLES = (*ACT_ROLES, Role.EDITOR, Role.REVIEWER)
_GROUPABLE_STATES = [s.value for s in State if s not in (State.SUBMITTED, State.CANCELLED)]


def _signature(ids: list[int]) -> str:
    return ",".join(str(i) for i in sorted(ids))


def conversion_groups_propose(*, organization: Organization | None = None) -> list[ConversionGroup]:
    """Find new groups of applications for the same information, per agency; returns the groups
    created or grown. Dismissed groups are not proposed again; confirmed or converted groups keep
    their members."""
    orgs = (
        [organization]
        if organization is not None
        else list(Organization.objects.filter(foi_applications__isnull=False).distinct())
    )
    touched: list[ConversionGroup] = []
    for org in orgs:
        settled = set(
            ConversionGroup.objects.filter(
                organization=org, state__in=[GroupState.CONFIRMED, GroupState.CONVERTED]
            ).values_list("members", flat=True)
        )
        apps = list(
            Application.objects.filter(organization=org, state__in=_GROUPABLE_STATES)
            .exclude(pk__in=settled)
            .only("pk", "title", "description", "applicant_key")
        )
        items = [(a.pk, a.applicant_key, text_features(f"{a.title}\n{a.description}")) for a in apps]
        by_id = {a.pk: a for a in apps}
        for ids, score in similarity.clusters(items):
            touched += _record_cluster(org, [by_id[i] for i in ids], score)
    return touched


def _record_cluster(org: Organization, members: list[Application], score: float) -> list[ConversionGroup]:
    ids = [a.pk for a in members]
    signature = _signature(ids)
    if ConversionGroup.objects.filter(organization=org, signature=signature).exists():
        return []
    existing = (
        ConversionGroup.objects.filter(organization=org, state=GroupState.PROPOSED, members__in=ids)
        .distinct()
        .first()
    )
    title = max((a.title for a in members if a.title), key=len, default="") or members[0].description[:100]
    with transaction.atomic():
        if existing is not None:
            existing.signature, existing.similarity = signature, score
            existing.save(update_fields=["signature", "similarity"])
            existing.members.set(members)
            return [existing]
        try:
            with transaction.atomic():
                group = ConversionGroup.objects.create(
                    organization=org, title=title[:300], signature=signature, similarity=score
                )
        except IntegrityError:
            return []  # another sweep recorded it at the same moment
        group.members.set(members)
    return [group]


def groups_for(user: Any, *, state: str = "") -> QuerySet[ConversionGroup]:
    qs = ConversionGroup.objects.filter(organization__in=visible_organizations(user))
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("organization").prefetch_related("members")


def access_group(user: Any, pk: int, *, for_update: bool = False) -> ConversionGroup:
    qs = groups_for(user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def conversion_group_decide(*, actor: Any, group_id: int, confirm: bool) -> ConversionGroup:
    with transaction.atomic():
        group = access_group(actor, group_id, for_update=True)
        if not has_role(actor, group.organization, *GROUP_ROLES):
            raise NotPermitted("只有受理机关的工作人员可以确认同一信息申请组。")
        if group.state not in (GroupState.PROPOSED, GroupState.CONFIRMED):
            raise Conflict("该组已处理。", code="group_decided")
        group.state = GroupState.CONFIRMED if confirm else GroupState.DISMISSED
        group.decided_by, group.decided_at = actor, timezone.now()
        group.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            verb="casework.group.decide",
            target=group,
            organization_code=group.organization.code,
            data={"state": group.state, "members": group.signature},
        )
    return group


def _draft_from(actor: Any, application: Application, *, applicants: int = 1) -> Any:
    """A catalogue draft with the information's metadata; never the applicant's personal data."""
    known = known_of(application)
    title = scrub(application.title or application.description[:60], known)
    description = scrub(application.description, known)
    body = (
        "根据《中华人民共和国政府信息公开条例》第四十四条，本机关将依申请公开的下列政府信息转为主动公开。\n"
        f"信息名称：{title}\n"
        + (f"文号：{application.doc_no}\n" if application.doc_no else "")
        + f"信息内容：{description}\n（请附上向申请人提供的信息正文或附件后报审发布。）"
    )
    summary = f"依申请公开转主动公开（{applicants}位申请人申请过该信息）。"
    return document_create_draft(
        actor=actor,
        data=DocumentInput(
            organization=application.organization,
            title=title[:300],
            body=body,
            doc_no=application.doc_no,
            summary=summary,
            source="依申请公开转主动公开",
            disclosure_method=DisclosureMethod.PROACTIVE,
            keywords=["依申请公开转主动公开"],
        ),
    )


def _record(
    actor: Any,
    document: Any,
    org: Organization,
    *,
    application: Application | None,
    group: ConversionGroup | None,
) -> Conversion:
    conversion = Conversion.objects.create(
        organization=org,
        application=application,
        group=group,
        document=document,
        year=timezone.localdate().year,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        verb="casework.convert",
        target=conversion,
        organization_code=org.code,
        data={
            "document": document.pk,
            "application": application.pk if application else None,
            "group": group.pk if group else None,
        },
    )
    return conversion


def conversion_from_application(*, actor: Any, application_id: int) -> Conversion:
    """Art. 44 from one reply that provided information: a catalogue draft in one step."""
    with transaction.atomic():
        application = (
            application_list_for(actor)
            .select_related("organization")
            .select_for_update(of=("self",))
            .get(pk=application_id)
        )
        if application.state != State.CLOSED or application.outcome not in DISCLOSED:
            raise Conflict("只有予以公开或部分公开的答复可以转为主动公开。", code="not_disclosed")
        if application.conversions.exists():
            raise Conflict("该申请的信息已转为主动公开。", code="already_converted")
        document = _draft_from(actor, application)
        return _record(actor, document, application.organization, application=application, group=None)


def conversion_from_group(*, actor: Any, group_id: int) -> Conversion:
    with transaction.atomic():
        group = access_group(actor, group_id, for_update=True)
        if group.state != GroupState.CONFIRMED:
            raise Conflict("请先确认该组申请的是同一信息。", code="group_not_confirmed")
        members = list(group.members.all().order_by("closed_on", "pk"))
        source = next((a for a in members if a.outcome in DISCLOSED), members[0])
        applicants = len({a.applicant_key for a in members})
        document = _draft_from(actor, source, applicants=applicants)
        group.state = GroupState.CONVERTED
        group.save(update_fields=["state"])
        return _record(actor, document, group.organization, application=source, group=group)


def conversions_per_agency(
    *, year: int, organizations: QuerySet[Organization] | None = None
) -> dict[str, dict[str, int]]:
    """Statistics for the supervising office and the annual report: per agency code, the
    conversions started in `year` and how many of their items are published."""
    qs = Conversion.objects.filter(year=year).select_related("organization", "document")
    if organizations is not None:
        qs = qs.filter(organization__in=organizations)
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"converted": 0, "published": 0})
    for c in qs:
        out[c.organization.code]["converted"] += 1
        out[c.organization.code]["published"] += c.document.state == DocumentState.PUBLISHED
    return dict(out)


def convertible(application: Application) -> bool:
    return application.state == State.CLOSED and application.outcome in DISCLOSED
