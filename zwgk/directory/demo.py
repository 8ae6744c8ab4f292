"""Service outlets and complaint channels of the five demo public enterprises, and their
competent departments' checks: two recent (one found problems), one stale, two never verified."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from zwgk.core.demo import demo_today
from zwgk.directory.models import ChannelKind, DisclosureVerification, VerificationResult
from zwgk.directory.services import complaint_channel_upsert, disclosure_verify, service_outlet_upsert
from zwgk.organizations.models import Organization

WEEKDAYS = "周一至周五 8:30—17:00"
EVERY_DAY = "每日 8:00—17:30"

OUTLETS: dict[str, list[tuple[str, str, str, str]]] = {
    "dl-gdgs": [
        ("中山供电服务中心", "大连市中山区鲁迅路36号", EVERY_DAY, "0411-95598"),
        ("甘井子供电服务中心", "大连市甘井子区华北路280号", EVERY_DAY, "0411-95598"),
    ],
    "dl-swjt": [
        ("西岗营业厅", "大连市西岗区长春路169号", WEEKDAYS, "0411-83632222"),
        ("沙河口营业厅", "大连市沙河口区西安路89号", WEEKDAYS, "0411-84633333"),
    ],
    "dl-gjjt": [
        ("IC卡服务中心", "大连市沙河口区五一路158号", EVERY_DAY, "0411-84312345"),
        ("失物招领处", "大连市西岗区新开路99号", WEEKDAYS, "0411-83612345"),
    ],
    "dl-rqjt": [
        ("燃气客户服务中心", "大连市西岗区北京街23号", EVERY_DAY, "0411-83637000"),
    ],
    "dl-zxyy": [
        ("门诊部", "大连市沙河口区学工街826号", "周一至周日 7:30—16:30", "0411-84412001"),
        ("预约挂号服务台", "大连市沙河口区学工街826号门诊楼一层", WEEKDAYS, "0411-84412002"),
    ],
}

CHANNELS: dict[str, list[tuple[str, str, str]]] = {
    "dl-gdgs": [
        (ChannelKind.PHONE, "95598", "24小时供电服务热线"),
        (ChannelKind.WEB, "https://www.95598.cn/", "网上国网"),
    ],
    "dl-swjt": [
        (ChannelKind.PHONE, "0411-83631111", "供水服务热线"),
        (ChannelKind.MAIL, "tousu@dlsw.example.cn", ""),
    ],
    "dl-gjjt": [
        (ChannelKind.PHONE, "0411-84321234", "公交服务监督电话"),
        (ChannelKind.IN_PERSON, "大连市沙河口区五一路158号", "工作日接待"),
    ],
    "dl-rqjt": [(ChannelKind.PHONE, "0411-83638000", "24小时抢修及投诉电话")],
    "dl-zxyy": [
        (ChannelKind.IN_PERSON, "门诊楼一层医患关系办公室", "工作日接待"),
        (ChannelKind.PHONE, "0411-84412110", "投诉电话"),
    ],
}


def _verifications(today: date) -> dict[str, tuple[date, str, str]]:
    # Relative to the load date so the two recent checks stay within the year after loading.
    return {
        "dl-gdgs": (
            today - timedelta(days=40),
            VerificationResult.OK,
            "网点地址、服务时间和投诉电话逐条核实无误。",
        ),
        "dl-swjt": (
            today - timedelta(days=75),
            VerificationResult.PROBLEMS,
            "沙河口营业厅服务时间与现场公示不一致，已责成一周内更正。",
        ),
        # The seed's deadline (end of September 2020); not checked since, so stale.
        "dl-gjjt": (date(2020, 9, 28), VerificationResult.OK, "按2020年工作安排完成核实。"),
    }


# sector code → competent department; unit → sector (RULES §3.5).
SECTOR_DEPARTMENTS = {
    "water": "dl-swj",
    "power": "dl-gzw",
    "gas": "dl-zjj",
    "heating": "dl-zjj",
    "transport": "dl-jtj",
    "health": "dl-wjw",
    "education": "dl-jyj",
}
UNIT_SECTORS = {
    "dl-gdgs": "power",
    "dl-swjt": "water",
    "dl-gjjt": "transport",
    "dl-rqjt": "gas",
    "dl-zxyy": "health",
}
# The water department's 信息员 answers the demo complaint in the back office.
COMPLAINT_ANSWERER = ("swj_editor", "dl-swj", "水务局 钱信息")


def _sectors_and_complaint(today: date, stdout: Any) -> int:
    from django.apps import apps
    from django.conf import settings

    from zwgk.directory.complaints import Filing, complaint_file
    from zwgk.directory.models import Complaint, Sector
    from zwgk.directory.sectors import seed_sectors
    from zwgk.directory.services import unit_sector_set
    from zwgk.organizations.demo import demo_password_hash
    from zwgk.organizations.models import Role
    from zwgk.organizations.services import membership_grant

    seed_sectors(apps)
    orgs = Organization.objects.in_bulk(field_name="code")
    for code, dept in SECTOR_DEPARTMENTS.items():
        Sector.objects.filter(code=code).update(competent_department=orgs.get(dept))
    sectors = Sector.objects.in_bulk(field_name="code")
    for unit, sector in UNIT_SECTORS.items():
        if unit in orgs and sector in sectors:
            unit_sector_set(
                actor=None, organization=orgs[unit], sector=sectors[sector], check_permission=False
            )
    username, dept_code, full_name = COMPLAINT_ANSWERER
    if dept_code in orgs:
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if settings.DEMO_MODE:
            user.password = demo_password_hash()
        else:
            user.set_unusable_password()
        user.save()
        membership_grant(
            actor=None, user=user, organization=orgs[dept_code], role=Role.EDITOR, check_permission=False
        )
    if "dl-swjt" not in orgs or Complaint.objects.exists():
        return Complaint.objects.count()
    complaint_file(
        filing=Filing(
            organization=orgs["dl-swjt"],
            name="张先生",
            email="zhang@example.cn",
            subject="沙河口营业厅公布的服务时间与实际不符",
            body="市水务集团网站公布沙河口营业厅周一至周五8:30—17:00营业，本人工作日16:30前往时已停止办理业务。",
        ),
        received_on=today - timedelta(days=3),
    )
    return 1


def load(*, stdout: Any) -> str:
    orgs = Organization.objects.filter(code__in=OUTLETS).in_bulk(field_name="code")
    verifier = get_user_model().objects.filter(username="supervisor").first()
    outlets = channels = verified = 0
    for code, rows in OUTLETS.items():
        org = orgs.get(code)
        if org is None:
            stdout.write(f"  未找到公共企事业单位：{code}")
            continue
        for i, (name, address, hours, phone) in enumerate(rows):
            service_outlet_upsert(
                actor=None, organization=org, name=name, address=address, hours=hours, phone=phone,
                sort=(i + 1) * 10, check_permission=False,
            )  # fmt: skip
            outlets += 1
        for kind, value, note in CHANNELS.get(code, []):
            complaint_channel_upsert(
                actor=None, organization=org, kind=kind, value=value, note=note, check_permission=False
            )
            channels += 1
    for code, (verified_on, result, note) in _verifications(demo_today()).items():
        org = orgs.get(code)
        if org is None:
            continue
        if not DisclosureVerification.objects.filter(organization=org).exists():
            disclosure_verify(
                actor=verifier, organization=org, verified_on=verified_on, result=result, note=note,
                check_permission=False,
            )  # fmt: skip
        verified += 1
    complaints = _sectors_and_complaint(demo_today(), stdout)
    return f"{outlets} 个服务网点，{channels} 个投诉渠道，{verified} 家单位已核实，{complaints} 件公开申诉"
