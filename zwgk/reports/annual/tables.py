"""Tables 三 and 四 counted from facts, and the JSON of tables 二 and 四."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from zwgk.reports.annual.codes import (
    APPEAL_COLUMNS,
    APPEAL_KINDS,
    APPLICANT_TYPES,
    COLUMNS,
    OUTCOME_CODES,
    ROWS,
)
from zwgk.reports.annual.labels import AMOUNT
from zwgk.reports.annual.schema import AppealCounts, DocumentCounts, Part2, Part4

if TYPE_CHECKING:
    from zwgk.reports.annual.facts import AppealFact, ApplicationFact


def _open_on(app: ApplicationFact, day: date) -> bool:
    """Received by `day` and not closed by the end of it."""
    return app.received_on <= day and (app.closed_on is None or app.closed_on > day)


def _rows_of(year: int, app: ApplicationFact) -> Iterator[str]:
    """The rows of `year`'s table 三 that count `app` (RULES §4.3)."""
    if app.received_on.year == year:
        yield "1"
    if _open_on(app, date(year - 1, 12, 31)):
        yield "2"
    if app.closed_on is not None and app.closed_on.year == year and app.outcome in OUTCOME_CODES:
        yield app.outcome
    if _open_on(app, date(year, 12, 31)):
        yield "4"


def imbalance(year: int, app: ApplicationFact) -> int:
    """What `app` adds to 1 + 2 − (3.7 + 4) of its column: zero for every valid fact."""
    return sum(1 if row in ("1", "2") else -1 for row in _rows_of(year, app))


def part3(year: int, applications: Iterable[ApplicationFact]) -> dict[str, dict[str, int]]:
    """The rows of table 三 (RULES §4.3): every row of ROWS, every column of COLUMNS.

    Row 1: received in `year`. Row 2: open at the end of 31 December of the year before. Row 3.x:
    closed in `year` with outcome 3.x. Row 4: open at the end of 31 December of `year`. 3.7 is
    the sum of the 3.x rows and "total" the sum of the six applicant columns, as the format
    defines them; so a case counted in row 1 or 2 but in no 3.x row nor row 4 shows up as an
    imbalance of its column, which `checks` then explains with the case's ref.
    """
    rows = {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}
    for app in applications:
        for row in _rows_of(year, app):
            rows[row][app.applicant_type] += 1
    for column in APPLICANT_TYPES:
        rows["3.7"][column] = sum(rows[code][column] for code in OUTCOME_CODES)
    for cells in rows.values():
        cells["total"] = sum(cells[column] for column in APPLICANT_TYPES)
    return rows


def part4(year: int, appeals: Iterable[AppealFact]) -> Part4:
    """Table 四 (RULES §2.10, §4.4): per group, the three results, pending and total.

    Product decision — which appeals count: an appeal counts in the year it was *filed*, with its
    result as known at the end of 31 December of that year; one not decided by then counts as
    尚未审结 (pending). The national format leaves this open. Counting by filing year puts each
    appeal in exactly one year's table, so figures add up across years and agencies, and a
    published report is never contradicted by a later decision. The price: an appeal pending at
    a year end never shows its eventual result in any report. An appeal filed before `year` is
    not counted, even when decided in `year`.
    """
    counts: dict[str, dict[str, int]] = {kind: dict.fromkeys(APPEAL_COLUMNS, 0) for kind in APPEAL_KINDS}
    year_end = date(year, 12, 31)
    for appeal in appeals:
        if appeal.filed_on.year != year:
            continue
        decided = appeal.decided_on is not None and appeal.decided_on <= year_end
        column = appeal.result if decided and appeal.result is not None else "pending"
        counts[appeal.kind][column] += 1
    for cells in counts.values():
        cells["total"] = sum(cells[column] for column in APPEAL_COLUMNS[:-1])
    return part4_json(counts)


def part2_json(counts: Mapping[tuple[str, str], int], fees: Decimal) -> Part2:
    def docs(key: str) -> DocumentCounts:
        return {
            "issued": counts[key, "issued"],
            "repealed": counts[key, "repealed"],
            "in_force": counts[key, "in_force"],
        }

    return {
        "rules": docs("rules"),
        "normative_documents": docs("normative_documents"),
        "licensing": {"decisions": counts["licensing", "decisions"]},
        "penalty": {"decisions": counts["penalty", "decisions"]},
        "coercion": {"decisions": counts["coercion", "decisions"]},
        "fees": {AMOUNT: f"{fees:f}"},
    }


def part4_json(counts: Mapping[str, Mapping[str, int]]) -> Part4:
    def group(kind: str) -> AppealCounts:
        cells = counts[kind]
        return {
            "upheld": cells["upheld"],
            "corrected": cells["corrected"],
            "other": cells["other"],
            "pending": cells["pending"],
            "total": cells["total"],
        }

    return {
        "reconsideration": group("reconsideration"),
        "litigation_direct": group("litigation_direct"),
        "litigation_after_reconsideration": group("litigation_after_reconsideration"),
    }
