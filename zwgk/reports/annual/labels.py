"""The annual report's labels, exactly as the national format prints them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

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

AMOUNT: Final = "amount_wan_yuan"
# Every (row, field) of table 二; Part2Facts has one attribute "<row>_<field>" per cell.
PART2_CELLS: Final[tuple[tuple[str, str], ...]] = tuple(
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
