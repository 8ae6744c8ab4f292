"""Evidence attached to a progress report: links as written, files by their content.

Pure module: no Django imports. A file's type is read from its first bytes (and, for ZIP
containers, its member names), never from the browser's Content-Type or the file name, so an
executable renamed to .pdf is refused. The types are those government offices exchange:
PDF, OFD (GB/T 33190, the national layout format), Word/WPS and Excel (OOXML and legacy OLE),
and images of paper documents; zwgk/core/files.py reads the type.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from zwgk.core import files

PDF = files.PDF.mime
OFD = files.OFD.mime
DOCX = files.DOCX.mime
XLSX = files.XLSX.mime
OLE = files.OLE.mime
PNG = files.PNG.mime
JPEG = files.JPEG.mime

LABELS = {
    PDF: "PDF",
    OFD: "OFD",
    DOCX: "Word",
    XLSX: "Excel",
    OLE: "Office 97–2003",
    PNG: "PNG",
    JPEG: "JPEG",
}

MAX_LINKS = 20
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Catalogue item ids (digits) or index numbers such as 11210200MB1234567K/2020-00015.
_CATALOGUE_REF = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_/.]{0,99}$")


class EvidenceRejected(ValueError):
    pass


def sniff(stream: BinaryIO) -> str | None:
    """The content type of the file in `stream` (rewound afterwards), or None if not accepted."""
    kind = files.sniff(stream)
    return kind.mime if kind is not None and kind.mime in LABELS else None


def check_file(stream: BinaryIO, *, name: str, size: int, max_bytes: int) -> str:
    """The sniffed content type, or EvidenceRejected with a message for the person uploading."""
    if size > max_bytes:
        raise EvidenceRejected(f"“{name}”超过 {max_bytes // (1024 * 1024)} MB 的上限。")
    if size == 0:
        raise EvidenceRejected(f"“{name}”是空文件。")
    kind = sniff(stream)
    if kind is None:
        accepted = "、".join(dict.fromkeys(LABELS.values()))
        raise EvidenceRejected(f"“{name}”不是可接受的文件类型（仅限 {accepted}）。")
    return kind


class Upload(Protocol):
    """The part of an uploaded file read here; Django's UploadedFile has it (no Django import)."""

    @property
    def file(self) -> BinaryIO: ...
    @property
    def name(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...
    def chunks(self) -> Iterator[bytes]: ...
    def seek(self, offset: int) -> object: ...


@dataclass(frozen=True)
class SniffedUpload:
    content_type: str
    size: int
    original_name: str
    sha256: str


def sniffed_upload(upload: Upload, *, max_bytes: int) -> SniffedUpload:
    """The accepted file's sniffed type, size, name and digest; EvidenceRejected otherwise.

    The upload is left rewound, ready to be saved to storage.
    """
    size = upload.size or 0
    content_type = check_file(upload.file, name=upload.name or "", size=size, max_bytes=max_bytes)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return SniffedUpload(
        content_type=content_type,
        size=size,
        original_name=(upload.name or "file")[:255],
        sha256=digest.hexdigest(),
    )


def clean_links(lines: list[str] | tuple[str, ...]) -> list[str]:
    """Links and catalogue references, one per entry, deduplicated; refuses anything else."""
    out: list[str] = []
    for raw in lines:
        value = raw.strip()
        if not value:
            continue
        if not (_URL.match(value) or _CATALOGUE_REF.match(value)):
            raise EvidenceRejected(f"“{value[:60]}”既不是 http(s) 链接，也不是目录条目编号或索引号。")
        if value not in out:
            out.append(value)
    if len(out) > MAX_LINKS:
        raise EvidenceRejected(f"佐证链接最多 {MAX_LINKS} 条。")
    return out
