"""Letters as file downloads: one response for the back office, the API and the applicant's link."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

from zwgk.casework.letters import letter_docx
from zwgk.casework.models import Letter

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("docx", "pdf")


def attachment_header(filename: str) -> str:
    """Content-Disposition for a Chinese file name (RFC 6266's filename*)."""
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def letter_file_response(letter: Letter, fmt: str, *, public: bool = False) -> HttpResponse:
    """The letter as .docx (built now, so it shows the current text) or its stored .pdf.

    `public` gives the applicant's copy (personal data scrubbed: a link may be passed on).
    """
    name = letter.title if public else f"{letter.title}-{letter.application.tracking_code}"
    if fmt == "docx":
        response = HttpResponse(letter_docx(letter, public=public), content_type=DOCX_TYPE)
        response["Content-Disposition"] = attachment_header(f"{name}.docx")
        return response
    if fmt == "pdf" and letter.pdf and not public:
        return FileResponse(letter.pdf.open("rb"), as_attachment=True, filename=f"{name}.pdf")
    raise Http404("没有该格式的文件。")
