"""Functions and structure (机构职能) of three demo agencies, as their own 信息员 keep them."""

from __future__ import annotations

from zwgk.organizations.models import Organization
from zwgk.organizations.profiles import ProfileInput, agency_profile_save

PROFILES: dict[str, ProfileInput] = {
    "dl-sfj": ProfileInput(
        functions=(
            "贯彻落实党中央关于全面依法治国的方针政策和决策部署，承担全面依法治市重大问题的政策研究、统筹协调工作。\n"
            "承担市政府重大行政决策、规范性文件的合法性审查工作，负责行政复议、行政应诉工作。\n"
            "负责普法宣传，指导监督律师、公证、司法鉴定、仲裁、人民调解和法律援助工作。"
        ),
        internal_units=[
            {"name": "办公室", "duties": "负责机关日常运转，承担政务公开、保密、信访工作"},
            {"name": "法治调研处", "duties": "承担全面依法治市重大问题的政策研究"},
            {"name": "行政复议与应诉处", "duties": "办理行政复议案件，承担市政府行政应诉工作"},
            {"name": "普法与依法治理处", "duties": "拟订全市普法规划并组织实施"},
        ],
        leaders=[
            {"name": "周正", "post": "局长", "duties": "主持局全面工作"},
            {"name": "高明", "post": "副局长", "duties": "分管行政复议与应诉、政务公开工作"},
        ],
        address="大连市西岗区人民广场1号",
        hours="工作日 8:30—11:30，13:00—17:00",
        phone="0411-83631234",
        email="sfj@dl.example.cn",
    ),
    "dl-mzj": ProfileInput(
        functions="拟订全市民政事业发展规划和政策；负责社会救助、养老服务、儿童福利、婚姻登记、殡葬管理和社会组织登记管理。",
        internal_units=[
            {"name": "办公室", "duties": "负责机关日常运转和政务公开"},
            {"name": "社会救助处", "duties": "拟订最低生活保障、特困人员救助等政策"},
            {"name": "养老服务处", "duties": "承担老年人福利和养老服务体系建设"},
        ],
        leaders=[{"name": "吴敏", "post": "副局长", "duties": "分管社会救助、政务公开工作"}],
        address="大连市西岗区长江路135号",
        hours="工作日 8:30—17:00",
        phone="0411-83635678",
    ),
    "dl-swj": ProfileInput(
        functions="负责全市水资源的合理开发利用和保护，组织指导供水、节水和城市防洪工作，监督供水企业的服务和信息公开。",
        internal_units=[
            {"name": "办公室", "duties": "负责机关日常运转和政务公开"},
            {"name": "供水管理处", "duties": "指导监督城市供水企业，受理公众对供水企业信息公开的申诉"},
        ],
        leaders=[{"name": "钱江", "post": "局长", "duties": "主持局全面工作"}],
        address="大连市中山区港湾街9号",
        hours="工作日 8:30—17:00",
        phone="0411-82781234",
    ),
}


def load_profiles() -> int:
    orgs = Organization.objects.filter(code__in=PROFILES).in_bulk(field_name="code")
    for code, data in PROFILES.items():
        if code in orgs and not orgs[code].profiles.exists():
            agency_profile_save(actor=None, organization=orgs[code], data=data, check_permission=False)
    return len(orgs)
