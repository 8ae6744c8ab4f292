"""Units and outlets as .xlsx: export, import, export again gives the same cells."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.factories import OrganizationFactory
from zwgk.core.errors import ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.directory import spreadsheet
from zwgk.directory.models import Sector, ServiceOutlet, UnitSector
from zwgk.directory.services import service_outlet_upsert, unit_sector_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(enterprise, agency):
    water = Sector.objects.get_or_create(code="water", defaults={"name": "供水"})[0]
    second = OrganizationFactory(
        code="dl-gs2", name="大连第二供水公司", kind="public_enterprise", parent=agency
    )
    OrganizationFactory(code="dl-gs3", name="大连第三单位", kind="public_enterprise", parent=agency)
    unit_sector_set(actor=None, organization=second, sector=water, check_permission=False)
    for name, address, hours, phone, sort in [
        ("西岗营业厅", "西岗区长春路169号", "周一至周五 8:30—17:00", "0411-83632222", 10),
        ("沙河口营业厅", "沙河口区西安路89号", "", "95598", 20),
    ]:
        service_outlet_upsert(
            actor=None, organization=second, name=name, address=address, hours=hours, phone=phone, sort=sort,
            check_permission=False,
        )  # fmt: skip
    service_outlet_upsert(
        actor=None, organization=enterprise, name="服务窗口", address="人民路1号", check_permission=False
    )
    return [enterprise, second]


def _cells(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def _export(user):
    from zwgk.directory.selectors import enterprises_with_outlets_for

    return spreadsheet.export_workbook(enterprises_with_outlets_for(user))


def test_round_trip_without_loss(units, agency, make_staff):
    editor = make_staff(agency, "editor")
    first = _export(editor)
    cells = _cells(first)
    assert cells[0] == spreadsheet.HEADERS
    assert (
        "dl-gs2",
        "大连第二供水公司",
        "water",
        "dl-sfj",
        "沙河口营业厅",
        "沙河口区西安路89号",
        None,
        "95598",
        20,
    ) in cells
    assert ("dl-gs3", "大连第三单位", None, "dl-sfj", None, None, None, None, None) in cells  # no outlets yet
    # Wipe what the sheet holds, import it back: the same cells come out, one by one.
    ServiceOutlet.objects.all().delete()
    UnitSector.objects.all().delete()
    result = spreadsheet.import_workbook(actor=editor, fileobj=io.BytesIO(first))
    # The unit without outlets or sector lost nothing: it is unchanged.
    assert (result.added, result.changed, result.unchanged, result.outlets) == (0, 2, 1, 3)
    second = _cells(_export(editor))
    assert len(second) == len(cells)
    for row_a, row_b in zip(cells, second, strict=True):
        for a, b in zip(row_a, row_b, strict=True):
            assert a == b
    assert AuditEntry.objects.filter(verb="directory.import").count() == 1


def test_an_edited_sheet_updates_adds_and_removes_outlets(units, agency, make_staff):
    editor = make_staff(agency, "editor")
    book = load_workbook(io.BytesIO(_export(editor)))
    sheet = book.active
    for row in list(sheet.iter_rows(min_row=2)):
        if row[4].value == "西岗营业厅":
            row[6].value = "每日 8:00—18:00"
        if row[0].value == "dl-gs3":  # the unit without outlets gets a sector and its first outlet
            row[2].value, row[4].value, row[5].value, row[8].value = "water", "新网点", "中山区1号", 5
    for row in list(sheet.iter_rows(min_row=2)):
        if row[4].value == "沙河口营业厅":
            sheet.delete_rows(row[0].row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    spreadsheet.import_workbook(actor=editor, fileobj=out)
    assert ServiceOutlet.objects.get(name="西岗营业厅").hours == "每日 8:00—18:00"
    assert not ServiceOutlet.objects.filter(name="沙河口营业厅").exists()
    assert UnitSector.objects.get(organization__code="dl-gs3").sector.code == "water"
    assert ServiceOutlet.objects.get(organization__code="dl-gs3").name == "新网点"


def _sheet(*rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(list(spreadsheet.HEADERS))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_refused_rows_are_named_and_leave_their_unit_as_it_is(units, agency, other_agency, make_staff):
    editor = make_staff(agency, "editor")
    before = {(o.organization.code, o.name) for o in ServiceOutlet.objects.select_related("organization")}
    plan = spreadsheet.import_preview(
        actor=editor,
        fileobj=_sheet(
            ["dl-gs2", "", "water", "", "A", "地址", "", "", 1],
            ["dl-nope", "", "", "", "B", "地址", "", "", 1],
            ["dl-gs2", "", "unknown", "", "C", "地址", "", "", 1],
            ["dl-gs3", "", "", "", "D", "", "", "", 1],
            ["dl-lsfw", "", "", "", "服务窗口", "人民路2号", "", "", 1],
        ),
    )
    assert plan.refused == {
        "第3行": "平台中没有单位代码为“dl-nope”的单位；新增单位请填写单位名称。",
        "第4行": "未知的领域代码“unknown”。",
        "第5行": "请填写网点地址。",
    }
    # A unit with a refused row is left exactly as it is; the others go ahead.
    assert plan.refused_units == ["dl-gs2", "dl-gs3", "dl-nope"]
    assert [(u.code, u.kind) for u in plan.units] == [("dl-lsfw", "changed")]
    assert plan.units[0].changes == ["修改网点：服务窗口（地址、排序）"]
    result = spreadsheet.import_apply(actor=editor, plan=plan)
    assert (result.changed, result.refused_rows) == (1, 3)
    after = {(o.organization.code, o.name) for o in ServiceOutlet.objects.select_related("organization")}
    assert after == before
    assert ServiceOutlet.objects.get(name="服务窗口").address == "人民路2号"
    # Another agency's editor may not change these units.
    plan = spreadsheet.import_preview(
        actor=make_staff(other_agency, "editor"),
        fileobj=_sheet(["dl-gs2", "", "", "", "A", "地址", "", "", 1]),
    )
    assert plan.units == [] and "第2行" in plan.refused


def test_a_sheet_that_is_not_the_template_is_refused_whole(units, agency, make_staff):
    book = Workbook()
    book.active.append(["名称", "地址"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(ValidationFailed) as failed:
        spreadsheet.import_preview(actor=make_staff(agency, "editor"), fileobj=out)
    assert failed.value.code == "invalid_file"


def test_unknown_unit_codes_create_units_with_their_outlets(units, agency, other_agency, make_staff):
    from zwgk.organizations.models import Organization

    editor = make_staff(agency, "editor")
    rows = [
        ["dl-rl1", "大连热力一公司", "heating", "dl-sfj", "中山营业厅", "中山区1号", "每日", "0411-1", 10],
        ["dl-rl1", "大连热力一公司", "heating", "dl-sfj", "西岗营业厅", "西岗区2号", None, None, 20],
        ["dl-rl2", "大连热力二公司", None, "dl-sfj", None, None, None, None, None],
        ["dl-rl3", "", None, "dl-sfj", "X", "地址", None, None, 1],  # no name: not created
        ["dl-rl4", "别家的单位", None, "dl-mzj", "Y", "地址", None, None, 1],  # not this editor's department
        ["dl-mzj", "民政局", None, "dl-sfj", "Z", "地址", None, None, 1],  # an agency's code
    ]
    Sector.objects.get_or_create(code="heating", defaults={"name": "供热"})
    plan = spreadsheet.import_preview(actor=editor, fileobj=_sheet(*rows))
    assert [(u.code, u.kind) for u in plan.added] == [("dl-rl1", "added"), ("dl-rl2", "added")]
    assert plan.added[0].changes == [
        "新增单位：大连热力一公司（主管部门：市司法局）",
        "所属领域：供热",
        "新增网点：中山营业厅",
        "新增网点：西岗营业厅",
    ]
    assert set(plan.refused) == {"第5行", "第6行", "第7行"}
    assert "市民政局的信息员" in plan.refused["第6行"] and "不是公共企事业单位" in plan.refused["第7行"]
    assert not Organization.objects.filter(code__startswith="dl-rl").exists()  # a preview writes nothing
    result = spreadsheet.import_apply(actor=editor, plan=plan)
    assert (result.added, result.outlets) == (2, 2)
    unit = Organization.objects.get(code="dl-rl1")
    assert (unit.kind, unit.parent, unit.name, unit.path) == (
        "public_enterprise",
        agency,
        "大连热力一公司",
        "/dl/dl-sfj/dl-rl1/",
    )
    assert [o.name for o in unit.service_outlets.all()] == ["中山营业厅", "西岗营业厅"]
    assert UnitSector.objects.get(organization=unit).sector.code == "heating"
    assert not Organization.objects.filter(code__in=["dl-rl3", "dl-rl4"]).exists()
    verbs = list(AuditEntry.objects.filter(organization_code="dl-rl1").values_list("verb", flat=True))
    assert "organization.upsert" in verbs and verbs.count("directory.outlet_upsert") == 2
    entry = AuditEntry.objects.get(verb="directory.import")
    assert entry.data["added"] == ["dl-rl1", "dl-rl2"] and entry.data["refused_rows"] == 3


def test_new_units_round_trip_cell_by_cell(units, agency, make_staff):
    """Units the platform does not know come back from their own export, cell by cell."""
    from zwgk.organizations.models import Organization

    editor = make_staff(agency, "editor")
    first = _export(editor)
    cells = _cells(first)
    Organization.objects.filter(kind="public_enterprise").delete()  # outlets and sectors go with them
    result = spreadsheet.import_workbook(actor=editor, fileobj=io.BytesIO(first))
    assert (result.added, result.changed, result.outlets) == (3, 0, 3)
    second = _cells(_export(editor))
    assert len(second) == len(cells)
    for row_a, row_b in zip(cells, second, strict=True):
        for a, b in zip(row_a, row_b, strict=True):
            assert a == b


def test_confirming_a_preview_that_went_stale_shows_it_again(units, agency, make_staff):
    editor = make_staff(agency, "editor")
    sheet = _sheet(["dl-gs2", "", "water", "", "西岗营业厅", "新地址", "", "", 10]).getvalue()
    plan = spreadsheet.import_preview(actor=editor, fileobj=io.BytesIO(sheet))
    service_outlet_upsert(
        actor=None, organization=units[1], name="新开网点", address="中山区", check_permission=False
    )
    again = spreadsheet.import_preview(actor=editor, fileobj=io.BytesIO(sheet))
    assert again.digest != plan.digest  # it would now also delete 新开网点
    assert "删除网点：新开网点" in again.units[0].changes


def _upload(content: bytes, name: str = "units.xlsx") -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_back_office_export_preview_and_confirm(client, units, agency, make_staff):
    client.force_login(make_staff(agency, "editor"))
    response = client.get("/staff/directory/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    content = response.content
    ServiceOutlet.objects.all().delete()
    page = client.post("/staff/directory/import/", {"file": _upload(content)})
    html = page.content.decode()
    assert page.status_code == 200 and "导入预览" in html and "新增网点：西岗营业厅" in html
    assert "无变化的单位（1）" in html and "确认导入" in html
    assert ServiceOutlet.objects.count() == 0  # nothing written before the confirmation
    confirm = {
        "action": "import",
        "content": page.context["content"],
        "digest": page.context["plan"].digest,
    }
    assert client.post("/staff/directory/import/", {**confirm, "digest": "stale"}).status_code == 400
    assert ServiceOutlet.objects.count() == 0
    response = client.post("/staff/directory/import/", confirm)
    assert response.status_code == 302
    assert ServiceOutlet.objects.count() == 3
    assert AuditEntry.objects.filter(verb="directory.import").count() == 1
    bad = _sheet(["dl-nope", "", "", "", "B", "地址", "", "", 1]).getvalue()
    html = client.post("/staff/directory/import/", {"file": _upload(bad, "bad.xlsx")}).content.decode()
    assert "第2行" in html and "dl-nope" in html and "确认导入" not in html
    not_xlsx = client.post("/staff/directory/import/", {"file": _upload(b"not a workbook", "x.xlsx")})
    assert not_xlsx.status_code == 400 and "无法读取该文件" in not_xlsx.content.decode()


def test_administrators_keep_the_sectors(client, agency, make_staff, admin_user):
    client.force_login(make_staff(agency, "supervisor"))
    page = client.get("/staff/directory/sectors/").content.decode()
    assert "仅平台管理员可以修改" in page
    client.post("/staff/directory/sectors/", {"code": "heating-x", "name": "集中供热", "sort": "5"})
    assert not Sector.objects.filter(code="heating-x").exists()
    client.force_login(admin_user)
    response = client.post(
        "/staff/directory/sectors/",
        {"code": "heating-x", "name": "集中供热", "competent_department": agency.code, "sort": "5"},
    )
    assert response.status_code == 302
    assert Sector.objects.get(code="heating-x").competent_department == agency
    assert AuditEntry.objects.filter(verb="directory.sector_upsert").count() == 1
    assert "集中供热" in client.get("/staff/directory/sectors/").content.decode()
