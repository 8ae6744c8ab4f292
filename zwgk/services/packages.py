"""一件事 / 一类事 packages: published guides of several agencies in one life-event guide, with a
combined checklist in which a material several items ask for is asked once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role
from zwgk.services.models import Guide, GuideMaterial, Package, PackageItem, PackageKind

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
            line.template_url = line.template_url or m.template_url
            line.sample_url = line.sample_url or m.sample_url
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
) -> Package:
    """Create or replace a package; the lead agency's signers (or administrators) decide."""
    if not has_role(actor, lead, *PUBLISH_ROLES):
        raise NotPermitted(f"只有牵头机构“{lead.display_name}”的审签人或公开工作机构负责人可以维护该套餐。")
    fields: dict[str, str] = {}
    if not code.strip() or not name.strip():
        fields["name"] = "代码和名称必填"
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
