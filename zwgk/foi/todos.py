"""The workbench's to-do entries for applications (zwgk.core.todos): the handler's cases by
working days left and the step deadlines falling due, the office head's extensions to decide,
the supervising office's overdue cases by agency.

Counts come from the same selectors and queues the linked workbench pages list, so a number on
the workbench is the length of the list behind its link. Each provider costs a fixed number of
queries; the step deadlines fold the timelines of the few cases that can have one due.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.urls import reverse

from zwgk.core import todos
from zwgk.core.calendars import calendar_current
from zwgk.core.todos import TodoEntry
from zwgk.foi.domain.clock import ClockFacts, due_soon_until, read_clock, signature_chase_on
from zwgk.foi.domain.states import OPEN_STATES, EventType, State, replay
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.foi.selectors import RECOMPUTING_NOTE, application_list_for, event_record, workbench_list
from zwgk.foi.services.timeline import NOTICE_EVENTS
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role

# Art. 30's 7 working days never span more than a month, even across 春节 or 国庆.
_CORRECTION_LOOKBACK = timedelta(days=31)


def _queue_url(queue: str, organization: str = "") -> str:
    url = f"{reverse('backoffice:foi_workbench')}?queue={queue}"
    return f"{url}&organization={organization}" if organization else url


def _case_url(pk: int) -> str:
    return reverse("backoffice:foi_case", args=[pk])


def cases_by_workdays_left(user: Any, *, today: date) -> list[TodoEntry]:
    """Online submissions to register, then open cases by how soon their reply is due: the
    workbench's own queues, counted with their earliest due date in one query."""
    cal = calendar_current()
    queues = {
        "submitted": ("网上提交的申请待登记受理", False, "登记之日为收到申请之日（第三十一条）"),
        "overdue": ("已超过答复期限的申请", True, ""),
        "due_soon": ("3个工作日内到期的申请", False, ""),
    }
    aggregates: dict[str, Any] = {}
    for queue in queues:
        rows = Q(pk__in=workbench_list(user, queue=queue, today=today, cal=cal).values("pk"))
        aggregates[f"{queue}_n"] = Count("pk", filter=rows)
        aggregates[f"{queue}_first"] = Min("due_on", filter=rows)
    summary = application_list_for(user).aggregate(**aggregates)
    return [
        TodoEntry(title, summary[f"{queue}_n"], _queue_url(queue), summary[f"{queue}_first"], late, note)
        for queue, (title, late, note) in queues.items()
        if summary[f"{queue}_n"]
    ]


def _one_or_queue(ids: list[int], queue: str) -> str:
    return _case_url(ids[0]) if len(ids) == 1 else _queue_url(queue)


def step_deadlines(user: Any, *, today: date) -> list[TodoEntry]:
    """Correction notices, consultation answers and fee payments falling due: within the
    reminders' 3 working days, or (answers, payments) already past, when the handler must record
    the end or may close the case (RULES §2.7 item 4)."""
    cal = calendar_current()
    until = due_soon_until(cal, today)
    candidates = (
        application_list_for(user)
        .filter(
            Q(state__in=[State.CONSULTING, State.AWAITING_PAYMENT])
            | Q(state=State.IN_PROGRESS, received_on__gte=today - _CORRECTION_LOOKBACK)
        )
        .only("pk", "state", "received_on")
        .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("seq")))
    )
    notices: list[tuple[date, int]] = []
    answers: list[tuple[date, int]] = []
    payments: list[tuple[date, int]] = []
    for application in candidates:
        progress = replay(event_record(e) for e in application.events.all())
        facts = ClockFacts.from_progress(progress)
        if facts is None:
            continue
        reading = read_clock(cal, facts, today)
        if (
            application.state == State.IN_PROGRESS
            and progress.correction_requested_on is None
            and today <= reading.correction_notice_due_on <= until
        ):
            notices.append((reading.correction_notice_due_on, application.pk))
        for consultation, due in zip(
            progress.consultations, reading.consultation_answers_due_on, strict=True
        ):
            if consultation.ended_on is None and due <= until:
                answers.append((due, application.pk))
        if reading.awaiting_payment and reading.fee_due_on is not None and reading.fee_due_on <= until:
            payments.append((reading.fee_due_on, application.pk))
    out = []
    for rows, title, queue, note in (
        (notices, "告知补正期限将至", "open", "需要补正的，收到申请之日起7个工作日内一次性告知（第三十条）"),
        (
            answers,
            "征求意见答复期限已到或将至",
            "consulting",
            "15个工作日内未答复的，登记征求意见结束（第三十二条、第三十四条）",
        ),
        (payments, "缴费期限已到或将至", "awaiting_payment", "逾期未缴费的，可按3.6.2办结"),
    ):
        if rows:
            first = min(d for d, _ in rows)
            ids = sorted({pk for _, pk in rows})
            out.append(
                TodoEntry(
                    title, len(rows), _one_or_queue(ids, queue), first, overdue=first < today, note=note
                )
            )
    return out


def notices_awaiting_signature(user: Any, *, today: date) -> list[TodoEntry]:
    """Posted notices not yet signed for (RULES §2.7 item 7): the applicant's period runs from the
    signature, so until the handler records it the period is only provisional. Late from the
    chase day (5 working days after posting), when the reminder goes too."""
    cal = calendar_current()
    posted = ApplicationEvent.objects.filter(
        application=OuterRef("pk"), type__in=[t.value for t in NOTICE_EVENTS], payload__channel="post"
    )
    candidates = (
        application_list_for(user)
        .filter(Exists(posted), state__in=[s.value for s in OPEN_STATES])
        .only("pk")
        .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("seq")))
    )
    rows: list[tuple[date, int]] = []
    for application in candidates:
        progress = replay(event_record(e) for e in application.events.all())
        for _notice, delivery in progress.notices_awaiting_signature:
            rows.append((signature_chase_on(cal, delivery.sent_on), application.pk))
    if not rows:
        return []
    first = min(d for d, _ in rows)
    ids = sorted({pk for _, pk in rows})
    return [
        TodoEntry(
            "邮寄的告知书待登记签收",
            len(rows),
            _one_or_queue(ids, "open"),
            first,
            overdue=first <= today,
            note="按邮件回执登记签收日期，期限自签收之日起计算；退回的登记退回并改用其他方式送达",
        )
    ]


def extensions_to_decide(user: Any, *, today: date) -> list[TodoEntry]:
    """Cases of the office head's agencies due within 3 working days and never extended: Art. 33's
    one extension must be approved by the office head before the deadline passes."""
    cal = calendar_current()
    extended = ApplicationEvent.objects.filter(application=OuterRef("pk"), type=EventType.EXTENDED)
    qs = (
        workbench_list(user, queue="due_soon", today=today, cal=cal)
        .filter(organization__in=organizations_with_role(user, Role.OFFICE_HEAD))
        .exclude(Exists(extended))
    )
    agg = qs.aggregate(n=Count("pk"), first=Min("due_on"), one=Min("pk"))
    if not agg["n"]:
        return []
    url = _case_url(agg["one"]) if agg["n"] == 1 else _queue_url("due_soon")
    return [
        TodoEntry(
            "临近答复期限、尚未延期的申请",
            agg["n"],
            url,
            agg["first"],
            note="确需延长的，由政府信息公开工作机构负责人在期限届满前批准，最长20个工作日（第三十三条）",
        )
    ]


def overdue_by_agency(user: Any, *, today: date) -> list[TodoEntry]:
    """The supervising office's overdue cases, one line per agency, most first; while a calendar
    change is being recomputed (decision 0030), a line first says how many cases' deadlines are
    not yet current. One query for both."""
    overdue, recomputing = Q(due_on__lt=today), Q(deadline_recompute_year__isnull=False)
    rows = list(
        Application.objects.open()
        .filter(organization__in=organizations_with_role(user, Role.SUPERVISOR))
        .filter(overdue | recomputing)
        .values("organization__code", "organization__short_name", "organization__name")
        .annotate(
            n=Count("pk", filter=overdue),
            first=Min("due_on", filter=overdue),
            pending=Count("pk", filter=recomputing),
        )
        .order_by("-n", "organization__code")
    )
    pending = sum(r["pending"] for r in rows)
    head = [TodoEntry("期限正在重新计算的申请", pending, _queue_url("overdue"), note=RECOMPUTING_NOTE)]
    return (head if pending else []) + [
        TodoEntry(
            f"{r['organization__short_name'] or r['organization__name']}：逾期未答复的申请",
            r["n"],
            _queue_url("overdue", r["organization__code"]),
            r["first"],
            overdue=True,
        )
        for r in rows
        if r["n"]
    ]


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="foi.cases_by_workdays_left",
            label="依申请公开：待办申请",
            roles=frozenset({Role.HANDLER}),
            entries=cases_by_workdays_left,
            menu="backoffice:foi_workbench",
            order=100,
        ),
        todos.TodoProvider(
            code="foi.step_deadlines",
            label="依申请公开：补正、征求意见、缴费期限",
            roles=frozenset({Role.HANDLER}),
            entries=step_deadlines,
            menu="backoffice:foi_workbench",
            order=110,
        ),
        todos.TodoProvider(
            code="foi.notices_awaiting_signature",
            label="依申请公开：邮寄告知书待登记签收",
            roles=frozenset({Role.HANDLER}),
            entries=notices_awaiting_signature,
            menu="backoffice:foi_workbench",
            order=120,
        ),
        todos.TodoProvider(
            code="foi.extensions_to_decide",
            label="延期审批",
            roles=frozenset({Role.OFFICE_HEAD}),
            entries=extensions_to_decide,
            menu="backoffice:foi_workbench",
            order=210,
        ),
        todos.TodoProvider(
            code="foi.overdue_by_agency",
            label="各机关逾期未答复的申请",
            roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
            entries=overdue_by_agency,
            menu="backoffice:foi_workbench",
            order=500,
        ),
    )
