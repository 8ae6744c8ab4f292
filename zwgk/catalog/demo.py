"""Demo items for `zwgk load-demo` (runs after the agencies): several hundred realistic items,
deterministic (seeded random), showing every feature and every compliance flag."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from zwgk.catalog.html import plain_text_to_html
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import Art20Category, Column, Document, DocumentKind, Genre, Subject
from zwgk.catalog.services import (
    column_place,
    document_create_draft,
    document_import,
    document_record_lifecycle,
    document_submit,
)
from zwgk.core.calendars import calendar_current
from zwgk.organizations.models import Organization

SEED_TITLE = "大连市政务公开领导小组关于印发2020年大连市政务公开工作安排的通知"
SEED_DOC_NO = "大政公领发〔2020〕1号"
SEED_FILE = Path(__file__).parent / "demo_data" / "2020-dalian-zwgk-work-arrangement.txt"
LAST_DAY = date(2026, 11, 20)

# agency code → (document-number prefix, subject code, topics)
AGENCY_TOPICS: dict[str, tuple[str, str, list[str]]] = {
    "dl-zfb": ("大政办发", "01.01", ["政务公开", "政务服务", "督查督办", "政府网站管理"]),
    "dl-sfj": ("大司发", "15.03", ["行政执法", "公共法律服务", "人民调解", "法治政府建设", "律师行业管理"]),
    "dl-mzj": ("大民发", "16.01", ["社会救助", "养老服务", "最低生活保障", "社区治理", "殡葬管理"]),
    "dl-wjw": ("大卫发", "12.01", ["基层医疗卫生服务", "医疗机构管理", "健康大连建设", "公共卫生应急"]),
    "dl-yjj": ("大应急发", "08.02", ["安全生产", "防汛抗旱", "森林防火", "危险化学品安全"]),
    "dl-scjgj": ("大市监发", "08.01", ["食品安全", "市场主体登记", "特种设备安全", "知识产权保护"]),
    "dl-ysj": ("大营商发", "07.01", ["优化营商环境", "一网通办", "政务服务标准化"]),
    "dl-jyj": ("大教发", "10.02", ["义务教育", "学前教育", "校外培训治理", "职业教育"]),
    "dl-sthjj": ("大环发", "09.04", ["大气污染防治", "生态环境保护", "排污许可管理", "近岸海域治理"]),
    "dl-rsj": ("大人社发", "14.01", ["社会保险", "职业技能提升", "高校毕业生就业", "劳动关系"]),
    "dl-fgw": ("大发改发", "02.01", ["重大项目建设", "价格管理", "发展规划", "数字经济"]),
    "dl-czj": ("大财发", "03.01", ["预算管理", "政府采购", "财政资金直达", "国有资产管理"]),
    "dl-zjj": ("大住建发", "09.03", ["住房保障", "老旧小区改造", "建筑市场监管", "物业管理"]),
    "dl-jtj": ("大交发", "06.02", ["公共交通", "道路运输", "港口物流", "交通安全"]),
    "dl-ybj": ("大医保发", "12.02", ["医疗保障", "医保支付方式改革", "长期护理保险"]),
    "dl-zsq": ("中政发", "01.01", ["老旧小区改造", "社区治理", "楼宇经济", "营商环境"]),
    "dl-jpxq": ("大金新管发", "02.01", ["产业发展", "海洋经济", "招商引资", "乡村振兴"]),
    "dl-gjzq": ("甘政发", "01.01", ["城市更新", "社会救助", "农村人居环境"]),
}
VERBS = ["进一步加强", "进一步规范", "全面推进", "加快推进", "切实做好", "深化", "做好", "完善"]
GENRE_FOR_POLICY = ["yijian", "tongzhi", "fangan", "yijian", "tongzhi"]
HAZARDS = ["防汛抗旱", "森林火灾", "地震", "突发环境事件", "危险化学品事故", "海上搜救", "城市供水突发事件",
           "大面积停电事件", "突发公共卫生事件", "道路交通事故", "雪灾", "风暴潮灾害"]  # fmt: skip
OTHER_TITLES = {
    "tongzhi": "做好{t}有关工作的通知",
    "tongbao": "{t}工作情况的通报",
    "gonggao": "{t}有关事项的公告",
    "baogao": "{y}年{t}工作情况的报告",
}
SIX_STABLE = ["稳就业", "保市场主体", "减税降费", "稳外贸", "复工复产", "保居民就业"]


@dataclass
class Plan:
    org: str
    title: str
    kind: str
    genre: str
    published_on: date
    signed_on: date
    doc_no: str = ""
    subjects: list[str] = field(default_factory=list)
    art20: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    body: str = ""
    created_on: date | None = None
    key: str = ""  # to find it again for links


def _body(rnd: random.Random, title: str, topic: str) -> str:
    paras = [
        f"为{rnd.choice(['深入贯彻落实', '认真贯彻', '全面落实'])}"
        f"党中央、国务院和省委、省政府关于{topic}的决策部署，"
        f"结合我市实际，现就有关事项{rnd.choice(['通知如下', '提出如下意见', '制定本方案'])}。",
        f"一、总体要求。坚持以人民为中心，坚持问题导向，推动{topic}工作制度化、规范化、标准化。",
        f"二、主要任务。（一）健全工作机制。（二）强化责任落实。（三）加强信息公开，及时公开{topic}相关政策和办理结果。",
        "三、保障措施。各地区、各部门要加强组织领导，明确责任分工，确保各项任务落到实处。",
        f"本{'通知' if '通知' in title else '文件'}自印发之日起施行。",
    ]
    return "".join(f"<p>{p}</p>" for p in paras)


def _plans(rnd: random.Random, orgs: dict[str, Organization]) -> list[Plan]:
    plans: list[Plan] = []
    serial: dict[tuple[str, int], int] = {}

    def doc_no(code: str, on: date) -> str:
        prefix = AGENCY_TOPICS.get(code, ("大政发", "", []))[0]
        serial[(code, on.year)] = serial.get((code, on.year), 0) + 1
        return f"{prefix}〔{on.year}〕{serial[(code, on.year)]}号"

    def day(start: date, end: date) -> date:
        return start + timedelta(days=rnd.randrange((end - start).days + 1))

    # Policies and normative documents of every agency, 2024 – 2026.
    for code, (_, subject, topics) in AGENCY_TOPICS.items():
        if code not in orgs:
            continue
        name = orgs[code].name
        for _ in range(rnd.randint(11, 15)):
            topic = rnd.choice(topics)
            signed = day(date(2024, 1, 5), LAST_DAY - timedelta(days=40))
            late = rnd.random() < 0.08
            published = signed + timedelta(days=rnd.randint(35, 60) if late else rnd.randint(1, 12))
            roll = rnd.random()
            if roll < 0.25:
                kind, genre = DocumentKind.NORMATIVE, "tongzhi"
                rules_name = f"大连市{topic}办法" if topic.endswith("管理") else f"大连市{topic}管理办法"
                title = f"{name}关于印发《{rules_name}》的通知"
                art20 = ["20.1"]
            elif roll < 0.65:
                kind, genre = DocumentKind.POLICY, rnd.choice(GENRE_FOR_POLICY)
                suffix = {"yijian": "的实施意见", "tongzhi": "的通知", "fangan": "工作方案"}[genre]
                title = f"{name}关于{rnd.choice(VERBS)}{topic}工作{suffix}".replace(
                    "工作工作方案", "工作方案"
                )
                art20 = ["20.11"] if subject.startswith(("14", "16", "12")) else ["20.3"]
            else:
                kind, genre = DocumentKind.OTHER, rnd.choice(["tongzhi", "tongbao", "gonggao", "baogao"])
                what = OTHER_TITLES[genre]
                title = f"{name}关于{what.format(t=topic, y=signed.year)}"
                art20 = []
            plans.append(
                Plan(
                    org=code,
                    title=title,
                    kind=kind,
                    genre=genre,
                    published_on=published,
                    signed_on=signed,
                    doc_no=doc_no(code, signed),
                    subjects=[subject],
                    art20=art20,
                    keywords=[topic],
                    summary=f"明确{topic}的目标任务、工作措施和保障要求。",
                    body=_body(rnd, title, topic),
                    created_on=signed,
                )
            )

    # Emergency plans (应急预案, Art. 20 item 12).
    for i, hazard in enumerate(HAZARDS):
        code = rnd.choice(["dl", "dl-yjj", "dl-zsq", "dl-jpxq", "dl-gjzq"])
        signed = day(date(2024, 3, 1), date(2026, 6, 30))
        owner = orgs[code].name.replace("人民政府", "").replace("管理委员会", "")
        title = f"{owner}{hazard}应急预案" if code != "dl-yjj" else f"大连市{hazard}应急预案"
        plans.append(
            Plan(
                org=code,
                title=title,
                kind=DocumentKind.EMERGENCY_PLAN,
                genre="yuan",
                published_on=signed + timedelta(days=rnd.randint(2, 10)),
                signed_on=signed,
                doc_no=doc_no(code, signed),
                subjects=["01.03"],
                art20=["20.12"],
                keywords=[hazard, "应急预案"],
                summary=f"规范{hazard}的应急组织体系、监测预警、应急响应和后期处置。",
                body=_body(rnd, title, f"{hazard}应对"),
                created_on=signed,
                key=f"plan-{i}",
            )
        )

    # 六稳六保: qualifying items of several agencies in 2026 (the topic column's 5-day rule).
    for i in range(14):
        code = rnd.choice(["dl-rsj", "dl-fgw", "dl-czj", "dl-jpxq", "dl-zsq", "dl-scjgj"])
        topic = SIX_STABLE[i % len(SIX_STABLE)]
        signed = day(date(2026, 3, 2), date(2026, 10, 20))
        title = f"{orgs[code].name}关于{rnd.choice(['做好', '强化', '落实'])}{topic}若干措施的通知"
        plans.append(
            Plan(
                org=code,
                title=title,
                kind=DocumentKind.POLICY,
                genre="tongzhi",
                published_on=signed + timedelta(days=rnd.randint(1, 6)),
                signed_on=signed,
                doc_no=doc_no(code, signed),
                subjects=["02.02"],
                art20=["20.11"],
                keywords=[topic, "六稳六保"],
                summary=f"围绕{topic}提出支持措施，助企纾困、稳定就业。",
                body=_body(rnd, title, topic),
                created_on=signed,
                key=f"six-{i}",
            )
        )

    # Rules (政府规章) of the city with an amendment and a repeal.
    rules = [
        ("rule-a", "大连市政府信息公开规定", date(2024, 3, 18)),
        ("rule-a2", "大连市人民政府关于修改《大连市政府信息公开规定》的决定", date(2025, 6, 9)),
        ("rule-b", "大连市行政执法过错责任追究办法", date(2024, 5, 20)),
        ("rule-b2", "大连市人民政府关于废止部分政府规章的决定", date(2026, 4, 13)),
        ("rule-c", "大连市城市供水用水管理办法", date(2024, 9, 2)),
    ]
    for n, (key, title, signed) in enumerate(rules, start=1):
        plans.append(
            Plan(
                org="dl",
                title=title,
                kind=DocumentKind.RULE,
                genre="ling" if "决定" not in title else "jueding",
                published_on=signed + timedelta(days=3),
                signed_on=signed,
                doc_no=f"大连市人民政府令第{180 + n}号",
                subjects=["15.03"],
                art20=["20.1"],
                keywords=["政府规章"],
                summary=f"{title}，经市政府常务会议审议通过，现予公布。",
                body=_body(rnd, title, "依法行政"),
                created_on=signed,
                key=key,
            )
        )
    plans.sort(key=lambda p: (p.published_on, p.org, p.title))
    return plans


def _input(plan: Plan, orgs: dict[str, Organization], tax: dict[str, dict[str, Any]]) -> DocumentInput:
    return DocumentInput(
        organization=orgs[plan.org],
        title=plan.title,
        body=plan.body,
        doc_no=plan.doc_no,
        signed_on=plan.signed_on,
        kind=plan.kind,
        genre=tax["genre"][plan.genre],
        subjects=[tax["subject"][c] for c in plan.subjects],
        art20_categories=[tax["art20"][c] for c in plan.art20],
        keywords=plan.keywords,
        summary=plan.summary[:100],
        information_created_on=plan.created_on,
        source=orgs[plan.org].short_name or orgs[plan.org].name,
    )


def _interpret(
    rnd: random.Random, admin: Any, policy: Document, on: date, orgs: dict[str, Organization], tax: dict
) -> Document:
    form = rnd.choice(["text", "text", "graphic", "qa", "video"])
    label = {"text": "政策解读", "graphic": "图解", "qa": "问答", "video": "视频解读"}[form]
    # 《大连市…办法》 for a document issuing a text, else the policy's own title.
    name = policy.title.split("《", 1)[1].split("》", 1)[0] if "《" in policy.title else policy.title
    interp = document_import(
        actor=admin,
        data=DocumentInput(
            organization=policy.organization,
            title=f"《{name}》{label}"[:300],
            body=f"<p>一、出台背景。</p><p>二、主要内容。《{name}》共分为总体要求、主要任务和保障措施三部分。</p>"
            "<p>三、创新举措。</p><p>四、政策咨询电话：0411-12345。</p>",
            kind=DocumentKind.INTERPRETATION,
            genre=tax["genre"]["jiedu"],
            subjects=list(policy.subjects.all()),
            keywords=list(policy.keywords),
            summary=f"解读《{name}》的出台背景、主要内容和创新举措。"[:100],
            interprets=policy,
            interpretation_form=form,
            information_created_on=on,
        ),
        publish=True,
        published_on=on,
    )
    return interp


def load(*, stdout: Any) -> str:
    if Document.objects.filter(organization__code="dl-zwgkldxz", doc_no=SEED_DOC_NO).exists():
        return f"已存在（{Document.objects.count()} 条信息）"
    rnd = random.Random(20200824)
    admin = get_user_model().objects.get(username="admin")
    orgs = {o.code: o for o in Organization.objects.all()}
    tax = {
        "genre": {g.code: g for g in Genre.objects.all()},
        "subject": {s.code: s for s in Subject.objects.all()},
        "art20": {a.code: a for a in Art20Category.objects.all()},
    }
    cal = calendar_current()

    seed = document_import(
        actor=admin,
        data=DocumentInput(
            organization=orgs["dl-zwgkldxz"],
            title=SEED_TITLE,
            body=plain_text_to_html(SEED_FILE.read_text(encoding="utf-8")),
            doc_no=SEED_DOC_NO,
            signed_on=date(2020, 8, 24),
            kind=DocumentKind.PLAN,
            genre=tax["genre"]["tongzhi"],
            subjects=[tax["subject"]["01.01"]],
            art20_categories=[tax["art20"]["20.15"]],
            keywords=["政务公开", "工作安排", "2020年"],
            summary="印发2020年大连市政务公开工作安排，部署以公开促落实、强化政策解读回应、加强平台和制度建设等任务。",
            source="大连市政务公开领导小组办公室",
            information_created_on=date(2020, 8, 24),
        ),
        publish=True,
        published_on=date(2020, 8, 27),
    )

    by_key: dict[str, Document] = {}
    policies: list[Document] = []
    for plan in _plans(rnd, orgs):
        doc = document_import(
            actor=admin, data=_input(plan, orgs, tax), publish=True, published_on=plan.published_on
        )
        if plan.key:
            by_key[plan.key] = doc
        if (
            doc.kind in {DocumentKind.POLICY, DocumentKind.NORMATIVE, DocumentKind.RULE}
            and doc.genre.code != "tongbao"
        ):
            policies.append(doc)

    # Interpretations: most released with the policy, some later (flagged), some never (flagged).
    interpreted = late = missing = 0
    for policy in policies:
        needs = policy.genre.requires_interpretation or policy.kind in {
            DocumentKind.RULE,
            DocumentKind.NORMATIVE,
        }
        roll = rnd.random()
        if roll < (0.72 if needs else 0.3):
            _interpret(rnd, admin, policy, policy.published_on, orgs, tax)
            interpreted += 1
        elif needs and roll < 0.86:
            _interpret(
                rnd, admin, policy, policy.published_on + timedelta(days=rnd.randint(5, 30)), orgs, tax
            )
            late += 1
        elif needs:
            missing += 1

    # 立改废: rule A amended by A2; rule B repealed by B2; one normative document expired.
    document_record_lifecycle(
        actor=admin,
        document_id=by_key["rule-a"].pk,
        kind="amended",
        on=by_key["rule-a2"].published_on,
        by_id=by_key["rule-a2"].pk,
        note="修改第十二条、第二十条",
    )
    document_record_lifecycle(
        actor=admin,
        document_id=by_key["rule-b"].pk,
        kind="repealed",
        on=by_key["rule-b2"].published_on,
        by_id=by_key["rule-b2"].pk,
    )
    normative = list(
        Document.objects.filter(kind=DocumentKind.NORMATIVE, published_on__year=2024).order_by("id")[:3]
    )
    if len(normative) >= 3:
        document_record_lifecycle(
            actor=admin,
            document_id=normative[0].pk,
            kind="amended",
            on=date(2025, 9, 1),
            by_id=normative[2].pk,
        )
        document_record_lifecycle(
            actor=admin, document_id=normative[1].pk, kind="expired", on=date(2025, 12, 31), note="有效期届满"
        )

    # 六稳六保: placed within 5 working days, except one late and one never placed (the breaches).
    topic = Column.objects.get(code="topic.liuwen-liubao")
    six = sorted((d for k, d in by_key.items() if k.startswith("six-")), key=lambda d: d.published_on)
    for i, doc in enumerate(six):
        if i == 1:
            continue  # never placed
        delay = 9 if i == 3 else rnd.randint(0, 4)
        column_place(
            actor=admin, column_id=topic.pk, document_id=doc.pk, on=cal.add_workdays(doc.published_on, delay)
        )

    # 优化营商环境: the business-environment items of the 营商局 and 中山区, so that no topic box
    # on the home page is empty (issue 20.12). The topic has no deadline: placed on publication.
    business = Column.objects.get(code="topic.yingshang")
    for doc in (
        Document.objects.published()
        .filter(title__contains="营商环境")
        .exclude(kind=DocumentKind.INTERPRETATION)
    ):
        column_place(actor=admin, column_id=business.pk, document_id=doc.pk, on=doc.published_on)

    # Work in progress at the 司法局 for the demo users `editor` and `reviewer`.
    User = get_user_model()
    editor = User.objects.get(username="editor")
    sfj = orgs["dl-sfj"]
    drafts = [
        "大连市司法局关于开展2026年度行政执法案卷评查工作的通知",
        "大连市司法局关于印发《大连市公共法律服务体系建设实施方案》的通知",
        "大连市司法局2026年法治政府建设工作要点",
    ]
    for i, title in enumerate(drafts):
        doc = document_create_draft(
            actor=editor,
            data=DocumentInput(
                organization=sfj,
                title=title,
                body=_body(rnd, title, "法治政府建设"),
                doc_no=f"大司发〔2026〕{40 + i}号",
                signed_on=date(2026, 11, 16 + i),
                kind=DocumentKind.POLICY if i == 1 else DocumentKind.OTHER,
                genre=tax["genre"]["tongzhi"],
                subjects=[tax["subject"]["15.03"]],
                keywords=["法治政府"],
                summary="部署相关工作任务。",
                information_created_on=date(2026, 11, 16 + i),
            ),
        )
        if i < 2:
            document_submit(actor=editor, document_id=doc.pk, note="请审签")

    linked = Document.objects.filter(interprets__isnull=False).count()
    return (
        f"{Document.objects.published().count()} 条已发布信息（含种子文件“{seed.doc_no}”），"
        f"{linked} 篇解读（{late} 篇晚于政策发布，{missing} 份政策缺解读），"
        f"{len(drafts)} 份司法局草稿（2 份待审签）"
    )


__all__ = ["load"]
