"""Attachments: the file type is sniffed from the bytes (never trusted from the name or the
browser), the size is limited, a virus-scan hook runs, and downloads are never rendered inline.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse
from django.utils.module_loading import import_string

from zwgk.core import files
from zwgk.core.errors import ValidationFailed

MIME = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
}
ALLOWED_LABEL = "PDF、Word（doc/docx）、Excel（xls/xlsx）或图片（png/jpg/gif）"


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    status: str  # "not_scanned" or "clean"
    detail: str = ""


def scan_not_configured(fileobj: IO[bytes], name: str) -> ScanResult:
    """The default hook: no scanner installed; the attachment is recorded as not scanned."""
    return ScanResult(clean=True, status="not_scanned", detail="未配置查毒程序")


def scanner() -> Any:
    path = getattr(settings, "ZWGK_ATTACHMENT_SCANNER", "") or "zwgk.catalog.attachments.scan_not_configured"
    return import_string(path)


def sniff(data: IO[bytes], original_name: str) -> str | None:
    """The file type (a key of MIME) by its bytes, or None when it is not an allowed type."""
    kind = files.sniff(data, original_name)
    return kind.extension if kind is not None and kind.extension in MIME else None


@dataclass(frozen=True)
class CheckedUpload:
    file_type: str
    content_type: str
    size: int
    sha256: str
    scan: ScanResult
    safe_name: str


def check_upload(data: IO[bytes], original_name: str, size: int | None = None) -> CheckedUpload:
    """Validate one upload; raises ValidationFailed with a message an editor understands."""
    limit = settings.ZWGK_UPLOAD_MAX_BYTES
    digest = hashlib.sha256()
    total = 0
    data.seek(0)
    for chunk in iter(lambda: data.read(1024 * 1024), b""):
        total += len(chunk)
        if total > limit:
            raise ValidationFailed(
                f"附件超过大小上限（{limit // (1024 * 1024)} MB）。",
                code="attachment_too_large",
                fields={"file": "过大"},
            )
        digest.update(chunk)
    if total == 0:
        raise ValidationFailed("附件是空文件。", fields={"file": "空文件"})
    file_type = sniff(data, original_name)
    if file_type is None:
        raise ValidationFailed(
            f"附件类型不允许：只接受{ALLOWED_LABEL}，按文件内容识别。",
            code="attachment_type_not_allowed",
            fields={"file": "类型不允许"},
        )
    data.seek(0)
    result = scanner()(data, original_name)
    data.seek(0)
    if not result.clean:
        raise ValidationFailed(
            f"附件未通过病毒查杀：{result.detail}", code="attachment_infected", fields={"file": "病毒"}
        )
    return CheckedUpload(
        file_type=file_type,
        content_type=MIME[file_type],
        size=total,
        sha256=digest.hexdigest(),
        scan=result,
        safe_name=f"{digest.hexdigest()[:32]}.{file_type}",
    )


def download_response(attachment: Any) -> FileResponse:
    """Always a download with the sniffed type and nosniff: an attachment is never a web page."""
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, content_type=attachment.content_type
    )
    # RFC 6266: an ASCII fallback plus the UTF-8 name, so Chinese file names survive.
    fallback = f"attachment-{attachment.pk}.{attachment.file_type}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(attachment.original_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
