"""Units and their service outlets as one .xlsx sheet, the form offices already keep them in.

One row per outlet; a unit without outlets has one row with the outlet columns empty. Import
brings each listed unit to what the sheet says: its sector, and exactly the outlets listed
(outlets no longer listed are deleted). A unit code the platform does not know creates the unit
under the competent department the row names (its 信息员 or a platform administrator imports it),
with the sheet's name. Import is two steps: `import_preview` says what would be added, changed,
left unchanged and which rows are refused and why; `import_apply` writes that plan, and only that
plan (decision 0036). A unit with a refused row is left exactly as it is. Export then import then
export gives the same cells (tests compare them one by one).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.spreadsheets import ErrorList, xlsx_rows
from zwgk.directory import services
from zwgk.directory.models import Sector, ServiceOutlet
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import has_role

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
# Informative for units the platform knows (it owns these facts): written on export, not read
# back. For a unit code it does not know they are what the new unit is created with.
INFORMATIVE = {"单位名称", "主管部门代码"}
OUTLET_COLUMNS = ("网点名称", "地址", "服务时间", "联系电话", "排序")
OUTLET_LABELS = {"address": "地址", "hours": "服务时间", "phone": "联系电话", "sort": "排序"}
MAX_SORT = 9999  # as the outlet form allows
CODE_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")  # Organization.code is a slug
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class UnitPlan:
    """What the import does to one unit: create it (`unit` None), change it, or nothing."""

    code: str
    name: str
    department: Organization | None
    unit: Organization | None
    sector: Sector | None
    outlets: list[dict[str, Any]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.unit is None:
            return "added"
        return "changed" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    units: list[UnitPlan]
    refused: dict[str, str]  # "第3行" → why
    refused_units: list[str]  # codes left as they are because a row of theirs was refused

    def of_kind(self, kind: str) -> list[UnitPlan]:
        return [u for u in self.units if u.kind == kind]

    @property
    def added(self) -> list[UnitPlan]:
        return self.of_kind("added")

    @property
    def changed(self) -> list[UnitPlan]:
        return self.of_kind("changed")

    @property
    def unchanged(self) -> list[UnitPlan]:
        return self.of_kind("unchanged")

    @property
    def writes(self) -> bool:
        return any(u.kind != "unchanged" for u in self.units)

    @property
    def digest(self) -> str:
        """Names this plan: what staff confirmed is what gets written (or the preview is shown again)."""
        facts = {
            "units": [(u.code, u.kind, u.changes) for u in self.units],
            "refused": self.refused,
            "refused_units": self.refused_units,
        }
        return hashlib.sha256(json.dumps(facts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    outlets: int = 0
    refused_rows: int = 0


@dataclass
class _Wanted:
    code: str
    name: str
    department_code: str
    department: Organization | None  # the competent department of a unit to create
    sector: Sector | None
    outlets: list[dict[str, Any]] = field(default_factory=list)


def _read_header(rows: Any) -> None:
    header = tuple(_text(v) for v in next(rows, ()))
    if header[: len(HEADERS)] != HEADERS:
        raise ValidationFailed(
            "表头与模板不一致，请使用导出的表格填写。",
            code="invalid_file",
            fields={"表头": "、".join(HEADERS)},
        )


def _outlet(cells: dict[str, str]) -> dict[str, Any] | str | None:
    """The row's outlet, None for a unit row without one, or why the row is refused."""
    name = cells.get("网点名称", "")
    if not name:
        if cells.get("地址") or cells.get("服务时间") or cells.get("联系电话"):
            return "请填写网点名称。"
        return None
    if not cells.get("地址"):
        return "请填写网点地址。"
    sort_text = cells.get("排序", "") or "100"
    if not sort_text.isdigit() or int(sort_text) > MAX_SORT:
        return f"排序应为 0 至 {MAX_SORT} 的整数。"
    for column, key in (
        ("网点名称", "name"),
        ("地址", "address"),
        ("服务时间", "hours"),
        ("联系电话", "phone"),
    ):
        limit = ServiceOutlet._meta.get_field(key).max_length or 0
        if len(cells.get(column, "")) > limit:
            return f"“{column}”不能超过 {limit} 字。"
    return {
        "name": name,
        "address": cells["地址"],
        "hours": cells.get("服务时间", ""),
        "phone": cells.get("联系电话", ""),
        "sort": int(sort_text),
    }


class _Checker:
    """Who may do what to which unit, looked up once per code."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.orgs: dict[str, Organization | None] = {}

    def org(self, code: str) -> Organization | None:
        if code not in self.orgs:
            self.orgs[code] = Organization.objects.select_related("parent").filter(code=code).first()
        return self.orgs[code]

    def unit_problem(self, code: str, name: str, department_code: str) -> str:
        """Why rows of this unit cannot be imported by the actor ("" when they can)."""
        if not CODE_PATTERN.match(code):
            return "单位代码只能由字母、数字、“-”和“_”组成（不超过64位）。" if code else "请填写单位代码。"
        unit = self.org(code)
        if unit is not None:
            if unit.kind != OrgKind.PUBLIC_ENTERPRISE:
                return f"单位代码“{code}”已是“{unit.display_name}”的机构代码，该机构不是公共企事业单位。"
            if not services.can_edit_directory(self.actor, unit):
                return f"您不能维护“{unit.display_name}”的服务信息。"
            return ""
        if not name:
            return f"平台中没有单位代码为“{code}”的单位；新增单位请填写单位名称。"
        if len(name) > (limit := Organization._meta.get_field("name").max_length or 0):
            return f"“单位名称”不能超过 {limit} 字。"
        department = self.org(department_code) if department_code else None
        if department is None or department.kind == OrgKind.PUBLIC_ENTERPRISE or not department.is_active:
            return f"新增单位“{name}”请填写主管部门代码（平台中的行政机关代码）。"
        if not has_role(self.actor, department, Role.EDITOR):
            return f"只有{department.display_name}的信息员或平台管理员可以新增其主管的单位。"
        return ""


def _read(actor: Any, fileobj: IO[bytes]) -> tuple[dict[str, _Wanted], dict[str, str], set[str]]:
    rows = xlsx_rows(fileobj)
    _read_header(rows)
    check = _Checker(actor)
    errors = ErrorList()
    wanted: dict[str, _Wanted] = {}
    refused_units: set[str] = set()
    for n, values in enumerate(rows, start=2):
        cells = dict(zip(HEADERS, (_text(v) for v in values), strict=False))
        if not any(cells.values()):
            continue
        where = f"第{n}行"
        code = cells.get("单位代码", "")

        def refuse(message: str, code: str = code, where: str = where) -> None:
            errors.add(where, message)
            if code:
                refused_units.add(code)

        problem = check.unit_problem(code, cells.get("单位名称", ""), cells.get("主管部门代码", ""))
        if problem:
            refuse(problem)
            continue
        sector_code = cells.get("领域代码", "")
        sector = check.sectors.get(sector_code) if sector_code else None
        if sector_code and sector is None:
            refuse(f"未知的领域代码“{sector_code}”。")
            continue
        unit = wanted.get(code)
        if unit is None:
            department_code = cells.get("主管部门代码", "")
            department = check.org(department_code) if check.org(code) is None else None
            unit = wanted[code] = _Wanted(
                code, cells.get("单位名称", ""), department_code, department, sector
            )
        elif unit.sector != sector:
            refuse("同一单位的各行领域代码应一致。")
            continue
        elif check.org(code) is None and (unit.name, unit.department_code) != (
            cells.get("单位名称", ""),
            cells.get("主管部门代码", ""),
        ):
            refuse("新增单位的各行单位名称和主管部门代码应一致。")
            continue
        outlet = _outlet(cells)
        if isinstance(outlet, str):
            refuse(outlet)
        elif outlet is not None:
            if any(o["name"] == outlet["name"] for o in unit.outlets):
                refuse(f"网点“{outlet['name']}”重复。")
            else:
                unit.outlets.append(outlet)
    return wanted, errors.as_dict(), refused_units


def _changes(unit: Organization, want: _Wanted) -> list[str]:
    changes = []
    link = getattr(unit, "unit_sector", None)
    current_sector = link.sector if link is not None else None
    if current_sector != want.sector:
        before = current_sector.name if current_sector else "未指定"
        changes.append(f"所属领域：{before} → {want.sector.name if want.sector else '未指定'}")
    current = {o.name: o for o in unit.service_outlets.all()}
    for outlet in want.outlets:
        old = current.get(outlet["name"])
        if old is None:
            changes.append(f"新增网点：{outlet['name']}")
            continue
        differ = [label for key, label in OUTLET_LABELS.items() if getattr(old, key) != outlet[key]]
        if differ:
            changes.append(f"修改网点：{outlet['name']}（{'、'.join(differ)}）")
    keep = {o["name"] for o in want.outlets}
    changes.extend(f"删除网点：{name}" for name in current if name not in keep)
    return changes


def import_preview(*, actor: Any, fileobj: IO[bytes]) -> ImportPlan:
    """What importing the sheet would do, without writing anything. Raises ValidationFailed only
    for a file that is not the template (its header) or cannot be read."""
    wanted, refused, refused_units = _read(actor, fileobj)
    existing = {
        o.code: o
        for o in Organization.objects.filter(code__in=list(wanted), kind=OrgKind.PUBLIC_ENTERPRISE)
        .select_related("parent", "unit_sector__sector")
        .prefetch_related("service_outlets")
    }
    plans = []
    for code, want in wanted.items():
        if code in refused_units:
            continue
        unit = existing.get(code)
        if unit is None and want.department is not None:  # else unit_problem refused its rows
            department = want.department
            changes = [f"新增单位：{want.name}（主管部门：{department.display_name}）"]
            if want.sector:
                changes.append(f"所属领域：{want.sector.name}")
            changes.extend(f"新增网点：{o['name']}" for o in want.outlets)
            plans.append(UnitPlan(code, want.name, department, None, want.sector, want.outlets, changes))
            continue
        if unit is None:
            continue
        notes = []
        if want.name and want.name != unit.name:
            notes.append(f"表中单位名称“{want.name}”与平台登记的不同，以平台登记为准（不导入）。")
        if want.department_code and unit.parent and want.department_code != unit.parent.code:
            notes.append(
                f"表中主管部门代码“{want.department_code}”与平台登记的“{unit.parent.code}”不同，以平台登记为准（不导入）。"
            )
        plans.append(
            UnitPlan(
                code, unit.name, unit.parent, unit, want.sector, want.outlets, _changes(unit, want), notes
            )
        )
    return ImportPlan(units=plans, refused=refused, refused_units=sorted(refused_units))


def _check_new_unit(actor: Any, item: UnitPlan) -> None:
    # Checked again when writing: a plan is only data, and the code may have been taken since.
    if item.department is None or not has_role(actor, item.department, Role.EDITOR):
        raise NotPermitted("只有主管部门的信息员或平台管理员可以新增其主管的单位。")
    if Organization.objects.filter(code=item.code).exists():
        raise ValidationFailed(f"单位代码“{item.code}”已被使用，请重新上传表格预览。", code="conflict")


def import_apply(*, actor: Any, plan: ImportPlan) -> ImportResult:
    """Write the plan `import_preview` made: new units with their outlets, changed units brought to
    the sheet, all in one transaction and audited (each change, and the import as a whole)."""
    from zwgk.organizations.services import organization_upsert

    result = ImportResult(unchanged=len(plan.unchanged), refused_rows=len(plan.refused))
    with transaction.atomic():
        for item in plan.units:
            if item.kind == "unchanged":
                continue
            unit = item.unit
            if unit is None:
                _check_new_unit(actor, item)
                unit = organization_upsert(
                    actor=actor,
                    code=item.code,
                    check_permission=False,  # the competent department's 信息员 adds its units
                    name=item.name,
                    kind=OrgKind.PUBLIC_ENTERPRISE,
                    parent=item.department,
                )
                result.added += 1
            else:
                result.changed += 1
            services.unit_sector_set(actor=actor, organization=unit, sector=item.sector)
            keep = {o["name"] for o in item.outlets}
            for stale in ServiceOutlet.objects.filter(organization=unit).exclude(name__in=keep):
                services.service_outlet_delete(actor=actor, outlet_id=stale.pk)
            for outlet in item.outlets:
                services.service_outlet_upsert(actor=actor, organization=unit, **outlet)
            result.outlets += len(item.outlets)
        audit.record(
            actor=actor,
            verb="directory.import",
            data={
                "added": [u.code for u in plan.added],
                "changed": [u.code for u in plan.changed],
                "unchanged": result.unchanged,
                "outlets": result.outlets,
                "refused_rows": result.refused_rows,
            },
        )
    return result


def import_workbook(*, actor: Any, fileobj: IO[bytes]) -> ImportResult:
    """Preview and apply in one go (commands and tests; the back office confirms in between)."""
    return import_apply(actor=actor, plan=import_preview(actor=actor, fileobj=fileobj))
