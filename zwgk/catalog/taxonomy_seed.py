"""The standard values of the taxonomies, loaded by migration 0002 (administrators edit them later).

Plain data plus a loader that takes an app registry, so the migration never imports the models
(and tests that flush tables can load them again); RULES §3.1 and §3.3.
"""

from datetime import date
from typing import Any

# 主题分类 (two levels, after the State Council's subject scheme): code, name, children
SUBJECTS: list[tuple[str, str, list[str]]] = [
    ("01", "综合政务", ["政务公开", "政务督查", "应急管理", "电子政务", "信访", "机构编制", "其他"]),
    (
        "02",
        "国民经济管理、国有资产监管",
        ["发展规划", "宏观经济", "统计", "价格", "国有资产监管", "经济体制改革"],
    ),
    ("03", "财政、金融、审计", ["财政", "税务", "金融", "审计", "预算决算"]),
    ("04", "国土资源、能源", ["土地", "海洋", "矿产", "能源"]),
    ("05", "农业、林业、水利", ["农业农村", "林业", "水利", "乡村振兴"]),
    ("06", "工业、交通", ["工业", "交通运输", "信息产业", "邮政", "通信"]),
    ("07", "商贸、海关、旅游", ["商贸", "口岸", "旅游", "对外经贸合作"]),
    ("08", "市场监管、安全生产监管", ["市场监管", "安全生产", "食品药品", "质量监督"]),
    ("09", "城乡建设、环境保护", ["城乡规划", "城市建设", "住房保障", "生态环境", "市政公用"]),
    ("10", "科技、教育", ["科技", "教育", "知识产权"]),
    ("11", "文化、广电、新闻出版", ["文化", "广播电视", "新闻出版", "文物"]),
    ("12", "卫生、体育", ["卫生健康", "医疗保障", "体育", "疫情防控"]),
    ("13", "人口与计划生育、妇女儿童工作", ["人口", "妇女儿童", "老龄工作"]),
    ("14", "劳动、人事、监察", ["就业创业", "社会保险", "人事工作", "公务员招录"]),
    ("15", "公安、安全、司法", ["公安", "司法行政", "法治政府", "公共法律服务"]),
    ("16", "民政、扶贫、救灾", ["社会救助", "社会福利", "救灾", "社区建设", "养老服务"]),
    ("17", "民族、宗教", []),
    ("18", "对外事务", []),
    ("19", "港澳台侨工作", []),
    ("20", "国防", []),
    ("21", "其他", []),
]

# 体裁（文种）: code, name, requires an interpretation when published
GENRES: list[tuple[str, str, bool]] = [
    ("ling", "令", False),
    ("jueding", "决定", True),
    ("gonggao", "公告", False),
    ("tonggao", "通告", False),
    ("yijian", "意见", True),
    ("tongzhi", "通知", False),
    ("tongbao", "通报", False),
    ("pifu", "批复", False),
    ("han", "函", False),
    ("jiyao", "纪要", False),
    ("banfa", "办法", True),
    ("guiding", "规定", True),
    ("xize", "实施细则", True),
    ("guihua", "规划", True),
    ("fangan", "方案", True),
    ("yuan", "预案", False),
    ("baogao", "报告", False),
    ("jiedu", "解读", False),
    ("qita", "其他", False),
]

# RULES §3.1: Art. 20 items every agency publishes; Art. 21 additions for city/county governments.
ART20: list[tuple[str, str]] = [
    ("20.1", "行政法规、规章和行政规范性文件"),
    ("20.2", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("20.3", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("20.4", "国民经济和社会发展统计信息"),
    ("20.5", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    ("20.6", "实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定"),
    ("20.7", "财政预算、决算信息"),
    ("20.8", "行政事业性收费项目及其依据、标准"),
    ("20.9", "政府集中采购项目的目录、标准及实施情况"),
    ("20.10", "重大建设项目的批准和实施情况"),
    ("20.11", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("20.12", "突发公共事件的应急预案、预警信息及应对情况"),
    ("20.13", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("20.14", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("20.15", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
    ("21.1", "城乡建设和管理的重大事项"),
    ("21.2", "社会公益事业建设情况"),
    ("21.3", "征收或者征用土地、房屋拆迁及其补偿、补助费用的发放、使用情况"),
    ("21.4", "抢险救灾、优抚、救济、社会捐助等款物的管理、使用和分配情况"),
    ("21.5", "公共秩序与社会治安"),
    ("21.6", "社会救助"),
]

# Topic columns across agencies: code, name, deadline (working days), rule from, keywords
TOPICS: list[tuple[str, str, int | None, str | None, list[str]]] = [
    (
        "topic.liuwen-liubao",
        "六稳六保",
        5,  # the seed: new qualifying documents appear within 5 working days
        "2020-01-01",
        ["六稳", "六保", "稳就业", "保就业", "稳外贸", "稳外资", "保市场主体", "减税降费", "复工复产"],
    ),
    ("topic.yingshang", "优化营商环境", None, None, ["营商环境"]),
]


def seed_taxonomies(apps: Any) -> None:
    """Create whatever standard value is missing (idempotent); `apps` is a migration's or django.apps."""
    Subject = apps.get_model("catalog", "Subject")
    Genre = apps.get_model("catalog", "Genre")
    Art20Category = apps.get_model("catalog", "Art20Category")
    Column = apps.get_model("catalog", "Column")
    for i, (code, name, children) in enumerate(SUBJECTS):
        parent, _ = Subject.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i * 10})
        for j, child in enumerate(children):
            Subject.objects.get_or_create(
                code=f"{code}.{j + 1:02d}", defaults={"name": child, "parent": parent, "sort_order": j * 10}
            )
    for i, (code, name, requires) in enumerate(GENRES):
        Genre.objects.get_or_create(
            code=code, defaults={"name": name, "requires_interpretation": requires, "sort_order": i * 10}
        )
    for i, (code, name) in enumerate(ART20):
        Art20Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i * 10})
    try:
        apps.get_model("catalog", "Art20Applicability")
    except LookupError:  # migration 0002 runs before the matrix exists; its own migration seeds it
        pass
    else:
        from zwgk.catalog.completeness import seed_art20_matrix

        seed_art20_matrix(apps)
    for i, (code, name, deadline, rule_from, keywords) in enumerate(TOPICS):
        Column.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "topic",
                "deadline_workdays": deadline,
                "rule_from": date.fromisoformat(rule_from) if rule_from else None,
                "qualifying_keywords": keywords,
                "sort_order": i * 10,
            },
        )
