"""The annual report as files: .docx (`word`) and .xlsx (`excel`), both drawn from `layout`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from zwgk.reports.exports.excel import XLSX_CONTENT_TYPE, render_xlsx
from zwgk.reports.exports.word import DOCX_CONTENT_TYPE, render_docx

FORMATS = {"docx": (render_docx, DOCX_CONTENT_TYPE), "xlsx": (render_xlsx, XLSX_CONTENT_TYPE)}


def download(snapshot: Mapping[str, Any], fmt: str, *, suffix: str = "") -> HttpResponse:
    """The report as an attachment named by its title (Chinese file names, RFC 6266)."""
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(snapshot), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{snapshot['title']}{suffix}.{fmt}")
    return response
