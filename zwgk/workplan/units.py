"""Unit phrases of a work arrangement → the agencies they name.

Group phrases expand by kind among the direct children of the government that issued the plan:
districts (各区市县政府), development zones (各先导区管委会), and the government's own
departments (市政府各部门, 各直属单位, 市政府有关部门). Vertically managed departments
(邮政、通信) are not the city government's departments, so the seed names them one by one when
they have a task. "有关部门" (the departments concerned) cannot be narrowed from the text: every
department gets the task, and the original phrase stays on the assignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zwgk.organizations.models import Organization, OrgKind
from zwgk.workplan.arrangement import GROUP_PHRASES

_DISTRICTS = frozenset({"各区市县政府", "各区市县人民政府"})
_ZONES = frozenset({"各先导区管委会"})
_DEPARTMENTS = GROUP_PHRASES - _DISTRICTS - _ZONES


@dataclass
class Resolved:
    units: list[tuple[str, Organization]]  # (phrase, organization), in the phrases' order
    unresolved: list[str]


def government_of(org: Organization) -> Organization:
    """The government whose plan this is: the issuer itself, or its nearest government above."""
    node: Organization | None = org
    while node is not None:
        if node.kind in (OrgKind.GOVERNMENT, OrgKind.DISTRICT, OrgKind.DEVELOPMENT_ZONE):
            return node
        node = node.parent
    return org


class UnitDirectory:
    """The agencies under one government, loaded once per import."""

    def __init__(self, government: Organization):
        self.government = government
        self.orgs = list(
            Organization.objects.filter(path__startswith=government.path, is_active=True).order_by(
                "sort_order", "code"
            )
        )
        self.by_name: dict[str, Organization] = {}
        for org in self.orgs:
            for name in (org.name, org.short_name):
                if name:
                    self.by_name.setdefault(name, org)

    def group(self, phrase: str) -> list[Organization]:
        children = [o for o in self.orgs if o.parent_id == self.government.pk]
        if phrase in _DISTRICTS:
            return [o for o in children if o.kind == OrgKind.DISTRICT]
        if phrase in _ZONES:
            return [o for o in children if o.kind == OrgKind.DEVELOPMENT_ZONE]
        if phrase in _DEPARTMENTS:
            return [o for o in children if o.kind == OrgKind.DEPARTMENT and not o.vertically_managed]
        return []

    def resolve(self, phrases: Iterable[str]) -> Resolved:
        out = Resolved(units=[], unresolved=[])
        seen: set[int] = set()
        for phrase in phrases:
            orgs = self.group(phrase) if phrase in GROUP_PHRASES else [self.by_name.get(phrase)]
            if not orgs or orgs == [None]:
                out.unresolved.append(phrase)
                continue
            for org in orgs:
                if org is not None and org.pk not in seen:
                    seen.add(org.pk)
                    out.units.append((phrase, org))
        return out
