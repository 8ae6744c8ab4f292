"""How an application for disclosure ends: the outcome codes of RULES §2.8.

Pure module: no Django imports. The codes are the row numbers of table 三 of the annual report
(国办公开办函〔2021〕30号), so every closed case counts in exactly one row. Each outcome also says
which provisions its reply letter (答复告知书) cites and whether the applicant must apply for
administrative reconsideration before suing (复议前置, RULES §2.10).

Article references are to 《中华人民共和国政府信息公开条例》 (2019 revision) unless the outcome's
`other_basis` names another document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

REGULATIONS: Final = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES: Final = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
REPORT_FORMAT: Final = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）"

# Remedies the letters must state (RULES §2.10).
RECONSIDERATION_DAYS: Final = 60  # 行政复议法 (2023) Art. 20: calendar days from learning of the decision
LITIGATION_MONTHS: Final = 6  # 行政诉讼法 Art. 46: directly, from learning of the decision
LITIGATION_AFTER_RECONSIDERATION_DAYS: Final = 15  # 行政诉讼法 Art. 45: from receiving the decision
RECONSIDERATION_FIRST_BASIS: Final = "《中华人民共和国行政复议法》第二十三条第一款第（四）项"


class OutcomeGroup(StrEnum):
    """The blocks of table 三 part 3 (（一）…（六）)."""

    DISCLOSED = "disclosed"
    PARTLY_DISCLOSED = "partly_disclosed"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_HANDLED = "not_handled"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS: Final[Mapping[OutcomeGroup, str]] = MappingProxyType(
    {
        OutcomeGroup.DISCLOSED: "予以公开",
        OutcomeGroup.PARTLY_DISCLOSED: "部分公开",
        OutcomeGroup.WITHHELD: "不予公开",
        OutcomeGroup.UNAVAILABLE: "无法提供",
        OutcomeGroup.NOT_HANDLED: "不予处理",
        OutcomeGroup.OTHER: "其他处理",
    }
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One outcome code.

    `label` reads on its own (case lists, the workbench's choice of outcome); `report_label` is
    the row label exactly as the national annual-report format prints it. `articles` are the
    provisions of the Regulations the reply letter cites, in citation order; where a letter picks
    one of several (3.1: already published or provided now), all candidates are listed.
    `reconsideration_first` means the letter must say that reconsideration comes before
    litigation (for 3.2 it applies to the withheld part).
    """

    code: str
    label: str
    report_label: str
    group: OutcomeGroup
    articles: tuple[str, ...]
    other_basis: tuple[str, ...] = ()
    reconsideration_first: bool = False

    @property
    def citation(self) -> str:
        """The legal basis as a letter writes it; empty when nothing is cited."""
        parts = []
        if self.articles:
            parts.append(REGULATIONS + "、".join(self.articles))
        parts.extend(self.other_basis)
        return "，".join(parts)


_R3 = "第三十六条第（三）项"  # Art. 36(3): tell the applicant it is withheld, and why

OUTCOMES: Final[tuple[Outcome, ...]] = (
    Outcome(
        "3.1",
        "予以公开",
        "（一）予以公开",
        OutcomeGroup.DISCLOSED,
        # 36(1): already proactively published, say where; 36(2): provided now or how and when.
        ("第三十六条第（一）项", "第三十六条第（二）项"),
    ),
    Outcome(
        "3.2",
        "部分公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        OutcomeGroup.PARTLY_DISCLOSED,
        # Art. 37 for the split; the withheld part also cites its own ground (Arts. 14–16).
        ("第三十七条", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.1",
        "不予公开：属于国家秘密",
        "1.属于国家秘密",
        OutcomeGroup.WITHHELD,
        ("第十四条", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.2",
        "不予公开：其他法律行政法规禁止公开",
        "2.其他法律行政法规禁止公开",
        OutcomeGroup.WITHHELD,
        ("第十四条", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.3",
        "不予公开：危及“三安全一稳定”",
        "3.危及“三安全一稳定”",
        OutcomeGroup.WITHHELD,
        ("第十四条", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.4",
        "不予公开：保护第三方合法权益",
        "4.保护第三方合法权益",
        OutcomeGroup.WITHHELD,
        ("第十五条", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.5",
        "不予公开：属于三类内部事务信息",
        "5.属于三类内部事务信息",
        OutcomeGroup.WITHHELD,
        ("第十六条第一款", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.6",
        "不予公开：属于四类过程性信息",
        "6.属于四类过程性信息",
        OutcomeGroup.WITHHELD,
        ("第十六条第二款", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.7",
        "不予公开：属于行政执法案卷",
        "7.属于行政执法案卷",
        OutcomeGroup.WITHHELD,
        ("第十六条第二款", _R3),
        reconsideration_first=True,
    ),
    Outcome(
        "3.3.8",
        "不予公开：属于行政查询事项",
        "8.属于行政查询事项",
        OutcomeGroup.WITHHELD,
        # Art. 36(7): registers (工商, 不动产登记 …) are obtained under their own laws.
        ("第三十六条第（七）项",),
        reconsideration_first=True,
    ),
    Outcome(
        "3.4.1",
        "无法提供：本机关不掌握相关政府信息",
        "1.本机关不掌握相关政府信息",
        OutcomeGroup.UNAVAILABLE,
        # 36(4): does not exist after a search; 36(5): not this agency's to disclose.
        ("第三十六条第（四）项", "第三十六条第（五）项"),
    ),
    Outcome(
        "3.4.2",
        "无法提供：没有现成信息需要另行制作",
        "2.没有现成信息需要另行制作",
        OutcomeGroup.UNAVAILABLE,
        ("第三十八条",),
    ),
    Outcome(
        "3.4.3",
        "无法提供：补正后申请内容仍不明确",
        "3.补正后申请内容仍不明确",
        OutcomeGroup.UNAVAILABLE,
        ("第二十九条第二款第（二）项", "第三十条"),
    ),
    Outcome(
        "3.5.1",
        "不予处理：信访举报投诉类申请",
        "1.信访举报投诉类申请",
        OutcomeGroup.NOT_HANDLED,
        ("第三十九条第一款",),
    ),
    Outcome(
        "3.5.2",
        "不予处理：重复申请",
        "2.重复申请",
        OutcomeGroup.NOT_HANDLED,
        ("第三十六条第（六）项",),
    ),
    Outcome(
        "3.5.3",
        "不予处理：要求提供公开出版物",
        "3.要求提供公开出版物",
        OutcomeGroup.NOT_HANDLED,
        ("第三十九条第二款",),
    ),
    Outcome(
        "3.5.4",
        "不予处理：无正当理由大量反复申请",
        "4.无正当理由大量反复申请",
        OutcomeGroup.NOT_HANDLED,
        ("第三十五条",),
    ),
    Outcome(
        "3.5.5",
        "不予处理：要求行政机关确认或重新出具已获取信息",
        "5.要求行政机关确认或重新出具已获取信息",
        OutcomeGroup.NOT_HANDLED,
        # No article of the Regulations names this case; the category comes from the report
        # format and the letter gives the reason in its own words.
        (),
        (REPORT_FORMAT,),
    ),
    Outcome(
        "3.6.1",
        "其他处理：申请人逾期不补正，不再处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OutcomeGroup.OTHER,
        ("第三十条",),
    ),
    Outcome(
        "3.6.2",
        "其他处理：申请人逾期未缴纳信息处理费，不再处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OutcomeGroup.OTHER,
        ("第四十二条",),
        (FEE_MEASURES,),
    ),
    Outcome("3.6.3", "其他处理：其他（如申请人撤回申请）", "3.其他", OutcomeGroup.OTHER, ()),
)

OUTCOMES_BY_CODE: Final[Mapping[str, Outcome]] = MappingProxyType({o.code: o for o in OUTCOMES})

# The order of the outcome rows of table 三 (between rows 2 and 3.7).
ANNUAL_REPORT_ROWS: Final[tuple[str, ...]] = tuple(o.code for o in OUTCOMES)

# Codes the event rules treat specially (states/fold.py).
STILL_UNCLEAR: Final = "3.4.3"  # only after a correction was received
NOT_CORRECTED: Final = "3.6.1"  # only while waiting for a correction, after its period
FEE_NOT_PAID: Final = "3.6.2"  # only while waiting for payment, after its period
WITHDRAWN: Final = "3.6.3"  # what a withdrawal closes with
DISCLOSED: Final = "3.1"  # over a third party's objection: the third party is told first (Art. 32)
PARTLY_DISCLOSED: Final = "3.2"
THIRD_PARTY_RIGHTS: Final = "3.3.4"  # only with a third-party consultation on record (Art. 32)
TOO_MANY: Final = "3.5.4"  # only after the applicant was asked for reasons (Art. 35)


def is_outcome_code(code: object) -> bool:
    return isinstance(code, str) and code in OUTCOMES_BY_CODE


def get_outcome(code: str) -> Outcome:
    """The outcome with that code; `ValueError` for anything else (callers turn it into a 400)."""
    try:
        return OUTCOMES_BY_CODE[code]
    except (KeyError, TypeError):
        raise ValueError(f"unknown outcome code {code!r}") from None


def requires_reconsideration_first(code: str) -> bool:
    """复议前置 (行政复议法 Art. 23(1)(4), since 2024-01-01): refusals go to reconsideration first."""
    return get_outcome(code).reconsideration_first
