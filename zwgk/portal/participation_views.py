"""Public pages of public participation: messages (write, track, read the answered ones) and
consultations on drafts (read, comment on the whole or one paragraph, read the feedback report).

Public forms: CSRF (Django), the ALTCHA proof of work, the public-form rate limit; a form either
saves everything in one service call or nothing. The tracking code never goes into a URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from zwgk.core import ratelimit
from zwgk.core.errors import DomainError
from zwgk.organizations.models import Organization
from zwgk.participation import public, selectors, services
from zwgk.participation.models import ChannelKind, Message, Selection
from zwgk.portal.catalog_views import cached_public_page
from zwgk.portal.proof_of_work import AltchaField, proof_accepted

SESSION_KEY = "participation_message_code"


def _targets() -> Any:
    return Organization.objects.filter(is_active=True, message_channels__active=True).distinct()


class MessageForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="写给哪个机关", queryset=Organization.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label="留言类型", choices=ChannelKind.choices, initial=ChannelKind.CONSULTATION)
    subject = forms.CharField(label="标题", max_length=services.SUBJECT_MAX)
    body = forms.CharField(
        label="留言内容", max_length=services.BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    name = forms.CharField(label="姓名", max_length=100)
    phone = forms.CharField(label="联系电话", max_length=40)
    email = forms.EmailField(label="电子邮箱", required=False)
    publish_allowed = forms.BooleanField(
        label="同意将留言和答复在网站公开（不公开姓名和联系方式）", required=False
    )
    altcha = AltchaField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _targets()
        self.fields["organization"].label_from_instance = lambda o: o.name
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=30, help_text="提交留言后获得的12位查询码")
    altcha = AltchaField()


# Page cache (decisions 0029, 0037): the pages without a form are rendered once per change of
# what they show; zwgk.participation.apps watches the models behind each scope.
MESSAGES_SCOPE = "participation-messages"
CONSULTATIONS_SCOPE = "participation-consultations"
INTERVIEWS_SCOPE = "participation-interviews"
INTERVIEW_SCOPE = "participation-interview:{pk}"
DECISIONS_SCOPE = "participation-decisions"


@cached_public_page(MESSAGES_SCOPE)
def message_list(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("organization", "")
    words = services.sensitive_words()
    page = Paginator(selectors.published_messages(code), 20).get_page(request.GET.get("page"))
    rows = [public.message_public_json(m, words) for m in page.object_list]
    return render(
        request,
        "portal/participation/messages.html",
        {"rows": rows, "page": page, "organizations": _targets(), "organization": code},
    )


@cached_public_page(MESSAGES_SCOPE)
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published message and its answer: what other records cite as their source."""
    message = get_object_or_404(selectors.published_messages(), pk=pk)
    row = public.message_public_json(message, services.sensitive_words())
    return render(request, "portal/participation/message.html", {"m": row})


@never_cache
@require_http_methods(["GET", "POST"])
def message_new(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        ratelimit.hit(request, "public_form")
        form = MessageForm(request.POST)
        status = 400
        if form.is_valid() and proof_accepted(form):
            d = form.cleaned_data
            try:
                message = services.message_submit(
                    organization=d["organization"],
                    data=services.MessageData(
                        subject=d["subject"],
                        body=d["body"],
                        name=d["name"],
                        phone=d["phone"],
                        email=d["email"] or "",
                        publish_allowed=d["publish_allowed"],
                        kind=d["kind"],
                    ),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                request.session[SESSION_KEY] = message.tracking_code
                return redirect("portal:participation_message_submitted")
    else:
        code = request.GET.get("organization", "")
        target = _targets().filter(code=code).first() if code else None
        form = MessageForm(initial={"organization": target} if target else None)
    return render(request, "portal/participation/message_new.html", {"form": form}, status=status)


@never_cache
def message_submitted(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("portal:participation_message_new")
    message = Message.objects.select_related("organization").filter(tracking_code=code).first()
    return render(request, "portal/participation/message_submitted.html", {"code": code, "message": message})


@never_cache
@require_http_methods(["GET", "POST"])
def message_track(request: HttpRequest) -> HttpResponse:
    result = None
    not_found = False
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and proof_accepted(form):
        try:
            result = public.message_track_json(public.message_lookup(request, form.cleaned_data["code"]))
        except Message.DoesNotExist:
            not_found = True
    return render(
        request,
        "portal/participation/message_track.html",
        {"form": form, "result": result, "not_found": not_found},
        status=404 if not_found else 200,
    )


# --- consultations -------------------------------------------------------------------------------


class CommentForm(forms.Form):
    paragraph = forms.TypedChoiceField(label="针对", coerce=int, empty_value=None, required=False)
    body = forms.CharField(
        label="您的意见", max_length=services.BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(label="姓名或单位（可选，不公开）", max_length=100, required=False)
    phone = forms.CharField(label="联系电话（可选，不公开）", max_length=40, required=False)
    altcha = AltchaField()

    def __init__(self, *args: Any, paragraphs: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "草案全文"), *((str(i), f"第{i}段") for i in range(1, paragraphs + 1))]
        self.fields["paragraph"].choices = choices  # type: ignore[attr-defined]
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")


@cached_public_page(CONSULTATIONS_SCOPE, "catalog")
def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(selectors.public_consultations(), 20).get_page(request.GET.get("page"))
    rows = [public.consultation_json(c, today=today) for c in page.object_list]
    return render(request, "portal/participation/consultations.html", {"rows": rows, "page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(selectors.public_consultations(), pk=pk)
    today = timezone.localdate()
    open_now = services.accepts_comments(c, today)
    status = 200
    submitted = request.GET.get("submitted") == "1"
    initial = {"paragraph": request.GET.get("paragraph", "")}
    form = CommentForm(request.POST or None, paragraphs=len(c.paragraphs), initial=initial)
    if request.method == "POST":
        if not open_now:
            raise Http404
        ratelimit.hit(request, "public_form")
        status = 400
        if form.is_valid() and proof_accepted(form):
            d = form.cleaned_data
            try:
                services.comment_submit(
                    consultation=c, body=d["body"], paragraph=d["paragraph"], name=d["name"], phone=d["phone"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(f"{request.path}?submitted=1#comment-form")
    return render(
        request,
        "portal/participation/consultation.html",
        {
            "c": public.consultation_json(c, today=today, detail=True),
            "open_now": open_now,
            "form": form,
            "submitted": submitted,
            "moderated_first": c.moderation == "before",
        },
        status=status,
    )


# --- meetings ------------------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=100)
    phone = forms.CharField(label="手机号码", max_length=40)
    email = forms.EmailField(label="电子邮箱（用于接收通知）", required=False)
    altcha = AltchaField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")


def meeting_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [public.meeting_json(m, now=now) for m in selectors.public_meetings()[:50]]
    return render(request, "portal/participation/meetings.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(selectors.public_meetings(), pk=pk)
    form = RegistrationForm(request.POST or None)
    status = 200
    done = None
    if request.method == "POST":
        ratelimit.hit(request, "public_form")
        status = 400
        if form.is_valid() and proof_accepted(form):
            d = form.cleaned_data
            try:
                done = services.meeting_register(
                    meeting=m, name=d["name"], phone=d["phone"], email=d["email"] or ""
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                status = 201
    now = timezone.now()
    return render(
        request,
        "portal/participation/meeting.html",
        {"m": public.meeting_json(m, now=now, detail=True), "form": form, "done": done},
        status=status,
    )


class WithdrawForm(forms.Form):
    code = forms.CharField(label="报名编号", max_length=30, help_text="报名成功后获得的报名编号")
    phone = forms.CharField(label="报名时填写的手机号码", max_length=40)
    altcha = AltchaField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing a registration: a page of its own, so the meeting page carries one form only."""
    m = get_object_or_404(selectors.public_meetings(), pk=pk)
    form = WithdrawForm(request.POST or None)
    status = 200
    done = None
    if request.method == "POST":
        ratelimit.hit(request, "public_form")
        status = 400
        if form.is_valid() and proof_accepted(form):
            try:
                done, _ = services.meeting_withdraw(
                    meeting=m, code=form.cleaned_data["code"], phone=form.cleaned_data["phone"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                status = 200
    return render(
        request,
        "portal/participation/meeting_withdraw.html",
        {
            "m": public.meeting_json(m, now=timezone.now()),
            "by_lottery": m.selection == Selection.LOTTERY,
            "form": form,
            "done": done,
        },
        status=status,
    )


# --- interviews ----------------------------------------------------------------------------------


class QuestionForm(forms.Form):
    body = forms.CharField(label="您的问题", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
    nickname = forms.CharField(label="称呼（可选）", max_length=50, required=False)
    altcha = AltchaField()


@cached_public_page(INTERVIEWS_SCOPE)
def interview_list(request: HttpRequest) -> HttpResponse:
    rows = [public.interview_json(i) for i in selectors.public_interviews()[:50]]
    return render(request, "portal/participation/interviews.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    i = get_object_or_404(selectors.public_interviews(), pk=pk)
    form = QuestionForm(request.POST or None)
    status = 200
    asked = request.GET.get("asked") == "1"
    open_now = services.interview_accepts_questions(i, timezone.now())
    if request.method == "POST":
        if not open_now:
            raise Http404
        ratelimit.hit(request, "public_form")
        status = 400
        if form.is_valid() and proof_accepted(form):
            try:
                services.question_submit(
                    interview=i, body=form.cleaned_data["body"], nickname=form.cleaned_data["nickname"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(f"{request.path}?asked=1#ask")
    return render(
        request,
        "portal/participation/interview.html",
        {"i": public.interview_json(i, detail=True), "form": form, "asked": asked, "open_now": open_now},
        status=status,
    )


@cached_public_page(INTERVIEW_SCOPE)
def interview_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """The answered questions alone, which the interview page fetches every few seconds while the
    interview is live (portal/interview-live.js) instead of reloading itself."""
    i = get_object_or_404(selectors.public_interviews(), pk=pk)
    return render(
        request, "portal/participation/_interview_answers.html", {"i": public.interview_json(i, detail=True)}
    )


# --- major decisions -----------------------------------------------------------------------------


@cached_public_page(DECISIONS_SCOPE, "catalog")
def decision_list(request: HttpRequest) -> HttpResponse:
    rows = [public.decision_json(d) for d in selectors.public_decisions()[:200]]
    return render(request, "portal/participation/decisions.html", {"rows": rows})
