"""Demo applications, written as of 2026-11-27 and dated from the day the demo is loaded
(`zwgk.core.demo.shifted`): every state, every outcome code, the hard calendar cases.

Everything goes through the services (registration with imported history, online submission,
confirmation), so the demo timelines passed the same checks as real ones. Idempotent: a case is
skipped when its agency already has one from the same applicant with the same title.
Included: cases crossing Spring Festival and National Day 2026, consultations, fee notices,
overdue cases, cases due soon, a provisional deadline reaching into 2027, appeals (one corrected
and answered again, 重新答复), and four
applicants asking 市住建局 for the same list (for the later grouping feature).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zwgk.core.demo import demo_today, shifted
from zwgk.foi import services
from zwgk.foi.models import Application
from zwgk.foi.services import ApplicantData, NewEvent, RequestData
from zwgk.organizations.models import Organization

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(body17: str) -> str:
    total = sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


_PEOPLE = [
    ("张明", "210202198001011", "13904110001", "沙河口区西安路88号"),
    ("李华", "210203198505122", "13904110002", "西岗区五四路12号"),
    ("王秀英", "210204196203033", "13904110003", "中山区天津街20号"),
    ("刘建国", "210211197511114", "13904110004", "甘井子区华北路301号"),
    ("陈晓燕", "210212199002025", "13904110005", "旅顺口区黄河路5号"),
    ("赵志强", "210213198808086", "13904110006", "金州区斯大林路66号"),
    ("孙丽", "210281199212127", "13904110007", "瓦房店市共济街9号"),
    ("周海涛", "210282198107078", "13904110008", "普兰店区南山路17号"),
    ("吴静", "210283197709099", "13904110009", "庄河市新华路21号"),
    ("郑国庆", "210224196510011", "13904110010", "长海县四块石路3号"),
    ("冯雪梅", "210202199506062", "13904110011", "中山区人民路50号"),
    ("何俊", "210203198303033", "13904110012", "西岗区八一路45号"),
]
_ORGS = [
    ("commercial_enterprise", "大连海湾贸易有限公司", "91210200MA0QC1234X", "钱经理"),
    ("research_institution", "大连海洋城市发展研究院", "12210200MB1234567K", "孙研究员"),
    ("public_interest_organization", "大连市绿色海岸环保志愿者协会", "51210200MJ0012345A", "林会长"),
    ("legal_service_institution", "辽宁海滨律师事务所", "31210000MD0098765B", "高律师"),
    ("other_organization", "大连市中山区桃源街道某小区业主委员会", "", "韩主任"),
]


def _applicant(key: str) -> ApplicantData:
    kind, index = key[0], int(key[1:])
    if kind == "p":
        name, body, phone, address = _PEOPLE[index]
        return ApplicantData(
            type="natural_person",
            name=name,
            id_type="resident_id",
            id_number=_resident_id(body + "01"),
            phone=phone,
            email=f"applicant{index + 1:02d}@example.cn",
            address=f"辽宁省大连市{address}",
            postcode="116000",
        )
    org_type, name, credit, contact = _ORGS[index]
    return ApplicantData(
        type=org_type,
        name=name,
        id_type="credit_code" if credit else "other",
        id_number=credit,
        phone=f"0411-8{index + 1}66{index + 1}000",
        email=f"office{index + 1}@example.cn",
        address="辽宁省大连市中山区港湾街1号",
        postcode="116001",
        contact_person=contact,
    )


def E(type_: str, on: str, **fields: Any) -> NewEvent:
    return NewEvent(type=type_, on=date.fromisoformat(on), **fields)


GROUP_TITLE = "2026年大连市老旧小区改造项目清单及资金安排"

# (agency, applicant, title, received_on, channel, history)
CASES: list[tuple[str, str, str, str, str, list[NewEvent]]] = [
    # --- closed, one per outcome code -------------------------------------------------------
    (
        "dl-sfj",
        "p0",
        "2025年度法律援助经费使用情况",
        "2026-02-05",
        "in_person",
        [E("replied", "2026-03-06", outcome="3.1", note="春节前收到，跨春节假期计算期限。")],
    ),
    (
        "dl-sfj",
        "o3",
        "2025年度律师事务所年度考核结果",
        "2026-09-24",
        "post",
        [
            E("consultation_started", "2026-09-28", party="大连某律师事务所", kind="third_party"),
            E("consultation_ended", "2026-10-12", consultation_id=1, objected=True),
            E("replied", "2026-11-03", outcome="3.2", note="跨国庆假期；第三方不同意公开的部分不予公开。"),
        ],
    ),
    (
        "dl-sfj",
        "p1",
        "某监狱2025年度减刑假释案件卷宗",
        "2026-01-12",
        "letter",
        [E("replied", "2026-01-30", outcome="3.3.1")],
    ),
    (
        "dl-sfj",
        "p2",
        "2025年度人民调解员个人档案",
        "2026-03-02",
        "in_person",
        [E("replied", "2026-03-20", outcome="3.3.2")],
    ),
    (
        "dl-wjw",
        "p3",
        "全市传染病监测预警原始数据",
        "2026-04-08",
        "online",
        [E("replied", "2026-04-30", outcome="3.3.3")],
    ),
    (
        "dl-wjw",
        "p4",
        "某医院与某医药企业的采购合同",
        "2026-05-11",
        "post",
        [
            E("consultation_started", "2026-05-13", party="大连某医药有限公司", kind="third_party"),
            E("consultation_ended", "2026-05-27", consultation_id=1, objected=True),
            E("replied", "2026-06-10", outcome="3.3.4"),
        ],
    ),
    (
        "dl-mzj",
        "p5",
        "民政局2026年第一季度内部考勤记录",
        "2026-04-13",
        "letter",
        [E("replied", "2026-04-28", outcome="3.3.5")],
    ),
    (
        "dl-mzj",
        "o1",
        "养老服务条例修订过程中的内部讨论记录",
        "2026-05-18",
        "online",
        [E("replied", "2026-06-05", outcome="3.3.6")],
    ),
    (
        "dl-scjgj",
        "o0",
        "某食品公司行政处罚案卷全部材料",
        "2026-06-01",
        "post",
        [E("replied", "2026-06-22", outcome="3.3.7")],
    ),
    (
        "dl-scjgj",
        "p6",
        "本人名下企业的工商登记档案",
        "2026-06-15",
        "in_person",
        [E("replied", "2026-06-16", outcome="3.3.8")],
    ),
    (
        "dl-jyj",
        "p7",
        "1998年某中学教师职称评审原始材料",
        "2026-03-16",
        "letter",
        [E("replied", "2026-04-08", outcome="3.4.1")],
    ),
    (
        "dl-jyj",
        "o1",
        "全市中小学近十年生均经费按学校汇总分析表",
        "2026-07-06",
        "online",
        [E("replied", "2026-07-31", outcome="3.4.2")],
    ),
    (
        "dl-zjj",
        "p8",
        "关于小区附近那个工程的相关文件",
        "2026-07-13",
        "letter",
        [
            E("correction_requested", "2026-07-15", period_workdays=15, note="请明确工程名称、位置或文号。"),
            E("correction_received", "2026-07-28"),
            E("replied", "2026-08-20", outcome="3.4.3"),
        ],
    ),
    (
        "dl-zsq",
        "p9",
        "要求查处邻居违章搭建",
        "2026-08-03",
        "in_person",
        [E("replied", "2026-08-10", outcome="3.5.1")],
    ),
    (
        "dl-zsq",
        "p9",
        "中山区2025年度城市管理执法统计",
        "2026-08-17",
        "in_person",
        [E("replied", "2026-08-25", outcome="3.5.2")],
    ),
    (
        "dl-zfb",
        "p10",
        "2025年《大连市人民政府公报》合订本",
        "2026-03-23",
        "post",
        [E("replied", "2026-03-27", outcome="3.5.3")],
    ),
    (
        "dl-zfb",
        "p11",
        "市政府2016年至2025年全部会议纪要（第31次申请）",
        "2026-04-20",
        "online",
        [
            # Art. 35: asked for reasons first; the reasons given were judged unreasonable.
            E(
                "reasons_requested",
                "2026-04-22",
                period_workdays=5,
                note="本年度第31次申请，涉及十年全部会议纪要。",
            ),
            E("reasons_received", "2026-04-28"),
            E("replied", "2026-05-08", outcome="3.5.4"),
        ],
    ),
    (
        "dl-zfb",
        "p11",
        "市政府2025年常务会议议定事项落实情况",
        "2026-06-01",
        "online",
        [
            E("fee_notice_sent", "2026-06-05", basis="per_item", quantity=12),
            E("fee_paid", "2026-06-10"),
            E("replied", "2026-06-30", outcome="3.1"),
        ],
    ),
    (
        "dl-rsj",
        "p11",
        "请重新出具已获取的本人社保缴费证明信息",
        "2026-05-25",
        "online",
        [E("replied", "2026-06-02", outcome="3.5.5")],
    ),
    (
        "dl-jpxq",
        "p3",
        "金普新区某地块征收补偿方案",
        "2026-06-08",
        "in_person",
        [
            E("correction_requested", "2026-06-10", period_workdays=10, note="请提供地块名称或位置。"),
            E("replied", "2026-06-29", outcome="3.6.1"),
        ],
    ),
    (
        "dl-jpxq",
        "o0",
        "金普新区2016年至2025年全部招商引资协议",
        "2026-07-20",
        "post",
        [
            E("fee_notice_sent", "2026-07-27", basis="per_page", quantity=260),
            E("replied", "2026-08-26", outcome="3.6.2"),
        ],
    ),
    (
        "dl-wjw",
        "p1",
        "市中心医院2025年度医疗设备采购清单",
        "2026-09-07",
        "online",
        [E("withdrawn", "2026-09-10", note="申请人来电撤回。")],
    ),
    # --- closed, with appeals ---------------------------------------------------------------
    (
        "dl-sfj",
        "o3",
        "2025年度行政复议案件办理情况统计",
        "2026-04-01",
        "post",
        [
            E("replied", "2026-04-22", outcome="3.3.6"),
            E("reconsideration_filed", "2026-05-20"),
            E("reconsideration_decided", "2026-07-15", result="upheld"),
            E("litigation_filed", "2026-07-28", after_reconsideration=True),
        ],
    ),
    (
        "dl-mzj",
        "p4",
        "2025年度低保对象名单",
        "2026-03-09",
        "letter",
        [
            # Art. 32: 3.3.4 only after the third parties were asked.
            E("consultation_started", "2026-03-11", party="名单所列低保对象", kind="third_party"),
            E("consultation_ended", "2026-03-25", consultation_id=1, objected=True),
            E("replied", "2026-03-31", outcome="3.3.4"),
            E("reconsideration_filed", "2026-04-20"),
            E("reconsideration_accepted", "2026-04-22", procedure="simplified"),
            E("reconsideration_decided", "2026-05-20", result="corrected"),
            # RULES §2.10: 纠正 (the first reply gave no reasons) → the agency replies again, with
            # its own letter; the annual report keeps the first closing.
            E(
                "rereplied",
                "2026-06-03",
                outcome="3.3.4",
                note="依复议决定重新答复：逐项说明不予公开的理由和所依据的条款。",
            ),
        ],
    ),
    # --- several applicants, the same information (for grouping) ----------------------------
    ("dl-zjj", "p0", GROUP_TITLE, "2026-09-14", "online", [E("replied", "2026-10-13", outcome="3.1")]),
    ("dl-zjj", "p5", GROUP_TITLE, "2026-09-21", "in_person", [E("replied", "2026-10-16", outcome="3.1")]),
    ("dl-zjj", "o4", GROUP_TITLE, "2026-11-09", "post", []),
    ("dl-zjj", "p6", GROUP_TITLE, "2026-11-16", "letter", []),
    # --- open: due soon, overdue, waiting -------------------------------------------------------
    ("dl-sfj", "p2", "2026年度公证机构年度检查结果", "2026-10-30", "in_person", []),  # due today
    ("dl-sfj", "p7", "2026年司法鉴定机构名册", "2026-11-02", "letter", []),  # due 11-30
    ("dl-sfj", "p8", "2026年法治政府建设考核指标", "2026-10-20", "post", []),  # overdue
    ("dl-mzj", "p10", "2026年度社会组织年检结果", "2026-10-16", "online", []),  # overdue
    ("dl-wjw", "p11", "2026年流感疫苗采购数量及价格", "2026-10-12", "post", []),  # overdue
    (
        "dl-sfj",
        "p3",
        "2026年社区矫正工作经费预算",
        "2026-11-16",
        "in_person",
        [E("correction_requested", "2026-11-18", period_workdays=15, note="请说明所需经费的年度和区域。")],
    ),
    (
        "dl-mzj",
        "p6",
        "某养老院2026年补贴发放明细",
        "2026-10-12",
        "letter",
        [E("correction_requested", "2026-10-14", period_workdays=10, note="请提供养老院名称。")],
    ),  # over
    (
        "dl-sfj",
        "o2",
        "2026年度法律援助案件质量评估报告",
        "2026-11-09",
        "post",
        [E("consultation_started", "2026-11-12", party="大连市律师协会", kind="agency")],
    ),
    (
        "dl-mzj",
        "o1",
        "2026年婚姻登记数据按月统计",
        "2026-10-26",
        "online",
        [
            E("consultation_started", "2026-10-28", party="辽宁某数据服务公司", kind="third_party"),
            E("consultation_started", "2026-10-29", party="大连市统计局", kind="agency"),
            E("consultation_ended", "2026-11-06", consultation_id=2),
        ],
    ),
    (
        "dl-sfj",
        "o0",
        "2021年至2026年全部行政许可决定书",
        "2026-11-03",
        "post",
        [E("fee_notice_sent", "2026-11-10", basis="per_page", quantity=120)],
    ),
    (
        "dl-sfj",
        "p0",
        "2026年公共法律服务中心建设资金",
        "2026-10-26",
        "in_person",
        [E("extended", "2026-11-20", workdays=15, reason="所需信息涉及多个处室，需协调汇总。")],
    ),
    (
        "dl-sfj",
        "p1",
        "2026年普法宣传项目政府采购合同",
        "2026-11-24",
        "online",
        [E("extended", "2026-11-27", workdays=20, reason="需调取档案室历史文件。")],
    ),  # into 2027: provisional
    ("dl-jyj", "p9", "2026年义务教育阶段学区划分调整方案", "2026-11-20", "in_person", []),
    ("dl-zsq", "o2", "中山区2026年海岸线整治工程环评报告", "2026-11-25", "post", []),
]

# Online submissions not yet confirmed (state "submitted"); the last is withdrawn unconfirmed.
SUBMISSIONS: list[tuple[str, str, str, str]] = [
    ("dl-sfj", "p4", "2026年人民陪审员选任名单", "2026-11-25"),
    ("dl-sfj", "p5", "2026年度行政执法人员持证情况", "2026-11-26"),
    ("dl-mzj", "p7", "2026年临时救助资金发放情况", "2026-11-27"),
    ("dl-mzj", "p8", "2026年区划地名变更文件", "2026-11-24"),
]


def _actor(code: str, users: dict[str, Any]) -> Any:
    """The demo handler of the agency (organizations demo), so "my cases" is not empty."""
    return {"dl-sfj": users.get("handler"), "dl-mzj": users.get("mzj_handler")}.get(code)


def _exists(org: Organization, applicant: ApplicantData, title: str) -> bool:
    return Application.objects.filter(
        organization=org, applicant_key=services.applicant_key(applicant), title=title
    ).exists()


def _request(title: str) -> RequestData:
    return RequestData(
        title=title,
        description=f"请提供“{title}”的相关政府信息。",
        purpose="了解相关情况",
        info_form="electronic",
        delivery="email",
    )


def _dated(history: list[NewEvent]) -> list[NewEvent]:
    return [dataclasses.replace(event, on=shifted(event.on)) for event in history]


def load(*, stdout: Any) -> str:
    today = demo_today()
    orgs = {o.code: o for o in Organization.objects.all()}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["handler", "mzj_handler"])}
    created = 0
    for code, who, title, received, channel, history in CASES:
        org = orgs.get(code)
        applicant = _applicant(who)
        if org is None or _exists(org, applicant, title):
            continue
        actor = _actor(code, users)
        services.application_register(
            actor=actor,
            organization=org,
            applicant=applicant,
            request=_request(title),
            channel=channel,
            received_on=shifted(date.fromisoformat(received)),
            history=_dated(history),
            today=today,
            check_permission=False,
        )
        created += 1
    for i, (code, who, title, day) in enumerate(SUBMISSIONS):
        org = orgs.get(code)
        applicant = _applicant(who)
        if org is None or _exists(org, applicant, title):
            continue
        on = shifted(date.fromisoformat(day))
        at = timezone.make_aware(datetime.combine(on, time(9 + i, 15)))
        application = services.application_submit(
            organization=org, applicant=applicant, request=_request(title), now=at
        )
        actor = _actor(code, users)
        if i == len(SUBMISSIONS) - 1 and actor is not None:
            # Withdrawn before staff confirmed it: cancelled, never a case.
            services.application_append_event(
                actor=actor,
                application_id=application.pk,
                event=NewEvent(type="withdrawn", on=on, note="申请人来电撤回网上申请。"),
                today=today,
            )
        created += 1
    total = Application.objects.count()
    return f"依申请公开 {total} 件（本次新增 {created} 件，按 {today:%Y-%m-%d} 计）"
