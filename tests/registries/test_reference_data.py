"""City-wide reference data edited in the back office instead of the Django admin (decision
0035): the standard areas, emergency plan types, the market-access negative list's editions and
items with their licensing links. Every change is audited; only the right role may make it."""

from datetime import date

import pytest
from django.urls import reverse

from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.registries import areas as area_services
from zwgk.registries import emergency, powers
from zwgk.registries.models import Area, EmergencyPlanType, NegativeListEdition, NegativeListLink

pytestmark = pytest.mark.django_db


def verbs(prefix: str = "registries.") -> list[str]:
    return list(
        AuditEntry.objects.filter(verb__startswith=prefix).order_by("pk").values_list("verb", flat=True)
    )


# --- areas ------------------------------------------------------------------------------------
def test_administrators_add_rename_and_deactivate_areas(areas, admin_user, editor):
    area = area_services.area_create(actor=admin_user, code="sports", name="全民健身", sort=270)
    area_services.area_update(actor=admin_user, area=area, name="全民健身服务", sort=270, is_active=False)
    area.refresh_from_db()
    assert (area.name, area.is_active) == ("全民健身服务", False)
    entry = AuditEntry.objects.get(verb="registries.area_update")
    assert entry.before == {"code": "sports", "name": "全民健身", "sort": 270, "is_active": True}
    assert entry.after["is_active"] is False
    # Saving the same values again records nothing.
    area_services.area_update(actor=admin_user, area=area, name="全民健身服务", sort=270, is_active=False)
    assert verbs() == ["registries.area_create", "registries.area_update"]
    with pytest.raises(ValidationFailed) as exc:
        area_services.area_create(actor=admin_user, code="Bad Code", name="养老服务")
    assert set(exc.value.fields) == {"code", "name"}
    with pytest.raises(NotPermitted):
        area_services.area_update(actor=editor, area=area, name="改名", sort=1, is_active=True)


def test_the_areas_pages(client, areas, admin_user, editor):
    client.force_login(admin_user)
    page = client.get(reverse("backoffice:registries_areas")).content.decode()
    assert "养老服务" in page and "义务教育" in page
    r = client.post(
        reverse("backoffice:registries_areas"), {"code": "sports", "name": "全民健身", "sort": "270"}
    )
    assert r.status_code == 302 and Area.objects.filter(code="sports", name="全民健身").exists()
    url = reverse("backoffice:registries_area", args=["elderly-care"])
    r = client.post(url, {"code": "ignored", "name": "养老服务（医养结合）", "sort": "190"})
    assert r.status_code == 302
    area = Area.objects.get(code="elderly-care")  # the code is not editable
    assert (area.name, area.sort, area.is_active) == ("养老服务（医养结合）", 190, False)
    r = client.post(url, {"name": "就业", "sort": "190", "is_active": "on"})
    assert r.status_code == 200 and "已有同名领域" in r.content.decode()
    client.force_login(editor)
    assert client.get(reverse("backoffice:registries_areas")).status_code == 403


# --- plan types -------------------------------------------------------------------------------
def test_the_emergency_office_keeps_plan_types(client, types, office, editor):
    plan_type = emergency.plan_type_create(
        actor=office, code="enterprise", name="企业事业单位应急预案", review_period_months=36, sort=60
    )
    emergency.plan_type_update(
        actor=office, plan_type=plan_type, name=plan_type.name, review_period_months=24, sort=60
    )
    assert EmergencyPlanType.objects.get(code="enterprise").review_period_months == 24
    assert verbs() == ["registries.plan_type_create", "registries.plan_type_update"]
    with pytest.raises(NotPermitted):
        emergency.plan_type_update(
            actor=editor, plan_type=plan_type, name="x", review_period_months=12, sort=1
        )
    client.force_login(office)
    page = client.get(reverse("backoffice:registries_plan_types")).content.decode()
    assert "企业事业单位应急预案" in page and "24 个月" in page
    r = client.post(
        reverse("backoffice:registries_plan_type", args=["major-event"]),
        {"name": "重大活动应急预案", "review_period_months": "6", "sort": "50"},
    )
    assert (
        r.status_code == 302 and EmergencyPlanType.objects.get(code="major-event").review_period_months == 6
    )
    r = client.post(
        reverse("backoffice:registries_plan_types"),
        {"code": "x", "name": "总体应急预案", "review_period_months": "36", "sort": "1"},
    )
    assert r.status_code == 200 and "已有同名预案类型" in r.content.decode()
    client.force_login(editor)
    assert client.get(reverse("backoffice:registries_plan_types")).status_code == 403


# --- the negative list ------------------------------------------------------------------------
ITEM = {
    "number": "101",
    "category": "licensed",
    "industry": "租赁和商务服务业",
    "title": "未获得许可，不得设立律师事务所",
    "measures": "律师事务所设立审批",
    "city_measures": "",
}


def test_a_new_edition_is_published_and_the_old_one_kept(published_list, agency, admin_user, editor):
    old = powers.negative_edition_create(
        actor=admin_user, title="2022年版", issued_on=date(2022, 3, 12), issuer="国家发展改革委"
    )
    with pytest.raises(ValidationFailed):
        powers.negative_edition_set_current(actor=admin_user, edition=old)  # no items yet
    item = powers.negative_item_save(actor=admin_user, edition=old, data=powers.parse_negative_item(ITEM))
    powers.negative_item_link(actor=admin_user, item=item, organization=agency, power_code="000172101000")
    powers.negative_edition_set_current(actor=admin_user, edition=old)
    new = powers.negative_edition_create(
        actor=admin_user,
        title="2025年版",
        issued_on=date(2025, 4, 24),
        issuer="国家发展改革委",
        copy_from=old,
    )
    copied = new.items.get()
    assert (copied.number, copied.title) == (101, ITEM["title"])
    assert list(copied.links.values_list("power_code", flat=True)) == ["000172101000"]
    powers.negative_item_save(
        actor=admin_user, edition=new, data=powers.parse_negative_item({**ITEM, "city_measures": "全程网办"})
    )
    powers.negative_item_unlink(actor=admin_user, link=copied.links.get())
    powers.negative_edition_set_current(actor=admin_user, edition=new)
    assert list(NegativeListEdition.objects.values_list("title", "is_current")) == [
        ("2025年版", True),
        ("2022年版", False),
    ]
    # The old edition keeps its item and link.
    assert NegativeListLink.objects.filter(item__edition=old).count() == 1
    assert verbs("registries.negative_") == [
        "registries.negative_edition_create",
        "registries.negative_item_save",
        "registries.negative_item_link",
        "registries.negative_edition_current",
        "registries.negative_edition_create",
        "registries.negative_item_save",
        "registries.negative_item_unlink",
        "registries.negative_edition_current",
    ]
    with pytest.raises(NotPermitted):
        powers.negative_item_delete(actor=editor, item=copied)


def test_the_negative_list_pages(client, published_list, agency, admin_user, editor):
    client.force_login(admin_user)
    r = client.post(
        reverse("backoffice:registries_negative_editions"),
        {
            "title": "市场准入负面清单（2025年版）",
            "issued_on": "2025-04-24",
            "issuer": "国家发展改革委 商务部",
        },
    )
    edition = NegativeListEdition.objects.get()
    url = reverse("backoffice:registries_negative_edition", args=[edition.pk])
    assert r.status_code == 302 and r["Location"] == url
    assert client.post(url, {"action": "item", **ITEM}).status_code == 302
    item = edition.items.get()
    r = client.post(
        url, {"action": "link", "item": item.pk, "organization": "dl-sfj", "power_code": "000272101000"}
    )
    assert r.status_code == 200 and "没有编码为 000272101000 的行政许可事项" in r.content.decode()
    r = client.post(
        url, {"action": "link", "item": item.pk, "organization": "dl-sfj", "power_code": "000172101000"}
    )
    assert r.status_code == 302
    assert client.post(url, {"action": "publish"}).status_code == 302
    edition.refresh_from_db()
    assert edition.is_current
    page = client.get(url, {"item": "101"}).content.decode()
    assert "编辑第101项" in page and "市司法局 000172101000 律师事务所设立许可" in page
    link = item.links.get()
    assert client.post(url, {"action": "unlink", "id": link.pk}).status_code == 302
    assert client.post(url, {"action": "delete", "id": item.pk}).status_code == 302
    assert not edition.items.exists()
    assert (
        "市场准入负面清单（2025年版）"
        in client.get(reverse("backoffice:registries_negative_editions")).content.decode()
    )
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_the_django_admin_no_longer_edits_the_registries(admin_user, client):
    client.force_login(admin_user)
    assert client.get("/admin/registries/area/").status_code == 404
