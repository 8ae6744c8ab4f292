"""Reading uploaded .xlsx files without letting one of them hold a worker (issue 21.4).

An .xlsx is a zip of XML: 714 KB can unpack to a sheet of 3 million rows, which took a web
worker 120 s and ~2 GB. Every import reads through `xlsx_rows`: the uncompressed size is
checked from the zip directory before anything is parsed, rows are streamed (openpyxl's
read-only mode) and counted, and callers stop collecting errors at `MAX_REPORTED_ERRORS`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any

from zwgk.core.errors import ValidationFailed

# Generous for what staff upload (the annual-report sheet has a row per agency and year; ~70
# agencies), small against the memory of one worker.
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000
# Past this, more errors help nobody fix the sheet; the message says how many were left out.
MAX_REPORTED_ERRORS = 50


def _open_workbook(fileobj: IO[bytes], max_uncompressed_bytes: int) -> Any:
    """The workbook in read-only mode, once the zip directory says it is not too big unpacked."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationFailed("无法读取该文件，请上传 .xlsx 格式的表格。", code="invalid_file") from exc
    if unpacked > max_uncompressed_bytes:
        raise ValidationFailed(
            f"表格解压后超过 {max_uncompressed_bytes // (1024 * 1024)} MB，请拆分后分批导入。",
            code="file_too_large",
            fields={"file": "过大"},
        )
    fileobj.seek(0)
    try:
        return load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationFailed("无法读取该文件，请上传 .xlsx 格式的表格。", code="invalid_file") from exc


def _too_many_rows(max_rows: int) -> ValidationFailed:
    return ValidationFailed(
        f"表格超过 {max_rows} 行，请拆分后分批导入。", code="too_many_rows", fields={"file": "行数过多"}
    )


def xlsx_rows(
    fileobj: IO[bytes],
    *,
    max_rows: int = MAX_ROWS,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
) -> Iterator[tuple[Any, ...]]:
    """The values of the first sheet's rows (header included), streamed. Raises
    ValidationFailed (`invalid_file`, `file_too_large`, `too_many_rows`) instead of parsing a
    file that is not a workbook or is too big once unpacked."""
    workbook = _open_workbook(fileobj, max_uncompressed_bytes)
    try:
        try:
            sheet = workbook.worksheets[0]
        except IndexError as exc:
            raise ValidationFailed("无法读取该文件，请上传 .xlsx 格式的表格。", code="invalid_file") from exc
        for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if n > max_rows:
                raise _too_many_rows(max_rows)
            yield values
    finally:
        workbook.close()


def xlsx_sheets(
    fileobj: IO[bytes],
    *,
    max_rows: int = MAX_ROWS,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every sheet's name and rows (header included), for workbooks with one sheet per group
    (issue 22: one per standard area). The same caps as `xlsx_rows`, `max_rows` counting the
    rows of all sheets together."""
    workbook = _open_workbook(fileobj, max_uncompressed_bytes)
    sheets: list[tuple[str, list[tuple[Any, ...]]]] = []
    total = 0
    try:
        for sheet in workbook.worksheets:
            rows: list[tuple[Any, ...]] = []
            for values in sheet.iter_rows(values_only=True):
                total += 1
                if total > max_rows:
                    raise _too_many_rows(max_rows)
                rows.append(values)
            sheets.append((sheet.title, rows))
    finally:
        workbook.close()
    return sheets


class ErrorList:
    """Row errors up to MAX_REPORTED_ERRORS, and a count of the rest."""

    def __init__(self, limit: int = MAX_REPORTED_ERRORS) -> None:
        self.limit = limit
        self.shown: dict[str, str] = {}
        self.more = 0

    def add(self, where: str, message: str) -> None:
        if len(self.shown) < self.limit:
            self.shown[where] = message
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.shown)

    def as_dict(self) -> dict[str, str]:
        if not self.more:
            return dict(self.shown)
        return {**self.shown, "其余": f"另有 {self.more} 处错误未列出"}
