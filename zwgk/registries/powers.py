"""Power and responsibility lists (权责清单; seed 四(二): publish the latest version, adjust it
dynamically) and the market-access negative list (市场准入负面清单) with the city's measures.

A list changes only through a draft version: `power_list_draft` copies the latest published
version, items are edited (one by one or by importing a sheet), `power_list_publish` makes the
draft the version the public sees. Published versions never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from zwgk.core import audit
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.registries.models import (
    NegativeCategory,
    NegativeListEdition,
    NegativeListItem,
    NegativeListLink,
    PowerItem,
    PowerKind,
    PowerListVersion,
    VersionState,
)
from zwgk.registries.permissions import require_city_wide, require_edit, require_publish

ITEM_FIELDS = [
    "code",
    "kind",
    "name",
    "sub_item",
    "legal_basis",
    "responsible_unit",
    "accountability",
    "note",
    "sort",
]
REQUIRED_FIELDS = ("code", "kind", "name", "legal_basis", "responsible_unit", "accountability")


@dataclass
class PowerInput:
    code: str
    kind: str
    name: str
    legal_basis: str
    responsible_unit: str
    accountability: str
    sub_item: str = ""
    note: str = ""
    sort: int = 100


def parse_power_item(raw: dict[str, Any]) -> PowerInput:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in ITEM_FIELDS:
        if name == "sort":
            continue
        value = raw.get(name)
        values[name] = "" if value is None else str(value).strip()
        if name in REQUIRED_FIELDS and not values[name]:
            errors[name] = "必填"
    if values["kind"] and values["kind"] not in PowerKind.values:
        errors["kind"] = " / ".join(PowerKind.values)
    sort = raw.get("sort", 100)
    try:
        values["sort"] = int(sort if sort not in ("", None) else 100)
        if values["sort"] < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["sort"] = "应为非负整数"
    if errors:
        raise ValidationFailed("权责事项填写不完整或有误。", fields=errors)
    return PowerInput(**values)


def current_version(organization: Organization) -> PowerListVersion | None:
    """The latest published version: what the public sees."""
    return (
        PowerListVersion.objects.filter(organization=organization, state=VersionState.PUBLISHED)
        .order_by("-number")
        .first()
    )


def draft_version(organization: Organization) -> PowerListVersion | None:
    return PowerListVersion.objects.filter(organization=organization, state=VersionState.DRAFT).first()


def power_list_draft(
    *, actor: Any, organization: Organization, note: str = "", check_permission: bool = True
) -> PowerListVersion:
    """The agency's draft (the adjustment under way), started from the latest published
    version when there is none."""
    if check_permission:
        require_edit(actor, organization)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        draft = draft_version(organization)
        if draft is not None:
            return draft
        base = current_version(organization)
        number = (
            PowerListVersion.objects.filter(organization=organization).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        draft = PowerListVersion.objects.create(organization=organization, number=number, note=note.strip())
        if base is not None:
            PowerItem.objects.bulk_create(
                [
                    PowerItem(version=draft, **{f: getattr(i, f) for f in ITEM_FIELDS})
                    for i in base.items.all()
                ]
            )
        audit.record(
            actor=actor,
            verb="registries.power_list_draft",
            target=draft,
            organization_code=organization.code,
            data={"from_version": base.number if base else None},
        )
    return draft


def _require_draft(version: PowerListVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise Conflict("已发布的权责清单版本不能修改，请先开始一次动态调整。", code="version_published")


def power_item_upsert(
    *, actor: Any, version: PowerListVersion, data: PowerInput, check_permission: bool = True
) -> PowerItem:
    if check_permission:
        require_edit(actor, version.organization)
    _require_draft(version)
    with transaction.atomic():
        item = PowerItem.objects.select_for_update().filter(version=version, code=data.code).first()
        before = audit.snapshot(item, ITEM_FIELDS) if item else None
        if item is None:
            item = PowerItem(version=version)
        for name in ITEM_FIELDS:
            setattr(item, name, getattr(data, name))
        after = audit.snapshot(item, ITEM_FIELDS)
        if before == after:
            return item
        item.save()
        audit.record(
            actor=actor,
            verb="registries.power_item_upsert",
            target=item,
            organization_code=version.organization.code,
            before=before,
            after=after,
        )
    return item


def power_item_delete(*, actor: Any, item: PowerItem, check_permission: bool = True) -> None:
    version = item.version
    if check_permission:
        require_edit(actor, version.organization)
    _require_draft(version)
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="registries.power_item_delete",
            target=item,
            organization_code=version.organization.code,
            before=audit.snapshot(item, ITEM_FIELDS),
        )
        item.delete()


def power_list_replace(
    *, actor: Any, version: PowerListVersion, items: list[PowerInput], check_permission: bool = True
) -> PowerListVersion:
    """The draft's items become exactly `items` (an imported sheet is the whole list)."""
    if check_permission:
        require_edit(actor, version.organization)
    _require_draft(version)
    codes = [i.code for i in items]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValidationFailed(f"事项编码重复：{'、'.join(duplicates)}", fields={"code": "重复"})
    with transaction.atomic():
        before = len(version.items.all())
        version.items.all().delete()
        PowerItem.objects.bulk_create(
            [PowerItem(version=version, **{f: getattr(i, f) for f in ITEM_FIELDS}) for i in items]
        )
        audit.record(
            actor=actor,
            verb="registries.power_list_replace",
            target=version,
            organization_code=version.organization.code,
            data={"before": before, "after": len(items)},
        )
    return version


def power_list_publish(
    *, actor: Any, version: PowerListVersion, on: date, note: str = "", check_permission: bool = True
) -> PowerListVersion:
    """Publish the draft: from now on it is the version the public sees (the latest)."""
    if check_permission:
        require_publish(actor, version.organization)
    _require_draft(version)
    if not version.items.exists():
        raise ValidationFailed("权责清单没有任何事项，不能发布。", code="empty_list")
    with transaction.atomic():
        version.state = VersionState.PUBLISHED
        version.published_on = on
        if note.strip():
            version.note = note.strip()
        version.save(update_fields=["state", "published_on", "note"])
        audit.record(
            actor=actor,
            verb="registries.power_list_publish",
            target=version,
            organization_code=version.organization.code,
            data={"number": version.number, "published_on": on.isoformat()},
        )
    return version


@dataclass(frozen=True)
class VersionChanges:
    added: list[str]
    removed: list[str]
    changed: list[str]


def version_changes(version: PowerListVersion) -> VersionChanges:
    """What this version adjusted against the previous published one (item codes)."""
    previous = (
        PowerListVersion.objects.filter(
            organization=version.organization, state=VersionState.PUBLISHED, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )
    mine = {i.code: i for i in version.items.all()}
    theirs = {i.code: i for i in previous.items.all()} if previous else {}
    changed = [
        c
        for c in mine
        if c in theirs and any(getattr(mine[c], f) != getattr(theirs[c], f) for f in ITEM_FIELDS)
    ]
    return VersionChanges(
        added=sorted(set(mine) - set(theirs)),
        removed=sorted(set(theirs) - set(mine)),
        changed=sorted(changed),
    )


# --- the negative list --------------------------------------------------------------------------
EDITION_FIELDS = ["title", "issued_on", "issuer", "is_current"]
NEGATIVE_ITEM_FIELDS = ["number", "category", "industry", "title", "measures", "city_measures"]


def _edition_checks(title: str, issuer: str, exclude: int | None = None) -> None:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "必填"
    elif NegativeListEdition.objects.filter(title=title).exclude(pk=exclude).exists():
        errors["title"] = "已有同名版本"
    if not issuer:
        errors["issuer"] = "必填"
    if errors:
        raise ValidationFailed("负面清单版本填写有误。", fields=errors)


def negative_edition_create(
    *, actor: Any, title: str, issued_on: date, issuer: str, copy_from: NegativeListEdition | None = None
) -> NegativeListEdition:
    """A new edition, not yet current: its items are entered (or copied from `copy_from`, with
    their city measures and licensing links, to be adjusted) before it is published."""
    require_city_wide(actor)
    title, issuer = title.strip(), issuer.strip()
    _edition_checks(title, issuer)
    with transaction.atomic():
        edition = NegativeListEdition.objects.create(title=title, issued_on=issued_on, issuer=issuer)
        copied = 0
        if copy_from is not None:
            for old in copy_from.items.prefetch_related("links"):
                new = NegativeListItem.objects.create(
                    edition=edition, **{f: getattr(old, f) for f in NEGATIVE_ITEM_FIELDS}
                )
                NegativeListLink.objects.bulk_create(
                    [
                        NegativeListLink(
                            item=new, organization_id=link.organization_id, power_code=link.power_code
                        )
                        for link in old.links.all()
                    ]
                )
                copied += 1
        audit.record(
            actor=actor,
            verb="registries.negative_edition_create",
            target=edition,
            after=audit.snapshot(edition, EDITION_FIELDS),
            data={"copied_from": copy_from.title if copy_from else None, "items": copied},
        )
    return edition


def negative_edition_update(
    *, actor: Any, edition: NegativeListEdition, title: str, issued_on: date, issuer: str
) -> NegativeListEdition:
    require_city_wide(actor)
    title, issuer = title.strip(), issuer.strip()
    _edition_checks(title, issuer, exclude=edition.pk)
    before = audit.snapshot(edition, EDITION_FIELDS)
    edition.title, edition.issued_on, edition.issuer = title, issued_on, issuer
    after = audit.snapshot(edition, EDITION_FIELDS)
    if before == after:
        return edition
    with transaction.atomic():
        edition.save(update_fields=["title", "issued_on", "issuer"])
        audit.record(
            actor=actor, verb="registries.negative_edition_update", target=edition, before=before, after=after
        )
    return edition


def negative_edition_set_current(*, actor: Any, edition: NegativeListEdition) -> NegativeListEdition:
    """Publish the edition: the portal shows it from now on; the previous one is kept (no longer
    current) with its items and links."""
    require_city_wide(actor)
    if edition.is_current:
        return edition
    if not edition.items.exists():
        raise ValidationFailed("该版本还没有任何事项，不能发布为现行版本。", code="empty_edition")
    with transaction.atomic():
        previous = list(NegativeListEdition.objects.filter(is_current=True).exclude(pk=edition.pk))
        for old in previous:
            # Saved one by one (not update()) so the page cache sees the change.
            old.is_current = False
            old.save(update_fields=["is_current"])
        edition.is_current = True
        edition.save(update_fields=["is_current"])
        audit.record(
            actor=actor,
            verb="registries.negative_edition_current",
            target=edition,
            data={"previous": [e.title for e in previous]},
        )
    return edition


@dataclass
class NegativeItemInput:
    number: int
    category: str
    industry: str
    title: str
    measures: str
    city_measures: str = ""


def parse_negative_item(raw: dict[str, Any]) -> NegativeItemInput:
    errors: dict[str, str] = {}
    values = {
        f: ("" if raw.get(f) is None else str(raw.get(f)).strip())
        for f in ("category", "industry", "title", "measures", "city_measures")
    }
    for f in ("category", "industry", "title", "measures"):
        if not values[f]:
            errors[f] = "必填"
    if values["category"] and values["category"] not in NegativeCategory.values:
        errors["category"] = " / ".join(NegativeCategory.values)
    try:
        number = int(raw.get("number") or 0)
        if not 1 <= number <= 9999:
            raise ValueError
    except (TypeError, ValueError):
        errors["number"] = "应为 1–9999 的整数"
        number = 0
    if errors:
        raise ValidationFailed("负面清单事项填写不完整或有误。", fields=errors)
    return NegativeItemInput(number=number, **values)


def negative_item_save(
    *, actor: Any, edition: NegativeListEdition, data: NegativeItemInput
) -> NegativeListItem:
    """Create or update the edition's item `data.number`."""
    require_city_wide(actor)
    with transaction.atomic():
        item = (
            NegativeListItem.objects.select_for_update().filter(edition=edition, number=data.number).first()
        )
        before = audit.snapshot(item, NEGATIVE_ITEM_FIELDS) if item else None
        if item is None:
            item = NegativeListItem(edition=edition)
        for f in NEGATIVE_ITEM_FIELDS:
            setattr(item, f, getattr(data, f))
        after = audit.snapshot(item, NEGATIVE_ITEM_FIELDS)
        if before == after:
            return item
        item.save()
        audit.record(
            actor=actor,
            verb="registries.negative_item_save",
            target=item,
            before=before,
            after=after,
            data={"edition": edition.title},
        )
    return item


def negative_item_delete(*, actor: Any, item: NegativeListItem) -> None:
    require_city_wide(actor)
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="registries.negative_item_delete",
            target=item,
            before=audit.snapshot(item, NEGATIVE_ITEM_FIELDS),
            data={"edition": item.edition.title, "links": item.links.count()},
        )
        item.delete()


def negative_item_unlink(*, actor: Any, link: NegativeListLink) -> None:
    require_city_wide(actor)
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="registries.negative_item_unlink",
            target=link.item,
            organization_code=link.organization.code,
            data={"power_code": link.power_code},
        )
        link.delete()


def negative_item_measures_set(*, actor: Any, item: NegativeListItem, city_measures: str) -> NegativeListItem:
    """The city's implementation measures for one item of the national list."""
    require_city_wide(actor)
    before = {"city_measures": item.city_measures}
    item.city_measures = city_measures.strip()
    if before["city_measures"] == item.city_measures:
        return item
    with transaction.atomic():
        item.save(update_fields=["city_measures"])
        audit.record(
            actor=actor,
            verb="registries.negative_item_measures",
            target=item,
            before=before,
            after={"city_measures": item.city_measures},
        )
    return item


def licensing_item(organization: Organization, code: str) -> PowerItem | None:
    """The agency's licensing item `code` in its latest published list."""
    version = current_version(organization)
    if version is None:
        return None
    return version.items.filter(code=code, kind=PowerKind.LICENSING).first()


def negative_item_link(
    *, actor: Any, item: NegativeListItem, organization: Organization, power_code: str
) -> NegativeListLink:
    """Link a negative-list item to the agency's 行政许可 item that implements it; the item must
    be a licensing item of the agency's published list."""
    require_city_wide(actor)
    power_code = power_code.strip()
    if licensing_item(organization, power_code) is None:
        raise ValidationFailed(
            f"“{organization.display_name}”现行权责清单中没有编码为 {power_code} 的行政许可事项。",
            fields={"power_code": "不是现行清单中的行政许可事项"},
        )
    with transaction.atomic():
        link, created = NegativeListLink.objects.get_or_create(
            item=item, organization=organization, power_code=power_code
        )
        if created:
            audit.record(
                actor=actor,
                verb="registries.negative_item_link",
                target=item,
                organization_code=organization.code,
                data={"power_code": power_code},
            )
    return link


@dataclass(frozen=True)
class ResolvedLink:
    organization: Organization
    power_code: str
    power_item: PowerItem | None  # None: no longer in the agency's published list
    link_id: int = 0


def resolved_links(item: NegativeListItem) -> list[ResolvedLink]:
    return [
        ResolvedLink(
            link.organization, link.power_code, licensing_item(link.organization, link.power_code), link.pk
        )
        for link in item.links.select_related("organization")
    ]
