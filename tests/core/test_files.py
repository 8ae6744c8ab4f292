"""The one upload sniffer: kinds from bytes and ZIP member names, never from the name alone."""

import io
import zipfile

import pytest

from zwgk.core import files


def _zip(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (io.BytesIO(b"%PDF-1.7\n..."), "a.pdf", files.PDF),
        (io.BytesIO(b"%PDF-1.7\n..."), "renamed.docx", files.PDF),
        (io.BytesIO(b"\x89PNG\r\n\x1a\n...."), "", files.PNG),
        (io.BytesIO(b"\xff\xd8\xff\xe0...."), "x", files.JPEG),
        (io.BytesIO(b"GIF89a......"), "x.gif", files.GIF),
        (io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."), "报告.DOC", files.DOC),
        (io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."), "表.xls", files.XLS),
        (io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."), "文件.wps", files.OLE),
        (_zip("[Content_Types].xml", "word/document.xml"), "a.docx", files.DOCX),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "a.xlsx", files.XLSX),
        (_zip("OFD.xml", "Doc_0/Document.xml"), "a.ofd", files.OFD),
        (_zip("payload.exe"), "a.docx", None),
        (io.BytesIO(b"MZ\x90\x00 executable"), "a.pdf", None),
        (io.BytesIO(b""), "a.pdf", None),
    ],
)
def test_kind_comes_from_the_bytes(data, name, kind):
    assert files.sniff(data, name) == kind
    assert data.tell() == 0  # rewound for whoever stores the file
