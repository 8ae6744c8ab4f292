"""The report's JSON (API.md, "Annual report") as typed dicts, and the codes of its problems."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, TypedDict


class DocumentCounts(TypedDict):
    issued: int
    repealed: int
    in_force: int


class DecisionCount(TypedDict):
    decisions: int


class FeeAmount(TypedDict):
    # A decimal string ("12.50"): exact, and JSON-serialisable without a custom encoder.
    amount_wan_yuan: str


class Part2(TypedDict):
    rules: DocumentCounts
    normative_documents: DocumentCounts
    licensing: DecisionCount
    penalty: DecisionCount
    coercion: DecisionCount
    fees: FeeAmount


class Part3(TypedDict):
    columns: list[str]
    rows: dict[str, dict[str, int]]  # every key of ROWS → every key of COLUMNS


class AppealCounts(TypedDict):
    upheld: int
    corrected: int
    other: int
    pending: int
    total: int


class Part4(TypedDict):
    reconsideration: AppealCounts
    litigation_direct: AppealCounts
    litigation_after_reconsideration: AppealCounts


class ProblemCode(StrEnum):
    # The table does not add up.
    UNBALANCED = "unbalanced"  # 1 + 2 ≠ 3.7 + 4 in a column
    OUTCOME_TOTAL_MISMATCH = "outcome_total_mismatch"  # 3.7 ≠ sum of 3.x
    ROW_TOTAL_MISMATCH = "row_total_mismatch"  # total ≠ sum of the six columns
    APPEAL_TOTAL_MISMATCH = "appeal_total_mismatch"  # part 4 total ≠ sum of its four
    # A fact is wrong; these carry the ref of the case.
    MISSING_OUTCOME = "missing_outcome"
    INVALID_OUTCOME = "invalid_outcome"
    CLOSED_BEFORE_RECEIVED = "closed_before_received"
    APPEAL_MISSING_RESULT = "appeal_missing_result"
    APPEAL_RESULT_WITHOUT_DECISION = "appeal_result_without_decision"
    APPEAL_DECIDED_BEFORE_FILED = "appeal_decided_before_filed"


ARITHMETIC_PROBLEM_CODES: Final = frozenset(
    {
        ProblemCode.UNBALANCED,
        ProblemCode.OUTCOME_TOTAL_MISMATCH,
        ProblemCode.ROW_TOTAL_MISMATCH,
        ProblemCode.APPEAL_TOTAL_MISMATCH,
    }
)
# These cannot be found again from a table alone, so consolidation carries them over.
FACT_PROBLEM_CODES: Final = frozenset(ProblemCode) - ARITHMETIC_PROBLEM_CODES


class Problem(TypedDict):
    code: str
    message: str  # Chinese, for the staff who must fix it
    organization: str  # whose figures are wrong (differs from the report's in a consolidation)
    part: str  # "part3" | "part4"
    row: str | None  # a key of ROWS, or an appeal kind in part 4
    column: str | None  # a key of COLUMNS, or of APPEAL_COLUMNS in part 4
    refs: list[str]  # the cases that cause it, where identifiable


class Checks(TypedDict):
    balanced: bool  # True exactly when `problems` is empty
    problems: list[Problem]


class AnnualReport(TypedDict):
    year: int
    organization: str
    part2: Part2
    part3: Part3
    part4: Part4
    checks: Checks
