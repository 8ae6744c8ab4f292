"""Posted notices waiting for the applicant's signature (RULES §2.7 item 7, decision 0032): a
to-do entry for the handler and, 5 working days after posting, one reminder.

Real 2026 dates: a correction notice posted Wed 03-04 is chased on Wed 03-11 (5 working days);
a fee notice posted Wed 04-01 is chased on Thu 04-09 (清明 Sat 04-04 – Mon 04-06, so Mon 04-06
is a holiday: 04-02, 04-03, 04-07, 04-08, 04-09).
"""

from datetime import date

import pytest
from django.core import mail

from tests.foi.factories import ApplicantFactory, RequestFactory, ev, register_case
from zwgk.core.calendars import calendar_current
from zwgk.foi import services
from zwgk.foi.domain.clock import signature_chase_on
from zwgk.foi.domain.states import NoticeKind, replay
from zwgk.foi.reminders import reminders_send
from zwgk.foi.selectors import event_record
from zwgk.foi.services import application_append_event
from zwgk.foi.todos import notices_awaiting_signature

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture
def postal_handler(agency, make_staff):
    user = make_staff(agency, "handler", username="zhao")
    user.email = "zhao@sfj.dl.gov.cn"
    user.save()
    return user


def posted(agency, handler, history, received_on="2026-03-02", today="2026-03-04"):
    """A case whose applicant asked for the information by post: its notices go by post."""
    return services.application_register(
        actor=handler,
        organization=agency,
        applicant=ApplicantFactory(),
        request=RequestFactory(delivery="post"),
        channel="in_person",
        received_on=D(received_on),
        history=history,
        today=D(today),
        check_permission=False,
    )


@pytest.mark.parametrize(
    ("sent", "chased"),
    [("2026-03-04", "2026-03-11"), ("2026-04-01", "2026-04-09"), ("2026-09-29", "2026-10-12")],
)
def test_the_chase_day_is_5_working_days_after_posting(sent, chased):
    # 国庆/中秋 2026: 10-01 – 10-07 off, Sat 10-10 a working day: 09-30, 10-08, 10-09, 10-10, 10-12.
    assert signature_chase_on(calendar_current(), D(sent)) == D(chased)


def test_an_unsigned_posted_correction_notice_is_listed_then_reminded_once(
    agency, postal_handler, other_handler
):
    case = posted(agency, postal_handler, [ev("correction_requested", "2026-03-04", period_workdays=10)])
    (entry,) = notices_awaiting_signature(postal_handler, today=D("2026-03-10"))
    assert (entry.title, entry.count, entry.due_on, entry.overdue) == (
        "邮寄的告知书待登记签收",
        1,
        D("2026-03-11"),
        False,
    )
    assert entry.url.endswith(f"/staff/foi/{case.pk}/")
    assert reminders_send(today=D("2026-03-10")).get("signature_pending") is None
    assert reminders_send(today=D("2026-03-11"))["signature_pending"] == 1
    sent = [m for m in mail.outbox if "待登记签收" in m.subject]
    assert len(sent) == 1 and sent[0].to == ["zhao@sfj.dl.gov.cn"]
    assert "补正告知书于2026年03月04日邮寄" in sent[0].body and case.tracking_code in sent[0].body
    assert reminders_send(today=D("2026-03-12")).get("signature_pending") is None  # once
    (late,) = notices_awaiting_signature(postal_handler, today=D("2026-03-11"))
    assert late.overdue
    assert notices_awaiting_signature(other_handler, today=D("2026-03-11")) == []  # another agency's

    # Signed for: off the list, no more reminders.
    application_append_event(
        actor=postal_handler,
        application_id=case.pk,
        event=ev("delivered", "2026-03-09", notice="correction_notice"),
        today=D("2026-03-12"),
    )
    assert notices_awaiting_signature(postal_handler, today=D("2026-03-12")) == []


def test_same_day_channels_and_settled_notices_need_no_signature(agency, postal_handler, other_handler):
    e_mailed = register_case(
        agency,
        postal_handler,
        received_on="2026-03-02",
        today="2026-03-04",
        history=[ev("correction_requested", "2026-03-04", period_workdays=10)],
    )
    corrected = posted(
        agency,
        postal_handler,
        [
            ev("correction_requested", "2026-03-04", period_workdays=10),
            ev("correction_received", "2026-03-06"),
        ],
        today="2026-03-06",
    )
    assert notices_awaiting_signature(postal_handler, today=D("2026-03-20")) == []
    for case in (e_mailed, corrected):
        progress = replay(event_record(e) for e in case.events.order_by("seq"))
        assert progress.notices_awaiting_signature == ()


def test_a_posted_fee_notice_waits_until_signed_or_paid(agency, postal_handler):
    case = posted(
        agency,
        postal_handler,
        [ev("fee_notice_sent", "2026-04-01", basis="per_page", quantity=120)],
        received_on="2026-03-23",
        today="2026-04-01",
    )
    progress = replay(event_record(e) for e in case.events.order_by("seq"))
    ((notice, delivery),) = progress.notices_awaiting_signature
    assert notice is NoticeKind.FEE and delivery.sent_on == D("2026-04-01")
    (entry,) = notices_awaiting_signature(postal_handler, today=D("2026-04-08"))
    assert entry.due_on == D("2026-04-09") and not entry.overdue
    application_append_event(
        actor=postal_handler,
        application_id=case.pk,
        event=ev("fee_paid", "2026-04-08"),
        today=D("2026-04-08"),
    )
    assert notices_awaiting_signature(postal_handler, today=D("2026-04-09")) == []
