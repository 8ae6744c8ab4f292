"""The registries' public pages in the page cache (decision 0029): each is stored once, and a
change of the rows it shows, made through its service, shows at once (never a stale page)."""

from datetime import date

import pytest

from tests.catalog.factories import published
from tests.registries.conftest import item_raw
from zwgk.catalog.services import document_withdraw
from zwgk.registries import areas as area_services
from zwgk.registries import emergency, powers
from zwgk.registries.catalogues import parse_item, standard_item_link_documents, standard_item_upsert
from zwgk.registries.models import NegativeCategory, ParticipantRole, PlanLevel
from zwgk.registries.training import ParticipantInput, training_record

pytestmark = pytest.mark.django_db


def cached(client, url: str, **params) -> str:
    """Render the page twice: the second answer comes from the page cache."""
    first = client.get(url, params)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss", url
    second = client.get(url, params)
    assert second["X-Page-Cache"] == "hit", url
    return second.content.decode()


def fresh(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss", url
    return response.content.decode()


def test_catalogue_pages_follow_items_areas_and_documents(
    client, district, areas, district_editor, admin_user
):
    item = standard_item_upsert(actor=district_editor, organization=district, data=parse_item(item_raw()))
    assert "养老机构备案信息" in cached(client, "/registries/catalogues/dl-gjz/")
    assert "甘井子区人民政府" in cached(client, "/registries/")
    standard_item_upsert(
        actor=district_editor, organization=district, data=parse_item(item_raw(level2="高龄津贴发放结果"))
    )
    assert "高龄津贴发放结果" in fresh(client, "/registries/catalogues/dl-gjz/")
    area_services.area_update(
        actor=admin_user, area=areas["elderly-care"], name="养老服务（含医养结合）", sort=5, is_active=True
    )
    assert "养老服务（含医养结合）" in fresh(client, "/registries/catalogues/dl-gjz/")
    doc = published(district, on=date(2026, 3, 5), title="甘井子区养老机构备案名单")
    cached(client, "/registries/catalogues/dl-gjz/")
    standard_item_link_documents(actor=district_editor, item=item, documents=[doc])
    assert "甘井子区养老机构备案名单" in fresh(client, "/registries/catalogues/dl-gjz/")
    document_withdraw(actor=admin_user, document_id=doc.pk, reason="重复发布")
    assert "甘井子区养老机构备案名单" not in fresh(client, "/registries/catalogues/dl-gjz/")
    cached(client, "/registries/catalogues/common/")
    standard_item_upsert(
        actor=admin_user, organization=None, data=parse_item(item_raw(level2="养老服务补贴政策"))
    )
    assert "养老服务补贴政策" in fresh(client, "/registries/catalogues/common/")


def test_power_pages_follow_publication(client, published_list, agency, editor, reviewer):
    assert "律师事务所设立许可" in cached(client, "/registries/powers/dl-sfj/")
    assert "律师事务所设立许可" in cached(client, "/registries/powers/", q="律师")
    draft = powers.power_list_draft(actor=editor, organization=agency)
    item = draft.items.get(code="000172101000")
    powers.power_item_delete(actor=editor, item=item)
    powers.power_list_publish(actor=reviewer, version=draft, on=date(2026, 6, 1))
    assert "律师事务所设立许可" not in fresh(client, "/registries/powers/", q="律师")
    assert "第2版" in fresh(client, "/registries/powers/dl-sfj/")


def test_the_negative_list_page_follows_editions_items_links_and_power_lists(
    client, published_list, agency, admin_user, editor, reviewer
):
    old = powers.negative_edition_create(
        actor=admin_user,
        title="市场准入负面清单（2022年版）",
        issued_on=date(2022, 3, 12),
        issuer="国家发展改革委",
    )
    item = powers.negative_item_save(
        actor=admin_user,
        edition=old,
        data=powers.parse_negative_item(
            {
                "number": 101,
                "category": NegativeCategory.LICENSED,
                "industry": "租赁和商务服务业",
                "title": "未获得许可，不得设立律师事务所",
                "measures": "律师事务所设立审批",
            }
        ),
    )
    powers.negative_edition_set_current(actor=admin_user, edition=old)
    assert "2022年版" in cached(client, "/registries/negative-list/")
    assert "2022年版" in cached(client, "/registries/")
    powers.negative_item_link(actor=admin_user, item=item, organization=agency, power_code="000172101000")
    assert "市司法局：律师事务所设立许可" in fresh(client, "/registries/negative-list/")
    # The agency drops the licensing item from its list: the negative list says so at once.
    draft = powers.power_list_draft(actor=editor, organization=agency)
    powers.power_item_delete(actor=editor, item=draft.items.get(code="000172101000"))
    powers.power_list_publish(actor=reviewer, version=draft, on=date(2026, 6, 1))
    assert "律师事务所设立许可" not in fresh(client, "/registries/negative-list/")
    new = powers.negative_edition_create(
        actor=admin_user,
        title="市场准入负面清单（2025年版）",
        issued_on=date(2025, 4, 24),
        issuer="国家发展改革委",
        copy_from=old,
    )
    assert "2022年版" in cached(client, "/registries/negative-list/")
    powers.negative_edition_set_current(actor=admin_user, edition=new)
    assert "2025年版" in fresh(client, "/registries/negative-list/")
    assert "2025年版" in fresh(client, "/registries/")


def test_the_emergency_plans_page_follows_plans_and_their_documents(
    client,
    types,
    agency,
    editor,
    admin_user,
):
    doc = published(agency, on=date(2024, 3, 10), title="大连市司法局突发事件应急预案")
    plan = emergency.plan_register(
        actor=editor,
        organization=agency,
        title="大连市司法局突发事件应急预案",
        plan_type=types["departmental"],
        level=PlanLevel.CITY,
        issued_on=date(2024, 3, 10),
        document=doc,
    )
    assert "大连市司法局突发事件应急预案" in cached(client, "/registries/emergency-plans/")
    emergency.plan_revise(
        actor=editor,
        plan=plan,
        on=date(2026, 3, 2),
        note="机构改革后修订",
        title="大连市司法行政系统突发事件应急预案",
        plan_type=types["departmental"],
        level=PlanLevel.CITY,
        document=doc,
    )
    assert "大连市司法行政系统突发事件应急预案" in fresh(client, "/registries/emergency-plans/")
    emergency.plan_type_update(
        actor=admin_user,
        plan_type=types["departmental"],
        name="部门（行业）应急预案",
        review_period_months=24,
        sort=30,
    )
    assert "部门（行业）应急预案" in fresh(client, "/registries/emergency-plans/")
    document_withdraw(actor=admin_user, document_id=doc.pk, reason="修订后重新发布")
    assert "大连市司法行政系统突发事件应急预案" not in fresh(client, "/registries/emergency-plans/")


def test_the_training_page_follows_new_sessions(client, city, agency, editor):
    assert "本年度暂无培训记录" in cached(client, "/registries/training/")
    training_record(
        actor=editor,
        organization=agency,
        topic="政府信息公开条例培训",
        held_on=date.today(),
        trainer="李强",
        participants=[ParticipantInput(agency, ParticipantRole.DISCLOSURE_STAFF, 25)],
    )
    page = fresh(client, "/registries/training/")
    assert "大连市司法局" in page and "<td>25</td>" in page
