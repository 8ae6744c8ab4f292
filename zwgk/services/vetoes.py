"""The service-guide veto of the website inspection (RULES §5.1: "services missing key guide
elements" fail a site), from the guides the platform hosts for the site's agency.

Monitoring owns the veto (`checks.Veto`) and the registry of sources
(`monitoring.veto_sources`) it asks when it judges a round; it never imports this app
(decisions 0027, 0037)."""

from __future__ import annotations

from datetime import date

from zwgk.monitoring import veto_sources
from zwgk.monitoring.checks import Veto
from zwgk.monitoring.models import Site
from zwgk.services.models import Guide

SOURCE_KEY = "service_guides"


def guide_vetoes(site: Site, today: date) -> veto_sources.SourceVerdict | None:
    """A site whose agency has a published guide lacking a key element fails. A site whose
    guides are not hosted here (its agency has no published guide) is not judged on them."""
    published = Guide.objects.filter(organization_id=site.organization_id, published__isnull=False)
    incomplete = list(published.filter(published__complete=False).values_list("item_code", flat=True)[:50])
    if not incomplete and not published.exists():
        return None
    return veto_sources.SourceVerdict(
        vetoes=frozenset({Veto.SERVICE_GUIDE_INCOMPLETE}) if incomplete else frozenset(),
        details={"incomplete": incomplete},
    )


def register_veto_sources() -> None:
    veto_sources.register(SOURCE_KEY, guide_vetoes)
