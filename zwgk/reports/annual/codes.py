"""The codes of the annual report: the keys of its JSON (API.md), its rows and its columns."""

from __future__ import annotations

from typing import Final, Literal, get_args

ApplicantType = Literal[
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_interest_organization",
    "legal_service_institution",
    "other_organization",
]
APPLICANT_TYPES: Final[tuple[ApplicantType, ...]] = get_args(ApplicantType)
COLUMNS: Final[tuple[str, ...]] = (*APPLICANT_TYPES, "total")

# RULES §2.8: one code per closed application, and each code is a row of table 三.
OUTCOME_CODES: Final[tuple[str, ...]] = (
    "3.1",
    "3.2",
    *(f"3.3.{i}" for i in range(1, 9)),
    *(f"3.4.{i}" for i in range(1, 4)),
    *(f"3.5.{i}" for i in range(1, 6)),
    *(f"3.6.{i}" for i in range(1, 4)),
)
ROWS: Final[tuple[str, ...]] = ("1", "2", *OUTCOME_CODES, "3.7", "4")

AppealKind = Literal["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
APPEAL_KINDS: Final[tuple[AppealKind, ...]] = get_args(AppealKind)
AppealResult = Literal["upheld", "corrected", "other"]
APPEAL_RESULTS: Final[tuple[AppealResult, ...]] = get_args(AppealResult)
APPEAL_COLUMNS: Final[tuple[str, ...]] = (*APPEAL_RESULTS, "pending", "total")
