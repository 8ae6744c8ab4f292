"""The annual report's tables 二, 三 and 四 (RULES §4; 国办公开办函〔2021〕30号), from facts.

Pure package: no Django imports, no clock. Callers turn stored cases into facts
(`ApplicationFact`, `AppealFact`, `Part2Facts`); every number of the report is derived here, and
every label comes from the constants of `labels`, so the page, the API and the .docx/.xlsx
exports cannot disagree with each other.

Problems found in the figures are reported, never raised: a report with a closed case that has
no outcome must still be viewable, with the case named so that someone can fix it. Malformed
input (an unknown applicant type, a report dict missing a row) is a programming error and raises
`ValueError`.

Modules: `codes` (the JSON keys, rows and columns), `labels` (as the national format prints
them), `facts` (what callers supply), `schema` (the JSON as typed dicts, the problem codes),
`tables` (tables 三 and 四 from facts), `problems` (wrong facts), `verification` (reading a
report back and checking its arithmetic) and `report` (`annual_report`, `consolidate`). Import
from the package: every public name is re-exported here.
"""

from zwgk.reports.annual.codes import (
    APPEAL_COLUMNS,
    APPEAL_KINDS,
    APPEAL_RESULTS,
    APPLICANT_TYPES,
    COLUMNS,
    OUTCOME_CODES,
    ROWS,
    AppealKind,
    AppealResult,
    ApplicantType,
)
from zwgk.reports.annual.facts import AppealFact, ApplicationFact, Part2Facts
from zwgk.reports.annual.labels import (
    APPEAL_COLUMN_LABELS,
    APPEAL_GROUP_LABELS,
    APPLICANTS_HEADER,
    BALANCE_NOTE,
    COLUMN_LABELS,
    LITIGATION_HEADER,
    ORGANIZATIONS_HEADER,
    PART2_SECTIONS,
    PART_TITLES,
    ROW_GROUP_LABELS,
    ROW_LABELS,
    TEXT_PARTS,
    Part2Section,
    report_title,
)
from zwgk.reports.annual.problems import appeal_problems, application_problems
from zwgk.reports.annual.report import annual_report, consolidate
from zwgk.reports.annual.schema import (
    ARITHMETIC_PROBLEM_CODES,
    FACT_PROBLEM_CODES,
    AnnualReport,
    AppealCounts,
    Checks,
    DecisionCount,
    DocumentCounts,
    FeeAmount,
    Part2,
    Part3,
    Part4,
    Problem,
    ProblemCode,
)
from zwgk.reports.annual.tables import part3, part4
from zwgk.reports.annual.verification import checks

__all__ = [
    "APPEAL_COLUMNS",
    "APPEAL_COLUMN_LABELS",
    "APPEAL_GROUP_LABELS",
    "APPEAL_KINDS",
    "APPEAL_RESULTS",
    "APPLICANTS_HEADER",
    "APPLICANT_TYPES",
    "ARITHMETIC_PROBLEM_CODES",
    "BALANCE_NOTE",
    "COLUMNS",
    "COLUMN_LABELS",
    "FACT_PROBLEM_CODES",
    "LITIGATION_HEADER",
    "ORGANIZATIONS_HEADER",
    "OUTCOME_CODES",
    "PART2_SECTIONS",
    "PART_TITLES",
    "ROWS",
    "ROW_GROUP_LABELS",
    "ROW_LABELS",
    "TEXT_PARTS",
    "AnnualReport",
    "AppealCounts",
    "AppealFact",
    "AppealKind",
    "AppealResult",
    "ApplicantType",
    "ApplicationFact",
    "Checks",
    "DecisionCount",
    "DocumentCounts",
    "FeeAmount",
    "Part2",
    "Part2Facts",
    "Part2Section",
    "Part3",
    "Part4",
    "Problem",
    "ProblemCode",
    "annual_report",
    "appeal_problems",
    "application_problems",
    "checks",
    "consolidate",
    "part3",
    "part4",
    "report_title",
]
