import io
import zipfile
from datetime import date

import pytest

from tests.catalog.factories import document_input, published
from zwgk.catalog.attachments import sniff
from zwgk.catalog.services import attachment_add, document_create_draft
from zwgk.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    "content, name, kind",
    [
        (PDF, "办法.pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "图解.png", "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "照片.jpg", "jpg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, "附表.xls", "xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, "附表.exe", None),
        (_docx(), "通知.docx", "docx"),
        (b"<html><script>alert(1)</script></html>", "伪装.pdf", None),
        (b"PK\x03\x04not really a zip", "x.docx", None),
    ],
)
def test_type_is_sniffed_from_the_bytes(content, name, kind):
    assert sniff(io.BytesIO(content), name) == kind


def test_html_renamed_pdf_is_rejected(editor, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    with pytest.raises(ValidationFailed) as exc:
        attachment_add(
            actor=editor,
            document_id=doc.pk,
            fileobj=io.BytesIO(b"<!doctype html><p>hi"),
            original_name="a.pdf",
        )
    assert exc.value.code == "attachment_type_not_allowed"
    assert doc.attachments.count() == 0


def test_size_limit(settings, editor, agency):
    settings.ZWGK_UPLOAD_MAX_BYTES = 10
    doc = document_create_draft(actor=editor, data=document_input(agency))
    with pytest.raises(ValidationFailed) as exc:
        attachment_add(actor=editor, document_id=doc.pk, fileobj=io.BytesIO(PDF), original_name="a.pdf")
    assert exc.value.code == "attachment_too_large"


def test_scan_hook_is_called_and_can_refuse(settings, editor, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    att = attachment_add(
        actor=editor, document_id=doc.pk, fileobj=io.BytesIO(PDF), original_name="办法全文.pdf"
    )
    assert (att.file_type, att.scan_status, att.size) == ("pdf", "not_scanned", len(PDF))
    assert att.file.name.endswith(".pdf") and "办法" not in att.file.name
    settings.ZWGK_ATTACHMENT_SCANNER = "tests.catalog.test_attachments.infected"
    with pytest.raises(ValidationFailed) as exc:
        attachment_add(actor=editor, document_id=doc.pk, fileobj=io.BytesIO(PDF), original_name="b.pdf")
    assert exc.value.code == "attachment_infected"


def infected(fileobj, name):
    from zwgk.catalog.attachments import ScanResult

    return ScanResult(clean=False, status="infected", detail="EICAR-Test-File")


def test_download_is_never_inline(client, editor, reviewer, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    att = attachment_add(
        actor=reviewer, document_id=doc.pk, fileobj=io.BytesIO(PDF), original_name="办法 全文.pdf"
    )
    from zwgk.catalog.services import document_publish

    document_publish(actor=reviewer, document_id=doc.pk)
    response = client.get(f"/api/v1/documents/{doc.pk}/attachments/{att.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E5%8A%9E%E6%B3%95%20%E5%85%A8%E6%96%87.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_attachments_of_drafts_are_not_public(client, editor, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    att = attachment_add(actor=editor, document_id=doc.pk, fileobj=io.BytesIO(PDF), original_name="a.pdf")
    assert client.get(f"/api/v1/documents/{doc.pk}/attachments/{att.pk}").status_code == 404
    other = published(agency, on=date(2026, 3, 5))
    assert client.get(f"/api/v1/documents/{other.pk}/attachments/{att.pk}").status_code == 404
