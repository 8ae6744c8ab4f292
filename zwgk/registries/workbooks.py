"""The .xlsx templates, exports and imports of the registries (issue 22). Cells hold what
offices type: choice labels (公开方式 "主动"), several choices joined by "；". An export read
back by the import and exported again is the same workbook cell by cell (tests).

Every upload is read through `zwgk.core.spreadsheets` and its caps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.core.spreadsheets import ErrorList, xlsx_sheets
from zwgk.organizations.models import Organization
from zwgk.registries import catalogues, powers
from zwgk.registries.models import (
    Area,
    Audience,
    Channel,
    Method,
    PowerKind,
    PowerListVersion,
    StandardItem,
    Tier,
)

SEPARATOR = "；"
HELP_SHEET = "填表说明"
YES = "是"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    note: str


CATALOGUE_COLUMNS = [
    Column("一级事项", "level1", "必填"),
    Column("二级事项", "level2", "必填；同一领域内一级、二级事项的组合唯一，导入时据此更新已有事项"),
    Column("公开内容（要素）", "content", "必填"),
    Column("公开依据", "legal_basis", "必填"),
    Column("公开时限", "time_limit", "必填，原文照录，如“信息形成或变更之日起20个工作日内”"),
    Column(
        "公开时限（工作日）", "time_limit_workdays", "整数；填写后平台据此统计逾期未公开事项，常态公开留空"
    ),
    Column("公开主体", "responsible", "必填"),
    Column(
        "公开渠道和载体", "channels", "必填，可多选，用“；”分隔：" + SEPARATOR.join(map(str, Channel.labels))
    ),
    Column("公开对象", "audience", "必填：" + " / ".join(map(str, Audience.labels))),
    Column("公开方式", "method", "必填：" + " / ".join(map(str, Method.labels))),
    Column("公开层级", "tiers", "必填，可多选，用“；”分隔：" + SEPARATOR.join(map(str, Tier.labels))),
    Column("起算日期", "effective_on", "YYYY-MM-DD；公开时限自此日起算"),
    Column("排序", "sort", "整数，默认100"),
    Column("源自通用目录", "from_template", "填“是”表示采用全省通用目录中同名事项（通用目录本身留空）"),
    Column("已公开信息索引号", "documents", "落实该事项的已发布信息的索引号，多个用“；”分隔"),
]

POWER_COLUMNS = [
    Column("事项编码", "code", "必填；同一清单内唯一"),
    Column("事项类型", "kind", "必填：" + " / ".join(map(str, PowerKind.labels))),
    Column("事项名称", "name", "必填"),
    Column("子项", "sub_item", "可空"),
    Column("设定依据", "legal_basis", "必填"),
    Column("实施主体（承办机构）", "responsible_unit", "必填"),
    Column("责任事项与追责情形", "accountability", "必填"),
    Column("备注", "note", "可空"),
    Column("排序", "sort", "整数，默认100"),
]
POWER_SHEET = "权责清单"


def _labels(enum: Any, values: list[str]) -> str:
    return SEPARATOR.join(str(enum(v).label) for v in values)


def _from_labels(enum: Any, text: Any) -> list[str] | str:
    """Values for the labels in `text`; the unknown text itself when a label is not known."""
    by_label = {str(label): value for value, label in enum.choices}
    parts = [p.strip() for p in str(text or "").replace(";", SEPARATOR).split(SEPARATOR) if p.strip()]
    unknown = [p for p in parts if p not in by_label]
    if unknown:
        return "、".join(unknown)
    return [by_label[p] for p in parts]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _workbook_bytes(sheets: list[tuple[str, list[Column], list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append([c.header for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for i, column in enumerate(columns, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(
                12, len(column.header) * 2 + 2
            )
    help_ws = wb.create_sheet(title=HELP_SHEET)
    help_ws.append(["工作表", "列名", "填写说明"])
    seen: set[tuple[str, ...]] = set()
    for _title, columns, _rows in sheets:
        key = tuple(c.header for c in columns)
        if key in seen:
            continue
        seen.add(key)
        label = POWER_SHEET if columns is POWER_COLUMNS else "各领域工作表（每个领域一张，表名即领域名称）"
        for column in columns:
            help_ws.append([label, column.header, column.note])
    if not sheets:
        for column in CATALOGUE_COLUMNS:
            help_ws.append(["各领域工作表", column.header, column.note])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# --- standard catalogues ------------------------------------------------------------------------
def _catalogue_row(item: StandardItem) -> list[Any]:
    docs = sorted(d.index_no for d in item.documents.all() if d.index_no)
    return [
        item.level1,
        item.level2,
        item.content,
        item.legal_basis,
        item.time_limit,
        item.time_limit_workdays if item.time_limit_workdays is not None else "",
        item.responsible,
        _labels(Channel, item.channels),
        str(Audience(item.audience).label),
        str(Method(item.method).label),
        _labels(Tier, item.tiers),
        item.effective_on.isoformat() if item.effective_on else "",
        item.sort,
        YES if item.template_id else "",
        SEPARATOR.join(docs),
    ]


def catalogue_workbook(
    organization: Organization | None, *, areas: list[Area] | None = None, rows: bool = True
) -> bytes:
    """The unit's catalogue (None: the common catalogue), one sheet per area, plus the column
    notes. With no items this is the blank template: every active area's sheet, headers only."""
    items = (
        StandardItem.objects.filter(organization=organization)
        .select_related("area")
        .prefetch_related("documents")
        .order_by("area__sort", "sort", "level1", "level2", "id")
    )
    by_area: dict[int, list[StandardItem]] = {}
    for item in items:
        by_area.setdefault(item.area_id, []).append(item)
    if areas is None:
        areas = list(Area.objects.filter(is_active=True)) if not by_area else []
        areas += [a for a in Area.objects.filter(pk__in=by_area) if a not in areas]
        areas.sort(key=lambda a: (a.sort, a.code))
    return _workbook_bytes(
        [
            (a.name, CATALOGUE_COLUMNS, [_catalogue_row(i) for i in by_area.get(a.pk, [])] if rows else [])
            for a in areas
        ]
    )


def _check_header(where: str, header: tuple[Any, ...], columns: list[Column]) -> None:
    got = [str(h).strip() if h is not None else "" for h in header[: len(columns)]]
    if got != [c.header for c in columns]:
        raise ValidationFailed(
            f"“{where}”的表头与模板不一致，请使用平台提供的模板。",
            code="wrong_template",
            fields={where: "表头应为：" + "、".join(c.header for c in columns)},
        )


def _record(row: tuple[Any, ...], columns: list[Column]) -> dict[str, Any] | None:
    values = [_cell(v) for v in row[: len(columns)]]
    values += [""] * (len(columns) - len(values))
    if all(v == "" for v in values):
        return None  # blank rows between groups are ignored
    return {c.key: (v.strip() if isinstance(v, str) else v) for c, v in zip(columns, values, strict=True)}


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    sheets: int
    added: int = 0
    changed: int = 0
    removed: int = 0


@dataclass(frozen=True)
class PlannedRow:
    area: str
    level1: str
    level2: str
    fields: tuple[str, ...] = ()  # the changed columns' headers


@dataclass
class CatalogueImportPlan:
    """What importing a workbook would do to the unit's catalogue: rows added, rows changed
    (which columns), items removed (in an area whose sheet has rows, missing from it). Nothing
    is written until it is applied."""

    organization: Organization | None
    rows: list[tuple[catalogues.ItemInput, bool | None, list[Any]]]
    sheets: int
    added: list[PlannedRow]
    changed: list[PlannedRow]
    removed: list[StandardItem]
    untouched_areas: list[str]  # area sheets without rows: their items stay as they are

    @property
    def fingerprint(self) -> str:
        """Names what the preview showed: a confirmation is refused if it no longer holds."""
        parts = [
            *(f"+{r.area}/{r.level1}/{r.level2}" for r in self.added),
            *(f"~{r.area}/{r.level1}/{r.level2}:{','.join(r.fields)}" for r in self.changed),
            *(f"-{i.pk}" for i in self.removed),
        ]
        return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:32]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


_HEADERS = {c.key: c.header for c in CATALOGUE_COLUMNS}


def catalogue_import_plan(
    *, actor: Any, organization: Organization | None, fileobj: IO[bytes], check_permission: bool = True
) -> CatalogueImportPlan:
    """Read a workbook in the template's layout and work out what importing it would change.
    Any wrong row refuses the whole workbook; the error names the sheet and row."""
    catalogues._require_catalogue_unit(organization)
    if check_permission:
        from zwgk.registries.permissions import require_edit

        require_edit(actor, organization)
    areas = {a.name: a for a in Area.objects.all()}
    errors = ErrorList()
    parsed: list[tuple[catalogues.ItemInput, bool | None, list[Any]]] = []
    sheets = [s for s in xlsx_sheets(fileobj) if s[0] != HELP_SHEET]
    with_rows: set[int] = set()
    untouched: list[str] = []
    for title, rows in sheets:
        area = areas.get(title.strip())
        if area is None:
            errors.add(title, f"没有名为“{title}”的领域（工作表名应为领域名称）")
            continue
        if not rows:
            untouched.append(area.name)
            continue
        _check_header(title, rows[0], CATALOGUE_COLUMNS)
        before = len(parsed)
        for n, row in enumerate(rows[1:], start=2):
            record = _record(row, CATALOGUE_COLUMNS)
            if record is None:
                continue
            where = f"{title} 第{n}行"
            raw = dict(record, area=area.code)
            for key, enum in (("channels", Channel), ("tiers", Tier)):
                raw[key] = _from_labels(enum, record[key])
            for key, enum in (("audience", Audience), ("method", Method)):
                values = _from_labels(enum, record[key])
                raw[key] = values[0] if isinstance(values, list) and len(values) == 1 else str(record[key])
            bad = [k for k in ("channels", "tiers") if isinstance(raw[k], str)]
            if bad:
                errors.add(where, "；".join(f"{k} 未知取值：{raw[k]}" for k in bad))
                continue
            if record["from_template"] not in ("", YES):
                errors.add(where, f"“源自通用目录”只能填“{YES}”或留空")
                continue
            try:
                data = catalogues.parse_item(raw)
                docs = catalogues.documents_by_index(
                    [d for d in str(record["documents"]).split(SEPARATOR) if d.strip()]
                )
            except ValidationFailed as exc:
                errors.add(
                    where,
                    exc.message if not exc.fields else "；".join(f"{k}：{v}" for k, v in exc.fields.items()),
                )
                continue
            parsed.append((data, (record["from_template"] == YES) if organization else None, docs))
        if len(parsed) > before:
            with_rows.add(area.pk)
        else:
            untouched.append(area.name)
    keys = [(d.area.pk, d.level1, d.level2) for d, _, _ in parsed]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.add(f"{Area.objects.get(pk=key[0]).name}", f"事项“{key[1]}/{key[2]}”出现了不止一次")
    if errors:
        raise ValidationFailed("表格中有错误，未导入任何事项。", code="invalid_rows", fields=errors.as_dict())
    existing = {
        (i.area_id, i.level1, i.level2): i
        for i in StandardItem.objects.filter(organization=organization)
        .select_related("area")
        .prefetch_related("documents")
    }
    templates = (
        {
            (t.area_id, t.level1, t.level2): t
            for t in StandardItem.objects.filter(organization=None, area_id__in=with_rows)
        }
        if organization is not None
        else {}
    )
    added, changed = [], []
    for (data, from_template, docs), key in zip(parsed, keys, strict=True):
        item = existing.get(key)
        if item is None:
            added.append(PlannedRow(data.area.name, data.level1, data.level2))
            continue
        fields = [
            _HEADERS[f]
            for f in [*catalogues.COMPARED_FIELDS, "effective_on", "sort"]
            if getattr(item, f) != getattr(data, f)
        ]
        if from_template is not None:
            template = templates.get(key) if from_template else None
            if item.template_id != (template.pk if template else None):
                fields.append(_HEADERS["from_template"])
        if sorted(d.index_no or "" for d in item.documents.all()) != sorted(d.index_no or "" for d in docs):
            fields.append(_HEADERS["documents"])
        if fields:
            changed.append(PlannedRow(data.area.name, data.level1, data.level2, tuple(fields)))
    seen = set(keys)
    removed = [i for k, i in existing.items() if k[0] in with_rows and k not in seen]
    removed.sort(key=lambda i: (i.area.sort, i.sort, i.level1, i.level2))
    return CatalogueImportPlan(
        organization=organization,
        rows=parsed,
        sheets=len(sheets),
        added=added,
        changed=changed,
        removed=removed,
        untouched_areas=untouched,
    )


def catalogue_import(
    *,
    actor: Any,
    organization: Organization | None,
    fileobj: IO[bytes],
    confirmed: str | None = None,
    check_permission: bool = True,
) -> ImportSummary:
    """Make the unit's catalogue what the workbook says: rows added or updated, and in every area
    whose sheet has rows, the items missing from it removed. `confirmed` is the fingerprint of
    the preview staff agreed to: if the catalogue has changed since (or the file differs), the
    import is refused and nothing is written. Each change is audited, and the import itself."""
    plan = catalogue_import_plan(
        actor=actor, organization=organization, fileobj=fileobj, check_permission=check_permission
    )
    if confirmed is not None and confirmed != plan.fingerprint:
        raise Conflict("预览之后目录或表格已有变化，请重新预览后再确认导入。", code="import_plan_changed")
    with transaction.atomic():
        for data, from_template, docs in plan.rows:
            item = catalogues.standard_item_upsert(
                actor=actor,
                organization=organization,
                data=data,
                from_template=from_template,
                check_permission=False,
            )
            catalogues.standard_item_link_documents(
                actor=actor, item=item, documents=docs, check_permission=False
            )
        for item in plan.removed:
            catalogues.standard_item_delete(actor=actor, item=item, check_permission=False)
        audit.record(
            actor=actor,
            verb="registries.catalogue_import",
            organization_code=organization.code if organization else "",
            data={
                "added": len(plan.added),
                "changed": len(plan.changed),
                "removed": len(plan.removed),
                "rows": len(plan.rows),
            },
        )
    return ImportSummary(
        rows=len(plan.rows),
        sheets=plan.sheets,
        added=len(plan.added),
        changed=len(plan.changed),
        removed=len(plan.removed),
    )


# --- power lists --------------------------------------------------------------------------------
def power_workbook(version: PowerListVersion | None) -> bytes:
    """The version's items (None: the blank template)."""
    rows = []
    if version is not None:
        for i in version.items.all():
            rows.append(
                [
                    i.code,
                    str(PowerKind(i.kind).label),
                    i.name,
                    i.sub_item,
                    i.legal_basis,
                    i.responsible_unit,
                    i.accountability,
                    i.note,
                    i.sort,
                ]
            )
    return _workbook_bytes([(POWER_SHEET, POWER_COLUMNS, rows)])


def power_import(
    *, actor: Any, organization: Organization, fileobj: IO[bytes], check_permission: bool = True
) -> PowerListVersion:
    """The sheet becomes the agency's draft version (started if needed); publish it after."""
    if check_permission:
        from zwgk.registries.permissions import require_edit

        require_edit(actor, organization)
    sheets = dict(s for s in xlsx_sheets(fileobj) if s[0] != HELP_SHEET)
    rows = sheets.get(POWER_SHEET)
    if rows is None:
        raise ValidationFailed(
            f"表格中没有“{POWER_SHEET}”工作表，请使用平台提供的模板。", code="wrong_template"
        )
    if not rows:
        raise ValidationFailed("表格是空的。", code="wrong_template")
    _check_header(POWER_SHEET, rows[0], POWER_COLUMNS)
    errors = ErrorList()
    items: list[powers.PowerInput] = []
    for n, row in enumerate(rows[1:], start=2):
        record = _record(row, POWER_COLUMNS)
        if record is None:
            continue
        kinds = _from_labels(PowerKind, record["kind"])
        record["kind"] = kinds[0] if isinstance(kinds, list) and len(kinds) == 1 else f"?{record['kind']}"
        try:
            items.append(powers.parse_power_item(record))
        except ValidationFailed as exc:
            errors.add(f"第{n}行", "；".join(f"{k}：{v}" for k, v in exc.fields.items()))
    if errors:
        raise ValidationFailed("表格中有错误，未导入任何事项。", code="invalid_rows", fields=errors.as_dict())
    with transaction.atomic():
        draft = powers.power_list_draft(actor=actor, organization=organization, check_permission=False)
        return powers.power_list_replace(actor=actor, version=draft, items=items, check_permission=False)
