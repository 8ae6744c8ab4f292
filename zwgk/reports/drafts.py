"""Drafts of parts 一, 五 and 六, pre-filled from the data (issue 7, point 2).

A draft is only a starting point the office edits: it states the figures the platform knows, in
the usual wording of these reports, and marks with 【请补充】 what only the office can write.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zwgk.catalog.models import Document
from zwgk.organizations.models import Organization
from zwgk.reports import facts, selectors
from zwgk.reports.annual import AnnualReport

FILL_IN = "【请补充】"


def _organizations(org: Organization) -> list[Organization]:
    if selectors.is_government(org):
        return selectors.consolidation_members(org).all_organizations()
    return [org]


def _workplan_lines(user: Any, org: Organization, year: int, *, on: date) -> list[str]:
    """Progress on the year's work arrangements, as the tracker shows it to `user` (read-only)."""
    from zwgk.workplan import selectors as workplan
    from zwgk.workplan.models import WorkPlan

    lines = []
    for plan in WorkPlan.objects.filter(year=year).filter(pk__in=workplan.plan_list_for(user).values("pk")):
        if plan.organization_id == org.pk:
            completion = workplan.completion_by_unit(user, plan, on=on)
            s = workplan.plan_summary(user, plan, on=on, completion=completion)
            lines.append(
                f"印发《{plan.title}》（{plan.doc_no}），部署任务{s.tasks}项，涉及{s.units}个单位，"
                f"已全部完成{s.completed}项，逾期未完成{s.overdue}项。"
            )
            continue
        mine = [u for u in workplan.completion_by_unit(user, plan, on=on) if u.organization.pk == org.pk]
        for unit in mine:
            lines.append(
                f"落实《{plan.title}》（{plan.doc_no}），承担任务{unit.total}项，已完成{unit.done}项，"
                f"推进中{unit.in_progress}项，逾期未完成{unit.overdue}项。"
            )
    return lines


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):f}"


def text_drafts(
    user: Any, org: Organization, year: int, *, report: AnnualReport, today: date
) -> dict[str, str]:
    """Drafts of `overview` (一), `problems` (五) and `other` (六) from `report` and the data."""
    orgs = _organizations(org)
    rows, part2, part4 = report["part3"]["rows"], report["part2"], report["part4"]
    published = Document.objects.published().filter(organization__in=orgs, published_on__year=year).count()
    on_time = facts.timeliness(orgs, year)
    fees = facts.fees_collected_yuan(orgs, year)
    year_end = min(today, date(year, 12, 31))

    received, natural = rows["1"]["total"], rows["1"]["natural_person"]
    appeals = sum(part4[k]["total"] for k in part4)
    corrected = sum(part4[k]["corrected"] for k in part4)
    rate = f"{on_time.percent}%" if on_time.percent is not None else "—"

    overview = [
        f"本报告根据《中华人民共和国政府信息公开条例》第五十条的规定编制，统计期限自{year}年1月1日起"
        f"至{year}年12月31日止。",
        f"（一）主动公开。{year}年，{org.name}通过政府信息公开平台主动公开政府信息{published}条；"
        f"制发规章{part2['rules']['issued']}件、行政规范性文件{part2['normative_documents']['issued']}件，"
        f"废止规章{part2['rules']['repealed']}件、行政规范性文件{part2['normative_documents']['repealed']}件。"
        f"{FILL_IN}重点领域信息公开、政策解读和回应关切情况。",
        f"（二）依申请公开。本年新收政府信息公开申请{received}件（其中自然人{natural}件、法人或其他组织"
        f"{received - natural}件），上年结转{rows['2']['total']}件，办结{rows['3.7']['total']}件，"
        f"结转下年度继续办理{rows['4']['total']}件；按期答复率{rate}。"
        f"因政府信息公开被申请行政复议、提起行政诉讼共{appeals}件，其中被纠正{corrected}件。",
        f"（三）政府信息管理。{FILL_IN}",
        f"（四）平台建设。{FILL_IN}",
        f"（五）监督保障。{FILL_IN}",
    ]
    plan_lines = _workplan_lines(user, org, year, on=year_end)
    if plan_lines:
        overview.append("（六）年度工作安排落实情况。" + "".join(plan_lines))

    problems = [f"{FILL_IN}本机关政府信息公开工作存在的主要问题及改进措施。"]
    if on_time.closed and on_time.on_time < on_time.closed:
        problems.append(
            f"依申请公开办理中有{on_time.closed - on_time.on_time}件未在法定期限内答复（按期答复率{rate}），"
            "须加强办理时限管理。"
        )
    if corrected:
        problems.append(
            f"有{corrected}件政府信息公开行政复议、行政诉讼案件结果为纠正，须举一反三、规范答复。"
        )

    other = [
        f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度收取信息处理费{_yuan(fees)}元。",
        f"依申请公开转主动公开情况：{FILL_IN}",
        f"人大代表建议和政协提案办理结果公开情况：{FILL_IN}",
        f"本年度政府信息公开工作要点落实情况：{FILL_IN}",
    ]
    return {"overview": "\n".join(overview), "problems": "\n".join(problems), "other": "\n".join(other)}
