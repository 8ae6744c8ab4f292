"""sniffed_upload: the one check every uploaded file passes (evidence, application files, appeals)."""

import hashlib
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.workplan.evidence import PNG, EvidenceRejected, sniffed_upload

MB = 1024 * 1024


def _png_1x1() -> bytes:
    """A real one-pixel greyscale PNG, built here so the test needs no fixture file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )


def test_an_accepted_file_has_its_sniffed_type_size_name_and_digest():
    data = _png_1x1()
    upload = SimpleUploadedFile("现场照片.png", data, content_type="application/pdf")
    checked = sniffed_upload(upload, max_bytes=MB)
    assert (checked.content_type, checked.size, checked.original_name, checked.sha256) == (
        PNG,
        len(data),
        "现场照片.png",
        hashlib.sha256(data).hexdigest(),
    )
    assert upload.read() == data  # rewound, ready for storage


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "“a.png”是空文件。"),
        (_png_1x1() + b"\x00" * MB, "“a.png”超过 1 MB 的上限。"),
        (
            b"MZ\x90\x00 an executable",
            "“a.png”不是可接受的文件类型（仅限 PDF、OFD、Word、Excel、Office 97–2003、PNG、JPEG）。",
        ),
    ],
    ids=["empty", "oversize", "wrong-type"],
)
def test_a_file_is_rejected_with_a_message_for_the_uploader(data, message):
    with pytest.raises(EvidenceRejected) as rejected:
        sniffed_upload(SimpleUploadedFile("a.png", data), max_bytes=MB)
    assert str(rejected.value) == message
