"""Facts for the annual report, read from the applications and the catalogue (read-only).

`annual` does the arithmetic; this module only turns stored rows into its facts. Nothing
here writes, and nothing here checks permissions: callers (selectors) decide whose facts these
are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Q

from zwgk.catalog.lifecycle import EXPIRED, REPEALED, derive_validity
from zwgk.catalog.models import Document, DocumentKind, DocumentState, LifecycleEvent, LifecycleKind
from zwgk.foi.domain.states import APPEAL_EVENT_TYPES, EventType, State, pair_appeal_events
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.organizations.models import Organization
from zwgk.reports.annual import AppealFact, ApplicationFact, Part2Facts
from zwgk.reports.models import Part2Entry

_CENT = Decimal("0.01")
_APPEAL_EVENTS = APPEAL_EVENT_TYPES
# Catalogue kinds that are rows of table 二 item (一) (RULES §4.2).
_PART2_KINDS = {DocumentKind.RULE: "rules", DocumentKind.NORMATIVE: "normative_documents"}
# 本年废止件数 counts documents that stopped being in force in the year: repealed, or expired
# (失效, e.g. a 有效期 ran out). An amendment keeps a document in force.
_ENDING_KINDS = (LifecycleKind.REPEALED, LifecycleKind.EXPIRED)


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# --- Table 三 -----------------------------------------------------------------------------------


def application_facts(organizations: Iterable[Organization], year: int) -> list[ApplicationFact]:
    """Every received application that `year`'s table 三 may count, or whose errors it reports."""
    return [
        fact for facts in application_facts_by_organization(organizations, year).values() for fact in facts
    ]


def application_facts_by_organization(
    organizations: Iterable[Organization], year: int
) -> dict[int, list[ApplicationFact]]:
    """`application_facts` per agency id, in one query (a consolidation reads ~70 agencies).

    An application is a case from its receipt date (Art. 31); online submissions never
    confirmed and those withdrawn before receipt have none and never count (RULES §2.2).
    """
    first, last = _year_bounds(year)
    orgs = list(organizations)
    rows = (
        Application.objects.filter(organization__in=orgs, received_on__lte=last)
        .exclude(state__in=[State.SUBMITTED, State.CANCELLED])
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first) | Q(received_on__gte=first))
        .order_by("received_on", "pk")
        .values_list(
            "organization_id", "tracking_code", "applicant_type", "received_on", "closed_on", "outcome"
        )
    )
    out: dict[int, list[ApplicationFact]] = {org.pk: [] for org in orgs}
    for org_id, ref, applicant_type, received_on, closed_on, outcome in rows:
        out[org_id].append(
            ApplicationFact(
                ref=ref,
                applicant_type=applicant_type,
                received_on=received_on,
                closed_on=closed_on,
                outcome=outcome or None,
            )
        )
    return out


# --- Table 四 -----------------------------------------------------------------------------------


def appeal_facts(organizations: Iterable[Organization], year: int) -> list[AppealFact]:
    """The reconsiderations and lawsuits filed in `year` about these agencies' decisions."""
    return [fact for facts in appeal_facts_by_organization(organizations, year).values() for fact in facts]


def appeal_facts_by_organization(
    organizations: Iterable[Organization], year: int
) -> dict[int, list[AppealFact]]:
    """`appeal_facts` per agency id, in one query.

    Read from the appeal events of the timelines. The state table (`foi.domain.states`) already
    refused every out-of-order appeal event when it was appended, so the stored order is
    trusted: a decision belongs to the one pending appeal of its group (reconsideration or
    litigation) on that case (`pair_appeal_events`). A case may have several appeals (against
    the failure to reply, the reply, each new reply); each is one fact. Appeals filed in other
    years are read too, and dropped by `annual.part4`, which owns the rule of which year counts
    an appeal.
    """
    first, last = _year_bounds(year)
    orgs = list(organizations)
    filed_in_year = ApplicationEvent.objects.filter(
        type__in=[EventType.RECONSIDERATION_FILED, EventType.LITIGATION_FILED], on__gte=first, on__lte=last
    ).values("application_id")
    events = (
        ApplicationEvent.objects.filter(
            application__organization__in=orgs,
            application_id__in=filed_in_year,
            type__in=list(_APPEAL_EVENTS),
        )
        .order_by("application_id", "seq")
        .values_list(
            "application_id",
            "application__organization_id",
            "application__tracking_code",
            "type",
            "on",
            "payload",
        )
    )
    by_case: dict[int, list[tuple[int, str, str, date, dict]]] = {}
    for app_id, org_id, ref, type_, on, payload in events:
        by_case.setdefault(app_id, []).append((org_id, ref, type_, on, payload or {}))
    out: dict[int, list[AppealFact]] = {org.pk: [] for org in orgs}
    for rows in by_case.values():
        # Several appeals per case, one after another (RULES §2.10): the fold's pairing rule.
        for paired in pair_appeal_events([row[2] for row in rows]):
            org_id, ref, type_, filed_on, payload = rows[paired.filed]
            if type_ == EventType.RECONSIDERATION_FILED:
                kind = "reconsideration"
            elif payload.get("after_reconsideration"):
                kind = "litigation_after_reconsideration"
            else:
                kind = "litigation_direct"
            decided = rows[paired.decided] if paired.decided is not None else None
            out[org_id].append(
                AppealFact(
                    ref=ref,
                    kind=kind,  # type: ignore[arg-type]
                    filed_on=filed_on,
                    decided_on=decided[3] if decided else None,
                    result=(decided[4].get("result") or None) if decided else None,
                )
            )
    return out


def fees_collected_yuan(organizations: Iterable[Organization], year: int) -> Decimal:
    """Information-processing fees paid in `year` (Art. 42; part 六 must state them).

    The amount is on the fee notice; a payment settles the notice sent before it.
    """
    first, last = _year_bounds(year)
    paid_apps = ApplicationEvent.objects.filter(type=EventType.FEE_PAID, on__gte=first, on__lte=last).values(
        "application_id"
    )
    events = (
        ApplicationEvent.objects.filter(
            application__organization__in=list(organizations),
            application_id__in=paid_apps,
            type__in=[EventType.FEE_NOTICE_SENT, EventType.FEE_PAID],
        )
        .order_by("application_id", "seq")
        .values_list("application_id", "type", "on", "payload")
    )
    total = Decimal(0)
    notice: dict[int, Decimal] = {}
    for app_id, type_, on, payload in events:
        if type_ == EventType.FEE_NOTICE_SENT:
            notice[app_id] = Decimal(str((payload or {}).get("amount_yuan") or 0))
        elif first <= on <= last:
            total += notice.pop(app_id, Decimal(0))
    return total


# --- Table 二 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentCounts:
    issued: int = 0
    repealed: int = 0
    in_force: int = 0


def catalogue_counts(organization: Organization, year: int) -> dict[str, DocumentCounts]:
    """Rules and normative documents of table 二 item (一), from the catalogue and its lifecycle."""
    return catalogue_counts_by_organization([organization], year)[organization.pk]


def catalogue_counts_by_organization(
    organizations: Iterable[Organization], year: int
) -> dict[int, dict[str, DocumentCounts]]:
    """`catalogue_counts` per agency id, in two queries.

    Issued in the year: signed (成文日期) in the year, or published in it when no signing date
    was recorded. Repealed in the year: a repeal or expiry dated in the year. In force at the
    year end: issued by then and not ended on 31 December under the catalogue's own validity
    rule (`catalog.lifecycle.derive_validity`). Items never published, or withdrawn, do not
    count: the report speaks of what the public could see.
    """
    first, last = _year_bounds(year)
    orgs = list(organizations)
    docs = list(
        Document.objects.filter(
            organization__in=orgs, kind__in=list(_PART2_KINDS), state=DocumentState.PUBLISHED
        ).values_list("pk", "organization_id", "kind", "signed_on", "published_on")
    )
    history: dict[int, list[tuple[str, date | None]]] = {}
    lifecycle = LifecycleEvent.objects.filter(document_id__in=[d[0] for d in docs]).values_list(
        "document_id", "kind", "on"
    )
    for doc_id, kind, on in lifecycle:
        history.setdefault(doc_id, []).append((kind, on))
    counts = {org.pk: {key: [0, 0, 0] for key in _PART2_KINDS.values()} for org in orgs}
    for doc_id, org_id, kind, signed_on, published_on in docs:
        cells = counts[org_id][_PART2_KINDS[DocumentKind(kind)]]
        issued_on = signed_on or published_on
        events = history.get(doc_id, [])
        if issued_on is not None and issued_on.year == year:
            cells[0] += 1
        if any(k in _ENDING_KINDS and on is not None and first <= on <= last for k, on in events):
            cells[1] += 1
        ended = derive_validity(events, today=last) in (REPEALED, EXPIRED)
        if issued_on is not None and issued_on <= last and not ended:
            cells[2] += 1
    return {
        org_id: {key: DocumentCounts(*cells) for key, cells in by_key.items()}
        for org_id, by_key in counts.items()
    }


def wan_yuan(amount: Decimal) -> Decimal:
    """An amount in 万元 as the report prints it: at least two places, never rounded."""
    return amount.quantize(_CENT) if amount == amount.quantize(_CENT) else amount.normalize()


def part2_facts(organization: Organization, year: int) -> Part2Facts:
    """One agency's table 二: catalogue counts plus the figures its staff entered."""
    return part2_facts_by_organization([organization], year)[organization.pk]


def part2_facts_by_organization(organizations: Iterable[Organization], year: int) -> dict[int, Part2Facts]:
    orgs = list(organizations)
    docs = catalogue_counts_by_organization(orgs, year)
    entries = {e.organization_id: e for e in Part2Entry.objects.filter(organization__in=orgs, year=year)}
    out: dict[int, Part2Facts] = {}
    for org in orgs:
        rules, normative = docs[org.pk]["rules"], docs[org.pk]["normative_documents"]
        entry = entries.get(org.pk)
        out[org.pk] = Part2Facts(
            rules_issued=rules.issued,
            rules_repealed=rules.repealed,
            rules_in_force=rules.in_force,
            normative_documents_issued=normative.issued,
            normative_documents_repealed=normative.repealed,
            normative_documents_in_force=normative.in_force,
            licensing_decisions=entry.licensing_decisions if entry else 0,
            penalty_decisions=entry.penalty_decisions if entry else 0,
            coercion_decisions=entry.coercion_decisions if entry else 0,
            fees_amount_wan_yuan=wan_yuan(entry.fees_amount_wan_yuan if entry else Decimal(0)),
        )
    return out


@dataclass(frozen=True)
class Timeliness:
    closed: int  # closed in the year with a known deadline
    on_time: int  # of those, closed on or before the deadline

    @property
    def percent(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(100) * self.on_time / self.closed).quantize(Decimal("0.1"))


def timeliness(organizations: Iterable[Organization], year: int) -> Timeliness:
    """Replies within the statutory deadline (Art. 33), for part 一's on-time rate."""
    first, last = _year_bounds(year)
    closed = Application.objects.filter(
        organization__in=list(organizations), closed_on__gte=first, closed_on__lte=last, due_on__isnull=False
    )
    return Timeliness(closed=closed.count(), on_time=closed.filter(closed_on__lte=F("due_on")).count())
