"""Changes to annual reports: entered figures, texts, the consolidation scope, publishing.

One service per change, each in one transaction with an audit row. Publishing freezes a
snapshot (`PublishedReport`): nothing that happens to the data afterwards can alter a published
report, and a correction is a new version that states its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.spreadsheets import ErrorList, xlsx_rows
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import require_role
from zwgk.reports import selectors
from zwgk.reports.annual import TEXT_PARTS, report_title
from zwgk.reports.models import ConsolidationScope, Part2Entry, PublishedReport, ReportText

PART2_ENTRY_FIELDS = [
    "licensing_decisions",
    "penalty_decisions",
    "coercion_decisions",
    "fees_amount_wan_yuan",
]
TEXT_FIELDS = list(TEXT_PARTS.values())
MAX_FEES_WAN_YUAN = Decimal("999999999999.9999")  # the column's capacity (16 digits, 4 places)


def _require_edit(actor: Any, org: Organization) -> None:
    if not selectors.can_edit(actor, org):
        raise NotPermitted(f"您在“{org.display_name}”没有编制年度报告的权限（信息员、公开工作机构负责人）。")


def _today_year(today: date | None) -> int:
    return (today or timezone.localdate()).year


# --- Figures staff enter for table 二 ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Part2Input:
    licensing_decisions: int
    penalty_decisions: int
    coercion_decisions: int
    fees_amount_wan_yuan: Decimal
    source_note: str = ""


def clean_part2(raw: dict[str, Any]) -> tuple[Part2Input | None, dict[str, str]]:
    """Parse entered or imported figures; returns the input or the errors by field."""
    errors: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name in PART2_ENTRY_FIELDS[:3]:
        value = raw.get(name)
        if value in (None, ""):
            counts[name] = 0
            continue
        try:
            number = Decimal(str(value).strip())
            if number != number.to_integral_value() or number < 0:
                raise InvalidOperation
            counts[name] = int(number)
        except (InvalidOperation, ValueError):
            errors[name] = "应为不小于0的整数"
    fees = raw.get("fees_amount_wan_yuan")
    amount = Decimal(0)
    if fees not in (None, ""):
        try:
            amount = Decimal(str(fees).strip())
            if not amount.is_finite() or amount < 0 or amount > MAX_FEES_WAN_YUAN:
                raise InvalidOperation
            if amount != amount.quantize(Decimal("0.0001")):
                errors["fees_amount_wan_yuan"] = "万元金额最多保留四位小数（即精确到元）"
        except (InvalidOperation, ValueError):
            errors["fees_amount_wan_yuan"] = "应为不小于0的金额（万元）"
    note = str(raw.get("source_note") or "").strip()
    if len(note) > 300:
        errors["source_note"] = "不超过300字"
    if errors:
        return None, errors
    return Part2Input(**counts, fees_amount_wan_yuan=amount, source_note=note), {}


def _save_part2(actor: Any, org: Organization, year: int, data: Part2Input, *, verb: str) -> Part2Entry:
    entry = Part2Entry.objects.select_for_update().filter(organization=org, year=year).first()
    fields = [*PART2_ENTRY_FIELDS, "source_note"]
    before = audit.snapshot(entry, fields) if entry is not None else None
    if entry is None:
        entry = Part2Entry(organization=org, year=year)
    for name in fields:
        setattr(entry, name, getattr(data, name))
    entry.updated_by = actor if getattr(actor, "pk", None) else None
    entry.save()
    after = audit.snapshot(entry, fields)
    after["fees_amount_wan_yuan"] = str(entry.fees_amount_wan_yuan)
    if before is not None:
        before["fees_amount_wan_yuan"] = str(before["fees_amount_wan_yuan"])
    audit.record(
        actor=actor,
        verb=verb,
        target=entry,
        organization_code=org.code,
        before=before,
        after=after,
        data={"year": year},
    )
    return entry


def part2_entry_save(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    data: Part2Input,
    today: date | None = None,
    check_permission: bool = True,
) -> Part2Entry:
    """Record the figures of table 二 items 五, 六 and 八 for one agency and year.

    `check_permission=False` is for the platform itself (demo data, imports run by operators).
    """
    if check_permission:
        _require_edit(actor, organization)
    selectors.check_year(year, today_year=_today_year(today))
    with transaction.atomic():
        return _save_part2(actor, organization, year, data, verb="report.part2_entry_save")


@dataclass
class ImportResult:
    saved: int
    errors: dict[str, str]  # "第3行" → message; nothing is saved when there is any


IMPORT_HEADERS = {
    "机构代码": "organization",
    "年度": "year",
    "行政许可": "licensing_decisions",
    "行政处罚": "penalty_decisions",
    "行政强制": "coercion_decisions",
    "行政事业性收费（万元）": "fees_amount_wan_yuan",
    "数据来源说明": "source_note",
}


def part2_entries_import(*, actor: Any, fileobj: IO[bytes], today: date | None = None) -> ImportResult:
    """Import figures of several agencies from an .xlsx with the IMPORT_HEADERS header row.

    All or nothing: a sheet with any bad row changes nothing, and every bad row is named, so
    the office fixes the sheet and imports it again.
    """
    rows = xlsx_rows(fileobj)
    header = [str(c or "").strip() for c in next(rows, ())]
    missing = [h for h in IMPORT_HEADERS if h not in header]
    if missing:
        raise ValidationFailed(f"表头缺少：{'、'.join(missing)}", code="invalid_header")
    index = {IMPORT_HEADERS[h]: header.index(h) for h in IMPORT_HEADERS}
    today_year = _today_year(today)
    errors = ErrorList()
    parsed: list[tuple[Organization, int, Part2Input]] = []
    orgs = {o.code: o for o in Organization.objects.all()}
    for n, values in enumerate(rows, start=2):
        raw = {name: values[i] if i < len(values) else None for name, i in index.items()}
        if all(v in (None, "") for v in raw.values()):
            continue
        where = f"第{n}行"
        org = orgs.get(str(raw["organization"] or "").strip())
        if org is None:
            errors.add(where, f"未知的机构代码“{raw['organization'] or ''}”")
            continue
        if not selectors.can_edit(actor, org):
            errors.add(where, f"您无权填报“{org.display_name}”的数据")
            continue
        try:
            year = int(str(raw["year"]).strip())
            selectors.check_year(year, today_year=today_year)
        except (ValueError, ValidationFailed):
            errors.add(where, f"年度“{raw['year']}”无效")
            continue
        data, problems = clean_part2(raw)
        if data is None:
            errors.add(where, "；".join(f"{k}：{v}" for k, v in problems.items()))
            continue
        parsed.append((org, year, data))
    if errors:
        return ImportResult(saved=0, errors=errors.as_dict())
    with transaction.atomic():
        for org, year, data in parsed:
            _save_part2(actor, org, year, data, verb="report.part2_entry_import")
    return ImportResult(saved=len(parsed), errors={})


# --- Parts 一, 五, 六 -----------------------------------------------------------------------------


def report_text_save(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    overview: str,
    problems: str,
    other: str,
    today: date | None = None,
    check_permission: bool = True,
) -> ReportText:
    """Save the texts of parts 一, 五 and 六 as staff wrote them."""
    if check_permission:
        _require_edit(actor, organization)
    selectors.check_year(year, today_year=_today_year(today))
    values = {"overview": overview.strip(), "problems": problems.strip(), "other": other.strip()}
    too_long = {k: "不超过20000字" for k, v in values.items() if len(v) > 20000}
    if too_long:
        raise ValidationFailed("文字部分过长。", fields=too_long)
    with transaction.atomic():
        text = ReportText.objects.select_for_update().filter(organization=organization, year=year).first()
        before = audit.snapshot(text, TEXT_FIELDS) if text is not None else None
        if text is None:
            text = ReportText(organization=organization, year=year)
        for name, value in values.items():
            setattr(text, name, value)
        text.updated_by = actor if getattr(actor, "pk", None) else None
        text.save()
        audit.record(
            actor=actor,
            verb="report.text_save",
            target=text,
            organization_code=organization.code,
            before=before,
            after=audit.snapshot(text, TEXT_FIELDS),
            data={"year": year},
        )
    return text


# --- Consolidation scope --------------------------------------------------------------------------


def consolidation_scope_set(
    *, actor: Any, government: Organization, include_districts: bool
) -> ConsolidationScope:
    """Whether the government's consolidated report also sums its districts and zones."""
    if not selectors.is_government(government):
        raise ValidationFailed("只有人民政府的年度报告需要汇总。", code="not_a_government")
    require_role(actor, government, Role.SUPERVISOR)
    with transaction.atomic():
        scope, _ = ConsolidationScope.objects.select_for_update().get_or_create(government=government)
        before = {"include_districts": scope.include_districts}
        scope.include_districts = include_districts
        scope.save(update_fields=["include_districts", "updated_at"])
        audit.record(
            actor=actor,
            verb="report.consolidation_scope_set",
            target=scope,
            organization_code=government.code,
            before=before,
            after={"include_districts": include_districts},
        )
    return scope


# --- Publishing -------------------------------------------------------------------------------------


def build_snapshot(
    org: Organization, year: int, *, report: dict[str, Any], text: ReportText | None
) -> dict[str, Any]:
    """Everything a published report prints, as JSON: the tables, the texts, the names as they are now."""
    return {
        "title": report_title(org.name, year),
        "organization": {"code": org.code, "name": org.name, "short_name": org.short_name, "kind": org.kind},
        "year": year,
        "texts": {name: getattr(text, name, "") if text is not None else "" for name in TEXT_FIELDS},
        "report": report,
    }


def report_publish(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    correction_reason: str = "",
    accept_problems: bool = False,
    now: datetime | None = None,
    check_permission: bool = True,
) -> PublishedReport:
    """Publish the report as the data stands: a new frozen version, public at once.

    The first version needs no reason; every later one is a correction and must say why. A
    report whose checks find problems is refused unless the publisher accepts them knowingly
    (`accept_problems`, e.g. a department's legacy case nobody can fix before the deadline);
    the problems are then published with it and recorded in the audit row.
    """
    if check_permission and not selectors.can_publish(actor, organization):
        raise NotPermitted(
            f"发布“{organization.display_name}”的年度报告须由其公开工作机构负责人或上级公开办操作。"
        )
    now = now or timezone.now()
    selectors.check_year(year, today_year=timezone.localdate(now).year)
    if year >= timezone.localdate(now).year:
        raise ValidationFailed(
            f"{year}年尚未结束，年度报告只能在次年发布。", code="year_not_over", fields={"year": "未结束"}
        )
    reason = correction_reason.strip()
    if len(reason) > 500:
        raise ValidationFailed("更正原因不超过500字。", fields={"correction_reason": "过长"})
    text = selectors.report_text(organization, year)
    missing = [name for name in TEXT_FIELDS if not getattr(text, name, "").strip()]
    if missing:
        raise Conflict(
            "年度报告的第一、五、六部分尚未填写完整，不能发布。",
            code="texts_missing",
            fields={name: "必填" for name in missing},
        )
    report = selectors.live_report(organization, year)
    if not report["checks"]["balanced"] and not accept_problems:
        count = len(report["checks"]["problems"])
        raise Conflict(
            f"报告数据有 {count} 处问题（见校验结果），请先核实更正；确需照此发布的，请确认后再发布。",
            code="report_unbalanced",
        )
    with transaction.atomic():
        latest = (
            PublishedReport.objects.select_for_update()
            .filter(organization=organization, year=year)
            .order_by("-version")
            .first()
        )
        version = latest.version + 1 if latest is not None else 1
        if version > 1 and not reason:
            raise ValidationFailed(
                "已发布过的年度报告再次发布即为更正，请说明更正原因。",
                code="correction_reason_required",
                fields={"correction_reason": "必填"},
            )
        if version == 1:
            reason = ""
        snapshot = build_snapshot(organization, year, report=report, text=text)
        snapshot.update(version=version, published_at=now.isoformat(), correction_reason=reason)
        try:
            with transaction.atomic():
                published = PublishedReport.objects.create(
                    organization=organization,
                    year=year,
                    version=version,
                    snapshot=snapshot,
                    correction_reason=reason,
                    published_at=now,
                    published_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            # Two publishers at once: the other one's version won; this one must look again.
            raise Conflict("该报告刚刚已由他人发布，请刷新后再试。", code="publish_race") from None
        audit.record(
            actor=actor,
            verb="report.publish",
            target=published,
            organization_code=organization.code,
            data={
                "year": year,
                "version": version,
                "correction_reason": reason,
                "problems_accepted": [p["message"] for p in report["checks"]["problems"]],
            },
        )
    return published
