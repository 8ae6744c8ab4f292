"""Base-level standard catalogues (基层政务公开标准目录, RULES §3.4): input parsing, changes
(one function per state change, each audited), adoption of the common catalogue and the
reports: items with nothing published within their time limit, departures from the template."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from zwgk.catalog.models import Document, DocumentState
from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization, OrgKind
from zwgk.registries.models import Area, Audience, Channel, Method, StandardItem, Tier
from zwgk.registries.permissions import require_edit

# RULES §3.4: catalogues are kept by county-level and township-level governments.
CATALOGUE_KINDS = frozenset({OrgKind.DISTRICT, OrgKind.DEVELOPMENT_ZONE, OrgKind.TOWNSHIP, OrgKind.STREET})

# The columns a district may change after adopting a template item; the departure report
# compares exactly these (level1/level2 and the area identify the item).
COMPARED_FIELDS = [
    "content",
    "legal_basis",
    "time_limit",
    "time_limit_workdays",
    "responsible",
    "channels",
    "audience",
    "method",
    "tiers",
]
AUDITED_FIELDS = ["area", "level1", "level2", *COMPARED_FIELDS, "effective_on", "sort", "template"]


@dataclass
class ItemInput:
    area: Area
    level1: str
    level2: str
    content: str
    legal_basis: str
    time_limit: str
    responsible: str
    audience: str
    method: str
    channels: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    time_limit_workdays: int | None = None
    effective_on: date | None = None
    sort: int = 100


def _text(raw: dict[str, Any], name: str, errors: dict[str, str], *, required: bool = True) -> str:
    value = raw.get(name)
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors[name] = "必填"
    return text


def _choices(values: Any, enum: type, name: str, errors: dict[str, str]) -> list[str]:
    if values is None or values == "":
        return []
    if not isinstance(values, list):
        errors[name] = "应为列表"
        return []
    unknown = [v for v in values if v not in enum.values]
    if unknown:
        errors[name] = f"未知取值：{'、'.join(map(str, unknown))}"
        return []
    # Stored in the checklist's order, once each: the same set always reads the same.
    return [v for v in enum.values if v in values]


def parse_item(raw: dict[str, Any]) -> ItemInput:
    """A catalogue item from API/form/spreadsheet values (choice values, not labels); raises
    ValidationFailed naming every bad field."""
    errors: dict[str, str] = {}
    area_code = _text(raw, "area", errors)
    area = Area.objects.filter(code=area_code).first() if area_code else None
    if area_code and area is None:
        errors["area"] = f"未知领域：{area_code}"
    audience = _text(raw, "audience", errors)
    if audience and audience not in Audience.values:
        errors["audience"] = " / ".join(Audience.values)
    method = _text(raw, "method", errors)
    if method and method not in Method.values:
        errors["method"] = " / ".join(Method.values)
    workdays = raw.get("time_limit_workdays")
    if workdays in ("", None):
        workdays = None
    else:
        try:
            workdays = int(workdays)
            if workdays < 0 or workdays > 3650:
                raise ValueError
        except (TypeError, ValueError):
            errors["time_limit_workdays"] = "应为 0–3650 的整数"
            workdays = None
    effective = raw.get("effective_on")
    if isinstance(effective, str) and effective.strip():
        try:
            effective = date.fromisoformat(effective.strip())
        except ValueError:
            errors["effective_on"] = "日期格式应为 YYYY-MM-DD"
            effective = None
    elif not isinstance(effective, date):
        effective = None
    sort = raw.get("sort", 100)
    try:
        sort = int(sort if sort not in ("", None) else 100)
        if sort < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["sort"] = "应为非负整数"
        sort = 100
    data = {
        name: _text(raw, name, errors)
        for name in ("level1", "level2", "content", "legal_basis", "time_limit", "responsible")
    }
    channels = _choices(raw.get("channels"), Channel, "channels", errors)
    tiers = _choices(raw.get("tiers"), Tier, "tiers", errors)
    if not channels and "channels" not in errors:
        errors["channels"] = "至少选择一个公开渠道"
    if not tiers and "tiers" not in errors:
        errors["tiers"] = "至少选择一个公开层级"
    if errors:
        raise ValidationFailed("标准目录事项填写不完整或有误。", fields=errors)
    assert area is not None
    return ItemInput(
        area=area,
        audience=audience,
        method=method,
        channels=channels,
        tiers=tiers,
        time_limit_workdays=workdays,
        effective_on=effective,
        sort=sort,
        **data,
    )


def _require_catalogue_unit(organization: Organization | None) -> None:
    if organization is not None and organization.kind not in CATALOGUE_KINDS:
        raise ValidationFailed(
            f"“{organization.display_name}”不是区市县、先导区、乡镇或街道，不编制基层政务公开标准目录。",
            code="not_a_catalogue_unit",
        )


def _apply(item: StandardItem, data: ItemInput) -> None:
    for name in (
        "area",
        "level1",
        "level2",
        "content",
        "legal_basis",
        "time_limit",
        "time_limit_workdays",
        "responsible",
        "channels",
        "audience",
        "method",
        "tiers",
        "effective_on",
        "sort",
    ):
        setattr(item, name, getattr(data, name))


def standard_item_upsert(
    *,
    actor: Any,
    organization: Organization | None,
    data: ItemInput,
    from_template: bool | None = None,
    check_permission: bool = True,
) -> StandardItem:
    """Create or update the unit's item (area, level1, level2); `organization=None` is the
    common catalogue. `from_template=True` links it to the common item of the same name (the
    spreadsheet's 源自通用目录 column), False unlinks it, None leaves the link as it is."""
    _require_catalogue_unit(organization)
    if check_permission:
        require_edit(actor, organization)
    with transaction.atomic():
        item = (
            StandardItem.objects.select_for_update()
            .filter(organization=organization, area=data.area, level1=data.level1, level2=data.level2)
            .first()
        )
        before = audit.snapshot(item, AUDITED_FIELDS) if item else None
        if item is None:
            item = StandardItem(organization=organization)
        _apply(item, data)
        if from_template is not None and organization is not None:
            item.template = _template_for(data) if from_template else None
            if from_template and item.template is None:
                raise ValidationFailed(
                    f"全省通用目录中没有“{data.area.name} {data.level1}/{data.level2}”，"
                    "不能标为源自通用目录。",
                    fields={"from_template": "通用目录中无此事项"},
                )
        after = audit.snapshot(item, AUDITED_FIELDS)
        if before == after:
            return item
        item.save()
        audit.record(
            actor=actor,
            verb="registries.standard_item_upsert",
            target=item,
            organization_code=organization.code if organization else "",
            before=before,
            after=after,
        )
    return item


def _template_for(data: ItemInput) -> StandardItem | None:
    return StandardItem.objects.filter(
        organization=None, area=data.area, level1=data.level1, level2=data.level2
    ).first()


def standard_item_delete(*, actor: Any, item: StandardItem, check_permission: bool = True) -> None:
    if check_permission:
        require_edit(actor, item.organization)
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="registries.standard_item_delete",
            target=item,
            organization_code=item.organization.code if item.organization else "",
            before=audit.snapshot(item, AUDITED_FIELDS),
        )
        item.delete()


def documents_by_index(index_numbers: list[str]) -> list[Document]:
    """Published documents by index number; an unknown or unpublished one is an error."""
    wanted = [n.strip() for n in index_numbers if n and n.strip()]
    found = {
        d.index_no: d for d in Document.objects.filter(index_no__in=wanted, state=DocumentState.PUBLISHED)
    }
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValidationFailed(
            f"找不到已发布的信息：{'、'.join(missing)}", fields={"documents": "索引号不存在或未发布"}
        )
    return [found[n] for n in dict.fromkeys(wanted)]


def standard_item_link_documents(
    *, actor: Any, item: StandardItem, documents: list[Document], check_permission: bool = True
) -> StandardItem:
    """Set the published items that fulfil this catalogue item (replaces the previous set)."""
    if check_permission:
        require_edit(actor, item.organization)
    before = sorted(d.index_no or "" for d in item.documents.all())
    after = sorted(d.index_no or "" for d in documents)
    if before == after:
        return item
    with transaction.atomic():
        item.documents.set(documents)
        audit.record(
            actor=actor,
            verb="registries.standard_item_documents",
            target=item,
            organization_code=item.organization.code if item.organization else "",
            before={"documents": before},
            after={"documents": after},
        )
    return item


def catalogue_adopt(
    *, actor: Any, organization: Organization, area: Area, check_permission: bool = True
) -> list[StandardItem]:
    """Adopt the common catalogue of `area`: copy each template item the unit does not have yet
    (by level1/level2), linked to its template. Items the unit already has stay as they are."""
    _require_catalogue_unit(organization)
    if check_permission:
        require_edit(actor, organization)
    created: list[StandardItem] = []
    with transaction.atomic():
        existing = set(
            StandardItem.objects.filter(organization=organization, area=area).values_list("level1", "level2")
        )
        for template in StandardItem.objects.filter(organization=None, area=area):
            if (template.level1, template.level2) in existing:
                continue
            item = StandardItem(organization=organization, area=area, template=template)
            for name in [*COMPARED_FIELDS, "level1", "level2", "effective_on", "sort"]:
                setattr(item, name, getattr(template, name))
            item.save()
            created.append(item)
        audit.record(
            actor=actor,
            verb="registries.catalogue_adopt",
            organization_code=organization.code,
            data={"area": area.code, "created": len(created)},
        )
    return created


# --- reports ------------------------------------------------------------------------------------
class Unfulfilled:
    MISSING = "missing"  # nothing published and the time limit has run out
    LATE = "late"  # the first publication came after the time limit


@dataclass(frozen=True)
class UnfulfilledRow:
    item: StandardItem
    due_on: date
    status: str
    first_published_on: date | None

    @property
    def status_label(self) -> str:
        return "逾期未公开" if self.status == Unfulfilled.MISSING else "超时限公开"


def unfulfilled_items(organization: Organization | None, *, today: date) -> list[UnfulfilledRow]:
    """Items of the unit (every unit when None) whose time limit has run out with nothing of
    theirs published within it. The limit is `time_limit_workdays` working days after
    `effective_on` (RULES §1 counting); items without both are standing items and not listed."""
    cal = calendar_current()
    items = StandardItem.objects.filter(
        organization__isnull=False, time_limit_workdays__isnull=False, effective_on__isnull=False
    ).select_related("area", "organization")
    if organization is not None:
        items = items.filter(organization=organization)
    firsts: dict[int, date] = {}
    links = StandardItem.documents.through.objects.filter(
        standarditem__in=items, document__state=DocumentState.PUBLISHED
    ).values_list("standarditem_id", "document__published_on")
    for item_id, published_on in links:
        if published_on and (item_id not in firsts or published_on < firsts[item_id]):
            firsts[item_id] = published_on
    rows = []
    for item in items:
        assert item.effective_on is not None and item.time_limit_workdays is not None
        due = cal.add_workdays(item.effective_on, item.time_limit_workdays)
        first = firsts.get(item.pk)
        if first is None and today > due:
            rows.append(UnfulfilledRow(item, due, Unfulfilled.MISSING, None))
        elif first is not None and first > due:
            rows.append(UnfulfilledRow(item, due, Unfulfilled.LATE, first))
    return rows


class DepartureKind:
    MISSING = "missing"  # a template item the unit has not adopted
    CHANGED = "changed"  # adopted, then changed in the compared columns
    ADDED = "added"  # the unit's own extension, no template


@dataclass(frozen=True)
class Departure:
    kind: str
    area: Area
    level1: str
    level2: str
    fields: tuple[str, ...] = ()
    item: StandardItem | None = None

    @property
    def kind_label(self) -> str:
        return {"missing": "未采用通用事项", "changed": "修改了通用事项", "added": "本地扩展事项"}[self.kind]

    @property
    def field_labels(self) -> list[str]:
        return [str(StandardItem._meta.get_field(f).verbose_name) for f in self.fields]


def template_departures(organization: Organization, *, area: Area | None = None) -> list[Departure]:
    """Where the unit's catalogue departs from the common catalogue, for the areas the unit has
    adopted (any item linked to a template) or `area`: template items missing, items changed,
    items added. Matching is by the template link, then by level1/level2."""
    own = list(StandardItem.objects.filter(organization=organization).select_related("area", "template"))
    areas = {i.area_id for i in own if i.template_id} if area is None else {area.pk}
    templates = list(StandardItem.objects.filter(organization=None, area_id__in=areas).select_related("area"))
    by_template = {i.template_id: i for i in own if i.template_id}
    by_name = {(i.area_id, i.level1, i.level2): i for i in own}
    out: list[Departure] = []
    matched: set[int] = set()
    for t in templates:
        mine = by_template.get(t.pk) or by_name.get((t.area_id, t.level1, t.level2))
        if mine is None:
            out.append(Departure(DepartureKind.MISSING, t.area, t.level1, t.level2))
            continue
        matched.add(mine.pk)
        changed = tuple(f for f in COMPARED_FIELDS if getattr(mine, f) != getattr(t, f))
        if mine.level1 != t.level1 or mine.level2 != t.level2:
            changed = ("level1", "level2", *changed)
        if changed:
            out.append(Departure(DepartureKind.CHANGED, mine.area, mine.level1, mine.level2, changed, mine))
    for mine in own:
        if mine.area_id in areas and mine.pk not in matched:
            out.append(Departure(DepartureKind.ADDED, mine.area, mine.level1, mine.level2, (), mine))
    order = {DepartureKind.MISSING: 0, DepartureKind.CHANGED: 1, DepartureKind.ADDED: 2}
    out.sort(key=lambda d: (d.area.sort, order[d.kind], d.level1, d.level2))
    return out
