"""`zwgk import-documents FILE.jsonl`: bulk import of catalogue items (API.md).

All or nothing: every line is validated first and the whole file is rejected, with each bad
line's number and fields, if any line is bad; otherwise all lines are imported in one
transaction (an error at that stage, e.g. a duplicate index number, rolls everything back).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zwgk.catalog.inputs import DocumentInput, parse_document_input
from zwgk.catalog.models import Document
from zwgk.catalog.services import document_import
from zwgk.catalog.services.drafts import validate
from zwgk.core.errors import DomainError

STATES = {"draft", "published"}


class Progress:
    """A plain progress bar on stderr (stdout stays clean for the summary)."""

    def __init__(self, stream: Any, total: int, label: str) -> None:
        self.stream, self.total, self.label = stream, max(total, 1), label  # stream: an OutputWrapper
        self.last = -1

    def update(self, done: int) -> None:
        percent = done * 100 // self.total
        if percent == self.last and done != self.total:
            return
        self.last = percent
        bar = "#" * (percent // 4)
        self.stream.write(f"\r{self.label} [{bar:<25}] {done}/{self.total}", ending="")
        if done >= self.total:
            self.stream.write("")
        self.stream.flush()


def _line_extras(raw: dict[str, Any]) -> tuple[bool, date | None, str | None, dict[str, str]]:
    errors: dict[str, str] = {}
    state = raw.get("state") or "draft"
    if state not in STATES:
        errors["state"] = "应为 draft 或 published"
    published_on = None
    if raw.get("published_on"):
        try:
            published_on = date.fromisoformat(str(raw["published_on"]))
        except ValueError:
            errors["published_on"] = "日期格式应为 YYYY-MM-DD"
    index_no = raw.get("index_no") or None
    if index_no is not None and not isinstance(index_no, str):
        errors["index_no"] = "应为字符串"
    if state != "published" and (published_on or index_no):
        errors["state"] = "带发布日期或索引号的信息应为 published"
    return state == "published", published_on, index_no, errors


class Command(BaseCommand):
    help = "批量导入政府信息（JSON Lines，每行一条，字段同接口）：先逐行校验，全部通过才导入"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            lines = file.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        stderr = self.stderr
        rows: list[tuple[int, DocumentInput, bool, date | None, str | None]] = []
        problems: list[tuple[int, str, dict[str, str]]] = []
        seen_index: dict[str, int] = {}
        numbered = [(n, text) for n, text in enumerate(lines, start=1) if text.strip()]
        progress = Progress(stderr, len(numbered), "校验")
        for i, (number, text) in enumerate(numbered, start=1):
            progress.update(i)
            try:
                raw = json.loads(text)
            except ValueError as exc:
                problems.append((number, f"不是有效的 JSON：{exc}", {}))
                continue
            if not isinstance(raw, dict):
                problems.append((number, "每行应为一个 JSON 对象", {}))
                continue
            publish, published_on, index_no, errors = _line_extras(raw)
            try:
                data = parse_document_input(raw)
                validate(data)
            except DomainError as exc:
                errors = {**exc.fields, **errors}
                data = None
            if index_no:
                if index_no in seen_index:
                    errors["index_no"] = f"与第 {seen_index[index_no]} 行重复"
                elif Document.objects.filter(index_no=index_no).exists():
                    errors["index_no"] = "已被使用"
                seen_index.setdefault(index_no, number)
            if errors or data is None:
                problems.append((number, "字段不正确", errors))
                continue
            rows.append((number, data, publish, published_on, index_no))

        if problems:
            for number, message, fields in problems:
                detail = "；".join(f"{k}: {v}" for k, v in fields.items())
                self.stderr.write(f"第 {number} 行：{message}{'（' + detail + '）' if detail else ''}")
            raise CommandError(f"共 {len(numbered)} 行，其中 {len(problems)} 行有误：未导入任何信息。")

        progress = Progress(stderr, len(rows), "导入")
        try:
            with transaction.atomic():
                for i, (number, data, publish, published_on, index_no) in enumerate(rows, start=1):
                    try:
                        document_import(
                            actor=None,
                            data=data,
                            publish=publish,
                            published_on=published_on,
                            index_no=index_no,
                        )
                    except DomainError as exc:
                        raise CommandError(
                            f"第 {number} 行导入失败：{exc.message}；未导入任何信息。"
                        ) from exc
                    progress.update(i)
        except CommandError:
            raise
        published = sum(1 for r in rows if r[2])
        self.stdout.write(
            f"已导入 {len(rows)} 条（其中已发布 {published} 条，草稿 {len(rows) - published} 条）。"
        )
