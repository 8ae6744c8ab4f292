"""The 26 commonly cited standard areas (RULES §3.4; 国办发〔2019〕54号), seeded as editable data."""

from __future__ import annotations

from typing import Any

# (code, name) in the order RULES §3.4 lists them.
COMMON_AREAS: list[tuple[str, str]] = [
    ("major-projects", "重大建设项目"),
    ("public-resource-trading", "公共资源交易"),
    ("budgets", "财政预决算"),
    ("work-safety", "安全生产"),
    ("taxation", "税收管理"),
    ("land-compensation", "征地补偿"),
    ("housing-expropriation", "国有土地上房屋征收与补偿"),
    ("planning", "城乡规划"),
    ("environment", "环境保护"),
    ("public-culture", "公共文化服务"),
    ("legal-services", "公共法律服务"),
    ("poverty-alleviation", "扶贫"),
    ("disaster-relief", "救灾"),
    ("food-and-drugs", "食品药品监管"),
    ("urban-enforcement", "城市综合执法"),
    ("employment", "就业"),
    ("social-insurance", "社会保险"),
    ("social-assistance", "社会救助"),
    ("elderly-care", "养老服务"),
    ("household-registration", "户籍管理"),
    ("agricultural-subsidies", "涉农补贴"),
    ("health", "医疗卫生"),
    ("municipal-services", "市政服务"),
    ("rural-housing", "农村危房改造"),
    ("affordable-housing", "保障性住房"),
    ("compulsory-education", "义务教育"),
]


def seed_areas(apps: Any = None) -> int:
    """Create the areas that are missing (by code); never touches edited names. Returns how many
    were created. `apps` is a migration's app registry, or None for the live models."""
    if apps is None:
        from zwgk.registries.models import Area
    else:
        Area = apps.get_model("registries", "Area")
    created = 0
    for n, (code, name) in enumerate(COMMON_AREAS, start=1):
        if not Area.objects.filter(code=code).exists() and not Area.objects.filter(name=name).exists():
            Area.objects.create(code=code, name=name, sort=n * 10)
            created += 1
    return created
