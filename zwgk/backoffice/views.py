from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice import audit_labels, login_throttle
from zwgk.backoffice.forms import CalendarYearForm, LeaderFilingForm, LoginForm
from zwgk.backoffice.workbench import rows_of, todo_sections
from zwgk.core.calendars import (
    calendar_provisional_days,
    calendar_year_as_json,
    calendar_year_replace,
    parse_schedule,
)
from zwgk.core.errors import DomainError, NotPermitted
from zwgk.core.models import AuditEntry
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import (
    is_platform_admin,
    organizations_with_role,
    roles_of,
    visible_organizations,
)
from zwgk.organizations.selectors import leader_filing_status_for
from zwgk.organizations.services import responsible_leader_file


class StaffLoginView(LoginView):
    template_name = "backoffice/login.html"
    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # This browser is now known for this user: the per-username delay no longer applies
        # to it (login_throttle).
        response.set_cookie(
            login_throttle.DEVICE_COOKIE,
            login_throttle.device_cookie_value(form.get_user().get_username()),
            max_age=login_throttle.DEVICE_COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
            path="/",
        )
        return response


def _require_any(user, *roles):
    if not (roles_of(user) & set(roles)):
        raise NotPermitted("没有权限访问此页面。")


@login_required
def dashboard(request):
    today = timezone.localdate()
    sections = [(s, rows_of(s, today=today)) for s in todo_sections(request)]
    memberships = request.user.memberships.select_related("organization").order_by("organization__sort_order")
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "memberships": memberships,
            "sections": sections,
            "total": sum(s.count for s, _ in sections),
            "today": today,
        },
    )


@login_required
def leaders(request):
    _require_any(request.user, Role.SUPERVISOR, Role.OFFICE_HEAD, Role.ADMIN)
    fileable = organizations_with_role(request.user, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN)
    form = LeaderFilingForm(
        request.POST or None, organizations=fileable, initial={"filed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            responsible_leader_file(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "备案已保存。")
            return redirect("backoffice:leaders")
    rows = leader_filing_status_for(request.user)
    missing = sum(1 for _, leader in rows if leader is None)
    return render(request, "backoffice/leaders.html", {"rows": rows, "missing": missing, "form": form})


@login_required
def calendar_view(request):
    _require_any(request.user, Role.ADMIN, Role.SUPERVISOR)
    try:
        year = min(max(int(request.GET.get("year") or timezone.localdate().year), 2000), 2100)
    except ValueError:
        year = timezone.localdate().year
    can_edit = is_platform_admin(request.user)
    current = calendar_year_as_json(year)
    provisional_days = calendar_provisional_days(year) if current["provisional"] else []
    # A provisional year's form starts empty: saving the law's days would pass them off as the
    # State Council's schedule.
    form = CalendarYearForm(
        request.POST or None,
        initial={
            "year": year,
            "holidays": "" if current["provisional"] else "\n".join(current["holidays"]),
            "workdays": "\n".join(current["workdays"]),
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise NotPermitted("仅平台管理员可修改节假日安排。")
        if form.is_valid():
            try:
                schedule = parse_schedule(
                    form.cleaned_data["year"],
                    form.lines(form.cleaned_data["holidays"]),
                    form.lines(form.cleaned_data["workdays"]),
                )
                calendar_year_replace(actor=request.user, schedule=schedule, source="后台编辑")
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"{schedule.year} 年节假日安排已保存，相关期限已重新计算。")
                return redirect(f"{request.path}?year={schedule.year}")
    return render(
        request,
        "backoffice/calendar.html",
        {
            "year": year,
            "current": current,
            "provisional_days": provisional_days,
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
def audit_log(request):
    _require_any(request.user, Role.ADMIN, Role.SUPERVISOR)
    entries = AuditEntry.objects.all()
    if not is_platform_admin(request.user):
        codes = list(visible_organizations(request.user).values_list("code", flat=True))
        entries = entries.filter(organization_code__in=codes)
    verb = request.GET.get("verb", "").strip()
    if verb:
        entries = entries.filter(verb__startswith=verb)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    codes = {e.organization_code for e in page if e.organization_code}
    names = dict(Organization.objects.filter(code__in=codes).values_list("code", "short_name"))
    rows = [
        {
            "entry": e,
            "verb": audit_labels.verb_label(e.verb),
            "actor": e.actor_name if e.actor_name != "system" else "系统",
            "target_type": audit_labels.target_type_label(e.target_type),
            "organization": names.get(e.organization_code) or e.organization_code,
            "lines": audit_labels.payload_lines(e.before, e.after, e.data),
        }
        for e in page
    ]
    # One choice per business area (several prefixes may share a name: the first one filters).
    first_code: dict[str, str] = {}
    for code, label in audit_labels.APP_LABELS.items():
        first_code.setdefault(label, code)
    groups = [(code, label) for label, code in first_code.items()]
    context = {"page": page, "rows": rows, "verb": verb, "groups": groups}
    return render(request, "backoffice/audit.html", context)
