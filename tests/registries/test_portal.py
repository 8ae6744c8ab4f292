"""The registries' public pages."""

from datetime import date

from tests.catalog.factories import published
from tests.registries.conftest import item_raw
from zwgk.registries.catalogues import (
    catalogue_adopt,
    parse_item,
    standard_item_link_documents,
    standard_item_upsert,
)
from zwgk.registries.models import NegativeCategory, NegativeListEdition, NegativeListItem
from zwgk.registries.powers import negative_item_link


def test_catalogue_pages_by_area(client, district, common_elderly, areas):
    catalogue_adopt(actor=None, organization=district, area=areas["elderly-care"], check_permission=False)
    jobs = standard_item_upsert(
        actor=None,
        organization=district,
        check_permission=False,
        data=parse_item(item_raw(area="employment", level1="就业服务", level2="招聘会信息")),
    )
    doc = published(district, on=date(2026, 3, 5), title="甘井子区春季招聘会公告")
    standard_item_link_documents(actor=None, item=jobs, documents=[doc], check_permission=False)
    home = client.get("/registries/").content.decode()
    assert "甘井子区人民政府" in home and "全省通用目录" in home
    page = client.get("/registries/catalogues/dl-gjz/").content.decode()
    assert "招聘会信息" in page and "养老机构备案信息" not in page  # the first area (就业) is shown
    assert "甘井子区春季招聘会公告" in page and "政府网站、政务服务中心" in page
    page = client.get("/registries/catalogues/dl-gjz/", {"area": "elderly-care"}).content.decode()
    assert "高龄津贴发放结果" in page and "招聘会信息" not in page
    assert client.get("/registries/catalogues/dl-gjz/", {"area": "taxation"}).status_code == 404
    assert "养老服务补贴政策" in client.get("/registries/catalogues/common/").content.decode()
    assert client.get("/registries/catalogues/dl-sfj/").status_code == 404  # a department keeps none


def test_power_list_page_and_search(client, published_list, agency, admin_user):
    page = client.get("/registries/powers/dl-sfj/").content.decode()
    assert "第1版" in page and "律师事务所设立许可" in page and "行政处罚（1项）" in page
    page = client.get("/registries/powers/", {"q": "处罚"}).content.decode()
    assert "对律师违法行为的处罚" in page and "律师事务所设立许可" not in page
    page = client.get("/registries/powers/", {"kind": "licensing"}).content.decode()
    assert "律师事务所设立许可" in page and "对律师违法行为的处罚" not in page
    assert client.get("/registries/powers/dl-mzj/").status_code == 404
    assert client.get("/registries/negative-list/").status_code == 404
    edition = NegativeListEdition.objects.create(
        title="市场准入负面清单（2025年版）",
        issued_on=date(2025, 4, 24),
        issuer="国家发展改革委 商务部",
        is_current=True,
    )
    item = NegativeListItem.objects.create(
        edition=edition,
        number=101,
        category=NegativeCategory.LICENSED,
        industry="租赁和商务服务业",
        title="未获得许可，不得设立律师事务所",
        measures="律师事务所设立审批",
        city_measures="市司法局在政务服务中心受理",
    )
    negative_item_link(actor=admin_user, item=item, organization=agency, power_code="000172101000")
    page = client.get("/registries/negative-list/").content.decode()
    assert "市司法局在政务服务中心受理" in page and "市司法局：律师事务所设立许可" in page
