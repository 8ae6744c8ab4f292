"""The report itself: one agency's, from facts, and a government's, consolidated from its agencies'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from zwgk.reports.annual.codes import APPEAL_COLUMNS, APPEAL_KINDS, COLUMNS, ROWS
from zwgk.reports.annual.facts import AppealFact, ApplicationFact, Part2Facts
from zwgk.reports.annual.labels import AMOUNT, PART2_CELLS
from zwgk.reports.annual.schema import AnnualReport
from zwgk.reports.annual.tables import part2_json, part3, part4, part4_json
from zwgk.reports.annual.verification import Tables, checks, read_tables, table_problems


def annual_report(
    year: int,
    organization: str,
    part2: Part2Facts,
    applications: Iterable[ApplicationFact],
    appeals: Iterable[AppealFact],
) -> AnnualReport:
    """One agency's report for `year`: exactly the JSON of API.md ("Annual report")."""
    applications, appeals = tuple(applications), tuple(appeals)
    report: AnnualReport = {
        "year": year,
        "organization": organization,
        "part2": part2.as_json(),
        "part3": {"columns": list(COLUMNS), "rows": part3(year, applications)},
        "part4": part4(year, appeals),
        "checks": {"balanced": True, "problems": []},
    }
    report["checks"] = checks(report, applications=applications, appeals=appeals)
    return report


def consolidate(
    reports: Sequence[Mapping[str, Any]], *, organization: str, year: int | None = None
) -> AnnualReport:
    """A government's consolidated report (RULES §4.1): tables 二, 三 and 四 summed cell by cell.

    `reports` are one year's reports of its agencies, as `annual_report` or `consolidate` return
    them or parsed back from their JSON. The checks are re-run on the sum and on every report,
    because opposite errors of two agencies cancel out in the sum; wrong facts found when each
    report was made are carried over, still naming their agency and cases. `year` is needed
    only when `reports` is empty.
    """
    tables = [read_tables(r) for r in reports]
    years = {t.year for t in tables} | ({year} if year is not None else set())
    if len(years) != 1:
        raise ValueError(f"cannot consolidate reports of years {sorted(years)}")
    (the_year,) = years
    part2 = {cell: sum(t.part2[cell] for t in tables) for cell in PART2_CELLS if cell[1] != AMOUNT}
    fees = sum((t.fees for t in tables), Decimal(0))
    part3 = {row: {col: sum(t.part3[row][col] for t in tables) for col in COLUMNS} for row in ROWS}
    part4: dict[str, dict[str, int]] = {
        kind: {col: sum(t.part4[kind][col] for t in tables) for col in APPEAL_COLUMNS}
        for kind in APPEAL_KINDS
    }
    problems = table_problems(Tables(the_year, organization, part2, fees, part3, part4, []), {})
    for t in tables:
        problems += table_problems(t, {}) + t.carried
    return {
        "year": the_year,
        "organization": organization,
        "part2": part2_json(part2, fees),
        "part3": {"columns": list(COLUMNS), "rows": part3},
        "part4": part4_json(part4),
        "checks": {"balanced": not problems, "problems": problems},
    }
