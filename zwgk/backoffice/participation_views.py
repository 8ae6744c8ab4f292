"""公众参与 in the back office: messages to answer, consultations and their feedback reports,
reply-time statistics, the sensitive-word list. Thin: every change goes through
zwgk.participation.services (permission, validation, audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zwgk.backoffice.participation_forms import (
    AnswerForm,
    AssessForm,
    AttendanceForm,
    ChannelForm,
    ConsultationForm,
    DecisionForm,
    DrawForm,
    InterviewForm,
    InvalidForm,
    MeetingForm,
    MinutesForm,
    ModerateForm,
    QuestionModerateForm,
    ReportForm,
    RouteForm,
    SensitiveWordForm,
    StageForm,
    TranscriptForm,
)
from zwgk.catalog.models import Document
from zwgk.core.errors import DomainError, ValidationFailed
from zwgk.monitoring.models import Site
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_own_role, has_role, is_platform_admin, organizations_with_role
from zwgk.participation import public, selectors, services
from zwgk.participation.models import (
    Adoption,
    Comment,
    DecisionStage,
    MessageChannel,
    MessageState,
    SensitiveWord,
)

QUEUES = {"pending": "待答复", "overdue": "已逾期", "answered": "已答复", "all": "全部"}


def _run(request: HttpRequest, form: forms.Form, call: Any, done: str) -> bool:
    """Run a service with a valid form; its errors go onto the form. True when saved."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    messages.success(request, done)
    return True


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue", "pending")
    if queue not in QUEUES:
        raise Http404
    today = timezone.localdate()
    rows = selectors.message_queue(request.user, queue, today=today)[:200]
    return render(
        request,
        "backoffice/participation/messages.html",
        {"rows": rows, "queue": queue, "queues": QUEUES, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(selectors.messages_for(request.user), pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    answer_form = AnswerForm(request.POST if action == "answer" else None)
    invalid_form = InvalidForm(request.POST if action == "invalid" else None)
    targets = Organization.objects.filter(message_channels__kind=message.channel.kind).exclude(
        pk=message.organization_id
    )
    route_form = RouteForm(request.POST if action == "route" else None, organizations=targets)
    calls = {
        "answer": (
            answer_form,
            lambda d: services.message_answer(
                actor=request.user, message=message, answer=d["answer"], publish=d["publish"]
            ),
            "答复已保存。",
        ),
        "invalid": (
            invalid_form,
            lambda d: services.message_mark_invalid(actor=request.user, message=message, reason=d["reason"]),
            "已认定为无效留言。",
        ),
        "route": (
            route_form,
            lambda d: services.message_route(
                actor=request.user, message=message, organization=d["organization"]
            ),
            "留言已转交。",
        ),
    }
    if action:
        if action not in calls:
            raise Http404
        if not has_role(request.user, message.organization, *services.MESSAGE_ROLES):
            raise PermissionDenied
        form, call, done = calls[action]
        if _run(request, form, call, done):
            if action == "route":
                return redirect("backoffice:participation_messages")
            return redirect("backoffice:participation_message", pk=message.pk)
    # The sender's details are for the agency that answers (ARCHITECTURE: personal data shown
    # only to the handling agency); supervisors see them masked.
    personal = has_own_role(request.user, message.organization, *services.MESSAGE_ROLES)
    can_act = message.state == MessageState.PENDING and has_role(
        request.user, message.organization, *services.MESSAGE_ROLES
    )
    return render(
        request,
        "backoffice/participation/message.html",
        {
            "m": message,
            "personal": personal,
            "masked_body": public.rules.public_text(message.body),
            "can_act": can_act,
            "answer_form": answer_form,
            "invalid_form": invalid_form,
            "route_form": route_form,
            "today": timezone.localdate(),
        },
        status=400 if action else 200,
    )


@login_required
def message_statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.stats_by_organization(request.user, today=today)
    return render(request, "backoffice/participation/statistics.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def sensitive_words(request: HttpRequest) -> HttpResponse:
    if not is_platform_admin(request.user):
        raise Http404
    form = SensitiveWordForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            services.sensitive_word_remove(actor=request.user, word=request.POST.get("word", ""))
            messages.success(request, "已删除。")
            return redirect("backoffice:participation_words")
        if _run(
            request,
            form,
            lambda d: services.sensitive_word_add(actor=request.user, word=d["word"]),
            "已添加。",
        ):
            return redirect("backoffice:participation_words")
    return render(
        request, "backoffice/participation/words.html", {"words": SensitiveWord.objects.all(), "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_list(request: HttpRequest) -> HttpResponse:
    """The message columns staff see, and a form for those they keep (the agency's office head
    for its own, supervisors for the agencies they supervise: services.channel_upsert)."""
    channels = MessageChannel.objects.filter(
        organization__in=organizations_with_role(request.user, *services.MESSAGE_ROLES)
    ).select_related("organization", "site")
    editable = organizations_with_role(request.user, *services.CHANNEL_ROLES)
    initial: dict[str, Any] = {}
    edit = request.GET.get("edit", "")
    if edit.isdigit():
        c = get_object_or_404(channels.filter(organization__in=editable), pk=int(edit))
        initial = {
            "organization": c.organization.code,
            "kind": c.kind,
            "name": c.name,
            "reply_workdays": c.reply_workdays,
            "site": c.site_id,
            "active": c.active,
        }
    form = ChannelForm(
        request.POST or None,
        initial=initial,
        organizations=editable,
        sites=Site.objects.filter(organization__in=editable).order_by("name"),
    )
    if request.method == "POST":
        # Another agency's column is refused as such, not as a form error.
        if not editable.filter(code=request.POST.get("organization", "")).exists():
            raise PermissionDenied
        if _run(
            request,
            form,
            lambda d: services.channel_upsert(actor=request.user, **d),
            "留言栏目已保存。",
        ):
            return redirect("backoffice:participation_channels")
    return render(
        request,
        "backoffice/participation/channels.html",
        {
            "channels": channels,
            "form": form,
            "editable_ids": set(editable.values_list("pk", flat=True)),
            "editing": bool(initial),
        },
        status=400 if form.errors else 200,
    )


# --- consultations -------------------------------------------------------------------------------


def _consultation_orgs(user: Any) -> Any:
    return organizations_with_role(user, *services.CONSULTATION_ROLES)


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        (c, public.consultation_phase(c, today))
        for c in selectors.consultations_for(request.user).order_by("-pk")[:200]
    ]
    return render(
        request,
        "backoffice/participation/consultations.html",
        {"rows": rows, "can_create": _consultation_orgs(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    orgs = _consultation_orgs(request.user)
    if not orgs.exists():
        raise Http404
    form = ConsultationForm(request.POST or None, organizations=orgs)
    created: list[Any] = []

    def create(d: dict[str, Any]) -> None:
        org = d.pop("organization")
        created.append(
            services.consultation_create(
                actor=request.user, organization=org, data=services.ConsultationData(**d)
            )
        )

    if request.method == "POST" and _run(request, form, create, "草案已保存，核对后发布。"):
        return redirect("backoffice:participation_consultation", pk=created[0].pk)
    return render(
        request,
        "backoffice/participation/consultation_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(selectors.consultations_for(request.user), pk=pk)
    can_edit = has_role(request.user, c.organization, *services.CONSULTATION_ROLES)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    report_form = ReportForm(request.POST if action == "report" else None)
    failed_form: forms.Form | None = None
    if action:
        if not can_edit:
            raise Http404
        if action == "publish":
            try:
                services.consultation_publish(actor=request.user, consultation=c)
                messages.success(request, "草案已发布，开始征集意见。")
            except DomainError as exc:
                messages.error(request, exc.message)
            return redirect("backoffice:participation_consultation", pk=c.pk)
        if action in {"moderate", "assess"}:
            comment = get_object_or_404(Comment, consultation=c, pk=request.POST.get("comment"))
            form: forms.Form
            if action == "moderate":
                form = ModerateForm(request.POST)
                call: Any = lambda d: services.comment_moderate(  # noqa: E731
                    actor=request.user, comment=comment, publish=d["publish"], reason=d["reason"]
                )
            else:
                form = AssessForm(request.POST)
                call = lambda d: services.comment_assess(  # noqa: E731
                    actor=request.user,
                    comment=comment,
                    topic=d["topic"],
                    adoption=d["adoption"],
                    reason=d["reason"],
                )
            if _run(request, form, call, "意见已处理。"):
                return redirect(f"{request.path}#comment-{comment.pk}")
            failed_form = form
        elif action == "report":

            def report(d: dict[str, Any]) -> None:
                document = Document.objects.filter(pk=d["final_document"]).first()
                if document is None:
                    raise ValidationFailed("没有这份文件。")
                services.consultation_report_publish(
                    actor=request.user, consultation=c, final_document=document, summary=d["summary"]
                )

            if _run(request, report_form, report, "意见采纳情况反馈已发布。"):
                return redirect("backoffice:participation_consultation", pk=c.pk)
        else:
            raise Http404
    today = timezone.localdate()
    return render(
        request,
        "backoffice/participation/consultation.html",
        {
            "c": c,
            "phase": public.consultation_phase(c, today),
            "comments": c.comments.all(),
            "stats": selectors.consultation_stats(c),
            "can_edit": can_edit,
            "closed": c.closes_on is not None and today > c.closes_on,
            "report_form": report_form,
            "failed_form": failed_form,
            "adoptions": Adoption.choices,
        },
        status=400 if action else 200,
    )


# --- meetings ------------------------------------------------------------------------------------


def _doc_or_none(pk: int | None) -> Document | None:
    if not pk:
        return None
    doc = Document.objects.filter(pk=pk).first()
    if doc is None:
        raise ValidationFailed(f"没有编号为{pk}的文件。")
    return doc


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    orgs = organizations_with_role(request.user, *services.MEETING_ROLES)
    form = MeetingForm(request.POST or None, organizations=orgs)
    if request.method == "POST":
        if not orgs.exists():
            raise PermissionDenied

        def create(d: dict[str, Any]) -> None:
            org = d.pop("organization")
            services.meeting_create(actor=request.user, organization=org, data=services.MeetingData(**d))

        if _run(request, form, create, "会议已发布，公众可以报名。"):
            return redirect("backoffice:participation_meetings")
    meetings = selectors.meetings_for(request.user).order_by("-starts_at")[:100]
    return render(
        request,
        "backoffice/participation/meetings.html",
        {"meetings": meetings, "form": form, "can_create": orgs.exists()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(selectors.meetings_for(request.user), pk=pk)
    can_edit = has_role(request.user, m.organization, *services.MEETING_ROLES)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    draw_form = DrawForm(request.POST if action == "draw" else None)
    attendance_form = AttendanceForm(request.POST if action == "attendance" else None)
    minutes_form = MinutesForm(request.POST if action == "minutes" else None, initial={"minutes": m.minutes})
    if action:
        if not can_edit:
            raise PermissionDenied
        if action == "draw":
            ok = _run(
                request,
                draw_form,
                lambda d: services.meeting_draw(actor=request.user, meeting=m, seed=d["seed"]),
                "已抽签，结果已公布并通知报名人。",
            )
        elif action == "attendance":

            def attend(d: dict[str, Any]) -> None:
                r = get_object_or_404(m.registrations, pk=d["registration"])
                services.meeting_attendance(
                    actor=request.user, registration=r, attended=d["attended"], statement=d["statement"]
                )

            ok = _run(request, attendance_form, attend, "出席情况已记录。")
        elif action == "minutes":
            ok = _run(
                request,
                minutes_form,
                lambda d: services.meeting_minutes(actor=request.user, meeting=m, minutes=d["minutes"]),
                "列席情况记录已保存。",
            )
        else:
            raise Http404
        if ok:
            return redirect("backoffice:participation_meeting", pk=m.pk)
    personal = has_own_role(request.user, m.organization, *services.MEETING_ROLES)
    return render(
        request,
        "backoffice/participation/meeting.html",
        {
            "m": m,
            "registrations": m.registrations.all(),
            "personal": personal,
            "can_edit": can_edit,
            "closed": timezone.now() >= m.registration_closes_at,
            "draw_form": draw_form,
            "minutes_form": minutes_form,
            "attendance_form": attendance_form,
        },
        status=400 if action else 200,
    )


# --- interviews ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def interview_list(request: HttpRequest) -> HttpResponse:
    orgs = organizations_with_role(request.user, *services.CONSULTATION_ROLES)
    form = InterviewForm(request.POST or None, organizations=orgs)
    if request.method == "POST":
        if not orgs.exists():
            raise PermissionDenied

        def create(d: dict[str, Any]) -> None:
            org = d.pop("organization")
            d["policy"] = _doc_or_none(d["policy"])
            d["interpretation"] = _doc_or_none(d["interpretation"])
            services.interview_create(actor=request.user, organization=org, data=services.InterviewData(**d))

        if _run(request, form, create, "访谈已发布，公众可以提前提问。"):
            return redirect("backoffice:participation_interviews")
    interviews = selectors.interviews_for(request.user)[:100]
    return render(
        request,
        "backoffice/participation/interviews.html",
        {"interviews": interviews, "form": form, "can_create": orgs.exists()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    i = get_object_or_404(selectors.interviews_for(request.user), pk=pk)
    can_edit = has_role(request.user, i.organization, *services.CONSULTATION_ROLES)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    moderate_form = QuestionModerateForm(request.POST if action == "moderate" else None)
    transcript_form = TranscriptForm(
        request.POST if action == "transcript" else None, initial={"transcript": i.transcript}
    )
    if action:
        if not can_edit:
            raise PermissionDenied
        if action == "moderate":

            def moderate(d: dict[str, Any]) -> None:
                q = get_object_or_404(i.questions, pk=d["question"])
                services.question_moderate(
                    actor=request.user, question=q, accept=d["accept"], answer=d["answer"], reason=d["reason"]
                )

            ok = _run(request, moderate_form, moderate, "问题已审核。")
        elif action in ("live_start", "live_end"):
            try:
                services.interview_live(actor=request.user, interview=i, live=action == "live_start")
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, "直播已开始。" if action == "live_start" else "直播已结束，提问已关闭。"
                )
            return redirect("backoffice:participation_interview", pk=i.pk)
        elif action == "transcript":
            ok = _run(
                request,
                transcript_form,
                lambda d: services.interview_publish_transcript(
                    actor=request.user, interview=i, transcript=d["transcript"], media_url=d["media_url"]
                ),
                "文字实录已发布。",
            )
        else:
            raise Http404
        if ok:
            return redirect("backoffice:participation_interview", pk=i.pk)
    return render(
        request,
        "backoffice/participation/interview.html",
        {
            "i": i,
            "questions": i.questions.all(),
            "can_edit": can_edit,
            "moderate_form": moderate_form,
            "transcript_form": transcript_form,
        },
        status=400 if action else 200,
    )


# --- major decisions -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_list(request: HttpRequest) -> HttpResponse:
    orgs = organizations_with_role(request.user, Role.OFFICE_HEAD, Role.SUPERVISOR)
    stage_orgs = organizations_with_role(request.user, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.EDITOR)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = DecisionForm(request.POST if action == "add" else None, organizations=orgs)
    stage_form = StageForm(request.POST if action == "stage" else None)
    if action == "add":
        if not orgs.exists():
            raise PermissionDenied

        def add(d: dict[str, Any]) -> None:
            services.decision_add(actor=request.user, **d)

        if _run(request, form, add, "决策事项已列入目录。"):
            return redirect("backoffice:participation_decisions")
    elif action == "stage":
        decision = get_object_or_404(selectors.decisions_for(request.user), pk=request.POST.get("decision"))
        if not stage_orgs.filter(pk=decision.organization_id).exists():
            raise PermissionDenied

        def stage(d: dict[str, Any]) -> None:
            services.decision_stage_record(
                actor=request.user,
                decision=decision,
                stage=d["stage"],
                on=d["on"],
                note=d["note"],
                document=_doc_or_none(d["document"]),
            )

        if _run(request, stage_form, stage, "环节已记录。"):
            return redirect("backoffice:participation_decisions")
    elif action:
        raise Http404
    decisions = [public.decision_json(d) for d in selectors.decisions_for(request.user)[:200]]
    return render(
        request,
        "backoffice/participation/decisions.html",
        {
            "decisions": decisions,
            "form": form,
            "stage_form": stage_form,
            "can_add": orgs.exists(),
            "can_record": stage_orgs.exists(),
            "stages": DecisionStage.choices,
        },
        status=400 if action else 200,
    )
