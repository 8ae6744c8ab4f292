"""The registries' back-office pages: the owning unit edits, imports and exports; others cannot."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.registries.test_workbooks import cells
from zwgk.core.models import AuditEntry
from zwgk.registries.models import PowerItem, StandardItem, VersionState
from zwgk.registries.powers import current_version

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ITEM_FORM = {
    "action": "item",
    "area": "elderly-care",
    "level1": "养老服务机构",
    "level2": "养老机构备案信息",
    "content": "名称、地址、床位数",
    "legal_basis": "《养老机构管理办法》",
    "time_limit": "信息形成或变更之日起20个工作日内",
    "time_limit_workdays": "20",
    "responsible": "区民政局",
    "channels": ["website", "reading_point"],
    "audience": "everyone",
    "method": "proactive",
    "tiers": ["county", "township"],
    "effective_on": "2026-03-02",
    "sort": "10",
    "documents": "",
}


def test_the_unit_edits_its_catalogue_in_the_back_office(
    client, district, district_editor, common_elderly, areas
):
    client.force_login(district_editor)
    assert client.get("/staff/registries/").status_code == 200
    r = client.post("/staff/registries/catalogues/dl-gjz/", {"action": "adopt", "area": "elderly-care"})
    assert StandardItem.objects.filter(organization=district, template__isnull=False).count() == 3
    r = client.post("/staff/registries/catalogues/dl-gjz/", ITEM_FORM)  # changes an adopted item
    assert r.status_code == 302
    item = StandardItem.objects.get(organization=district, level2="养老机构备案信息")
    assert (item.channels, item.tiers) == (["website", "reading_point"], ["county", "township"])
    assert item.template == common_elderly[0]
    removed = StandardItem.objects.get(organization=district, level2="高龄津贴发放结果")
    client.post("/staff/registries/catalogues/dl-gjz/", {"action": "delete", "id": removed.pk})
    page = client.get("/staff/registries/catalogues/dl-gjz/").content.decode()
    assert "<td>2026-03-30</td><td>逾期未公开</td>" in page
    assert (
        "修改了通用事项</td><td>公开内容（要素）、公开渠道和载体、公开层级</td>" in page
        and "未采用通用事项" in page
    )
    r = client.post("/staff/registries/catalogues/dl-gjz/", {**ITEM_FORM, "documents": "不存在的索引号"})
    assert r.status_code == 200 and "不存在的索引号" in r.content.decode()
    # Export, then import the export: nothing changes.
    exported = client.get("/staff/registries/catalogues/dl-gjz/export.xlsx")
    assert exported["Content-Type"] == XLSX
    upload = SimpleUploadedFile("目录.xlsx", exported.content, content_type=XLSX)
    r = client.post("/staff/registries/catalogues/dl-gjz/", {"action": "import", "file": upload})
    # The same workbook again: the preview finds nothing to do (decision 0035).
    assert r.status_code == 200 and "表格与现有目录一致，无需导入。" in r.content.decode()
    assert StandardItem.objects.filter(organization=district).count() == 2
    reexported = client.get("/staff/registries/catalogues/dl-gjz/export.xlsx").content
    assert cells(reexported) == cells(exported.content)
    template = load_workbook(BytesIO(client.get("/staff/registries/catalogues/template.xlsx").content))
    assert len(template.sheetnames) == 27
    assert AuditEntry.objects.filter(verb="registries.catalogue_adopt", organization_code="dl-gjz").exists()


def test_other_units_and_the_common_catalogue_are_closed(
    client, district, agency, editor, district_editor, admin_user, areas
):
    client.force_login(editor)  # 市司法局
    assert client.get("/staff/registries/catalogues/dl-gjz/").status_code == 404
    assert client.post("/staff/registries/catalogues/dl-gjz/", ITEM_FORM).status_code == 404
    assert client.get("/staff/registries/catalogues/common/").status_code == 404
    assert (
        client.get("/staff/registries/catalogues/dl-sfj/").status_code == 404
    )  # no catalogue for a department
    client.force_login(admin_user)
    r = client.post("/staff/registries/catalogues/common/", ITEM_FORM)
    assert r.status_code == 302 and StandardItem.objects.filter(organization=None).count() == 1


def test_power_list_adjusted_by_the_editor_and_published_by_the_head(
    client, agency, editor, make_staff, published_list
):
    head = make_staff(agency, "office_head", username="sfj_head")
    client.force_login(editor)
    client.post("/staff/registries/powers/dl-sfj/", {"action": "start", "note": "2026年调整"})
    r = client.post(
        "/staff/registries/powers/dl-sfj/",
        {
            "action": "item",
            "code": "000872101000",
            "kind": "inspection",
            "name": "对司法鉴定机构的检查",
            "legal_basis": "《司法鉴定程序通则》",
            "responsible_unit": "司法鉴定管理处",
            "accountability": "未依法检查的追责",
            "sort": "30",
        },
    )
    assert r.status_code == 302
    page = client.get("/staff/registries/powers/dl-sfj/").content.decode()
    assert "新增 1 项（000872101000）" in page and "发布第2版" not in page  # the editor may not publish
    r = client.post("/staff/registries/powers/dl-sfj/", {"action": "publish", "published_on": "2026-06-01"})
    assert current_version(agency) == published_list  # refused: said on the page, nothing changed
    client.force_login(head)
    client.post(
        "/staff/registries/powers/dl-sfj/", {"action": "publish", "published_on": "2026-06-01", "note": ""}
    )
    version = current_version(agency)
    assert (version.number, version.state, version.published_on) == (
        2,
        VersionState.PUBLISHED,
        date(2026, 6, 1),
    )
    assert PowerItem.objects.filter(version=version).count() == 3
    exported = client.get("/staff/registries/powers/dl-sfj/export.xlsx")
    rows = list(load_workbook(BytesIO(exported.content))["权责清单"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["000172101000", "000272101000", "000872101000"]


def test_power_import_through_the_page(client, agency, editor, published_list):
    client.force_login(editor)
    exported = client.get("/staff/registries/powers/dl-sfj/export.xlsx").content
    r = client.post(
        "/staff/registries/powers/dl-sfj/",
        {"action": "import", "file": SimpleUploadedFile("清单.xlsx", exported, content_type=XLSX)},
    )
    assert r.status_code == 302
    assert agency.power_list_versions.get(state="draft").items.count() == 2
    r = client.post(
        "/staff/registries/powers/dl-sfj/",
        {"action": "import", "file": SimpleUploadedFile("清单.xlsx", b"not a workbook", content_type=XLSX)},
    )
    assert r.status_code == 200 and "无法读取该文件" in r.content.decode()
