"""The facts callers supply: one application, one appeal, and the figures of table 二."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zwgk.reports.annual.codes import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    APPLICANT_TYPES,
    AppealKind,
    AppealResult,
    ApplicantType,
)
from zwgk.reports.annual.labels import AMOUNT, PART2_CELLS
from zwgk.reports.annual.schema import Part2
from zwgk.reports.annual.tables import part2_json
from zwgk.reports.annual.verification import checked_amount, checked_count


@dataclass(frozen=True, kw_only=True, slots=True)
class ApplicationFact:
    """What the report needs to know about one application.

    `received_on` is the receipt date of Art. 31 (RULES §2.2); `closed_on` the day it ended
    (reply sent, withdrawn, …), None while open; `outcome` its code of RULES §2.8. `ref` (case
    number or tracking code) is only used to name the case in problems. A bad `outcome` or
    `closed_on` is accepted on purpose: `checks` reports it with the ref.
    """

    ref: str
    applicant_type: ApplicantType
    received_on: date
    closed_on: date | None = None
    outcome: str | None = None

    def __post_init__(self) -> None:
        if self.applicant_type not in APPLICANT_TYPES:
            raise ValueError(f"{self.ref}: unknown applicant type {self.applicant_type!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class AppealFact:
    """One reconsideration or lawsuit about a disclosure decision (RULES §2.10)."""

    ref: str
    kind: AppealKind
    filed_on: date
    decided_on: date | None = None
    result: AppealResult | None = None

    def __post_init__(self) -> None:
        if self.kind not in APPEAL_KINDS:
            raise ValueError(f"{self.ref}: unknown appeal kind {self.kind!r}")
        if self.result is not None and self.result not in APPEAL_RESULTS:
            raise ValueError(f"{self.ref}: unknown appeal result {self.result!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class Part2Facts:
    """The figures of table 二 (RULES §4.2): counts for the year, fees in 万元."""

    rules_issued: int = 0
    rules_repealed: int = 0
    rules_in_force: int = 0
    normative_documents_issued: int = 0
    normative_documents_repealed: int = 0
    normative_documents_in_force: int = 0
    licensing_decisions: int = 0
    penalty_decisions: int = 0
    coercion_decisions: int = 0
    fees_amount_wan_yuan: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for key, field in PART2_CELLS:
            name = f"{key}_{field}"
            if field == AMOUNT:
                checked_amount(getattr(self, name), name)
            else:
                checked_count(getattr(self, name), name)

    def as_json(self) -> Part2:
        counts = {
            (key, field): getattr(self, f"{key}_{field}") for key, field in PART2_CELLS if field != AMOUNT
        }
        return part2_json(counts, checked_amount(self.fees_amount_wan_yuan, "fees_amount_wan_yuan"))
