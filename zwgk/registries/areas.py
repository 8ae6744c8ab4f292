"""The 26 commonly cited standard areas (RULES §3.4; 国办发〔2019〕54号), seeded as editable data."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.registries.models import Area
from zwgk.registries.permissions import require_city_wide

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
    model = Area if apps is None else apps.get_model("registries", "Area")
    created = 0
    for n, (code, name) in enumerate(COMMON_AREAS, start=1):
        if not model.objects.filter(code=code).exists() and not model.objects.filter(name=name).exists():
            model.objects.create(code=code, name=name, sort=n * 10)
            created += 1
    return created


# --- changes (platform administrators; each audited) -------------------------------------------
AREA_FIELDS = ["code", "name", "sort", "is_active"]


def _area_checks(*, name: str, sort: int, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "必填"
    elif Area.objects.filter(name=name).exclude(pk=exclude).exists():
        errors["name"] = "已有同名领域"
    if not 0 <= sort <= 9999:
        errors["sort"] = "应为 0–9999"
    return errors


def area_create(*, actor: Any, code: str, name: str, sort: int = 100) -> Area:
    """A new standard area. The code appears in addresses (?area=) and the API, so it is chosen
    once and never changes; the name may (local catalogues rename areas)."""
    require_city_wide(actor)
    code, name = code.strip(), name.strip()
    errors = _area_checks(name=name, sort=sort)
    if not code or slugify(code) != code or len(code) > 64:
        errors["code"] = "由小写字母、数字和连字符组成，最长64位"
    elif Area.objects.filter(code=code).exists():
        errors["code"] = "代码已被使用"
    if errors:
        raise ValidationFailed("领域填写有误。", fields=errors)
    with transaction.atomic():
        area = Area.objects.create(code=code, name=name, sort=sort)
        audit.record(
            actor=actor, verb="registries.area_create", target=area, after=audit.snapshot(area, AREA_FIELDS)
        )
    return area


def area_update(*, actor: Any, area: Area, name: str, sort: int, is_active: bool) -> Area:
    """Rename, reorder, or (de)activate an area. A deactivated area keeps its items (units'
    catalogues still show them) but is no longer offered for new items, adoption or the blank
    template; areas are never deleted, since items refer to them."""
    require_city_wide(actor)
    name = name.strip()
    errors = _area_checks(name=name, sort=sort, exclude=area.pk)
    if errors:
        raise ValidationFailed("领域填写有误。", fields=errors)
    before = audit.snapshot(area, AREA_FIELDS)
    area.name, area.sort, area.is_active = name, sort, is_active
    after = audit.snapshot(area, AREA_FIELDS)
    if before == after:
        return area
    with transaction.atomic():
        area.save(update_fields=["name", "sort", "is_active"])
        audit.record(actor=actor, verb="registries.area_update", target=area, before=before, after=after)
    return area
