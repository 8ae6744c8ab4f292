"""Dalian's agencies as the seed names them, one demo user per role, leader filings."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from zwgk.core.demo import shifted
from zwgk.organizations.models import Organization, OrgKind, OrgNature, ResponsibleLeader, Role
from zwgk.organizations.services import membership_grant, organization_upsert, responsible_leader_file

DEMO_PASSWORD = "zwgk-demo"  # demo mode only (API.md)

G, D, DI, Z, OF, E = (
    OrgKind.GOVERNMENT,
    OrgKind.DEPARTMENT,
    OrgKind.DISTRICT,
    OrgKind.DEVELOPMENT_ZONE,
    OrgKind.OFFICE,
    OrgKind.PUBLIC_ENTERPRISE,
)

# (code, full name, short name, kind, parent code, vertically managed)
AGENCIES: list[tuple[str, str, str, str, str | None, bool]] = [
    ("ln-yzglj", "辽宁省邮政管理局", "省邮政管理局", D, None, False),
    ("ln-txglj", "辽宁省通信管理局", "省通信管理局", D, None, False),
    ("dl", "大连市人民政府", "市政府", G, None, False),
    ("dl-zwgkldxz", "大连市政务公开领导小组", "市政务公开领导小组", OF, "dl", False),
    ("dl-zfb", "大连市人民政府办公室", "市政府办公室", D, "dl", False),
    ("dl-sfj", "大连市司法局", "市司法局", D, "dl", False),
    ("dl-bb", "中共大连市委机构编制委员会办公室", "市委编办", D, "dl", False),
    ("dl-wjw", "大连市卫生健康委员会", "市卫生健康委", D, "dl", False),
    ("dl-yjj", "大连市应急管理局", "市应急局", D, "dl", False),
    ("dl-mzj", "大连市民政局", "市民政局", D, "dl", False),
    ("dl-scjgj", "大连市市场监督管理局", "市市场监管局", D, "dl", False),
    ("dl-ysj", "大连市营商环境建设局", "市营商局", D, "dl", False),
    ("dl-dsjzx", "大连市大数据中心", "市大数据中心", D, "dl", False),
    ("dl-jyj", "大连市教育局", "市教育局", D, "dl", False),
    ("dl-sthjj", "大连市生态环境局", "市生态环境局", D, "dl", False),
    ("dl-gzw", "大连市人民政府国有资产监督管理委员会", "市国资委", D, "dl", False),
    ("dl-ybj", "大连市医疗保障局", "市医保局", D, "dl", False),
    ("dl-wlj", "大连市文化和旅游局", "市文旅局", D, "dl", False),
    ("dl-swj", "大连市水务局", "市水务局", D, "dl", False),
    ("dl-zjj", "大连市住房和城乡建设局", "市住建局", D, "dl", False),
    ("dl-jtj", "大连市交通运输局", "市交通运输局", D, "dl", False),
    ("dl-czj", "大连市财政局", "市财政局", D, "dl", False),
    ("dl-rsj", "大连市人力资源和社会保障局", "市人社局", D, "dl", False),
    ("dl-fgw", "大连市发展和改革委员会", "市发展改革委", D, "dl", False),
    ("dl-yzglj", "大连市邮政管理局", "市邮政管理局", D, "dl", True),
    ("dl-txglj", "大连市通信管理局", "市通信管理局", D, "dl", True),
    ("dl-zsq", "大连市中山区人民政府", "中山区", DI, "dl", False),
    ("dl-xgq", "大连市西岗区人民政府", "西岗区", DI, "dl", False),
    ("dl-shkq", "大连市沙河口区人民政府", "沙河口区", DI, "dl", False),
    ("dl-gjzq", "大连市甘井子区人民政府", "甘井子区", DI, "dl", False),
    ("dl-lskq", "大连市旅顺口区人民政府", "旅顺口区", DI, "dl", False),
    ("dl-pldq", "大连市普兰店区人民政府", "普兰店区", DI, "dl", False),
    ("dl-wfds", "瓦房店市人民政府", "瓦房店市", DI, "dl", False),
    ("dl-zhs", "庄河市人民政府", "庄河市", DI, "dl", False),
    ("dl-chx", "长海县人民政府", "长海县", DI, "dl", False),
    ("dl-jpxq", "大连金普新区管理委员会", "金普新区管委会", Z, "dl", False),
    ("dl-gxq", "大连高新技术产业园区管理委员会", "高新园区管委会", Z, "dl", False),
    ("dl-cxd", "大连长兴岛经济技术开发区管理委员会", "长兴岛经济区管委会", Z, "dl", False),
    ("dl-zsq-zfb", "大连市中山区人民政府办公室", "中山区政府办", D, "dl-zsq", False),
    ("dl-zsq-mzj", "大连市中山区民政局", "中山区民政局", D, "dl-zsq", False),
    ("dl-jpxq-mzj", "大连金普新区民政局", "金普新区民政局", D, "dl-jpxq", False),
    ("dl-gdgs", "国网大连供电公司", "大连供电公司", E, "dl-gzw", False),
    ("dl-swjt", "大连市水务集团有限公司", "市水务集团", E, "dl-swj", False),
    ("dl-gjjt", "大连公交客运集团有限公司", "大连公交集团", E, "dl-jtj", False),
    ("dl-rqjt", "大连燃气集团有限公司", "大连燃气集团", E, "dl-zjj", False),
    ("dl-zxyy", "大连市中心医院", "市中心医院", E, "dl-wjw", False),
]

OFFICE_BLOCKS: dict[str, dict[str, str]] = {
    "dl": {
        "office_name": "大连市人民政府办公室政务公开处",
        "office_address": "大连市西岗区人民广场1号",
        "office_phone": "0411-83632000",
        "office_fax": "0411-83632001",
        "office_postcode": "116012",
    },
    "dl-sfj": {
        "office_name": "大连市司法局办公室",
        "office_address": "大连市西岗区长江路369号",
        "office_phone": "0411-82781000",
        "office_fax": "0411-82781001",
        "office_postcode": "116011",
    },
    "dl-mzj": {
        "office_name": "大连市民政局办公室",
        "office_address": "大连市西岗区人民广场3号",
        "office_phone": "0411-83633000",
        "office_fax": "0411-83633001",
        "office_postcode": "116012",
    },
}

# username → (organization, roles)
USERS: dict[str, tuple[str, list[str], str]] = {
    "admin": ("dl-dsjzx", [Role.ADMIN], "平台管理员"),
    # A second administrator: no one signs off their own draft (decision 0016).
    "admin_review": ("dl-dsjzx", [Role.ADMIN], "平台管理员 复核"),
    "supervisor": ("dl", [Role.SUPERVISOR], "公开办 王监督"),
    "editor": ("dl-sfj", [Role.EDITOR], "司法局 李信息"),
    "reviewer": ("dl-sfj", [Role.REVIEWER], "司法局 张审签"),
    "handler": ("dl-sfj", [Role.HANDLER], "司法局 赵经办"),
    "office_head": ("dl-sfj", [Role.OFFICE_HEAD], "司法局 陈主任"),
    "mzj_editor": ("dl-mzj", [Role.EDITOR, Role.REVIEWER], "民政局 刘信息"),
    # The posts of 司法局's chain for normative documents (review.demo, decision 0016).
    "sfj_kz": ("dl-sfj", [Role.SECTION_HEAD], "司法局 孙科长"),
    "sfj_bm": ("dl-sfj", [Role.SECRECY_REVIEWER], "司法局 吴保密"),
    "mzj_handler": ("dl-mzj", [Role.HANDLER, Role.OFFICE_HEAD], "民政局 周经办"),
    # The 8890 hotline's operator: proposes Q&A entries from calls (zwgk.knowledge, issue 24.3).
    "hotline": ("dl", [Role.HOTLINE], "8890热线 马话务"),
}

LEADERS: dict[str, tuple[str, str]] = {
    "dl": ("刘建华", "市政府秘书长"),
    "dl-zfb": ("孙立群", "市政府办公室副主任"),
    "dl-sfj": ("高明", "市司法局副局长"),
    "dl-mzj": ("吴敏", "市民政局副局长"),
    "dl-wjw": ("郑伟", "市卫生健康委副主任"),
    "dl-yjj": ("冯涛", "市应急局副局长"),
    "dl-jyj": ("何静", "市教育局副局长"),
    "dl-yzglj": ("许海", "市邮政管理局副局长"),
    "dl-zsq": ("钱坤", "中山区副区长"),
    "dl-jpxq": ("罗平", "金普新区管委会副主任"),
}

# 市委编办 is a Party organ; the big-data centre a public institution under the city government.
NATURES = {"dl-bb": OrgNature.PARTY, "dl-dsjzx": OrgNature.INSTITUTION}


@functools.cache
def demo_password_hash() -> str:
    """One hash for every demo account (they share the password): each PBKDF2 hash costs about
    a second of CPU, most of this app's load time otherwise."""
    return make_password(DEMO_PASSWORD)


def load(*, stdout: Any) -> str:
    orgs: dict[str, Organization] = {}
    for i, (code, name, short, kind, parent, vertical) in enumerate(AGENCIES):
        fields = {
            "name": name,
            "short_name": short,
            "kind": kind,
            "parent": orgs.get(parent) if parent else None,
            "vertically_managed": vertical,
            "nature": NATURES.get(code, OrgNature.ADMINISTRATIVE),
            "superior": orgs.get(code.replace("dl-", "ln-")) if vertical else None,
            # Provincial superiors only receive filings; they are not agencies of this portal.
            "is_active": not code.startswith("ln-"),
            "sort_order": (i + 1) * 10,
            "office_hours": "工作日 8:30—11:30，13:00—17:00",
            "office_email": f"zwgk@{code.replace('-', '')}.dl.gov.cn",
        }
        fields.update(
            {
                "office_name": f"{short}政务公开工作机构",
                "office_address": "大连市",
                "office_phone": "0411-12345678",
                "office_postcode": "116000",
            }
        )
        fields.update(OFFICE_BLOCKS.get(code, {}))
        orgs[code] = organization_upsert(actor=None, code=code, check_permission=False, **fields)

    User = get_user_model()
    for username, (org_code, roles, full_name) in USERS.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if settings.DEMO_MODE:
            user.password = demo_password_hash()
        else:
            user.set_unusable_password()
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.save()
        for role in roles:
            membership_grant(
                actor=None, user=user, organization=orgs[org_code], role=role, check_permission=False
            )

    admin = User.objects.get(username="admin")
    for code, (name, post) in LEADERS.items():
        if not ResponsibleLeader.objects.filter(organization=orgs[code]).exists():
            responsible_leader_file(
                actor=admin, organization=orgs[code], name=name, post=post, filed_on=shifted(date(2026, 3, 2))
            )
    from zwgk.organizations.demo_profiles import load_profiles

    profiles = load_profiles()
    return f"{len(orgs)} 个机构，{len(USERS)} 个演示账号，{profiles} 个机构职能"
