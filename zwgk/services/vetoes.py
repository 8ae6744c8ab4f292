"""The service-guide veto of the website inspection (RULES §5.1: "services missing key guide
elements" fail a site), from the guides the platform hosts for the site's agency.

Monitoring owns the veto (`checks.Veto`) and asks registered sources when it judges a round;
it never imports this app (decision 0027)."""

from __future__ import annotations

from datetime import date

from zwgk.monitoring.checks import Veto
from zwgk.monitoring.models import Site
from zwgk.monitoring.rounds import VETO_SOURCES
from zwgk.services.models import Guide


def guide_vetoes(site: Site, today: date) -> set[Veto]:
    """A site whose agency has a published guide lacking a key element fails. A site whose
    guides are not hosted here (its agency has no published guide) is not judged on them."""
    incomplete = Guide.objects.filter(
        organization_id=site.organization_id, published__isnull=False, published__complete=False
    ).exists()
    return {Veto.SERVICE_GUIDE_INCOMPLETE} if incomplete else set()


def register_veto_sources() -> None:
    if guide_vetoes not in VETO_SOURCES:
        VETO_SOURCES.append(guide_vetoes)
