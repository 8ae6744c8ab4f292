"""Reading a report back, validated, and checking its arithmetic (RULES §4.3, §4.4)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from zwgk.reports.annual.codes import (
    APPEAL_COLUMNS,
    APPEAL_KINDS,
    APPLICANT_TYPES,
    COLUMNS,
    OUTCOME_CODES,
    ROWS,
)
from zwgk.reports.annual.labels import AMOUNT, COLUMN_LABELS, PART2_CELLS, ROW_LABELS
from zwgk.reports.annual.problems import appeal_name, appeal_problems, application_problems, problem
from zwgk.reports.annual.schema import FACT_PROBLEM_CODES, Checks, Problem, ProblemCode
from zwgk.reports.annual.tables import imbalance

if TYPE_CHECKING:
    from zwgk.reports.annual.facts import AppealFact, ApplicationFact


def checked_count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}: expected a non-negative integer, got {value!r}")
    return value


def checked_amount(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValueError(
            f"{where}: expected an amount in 万元 (Decimal, int or decimal string), got {value!r}"
        )
    try:
        parsed = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{where}: expected an amount in 万元, got {value!r}") from None
    if not parsed.is_finite() or parsed < 0:
        raise ValueError(f"{where}: expected a non-negative amount, got {value!r}")
    return parsed


@dataclass(frozen=True)
class Tables:
    """The validated numbers of one report, plus the problems a consolidation keeps."""

    year: int
    organization: str
    part2: dict[tuple[str, str], int]  # (row, field) → count; the fee amount is apart
    fees: Decimal
    part3: dict[str, dict[str, int]]
    part4: dict[str, dict[str, int]]
    carried: list[Problem]


def read_tables(report: Mapping[str, Any]) -> Tables:
    try:
        year, organization = report["year"], report["organization"]
        if isinstance(year, bool) or not isinstance(year, int) or not isinstance(organization, str):
            raise ValueError(f"year/organization: got {year!r}, {organization!r}")
        part2 = {
            (key, field): checked_count(report["part2"][key][field], f"part2.{key}.{field}")
            for key, field in PART2_CELLS
            if field != AMOUNT
        }
        fees = checked_amount(report["part2"]["fees"][AMOUNT], f"part2.fees.{AMOUNT}")
        rows = report["part3"]["rows"]
        part3 = {
            row: {col: checked_count(rows[row][col], f"part3.rows.{row}.{col}") for col in COLUMNS}
            for row in ROWS
        }
        part4: dict[str, dict[str, int]] = {
            kind: {
                col: checked_count(report["part4"][kind][col], f"part4.{kind}.{col}")
                for col in APPEAL_COLUMNS
            }
            for kind in APPEAL_KINDS
        }
        carried = [
            problem(
                p["code"],
                p["message"],
                organization=p["organization"],
                part=p["part"],
                row=p["row"],
                column=p["column"],
                refs=p["refs"],
            )
            for p in report.get("checks", {}).get("problems", [])
            # A report's own arithmetic is recomputed rather than trusted; its wrong facts cannot
            # be found again without the facts, and problems of its own constituents (a
            # consolidated district report) would cancel out in a sum.
            if p["code"] in FACT_PROBLEM_CODES or p["organization"] != organization
        ]
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not an annual report: missing or malformed {exc}") from None
    return Tables(year, organization, part2, fees, part3, part4, carried)


def table_problems(t: Tables, refs_by_column: Mapping[str, Sequence[str]]) -> list[Problem]:
    out: list[Problem] = []

    def add(code: ProblemCode, message: str, part: str, row: str | None, column: str) -> None:
        refs = refs_by_column.get(column, ()) if code == ProblemCode.UNBALANCED else ()
        out.append(
            problem(code, message, organization=t.organization, part=part, row=row, column=column, refs=refs)
        )

    for col in COLUMNS:
        cells, label = {row: t.part3[row][col] for row in ROWS}, COLUMN_LABELS[col]
        left, right = cells["1"] + cells["2"], cells["3.7"] + cells["4"]
        if left != right:
            message = f"{label}列：第一项加第二项之和（{left}）不等于第三项加第四项之和（{right}）"
            add(ProblemCode.UNBALANCED, message, "part3", None, col)
        outcomes = sum(cells[code] for code in OUTCOME_CODES)
        if cells["3.7"] != outcomes:
            message = f"{label}列：（七）总计（{cells['3.7']}）不等于各项办理结果之和（{outcomes}）"
            add(ProblemCode.OUTCOME_TOTAL_MISMATCH, message, "part3", "3.7", col)
    for row in ROWS:
        total, parts = t.part3[row]["total"], sum(t.part3[row][col] for col in APPLICANT_TYPES)
        if total != parts:
            message = f"“{ROW_LABELS[row]}”行：总计（{total}）不等于自然人与法人或其他组织各列之和（{parts}）"
            add(ProblemCode.ROW_TOTAL_MISMATCH, message, "part3", row, "total")
    for kind in APPEAL_KINDS:
        total, parts = t.part4[kind]["total"], sum(t.part4[kind][col] for col in APPEAL_COLUMNS[:-1])
        if total != parts:
            four = "结果维持、结果纠正、其他结果、尚未审结"
            message = f"{appeal_name(kind)}：总计（{total}）不等于{four}之和（{parts}）"
            add(ProblemCode.APPEAL_TOTAL_MISMATCH, message, "part4", kind, "total")
    return out


def checks(
    report: Mapping[str, Any],
    *,
    applications: Iterable[ApplicationFact] = (),
    appeals: Iterable[AppealFact] = (),
) -> Checks:
    """Verify `report`'s tables (RULES §4.3, §4.4) and, given its facts, explain what is wrong.

    Table 三, in every column: 1 + 2 = 3.7 + 4, and 3.7 = the sum of the 3.x rows; in every row:
    total = the sum of the six applicant columns. Table 四: each total = the sum of its four.
    The arithmetic is recomputed from the numbers, never taken from `report["checks"]`. With the
    facts the report was made from, every wrong fact of the year is a problem of its own, and
    each imbalance of a column names the cases that cause it: those counted on one side of
    1 + 2 = 3.7 + 4 but not the other. `balanced` is True exactly when there is no problem.
    """
    t = read_tables(report)
    applications = tuple(applications)
    refs_by_column: dict[str, list[str]] = {}
    for app in applications:
        if imbalance(t.year, app):
            refs_by_column.setdefault(app.applicant_type, []).append(app.ref)
            refs_by_column.setdefault("total", []).append(app.ref)
    problems = table_problems(t, refs_by_column)
    problems += application_problems(t.year, applications, organization=t.organization)
    problems += appeal_problems(t.year, appeals, organization=t.organization)
    return {"balanced": not problems, "problems": problems}
