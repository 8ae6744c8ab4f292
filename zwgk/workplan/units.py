"""Unit phrases of a work arrangement → the agencies they name.

Group phrases expand by kind and nature (机关性质) among the direct children of the government that
issued the plan: districts (各区市县政府), development zones (各先导区管委会), the government's
administrative departments (市政府各部门, 市政府各委办局) and its directly affiliated public
institutions (各直属单位, 各直属机构). Party organs (市委编办) are not government departments:
they get a task only where the text names them. Vertically managed departments (邮政、通信) are
not the city government's departments either; the seed names them one by one.

"市政府有关部门" (the departments concerned) cannot be read from the text: it stays unresolved
until staff say, for that task, which departments are concerned. A name not in the directory
stays unresolved until staff map it to an agency (or create one). Unresolved units block the
import, so no task is left without the units it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from zwgk.organizations.models import Organization, OrgKind, OrgNature
from zwgk.workplan.arrangement import GROUP_PHRASES

_DISTRICTS = frozenset({"各区市县政府", "各区市县人民政府"})
_ZONES = frozenset({"各先导区管委会"})
_DEPARTMENTS = frozenset({"市政府各部门", "市政府各委办局"})
_INSTITUTIONS = frozenset({"各直属单位", "各直属机构"})
# Needs the staff's choice per task (see module docstring).
CONCERNED = frozenset({"市政府有关部门"})
# The phrase kept on a default lead's assignment (条例第三条: the government's general office is
# its competent department for disclosure work).
DEFAULT_LEAD_PHRASE = "未写明牵头单位：政府信息公开工作主管部门"


def mapping_key(section: str, phrase: str) -> str:
    """Mappings of a group phrase hold for one task; those of a name for the whole plan."""
    return f"{section}|{phrase}" if phrase in GROUP_PHRASES else phrase


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
        self.by_code: dict[str, Organization] = {o.code: o for o in self.orgs}
        for org in self.orgs:
            for name in (org.name, org.short_name):
                if name:
                    self.by_name.setdefault(name, org)

    def competent_department(self) -> Organization | None:
        """The government's general office (条例第三条), e.g. 大连市人民政府办公室."""
        return next(
            (
                o
                for o in self.orgs
                if o.parent_id == self.government.pk and o.name == f"{self.government.name}办公室"
            ),
            None,
        )

    def group(self, phrase: str) -> list[Organization]:
        children = [o for o in self.orgs if o.parent_id == self.government.pk]
        if phrase in _DISTRICTS:
            return [o for o in children if o.kind == OrgKind.DISTRICT]
        if phrase in _ZONES:
            return [o for o in children if o.kind == OrgKind.DEVELOPMENT_ZONE]
        departments = [o for o in children if o.kind == OrgKind.DEPARTMENT and not o.vertically_managed]
        if phrase in _DEPARTMENTS:
            return [o for o in departments if o.nature == OrgNature.ADMINISTRATIVE]
        if phrase in _INSTITUTIONS:
            return [o for o in departments if o.nature == OrgNature.INSTITUTION]
        return []  # CONCERNED: the text does not say which

    def resolve(
        self, phrases: Iterable[str], *, section: str = "", mappings: Mapping[str, list[str]] | None = None
    ) -> Resolved:
        out = Resolved(units=[], unresolved=[])
        seen: set[int] = set()
        for phrase in phrases:
            mapped = (mappings or {}).get(mapping_key(section, phrase))
            if mapped:
                found = [self.by_code.get(code) for code in mapped]
                orgs = [o for o in found if o is not None]
                if len(orgs) != len(found):
                    orgs = []
            elif phrase in CONCERNED:
                orgs = []
            elif phrase in GROUP_PHRASES:
                # A group with no member here (no institutions, say) names nobody: not an error.
                orgs = self.group(phrase)
                if not orgs:
                    continue
            else:
                org = self.by_name.get(phrase)
                orgs = [org] if org is not None else []
            if not orgs:
                out.unresolved.append(phrase)
                continue
            for org in orgs:
                if org.pk not in seen:
                    seen.add(org.pk)
                    out.units.append((phrase, org))
        return out
