"""State changes of the new-media register: accounts, their filings, the reported figures
(entered one by one or imported from an .xlsx sheet). Each audited.

An agency's 信息员 or 公开工作机构负责人 keeps its accounts; the supervising office (公开办) may
too, for the agencies it supervises (it receives the filings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.spreadsheets import ErrorList, xlsx_rows
from zwgk.newmedia.models import Account, Filing, FilingKind, Platform
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import require_role

KEEPER_ROLES = (Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR)
FIGURE_FIELDS = ["last_updated_on", "unanswered_messages", "oldest_unanswered_on", "reported_on"]


def _check_figures(
    last_updated_on: date | None, unanswered: int, oldest: date | None, today: date
) -> dict[str, str]:
    errors = {}
    if last_updated_on and last_updated_on > today:
        errors["last_updated_on"] = "不能晚于今天"
    if unanswered < 0:
        errors["unanswered_messages"] = "不能为负数"
    if oldest and oldest > today:
        errors["oldest_unanswered_on"] = "不能晚于今天"
    if unanswered and oldest is None:
        errors["oldest_unanswered_on"] = "有未回复留言时必填"
    return errors


def account_open(
    *,
    actor: Any,
    organization: Organization,
    platform: str,
    name: str,
    operator: str,
    filed_on: date,
    url: str = "",
) -> Account:
    """Register an account with its opening filing (开设备案)."""
    require_role(actor, organization, *KEEPER_ROLES)
    name, operator = name.strip(), operator.strip()
    errors = {}
    if platform not in Platform.values:
        errors["platform"] = " / ".join(Platform.values)
    if not name:
        errors["name"] = "必填"
    if not operator:
        errors["operator"] = "必填"
    if filed_on > timezone.localdate():
        errors["filed_on"] = "不能晚于今天"
    if errors:
        raise ValidationFailed("账号信息不正确。", fields=errors)
    if Account.objects.filter(platform=platform, name=name).exists():
        raise Conflict("该平台上已登记同名账号。", code="account_exists")
    with transaction.atomic():
        account = Account.objects.create(
            organization=organization,
            platform=platform,
            name=name,
            operator=operator,
            url=url,
            filing_status=FilingKind.OPENING,
            filed_on=filed_on,
        )
        Filing.objects.create(
            account=account, kind=FilingKind.OPENING, filed_on=filed_on, recorded_by=_user(actor)
        )
        audit.record(
            actor=actor,
            verb="newmedia.open",
            target=account,
            organization_code=organization.code,
            after={
                "platform": platform,
                "name": name,
                "operator": operator,
                "filed_on": filed_on.isoformat(),
            },
        )
    return account


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def account_file(
    *,
    actor: Any,
    account_id: int,
    kind: str,
    filed_on: date,
    note: str = "",
    operator: str = "",
    name: str = "",
) -> Filing:
    """Record a change (变更备案: a new name or operator) or the closure (关停注销备案)."""
    with transaction.atomic():
        account = Account.objects.select_for_update().select_related("organization").get(pk=account_id)
        require_role(actor, account.organization, *KEEPER_ROLES)
        if kind not in (FilingKind.CHANGE, FilingKind.CLOSURE):
            raise ValidationFailed("只能登记变更或关停注销备案。", fields={"kind": "change / closure"})
        if not account.is_open:
            raise Conflict("该账号已关停注销。", code="account_closed")
        if filed_on < account.filed_on or filed_on > timezone.localdate():
            raise ValidationFailed("备案日期须在上次备案之后且不晚于今天。", fields={"filed_on": "日期无效"})
        before = {"filing_status": account.filing_status, "name": account.name, "operator": account.operator}
        if kind == FilingKind.CHANGE:
            if not (operator.strip() or name.strip()):
                raise ValidationFailed("变更备案须填写新的账号名称或运营单位。", fields={"operator": "必填"})
            account.operator = operator.strip() or account.operator
            account.name = name.strip() or account.name
        account.filing_status, account.filed_on = kind, filed_on
        account.save()
        filing = Filing.objects.create(
            account=account, kind=kind, filed_on=filed_on, note=note.strip()[:300], recorded_by=_user(actor)
        )
        audit.record(
            actor=actor,
            verb="newmedia.file",
            target=account,
            organization_code=account.organization.code,
            before=before,
            after={"filing_status": kind, "name": account.name, "operator": account.operator},
            data={"filed_on": filed_on.isoformat(), "note": filing.note},
        )
    return filing


def account_report(
    *,
    actor: Any,
    account_id: int,
    last_updated_on: date | None,
    unanswered_messages: int,
    oldest_unanswered_on: date | None = None,
    reported_on: date | None = None,
) -> Account:
    """Enter the account's latest post date and its messages still waiting for a reply."""
    today = timezone.localdate()
    with transaction.atomic():
        account = Account.objects.select_for_update().select_related("organization").get(pk=account_id)
        require_role(actor, account.organization, *KEEPER_ROLES)
        errors = _check_figures(last_updated_on, unanswered_messages, oldest_unanswered_on, today)
        if errors:
            raise ValidationFailed("填报数据不正确。", fields=errors)
        _set_figures(
            actor, account, last_updated_on, unanswered_messages, oldest_unanswered_on, reported_on or today
        )
    return account


def _set_figures(
    actor: Any, account: Account, last: date | None, unanswered: int, oldest: date | None, reported_on: date
) -> None:
    before = audit.snapshot(account, FIGURE_FIELDS)
    account.last_updated_on = last
    account.unanswered_messages = unanswered
    account.oldest_unanswered_on = oldest if unanswered else None
    account.reported_on = reported_on
    account.save()
    audit.record(
        actor=actor,
        verb="newmedia.report",
        target=account,
        organization_code=account.organization.code,
        before=before,
        after=audit.snapshot(account, FIGURE_FIELDS),
    )


# --- import ---------------------------------------------------------------------------------------
IMPORT_COLUMNS = ("平台", "账号名称", "最近更新日期", "未回复留言数", "最早未回复留言日期")


@dataclass(frozen=True)
class ImportResult:
    updated: int


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def figures_import(*, actor: Any, fileobj: IO[bytes]) -> ImportResult:
    """Import the figures of known accounts from a sheet with the header IMPORT_COLUMNS (the
    platform by name, 微博 or weibo). All or nothing: any bad row and nothing is saved."""
    today = timezone.localdate()
    labels = {str(label): value for value, label in Platform.choices} | {v: v for v in Platform.values}
    rows = xlsx_rows(fileobj)
    header = next(rows, None)
    if header is None or tuple(str(h or "").strip() for h in header[: len(IMPORT_COLUMNS)]) != IMPORT_COLUMNS:
        raise ValidationFailed(
            f"表头须为：{'、'.join(IMPORT_COLUMNS)}。", code="invalid_header", fields={"file": "表头不正确"}
        )
    errors = ErrorList()
    parsed = []
    for n, row in enumerate(rows, start=2):
        values = list(row[: len(IMPORT_COLUMNS)]) + [None] * (len(IMPORT_COLUMNS) - len(row))
        if all(v in (None, "") for v in values):
            continue
        platform_label, name, last, unanswered, oldest = values
        platform = labels.get(str(platform_label or "").strip())
        account = (
            Account.objects.filter(platform=platform, name=str(name or "").strip())
            .select_related("organization")
            .first()
            if platform
            else None
        )
        if account is None:
            errors.add(f"第{n}行", "未登记的账号（平台和账号名称须与登记一致）")
            continue
        try:
            last_on, oldest_on = _date(last), _date(oldest)
            count = int(unanswered or 0)
        except (TypeError, ValueError):
            errors.add(f"第{n}行", "日期须为 YYYY-MM-DD，留言数须为整数")
            continue
        problems = _check_figures(last_on, count, oldest_on, today)
        if problems:
            errors.add(f"第{n}行", "；".join(problems.values()))
            continue
        try:
            require_role(actor, account.organization, *KEEPER_ROLES)
        except NotPermitted:
            errors.add(f"第{n}行", f"您不能填报{account.organization.display_name}的账号")
            continue
        parsed.append((account, last_on, count, oldest_on))
    if errors:
        raise ValidationFailed("表格有错误，未导入任何数据。", code="invalid_rows", fields=errors.as_dict())
    with transaction.atomic():
        for account, last_on, count, oldest_on in parsed:
            locked = Account.objects.select_for_update().select_related("organization").get(pk=account.pk)
            _set_figures(actor, locked, last_on, count, oldest_on, today)
    return ImportResult(updated=len(parsed))
