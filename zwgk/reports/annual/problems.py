"""Wrong facts among a year's applications and appeals, reported as problems naming the case."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from zwgk.reports.annual.codes import OUTCOME_CODES
from zwgk.reports.annual.labels import APPEAL_GROUP_LABELS, LITIGATION_HEADER
from zwgk.reports.annual.schema import Problem, ProblemCode

if TYPE_CHECKING:
    from zwgk.reports.annual.facts import AppealFact, ApplicationFact


def problem(
    code: str,
    message: str,
    *,
    organization: str,
    part: str,
    row: str | None,
    column: str | None,
    refs: Iterable[str] = (),
) -> Problem:
    return {
        "code": str(code),
        "message": message,
        "organization": organization,
        "part": part,
        "row": row,
        "column": column,
        "refs": list(refs),
    }


def application_problems(
    year: int, applications: Iterable[ApplicationFact], *, organization: str
) -> list[Problem]:
    """Wrong facts that distort `year`'s table 三, one problem per case and kind of error.

    Only the year whose table a fact distorts reports it: a case closed without an outcome in
    2025 is a problem of the 2025 report, not of 2026's.
    """
    return [
        problem(
            code,
            message,
            organization=organization,
            part="part3",
            row=row,
            column=app.applicant_type,
            refs=[app.ref],
        )
        for app in applications
        for code, message, row in _wrong_application(year, app)
    ]


def _wrong_application(year: int, app: ApplicationFact) -> Iterator[tuple[ProblemCode, str, str]]:
    closed, received = app.closed_on, app.received_on
    if closed is None:
        return
    if closed < received and year in (closed.year, received.year):
        yield (
            ProblemCode.CLOSED_BEFORE_RECEIVED,
            f"申请 {app.ref} 的办结日期 {closed.isoformat()} 早于收到日期 {received.isoformat()}",
            "1" if received.year == year else "3.7",
        )
    if closed.year != year:
        return
    if app.outcome is None:
        yield (
            ProblemCode.MISSING_OUTCOME,
            f"申请 {app.ref} 已于 {closed.isoformat()} 办结，但没有办理结果",
            "3.7",
        )
    elif app.outcome not in OUTCOME_CODES:
        yield (
            ProblemCode.INVALID_OUTCOME,
            f"申请 {app.ref} 的办理结果“{app.outcome}”不是有效的办理结果代码",
            "3.7",
        )


def appeal_name(kind: str) -> str:
    label = APPEAL_GROUP_LABELS[kind]
    return label if kind == "reconsideration" else f"{LITIGATION_HEADER}（{label}）"


def appeal_problems(year: int, appeals: Iterable[AppealFact], *, organization: str) -> list[Problem]:
    """Wrong facts among the appeals that `part4` counts for `year` (those filed in `year`)."""
    return [
        problem(
            code,
            message,
            organization=organization,
            part="part4",
            row=appeal.kind,
            column=column,
            refs=[appeal.ref],
        )
        for appeal in appeals
        if appeal.filed_on.year == year
        for code, message, column in _wrong_appeal(year, appeal)
    ]


def _wrong_appeal(year: int, appeal: AppealFact) -> Iterator[tuple[ProblemCode, str, str | None]]:
    name, decided = f"{appeal_name(appeal.kind)} {appeal.ref}", appeal.decided_on
    if decided is not None and decided < appeal.filed_on:
        yield (
            ProblemCode.APPEAL_DECIDED_BEFORE_FILED,
            f"{name} 的审结日期 {decided.isoformat()} 早于提起日期 {appeal.filed_on.isoformat()}",
            None,
        )
    if decided is not None and decided.year <= year and appeal.result is None:
        yield (
            ProblemCode.APPEAL_MISSING_RESULT,
            f"{name} 已于 {decided.isoformat()} 审结，但没有审理结果，暂计为尚未审结",
            "pending",
        )
    if decided is None and appeal.result is not None:
        yield (
            ProblemCode.APPEAL_RESULT_WITHOUT_DECISION,
            f"{name} 有审理结果但没有审结日期，暂计为尚未审结",
            "pending",
        )
