"""Progress of service cases (办件进度, API.md "Interfaces for systems outside").

The service system of record pushes milestones; zwgk keeps the case number, the item, the dates
and the handling unit, and a keyed digest of the verification code. Applicants look a case up
with its number and code; a wrong or missing code gets the same answer as an unknown number.
On time means decided within the promised limit counted from acceptance, in working or calendar
days, as stated by the guide version in force on the day the case was accepted (a limit shortened
or lengthened later does not judge cases accepted before; decisions 0027, 0038).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import Conflict, NotPermitted, OutOfOrder, ValidationFailed
from zwgk.organizations.models import Membership, Organization, Role
from zwgk.services.models import (
    EVER_PUBLISHED,
    MILESTONE_ORDER,
    CaseMilestone,
    Guide,
    GuideVersion,
    LimitUnit,
    Milestone,
    ProgressCase,
)

MAX_CODE_LENGTH = 64


def code_digest(code: str) -> str:
    """Keyed, so a copied table does not let anyone try codes offline."""
    key = f"zwgk.services.progress:{settings.SECRET_KEY}".encode()
    return hmac.new(key, code.strip().encode(), hashlib.sha256).hexdigest()


def may_push(user: Any, organization: Organization) -> bool:
    """The service system's account, held at this agency or one above it. No administrator
    bypass: progress is the record of another system, nobody at zwgk types it in."""
    if not getattr(user, "is_authenticated", False):
        return False
    ancestors = [p for p in _prefixes(organization.path)]
    return Membership.objects.filter(
        user=user, role=Role.SERVICE_SYSTEM, organization__path__in=ancestors
    ).exists()


def _prefixes(path: str) -> list[str]:
    # "/dl/dl-sfj/" → ["/dl/", "/dl/dl-sfj/"]
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


@dataclass(frozen=True)
class PushResult:
    case: ProgressCase
    created: bool  # the (case_no, milestone) pair was new: API.md's 201
    changed: bool  # a known pair got another date or unit


def progress_push(
    *,
    actor: Any,
    case_no: str,
    item_code: str,
    organization_code: str,
    milestone: str,
    on: date,
    unit: str = "",
    verification_code: str,
    today: date | None = None,
) -> PushResult:
    today = today or timezone.localdate()
    case_no, item_code, unit = case_no.strip(), item_code.strip(), unit.strip()[:200]
    fields: dict[str, str] = {}
    if not case_no or len(case_no) > 64:
        fields["case_no"] = "必填，最长64位"
    if milestone not in MILESTONE_ORDER:
        fields["milestone"] = "|".join(Milestone.values)
    if not verification_code.strip() or len(verification_code) > MAX_CODE_LENGTH:
        fields["verification_code"] = f"必填，最长{MAX_CODE_LENGTH}位"
    organization = Organization.objects.filter(code=organization_code).first()
    if organization is None:
        fields["organization"] = "未知机构"
    if fields:
        raise ValidationFailed("办件进度数据有误。", fields=fields)
    assert organization is not None
    if not may_push(actor, organization):
        raise NotPermitted("只有政务服务系统的接口账号可以推送办件进度。", code="not_service_system")
    guide = Guide.objects.filter(item_code=item_code).select_related("organization").first()
    if guide is None:
        raise ValidationFailed(f"未知事项编码 {item_code}。", fields={"item_code": "未知"})
    if guide.organization_id != organization.pk:
        raise ValidationFailed(
            f"事项 {item_code} 的实施机构不是 {organization.display_name}。",
            fields={"organization": "与事项不符"},
        )
    if on > today:
        raise OutOfOrder(
            f"环节日期 {on:%Y-%m-%d} 晚于今天 {today:%Y-%m-%d}。", fields={"on": "不能是将来的日期"}
        )
    digest = code_digest(verification_code)
    with transaction.atomic():
        try:
            with transaction.atomic():
                case, case_created = ProgressCase.objects.get_or_create(
                    case_no=case_no,
                    defaults={"guide": guide, "organization": organization, "code_digest": digest},
                )
        except IntegrityError:  # two pushes of a new case at once: the other one made it
            case, case_created = ProgressCase.objects.get(case_no=case_no), False
        case = ProgressCase.objects.select_for_update().get(pk=case.pk)
        if case.guide_id != guide.pk:
            raise Conflict(f"办件 {case_no} 已登记为另一事项。", code="case_item_mismatch")
        _check_order(case, milestone, on)
        if case.code_digest != digest:
            case.code_digest = digest
            case.save(update_fields=["code_digest", "updated_at"])
            audit.record(
                actor=actor,
                verb="services.progress.code_changed",
                target=case,
                organization_code=organization.code,
            )
        row = CaseMilestone.objects.filter(case=case, milestone=milestone).first()
        if row is None:
            CaseMilestone.objects.create(case=case, milestone=milestone, on=on, unit=unit)
            audit.record(
                actor=actor,
                verb="services.progress.push",
                target=case,
                organization_code=organization.code,
                data={"milestone": milestone, "on": on.isoformat(), "unit": unit, "new_case": case_created},
            )
            return PushResult(case, created=True, changed=True)
        if row.on == on and row.unit == unit:
            return PushResult(case, created=False, changed=False)
        before = {"on": row.on.isoformat(), "unit": row.unit}
        row.on, row.unit = on, unit
        row.save(update_fields=["on", "unit", "recorded_at"])
        audit.record(
            actor=actor,
            verb="services.progress.correct",
            target=case,
            organization_code=organization.code,
            before={"milestone": milestone, **before},
            after={"milestone": milestone, "on": on.isoformat(), "unit": unit},
        )
        return PushResult(case, created=False, changed=True)


def _check_order(case: ProgressCase, milestone: str, on: date) -> None:
    """Dates never go backwards along the milestones (the same day is fine); skipped ones
    do not count."""
    rank = MILESTONE_ORDER[milestone]
    for other in CaseMilestone.objects.filter(case=case).exclude(milestone=milestone):
        other_rank = MILESTONE_ORDER[other.milestone]
        if other_rank < rank and on < other.on:
            raise OutOfOrder(
                f"“{Milestone(milestone).label}”的日期 {on:%Y-%m-%d} 早于"
                f"“{Milestone(other.milestone).label}”的日期 {other.on:%Y-%m-%d}。",
                fields={"on": f"不早于 {other.on:%Y-%m-%d}"},
            )
        if other_rank > rank and on > other.on:
            raise OutOfOrder(
                f"“{Milestone(milestone).label}”的日期 {on:%Y-%m-%d} 晚于"
                f"“{Milestone(other.milestone).label}”的日期 {other.on:%Y-%m-%d}。",
                fields={"on": f"不晚于 {other.on:%Y-%m-%d}"},
            )


# --- time limits -------------------------------------------------------------------------------
def due_on(accepted: date, version: GuideVersion) -> date | None:
    """The last day to decide: the promised limit counted from the day after acceptance."""
    limit = version.promised_limit or version.statutory_limit
    if limit is None:
        return None
    if version.limit_unit == LimitUnit.DAYS:
        return accepted + timedelta(days=limit)
    return calendar_current().add_workdays(accepted, limit)


def on_time(dates: dict[str, date], version: GuideVersion | None, *, today: date) -> bool | None:
    """True/False once decided; False already when the due day has passed undecided; None when
    it cannot be told (not accepted, no limit, still within the limit)."""
    accepted = dates.get(Milestone.ACCEPTED)
    if accepted is None or version is None:
        return None
    due = due_on(accepted, version)
    if due is None:
        return None
    decided = dates.get(Milestone.DECIDED)
    if decided is not None:
        return decided <= due
    return False if today > due else None


def versions_by_guide(guide_ids: list[int]) -> dict[int, list[GuideVersion]]:
    """Every version of these guides that was ever the public one, oldest publication first."""
    out: dict[int, list[GuideVersion]] = {}
    rows = GuideVersion.objects.filter(
        guide_id__in=guide_ids, state__in=EVER_PUBLISHED, published_at__isnull=False
    ).order_by("guide_id", "published_at", "number")
    for version in rows:
        out.setdefault(version.guide_id, []).append(version)
    return out


def version_in_force(versions: list[GuideVersion], on: date | None) -> GuideVersion | None:
    """The version published last on or before `on` (versions oldest first). A case accepted
    before the guide's first publication is judged by the first published version: the service
    system knew the item before zwgk did, and that is the earliest promise on record."""
    if not versions:
        return None
    if on is None:
        return versions[-1]
    chosen = versions[0]
    for version in versions:
        assert version.published_at is not None
        if timezone.localdate(version.published_at) <= on:
            chosen = version
    return chosen


# --- lookup ------------------------------------------------------------------------------------
def lookup(case_no: str, code: str) -> ProgressCase:
    """DoesNotExist for an unknown number and for a wrong or missing code alike."""
    if not case_no or not code or len(code) > MAX_CODE_LENGTH:
        raise ProgressCase.DoesNotExist
    case = (
        ProgressCase.objects.select_related("organization", "guide__published")
        .prefetch_related(Prefetch("milestones", queryset=CaseMilestone.objects.all()))
        .filter(case_no=case_no.strip())
        .first()
    )
    if case is None or not hmac.compare_digest(case.code_digest, code_digest(code)):
        raise ProgressCase.DoesNotExist
    return case


def public_answer(case: ProgressCase, *, today: date | None = None) -> dict[str, Any]:
    """API.md's answer: no name, phone or ID number (none is ever stored)."""
    today = today or timezone.localdate()
    rows = sorted(case.milestones.all(), key=lambda m: MILESTONE_ORDER[m.milestone])
    dates = {m.milestone: m.on for m in rows}
    history = versions_by_guide([case.guide_id]).get(case.guide_id, [])
    version = version_in_force(history, dates.get(Milestone.ACCEPTED))
    shown = case.guide.published or (history[-1] if history else None)
    return {
        "case_no": case.case_no,
        "item": {"item_code": case.guide.item_code, "name": shown.name if shown else ""},
        "organization": {"code": case.organization.code, "name": case.organization.name},
        "milestones": [
            {
                "milestone": m.milestone,
                "label": str(Milestone(m.milestone).label),
                "on": m.on,
                "unit": m.unit,
            }
            for m in rows
        ],
        "on_time": on_time(dates, version, today=today),
    }


# --- statistics ---------------------------------------------------------------------------------
@dataclass
class ItemStatistics:
    guide: Guide
    decided: int = 0
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.on_time / self.decided, 4) if self.decided else None


def on_time_statistics(guides: Any, *, today: date | None = None) -> list[ItemStatistics]:
    """Per item: cases decided on time and late (accepted → decided against the promised limit
    of the version in force on the day of acceptance), and cases still open past their due day."""
    today = today or timezone.localdate()
    guides = list(guides.select_related("organization", "published"))
    by_guide = {g.pk: ItemStatistics(g) for g in guides}
    milestones = CaseMilestone.objects.filter(
        case__guide__in=guides, milestone__in=[Milestone.ACCEPTED, Milestone.DECIDED]
    ).values_list("case_id", "case__guide_id", "milestone", "on")
    cases: dict[int, tuple[int, dict[str, date]]] = {}
    for case_id, guide_id, milestone, on in milestones:
        cases.setdefault(case_id, (guide_id, {}))[1][milestone] = on
    history = versions_by_guide(list(by_guide))
    for guide_id, dates in cases.values():
        stats = by_guide[guide_id]
        version = version_in_force(history.get(guide_id, []), dates.get(Milestone.ACCEPTED))
        verdict = on_time(dates, version, today=today)
        if Milestone.DECIDED in dates and verdict is not None:
            stats.decided += 1
            if verdict:
                stats.on_time += 1
            else:
                stats.late += 1
        elif verdict is False:
            stats.open_overdue += 1
    return list(by_guide.values())
