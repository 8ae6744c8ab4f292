"""Changes to what public enterprises publish, and the competent departments' checks (RULES §3.5).

Outlets and complaint channels are kept by the unit's own 信息员 or by the 信息员 of its
competent department (the parent agency). Only the competent department verifies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.directory.models import (
    ChannelKind,
    ComplaintChannel,
    DisclosureVerification,
    Sector,
    ServiceOutlet,
    UnitSector,
    VerificationResult,
)
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import has_role, require_admin

OUTLET_FIELDS = ["name", "address", "hours", "phone", "sort"]
CHANNEL_FIELDS = ["kind", "value", "note"]
VERIFIER_ROLES = (Role.OFFICE_HEAD, Role.SUPERVISOR, Role.EDITOR)


def _require_enterprise(organization: Organization) -> Organization:
    if organization.kind != OrgKind.PUBLIC_ENTERPRISE:
        raise ValidationFailed(f"“{organization.display_name}”不是公共企事业单位。")
    if organization.parent_id is None:
        raise ValidationFailed(f"“{organization.display_name}”没有登记主管部门。")
    return organization


def can_edit_directory(user: Any, organization: Organization) -> bool:
    """The unit's own 信息员, or the 信息员 of its competent department."""
    if has_role(user, organization, Role.EDITOR):
        return True
    return organization.parent is not None and has_role(user, organization.parent, Role.EDITOR)


def _require_editor(user: Any, organization: Organization) -> None:
    if not can_edit_directory(user, organization):
        raise NotPermitted(
            f"您不是“{organization.display_name}”或其主管部门的信息员，不能维护其公开的服务信息。"
        )


def can_verify(user: Any, organization: Organization) -> bool:
    return organization.parent is not None and has_role(user, organization.parent, *VERIFIER_ROLES)


def service_outlet_upsert(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    address: str,
    hours: str = "",
    phone: str = "",
    sort: int = 100,
    check_permission: bool = True,
) -> ServiceOutlet:
    """Create the unit's outlet called `name`, or update it."""
    _require_enterprise(organization)
    if check_permission:
        _require_editor(actor, organization)
    name, address = name.strip(), address.strip()
    if not name or not address:
        raise ValidationFailed("请填写网点名称和地址。")
    with transaction.atomic():
        outlet = (
            ServiceOutlet.objects.select_for_update().filter(organization=organization, name=name).first()
        )
        before = audit.snapshot(outlet, OUTLET_FIELDS) if outlet else None
        if outlet is None:
            outlet = ServiceOutlet(organization=organization, name=name)
        outlet.address, outlet.hours, outlet.phone, outlet.sort = address, hours.strip(), phone.strip(), sort
        after = audit.snapshot(outlet, OUTLET_FIELDS)
        if before == after:
            return outlet
        outlet.save()
        audit.record(
            actor=actor,
            verb="directory.outlet_upsert",
            target=outlet,
            organization_code=organization.code,
            before=before,
            after=after,
        )
    return outlet


def service_outlet_delete(*, actor: Any, outlet_id: int, check_permission: bool = True) -> None:
    with transaction.atomic():
        outlet = ServiceOutlet.objects.select_for_update().select_related("organization").get(pk=outlet_id)
        if check_permission:
            _require_editor(actor, outlet.organization)
        audit.record(
            actor=actor,
            verb="directory.outlet_delete",
            target=outlet,
            organization_code=outlet.organization.code,
            before=audit.snapshot(outlet, OUTLET_FIELDS),
        )
        outlet.delete()


def complaint_channel_upsert(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    value: str,
    note: str = "",
    check_permission: bool = True,
) -> ComplaintChannel:
    """Create the unit's channel (kind, value), or update its note."""
    _require_enterprise(organization)
    if check_permission:
        _require_editor(actor, organization)
    if kind not in ChannelKind.values:
        raise ValidationFailed("未知的投诉渠道类型。", fields={"kind": kind})
    value = value.strip()
    if not value:
        raise ValidationFailed("请填写投诉渠道的号码或地址。")
    with transaction.atomic():
        channel = (
            ComplaintChannel.objects.select_for_update()
            .filter(organization=organization, kind=kind, value=value)
            .first()
        )
        before = audit.snapshot(channel, CHANNEL_FIELDS) if channel else None
        if channel is None:
            channel = ComplaintChannel(organization=organization, kind=kind, value=value)
        channel.note = note.strip()
        after = audit.snapshot(channel, CHANNEL_FIELDS)
        if before == after:
            return channel
        channel.save()
        audit.record(
            actor=actor,
            verb="directory.channel_upsert",
            target=channel,
            organization_code=organization.code,
            before=before,
            after=after,
        )
    return channel


def complaint_channel_delete(*, actor: Any, channel_id: int, check_permission: bool = True) -> None:
    with transaction.atomic():
        channel = (
            ComplaintChannel.objects.select_for_update().select_related("organization").get(pk=channel_id)
        )
        if check_permission:
            _require_editor(actor, channel.organization)
        audit.record(
            actor=actor,
            verb="directory.channel_delete",
            target=channel,
            organization_code=channel.organization.code,
            before=audit.snapshot(channel, CHANNEL_FIELDS),
        )
        channel.delete()


def disclosure_verify(
    *,
    actor: Any,
    organization: Organization,
    verified_on: date,
    result: str,
    note: str = "",
    check_permission: bool = True,
) -> DisclosureVerification:
    """Record the competent department's check that the unit's outlets, contacts and complaint
    channels are true and current (国办发〔2020〕50号)."""
    _require_enterprise(organization)
    if check_permission and not can_verify(actor, organization):
        raise NotPermitted(
            f"只有“{organization.display_name}”的主管部门"
            f"（{organization.parent.display_name}）才能核实其公开的信息。"
        )
    if result not in VerificationResult.values:
        raise ValidationFailed("未知的核实结果。", fields={"result": result})
    note = note.strip()
    if result == VerificationResult.PROBLEMS and not note:
        raise ValidationFailed("核实发现问题时，请写明问题和整改要求。", fields={"note": "required"})
    with transaction.atomic():
        verification = DisclosureVerification.objects.create(
            organization=organization,
            verifying_organization=organization.parent,
            verified_by=actor if getattr(actor, "pk", None) else None,
            verified_on=verified_on,
            result=result,
            note=note,
        )
        audit.record(
            actor=actor,
            verb="directory.verify",
            target=verification,
            organization_code=organization.code,
            after=audit.snapshot(verification, ["verifying_organization", "verified_on", "result", "note"]),
        )
    return verification


def unit_sector_set(
    *, actor: Any, organization: Organization, sector: Sector | None, check_permission: bool = True
) -> None:
    """Put the unit in `sector` (None: in none)."""
    _require_enterprise(organization)
    if check_permission:
        _require_editor(actor, organization)
    with transaction.atomic():
        link = UnitSector.objects.select_for_update().filter(organization=organization).first()
        before = link.sector.code if link else None
        after = sector.code if sector else None
        if before == after:
            return
        if sector is None:
            UnitSector.objects.filter(organization=organization).delete()
        elif link is None:
            UnitSector.objects.create(organization=organization, sector=sector)
        else:
            link.sector = sector
            link.save(update_fields=["sector"])
        audit.record(
            actor=actor,
            verb="directory.unit_sector",
            target=organization,
            organization_code=organization.code,
            before={"sector": before},
            after={"sector": after},
        )


SECTOR_FIELDS = ["name", "competent_department", "sort"]


def sector_upsert(
    *, actor: Any, code: str, name: str, competent_department: Organization | None, sort: int = 100
) -> Sector:
    """Create the sector `code` or change its name, competent department or place (administrators)."""
    require_admin(actor)
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationFailed("请填写领域代码和名称。", fields={"code": "required"})
    if competent_department is not None and competent_department.kind == OrgKind.PUBLIC_ENTERPRISE:
        raise ValidationFailed("主管部门应为行政机关。", fields={"competent_department": "invalid"})
    with transaction.atomic():
        sector = Sector.objects.select_for_update().filter(code=code).first()
        before = audit.snapshot(sector, SECTOR_FIELDS) if sector else None
        if sector is None:
            sector = Sector(code=code)
        sector.name, sector.competent_department, sector.sort = name, competent_department, sort
        after = audit.snapshot(sector, SECTOR_FIELDS)
        if before == after:
            return sector
        if Sector.objects.filter(name=name).exclude(code=code).exists():
            raise ValidationFailed(f"已有名为“{name}”的领域。", fields={"name": "duplicate"})
        sector.save()
        audit.record(actor=actor, verb="directory.sector_upsert", target=sector, before=before, after=after)
    return sector
