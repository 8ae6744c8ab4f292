"""Units and their service outlets as one .xlsx sheet, the form offices already keep them in.

One row per outlet; a unit without outlets has one row with the outlet columns empty. Import
brings each listed unit to what the sheet says: its sector, and exactly the outlets listed
(outlets no longer listed are deleted). Units must exist (they are organizations, created by the
platform administrator); only units the importer may edit are changed. Export then import
then export gives the same cells (tests compare them one by one).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.core.spreadsheets import ErrorList, xlsx_rows
from zwgk.directory import services
from zwgk.directory.models import Sector, ServiceOutlet
from zwgk.organizations.models import Organization, OrgKind

SHEET_TITLE = "单位及服务网点"
HEADERS: tuple[str, ...] = (
    "单位代码",
    "单位名称",
    "领域代码",
    "主管部门代码",
    "网点名称",
    "地址",
    "服务时间",
    "联系电话",
    "排序",
)
# Informative columns: written on export, not read back (the platform owns these facts).
INFORMATIVE = {"单位名称", "主管部门代码"}
WIDTHS = (16, 30, 12, 14, 24, 40, 24, 18, 8)


def export_workbook(units: Iterable[Organization]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for unit in units:
        link = getattr(unit, "unit_sector", None)
        head = [
            unit.code,
            unit.name,
            link.sector.code if link else None,
            unit.parent.code if unit.parent else None,
        ]
        outlets = list(unit.service_outlets.all())
        if not outlets:
            sheet.append([*head, None, None, None, None, None])
        for o in outlets:
            sheet.append([*head, o.name, o.address, o.hours or None, o.phone or None, o.sort])
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class ImportResult:
    units: int = 0
    outlets: int = 0
    errors: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def import_workbook(*, actor: Any, fileobj: IO[bytes]) -> ImportResult:
    """Read the sheet, check every row, then apply all of it or nothing."""
    rows = xlsx_rows(fileobj)
    header = tuple(_text(v) for v in next(rows, ()))
    if header[: len(HEADERS)] != HEADERS:
        raise ValidationFailed(
            "表头与模板不一致，请使用导出的表格填写。",
            code="invalid_file",
            fields={"表头": "、".join(HEADERS)},
        )
    errors = ErrorList()
    units: dict[str, Organization] = {}
    sectors = {s.code: s for s in Sector.objects.all()}
    wanted: dict[str, tuple[Sector | None, list[dict[str, Any]]]] = {}
    for n, values in enumerate(rows, start=2):
        cells = dict(zip(HEADERS, (_text(v) for v in values), strict=False))
        if not any(cells.values()):
            continue
        where = f"第{n}行"
        code = cells.get("单位代码", "")
        unit = units.get(code)
        if unit is None:
            unit = Organization.objects.filter(code=code, kind=OrgKind.PUBLIC_ENTERPRISE).first()
            if unit is None:
                errors.add(where, f"未找到单位代码为“{code}”的公共企事业单位。")
                continue
            if not services.can_edit_directory(actor, unit):
                errors.add(where, f"您不能维护“{unit.display_name}”的服务信息。")
                continue
            units[code] = unit
        sector_code = cells.get("领域代码", "")
        sector = sectors.get(sector_code) if sector_code else None
        if sector_code and sector is None:
            errors.add(where, f"未知的领域代码“{sector_code}”。")
            continue
        previous = wanted.get(code)
        if previous is not None and previous[0] != sector:
            errors.add(where, "同一单位的各行领域代码应一致。")
            continue
        outlets = previous[1] if previous else []
        wanted[code] = (sector, outlets)
        name = cells.get("网点名称", "")
        if not name:
            if cells.get("地址") or cells.get("服务时间") or cells.get("联系电话"):
                errors.add(where, "请填写网点名称。")
            continue
        if not cells.get("地址"):
            errors.add(where, "请填写网点地址。")
            continue
        if any(o["name"] == name for o in outlets):
            errors.add(where, f"网点“{name}”重复。")
            continue
        sort_text = cells.get("排序", "") or "100"
        if not sort_text.isdigit():
            errors.add(where, "排序应为非负整数。")
            continue
        outlets.append(
            {
                "name": name,
                "address": cells["地址"],
                "hours": cells.get("服务时间", ""),
                "phone": cells.get("联系电话", ""),
                "sort": int(sort_text),
            }
        )
    if errors:
        raise ValidationFailed("表格有错误，未导入任何内容。", fields=errors.as_dict())
    result = ImportResult()
    with transaction.atomic():
        for code, (sector, outlets) in wanted.items():
            unit = units[code]
            services.unit_sector_set(actor=actor, organization=unit, sector=sector)
            keep = {o["name"] for o in outlets}
            for stale in ServiceOutlet.objects.filter(organization=unit).exclude(name__in=keep):
                services.service_outlet_delete(actor=actor, outlet_id=stale.pk)
            for outlet in outlets:
                services.service_outlet_upsert(actor=actor, organization=unit, **outlet)
            result.units += 1
            result.outlets += len(outlets)
        audit.record(
            actor=actor, verb="directory.import", data={"units": result.units, "outlets": result.outlets}
        )
    return result
