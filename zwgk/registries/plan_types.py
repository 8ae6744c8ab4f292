"""Emergency plan types seeded as editable data (突发事件应急预案管理办法, 国办发〔2024〕5号).

The evaluation period of each type is configuration, not law the platform encodes: the measures
require periodic evaluation; 36 months is the product default (decision 0024), changed per type
by the emergency-management office.
"""

from __future__ import annotations

from typing import Any

PLAN_TYPES: list[tuple[str, str, int]] = [
    ("general", "总体应急预案", 36),
    ("special", "专项应急预案", 36),
    ("departmental", "部门应急预案", 36),
    ("grassroots", "基层组织和单位应急预案", 36),
    ("major-event", "重大活动应急预案", 12),
]


def seed_plan_types(apps: Any = None) -> None:
    if apps is None:
        from zwgk.registries.models import EmergencyPlanType
    else:
        EmergencyPlanType = apps.get_model("registries", "EmergencyPlanType")
    for n, (code, name, months) in enumerate(PLAN_TYPES, start=1):
        EmergencyPlanType.objects.get_or_create(
            code=code, defaults={"name": name, "review_period_months": months, "sort": n * 10}
        )
