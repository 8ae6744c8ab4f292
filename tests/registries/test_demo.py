from io import StringIO

import pytest
from django.utils import timezone

from zwgk.organizations import demo as organizations_demo
from zwgk.organizations.models import Organization
from zwgk.registries import demo, selectors
from zwgk.registries.catalogues import DepartureKind, template_departures, unfulfilled_items
from zwgk.registries.models import NegativeListLink, PowerItem, StandardItem
from zwgk.registries.powers import current_version

pytestmark = pytest.mark.django_db


def _counts():
    return StandardItem.objects.count(), PowerItem.objects.count(), NegativeListLink.objects.count()


def test_demo_registries_are_complete_and_idempotent():
    organizations_demo.load(stdout=StringIO())
    summary = demo.load(stdout=StringIO())
    counts = _counts()
    demo.load(stdout=StringIO())
    assert _counts() == counts
    assert summary == "中山区标准目录 7 项，3 个机关的权责清单，负面清单 3 项"
    district = Organization.objects.get(code="dl-zsq")
    assert [a.name for a in selectors.areas_of(district)] == ["就业", "养老服务"]
    kinds = [(d.kind, d.level2) for d in template_departures(district)]
    assert kinds == [
        (DepartureKind.CHANGED, "高龄津贴发放结果"),
        (DepartureKind.ADDED, "社区养老服务驿站名录"),
    ]
    # Effective 60 days ago with nothing published: the items with a limit are overdue.
    assert len(unfulfilled_items(district, today=timezone.localdate())) == 6
    assert current_version(Organization.objects.get(code="dl-sfj")).number == 2
    assert {o.code for o in selectors.power_list_units()} == {"dl-sfj", "dl-mzj", "dl-scjgj"}
    links = selectors.negative_list_json(selectors.current_edition())["items"][1]["licensing_items"]
    assert links == [
        {"organization": "dl-scjgj", "code": "000172301000", "name": "食品经营许可", "current": True}
    ]
    assert Organization.objects.get(code="dl-zsq-tyjd").kind == "street"
