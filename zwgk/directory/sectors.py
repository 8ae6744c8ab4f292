"""The standard sectors of public enterprises and institutions (RULES §3.5; 国办发〔2020〕50号 and
the seed's additions). Seeded once; from then on data that administrators edit."""

from __future__ import annotations

from typing import Any

SECTORS = [
    ("education", "教育"),
    ("health", "卫生健康"),
    ("water", "供水"),
    ("power", "供电"),
    ("gas", "供气"),
    ("heating", "供热"),
    ("environment", "环境保护"),
    ("transport", "公共交通"),
    ("culture_tourism", "文化和旅游"),
    ("medical_insurance", "医疗保障"),
    ("post_telecom", "邮政和通信"),
]


def seed_sectors(apps: Any) -> None:
    """Create whichever standard sector is missing (idempotent; a migration's apps or django's)."""
    Sector = apps.get_model("directory", "Sector")
    for i, (code, name) in enumerate(SECTORS):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "sort": (i + 1) * 10})
