"""File types read from the bytes: the one sniffer behind every upload (pure, no Django).

A file's type comes from its first bytes and, for ZIP containers, its member names — never from
the browser's Content-Type or the file name, so an executable renamed to .pdf is refused. Each
upload path (catalogue attachments, work-plan evidence, application files) then decides which of
these kinds it accepts.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class FileKind:
    extension: str
    mime: str


PDF = FileKind("pdf", "application/pdf")
OFD = FileKind("ofd", "application/ofd")  # GB/T 33190, the national layout format
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC = FileKind("doc", "application/msword")
XLS = FileKind("xls", "application/vnd.ms-excel")
# .doc / .xls / .wps share one container format that only Office tells apart.
OLE = FileKind("ole", "application/x-ole-storage")
PNG = FileKind("png", "image/png")
JPEG = FileKind("jpg", "image/jpeg")
GIF = FileKind("gif", "image/gif")

_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(stream: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "OFD.xml" in names:
        return OFD
    typed = "[Content_Types].xml" in names
    if "word/document.xml" in names or (typed and any(n.startswith("word/") for n in names)):
        return DOCX
    if "xl/workbook.xml" in names or (typed and any(n.startswith("xl/") for n in names)):
        return XLSX
    return None


def sniff(stream: IO[bytes], name: str = "") -> FileKind | None:
    """The kind of the file in `stream` (rewound afterwards), or None if it is none we know.

    Legacy Office files are DOC or XLS when the name says which, else OLE.
    """
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        for signature, kind in _SIGNATURES:
            if head.startswith(signature):
                return kind
        if head.startswith(_OLE2):
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            return {"doc": DOC, "xls": XLS}.get(ext, OLE)
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(stream)
        return None
    finally:
        stream.seek(0)
