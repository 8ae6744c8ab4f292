"""Which public pages a change of a registry's rows retires (the page cache, decision 0029).

One scope per registry, bumped by every save, delete and m2m change of its models: coarse (a
draft power list's edit retires the power pages too) but never stale. The pages name these
scopes in zwgk.portal.registry_views, with "catalog" where they show published documents.
Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: the services that use them on
public rows call `page_cache.bump()` themselves.
"""

from __future__ import annotations

from zwgk.core import page_cache

CATALOGUES = "registries:catalogues"
POWERS = "registries:powers"
NEGATIVE = "registries:negative"
EMERGENCY = "registries:emergency"
TRAINING = "registries:training"

SCOPES_BY_MODEL: dict[str, str] = {
    "registries.Area": CATALOGUES,
    "registries.StandardItem": CATALOGUES,
    "registries.PowerListVersion": POWERS,
    "registries.PowerItem": POWERS,
    "registries.NegativeListEdition": NEGATIVE,
    "registries.NegativeListItem": NEGATIVE,
    "registries.NegativeListLink": NEGATIVE,
    "registries.EmergencyPlanType": EMERGENCY,
    "registries.EmergencyPlan": EMERGENCY,
    "registries.EmergencyPlanRevision": EMERGENCY,
    "registries.TrainingSession": TRAINING,
    "registries.TrainingParticipants": TRAINING,
}


def watch_models() -> None:
    for label, scope in SCOPES_BY_MODEL.items():
        page_cache.watch(label, lambda row, scope=scope: [scope])
