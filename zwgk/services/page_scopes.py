"""What each change of a service model alters on the public pages (page cache, decision 0029).

Pages: the guide list `services`; a guide's page `service-guide:<pk>` (it lists the public
packages holding it); a package's page `service-package:<code>` (it shows its guides' published
text and the gap a withdrawn one leaves). The portal search names `services` too: guides are in
its results. Drafts never show, so only versions that are or were public bump anything.
"""

from __future__ import annotations

from zwgk.core import page_cache
from zwgk.services.models import EVER_PUBLISHED, Guide, GuideVersion, Package, PackageItem

SERVICES = "services"


def guide_scope(pk: int) -> str:
    return f"service-guide:{pk}"


def package_scope(code: str) -> str:
    return f"service-package:{code}"


def _of_guide(guide_id: int) -> list[str]:
    codes = PackageItem.objects.filter(guide_id=guide_id).values_list("package__code", flat=True)
    return [SERVICES, guide_scope(guide_id), *(package_scope(c) for c in codes)]


def _of_package(package: Package) -> list[str]:
    guide_ids = PackageItem.objects.filter(package_id=package.pk).values_list("guide_id", flat=True)
    return [SERVICES, package_scope(package.code), *(guide_scope(g) for g in guide_ids)]


def _version(row: GuideVersion) -> list[str]:
    return _of_guide(row.guide_id) if row.state in EVER_PUBLISHED else []


def _package_item(row: PackageItem) -> list[str]:
    codes = Package.objects.filter(pk=row.package_id).values_list("code", flat=True)
    return [SERVICES, guide_scope(row.guide_id), *(package_scope(c) for c in codes)]


def register() -> None:
    page_cache.watch(Guide, lambda row: _of_guide(row.pk))
    page_cache.watch(GuideVersion, _version)
    page_cache.watch(Package, _of_package)
    page_cache.watch(PackageItem, _package_item)
