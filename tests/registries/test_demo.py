from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from zwgk.organizations import demo as organizations_demo
from zwgk.organizations.models import Organization
from zwgk.registries import demo, selectors
from zwgk.registries.catalogues import DepartureKind, template_departures, unfulfilled_items
from zwgk.registries.emergency import oversight
from zwgk.registries.models import EmergencyPlan, NegativeListLink, PowerItem, StandardItem
from zwgk.registries.powers import current_version
from zwgk.registries.training import training_figures

pytestmark = pytest.mark.django_db


def _counts():
    return StandardItem.objects.count(), PowerItem.objects.count(), NegativeListLink.objects.count()


def test_demo_registries_are_complete_and_idempotent():
    organizations_demo.load(stdout=StringIO())
    summary = demo.load(stdout=StringIO())
    counts = _counts()
    plans = EmergencyPlan.objects.count()
    demo.load(stdout=StringIO())
    assert _counts() == counts and EmergencyPlan.objects.count() == plans
    assert summary == "中山区标准目录 7 项，3 个机关的权责清单，负面清单 3 项，应急预案 4 件，培训 1 次"
    district = Organization.objects.get(code="dl-zsq")
    assert [a.name for a in selectors.areas_of(district)] == ["就业", "养老服务"]
    kinds = [(d.kind, d.level2) for d in template_departures(district)]
    assert kinds == [
        (DepartureKind.CHANGED, "高龄津贴发放结果"),
        (DepartureKind.ADDED, "社区养老服务驿站名录"),
    ]
    # Effective 60 days ago: the items with a limit are overdue, but the one with a document.
    rows = unfulfilled_items(district, today=timezone.localdate())
    assert len(rows) == 5 and "政策法规文件" not in [r.item.level2 for r in rows]
    assert current_version(Organization.objects.get(code="dl-sfj")).number == 2
    assert {o.code for o in selectors.power_list_units()} == {"dl-sfj", "dl-mzj", "dl-scjgj"}
    links = selectors.negative_list_json(selectors.current_edition())["items"][1]["licensing_items"]
    assert links == [
        {"organization": "dl-scjgj", "code": "000172301000", "name": "食品经营许可", "current": True}
    ]
    assert Organization.objects.get(code="dl-zsq-tyjd").kind == "street"
    office = get_user_model().objects.get(username="emergency")
    units, overdue = oversight(office, today=timezone.localdate())
    assert [s.plan.title for s in overdue] == ["大连市司法行政系统突发事件应急预案"]
    assert {u.organization.code for u in units if u.plans and not u.published} == {"dl-mzj"}
    assert [p.title for p in selectors.public_plans(level="county")] == ["大连市中山区突发事件总体应急预案"]
    held_on = timezone.localdate() - timedelta(days=45)
    figures = training_figures([district.pk], year=held_on.year)
    assert figures[district.pk].frontline_economic == 36
