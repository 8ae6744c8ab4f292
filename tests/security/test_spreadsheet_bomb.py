"""Issue 21.4: an .xlsx that is small to send and huge to unpack is refused before it is parsed;
row count and reported errors are capped for every import."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from zwgk.core.errors import ValidationFailed
from zwgk.core.spreadsheets import MAX_REPORTED_ERRORS, MAX_ROWS, MAX_UNCOMPRESSED_BYTES
from zwgk.reports import services

pytestmark = pytest.mark.django_db

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}


def _bomb(rows: int) -> io.BytesIO:
    """A workbook whose one sheet has `rows` identical rows: deflate shrinks it ~1000×."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        sheet = (
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>"
            + '<row><c t="inlineStr"><is><t>nope</t></is></c></row>' * rows
            + "</sheetData></worksheet>"
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    out.seek(0)
    return out


def _sheet(rows):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(list(services.IMPORT_HEADERS))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture(scope="module")
def bomb_bytes():
    return _bomb(1_000_000).getvalue()  # ~48 MB of XML in ~50 KB


def test_the_bomb_itself_is_a_valid_workbook(make_staff, city):
    # The same construction, small: parsed, and refused only for its content.
    with pytest.raises(ValidationFailed) as refused:
        services.part2_entries_import(actor=make_staff(city, "supervisor"), fileobj=_bomb(10))
    assert refused.value.code == "invalid_header"


def test_small_file_with_a_huge_sheet_is_refused_at_once(make_staff, city, bomb_bytes):
    assert len(bomb_bytes) < 1024 * 1024 < MAX_UNCOMPRESSED_BYTES < 1_000_000 * 48
    bomb = io.BytesIO(bomb_bytes)
    started = time.monotonic()
    with pytest.raises(ValidationFailed) as refused:
        services.part2_entries_import(actor=make_staff(city, "supervisor"), fileobj=bomb)
    assert time.monotonic() - started < 2
    assert refused.value.code == "file_too_large" and "拆分" in refused.value.message


def test_too_many_rows_are_refused_without_reading_on(make_staff, city):
    sheet = _sheet([["nope", 2025, 1, 1, 1, 1, ""]] * (MAX_ROWS + 10))
    with pytest.raises(ValidationFailed) as refused:
        services.part2_entries_import(actor=make_staff(city, "supervisor"), fileobj=sheet)
    assert refused.value.code == "too_many_rows"


def test_reported_errors_are_capped(make_staff, city):
    sheet = _sheet([["nope", 2025, 1, 1, 1, 1, ""]] * (MAX_REPORTED_ERRORS + 30))
    result = services.part2_entries_import(actor=make_staff(city, "supervisor"), fileobj=sheet)
    assert result.saved == 0 and len(result.errors) == MAX_REPORTED_ERRORS + 1
    assert result.errors["其余"] == "另有 30 处错误未列出"


def test_the_import_page_shows_the_refusal(client, make_staff, city, bomb_bytes):
    client.force_login(make_staff(city, "supervisor"))
    bomb = io.BytesIO(bomb_bytes)
    bomb.name = "年报.xlsx"
    response = client.post("/staff/reports/annual/import/", {"file": bomb})
    assert response.status_code in {200, 400}
    assert "拆分后分批导入" in response.content.decode()
