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
    assert (result.units, result.outlets) == (3, 3)
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


def test_errors_name_the_row_and_nothing_is_imported(units, agency, other_agency, make_staff):
    editor = make_staff(agency, "editor")
    before = ServiceOutlet.objects.count()
    with pytest.raises(ValidationFailed) as failed:
        spreadsheet.import_workbook(
            actor=editor,
            fileobj=_sheet(
                ["dl-gs2", "", "water", "", "A", "地址", "", "", 1],
                ["dl-nope", "", "", "", "B", "地址", "", "", 1],
                ["dl-gs2", "", "unknown", "", "C", "地址", "", "", 1],
                ["dl-gs3", "", "", "", "D", "", "", "", 1],
            ),
        )
    assert set(failed.value.fields) == {"第3行", "第4行", "第5行"}
    assert ServiceOutlet.objects.count() == before
    # Another agency's editor may not change these units.
    with pytest.raises(ValidationFailed) as failed:
        spreadsheet.import_workbook(
            actor=make_staff(other_agency, "editor"),
            fileobj=_sheet(["dl-gs2", "", "", "", "A", "地址", "", "", 1]),
        )
    assert "第2行" in failed.value.fields


def test_back_office_export_and_import(client, units, agency, make_staff):
    client.force_login(make_staff(agency, "editor"))
    response = client.get("/staff/directory/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    content = response.content
    ServiceOutlet.objects.all().delete()
    upload = io.BytesIO(content)
    upload.name = "units.xlsx"
    response = client.post("/staff/directory/import/", {"file": upload})
    assert response.status_code == 302
    assert ServiceOutlet.objects.count() == 3
    bad = _sheet(["dl-nope", "", "", "", "B", "地址", "", "", 1])
    bad.name = "bad.xlsx"
    page = client.post("/staff/directory/import/", {"file": bad})
    assert page.status_code == 400 and "第2行" in page.content.decode()


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
