"""The registries' JSON API: public reading, staff editing by the owning unit, internal reports."""

from datetime import date

from tests.catalog.factories import published
from tests.registries.conftest import item_raw, power_raw
from zwgk.registries.catalogues import catalogue_adopt
from zwgk.registries.models import NegativeCategory, NegativeListEdition, NegativeListItem
from zwgk.registries.powers import negative_item_link


def _item_body(**over):
    body = item_raw(**over)
    body["effective_on"] = body["effective_on"].isoformat()
    return body


def test_staff_edit_a_catalogue_and_the_public_reads_it(api_client, district, district_editor, areas):
    doc = published(district, on=date(2026, 3, 5), title="甘井子区养老机构备案名单")
    staff = api_client(district_editor)
    r = staff.post("/api/v1/staff/registries/catalogues/dl-gjz/items", _item_body(documents=[doc.index_no]))
    assert r.status_code == 200, r.json()
    assert r.json()["documents"][0]["index_no"] == doc.index_no
    r = api_client().get("/api/v1/registries/standard-items", organization="dl-gjz", area="elderly-care")
    body = r.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["level2"], row["channels"], row["tiers"], row["method"]) == (
        "养老机构备案信息",
        ["website", "service_centre"],
        ["county"],
        "proactive",
    )
    assert row["documents"][0]["url"].startswith("http://testserver/documents/")
    # A bad body names its fields in the API.md error format.
    r = staff.post(
        "/api/v1/staff/registries/catalogues/dl-gjz/items", _item_body(channels=["fax"], audience="x")
    )
    assert r.status_code == 400 and set(r.json()["error"]["fields"]) == {"channels", "audience"}
    # Another agency's staff cannot even see the unit.
    r = api_client(district_editor).post("/api/v1/staff/registries/catalogues/dl-sfj/items", _item_body())
    assert r.status_code == 404
    assert api_client().get("/api/v1/registries/areas").json()[18] == {
        "code": "elderly-care",
        "name": "养老服务",
    }


def test_reports_through_the_api(api_client, district, district_editor, common_elderly, areas):
    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    staff = api_client(district_editor)
    r = staff.get("/api/v1/staff/registries/catalogues/dl-gjz/unfulfilled")
    assert [x["level2"] for x in r.json()["results"]] == [
        "养老机构备案信息",
        "养老服务补贴政策",
        "高龄津贴发放结果",
    ]
    assert r.json()["results"][0]["due_on"] == "2026-03-30"
    r = staff.post(
        "/api/v1/staff/registries/catalogues/dl-gjz/items",
        _item_body(level2="高龄津贴发放结果", sort=3, tiers=["township"]),
    )
    r = staff.get("/api/v1/staff/registries/catalogues/dl-gjz/departures")
    assert r.json()["results"] == [
        {
            "kind": "changed",
            "area": "elderly-care",
            "level1": "养老服务机构",
            "level2": "高龄津贴发放结果",
            "fields": ["tiers"],
        }
    ]
    assert api_client().get("/api/v1/staff/registries/catalogues/dl-gjz/departures").status_code == 401


def test_power_list_adjustment_through_the_api(api_client, agency, make_staff, published_list):
    editor = make_staff(agency, "editor", username="e1")
    head = make_staff(agency, "office_head", username="h1")
    staff = api_client(editor)
    assert (
        staff.post("/api/v1/staff/registries/power-lists/dl-sfj/draft/items", power_raw()).json()["error"][
            "code"
        ]
        == "no_draft"
    )
    r = staff.post("/api/v1/staff/registries/power-lists/dl-sfj/draft", {"note": "动态调整"})
    assert (r.json()["number"], r.json()["state"], len(r.json()["items"])) == (2, "draft", 2)
    r = staff.post(
        "/api/v1/staff/registries/power-lists/dl-sfj/draft/items",
        power_raw(code="000872101000", kind="inspection", name="对司法鉴定机构的检查"),
    )
    assert r.status_code == 200 and r.json()["kind_label"] == "行政检查"
    assert staff.post("/api/v1/staff/registries/power-lists/dl-sfj/draft/publish").status_code == 403
    r = api_client(head).post(
        "/api/v1/staff/registries/power-lists/dl-sfj/draft/publish", {"published_on": "2026-06-01"}
    )
    assert r.json()["changes"] == {"added": ["000872101000"], "removed": [], "changed": []}
    public = api_client()
    r = public.get("/api/v1/registries/power-lists/dl-sfj")
    assert (r.json()["number"], len(r.json()["items"])) == (2, 3)
    r = public.get("/api/v1/registries/power-items", q="鉴定")
    assert [x["code"] for x in r.json()["results"]] == ["000872101000"]
    r = public.get("/api/v1/registries/power-items", kind="licensing")
    assert [x["name"] for x in r.json()["results"]] == ["律师事务所设立许可"]
    assert public.get("/api/v1/registries/power-items", kind="permit").status_code == 400
    assert public.get("/api/v1/registries/power-lists/dl-mzj").status_code == 404


def test_negative_list_through_the_api(api_client, agency, admin_user, published_list):
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
        city_measures="市司法局受理",
    )
    negative_item_link(actor=admin_user, item=item, organization=agency, power_code="000172101000")
    body = api_client().get("/api/v1/registries/negative-list").json()
    assert body["items"][0]["licensing_items"] == [
        {"organization": "dl-sfj", "code": "000172101000", "name": "律师事务所设立许可", "current": True}
    ]


def test_administrators_set_the_city_measures_through_the_api(
    api_client, agency, admin_user, editor, published_list
):
    edition = NegativeListEdition.objects.create(
        title="市场准入负面清单（2025年版）",
        issued_on=date(2025, 4, 24),
        issuer="国家发展改革委 商务部",
        is_current=True,
    )
    NegativeListItem.objects.create(
        edition=edition, number=108, category=NegativeCategory.LICENSED, industry="租赁和商务服务业",
        title="未获得许可，不得设立律师事务所", measures="律师事务所设立审批",
    )  # fmt: skip
    body = {
        "city_measures": "全程网办",
        "licensing_items": [{"organization": "dl-sfj", "code": "000172101000"}],
    }
    assert api_client(editor).put("/api/v1/staff/registries/negative-list/items/108", body).status_code == 403
    r = api_client(admin_user).put("/api/v1/staff/registries/negative-list/items/108", body)
    assert r.status_code == 200 and r.json()["city_measures"] == "全程网办"
    assert r.json()["licensing_items"][0]["name"] == "律师事务所设立许可"
    bad = {"city_measures": "x", "licensing_items": [{"organization": "dl-sfj", "code": "000272101000"}]}
    r = api_client(admin_user).put("/api/v1/staff/registries/negative-list/items/108", bad)
    assert r.status_code == 400 and NegativeListItem.objects.get(number=108).city_measures == "全程网办"
    assert (
        api_client(admin_user).put("/api/v1/staff/registries/negative-list/items/999", body).status_code
        == 404
    )
