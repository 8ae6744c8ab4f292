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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from zwgk.reports.assessment import Assessment, Indicator, Scheme
from zwgk.reports.models import AssessmentScheme, IndicatorCode, SchemeIndicator
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


def _training(row: AgencyRow, year: int) -> str:
    return f"{reverse('backoffice:registries_training', args=[row.organization.code])}?year={year}"


MEASURES: dict[str, Measure] = {
    IndicatorCode.ON_TIME_RATE: Measure(
        lambda r: r.on_time_rate, _foi(""), "本年办结申请", absent=100, absent_note="本年无办结申请"
    ),
    IndicatorCode.OVERDUE: Measure(lambda r: r.overdue, _foi("overdue"), "超期申请清单"),
    IndicatorCode.MEDIAN_WORKDAYS: Measure(
        lambda r: r.median_workdays, _foi(""), "本年办结申请", absent_note="本年无办结申请"
    ),
    IndicatorCode.LATE_PUBLICATION: Measure(lambda r: r.late_publication, _compliance, "公开合规提示"),
    IndicatorCode.INTERPRETATION_MISSING: Measure(
        lambda r: r.interpretations_missing, _compliance, "公开合规提示"
    ),
    IndicatorCode.INTERPRETATION_LATE: Measure(lambda r: r.interpretations_late, _compliance, "公开合规提示"),
    IndicatorCode.TOPIC_BREACHES: Measure(lambda r: r.topic_items_late, _compliance, "公开合规提示"),
    IndicatorCode.LEADER_FILED: Measure(lambda r: int(r.leader_filed), _leaders, "负责人备案"),
    IndicatorCode.SITE_OK: Measure(
        lambda r: None if r.site is None else int(bool(r.site.get("ok"))),
        _site,
        "网站检查结果",
        absent=1,
        absent_note="未纳入网站检查",
    ),
    IndicatorCode.TRAINING_HELD: Measure(lambda r: r.training_held, _training, "培训记录"),
    IndicatorCode.STAFF_TRAINED: Measure(lambda r: r.staff_trained, _training, "培训记录"),
}

# The scheme used when the office has configured none: weights add up to 100; an unfiled
# responsible leader vetoes. (code, threshold, comparison, weight, per_step, step, veto)
DEFAULT_INDICATORS: tuple[tuple[str, str, str, str, str | None, str, bool], ...] = (
    (IndicatorCode.ON_TIME_RATE, "100", "at_least", "20", "2", "5", False),
    (IndicatorCode.OVERDUE, "0", "at_most", "20", "5", "1", False),
    (IndicatorCode.MEDIAN_WORKDAYS, "15", "at_most", "5", "1", "1", False),
    (IndicatorCode.LATE_PUBLICATION, "0", "at_most", "10", "2", "1", False),
    (IndicatorCode.INTERPRETATION_MISSING, "0", "at_most", "15", "5", "1", False),
    (IndicatorCode.INTERPRETATION_LATE, "0", "at_most", "10", "2", "1", False),
    (IndicatorCode.TOPIC_BREACHES, "0", "at_most", "10", "2", "1", False),
    (IndicatorCode.SITE_OK, "1", "at_least", "10", None, "1", False),
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
    details.append(["机构", "机构代码", "指标", "实测值", "要求", "扣分", "单项否决", "说明", "依据"])
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
        for col in "ABCDEFGHI":
            sheet.column_dimensions[col].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
