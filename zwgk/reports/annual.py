"""The annual report's tables 二, 三 and 四 (RULES §4; 国办公开办函〔2021〕30号), from facts.

Pure module: no Django imports, no clock. Callers turn stored cases into facts
(`ApplicationFact`, `AppealFact`, `Part2Facts`); every number of the report is derived here, and
every label comes from the constants below, so the page, the API and the .docx/.xlsx exports
cannot disagree with each other.

Problems found in the figures are reported, never raised: a report with a closed case that has
no outcome must still be viewable, with the case named so that someone can fix it. Malformed
input (an unknown applicant type, a report dict missing a row) is a programming error and raises
`ValueError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Literal, TypedDict, get_args

# --- Codes: the keys of the JSON (API.md) ---------------------------------------------------------

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

# --- Labels, exactly as the national format prints them ---------------------------------------------

# The six parts in their fixed order (RULES §4.1); 一, 五 and 六 are text that staff write.
PART_TITLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "part1": "一、总体情况",
        "part2": "二、主动公开政府信息情况",
        "part3": "三、收到和处理政府信息公开申请情况",
        "part4": "四、政府信息公开行政复议、行政诉讼情况",
        "part5": "五、存在的主要问题及改进情况",
        "part6": "六、其他需要报告的事项",
    }
)
TEXT_PARTS: Final[Mapping[str, str]] = MappingProxyType(
    {"part1": "overview", "part5": "problems", "part6": "other"}  # part → ReportText field
)


def report_title(organization_name: str, year: int) -> str:
    return f"{organization_name}{year}年政府信息公开工作年度报告"


@dataclass(frozen=True)
class Part2Section:
    """One block of table 二: the Art. 20 item, its header row, and the rows under it."""

    item: str
    headers: tuple[str, ...]  # "信息内容" then one header per field
    fields: tuple[str, ...]  # JSON keys of the numbers, in header order
    rows: tuple[tuple[str, str], ...]  # (JSON key, label)


PART2_SECTIONS: Final[tuple[Part2Section, ...]] = (
    Part2Section(
        "第二十条第（一）项",
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("issued", "repealed", "in_force"),
        (("rules", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    Part2Section(
        "第二十条第（五）项", ("信息内容", "本年处理决定数量"), ("decisions",), (("licensing", "行政许可"),)
    ),
    Part2Section(
        "第二十条第（六）项",
        ("信息内容", "本年处理决定数量"),
        ("decisions",),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    Part2Section(
        "第二十条第（八）项",
        ("信息内容", "本年收费金额（单位：万元）"),
        ("amount_wan_yuan",),
        (("fees", "行政事业性收费"),),
    ),
)

_AMOUNT: Final = "amount_wan_yuan"
# Every (row, field) of table 二; Part2Facts has one attribute "<row>_<field>" per cell.
_PART2_CELLS: Final[tuple[tuple[str, str], ...]] = tuple(
    (key, field) for section in PART2_SECTIONS for key, _label in section.rows for field in section.fields
)

BALANCE_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEADER: Final = "申请人情况"
ORGANIZATIONS_HEADER: Final = "法人或其他组织"  # spans the five organisation columns
COLUMN_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "natural_person": "自然人",
        "commercial_enterprise": "商业企业",
        "research_institution": "科研机构",
        "public_interest_organization": "社会公益组织",
        "legal_service_institution": "法律服务机构",
        "other_organization": "其他",
        "total": "总计",
    }
)
# Headers spanning several rows; a row belongs to every group whose key prefixes its own.
ROW_GROUP_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "3": "三、本年度办理结果",
        "3.3": "（三）不予公开",
        "3.4": "（四）无法提供",
        "3.5": "（五）不予处理",
        "3.6": "（六）其他处理",
    }
)
ROW_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "1": "一、本年新收政府信息公开申请数量",
        "2": "二、上年结转政府信息公开申请数量",
        "3.1": "（一）予以公开",
        "3.2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "3.3.1": "1.属于国家秘密",
        "3.3.2": "2.其他法律行政法规禁止公开",
        "3.3.3": "3.危及“三安全一稳定”",
        "3.3.4": "4.保护第三方合法权益",
        "3.3.5": "5.属于三类内部事务信息",
        "3.3.6": "6.属于四类过程性信息",
        "3.3.7": "7.属于行政执法案卷",
        "3.3.8": "8.属于行政查询事项",
        "3.4.1": "1.本机关不掌握相关政府信息",
        "3.4.2": "2.没有现成信息需要另行制作",
        "3.4.3": "3.补正后申请内容仍不明确",
        "3.5.1": "1.信访举报投诉类申请",
        "3.5.2": "2.重复申请",
        "3.5.3": "3.要求提供公开出版物",
        "3.5.4": "4.无正当理由大量反复申请",
        "3.5.5": "5.要求行政机关确认或重新出具已获取信息",
        "3.6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "3.6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.6.3": "3.其他",
        "3.7": "（七）总计",
        "4": "四、结转下年度继续办理",
    }
)
LITIGATION_HEADER: Final = "行政诉讼"  # spans the two litigation groups
APPEAL_GROUP_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "reconsideration": "行政复议",
        "litigation_direct": "未经复议直接起诉",
        "litigation_after_reconsideration": "复议后起诉",
    }
)
APPEAL_COLUMN_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "upheld": "结果维持",
        "corrected": "结果纠正",
        "other": "其他结果",
        "pending": "尚未审结",
        "total": "总计",
    }
)

# --- Facts ----------------------------------------------------------------------------------------


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
        for key, field in _PART2_CELLS:
            name = f"{key}_{field}"
            if field == _AMOUNT:
                _amount(getattr(self, name), name)
            else:
                _count(getattr(self, name), name)

    def as_json(self) -> Part2:
        counts = {
            (key, field): getattr(self, f"{key}_{field}") for key, field in _PART2_CELLS if field != _AMOUNT
        }
        return _part2_json(counts, _amount(self.fees_amount_wan_yuan, "fees_amount_wan_yuan"))


# --- The JSON (API.md, "Annual report") -------------------------------------------------------------


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


# --- Tables from facts ------------------------------------------------------------------------------


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


def _imbalance(year: int, app: ApplicationFact) -> int:
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
    return _part4_json(counts)


def _part2_json(counts: Mapping[tuple[str, str], int], fees: Decimal) -> Part2:
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
        "fees": {_AMOUNT: f"{fees:f}"},
    }


def _part4_json(counts: Mapping[str, Mapping[str, int]]) -> Part4:
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


# --- Problems ---------------------------------------------------------------------------------------


def _problem(
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
        _problem(
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


def _appeal_name(kind: str) -> str:
    label = APPEAL_GROUP_LABELS[kind]
    return label if kind == "reconsideration" else f"{LITIGATION_HEADER}（{label}）"


def appeal_problems(year: int, appeals: Iterable[AppealFact], *, organization: str) -> list[Problem]:
    """Wrong facts among the appeals that `part4` counts for `year` (those filed in `year`)."""
    return [
        _problem(
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
    name, decided = f"{_appeal_name(appeal.kind)} {appeal.ref}", appeal.decided_on
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


# --- Reading a report back (for checks and consolidation) -------------------------------------------


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}: expected a non-negative integer, got {value!r}")
    return value


def _amount(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValueError(
            f"{where}: expected an amount in 万元 (Decimal, int or decimal string), got {value!r}"
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{where}: expected an amount in 万元, got {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{where}: expected a non-negative amount, got {value!r}")
    return amount


@dataclass(frozen=True)
class _Tables:
    """The validated numbers of one report, plus the problems a consolidation keeps."""

    year: int
    organization: str
    part2: dict[tuple[str, str], int]  # (row, field) → count; the fee amount is apart
    fees: Decimal
    part3: dict[str, dict[str, int]]
    part4: dict[str, dict[str, int]]
    carried: list[Problem]


def _read(report: Mapping[str, Any]) -> _Tables:
    try:
        year, organization = report["year"], report["organization"]
        if isinstance(year, bool) or not isinstance(year, int) or not isinstance(organization, str):
            raise ValueError(f"year/organization: got {year!r}, {organization!r}")
        part2 = {
            (key, field): _count(report["part2"][key][field], f"part2.{key}.{field}")
            for key, field in _PART2_CELLS
            if field != _AMOUNT
        }
        fees = _amount(report["part2"]["fees"][_AMOUNT], f"part2.fees.{_AMOUNT}")
        rows = report["part3"]["rows"]
        part3 = {
            row: {col: _count(rows[row][col], f"part3.rows.{row}.{col}") for col in COLUMNS} for row in ROWS
        }
        part4: dict[str, dict[str, int]] = {
            kind: {col: _count(report["part4"][kind][col], f"part4.{kind}.{col}") for col in APPEAL_COLUMNS}
            for kind in APPEAL_KINDS
        }
        carried = [
            _problem(
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
    return _Tables(year, organization, part2, fees, part3, part4, carried)


def _table_problems(t: _Tables, refs_by_column: Mapping[str, Sequence[str]]) -> list[Problem]:
    out: list[Problem] = []

    def add(code: ProblemCode, message: str, part: str, row: str | None, column: str) -> None:
        refs = refs_by_column.get(column, ()) if code == ProblemCode.UNBALANCED else ()
        out.append(
            _problem(code, message, organization=t.organization, part=part, row=row, column=column, refs=refs)
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
            message = f"{_appeal_name(kind)}：总计（{total}）不等于{four}之和（{parts}）"
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
    t = _read(report)
    applications = tuple(applications)
    refs_by_column: dict[str, list[str]] = {}
    for app in applications:
        if _imbalance(t.year, app):
            refs_by_column.setdefault(app.applicant_type, []).append(app.ref)
            refs_by_column.setdefault("total", []).append(app.ref)
    problems = _table_problems(t, refs_by_column)
    problems += application_problems(t.year, applications, organization=t.organization)
    problems += appeal_problems(t.year, appeals, organization=t.organization)
    return {"balanced": not problems, "problems": problems}


# --- The report -------------------------------------------------------------------------------------


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
    tables = [_read(r) for r in reports]
    years = {t.year for t in tables} | ({year} if year is not None else set())
    if len(years) != 1:
        raise ValueError(f"cannot consolidate reports of years {sorted(years)}")
    (the_year,) = years
    part2 = {cell: sum(t.part2[cell] for t in tables) for cell in _PART2_CELLS if cell[1] != _AMOUNT}
    fees = sum((t.fees for t in tables), Decimal(0))
    part3 = {row: {col: sum(t.part3[row][col] for t in tables) for col in COLUMNS} for row in ROWS}
    part4: dict[str, dict[str, int]] = {
        kind: {col: sum(t.part4[kind][col] for t in tables) for col in APPEAL_COLUMNS}
        for kind in APPEAL_KINDS
    }
    problems = _table_problems(_Tables(the_year, organization, part2, fees, part3, part4, []), {})
    for t in tables:
        problems += _table_problems(t, {}) + t.carried
    return {
        "year": the_year,
        "organization": organization,
        "part2": _part2_json(part2, fees),
        "part3": {"columns": list(COLUMNS), "rows": part3},
        "part4": _part4_json(part4),
        "checks": {"balanced": not problems, "problems": problems},
    }
