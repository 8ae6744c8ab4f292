from datetime import date

import pytest

from tests.factories import OrganizationFactory
from zwgk.registries.areas import seed_areas
from zwgk.registries.catalogues import parse_item, standard_item_upsert
from zwgk.registries.models import Area, EmergencyPlanType
from zwgk.registries.plan_types import seed_plan_types


@pytest.fixture
def areas(db):
    seed_areas()  # already there from the migration, except after a transactional test's flush
    return {a.code: a for a in Area.objects.all()}


@pytest.fixture
def district(city):
    return OrganizationFactory(
        code="dl-gjz", name="大连市甘井子区人民政府", short_name="甘井子区", kind="district", parent=city
    )


@pytest.fixture
def district_editor(make_staff, district):
    return make_staff(district, "editor", username="gjz_editor")


def item_raw(area="elderly-care", level1="养老服务机构", level2="养老机构备案信息", **over):
    raw = {
        "area": area,
        "level1": level1,
        "level2": level2,
        "content": "养老机构名称、地址、床位数、备案时间",
        "legal_basis": "《养老机构管理办法》",
        "time_limit": "信息形成或变更之日起20个工作日内",
        "time_limit_workdays": 20,
        "responsible": "区民政局",
        "channels": ["website", "service_centre"],
        "audience": "everyone",
        "method": "proactive",
        "tiers": ["county"],
        "effective_on": date(2026, 3, 2),
        "sort": 10,
    }
    raw.update(over)
    return raw


@pytest.fixture
def common_elderly(areas):
    """The province-wide common catalogue of 养老服务: three items."""
    return [
        standard_item_upsert(
            actor=None,
            organization=None,
            data=parse_item(item_raw(level2=l2, sort=n)),
            check_permission=False,
        )
        for n, l2 in enumerate(["养老机构备案信息", "养老服务补贴政策", "高龄津贴发放结果"], start=1)
    ]


def power_raw(code="000172101000", kind="licensing", name="律师事务所设立许可", **over):
    raw = {
        "code": code,
        "kind": kind,
        "name": name,
        "sub_item": "",
        "legal_basis": "《中华人民共和国律师法》第十八条",
        "responsible_unit": "律师工作处",
        "accountability": "对符合条件的不予受理、不予许可的，依法追究责任",
        "note": "",
        "sort": 10,
    }
    raw.update(over)
    return raw


@pytest.fixture
def published_list(agency):
    """市司法局's power list, version 1, published, with a licensing and a penalty item."""
    from zwgk.registries.powers import (
        parse_power_item,
        power_item_upsert,
        power_list_draft,
        power_list_publish,
    )

    draft = power_list_draft(actor=None, organization=agency, check_permission=False)
    for raw in (
        power_raw(),
        power_raw(code="000272101000", kind="penalty", name="对律师违法行为的处罚", sort=20),
    ):
        power_item_upsert(actor=None, version=draft, data=parse_power_item(raw), check_permission=False)
    return power_list_publish(actor=None, version=draft, on=date(2026, 3, 2), check_permission=False)


@pytest.fixture
def types(db):
    seed_plan_types()
    return {t.code: t for t in EmergencyPlanType.objects.all()}


@pytest.fixture
def yjj(city):
    return OrganizationFactory(code="dl-yjj", name="大连市应急管理局", short_name="市应急局", parent=city)


@pytest.fixture
def office(make_staff, yjj):
    return make_staff(yjj, "emergency_office", username="yjj_office")
