"""The annual report as an .xlsx an office can file as is: one sheet per table in the national
layout (merged headers, borders, widths, print setup), and the texts on a sheet of their own.

Numbers are written as numbers (the fee amount as an exact decimal), so the sheet can be summed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zwgk.reports.annual import PART_TITLES, TEXT_PARTS
from zwgk.reports.layout import Table, tables

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_NAMES = {"part2": "二、主动公开", "part3": "三、依申请公开", "part4": "四、复议诉讼"}
WIDTH_UNIT = 5.5  # characters per unit of `Table.widths`
FIRST_ROW = 3  # row 1: the report title; row 2: the table's title


def _table_sheet(sheet: Worksheet, title: str, table: Table) -> None:
    last = get_column_letter(table.columns)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = title
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 36
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = table.caption
    sheet["A2"].font = Font(name=FONT, size=12, bold=True)
    for i, w in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = w * WIDTH_UNIT
    header_font, body_font = Font(name=FONT, size=10, bold=True), Font(name=FONT, size=10)
    for cell in table.cells:
        row, col = FIRST_ROW + cell.row, 1 + cell.col
        target = sheet.cell(row=row, column=col, value=cell.value if cell.is_number else cell.text)
        target.font = header_font if cell.is_header and cell.scope != "row" else body_font
        horizontal = "left" if cell.scope == "row" else "center"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if cell.is_number and cell.key.endswith("amount_wan_yuan"):
            target.number_format = "0.00##"
        target.border = BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            # Merging copies the first cell's border onto the edges of the range (openpyxl's
            # MergedCellRange.format), so the whole merged cell is framed in Excel and WPS.
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    header_rows = sum(len(s.rows) for s in table.sections if s.head)
    if header_rows:
        sheet.print_title_rows = f"{FIRST_ROW}:{FIRST_ROW + header_rows - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if table.columns > 10 else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _text_sheet(sheet: Worksheet, snapshot: Mapping[str, Any]) -> None:
    sheet.column_dimensions["A"].width = 100
    sheet["A1"] = snapshot["title"]
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    row = 2
    if snapshot.get("version", 1) > 1 and snapshot.get("correction_reason"):
        sheet.cell(
            row=row,
            column=1,
            value=f"（第{snapshot['version']}版，更正原因：{snapshot['correction_reason']}）",
        )
        row += 1
    for part, title in PART_TITLES.items():
        sheet.cell(row=row, column=1, value=title).font = Font(name=FONT, size=12, bold=True)
        row += 1
        if part in TEXT_PARTS:
            body = snapshot["texts"].get(TEXT_PARTS[part], "")
            cell = sheet.cell(row=row, column=1, value=body)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name=FONT, size=11)
            sheet.row_dimensions[row].height = max(15, 15 * (body.count("\n") + 1 + len(body) // 60))
        else:
            sheet.cell(row=row, column=1, value=f"见工作表“{SHEET_NAMES[part]}”")
        row += 1


def render_xlsx(snapshot: Mapping[str, Any]) -> bytes:
    """The .xlsx of a report snapshot (`services.build_snapshot` or a published one)."""
    workbook = Workbook()
    text_sheet = workbook.active
    text_sheet.title = "报告全文"
    _text_sheet(text_sheet, snapshot)
    for table in tables(snapshot["report"]):
        _table_sheet(workbook.create_sheet(SHEET_NAMES[table.key]), snapshot["title"], table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
