"""Demo annual reports for last year (written for 2025, moved to the year before the day the
demo is loaded): entered figures and texts for a few agencies, and the published report of 市司法局
so the portal page shows, published before its 31 January deadline (runs after organizations,
catalog, foi)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zwgk.core.demo import demo_today
from zwgk.organizations.models import Organization
from zwgk.reports import selectors
from zwgk.reports.assessments import default_scheme_create
from zwgk.reports.models import PublishedReport
from zwgk.reports.services import Part2Input, part2_entry_save, report_publish, report_text_save

AUTHORED_YEAR = 2025
PUBLISHED = "dl-sfj"

# code → (licensing, penalty, coercion, fees in 万元, source)
FIGURES: dict[str, tuple[int, int, int, str, str]] = {
    "dl": (0, 0, 0, "0", "市政府本级无行政许可、处罚、强制事项"),
    "dl-sfj": (1268, 57, 3, "12.35", "辽宁省政务服务网、行政执法监督平台统计"),
    "dl-mzj": (412, 9, 0, "0", "民政业务系统统计"),
    "dl-scjgj": (38562, 2317, 186, "86.2", "市场监管综合业务平台统计"),
    "dl-wjw": (9821, 640, 12, "3.6", "卫生健康监督信息系统统计"),
}

TEXTS: dict[str, dict[str, str]] = {
    "dl-sfj": {
        "overview": (
            "2025年，大连市司法局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
            "《中华人民共和国政府信息公开条例》，围绕法治政府建设、公共法律服务等重点工作，"
            "全面推进政府信息公开工作。\n"
            "（一）主动公开。通过大连市人民政府门户网站和本局政府信息公开专栏主动公开法律援助、"
            "人民调解、公证、司法鉴定等公共法律服务信息，及时发布行政规范性文件并同步解读。\n"
            "（二）依申请公开。严格按照法定时限和程序办理政府信息公开申请，统一使用答复文书模板，"
            "所有申请均在法定期限内答复。\n"
            "（三）政府信息管理。落实公开属性源头认定和发布前保密审查，动态更新规范性文件立改废情况。\n"
            "（四）平台建设。政府信息公开专栏按标准目录设置栏目，网站支持IPv6访问。\n"
            "（五）监督保障。将政务公开纳入年度绩效考核，组织业务培训2次。"
        ),
        "problems": (
            "一是政策解读形式较单一，图解、视频解读较少；二是部分栏目更新不够及时。"
            "2026年，将丰富解读形式，建立栏目更新提醒机制，确保信息及时准确。"
        ),
        "other": ("本年度未收取信息处理费。\n本年度共办理人大代表建议12件、政协提案9件，办理结果均已公开。"),
    },
    "dl-mzj": {
        "overview": (
            "2025年，大连市民政局认真贯彻落实《中华人民共和国政府信息公开条例》，"
            "重点公开社会救助、养老服务等信息。"
        ),
        "problems": "政策解读的针对性有待加强。",
        "other": "本年度未收取信息处理费。",
    },
}


# 2025 cases of 市司法局, imported as past cases through the FOI service, so its published 2025
# report has a table 三 to show (the FOI demo's cases are all of the current year):
# (applicant type, received, replied, outcome, other events: the steps before the reply, appeals)
PAST_CASES: list[tuple[str, str, str, str, tuple[tuple[str, str, dict[str, Any]], ...]]] = [
    ("natural_person", "2025-01-06", "2025-01-20", "3.1", ()),
    ("natural_person", "2025-02-17", "2025-03-07", "3.1", ()),
    ("natural_person", "2025-03-10", "2025-03-28", "3.2", ()),
    ("natural_person", "2025-04-07", "2025-04-25", "3.4.1", ()),
    (
        "natural_person",
        "2025-05-12",
        "2025-05-30",
        "3.3.6",
        (
            ("reconsideration_filed", "2025-06-20", {}),
            ("reconsideration_decided", "2025-08-15", {"result": "upheld"}),
        ),
    ),
    ("natural_person", "2025-06-09", "2025-06-20", "3.5.1", ()),
    ("commercial_enterprise", "2025-07-14", "2025-08-01", "3.1", ()),
    ("commercial_enterprise", "2025-09-01", "2025-09-19", "3.4.2", ()),
    ("legal_service_institution", "2025-10-13", "2025-10-31", "3.1", ()),
    (
        "research_institution",
        "2025-11-03",
        "2025-11-21",
        "3.3.4",
        (  # 3.3.4 only with the third party asked (Art. 32; RULES §2.7 item 9)
            ("consultation_started", "2025-11-05", {"party": "大连某律师事务所", "kind": "third_party"}),
            ("consultation_ended", "2025-11-12", {"consultation_id": 1, "objected": True}),
        ),
    ),
]


def report_year() -> int:
    return demo_today().year - 1


def _in_year(text: str) -> date:
    """An authored 2025 date moved into the report year (29 February kept as the 28th)."""
    day = date.fromisoformat(text)
    year = report_year() + (day.year - AUTHORED_YEAR)
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day)


def _retext(text: str) -> str:
    """The texts' years moved with the report year, in one pass (2025→2026 must not go on)."""
    shift = report_year() - AUTHORED_YEAR
    return re.sub(r"20\d\d(?=年)", lambda m: str(int(m.group()) + shift), text)


def _past_cases(org: Organization) -> int:
    from zwgk.foi.models import Application
    from zwgk.foi.services import ApplicantData, NewEvent, RequestData, application_register

    YEAR = report_year()
    if Application.objects.filter(organization=org, received_on__year=YEAR).exists():
        return 0
    for n, (kind, received, replied, outcome, appeals) in enumerate(PAST_CASES, start=1):
        person = kind == "natural_person"
        history = [NewEvent(type="replied", on=_in_year(replied), outcome=outcome)]
        history += [NewEvent(type=t, on=_in_year(on), **extra) for t, on, extra in appeals]
        history.sort(key=lambda e: e.on)  # the steps before the reply, the appeals after it
        application_register(
            actor=None,
            organization=org,
            applicant=ApplicantData(
                type=kind,
                name=f"申请人{n}" if person else f"大连某{'律师事务所' if 'legal' in kind else '单位'}{n}",
                phone=f"0411-8888{n:04d}",
            ),
            request=RequestData(description=f"{YEAR}年度法律援助、公证等公共法律服务信息（第{n}件）"),
            channel="online" if n % 2 else "in_person",
            received_on=_in_year(received),
            history=history,
            today=demo_today(),
            check_permission=False,
        )
    return len(PAST_CASES)


def load(*, stdout: Any) -> str:
    YEAR = report_year()
    for year in sorted({YEAR, demo_today().year}):
        default_scheme_create(year=year)  # the assessment scheme (考核评估), editable in the admin
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[*FIGURES, *TEXTS])}
    if PUBLISHED in orgs:
        _past_cases(orgs[PUBLISHED])
    for code, (licensing, penalty, coercion, fees, source) in FIGURES.items():
        if code in orgs:
            data = Part2Input(
                licensing_decisions=licensing,
                penalty_decisions=penalty,
                coercion_decisions=coercion,
                fees_amount_wan_yuan=Decimal(fees),
                source_note=source,
            )
            part2_entry_save(
                actor=None, organization=orgs[code], year=YEAR, data=data, check_permission=False
            )
    for code, texts in TEXTS.items():
        if code in orgs:
            report_text_save(
                actor=None,
                organization=orgs[code],
                year=YEAR,
                **{part: _retext(text) for part, text in texts.items()},
                check_permission=False,
            )
    org = orgs.get(PUBLISHED)
    if org is None:
        return "未找到市司法局，跳过年度报告演示数据"
    # Published in January, well before the 31 January deadline (RULES §4.1) — or, in the first
    # days of January, not yet: the demo then shows a report still due.
    published_on = min(date(YEAR + 1, 1, 20), demo_today() - timedelta(days=1))
    published = PublishedReport.objects.filter(organization=org, year=YEAR).exists()
    if not published and published_on.year > YEAR:
        publisher = get_user_model().objects.filter(username="office_head").first()
        # The demo cases are generated, so the report is published whatever its checks say;
        # the problems, if any, are shown on the page for staff to see how that looks.
        report_publish(
            actor=publisher,
            organization=org,
            year=YEAR,
            accept_problems=True,
            check_permission=False,
            now=timezone.make_aware(datetime.combine(published_on, time(10, 0))),
        )
        published = True
    balanced = selectors.live_report(org, YEAR)["checks"]["balanced"]
    checked = "通过" if balanced else "有问题"
    state = f"已发布（校验{checked}）" if published else "尚未发布"
    return f"{YEAR}年度报告填报数 {len(FIGURES)} 个机构；市司法局年报{state}"
