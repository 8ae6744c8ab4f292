"""The annual report as a .docx an office can file as is: six parts in order, tables 二–四 with
the official merged headers, and the fonts of Chinese official documents (GB/T 9704).

East Asian text takes its font from `w:eastAsia` of `w:rFonts`, which `run.font.name` does not
set; without it Word and WPS show every Chinese character in the default font. 方正小标宋简体 is
not installed everywhere, so the font table names 黑体 as its stand-in (`w:altName`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from zwgk.reports.annual import PART_TITLES, TEXT_PARTS
from zwgk.reports.layout import Table, tables

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "黑体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(9)  # 小五: fifteen columns of table 四 must fit the page width
LINE = Pt(28)  # fixed line spacing of official documents

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fonts(run_or_style: Any, east_asia: str, size: Pt | None = None, *, bold: bool = False) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _declare_fallback(document: Any) -> None:
    """Name 黑体 as the stand-in for the title font in the font table."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            entry = (
                f'<w:font w:name="{TITLE_FONT}"><w:altName w:val="{TITLE_FALLBACK}"/>'
                '<w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>'
            )
            blob = part.blob.decode("utf-8").replace("</w:fonts>", entry + "</w:fonts>")
            part._blob = blob.encode("utf-8")  # a plain Part: python-docx keeps its bytes here
            return


def _paragraph(document: Any, text: str, font: str, size: Pt, *, bold=False, center=False, indent=True):
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # two characters, as every Chinese paragraph
    _fonts(p.add_run(text), font, size, bold=bold)
    return p


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _table(document: Any, table: Table, width: Cm) -> None:
    doc_table = document.add_table(rows=table.row_count, cols=table.columns)
    doc_table.style = "Table Grid"
    doc_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    doc_table.autofit = False
    total = sum(table.widths)
    for i, w in enumerate(table.widths):
        for cell in doc_table.columns[i].cells:
            cell.width = Cm(width.cm * w / total)
    header_rows = sum(len(s.rows) for s in table.sections if s.head)
    for r in range(header_rows):
        _repeat_header(doc_table.rows[r])
    for cell in table.cells:
        target = doc_table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(doc_table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = target.paragraphs[0]
        p.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if cell.is_header and cell.scope == "row" else WD_ALIGN_PARAGRAPH.CENTER
        )
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        _fonts(p.add_run(cell.text), TABLE_FONT, TABLE_SIZE, bold=cell.is_header and cell.scope != "row")


def render_docx(snapshot: Mapping[str, Any]) -> bytes:
    """The .docx of a report snapshot (`services.build_snapshot` or a published one)."""
    document = Document()
    _declare_fallback(document)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _fonts(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    text_width = Cm(21.0 - 2.8 - 2.6)

    _paragraph(document, snapshot["title"], TITLE_FONT, TITLE_SIZE, center=True)
    if snapshot.get("version", 1) > 1 and snapshot.get("correction_reason"):
        _paragraph(
            document,
            f"（更正版，第{snapshot['version']}版。更正原因：{snapshot['correction_reason']}）",
            BODY_FONT,
            BODY_SIZE,
            center=True,
        )
    _paragraph(document, "", BODY_FONT, BODY_SIZE, indent=False)
    grids = dict(zip(("part2", "part3", "part4"), tables(snapshot["report"]), strict=True))
    for part, title in PART_TITLES.items():
        _paragraph(document, title, HEADING_FONT, BODY_SIZE)
        if part in TEXT_PARTS:
            text = snapshot["texts"].get(TEXT_PARTS[part], "")
            for line in re.split(r"\n+", text.strip()) or [""]:
                _paragraph(document, line.strip(), BODY_FONT, BODY_SIZE)
        else:
            _table(document, grids[part], text_width)
            _paragraph(document, "", BODY_FONT, BODY_SIZE, indent=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
