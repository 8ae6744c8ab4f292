"""The fields of a catalogue item as callers give them (API, import, forms), resolved to objects.

`parse_document_input` turns API/JSON-lines payloads (codes, ISO dates) into a DocumentInput and
reports every bad field at once, so the importer can list all errors of a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zwgk.catalog.models import (
    Art20Category,
    Column,
    DisclosureMethod,
    Document,
    DocumentKind,
    Genre,
    InterpretationForm,
    Subject,
    Validity,
)
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization


@dataclass
class DocumentInput:
    organization: Organization
    title: str
    body: str = ""
    doc_no: str = ""
    signed_on: date | None = None
    kind: str = DocumentKind.OTHER
    genre: Genre | None = None
    subjects: list[Subject] = field(default_factory=list)
    art20_categories: list[Art20Category] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    source: str = ""
    disclosure_method: str = DisclosureMethod.PROACTIVE
    disclosure_scope: str = "面向全社会"
    information_created_on: date | None = None
    information_changed_on: date | None = None
    publish_at: datetime | None = None
    co_issuers: list[Organization] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    interprets: Document | None = None
    interpretation_form: str = ""
    # A validity known from elsewhere (importing an old site): recorded as a lifecycle event.
    declared_validity: str = Validity.IN_FORCE


SCALAR_FIELDS = [
    "title", "body", "doc_no", "kind", "summary", "source", "disclosure_method", "disclosure_scope",
    "interpretation_form",
]  # fmt: skip
DATE_FIELDS = ["signed_on", "information_created_on", "information_changed_on"]
INPUT_FIELDS = {f.name for f in fields(DocumentInput)}


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value))


def _by_code(model: Any, codes: Any, name: str, errors: dict[str, str]) -> list[Any]:
    if codes in (None, ""):
        return []
    if not isinstance(codes, list):
        errors[name] = "应为代码列表"
        return []
    found = {o.code: o for o in model.objects.filter(code__in=[str(c) for c in codes])}
    missing = [str(c) for c in codes if str(c) not in found]
    if missing:
        errors[name] = f"未知代码：{'、'.join(missing)}"
    return [found[str(c)] for c in codes if str(c) in found]


def parse_document_input(
    data: dict[str, Any], *, default_organization: Organization | None = None
) -> DocumentInput:
    """Resolve a JSON payload; raises ValidationFailed listing every bad field."""
    errors: dict[str, str] = {}
    unknown = (
        set(data) - INPUT_FIELDS - {"organization", "genre", "validity", "state", "index_no", "published_on"}
    )
    for name in sorted(unknown):
        errors[name] = "未知字段"
    org = default_organization
    if data.get("organization"):
        org = Organization.objects.filter(code=str(data["organization"])).first()
        if org is None:
            errors["organization"] = f"未知机构代码：{data['organization']}"
    elif org is None:
        errors["organization"] = "必填"
    values: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        if name in data and data[name] is not None:
            if not isinstance(data[name], str):
                errors[name] = "应为字符串"
            else:
                values[name] = data[name]
    for name in DATE_FIELDS:
        try:
            values[name] = _date(data.get(name))
        except ValueError:
            errors[name] = "日期格式应为 YYYY-MM-DD"
    if data.get("publish_at"):
        parsed = parse_datetime(str(data["publish_at"]))
        if parsed is None:
            errors["publish_at"] = "时间格式应为 ISO 8601"
        else:
            values["publish_at"] = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    for name, choices in (
        ("kind", DocumentKind.values),
        ("disclosure_method", DisclosureMethod.values),
        ("interpretation_form", ["", *InterpretationForm.values]),
    ):
        if name in values and values[name] not in choices:
            errors[name] = f"应为 {' / '.join(c for c in choices if c)} 之一"
    validity = data.get("validity") or Validity.IN_FORCE
    if validity not in Validity.values:
        errors["validity"] = f"应为 {' / '.join(Validity.values)} 之一"
    genre = None
    if data.get("genre"):
        genre = Genre.objects.filter(code=str(data["genre"])).first()
        if genre is None:
            errors["genre"] = f"未知体裁代码：{data['genre']}"
    keywords = data.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [k for k in keywords.replace("，", ",").replace(" ", ",").split(",") if k]
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        errors["keywords"] = "应为字符串列表"
        keywords = []
    subjects = _by_code(Subject, data.get("subjects"), "subjects", errors)
    art20 = _by_code(Art20Category, data.get("art20_categories"), "art20_categories", errors)
    columns = _by_code(Column, data.get("columns"), "columns", errors)
    co_issuers = _by_code(Organization, data.get("co_issuers"), "co_issuers", errors)
    interprets = None
    if data.get("interprets") not in (None, ""):
        try:
            interprets = Document.objects.filter(pk=int(data["interprets"])).first()
        except (TypeError, ValueError):
            errors["interprets"] = "应为文件编号"
        else:
            if interprets is None:
                errors["interprets"] = f"文件 {data['interprets']} 不存在"
    if errors:
        raise ValidationFailed("信息字段不正确。", fields=errors)
    assert org is not None
    return DocumentInput(
        organization=org,
        genre=genre,
        keywords=[k.strip() for k in keywords if k.strip()],
        subjects=subjects,
        art20_categories=art20,
        columns=columns,
        co_issuers=co_issuers,
        interprets=interprets,
        declared_validity=validity,
        **values,
    )


@dataclass
class ColumnInput:
    """An agency's own column (organization set) or a cross-agency topic column (organization
    None, with its working-day rule). Standard columns are made by `catalog.columns`."""

    name: str
    organization: Organization | None = None
    parent: Column | None = None
    description: str = ""
    sort_order: int = 100
    deadline_workdays: int | None = None
    rule_from: date | None = None
    qualifying_keywords: list[str] = field(default_factory=list)
    qualifying_subjects: list[Subject] = field(default_factory=list)
