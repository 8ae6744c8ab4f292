"""Changes to work plans: importing an arrangement and reporting progress (one service each).

Who reports: a unit's progress is its own statement, so only staff holding the editor (信息员)
or office head (公开工作机构负责人) role *at that unit* may submit it. The supervisor role is
left out on purpose: it reaches every agency in the supervised subtree, and the supervising
office must not report on behalf of the units it supervises. Platform administrators pass every
role check, as everywhere in zwgk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zwgk.catalog.models import Document
from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import has_role, require_role
from zwgk.organizations.services import organization_upsert
from zwgk.workplan import arrangement
from zwgk.workplan.evidence import EvidenceRejected, SniffedUpload, clean_links, sniffed_upload
from zwgk.workplan.models import (
    ProgressEvidence,
    ProgressReport,
    ProgressStatus,
    TaskUnit,
    UnitRole,
    WorkPlan,
    WorkTask,
)
from zwgk.workplan.units import CONCERNED, DEFAULT_LEAD_PHRASE, UnitDirectory, government_of

REPORTER_ROLES = (Role.EDITOR, Role.OFFICE_HEAD)
IMPORTER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
TASK_FIELDS = [
    "section_title", "title", "text", "position", "deadline", "deadline_wording", "deadline_defaulted",
    "units_wording", "lead_defaulted", "units_defaulted",
]  # fmt: skip


@dataclass
class ImportResult:
    plan: WorkPlan
    created: bool
    changed: bool
    tasks: int


@dataclass(frozen=True)
class PreviewTask:
    """One task as the import understood it, before anything is saved."""

    item: arrangement.Task
    lead: list[tuple[str, Organization]]
    units: list[tuple[str, Organization]]
    unresolved: list[str]
    lead_defaulted: bool


@dataclass
class ImportPreview:
    parsed: arrangement.Arrangement
    issuer: Organization
    government: Organization
    mappings: dict[str, list[str]]
    tasks: list[PreviewTask]
    warnings: list[str] = field(default_factory=list)

    @property
    def unresolved(self) -> dict[str, list[str]]:
        """section → phrases not resolved to agencies; non-empty blocks the import."""
        return {t.item.section: t.unresolved for t in self.tasks if t.unresolved}

    def as_json(self) -> dict[str, Any]:
        """API.md's shape for `zwgk workplan import --json`."""
        return {
            "year": self.parsed.year,
            "doc_no": self.parsed.doc_no,
            "tasks": [
                {
                    "number": t.item.section,
                    "title": t.item.title,
                    "lead": [o.code for _, o in t.lead],
                    "units": [o.code for _, o in t.units],
                    "unresolved": t.unresolved,
                    "deadline": t.item.deadline.on.isoformat(),
                    "deadline_defaulted": t.item.deadline.defaulted,
                }
                for t in self.tasks
            ],
            "warnings": self.warnings,
        }


def _issuer(parsed: arrangement.Arrangement, organization: Organization | None) -> Organization:
    if organization is not None:
        return organization
    org = Organization.objects.filter(name=parsed.issuer).first() or (
        Organization.objects.filter(short_name=parsed.issuer).first()
    )
    if org is None:
        raise ValidationFailed(
            f"找不到印发机关“{parsed.issuer}”，请指定机构。", fields={"organization": "未知"}
        )
    return org


def _sync_units(task: WorkTask, wanted: list[tuple[str, Organization, str]]) -> bool:
    """Make the task's assignments exactly `wanted` (phrase, org, role); keeps reported status."""
    current = {(a.organization_id, a.role): a for a in task.assignments.all()}
    keep = set()
    changed = False
    for phrase, org, role in wanted:
        key = (org.pk, role)
        keep.add(key)
        row = current.get(key)
        if row is None:
            TaskUnit.objects.create(task=task, organization=org, role=role, phrase=phrase)
            changed = True
        elif row.phrase != phrase:
            row.phrase = phrase
            row.save(update_fields=["phrase"])
            changed = True
    for key, row in current.items():
        if key not in keep:
            if task.reports.filter(organization_id=row.organization_id).exists():
                raise Conflict(
                    f"{task.section}：{row.organization.display_name} 已报送进展，不能从任务中移除。",
                    code="unit_has_reports",
                )
            row.delete()
            changed = True
    return changed


def workplan_preview(
    *,
    text: str,
    organization: Organization | None = None,
    year: int | None = None,
    mappings: dict[str, list[str]] | None = None,
) -> ImportPreview:
    """What an import of `text` would save, and everything it did not understand. Saves nothing.

    Mappings already stored on the plan with the same document number apply, then `mappings`.
    """
    try:
        parsed = arrangement.parse(text, year=year)
    except arrangement.ArrangementError as exc:
        raise ValidationFailed(str(exc), fields={"text": str(exc)}) from exc
    if not parsed.doc_no:
        raise ValidationFailed(
            "未找到发文字号（如“大政公领发〔2020〕1号”）。", fields={"text": "缺少发文字号"}
        )
    issuer = _issuer(parsed, organization)
    government = government_of(issuer)
    directory = UnitDirectory(government)
    stored = WorkPlan.objects.filter(doc_no=parsed.doc_no).values_list("unit_mappings", flat=True).first()
    merged: dict[str, list[str]] = {**(stored or {}), **(mappings or {})}
    warnings = list(parsed.warnings)
    default_lead = directory.competent_department() or issuer
    tasks = []
    for item in parsed.tasks:
        lead = directory.resolve(item.lead_units, section=item.section, mappings=merged)
        responsible = directory.resolve(item.responsible_units, section=item.section, mappings=merged)
        lead_units = lead.units
        lead_defaulted = not item.lead_units
        if lead_defaulted:
            lead_units = [(DEFAULT_LEAD_PHRASE, default_lead)]
            warnings.append(
                f"{item.section}：未写明牵头单位，由政府信息公开工作主管部门{default_lead.display_name}牵头"
                "（条例第三条）。"
            )
        for phrase in lead.unresolved + responsible.unresolved:
            why = "请选择具体部门" if phrase in CONCERNED else "机构库中没有该单位，请对应到已有机构或新建"
            warnings.append(f"{item.section}：“{phrase}”未能对应到机构，{why}。")
        tasks.append(
            PreviewTask(
                item=item,
                lead=lead_units,
                units=responsible.units,
                unresolved=lead.unresolved + responsible.unresolved,
                lead_defaulted=lead_defaulted,
            )
        )
    return ImportPreview(
        parsed=parsed, issuer=issuer, government=government, mappings=merged, tasks=tasks, warnings=warnings
    )


def workplan_import(
    *,
    actor: Any,
    text: str,
    organization: Organization | None = None,
    year: int | None = None,
    mappings: dict[str, list[str]] | None = None,
    check_permission: bool = True,
) -> ImportResult:
    """Create or update the plan with the text's document number (idempotent).

    Refused (nothing saved) while any unit phrase is unresolved. Re-importing the same text
    changes nothing; a corrected text updates the tasks in place, matched by their section, so
    progress already reported stays with its task.
    """
    preview = workplan_preview(text=text, organization=organization, year=year, mappings=mappings)
    issuer = preview.issuer
    if check_permission:
        require_role(actor, issuer, *IMPORTER_ROLES)
    if preview.unresolved:
        listed = "；".join(f"{s}：{'、'.join(p)}" for s, p in preview.unresolved.items())
        raise Conflict(f"有未能对应到机构的单位，未导入：{listed}", code="unresolved_units")
    parsed = preview.parsed
    with transaction.atomic():
        plan = WorkPlan.objects.select_for_update().filter(doc_no=parsed.doc_no).first()
        created = plan is None
        if created:
            plan = WorkPlan(doc_no=parsed.doc_no)
        elif (
            plan.source_text == text
            and plan.organization_id == issuer.pk
            and plan.unit_mappings == preview.mappings
        ):
            return ImportResult(plan=plan, created=False, changed=False, tasks=plan.tasks.count())
        plan.title = parsed.title
        plan.year = parsed.year
        plan.organization = issuer
        plan.issued_on = parsed.issued_on
        plan.source_text = text
        plan.unit_mappings = preview.mappings
        plan.save()
        existing = {t.section: t for t in plan.tasks.prefetch_related("assignments__organization")}
        for row in preview.tasks:
            item = row.item
            values = {
                "section_title": item.section_title,
                "title": item.title[:300],
                "text": item.text,
                "position": item.position,
                "deadline": item.deadline.on,
                "deadline_wording": item.deadline.wording,
                "deadline_defaulted": item.deadline.defaulted,
                "units_wording": item.units_wording[:500],
                "lead_defaulted": row.lead_defaulted,
                "units_defaulted": item.units_defaulted,
            }
            task = existing.pop(item.section, None)
            if task is None:
                task = WorkTask.objects.create(plan=plan, section=item.section, **values)
            elif audit.snapshot(task, TASK_FIELDS) != audit.snapshot(WorkTask(**values), TASK_FIELDS):
                for name, value in values.items():
                    setattr(task, name, value)
                task.save(update_fields=TASK_FIELDS)
            _sync_units(
                task,
                [(p, o, UnitRole.LEAD) for p, o in row.lead]
                + [(p, o, UnitRole.RESPONSIBLE) for p, o in row.units],
            )
        for task in existing.values():
            if task.reports.exists():
                raise Conflict(
                    f"{task.section} 已有进展报送，不能从工作安排中删除。", code="task_has_reports"
                )
            task.delete()
        audit.record(
            actor=actor,
            verb="workplan.import",
            target=plan,
            organization_code=issuer.code,
            data={
                "doc_no": plan.doc_no,
                "created": created,
                "tasks": len(parsed.tasks),
                "removed": sorted(existing),
                "mappings": preview.mappings,
                "warnings": preview.warnings,
            },
        )
    return ImportResult(plan=plan, created=created, changed=True, tasks=len(parsed.tasks))


def workplan_unit_create(
    *,
    actor: Any,
    government: Organization,
    code: str,
    name: str,
    short_name: str,
    check_permission: bool = True,
) -> Organization:
    """A department of `government` that an arrangement names and the directory lacks.

    The supervising office creates it while importing (it knows the city's departments); the
    new agency is audited like any other by `organization_upsert`.
    """
    if check_permission:
        require_role(actor, government, *IMPORTER_ROLES)
    code, name, short_name = code.strip(), name.strip(), short_name.strip()
    errors = {}
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,63}", code):
        errors["code"] = "机构代码为小写字母、数字和连字符"
    elif Organization.objects.filter(code=code).exists():
        errors["code"] = "该机构代码已存在"
    if not name:
        errors["name"] = "请填写全称"
    if errors:
        raise ValidationFailed("新建机构信息不完整。", fields=errors)
    return organization_upsert(
        actor=actor,
        code=code,
        check_permission=False,
        name=name,
        short_name=short_name or name,
        kind=OrgKind.DEPARTMENT,
        parent=government,
    )


def _missing_catalogue_items(links: Sequence[str]) -> list[str]:
    """Catalogue references (an item id or an index number) that name no item: evidence must
    exist, or the supervising office is shown a number that proves nothing."""
    refs = [v for v in links if not v.lower().startswith(("http://", "https://"))]
    if not refs:
        return []
    ids = [int(v) for v in refs if v.isdigit()]
    found = set(Document.objects.filter(index_no__in=refs).values_list("index_no", flat=True))
    found |= {str(pk) for pk in Document.objects.filter(pk__in=ids).values_list("pk", flat=True)}
    return [v for v in refs if v not in found]


def can_report(user: Any, organization: Organization) -> bool:
    return has_role(user, organization, *REPORTER_ROLES)


def _checked_uploads(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, SniffedUpload]]:
    checked = []
    for upload in files:
        try:
            checked.append((upload, sniffed_upload(upload, max_bytes=settings.ZWGK_UPLOAD_MAX_BYTES)))
        except EvidenceRejected as exc:
            raise ValidationFailed(str(exc), fields={"files": str(exc)}) from exc
    return checked


def progress_report_submit(
    *,
    actor: Any,
    task_id: int,
    organization: Organization,
    status: str,
    text: str,
    reported_on: date,
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    reporter_name: str = "",
    check_permission: bool = True,
) -> ProgressReport:
    """Append one unit's progress report on a task and update that unit's current status.

    A unit reports only for itself and only on tasks it has a place on. Completion must be
    evidenced (a link, a catalogue item or a file), so the supervising office can check it.
    """
    if check_permission and not can_report(actor, organization):
        raise NotPermitted(f"您不是“{organization.display_name}”的信息员或公开工作机构负责人，不能代为报送。")
    if status not in ProgressStatus.values:
        raise ValidationFailed("进展状态不正确。", fields={"status": "未知"})
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "请填写进展情况"
    try:
        links = clean_links(list(links))
    except EvidenceRejected as exc:
        errors["links"] = str(exc)
    if "links" not in errors and (missing := _missing_catalogue_items(links)):
        errors["links"] = f"资源库中没有这些条目：{'、'.join(missing)}"
    if status == ProgressStatus.DONE and not links and not files and "links" not in errors:
        errors["links"] = "报送“已完成”须附佐证链接、目录条目或文件"
    if errors:
        raise ValidationFailed("进展报送不完整。", fields=errors)
    uploads = _checked_uploads(files)
    with transaction.atomic():
        assignments = list(
            TaskUnit.objects.select_for_update()
            .select_related("task")
            .filter(task_id=task_id, organization=organization)
        )
        if not assignments:
            raise NotPermitted(f"“{organization.display_name}”不是该任务的牵头或责任单位。")
        task = assignments[0].task
        before = {a.role: a.status for a in assignments}
        name = reporter_name or (
            actor.get_full_name() or actor.get_username() if getattr(actor, "pk", None) else ""
        )
        report = ProgressReport.objects.create(
            task=task,
            organization=organization,
            reported_by=actor if getattr(actor, "pk", None) else None,
            reporter_name=name[:100],
            reported_on=reported_on,
            status=status,
            text=text,
            evidence_links=links,
        )
        for upload, checked in uploads:
            ProgressEvidence.objects.create(
                report=report,
                file=upload,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
            )
        for row in assignments:
            # A late-entered older report must not overwrite a newer status.
            if row.status_reported_on is None or reported_on >= row.status_reported_on:
                if status != ProgressStatus.DONE:
                    row.completed_on = None
                elif row.status != ProgressStatus.DONE or row.completed_on is None:
                    row.completed_on = reported_on  # a second "done" does not move the date
                row.status = status
                row.status_reported_on = reported_on
                row.save(update_fields=["status", "status_reported_on", "completed_on"])
        audit.record(
            actor=actor,
            verb="workplan.progress_report",
            target=report,
            organization_code=organization.code,
            before=before,
            after={a.role: a.status for a in assignments},
            data={
                "task": task.section,
                "status": status,
                "links": links,
                "files": [u.name for u, _ in uploads],
            },
        )
    return report
