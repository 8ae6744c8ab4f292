"""Assessment of agencies (考核评估, issue 7 point 5): the configured scheme applied to the
supervision data, per agency and year, with the evidence behind every deduction.

The measures are read from `supervision_overview` rows, so every deduction links to the same
drill-down as the dashboard number it comes from. The scoring itself is the pure engine of
`zwgk.reports.assessment`; the scheme (indicators, weights, thresholds) is data in
`AssessmentScheme`, edited in the admin.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from zwgk.catalog.compliance import FlagKind
from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, organizations_with_role
from zwgk.reports.assessment import Assessment, Deduction, Indicator, Scheme
from zwgk.reports.models import AssessmentScheme, IndicatorCode, PublishedAssessment, SchemeIndicator
from zwgk.reports.supervision import AgencyRow, supervision_overview

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Measure:
    """How one indicator is read from a supervision row, and where its evidence is.

    `value` returns None when there is nothing to measure (no closed case, no monitored site);
    `absent` is then the value used, and `absent_note` says so on the page and in the export,
    since an agency cannot miss a target it had no occasion to meet.
    """

    value: Callable[[AgencyRow], float | int | None]
    evidence: Callable[[AgencyRow, int], str]
    evidence_label: str
    absent: int = 0
    absent_note: str = ""
    # The specific items a deduction counts, (label, url) each: the case, document, task or
    # inspection round opens from the deduction itself.
    items: Callable[[AgencyRow], list[tuple[str, str]]] = lambda row: []


def _foi(view: str) -> Callable[[AgencyRow, int], str]:
    def url(row: AgencyRow, year: int) -> str:
        extra = f"view={view}" if view else f"year={year}"
        return f"{reverse('backoffice:foi_workbench')}?organization={row.organization.code}&{extra}"

    return url


def _compliance(row: AgencyRow, year: int) -> str:
    return f"{reverse('backoffice:catalog_compliance')}?year={year}&organization={row.organization.code}"


def _leaders(row: AgencyRow, year: int) -> str:
    return reverse("backoffice:leaders")


def _site(row: AgencyRow, year: int) -> str:
    if row.site:
        return reverse("backoffice:monitoring_site", args=[row.site["site_id"]])
    return reverse("backoffice:monitoring_dashboard")


def _cases(attr: str) -> Callable[[AgencyRow], list[tuple[str, str]]]:
    def items(row: AgencyRow) -> list[tuple[str, str]]:
        return [
            (f"申请 {code}", reverse("backoffice:foi_case", args=[pk])) for pk, code in getattr(row, attr)
        ]

    return items


def _documents(*kinds: FlagKind) -> Callable[[AgencyRow], list[tuple[str, str]]]:
    def items(row: AgencyRow) -> list[tuple[str, str]]:
        found = [item for kind in kinds for item in row.flag_items.get(kind, [])]
        return [(title, reverse("backoffice:catalog_document", args=[pk])) for pk, title in found]

    return items


def _tasks(row: AgencyRow) -> list[tuple[str, str]]:
    return [
        (f"{section}{note}", reverse("backoffice:workplan_task", args=[pk]))
        for items, note in ((row.workplan_overdue, "（逾期未完成）"), (row.workplan_late, "（逾期完成）"))
        for pk, section in items
    ]


def _round(row: AgencyRow) -> list[tuple[str, str]]:
    if row.site and row.site.get("round_id"):
        return [
            (f"{row.site['site']} 巡检", reverse("backoffice:monitoring_round", args=[row.site["round_id"]]))
        ]
    if row.site:
        return [
            (
                f"{row.site['site']}（未完成巡检）",
                reverse("backoffice:monitoring_site", args=[row.site["site_id"]]),
            )
        ]
    return []


def _workplan(row: AgencyRow, year: int) -> str:
    return reverse("backoffice:workplan_overview")


def _training(row: AgencyRow, year: int) -> str:
    return f"{reverse('backoffice:registries_training', args=[row.organization.code])}?year={year}"


MEASURES: dict[str, Measure] = {
    IndicatorCode.ON_TIME_RATE: Measure(
        lambda r: r.on_time_rate,
        _foi(""),
        "本年办结申请",
        absent=100,
        absent_note="本年无办结申请",
        items=_cases("late_cases"),
    ),
    IndicatorCode.OVERDUE: Measure(
        lambda r: r.overdue, _foi("overdue"), "超期申请清单", items=_cases("overdue_cases")
    ),
    IndicatorCode.MEDIAN_WORKDAYS: Measure(
        lambda r: r.median_workdays, _foi(""), "本年办结申请", absent_note="本年无办结申请"
    ),
    IndicatorCode.LATE_PUBLICATION: Measure(
        lambda r: r.late_publication, _compliance, "公开合规提示", items=_documents(FlagKind.LATE_PUBLICATION)
    ),
    IndicatorCode.INTERPRETATION_MISSING: Measure(
        lambda r: r.interpretations_missing,
        _compliance,
        "公开合规提示",
        items=_documents(FlagKind.INTERPRETATION_MISSING),
    ),
    IndicatorCode.INTERPRETATION_LATE: Measure(
        lambda r: r.interpretations_late,
        _compliance,
        "公开合规提示",
        items=_documents(FlagKind.INTERPRETATION_LATE),
    ),
    IndicatorCode.TOPIC_BREACHES: Measure(
        lambda r: r.topic_items_late,
        _compliance,
        "公开合规提示",
        items=_documents(FlagKind.TOPIC_PLACED_LATE, FlagKind.TOPIC_NOT_PLACED),
    ),
    IndicatorCode.LEADER_FILED: Measure(lambda r: int(r.leader_filed), _leaders, "负责人备案"),
    IndicatorCode.SITE_OK: Measure(
        lambda r: None if r.site is None else int(bool(r.site.get("ok"))),
        _site,
        "网站检查结果",
        absent=1,
        absent_note="未纳入网站检查",
        items=_round,
    ),
    IndicatorCode.WORKPLAN_LATE: Measure(
        lambda r: r.workplan_missed, _workplan, "工作安排落实", items=_tasks
    ),
    IndicatorCode.TRAINING_HELD: Measure(lambda r: r.training_held, _training, "培训记录"),
    IndicatorCode.STAFF_TRAINED: Measure(lambda r: r.staff_trained, _training, "培训记录"),
}

# The scheme used when the office has configured none: weights add up to 100; an unfiled
# responsible leader vetoes. (code, threshold, comparison, weight, per_step, step, veto)
# Training (the work arrangement 三(三), 八(三); decision 0035): at least one session held and
# at least one person-time of the agency's staff trained in the year, 5 points each, taken from
# the two application indicators, which count the same late cases twice (20 → 15 each).
DEFAULT_INDICATORS: tuple[tuple[str, str, str, str, str | None, str, bool], ...] = (
    (IndicatorCode.ON_TIME_RATE, "100", "at_least", "15", "2", "5", False),
    (IndicatorCode.OVERDUE, "0", "at_most", "15", "5", "1", False),
    (IndicatorCode.MEDIAN_WORKDAYS, "15", "at_most", "5", "1", "1", False),
    (IndicatorCode.LATE_PUBLICATION, "0", "at_most", "10", "2", "1", False),
    (IndicatorCode.INTERPRETATION_MISSING, "0", "at_most", "10", "5", "1", False),
    (IndicatorCode.INTERPRETATION_LATE, "0", "at_most", "5", "1", "1", False),
    (IndicatorCode.TOPIC_BREACHES, "0", "at_most", "10", "2", "1", False),
    (IndicatorCode.SITE_OK, "1", "at_least", "10", None, "1", False),
    (IndicatorCode.WORKPLAN_LATE, "0", "at_most", "10", "2", "1", False),
    (IndicatorCode.TRAINING_HELD, "1", "at_least", "5", None, "1", False),
    (IndicatorCode.STAFF_TRAINED, "1", "at_least", "5", None, "1", False),
    (IndicatorCode.LEADER_FILED, "1", "at_least", "0", None, "1", True),
)
DEFAULT_NAME = "政务公开工作考核评估方案"


def _default_rows() -> list[SchemeIndicator]:
    return [
        SchemeIndicator(
            code=code,
            name=IndicatorCode(code).label.split("（")[0],
            threshold=Decimal(threshold),
            comparison=comparison,
            weight=Decimal(weight),
            per_step=None if per_step is None else Decimal(per_step),
            step=Decimal(step),
            veto=veto,
            sort_order=i,
        )
        for i, (code, threshold, comparison, weight, per_step, step, veto) in enumerate(DEFAULT_INDICATORS)
    ]


def default_scheme_create(*, year: int) -> AssessmentScheme:
    """The default scheme for `year`, created unless the year has one already (demo, new years)."""
    with transaction.atomic():
        existing = AssessmentScheme.objects.filter(year=year).first()
        if existing is not None:
            return existing
        scheme = AssessmentScheme.objects.create(
            name=DEFAULT_NAME,
            year=year,
            note="默认方案：满分100分，按指标扣分，得分不高于60分或有单项否决的为不合格。",
        )
        rows = _default_rows()
        for row in rows:
            row.scheme = scheme
        SchemeIndicator.objects.bulk_create(rows)
    return scheme


@dataclass(frozen=True)
class SchemeChoice:
    """The scheme applied to a year: a configured one, or the built-in default (`scheme` None)."""

    scheme: AssessmentScheme | None
    indicators: list[SchemeIndicator]

    @property
    def name(self) -> str:
        return str(self.scheme.name) if self.scheme else f"{DEFAULT_NAME}（内置默认，未配置）"

    def engine(self) -> Scheme:
        indicators = tuple(
            Indicator(
                code=i.code,
                name=i.name,
                threshold=i.threshold,
                comparison=i.comparison,  # type: ignore[arg-type]
                weight=i.weight,
                per_step=i.per_step,
                step=i.step,
                veto=i.veto,
            )
            for i in self.indicators
        )
        if self.scheme is None:
            return Scheme(indicators=indicators)
        return Scheme(
            indicators=indicators,
            full_score=self.scheme.full_score,
            fail_at_or_below=self.scheme.fail_at_or_below,
        )


def scheme_for(year: int) -> SchemeChoice:
    """The active scheme of `year`, else the latest active one of an earlier year, else the default."""
    scheme = (
        AssessmentScheme.objects.filter(active=True, year__lte=year).order_by("-year", "-updated_at").first()
    )
    if scheme is None:
        return SchemeChoice(None, _default_rows())
    return SchemeChoice(scheme, list(scheme.indicators.all()))


@dataclass(frozen=True)
class Line:
    """One indicator of one agency: what was measured, and the deduction if any."""

    indicator: SchemeIndicator
    measured: Decimal
    note: str
    points: Decimal
    missed: bool
    evidence: str
    evidence_label: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url) when missed


@dataclass(frozen=True)
class AgencyScore:
    row: AgencyRow
    assessment: Assessment
    lines: list[Line]
    rank: int = 0

    @property
    def organization(self) -> Any:
        return self.row.organization

    @property
    def missed(self) -> list[Line]:
        return [line for line in self.lines if line.missed]


@dataclass(frozen=True)
class AssessmentResult:
    year: int
    today: date
    choice: SchemeChoice
    scores: list[AgencyScore]  # ranked


def _measure(row: AgencyRow, ind: SchemeIndicator) -> tuple[Decimal, str]:
    measure = MEASURES[ind.code]
    value = measure.value(row)
    if value is None:
        return Decimal(measure.absent), measure.absent_note
    return Decimal(str(value)), ""


def assessment_for(user: Any, *, year: int, today: date) -> AssessmentResult:
    """Every agency `user` supervises, scored by the scheme of `year` and ranked.

    Ranking: passed before failed, then by score; equal results share a rank (1, 1, 3).
    """
    choice = scheme_for(year)
    engine = choice.engine()
    overview = supervision_overview(user, year=year, today=today)
    scores = []
    for row in overview.rows:
        measured, notes = {}, {}
        for ind in choice.indicators:
            measured[ind.code], notes[ind.code] = _measure(row, ind)
        evidence = {ind.code: (MEASURES[ind.code].evidence(row, year),) for ind in choice.indicators}
        result = engine.score(measured, evidence)
        points = {d.indicator: d.points for d in result.deductions}
        lines = [
            Line(
                indicator=ind,
                measured=measured[ind.code],
                note=notes[ind.code],
                points=points.get(ind.code, Decimal(0)),
                missed=ind.code in points,
                evidence=evidence[ind.code][0],
                evidence_label=MEASURES[ind.code].evidence_label,
                items=MEASURES[ind.code].items(row) if ind.code in points else [],
            )
            for ind in choice.indicators
        ]
        scores.append(AgencyScore(row=row, assessment=result, lines=lines))
    scores.sort(key=lambda s: (not s.assessment.passed, -s.assessment.score, s.organization.sort_order))
    ranked: list[AgencyScore] = []
    for i, s in enumerate(scores):
        prev = ranked[-1] if ranked else None
        same = prev is not None and (prev.assessment.passed, prev.assessment.score) == (
            s.assessment.passed,
            s.assessment.score,
        )
        ranked.append(AgencyScore(s.row, s.assessment, s.lines, rank=prev.rank if same else i + 1))
    return AssessmentResult(year=year, today=today, choice=choice, scores=ranked)


# ---- Publication: a frozen copy of a year's result (decision 0031) ----

_IND_FIELDS = ("code", "name", "threshold", "comparison", "weight", "per_step", "step", "veto", "sort_order")


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def result_to_json(result: AssessmentResult) -> dict[str, Any]:
    scheme = result.choice.scheme
    indicators = [
        {f: _dec(v) if isinstance(v := getattr(i, f), Decimal) else v for f in _IND_FIELDS}
        for i in result.choice.indicators
    ]
    return {
        "year": result.year,
        "today": result.today.isoformat(),
        "scheme": None
        if scheme is None
        else {
            "name": scheme.name,
            "note": scheme.note,
            "full_score": str(scheme.full_score),
            "fail_at_or_below": str(scheme.fail_at_or_below),
        },
        "indicators": indicators,
        "scores": [
            {
                "organization": {
                    "code": s.organization.code,
                    "name": s.organization.name,
                    "short_name": s.organization.short_name,
                },
                "rank": s.rank,
                "score": str(s.assessment.score),
                "passed": s.assessment.passed,
                "deductions": [
                    {
                        "indicator": d.indicator,
                        "name": d.name,
                        "measured": str(d.measured),
                        "threshold": str(d.threshold),
                        "comparison": d.comparison,
                        "points": str(d.points),
                        "veto": d.veto,
                        "evidence": list(d.evidence),
                    }
                    for d in s.assessment.deductions
                ],
                "lines": [
                    {
                        "code": ln.indicator.code,
                        "measured": str(ln.measured),
                        "note": ln.note,
                        "points": str(ln.points),
                        "missed": ln.missed,
                        "evidence": ln.evidence,
                        "evidence_label": ln.evidence_label,
                        "items": [list(item) for item in ln.items],
                    }
                    for ln in s.lines
                ],
            }
            for s in result.scores
        ],
    }


def result_from_json(data: dict[str, Any]) -> AssessmentResult:
    """The published result as the same objects the page and the export read (unsaved)."""

    def num(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    indicators = [
        SchemeIndicator(
            **{
                f: num(i[f]) if f in ("threshold", "weight", "per_step", "step") else i[f]
                for f in _IND_FIELDS
            }
        )
        for i in data["indicators"]
    ]
    by_code = {i.code: i for i in indicators}
    raw = data["scheme"]
    scheme = (
        None
        if raw is None
        else AssessmentScheme(
            name=raw["name"],
            year=data["year"],
            note=raw["note"],
            full_score=Decimal(raw["full_score"]),
            fail_at_or_below=Decimal(raw["fail_at_or_below"]),
        )
    )
    scores = []
    for s in data["scores"]:
        org = Organization(**s["organization"])
        assessment = Assessment(
            score=Decimal(s["score"]),
            passed=s["passed"],
            deductions=tuple(
                Deduction(
                    indicator=d["indicator"],
                    name=d["name"],
                    measured=Decimal(d["measured"]),
                    threshold=Decimal(d["threshold"]),
                    comparison=d["comparison"],
                    points=Decimal(d["points"]),
                    veto=d["veto"],
                    evidence=tuple(d["evidence"]),
                )
                for d in s["deductions"]
            ),
        )
        lines = [
            Line(
                indicator=by_code[ln["code"]],
                measured=Decimal(ln["measured"]),
                note=ln["note"],
                points=Decimal(ln["points"]),
                missed=ln["missed"],
                evidence=ln["evidence"],
                evidence_label=ln["evidence_label"],
                items=[(label, url) for label, url in ln["items"]],
            )
            for ln in s["lines"]
        ]
        scores.append(
            AgencyScore(row=AgencyRow(organization=org), assessment=assessment, lines=lines, rank=s["rank"])
        )
    return AssessmentResult(
        year=data["year"],
        today=date.fromisoformat(data["today"]),
        choice=SchemeChoice(scheme, indicators),
        scores=scores,
    )


def _scope(user: Any) -> Organization | None:
    """The highest agency the user supervises (the supervising office's government)."""
    return organizations_with_role(user, Role.SUPERVISOR).order_by(Length("path"), "sort_order").first()


def published_assessment_for(user: Any, *, year: int) -> PublishedAssessment | None:
    scope = _scope(user)
    if scope is None:
        return None
    return PublishedAssessment.objects.filter(scope=scope, year=year).first()


def assessment_publish(*, actor: Any, year: int, today: date) -> PublishedAssessment:
    """Freeze `year`'s assessment as the actor's supervising office sees it; once per year.

    Only a finished year: its facts are read as at 31 December, and what is published then
    stays as it was.
    """
    scope = _scope(actor)
    if scope is None or not has_role(actor, scope, Role.SUPERVISOR):
        raise NotPermitted("仅公开办（监督）可发布考核结果。")
    if year >= today.year:
        raise ValidationFailed("考核年度结束后方可发布考核结果。", fields={"year": "年度未结束"})
    with transaction.atomic():
        if PublishedAssessment.objects.select_for_update().filter(scope=scope, year=year).exists():
            raise Conflict(f"{year}年度考核结果已发布，不能修改。", code="already_published")
        result = assessment_for(actor, year=year, today=today)
        published = PublishedAssessment.objects.create(
            scope=scope,
            year=year,
            snapshot=result_to_json(result),
            published_at=timezone.now(),
            published_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(
            actor=actor,
            verb="report.assessment_publish",
            target=published,
            organization_code=scope.code,
            data={"year": year, "agencies": len(result.scores)},
        )
    return published


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def verdict(score: AgencyScore) -> str:
    if score.assessment.vetoes:
        return "不合格（单项否决）"
    return "合格" if score.assessment.passed else "不合格"


def assessment_xlsx(result: AssessmentResult, *, base_url: str = "") -> bytes:
    """Scores, deductions (with their evidence links) and the scheme, one sheet each."""
    book = Workbook()
    bold = Font(bold=True)

    scores = book.active
    scores.title = "得分排名"
    scores.append([f"{result.year}年度政务公开考核评估（{result.choice.name}）"])
    scores["A1"].font = Font(bold=True, size=14)
    scores.append(["排名", "机构", "机构代码", "得分", "扣分合计", "结论", "单项否决"])
    for s in result.scores:
        deducted = sum((d.points for d in s.assessment.deductions), Decimal(0))
        scores.append(
            [
                s.rank,
                s.organization.display_name,
                s.organization.code,
                float(s.assessment.score),
                float(deducted),
                verdict(s),
                "、".join(d.name for d in s.assessment.vetoes),
            ]
        )

    details = book.create_sheet("扣分明细")
    details.append(
        ["机构", "机构代码", "指标", "实测值", "要求", "扣分", "单项否决", "说明", "依据", "逐项依据"]
    )
    for s in result.scores:
        for line, d in zip(s.missed, s.assessment.deductions, strict=True):
            details.append(
                [
                    s.organization.display_name,
                    s.organization.code,
                    d.name,
                    float(d.measured),
                    f"{line.indicator.get_comparison_display()} {_plain(d.threshold)}",
                    float(d.points),
                    "是" if d.veto else "",
                    d.message,
                    base_url + line.evidence,
                    "\n".join(f"{label} {base_url}{url}" for label, url in line.items),
                ]
            )

    scheme = book.create_sheet("考核方案")
    scheme.append(["指标代码", "指标", "比较", "达标值", "分值", "每档扣分", "档距", "单项否决"])
    for ind in result.choice.indicators:
        scheme.append(
            [
                ind.code,
                ind.name,
                ind.get_comparison_display(),
                float(ind.threshold),
                float(ind.weight),
                None if ind.per_step is None else float(ind.per_step),
                float(ind.step),
                "是" if ind.veto else "",
            ]
        )
    for sheet in (scores, details, scheme):
        header = 2 if sheet is scores else 1
        for cell in sheet[header]:
            cell.font = bold
        for col in "ABCDEFGHIJ":
            sheet.column_dimensions[col].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
