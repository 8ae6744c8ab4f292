"""Demo registries: the common 养老服务 catalogue; 中山区's catalogue in two areas (养老服务 adopted
from the template, one item changed and one added; 就业 of its own); three agencies' power lists
(市司法局 adjusted once); the 2025 negative list with the city's measures and licensing links
(the 2022 edition kept beside it); emergency plans (市司法局's overdue: a to-do for its editor);
a training session (the portal's training figures)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import Document, Genre, Subject
from zwgk.catalog.services import document_import
from zwgk.core.demo import demo_today
from zwgk.organizations.demo import demo_password_hash
from zwgk.organizations.models import Membership, Organization, OrgKind, Role
from zwgk.registries import powers
from zwgk.registries.catalogues import (
    catalogue_adopt,
    parse_item,
    standard_item_link_documents,
    standard_item_upsert,
)
from zwgk.registries.emergency import plan_register
from zwgk.registries.models import (
    Area,
    EmergencyPlan,
    EmergencyPlanType,
    NegativeCategory,
    NegativeListEdition,
    NegativeListItem,
    ParticipantRole,
    PlanLevel,
    StandardItem,
    TrainingSession,
)
from zwgk.registries.training import ParticipantInput, training_record

DISTRICT = "dl-zsq"
ACCOUNTABILITY = "因不履行或不正确履行行政职责，有下列情形的，行政机关及其工作人员应当承担相应责任：……"
BASIS_ELDERLY = "《中华人民共和国老年人权益保障法》《养老机构管理办法》《政府信息公开条例》"

# (level1, level2, content, time limit workdays or None, channels, tiers)
COMMON_ELDERLY = [
    (
        "养老服务政策",
        "政策法规文件",
        "养老服务相关法律法规、规章和规范性文件",
        20,
        ["website", "gazette", "reading_point"],
        ["county"],
    ),
    (
        "养老服务机构",
        "养老机构备案信息",
        "机构名称、地址、床位数、收住对象、收费标准、备案时间",
        20,
        ["website", "service_centre"],
        ["county"],
    ),
    (
        "养老服务补贴",
        "高龄津贴申领",
        "申请条件、发放标准、办理流程、申请材料",
        20,
        ["website", "service_centre", "service_station"],
        ["county", "township"],
    ),
    (
        "养老服务补贴",
        "高龄津贴发放结果",
        "享受对象姓名、所在社区、发放金额（依法脱敏）",
        10,
        ["notice_board", "service_station"],
        ["township"],
    ),
]

JOBS = [
    (
        "就业服务",
        "招聘会信息",
        "招聘会时间、地点、参会企业及岗位",
        5,
        ["website", "new_media", "notice_board"],
    ),
    (
        "就业创业扶持",
        "创业担保贷款政策",
        "申请条件、贷款额度、贴息标准、办理流程",
        None,
        ["website", "service_centre"],
    ),
]

# Three agencies' lists: (code, kind, name, legal basis, responsible unit)
POWER_LISTS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "dl-sfj": [
        ("000172101000", "licensing", "律师事务所设立许可", "《中华人民共和国律师法》第十八条", "律师工作处"),
        (
            "000172102000",
            "licensing",
            "司法鉴定机构设立许可",
            "《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》",
            "司法鉴定管理处",
        ),
        (
            "000272101000",
            "penalty",
            "对律师违法行为的处罚",
            "《中华人民共和国律师法》第四十七条至第五十条",
            "律师工作处",
        ),
        (
            "000872101000",
            "inspection",
            "对司法鉴定机构的监督检查",
            "《司法鉴定机构登记管理办法》",
            "司法鉴定管理处",
        ),
    ],
    "dl-mzj": [
        ("000172201000", "licensing", "社会团体成立登记", "《社会团体登记管理条例》第九条", "社会组织管理局"),
        ("000572201000", "benefit", "最低生活保障金给付", "《社会救助暂行办法》第九条", "社会救助处"),
        (
            "000672201000",
            "confirmation",
            "养老机构备案",
            "《中华人民共和国老年人权益保障法》第四十三条",
            "养老服务处",
        ),
    ],
    "dl-scjgj": [
        (
            "000172301000",
            "licensing",
            "食品经营许可",
            "《中华人民共和国食品安全法》第三十五条",
            "食品经营监管处",
        ),
        (
            "000172302000",
            "licensing",
            "特种设备生产单位许可",
            "《中华人民共和国特种设备安全法》第十八条",
            "特种设备安全监察处",
        ),
        (
            "000272301000",
            "penalty",
            "对未取得食品经营许可从事食品经营活动的处罚",
            "《中华人民共和国食品安全法》第一百二十二条",
            "执法稽查局",
        ),
        (
            "000872301000",
            "inspection",
            "食品经营者监督检查",
            "《食品生产经营监督检查管理办法》",
            "食品经营监管处",
        ),
    ],
}

NEGATIVE_ITEMS = [
    (
        1,
        NegativeCategory.PROHIBITED,
        "各行业",
        "法律、法规、国务院决定等明确设立且与市场准入相关的禁止性规定",
        "禁止违规开展金融相关经营活动等",
        "",
        [],
    ),
    (
        35,
        NegativeCategory.LICENSED,
        "住宿和餐饮业",
        "未获得许可，不得从事食品经营",
        "食品经营许可",
        "市场监管部门在政务服务中心“一窗受理”，承诺时限由法定20个工作日压缩至5个工作日。",
        [("dl-scjgj", "000172301000")],
    ),
    (
        108,
        NegativeCategory.LICENSED,
        "租赁和商务服务业",
        "未获得许可，不得设立律师事务所、司法鉴定机构",
        "律师事务所设立许可；司法鉴定机构设立许可",
        "由市司法局受理审核，全程网办。",
        [("dl-sfj", "000172101000"), ("dl-sfj", "000172102000")],
    ),
]


def _item(
    area: str,
    level1: str,
    level2: str,
    content: str,
    workdays: int | None,
    channels: list[str],
    tiers: list[str],
    effective_on: Any,
    responsible: str,
) -> Any:
    return parse_item(
        {
            "area": area,
            "level1": level1,
            "level2": level2,
            "content": content,
            "legal_basis": BASIS_ELDERLY if area == "elderly-care" else "《中华人民共和国就业促进法》",
            "time_limit": f"信息形成或变更之日起{workdays}个工作日内" if workdays else "常态公开",
            "time_limit_workdays": workdays,
            "responsible": responsible,
            "channels": channels,
            "audience": "everyone",
            "method": "proactive",
            "tiers": tiers,
            "effective_on": effective_on,
        }
    )


def _catalogues(today: Any) -> int:
    district = Organization.objects.filter(code=DISTRICT).first()
    if district is None:
        return 0
    Organization.objects.get_or_create(
        code="dl-zsq-tyjd",
        defaults={
            "name": "大连市中山区桃源街道办事处",
            "short_name": "桃源街道",
            "kind": OrgKind.STREET,
            "parent": district,
            "path": f"{district.path}dl-zsq-tyjd/",
        },
    )
    start = today - timedelta(days=60)
    for n, (l1, l2, content, days, channels, tiers) in enumerate(COMMON_ELDERLY, start=1):
        data = _item("elderly-care", l1, l2, content, days, channels, tiers, start, "县级民政部门")
        data.sort = n * 10
        standard_item_upsert(actor=None, organization=None, data=data, check_permission=False)
    catalogue_adopt(
        actor=None, organization=district, area=Area.objects.get(code="elderly-care"), check_permission=False
    )
    # 中山区 departs from the template: a shorter limit for results, and one item of its own.
    changed = _item(
        "elderly-care",
        *COMMON_ELDERLY[3][:2],
        COMMON_ELDERLY[3][2],
        5,
        COMMON_ELDERLY[3][4],
        COMMON_ELDERLY[3][5],
        start,
        "中山区民政局、各街道办事处",
    )
    changed.sort = 40
    standard_item_upsert(actor=None, organization=district, data=changed, check_permission=False)
    standard_item_upsert(
        actor=None,
        organization=district,
        check_permission=False,
        data=_item(
            "elderly-care",
            "养老服务设施",
            "社区养老服务驿站名录",
            "驿站名称、地址、服务内容、联系电话",
            20,
            ["website", "notice_board"],
            ["township"],
            start,
            "中山区民政局",
        ),
    )
    for l1, l2, content, days, channels in JOBS:
        standard_item_upsert(
            actor=None,
            organization=district,
            check_permission=False,
            data=_item(
                "employment", l1, l2, content, days, channels, ["county"], start, "中山区人力资源和社会保障局"
            ),
        )
    # One item fulfilled by a document published within its limit.
    doc = _demo_document(district, "中山区养老服务政策文件汇编", start + timedelta(days=5))
    item = StandardItem.objects.get(organization=district, level2="政策法规文件")
    standard_item_link_documents(actor=None, item=item, documents=[doc], check_permission=False)
    return StandardItem.objects.filter(organization=district).count()


def _power_lists(today: Any) -> int:
    loaded = 0
    for code, rows in POWER_LISTS.items():
        org = Organization.objects.filter(code=code).first()
        if org is None or powers.current_version(org) is not None:
            continue
        draft = powers.power_list_draft(actor=None, organization=org, note="首次公布", check_permission=False)
        for n, (item_code, kind, name, basis, unit) in enumerate(rows, start=1):
            powers.power_item_upsert(
                actor=None,
                version=draft,
                check_permission=False,
                data=powers.parse_power_item(
                    {
                        "code": item_code,
                        "kind": kind,
                        "name": name,
                        "legal_basis": basis,
                        "responsible_unit": unit,
                        "accountability": ACCOUNTABILITY,
                        "sort": n * 10,
                    }
                ),
            )
        powers.power_list_publish(
            actor=None, version=draft, on=today - timedelta(days=300), check_permission=False
        )
        loaded += 1
    # 市司法局 adjusted its list once since (dynamic adjustment): one item more.
    sfj = Organization.objects.filter(code="dl-sfj").first()
    if sfj is not None and (current := powers.current_version(sfj)) is not None and current.number == 1:
        draft = powers.power_list_draft(
            actor=None, organization=sfj, note="2026年动态调整", check_permission=False
        )
        powers.power_item_upsert(
            actor=None,
            version=draft,
            check_permission=False,
            data=powers.parse_power_item(
                {
                    "code": "000772101000",
                    "kind": "reward",
                    "name": "对在公共法律服务工作中作出突出贡献的单位和个人给予表彰",
                    "legal_basis": "《公共法律服务体系建设规划》",
                    "responsible_unit": "公共法律服务管理处",
                    "accountability": "表彰工作中弄虚作假的，依法追究责任",
                    "sort": 50,
                }
            ),
        )
        powers.power_list_publish(
            actor=None, version=draft, on=today - timedelta(days=30), check_permission=False
        )
    return loaded


def _negative_list() -> int:
    # The superseded edition stays on record (the back office lists it beside the current one).
    older, _ = NegativeListEdition.objects.get_or_create(
        title="市场准入负面清单（2022年版）",
        defaults={"issued_on": "2022-03-12", "issuer": "国家发展改革委 商务部"},
    )
    number, category, industry, title, measures, _city, _links = NEGATIVE_ITEMS[0]
    NegativeListItem.objects.get_or_create(
        edition=older,
        number=number,
        defaults={"category": category, "industry": industry, "title": title, "measures": measures},
    )
    edition, _ = NegativeListEdition.objects.get_or_create(
        title="市场准入负面清单（2025年版）",
        defaults={"issued_on": "2025-04-24", "issuer": "国家发展改革委 商务部 市场监管总局"},
    )
    if not NegativeListEdition.objects.filter(is_current=True).exists():
        NegativeListEdition.objects.filter(pk=edition.pk).update(is_current=True)
    for number, category, industry, title, measures, city, links in NEGATIVE_ITEMS:
        item, _ = NegativeListItem.objects.update_or_create(
            edition=edition,
            number=number,
            defaults={
                "category": category,
                "industry": industry,
                "title": title,
                "measures": measures,
                "city_measures": city,
            },
        )
        for code, power_code in links:
            org = Organization.objects.filter(code=code).first()
            if org is not None and powers.licensing_item(org, power_code) is not None:
                item.links.get_or_create(organization=org, power_code=power_code)
    return edition.items.count()


# (unit, title, type, level, issued days ago, published)
PLANS = [
    ("dl", "大连市突发事件总体应急预案", "general", PlanLevel.CITY, 700, True),
    ("dl-sfj", "大连市司法行政系统突发事件应急预案", "departmental", PlanLevel.CITY, 1500, True),  # overdue
    ("dl-mzj", "大连市自然灾害救助应急预案", "special", PlanLevel.CITY, 400, False),
    ("dl-zsq", "大连市中山区突发事件总体应急预案", "general", PlanLevel.COUNTY, 200, True),
]


def _demo_document(org: Organization, title: str, on: Any) -> Document:
    existing = Document.objects.filter(organization=org, title=title).first()
    if existing is not None:
        return existing
    return document_import(
        actor=None,
        data=DocumentInput(
            organization=org,
            title=title,
            body=f"<p>{title}。</p>",
            signed_on=on,
            genre=Genre.objects.get(code="tongzhi"),
            subjects=list(Subject.objects.filter(code="15.03")),
            keywords=[],
        ),
        publish=True,
        published_on=on,
    )


def _emergency(today: Any) -> int:
    office_unit = Organization.objects.filter(code="dl-yjj").first()
    if office_unit is not None:
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="emergency", defaults={"first_name": "应急预案监督员"}
        )
        if created:
            if settings.DEMO_MODE:
                user.password = demo_password_hash()
            else:
                user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, organization=office_unit, role=Role.EMERGENCY_OFFICE)
    types = {t.code: t for t in EmergencyPlanType.objects.all()}
    count = 0
    for code, title, type_code, level, days, public in PLANS:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            continue
        count += 1
        if EmergencyPlan.objects.filter(organization=org, title=title).exists():
            continue
        issued_on = today - timedelta(days=days)
        plan_register(
            actor=None,
            organization=org,
            title=title,
            plan_type=types[type_code],
            level=level,
            issued_on=issued_on,
            document=_demo_document(org, title, issued_on) if public else None,
            check_permission=False,
        )
    return count


def _training(today: Any) -> int:
    """One session: the city's economic-policy briefing for front-line staff (seed 三(三))."""
    orgs = Organization.objects.in_bulk(["dl-zfb", "dl-zsq", "dl-sfj", "dl-mzj"], field_name="code")
    if len(orgs) < 4:
        return 0
    held_on = today - timedelta(days=45)
    if TrainingSession.objects.filter(organization=orgs["dl-zfb"], topic=TRAINING_TOPIC).exists():
        return 1
    training_record(
        actor=None,
        organization=orgs["dl-zfb"],
        topic=TRAINING_TOPIC,
        held_on=held_on,
        trainer="市税务局政策法规处",
        material=_demo_document(orgs["dl-zfb"], "减税降费政策解读培训讲义", held_on),
        economic_policy=True,
        participants=[
            ParticipantInput(orgs["dl-zsq"], ParticipantRole.FRONTLINE, 36),
            ParticipantInput(orgs["dl-sfj"], ParticipantRole.FRONTLINE, 12),
            ParticipantInput(orgs["dl-mzj"], ParticipantRole.FRONTLINE, 15),
            ParticipantInput(orgs["dl-sfj"], ParticipantRole.DISCLOSURE_STAFF, 3),
        ],
        check_permission=False,
    )
    return 1


TRAINING_TOPIC = "减税降费等经济政策解读培训"


def load(*, stdout: Any) -> str:
    today = demo_today()
    items = _catalogues(today)
    lists = _power_lists(today)
    negative = _negative_list()
    plans = _emergency(today)
    sessions = _training(today)
    return (
        f"中山区标准目录 {items} 项，{lists} 个机关的权责清单，负面清单 {negative} 项，"
        f"应急预案 {plans} 件，培训 {sessions} 次"
    )
