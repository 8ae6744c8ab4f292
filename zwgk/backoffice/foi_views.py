"""The application workbench: queues with counts, the case page, registration, downloads.

Views parse input, call one service and render; state and deadlines come from the case's
timeline through `zwgk.foi.selectors`, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.backoffice.foi_forms import EVENT_FORMS, HandlerForm, RegistrationForm
from zwgk.casework.fees import fee_quote
from zwgk.casework.models import LetterState
from zwgk.casework.replies import replies_awaiting_signoff_among, reply_awaiting_signoff, reply_record
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import DomainError
from zwgk.core.workdays import Calendar
from zwgk.foi import selectors, services
from zwgk.foi.domain.states import DeliveryState, EventType
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import organizations_with_role

PAGE_SIZE = 50


@dataclass(frozen=True)
class Deadline:
    label: str
    on: date
    workdays_left: int
    provisional: bool
    done: bool = False
    delivery: DeliveryState | None = None  # a period given to the applicant: its notice's delivery

    @property
    def note(self) -> str:
        return DELIVERY_NOTES.get(self.delivery, "") if self.delivery is not None else ""

    @property
    def returned(self) -> bool:
        return self.delivery is DeliveryState.RETURNED


# RULES §2.7 item 7: a period from a posted notice not yet signed for is shown from the day sent.
DELIVERY_NOTES = {
    DeliveryState.PROVISIONAL: "邮寄未登记签收，暂按发出日计算",
    DeliveryState.RETURNED: "已退回未送达，重新送达后起算",
}


def _left(cal: Calendar, today: date, day: date) -> int:
    if today <= day:
        return cal.workdays_between(today, day)
    return -max(1, cal.workdays_between(day, today))


def _deadlines(view: selectors.CaseView, cal: Calendar, today: date) -> list[Deadline]:
    reading = view.reading
    if reading is None:
        return []
    provisional = reading.provisional_dates
    out = []
    if reading.due_on is not None:
        label = "答复期限" + (
            f"（已延长{reading.extension_workdays}个工作日）" if reading.extension_workdays else ""
        )
        if reading.deadline_set:
            label = "答复期限（第三十五条，公开工作机构负责人确定）"
        out.append(
            Deadline(
                label,
                reading.due_on,
                _left(cal, today, reading.due_on),
                reading.due_provisional,
                reading.closed,
            )
        )
    done = view.progress.correction_requested_on is not None or reading.closed
    out.append(
        Deadline(
            "告知补正期限（7个工作日）",
            reading.correction_notice_due_on,
            _left(cal, today, reading.correction_notice_due_on),
            reading.correction_notice_due_on in provisional,
            done,
        )
    )
    correction_sent = view.progress.correction_delivery
    if reading.correction_period_ends_on is not None or reading.correction_delivery is DeliveryState.RETURNED:
        ends = reading.correction_period_ends_on or (correction_sent.sent_on if correction_sent else today)
        out.append(
            Deadline(
                "申请人补正期限（自收到补正告知书起算）",
                ends,
                _left(cal, today, ends),
                ends in provisional,
                not reading.awaiting_correction,
                reading.correction_delivery,
            )
        )
    reasons_sent = view.progress.reasons_delivery
    if reasons_sent is not None:
        ends = reading.reasons_period_ends_on or reasons_sent.sent_on
        out.append(
            Deadline(
                "申请人说明理由期限（第三十五条）",
                ends,
                _left(cal, today, ends),
                ends in provisional,
                view.progress.reasons_received_on is not None or reading.closed,
                reading.reasons_delivery,
            )
        )
    for c in view.consultations:
        out.append(
            Deadline(
                f"第{c.id}项征求意见答复期限（{c.party}，15个工作日）",
                c.answer_due_on,
                _left(cal, today, c.answer_due_on),
                c.answer_due_on in provisional,
                c.ended_on is not None or reading.closed,
            )
        )
    if view.fee is not None:
        fee_due = view.fee.due_on or view.fee.sent_on
        out.append(
            Deadline(
                "缴费期限（自收到收费通知起20个工作日）",
                fee_due,
                _left(cal, today, fee_due),
                fee_due in provisional,
                view.fee.paid_on is not None or reading.closed,
                DeliveryState(view.fee.delivery) if view.fee.delivery else None,
            )
        )
    return out


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    today, cal = timezone.localdate(), calendar_current()
    queue = request.GET.get("queue") or "open"
    if queue not in selectors.QUEUES:
        queue = "open"
    organization = request.GET.get("organization", "")
    search = request.GET.get("q", "")[:100]
    qs = selectors.workbench_list(
        request.user, queue=queue, today=today, cal=cal, organization_code=organization, search=search
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.case_rows(request.user, list(page.object_list), today=today, cal=cal)
    counts = selectors.workbench_counts(request.user, today=today, cal=cal)
    organizations = organizations_with_role(request.user, *selectors.READ_ROLES).filter(is_active=True)
    return render(
        request,
        "backoffice/foi/workbench.html",
        {
            "queues": [(name, label, counts[name]) for name, label in selectors.QUEUES.items()],
            "queue": queue,
            "queue_label": selectors.QUEUES[queue],
            "rows": rows,
            "page": page,
            "today": today,
            "search": search,
            "organization": organization,
            "organizations": organizations if organizations.count() > 1 else [],
            "may_register": organizations_with_role(request.user, Role.HANDLER, Role.OFFICE_HEAD).exists(),
            "awaiting_signoff": replies_awaiting_signoff_among([r.application.pk for r in rows]),
            "recomputing": selectors.recomputing_count(request.user),
            "recomputing_note": selectors.RECOMPUTING_NOTE,
        },
    )


def _case_or_404(request: HttpRequest, pk: int, today: date, cal: Calendar) -> selectors.CaseView:
    try:
        return selectors.access_case(request.user, pk, today=today, cal=cal)
    except ObjectDoesNotExist:
        raise Http404("未找到该申请。") from None


def _render_case(
    request: HttpRequest, view: selectors.CaseView, *, bound: Any = None, status: int = 200
) -> HttpResponse:
    today, cal = timezone.localdate(), calendar_current()
    forms = []
    for t in view.actions:
        if bound is not None and bound.type is t:
            forms.append(bound)
        else:
            forms.append(EVENT_FORMS[t](case=view))
    handler_form = None
    if view.may_act:
        handler_form = HandlerForm(
            handlers=selectors.handlers_of(view.application), initial={"handler": view.application.handler_id}
        )
    return render(
        request,
        "backoffice/foi/case.html",
        {
            "view": view,
            "case": view.application,
            "reading": view.reading,
            "deadlines": _deadlines(view, cal, today),
            "forms": forms,
            "open_form": bound.type.value if bound is not None else "",
            "handler_form": handler_form,
            "today": today,
            "reply_awaiting_signoff": reply_awaiting_signoff(view.application),
        },
        status=status,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk, timezone.localdate(), calendar_current())
    return _render_case(request, view)


@login_required
@require_POST
def case_event(request: HttpRequest, pk: int, event_type: str) -> HttpResponse:
    today, cal = timezone.localdate(), calendar_current()
    view = _case_or_404(request, pk, today, cal)
    try:
        t = EventType(event_type)
        form_class = EVENT_FORMS[t]
    except (ValueError, KeyError):
        raise Http404("没有这种办理事项。") from None
    form = form_class(request.POST, request.FILES, case=view)
    if not form.is_valid():
        return _render_case(request, view, bound=form, status=400)
    if t is EventType.FEE_NOTICE_SENT and "preview" in request.POST:
        # 试算: what the notice will charge, from the same function and monthly count; nothing saved.
        form.quote = fee_quote(
            application=view.application,
            basis=form.cleaned_data["basis"],
            quantity=form.cleaned_data["quantity"],
        )
        return _render_case(request, view, bound=form)
    try:
        if t is EventType.REPLIED:
            # Issue 19 item 10: the reply closes the case when its letter is signed off.
            new = form.new_event()
            recorded = reply_record(
                actor=request.user,
                application_id=pk,
                outcome=new.outcome,
                on=new.on,
                note=new.note,
                today=today,
            )
            if not recorded.issued:
                waiting = recorded.letter.state == LetterState.SUBMITTED
                messages.success(
                    request,
                    "答复书已报审签" if waiting else "答复书草稿已生成，请填写待填写内容后报审签",
                )
                messages.info(request, "答复书签发之日为落款日期，签发后自动登记答复并办结本申请。")
                return redirect("backoffice:casework_letter", pk=recorded.letter.pk)
        else:
            services.application_append_event(
                actor=request.user,
                application_id=pk,
                event=form.new_event(),
                files=form.cleaned_data.get("files") or [],
                today=today,
            )
    except DomainError as exc:
        # Also as a page message: the refused action may no longer be offered on the page.
        messages.error(request, exc.message)
        form.add_error(None, exc.message)
        for name, message in exc.fields.items():
            if name in form.fields:
                form.add_error(name, message)
        view = _case_or_404(request, pk, today, cal)
        return _render_case(request, view, bound=form, status=exc.status)
    messages.success(request, f"已记录：{t.label}。")
    return redirect("backoffice:foi_case", pk=pk)


@login_required
@require_POST
def case_handler(request: HttpRequest, pk: int) -> HttpResponse:
    today, cal = timezone.localdate(), calendar_current()
    view = _case_or_404(request, pk, today, cal)
    form = HandlerForm(request.POST, handlers=selectors.handlers_of(view.application))
    if form.is_valid():
        try:
            services.application_assign_handler(
                actor=request.user, application_id=pk, handler=form.cleaned_data["handler"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "经办人已更新。")
    return redirect("backoffice:foi_case", pk=pk)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    organizations = list(
        organizations_with_role(request.user, Role.HANDLER, Role.OFFICE_HEAD)
        .filter(is_active=True)
        .exclude(kind__in=services.NOT_APPLICATION_TARGETS)
    )
    if not organizations:
        raise Http404("您没有登记申请的岗位。")
    form = RegistrationForm(
        request.POST or None,
        request.FILES or None,
        organizations=Organization.objects.filter(pk__in=[o.pk for o in organizations]),
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            application = services.application_register(
                actor=request.user,
                organization=c["organization"],
                applicant=form.applicant(),
                request=form.request_data(),
                channel=c["channel"],
                received_on=c["received_on"],
                note=c["note"],
                identity_proof=c["identity_proof"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            form.add_service_errors(exc.fields)
        else:
            messages.success(request, f"已登记，查询码 {application.tracking_code}。")
            return redirect("backoffice:foi_case", pk=application.pk)
    return render(request, "backoffice/foi/register.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        attachment = selectors.access_attachment(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该文件。") from None
    # Always a download with the sniffed type: an uploaded file is never rendered in our origin.
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
