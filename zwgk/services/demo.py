"""Demo service guides: a dozen items of several agencies, published through the review engine
(drafted by each agency's editor, signed off by its reviewer), one left with a missing element
so the flag shows, one withdrawn (停止办理), one blank form uploaded as a file; two 一件事
packages; the service system's account and a few cases.

Idempotent: guides exist once per item code, packages once per code, milestones once per case.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model

from zwgk.core.calendars import calendar_current
from zwgk.core.demo import demo_today
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.services import membership_grant
from zwgk.review.models import ReviewRequest, ReviewState
from zwgk.review.services import review_approve
from zwgk.services import guides, packages, progress
from zwgk.services.guides import GuideInput, MaterialInput
from zwgk.services.material_files import material_file_upload
from zwgk.services.models import Guide, Milestone, ProgressCase

SERVICE_SYSTEM_USER = "service_system"
ID_CARD = MaterialInput("申请人居民身份证", shared_code="id_card", form="原件")
LICENCE = MaterialInput("营业执照", shared_code="business_licence", form="原件或电子证照")
LEASE = MaterialInput("经营场所使用证明（房产证或租赁合同）", shared_code="premises", form="复印件")
HOUSEHOLD = MaterialInput("居民户口簿", shared_code="household_register", form="原件")
BIRTH = MaterialInput("出生医学证明", shared_code="birth_certificate", form="原件")
HALL = "大连市政务服务中心（沙河口区会展路45号）{}窗口"
HOURS = "周一至周五 9:00–11:30，13:00–17:00（法定节假日除外）"
COMPLAINT = "12345 政务服务便民热线；大连市营商环境建设局监督投诉电话 0411-12345"

# agency → (editor, reviewer) usernames of the organizations demo (mzj_editor holds both posts,
# so 民政局's items are approved by the administrator: nobody signs their own draft).
SIGNERS = {"dl-scjgj": ("admin", "admin_review"), "dl-mzj": ("mzj_editor", "admin_review")}
DEFAULT_SIGNERS = ("admin", "admin_review")


def _guide(
    name: str,
    window: str,
    *,
    basis: str,
    conditions: str,
    materials: list[MaterialInput],
    statutory: int | None,
    promised: int | None,
    unit: str = "workdays",
    fee: str = "不收费",
    phone: str = "0411-12345",
    online: str = "https://zwfw.dl.gov.cn/",
) -> GuideInput:
    return GuideInput(
        name=name,
        legal_basis=basis,
        conditions=conditions,
        procedure="申请\n受理\n审查\n决定\n送达",
        statutory_limit=statutory,
        promised_limit=promised,
        limit_unit=unit,
        fee_standard=fee,
        fee_basis="" if fee == "不收费" else "按省物价部门核定标准",
        window_address=HALL.format(window),
        office_hours=HOURS,
        online_url=online,
        contact_phone=phone,
        complaint_channel=COMPLAINT,
        faq=[{"question": "可以委托他人办理吗？", "answer": "可以，受托人须携带授权委托书和本人身份证件。"}],
        materials=materials,
    )


FOOD_FORM = MaterialInput(
    "食品经营许可申请书",
    form="原件",
    template_url="https://zwfw.dl.gov.cn/forms/spjy-sqs.docx",
    sample_url="https://zwfw.dl.gov.cn/forms/spjy-sqs-yb.pdf",
)
# One row per item: agency, item code, name, window, legal basis, conditions, the materials
# besides the shared ones, (statutory, promised) limits. Units are working days unless named in
# CALENDAR_DAY_ITEMS.
ROWS: list[tuple[str, str, str, str, str, str, list[MaterialInput], tuple[int | None, int]]] = [
    ("dl-scjgj", "DL-SCJG-001", "食品经营许可", "市场监管",
     "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
     "有与经营的食品品种、数量相适应的经营场所和设施；有食品安全管理人员和规章制度。",
     [LICENCE, ID_CARD, LEASE, FOOD_FORM], (10, 5)),
    ("dl-scjgj", "DL-SCJG-002", "企业设立登记", "市场监管",
     "《中华人民共和国市场主体登记管理条例》第十九条",
     "名称、住所、经营范围等登记事项符合规定。",
     [ID_CARD, LEASE, MaterialInput("公司章程", form="原件")], (3, 1)),
    ("dl-scjgj", "DL-SCJG-003", "小餐饮登记", "市场监管",
     "《辽宁省食品小作坊小餐饮及摊贩管理条例》",
     "从业人员持有有效健康证明；经营场所符合卫生要求。",
     [ID_CARD, LEASE, MaterialInput("从业人员健康证明", form="复印件")], (15, 7)),
    ("dl-scjgj", "DL-SCJG-004", "企业名称预先核准", "市场监管",
     "《企业名称登记管理规定》",
     "拟设立企业的名称符合名称登记规定。",
     [ID_CARD, MaterialInput("企业名称预先核准申请书", form="原件")], (3, 1)),
    ("dl-sthjj", "DL-STHJ-001", "建设项目环境影响登记表备案", "生态环境",
     "《建设项目环境影响评价分类管理名录》",
     "属于应当填报环境影响登记表的建设项目。",
     [LICENCE, MaterialInput("建设项目环境影响登记表", form="电子")], (None, 1)),
    ("dl-wjw", "DL-WJW-001", "出生医学证明签发", "卫生健康",
     "《中华人民共和国母婴保健法》第二十三条",
     "在本市助产机构出生的新生儿。",
     [MaterialInput("父母居民身份证", shared_code="id_card", form="原件"),
      MaterialInput("新生儿出生信息登记表", form="原件")],
     (None, 3)),
    ("dl-mzj", "DL-MZJ-001", "婚姻登记（结婚）", "民政",
     "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》",
     "双方自愿，达到法定婚龄，无禁止结婚的情形。",
     [ID_CARD, HOUSEHOLD, MaterialInput("近期半身免冠合影照片", form="原件", copies=3)], (1, 1)),
    ("dl-mzj", "DL-MZJ-002", "最低生活保障审核确认", "民政",
     "《社会救助暂行办法》第十一条",
     "共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合财产状况规定。",
     [ID_CARD, HOUSEHOLD, MaterialInput("家庭收入和财产状况声明", form="原件")], (30, 20)),
    ("dl-rsj", "DL-RSJ-001", "生育津贴申领", "人力资源社会保障",
     "《中华人民共和国社会保险法》第五十四条",
     "用人单位已缴纳生育保险费的职工。",
     [ID_CARD, BIRTH, MaterialInput("社会保障卡", form="原件")], (None, 10)),
    ("dl-ybj", "DL-YBJ-001", "新生儿参加城乡居民医疗保险", "医疗保障",
     "《辽宁省城乡居民基本医疗保险办法》",
     "本市户籍新生儿。",
     [HOUSEHOLD, BIRTH], (None, 1)),
    ("dl-zjj", "DL-ZJJ-001", "住房公积金提取", "住房和城乡建设",
     "《住房公积金管理条例》第二十四条",
     "购买、建造、翻建、大修自住住房，或符合其他提取情形。",
     [ID_CARD, MaterialInput("购房合同或相关证明", form="复印件")], (3, 1)),
    ("dl-jtj", "DL-JTJ-001", "道路运输经营许可", "交通运输",
     "《中华人民共和国道路运输条例》第二十二条",
     "有与其经营业务相适应并经检测合格的车辆；有符合规定条件的驾驶人员。",
     [LICENCE, ID_CARD, MaterialInput("车辆技术等级评定证明", form="复印件")], (20, 10)),
]  # fmt: skip
CALENDAR_DAY_ITEMS = frozenset({"DL-MZJ-001"})
# Published, then withdrawn (停止办理) when first loaded: the portal's notice, the back office.
WITHDRAWN = {"DL-SCJG-004": "企业名称自主申报改革后不再办理名称预先核准，请直接申请企业设立登记。"}
# The blank form uploaded as a file (not a link) when first loaded: (item code, material name).
UPLOADED_TEMPLATE = ("DL-SCJG-001", "食品经营许可申请书")

# (agency, item code, guide)
GUIDES: list[tuple[str, str, GuideInput]] = [
    *(
        (
            agency,
            code,
            _guide(
                name,
                window,
                basis=basis,
                conditions=conditions,
                materials=materials,
                statutory=statutory,
                promised=promised,
                unit="days" if code in CALENDAR_DAY_ITEMS else "workdays",
            ),
        )
        for agency, code, name, window, basis, conditions, materials, (statutory, promised) in ROWS
    ),
    # Left without a contact phone: the flag, the supervising office's to-do and the site veto.
    (
        "dl-wlj",
        "DL-WLJ-001",
        GuideInput(
            name="营业性演出审批",
            legal_basis="《营业性演出管理条例》第十三条",
            conditions="演出内容不含禁止内容；有相应的演出场所。",
            procedure="申请\n受理\n审查\n决定",
            statutory_limit=20,
            promised_limit=10,
            window_address=HALL.format("文化旅游"),
            office_hours=HOURS,
            materials=[LICENCE, MaterialInput("演出节目内容材料", form="原件")],
        ),
    ),
]

PACKAGES = [
    (
        "open-restaurant",
        "开办餐馆“一件事”",
        "dl-scjgj",
        "开一家餐馆：营业执照、食品经营许可和环境影响登记一次申请、一次提交材料。",
        ["DL-SCJG-002", "DL-SCJG-001", "DL-STHJ-001"],
    ),
    (
        "have-a-baby",
        "新生儿出生“一件事”",
        "dl-wjw",
        "孩子出生后：出生医学证明、医保参保和生育津贴一次办理。",
        ["DL-WJW-001", "DL-YBJ-001", "DL-RSJ-001"],
    ),
]

# (case number, item code, verification code, [(milestone, working days after acceptance)])
CASES = [
    (
        "DL2026SCJG000101",
        "DL-SCJG-001",
        "834261",
        [("received", -1), ("accepted", 0), ("decided", 4), ("delivered", 5)],
    ),
    ("DL2026SCJG000102", "DL-SCJG-001", "510937", [("accepted", 0), ("in_review", 2), ("decided", 7)]),
    ("DL2026MZJ000201", "DL-MZJ-002", "662018", [("received", 0), ("accepted", 1), ("in_review", 3)]),
    ("DL2026ZJJ000301", "DL-ZJJ-001", "247705", [("accepted", 0), ("decided", 1)]),
]


def _publish(version: Any, editor: Any, reviewer: Any) -> None:
    guides.guide_submit(actor=editor, pk=version.guide_id, note="演示数据")
    req = ReviewRequest.objects.for_target(version).filter(state=ReviewState.PENDING).get()
    review_approve(actor=reviewer, request_id=req.pk, comment="同意发布")


def _template_docx(title: str) -> bytes:
    """A blank application form made here (the demo never fetches anything)."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for label in ("申请人（单位）名称", "统一社会信用代码", "经营场所", "经营项目", "联系人及电话"):
        document.add_paragraph(f"{label}：____________________")
    document.add_paragraph("申请人签字（盖章）：            年    月    日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload_template(version: Any, data: GuideInput, editor: Any) -> None:
    name = UPLOADED_TEMPLATE[1]
    row = material_file_upload(
        actor=editor,
        guide_id=version.guide_id,
        fileobj=io.BytesIO(_template_docx(name)),
        original_name=f"{name}.docx",
    )
    materials = [
        replace(m, template_url="", template_file=row.pk) if m.name == name else m for m in data.materials
    ]
    guides.guide_save_draft(actor=editor, pk=version.guide_id, data=replace(data, materials=materials))


def _service_system(User: Any) -> Any:
    user, _ = User.objects.get_or_create(
        username=SERVICE_SYSTEM_USER, defaults={"first_name": "政务服务系统"}
    )
    user.set_unusable_password()  # an interface account: tokens only (`zwgk api-token service_system`)
    user.save()
    membership_grant(
        actor=None,
        user=user,
        organization=Organization.objects.get(code="dl"),
        role=Role.SERVICE_SYSTEM,
        check_permission=False,
    )
    return user


def load(*, stdout: Any) -> str:
    User = get_user_model()
    made = 0
    for code, item_code, data in GUIDES:
        if Guide.objects.filter(item_code=item_code).exists():
            continue
        editor_name, reviewer_name = SIGNERS.get(code, DEFAULT_SIGNERS)
        editor, reviewer = User.objects.get(username=editor_name), User.objects.get(username=reviewer_name)
        version = guides.guide_create(
            actor=editor, organization=Organization.objects.get(code=code), item_code=item_code, data=data
        )
        if item_code == UPLOADED_TEMPLATE[0]:
            _upload_template(version, data, editor)
        _publish(version, editor, reviewer)
        if item_code in WITHDRAWN:
            guides.guide_withdraw(actor=reviewer, pk=version.guide_id, reason=WITHDRAWN[item_code])
        made += 1
    admin = User.objects.get(username="admin")
    for code, name, lead, event, items in PACKAGES:
        packages.package_save(
            actor=admin,
            code=code,
            name=name,
            lead=Organization.objects.get(code=lead),
            guides=[Guide.objects.get(item_code=i) for i in items],
            life_event=event,
            public=True,
        )
    system = _service_system(User)
    cal = calendar_current()
    today = demo_today()
    for case_no, item_code, verification, steps in CASES:
        if ProgressCase.objects.filter(case_no=case_no).exists():
            continue
        guide = Guide.objects.select_related("organization").get(item_code=item_code)
        accepted = today - timedelta(days=30)
        while not cal.is_workday(accepted):
            accepted -= timedelta(days=1)
        for milestone, offset in steps:
            on = cal.add_workdays(accepted, offset) if offset >= 0 else accepted - timedelta(days=-offset)
            progress.progress_push(
                actor=system,
                case_no=case_no,
                item_code=item_code,
                organization_code=guide.organization.code,
                milestone=Milestone(milestone),
                on=min(on, today),
                unit=guide.organization.name,
                verification_code=verification,
                today=today,
            )
    return (
        f"{Guide.objects.count()} 个办事指南（本次新增 {made} 个），{len(PACKAGES)} 个一件事，"
        f"{ProgressCase.objects.count()} 个办件（查询示例：{CASES[0][0]} / {CASES[0][2]}）"
    )
