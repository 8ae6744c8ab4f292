"""The .docx and .xlsx exports carry the same numbers as the JSON, in the national layout."""

import io

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from zwgk.reports import selectors, services
from zwgk.reports.annual import (
    APPEAL_COLUMNS,
    APPEAL_KINDS,
    BALANCE_NOTE,
    COLUMNS,
    PART_TITLES,
    ROW_LABELS,
)
from zwgk.reports.exports.excel import render_xlsx
from zwgk.reports.exports.word import render_docx

pytestmark = pytest.mark.django_db

LABEL_TO_ROW = {label: key for key, label in ROW_LABELS.items()}


@pytest.fixture
def snapshot(agency, sfj_year):
    report = selectors.live_report(agency, 2025)
    return services.build_snapshot(agency, 2025, report=report, text=selectors.report_text(agency, 2025))


@pytest.fixture
def word(snapshot):
    return docx.Document(io.BytesIO(render_docx(snapshot)))


@pytest.fixture
def book(snapshot):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(snapshot)))


def _docx_rows(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_has_the_six_parts_in_order(word):
    texts = [p.text for p in word.paragraphs]
    positions = [texts.index(title) for title in PART_TITLES.values()]
    assert positions == sorted(positions)
    assert texts[0] == "大连市司法局2025年政府信息公开工作年度报告"
    assert "主动公开政府信息312条。" in texts


def test_docx_table_3_has_the_numbers_of_the_json(word, snapshot):
    rows = snapshot["report"]["part3"]["rows"]
    seen = set()
    for texts in _docx_rows(word.tables[1]):
        key = LABEL_TO_ROW.get(texts[2])
        if key is None:
            continue
        seen.add(key)
        assert texts[-len(COLUMNS) :] == [str(rows[key][c]) for c in COLUMNS], key
    assert seen == set(rows)


def test_docx_tables_2_and_4_have_the_numbers_of_the_json(word, snapshot):
    part2, part4 = snapshot["report"]["part2"], snapshot["report"]["part4"]
    by_label = {texts[0]: texts[1:] for texts in _docx_rows(word.tables[0])}
    assert by_label["规章"] == [str(part2["rules"][f]) for f in ("issued", "repealed", "in_force")]
    assert by_label["行政规范性文件"] == ["2", "1", "3"]
    assert by_label["行政许可"] == ["120"] * 3  # one cell merged across the three number columns
    assert by_label["行政处罚"][0] == "35" and by_label["行政强制"][0] == "4"
    assert by_label["行政事业性收费"][0] == "1.25"
    last = _docx_rows(word.tables[2])[-1]
    assert last == [str(part4[k][c]) for k in APPEAL_KINDS for c in APPEAL_COLUMNS]


def test_docx_merges_header_cells_like_the_official_table(word):
    table = word.tables[1]
    assert table.cell(0, 0).text == BALANCE_NOTE
    assert table.cell(0, 0)._tc is table.cell(2, 2)._tc  # the note spans three rows and columns
    assert table.cell(0, 3)._tc is table.cell(0, 9)._tc  # 申请人情况 over the seven columns
    assert table.cell(3, 0).text == ROW_LABELS["1"]


def test_docx_sets_the_east_asian_fonts(word):
    def east_asia(paragraph):
        return paragraph.runs[0].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert east_asia(word.paragraphs[0]) == "方正小标宋简体"
    heading = next(p for p in word.paragraphs if p.text == PART_TITLES["part1"])
    assert east_asia(heading) == "黑体"
    body = next(p for p in word.paragraphs if p.text.startswith("2025年，市司法局"))
    assert east_asia(body) == "仿宋_GB2312"
    assert east_asia(word.tables[1].cell(3, 0).paragraphs[0]) == "宋体"
    font_table = next(p for p in word.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert '<w:altName w:val="黑体"/>' in font_table.blob.decode()


def _xlsx_rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_table_3_has_the_numbers_of_the_json(book, snapshot):
    rows = snapshot["report"]["part3"]["rows"]
    sheet = book["三、依申请公开"]
    seen = set()
    for values in _xlsx_rows(sheet):
        key = next((LABEL_TO_ROW[v] for v in values[:3] if v in LABEL_TO_ROW), None)
        if key is None:
            continue
        seen.add(key)
        assert values[3:10] == [rows[key][c] for c in COLUMNS], key
    assert seen == set(rows)


def test_xlsx_tables_2_and_4_have_the_numbers_of_the_json(book, snapshot):
    part4 = snapshot["report"]["part4"]
    by_label = {values[0]: values[1:] for values in _xlsx_rows(book["二、主动公开"])}
    assert by_label["规章"] == [1, 0, 1]
    assert by_label["行政规范性文件"] == [2, 1, 3]
    assert by_label["行政许可"][0] == 120
    assert by_label["行政事业性收费"][0] == pytest.approx(1.25)
    numbers = _xlsx_rows(book["四、复议诉讼"])[-1]
    assert numbers == [part4[k][c] for k in APPEAL_KINDS for c in APPEAL_COLUMNS]


def test_xlsx_merges_borders_and_widths(book):
    sheet = book["三、依申请公开"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A6:C6"} <= merged
    # the edges of a merged range are framed, not only its first cell
    assert (sheet["A5"].border.left.style, sheet["B5"].border.bottom.style) == ("thin", "thin")
    assert sheet["C4"].border.right.style == "thin"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width
    assert sheet["A1"].value == "大连市司法局2025年政府信息公开工作年度报告"


def test_xlsx_has_the_texts(book):
    values = [row[0] for row in _xlsx_rows(book["报告全文"])]
    assert PART_TITLES["part5"] in values
    assert "依申请公开答复的规范性有待提高。" in values


def test_a_published_snapshot_exports_its_frozen_numbers(agency, sfj_year, make_case):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    published = services.report_publish(
        actor=None,
        organization=agency,
        year=2025,
        now=datetime(2026, 1, 20, tzinfo=ZoneInfo("Asia/Shanghai")),
        check_permission=False,
    )
    make_case(agency, "natural_person", "2025-06-01", ("replied", "2025-06-10", {"outcome": "3.1"}))
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(published.snapshot)))
    row1 = next(v for v in _xlsx_rows(book["三、依申请公开"]) if v[0] == ROW_LABELS["1"])
    assert row1[9] == 5
