"""Letters as files: .docx (python-docx) that staff open in Word or WPS, and PDF when the machine
has LibreOffice to render one.

Layout after GB/T 9704 (党政机关公文格式) as far as a letter needs it: A4, title in 方正小标宋简体
二号, body in 仿宋_GB2312 三号 with a two-character first-line indent and 28 pt fixed lines,
signature and date at the right. Chinese fonts are set on the East Asian slot (w:eastAsia) of
every run, and the font table names a fallback (宋体/黑体/仿宋) for machines without the official
fonts, so WPS and Word never fall back to a Western font for Chinese text.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

logger = logging.getLogger(__name__)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# Font table fallbacks: name → (altName, generic family).
FALLBACKS = {TITLE_FONT: ("宋体", "roman"), BODY_FONT: ("仿宋", "modern"), HEADING_FONT: ("SimHei", "modern")}
PDF_TIMEOUT_SECONDS = 90


@dataclass(frozen=True)
class LetterLayout:
    title: str
    body: str  # paragraphs separated by newlines; the first line is the addressee
    signature: str  # the agency
    letter_date: date
    contact: str = ""  # the office's contact block, small print at the end


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run, name: str, size_pt: float, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)
    r_fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(
    doc,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    indent: bool = True,  # type: ignore[no-untyped-def]
    align=None,
    bold: bool = False,
    space_after: float = 0,
):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28 if size >= 16 else 20)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold=bold)
    return p


def _font_table_fallbacks(doc) -> None:  # type: ignore[no-untyped-def]
    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        xml = part.blob.decode("utf-8")
        entries = "".join(
            f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/></w:font>'
            for name, (alt, family) in FALLBACKS.items()
            if f'w:name="{name}"' not in xml
        )
        part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


def build_docx(layout: LetterLayout) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _font_table_fallbacks(doc)

    _paragraph(
        doc,
        layout.title,
        font=TITLE_FONT,
        size=22,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=12,
    )
    lines = [line.strip() for line in layout.body.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        # The addressee ("张明：") stands flush left; every other paragraph is indented.
        _paragraph(doc, line, indent=i > 0)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, layout.signature, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, chinese_date(layout.letter_date), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if layout.contact:
        _paragraph(doc, "", indent=False)
        for line in layout.contact.splitlines():
            _paragraph(doc, line, size=12, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def read_docx_text(data: bytes) -> str:
    """All paragraph text of a .docx (what the tests and the preview read back)."""
    from docx import Document as open_docx

    return "\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs)


def pdf_renderer() -> str | None:
    """LibreOffice's binary if this machine has one; None means no PDFs (pdf_url is null)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    binary = pdf_renderer()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="zwgk-letter-") as tmp:
        source = Path(tmp) / "letter.docx"
        source.write_bytes(data)
        # A profile of its own: concurrent conversions would otherwise fight over one lock.
        profile = (Path(tmp) / "profile").as_uri()
        try:
            subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
            )
        except (subprocess.SubprocessError, OSError):
            logger.exception("PDF conversion of a letter failed")
            return None
        target = Path(tmp) / "letter.pdf"
        return target.read_bytes() if target.exists() else None
