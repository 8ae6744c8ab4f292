"""一件事 / 一类事 packages: published guides of several agencies in one life-event guide, with a
combined checklist in which a material several items ask for is asked once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from zwgk.core import audit, page_cache
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role
from zwgk.services.models import Guide, GuideMaterial, Package, PackageItem, PackageKind
from zwgk.services.page_scopes import SERVICES, guide_scope, package_scope

CODE = re.compile(r"[-A-Za-z0-9_]{1,64}")  # a slug: part of the package's public URL
# The lead agency's signers decide what the public sees, as for its own items.
PUBLISH_ROLES = (Role.REVIEWER, Role.OFFICE_HEAD)


@dataclass
class ChecklistLine:
    name: str
    shared_code: str
    required: bool
    copies: int
    forms: list[str] = field(default_factory=list)
    template_url: str = ""
    sample_url: str = ""
    items: list[str] = field(default_factory=list)  # names of the items that ask for it

    @property
    def shared(self) -> bool:
        return len(self.items) > 1


@dataclass(frozen=True)
class Gap:
    """A member item the package cannot offer now: withdrawn (停止办理) or between versions."""

    guide: Guide
    withdrawn: bool


def package_gaps(guides: list[Guide]) -> list[Gap]:
    return [Gap(g, g.withdrawn_at is not None) for g in guides if g.published_id is None]


def _key(material: GuideMaterial) -> str:
    # Without a shared code two items' materials are the same when their names are.
    return (
        f"code:{material.shared_code}" if material.shared_code else f"name:{''.join(material.name.split())}"
    )


def combined_checklist(guides: list[Guide]) -> list[ChecklistLine]:
    """One line per distinct material of the guides' published versions, in first-asked order;
    a material is required when any item requires it, with the most copies any item asks."""
    lines: dict[str, ChecklistLine] = {}
    for guide in guides:
        version = guide.published
        if version is None:
            continue
        for m in version.materials.all():
            line = lines.get(_key(m))
            if line is None:
                line = lines[_key(m)] = ChecklistLine(m.name, m.shared_code, m.required, m.copies)
            line.required = line.required or m.required
            line.copies = max(line.copies, m.copies)
            if m.form and m.form not in line.forms:
                line.forms.append(m.form)
            line.template_url = line.template_url or m.template_href
            line.sample_url = line.sample_url or m.sample_href
            if version.name not in line.items:
                line.items.append(version.name)
    return list(lines.values())


def package_guides(package: Package) -> list[Guide]:
    return [
        item.guide
        for item in package.items.select_related("guide__organization", "guide__published").prefetch_related(
            Prefetch("guide__published__materials", queryset=GuideMaterial.objects.order_by("position"))
        )
    ]


def guides_with_materials(guides: list[Guide]) -> list[Guide]:
    """The same guides, in the same order, read as `package_guides` reads a package's (a preview
    of the combined checklist before saving)."""
    found = Guide.objects.filter(pk__in=[g.pk for g in guides]).select_related("organization", "published")
    by_pk = {
        g.pk: g
        for g in found.prefetch_related(
            Prefetch("published__materials", queryset=GuideMaterial.objects.order_by("position"))
        )
    }
    return [by_pk[g.pk] for g in guides if g.pk in by_pk]


def packages_for(user: Any) -> QuerySet[Package]:
    """The back office's list: every package (they are assembled from public guides), newest
    change first; who may edit one is decided per package (its lead agency's signers)."""
    return Package.objects.select_related("lead").prefetch_related("items").order_by("-updated_at", "code")


def package_save(
    *,
    actor: Any,
    code: str,
    name: str,
    lead: Organization,
    guides: list[Guide],
    life_event: str = "",
    kind: str = PackageKind.ONE_THING,
    public: bool = False,
    create_only: bool = False,
) -> Package:
    """Create or replace a package; the lead agency's signers (or administrators) decide."""
    if not has_role(actor, lead, *PUBLISH_ROLES):
        raise NotPermitted(f"只有牵头机构“{lead.display_name}”的审签人或公开工作机构负责人可以维护该套餐。")
    fields: dict[str, str] = {}
    if not name.strip():
        fields["name"] = "必填"
    if not CODE.fullmatch(code.strip()):
        fields["code"] = "1–64位字母、数字、连字符或下划线"
    if kind not in PackageKind.values:
        fields["kind"] = "one_thing 或 one_class"
    if len({g.pk for g in guides}) < 2:
        fields["guides"] = "至少包含两个事项"
    if public and any(g.published_id is None for g in guides):
        fields["guides"] = "公开的套餐只能包含已发布的事项"
    if fields:
        raise ValidationFailed("一件事套餐填写有误。", fields=fields)
    with transaction.atomic():
        package, created = Package.objects.select_for_update().get_or_create(
            code=code.strip(), defaults={"name": name.strip(), "lead": lead}
        )
        if not created and create_only:
            raise Conflict(f"代码 {code.strip()} 已被另一套餐使用。", code="package_code_taken")
        if not created and not has_role(actor, package.lead, *PUBLISH_ROLES):
            raise NotPermitted("只有原牵头机构可以修改该套餐。")
        package.name, package.lead, package.life_event = name.strip(), lead, life_event.strip()
        package.kind, package.public = kind, public
        package.save()
        package.items.all().delete()
        seen: list[int] = []
        for guide in guides:
            if guide.pk not in seen:
                seen.append(guide.pk)
        PackageItem.objects.bulk_create(
            PackageItem(package=package, guide_id=pk, position=i) for i, pk in enumerate(seen, start=1)
        )
        # bulk_create sends no signals: the new members' pages now list this package.
        page_cache.bump(*(guide_scope(pk) for pk in seen), package_scope(package.code), SERVICES)
        audit.record(
            actor=actor,
            verb="services.package.save",
            target=package,
            organization_code=lead.code,
            data={"guides": seen, "public": public, "created": created},
        )
    return package


def public_packages() -> QuerySet[Package]:
    return (
        Package.objects.filter(public=True)
        .select_related("lead")
        .prefetch_related("items__guide__organization")
    )
