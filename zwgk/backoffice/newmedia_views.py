"""政务新媒体 in the back office (issue 24.4): the register with each account's findings under
the inspection's rules, the figures entered or imported, filings, and items shaped for posting."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from zwgk.backoffice.newmedia_forms import FiguresForm, FilingForm, ImportForm, OpenForm, PostsForm
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.newmedia import rules, selectors, services
from zwgk.newmedia.models import Account
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import organizations_with_role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _keeper_organizations(user: Any) -> list[Organization]:
    return list(organizations_with_role(user, *services.KEEPER_ROLES).filter(is_active=True))


def _account_or_404(user: Any, pk: int) -> Account:
    try:
        return selectors.access_account(user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该账号。") from None


def _errors_to_form(form: Any, exc: ValidationFailed) -> None:
    form.add_error(None, exc.message)
    for name, error in exc.fields.items():
        if name in form.fields:
            form.add_error(name, str(error))
        else:
            form.add_error(None, f"{name}：{error}")


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    keeps = _keeper_organizations(request.user)
    if not keeps:
        raise NotPermitted("只有信息员、公开工作机构负责人和公开办可以管理政务新媒体。")
    today = timezone.localdate()
    import_form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and import_form.is_valid():
        try:
            result = services.figures_import(actor=request.user, fileobj=import_form.cleaned_data["file"])
        except ValidationFailed as exc:
            _errors_to_form(import_form, exc)
        else:
            messages.success(request, f"已导入 {result.updated} 个账号的填报数据。")
            return redirect("backoffice:newmedia_accounts")
    stale = selectors.freshness_report(request.user, today=today)
    findings = {s.account.pk: s.findings for s in stale}
    accounts = [(a, findings.get(a.pk, [])) for a in selectors.accounts_for(request.user)]
    return render(
        request,
        "backoffice/newmedia/list.html",
        {
            "accounts": accounts,
            "stale": stale,
            "import_form": import_form,
            "columns": services.IMPORT_COLUMNS,
            "max_age_days": rules.UPDATE_MAX_AGE.days,
        },
    )


@login_required
def account_new(request: HttpRequest) -> HttpResponse:
    organizations = _keeper_organizations(request.user)
    if not organizations:
        raise NotPermitted("只有信息员、公开工作机构负责人和公开办可以登记政务新媒体。")
    form = OpenForm(
        request.POST or None, organizations=organizations, initial={"filed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["organization"] = Organization.objects.get(code=data["organization"])
        try:
            account = services.account_open(actor=request.user, **data)
        except ValidationFailed as exc:
            _errors_to_form(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "账号已登记。")
            return redirect("backoffice:newmedia_account", account.pk)
    return render(request, "backoffice/newmedia/new.html", {"form": form})


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request.user, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    figures = FiguresForm(
        request.POST if action == "figures" else None,
        initial={
            "last_updated_on": account.last_updated_on,
            "unanswered_messages": account.unanswered_messages,
            "oldest_unanswered_on": account.oldest_unanswered_on,
        },
    )
    filing = FilingForm(
        request.POST if action == "filing" else None, initial={"filed_on": timezone.localdate()}
    )
    forms_by_action: dict[str, tuple[Any, Any, str]] = {
        "figures": (figures, services.account_report, "填报数据已保存。"),
        "filing": (filing, services.account_file, "备案已登记。"),
    }
    if action:
        if action not in forms_by_action:
            raise Http404
        form, service, message = forms_by_action[action]
        if form.is_valid():
            try:
                service(actor=request.user, account_id=account.pk, **form.cleaned_data)
            except ValidationFailed as exc:
                _errors_to_form(form, exc)
            except Conflict as exc:  # NotPermitted goes up: a 403
                messages.error(request, exc.message)
                return redirect("backoffice:newmedia_account", account.pk)
            else:
                messages.success(request, message)
                return redirect("backoffice:newmedia_account", account.pk)
    today = timezone.localdate()
    found = rules.findings(
        last_updated_on=account.last_updated_on,
        unanswered=account.unanswered_messages,
        oldest_unanswered_on=account.oldest_unanswered_on,
        today=today,
    )
    return render(
        request,
        "backoffice/newmedia/detail.html",
        {
            "account": account,
            "findings": found if account.is_open else [],
            "filings": account.filings.select_related("recorded_by"),
            "figures_form": figures,
            "filing_form": filing,
            "posts_form": PostsForm(initial={"since": today - timedelta(days=7), "until": today}),
        },
    )


@login_required
def account_posts(request: HttpRequest, pk: int) -> HttpResponse:
    """The items to post on this account, as a sheet (one row an item: title, summary, link, image)."""
    account = _account_or_404(request.user, pk)
    form = PostsForm(request.GET)
    if not form.is_valid() or form.cleaned_data["since"] > form.cleaned_data["until"]:
        messages.error(request, "请填写有效的起止日期。")
        return redirect("backoffice:newmedia_account", account.pk)
    posts = selectors.posts_for(account, since=form.cleaned_data["since"], until=form.cleaned_data["until"])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = account.get_platform_display()[:31]
    sheet.append(["标题", "摘要", "链接", "图片"])
    for post in posts:
        image = request.build_absolute_uri(post.image) if post.image else ""
        sheet.append([post.title, post.summary, request.build_absolute_uri(post.link), image])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{account.name}待推送信息.xlsx")
    return response
