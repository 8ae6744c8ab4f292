"""Back-office pages of the resource library: thin views that parse, call a service, render."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.backoffice.catalog_forms import (
    AttachmentForm,
    DecisionForm,
    DocumentForm,
    LifecycleForm,
    LinkInterpretationForm,
    PlaceForm,
    WithdrawForm,
    reference_of,
)
from zwgk.backoffice.navigation import SIGNOFF_ROLES
from zwgk.backoffice.review_views import signoff_panel
from zwgk.casework.letters import REVIEW_KIND as LETTER_REVIEW_KIND
from zwgk.casework.library import REVIEW_KIND as LIBRARY_REVIEW_KIND
from zwgk.catalog import states
from zwgk.catalog.attachments import download_response
from zwgk.catalog.compliance import FlagKind
from zwgk.catalog.models import Attachment, DocumentKind, DocumentState, LifecycleKind
from zwgk.catalog.selectors import (
    access_document,
    compliance_flags_for,
    document_list_for_staff,
    documents_matching,
)
from zwgk.catalog.services import (
    attachment_add,
    attachment_remove,
    column_place,
    column_remove,
    document_create_draft,
    document_link_interpretation,
    document_publish,
    document_record_lifecycle,
    document_submit,
    document_update_draft,
    document_withdraw,
)
from zwgk.catalog.services.drafts import PUBLISH_REVIEW_KIND
from zwgk.core.errors import DomainError, NotPermitted
from zwgk.knowledge.services import REVIEW_KIND as QA_REVIEW_KIND
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, organizations_with_role, roles_of
from zwgk.review import registry
from zwgk.review.models import SecrecyResult
from zwgk.review.selectors import review_queue_for
from zwgk.review.services import review_approve, review_return
from zwgk.services.guides import REVIEW_KIND as GUIDE_REVIEW_KIND

CATALOG_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN)


def _require_any(user, *roles):
    if not (roles_of(user) & set(roles)):
        raise NotPermitted("没有权限访问此页面。")


def _access(user, pk):
    """The item if the user may see it; another agency's item is a plain 404 (never a 403)."""
    try:
        return access_document(user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该信息。") from None


def _editable_orgs(user):
    return organizations_with_role(user, Role.EDITOR, Role.REVIEWER).filter(is_active=True)


@login_required
def document_list(request):
    _require_any(request.user, *CATALOG_ROLES)
    state = request.GET.get("state", "")
    if state not in DocumentState.values:
        state = ""
    q = request.GET.get("q", "").strip()[:100]
    qs = document_list_for_staff(request.user, state=state or None, q=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/catalog/document_list.html",
        {
            "page": page,
            "state": state,
            "q": q,
            "states": DocumentState.choices,
            "can_create": _editable_orgs(request.user).exists(),
        },
    )


def _save_form(request, form, doc=None):
    try:
        if doc is None:
            return document_create_draft(actor=request.user, data=form.to_input())
        return document_update_draft(actor=request.user, document_id=doc.pk, data=form.to_input())
    except DomainError as exc:
        form.add_error(None, exc.message)
        for name, message in exc.fields.items():
            if name in form.fields:
                form.add_error(name, message)
        return None


@login_required
def document_new(request):
    orgs = _editable_orgs(request.user)
    if not orgs.exists():
        raise NotPermitted("您没有信息员或审签人岗位。")
    form = DocumentForm(
        request.POST or None, organizations=orgs, user=request.user, initial={"organization": orgs.first()}
    )
    if request.method == "POST" and form.is_valid():
        doc = _save_form(request, form)
        if doc is not None:
            messages.success(request, "草稿已保存。可以上传附件，然后报送审签。")
            return redirect("backoffice:catalog_document", pk=doc.pk)
    return render(request, "backoffice/catalog/document_form.html", {"form": form, "doc": None})


@login_required
def document_edit(request, pk):
    doc = _access(request.user, pk)
    # The form is for those the save would accept (document_update_draft): without the agency's
    # editor or reviewer role the page is refused, not offered with an agency it cannot take.
    if not has_role(request.user, doc.organization, Role.EDITOR, Role.REVIEWER):
        raise NotPermitted("只有本机构的信息员或审签人可以编辑。")
    form = DocumentForm(
        request.POST or None,
        organizations=_editable_orgs(request.user),
        user=request.user,
        initial=DocumentForm.initial_for(doc),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, doc)
        if saved is not None:
            messages.success(request, "已保存。")
            return redirect("backoffice:catalog_document", pk=doc.pk)
    return render(request, "backoffice/catalog/document_form.html", {"form": form, "doc": doc})


@login_required
def document_detail(request, pk):
    doc = _access(request.user, pk)
    org = doc.organization
    is_editor = has_role(request.user, org, Role.EDITOR, Role.REVIEWER)
    is_reviewer = has_role(request.user, org, Role.REVIEWER)
    allowed = states.ALLOWED[doc.state]
    actions = {
        "edit": is_editor and (states.EDIT in allowed or (states.CORRECT in allowed and is_reviewer)),
        "submit": is_editor and states.SUBMIT in allowed,
        "publish": is_reviewer
        and (states.PUBLISH in allowed or states.APPROVE in allowed)
        and doc.state != DocumentState.SCHEDULED
        # A submitted item is decided step by step in the sign-off panel (decision 0016).
        and doc.state != DocumentState.SUBMITTED,
        "withdraw": is_reviewer and states.WITHDRAW in allowed,
        "lifecycle": is_editor and doc.state == DocumentState.PUBLISHED,
        "place": is_editor,
        "attach": is_editor
        and (states.EDIT in allowed or (doc.state == DocumentState.PUBLISHED and is_reviewer)),
    }
    return render(
        request,
        "backoffice/catalog/document_detail.html",
        {
            "doc": doc,
            "actions": actions,
            "attachments": doc.attachments.all(),
            "placements": doc.placements.select_related("column"),
            "history": doc.lifecycle_events.select_related("by"),
            "caused": doc.caused_lifecycle_events.select_related("document"),
            "interpretations": doc.interpretations.select_related("organization"),
            **signoff_panel(request.user, doc),
            "attachment_form": AttachmentForm(),
            "withdraw_form": WithdrawForm(),
            "lifecycle_form": LifecycleForm(user=request.user, initial={"on": timezone.localdate()}),
            "link_form": LinkInterpretationForm(
                user=request.user,
                initial={"policy": reference_of(doc.interprets), "form": doc.interpretation_form or "text"},
            ),
            "place_form": PlaceForm(organization=org),
            "decision_form": DecisionForm(),
            # The values the page compares with, from the enums that own them.
            "DocumentState": DocumentState,
            "DocumentKind": DocumentKind,
            "LifecycleKind": LifecycleKind,
        },
    )


def _form_problem(form, fallback):
    """The first field error of a form posted from the item page (shown as a message there)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}：{errors[0]}" if label else errors[0]
    return fallback


@login_required
def document_lookup(request):
    """Suggestions for the document pickers (title or 发文字号): JSON for forms.js, limited to
    what the user may cite (published items and their own agencies' drafts)."""
    _require_any(request.user, *CATALOG_ROLES)
    exclude = DocumentKind.INTERPRETATION if request.GET.get("policies") else ""
    rows = documents_matching(request.user, request.GET.get("q", ""), exclude_kind=exclude)
    return JsonResponse(
        {
            "results": [
                {
                    "title": d.title,
                    "doc_no": d.doc_no,
                    "organization": d.organization.name,
                    "state": d.get_state_display(),
                    "ref": reference_of(d),
                }
                for d in rows
            ]
        }
    )


def _run(request, pk, action, success):
    try:
        result = action()
    except ObjectDoesNotExist:
        raise Http404("未找到。") from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect("backoffice:catalog_document", pk=pk)


@login_required
@require_POST
def document_submit_view(request, pk):
    return _run(request, pk, lambda: document_submit(actor=request.user, document_id=pk), "已报送审签。")


@login_required
@require_POST
def document_publish_view(request, pk):
    def done(doc):
        if doc.state == DocumentState.PUBLISHED:
            return f"已发布，索引号 {doc.index_no}。"
        return f"当前状态：{doc.get_state_display()}。"

    return _run(request, pk, lambda: document_publish(actor=request.user, document_id=pk), done)


@login_required
@require_POST
def document_withdraw_view(request, pk):
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤回原因。")
        return redirect("backoffice:catalog_document", pk=pk)
    return _run(
        request,
        pk,
        lambda: document_withdraw(actor=request.user, document_id=pk, reason=form.cleaned_data["reason"]),
        "已撤回发布。",
    )


@login_required
@require_POST
def attachment_upload(request, pk):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("backoffice:catalog_document", pk=pk)
    upload = form.cleaned_data["file"]
    return _run(
        request,
        pk,
        lambda: attachment_add(actor=request.user, document_id=pk, fileobj=upload, original_name=upload.name),
        lambda att: f"已上传附件“{att.original_name}”。",
    )


@login_required
@require_POST
def attachment_delete(request, pk, attachment_id):
    return _run(
        request,
        pk,
        lambda: attachment_remove(actor=request.user, attachment_id=attachment_id),
        "附件已删除。",
    )


@login_required
def attachment_download(request, attachment_id):
    att = Attachment.objects.filter(pk=attachment_id).first()
    if att is None:
        raise Http404("未找到该附件。")
    _access(request.user, att.document_id)
    return download_response(att)


@login_required
@require_POST
def lifecycle_add(request, pk):
    form = LifecycleForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _form_problem(form, "立改废信息不完整。"))
        return redirect("backoffice:catalog_document", pk=pk)
    d = form.cleaned_data
    by_id = d["by"].pk if d["by"] else None
    return _run(
        request,
        pk,
        lambda: document_record_lifecycle(
            actor=request.user, document_id=pk, kind=d["kind"], on=d["on"], by_id=by_id, note=d["note"]
        ),
        "已登记，有效性已更新。",
    )


@login_required
@require_POST
def interpretation_link(request, pk):
    form = LinkInterpretationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _form_problem(form, "解读关联信息不正确。"))
        return redirect("backoffice:catalog_document", pk=pk)
    d = form.cleaned_data
    policy_id = d["policy"].pk if d["policy"] else None
    return _run(
        request,
        pk,
        lambda: document_link_interpretation(
            actor=request.user, interpretation_id=pk, policy_id=policy_id, form=d["form"]
        ),
        "解读关联已保存。",
    )


@login_required
@require_POST
def placement_add(request, pk):
    doc = _access(request.user, pk)
    form = PlaceForm(request.POST, organization=doc.organization)
    if not form.is_valid():
        messages.error(request, "请选择栏目。")
        return redirect("backoffice:catalog_document", pk=pk)
    column = form.cleaned_data["column"]
    return _run(
        request,
        pk,
        lambda: column_place(actor=request.user, column_id=column.pk, document_id=pk),
        f"已放入栏目“{column.name}”。",
    )


@login_required
@require_POST
def placement_remove(request, pk, column_id):
    return _run(
        request,
        pk,
        lambda: column_remove(actor=request.user, column_id=column_id, document_id=pk),
        "已从栏目移除。",
    )


# The page of the item a review request is about, by the kind its owning app registered.
REVIEW_ITEM_PAGES = {
    PUBLISH_REVIEW_KIND: "backoffice:catalog_document",
    LETTER_REVIEW_KIND: "backoffice:casework_letter",
    LIBRARY_REVIEW_KIND: "backoffice:casework_library_case",
    QA_REVIEW_KIND: "backoffice:knowledge_entry",
    GUIDE_REVIEW_KIND: "backoffice:services_version",
}


def _item_page(req) -> str:
    page = REVIEW_ITEM_PAGES.get(req.kind)
    return reverse(page, args=[req.object_id]) if page else ""


@login_required
def review_queue(request):
    _require_any(request.user, Role.REVIEWER, Role.ADMIN, *SIGNOFF_ROLES)
    queue = review_queue_for(request.user).prefetch_related("steps")
    # Decision 0016: each row is the step the item waits for (its label; 保密审查 asks a result).
    rows = [
        (
            req,
            registry.label(req.kind),
            next((s for s in req.steps.all() if s.position == req.current_position), None),
            reverse(REVIEW_ITEM_PAGES[req.kind], args=[req.object_id])
            if req.kind in REVIEW_ITEM_PAGES
            else "",
        )
        for req in queue[:200]
    ]
    return render(
        request,
        "backoffice/catalog/review_queue.html",
        {"rows": rows, "decision_form": DecisionForm(), "secrecy_choices": SecrecyResult.choices},
    )


@login_required
@require_POST
def review_decide(request, request_id):
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    decision = request.POST.get("decision")
    try:
        secrecy = request.POST.get("secrecy_result", "")
        if decision == "approve":
            review_approve(actor=request.user, request_id=request_id, comment=comment, secrecy_result=secrecy)
            messages.success(request, "已审签通过。")
        elif decision == "return":
            review_return(actor=request.user, request_id=request_id, comment=comment, secrecy_result=secrecy)
            messages.success(request, "已退回。")
        else:
            messages.error(request, "未知的审签操作。")
    except DomainError as exc:
        messages.error(request, exc.message)
    next_url = request.POST.get("next", "")
    # Only back to a back-office page: never an open redirect.
    if next_url.startswith("/staff/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("backoffice:review_queue")


@login_required
def compliance(request):
    _require_any(request.user, Role.SUPERVISOR, Role.ADMIN)
    today = timezone.localdate()
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2000), 2100)
    except ValueError:
        year = today.year
    flags = compliance_flags_for(request.user, today=today, year=year)
    # Drill-down from the supervision dashboard: one agency's flags.
    org = Organization.objects.filter(code=request.GET.get("organization", "")).first()
    if org is not None:
        flags = [f for f in flags if f.organization_code == org.code]
    grouped = defaultdict(list)
    for flag in flags:
        grouped[flag.kind].append(flag)
    groups = [(kind, kind.label, grouped.get(kind, [])) for kind in FlagKind]
    return render(
        request,
        "backoffice/catalog/compliance.html",
        {
            "year": year,
            "groups": groups,
            "total": len(flags),
            "years": range(today.year, today.year - 7, -1),
            "organization": org,
        },
    )
