"""Joint studies (会商) of difficult applications (issue 19 item 12; work arrangement 五(三)).

Received Mon 2026-03-02 → reply due Mon 2026-03-30. On Tue 03-10 the working days left are
03-11..03-13, 03-16..03-20, 03-23..03-27 and 03-30: 14.
"""

import pytest

from tests.casework.steps import D, close, new_case
from tests.factories import OrganizationFactory
from zwgk.casework import joint_studies as js
from zwgk.casework.models import JointStudy
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.reports.supervision import supervision_overview

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(city, other_agency):
    return {
        "secrecy": OrganizationFactory(code="dl-bmj", name="大连市国家保密局", parent=city),
        "office": OrganizationFactory(code="dl-zfb", name="大连市人民政府办公室", parent=city),
        "civil": other_agency,
    }


@pytest.fixture
def case(dalian_office, handler):
    return new_case(dalian_office, handler)


@pytest.fixture
def study(case, handler, units):
    return js.joint_study_open(
        actor=handler,
        application_id=case.pk,
        question="所申请的会议纪要是否属于国家秘密或过程性信息？",
        difficulty="涉及多部门联合发文，定密情况不明",
        units=[units["secrecy"].pk, units["office"].pk],
        today=D("2026-03-10"),
    )


def test_opening_a_study_invites_the_units_and_does_not_pause_the_clock(case, study, units):
    case.refresh_from_db()
    assert (case.due_on, case.paused, case.state) == (D("2026-03-30"), False, "in_progress")
    assert sorted(i.organization.code for i in study.invitations.all()) == ["dl-bmj", "dl-zfb"]
    assert not case.events.exclude(type="registered").exists()  # nothing on the timeline
    warning = js.clock_warning(case, today=D("2026-03-10"), cal=calendar_current())
    assert warning.text == "会商不暂停答复期限：答复期限 2026-03-30，剩余 14 个工作日。"
    overdue = js.clock_warning(case, today=D("2026-04-01"), cal=calendar_current())
    assert overdue.text == "会商不暂停答复期限：答复期限 2026-03-30 已超过 2 个工作日。"


def test_only_the_handling_agency_opens_a_study_on_an_open_case(case, handler, other_handler, units):
    from zwgk.foi.models import Application

    with pytest.raises(Application.DoesNotExist):  # another agency's handler does not even see the case
        js.joint_study_open(
            actor=other_handler,
            application_id=case.pk,
            question="q",
            difficulty="d",
            units=[units["office"].pk],
        )
    with pytest.raises(ValidationFailed) as invalid:
        js.joint_study_open(
            actor=handler, application_id=case.pk, question="", difficulty="", units=[case.organization_id]
        )
    assert set(invalid.value.fields) == {"question", "difficulty", "units"}
    close(case, "2026-03-20", "3.1")
    with pytest.raises(Conflict):
        js.joint_study_open(
            actor=handler, application_id=case.pk, question="q", difficulty="d", units=[units["office"].pk]
        )


def test_invited_units_see_it_on_their_to_do_list_until_they_answer(study, units, make_staff):
    secrecy_staff = make_staff(units["secrecy"], "editor", username="bmj_staff")
    office_staff = make_staff(units["office"], "reviewer", username="zfb_staff")
    civil_staff = make_staff(units["civil"], "handler", username="mzj_staff")
    assert [i.organization.code for i in js.joint_studies_awaiting(secrecy_staff)] == ["dl-bmj"]
    assert [i.organization.code for i in js.joint_studies_awaiting(office_staff)] == ["dl-zfb"]
    assert list(js.joint_studies_awaiting(civil_staff)) == []  # not invited
    (invitation,) = js.joint_studies_awaiting(secrecy_staff)
    js.joint_study_answer(
        actor=secrecy_staff,
        invitation_id=invitation.pk,
        opinion="经查，该纪要未定密。",
        today=D("2026-03-12"),
    )
    assert list(js.joint_studies_awaiting(secrecy_staff)) == []
    invitation.refresh_from_db()
    assert (invitation.opinion, invitation.answered_on) == ("经查，该纪要未定密。", D("2026-03-12"))
    with pytest.raises(Conflict):
        js.joint_study_answer(actor=secrecy_staff, invitation_id=invitation.pk, opinion="再次")
    with pytest.raises(NotPermitted):
        js.joint_study_answer(actor=civil_staff, invitation_id=invitation.pk, opinion="代答")


def test_the_conclusion_ends_the_study_and_links_to_the_outcome(case, study, handler, units, make_staff):
    office_staff = make_staff(units["office"], "handler", username="zfb_h")
    js.joint_study_conclude(
        actor=handler,
        study_id=study.pk,
        conclusion="属于过程性信息，不予公开。",
        proposed_outcome="3.3.6",
        today=D("2026-03-18"),
    )
    # Unanswered invitations leave the to-do list once the study has a conclusion.
    assert list(js.joint_studies_awaiting(office_staff)) == []
    (invitation,) = study.invitations.filter(organization=units["office"])
    with pytest.raises(Conflict):
        js.joint_study_answer(actor=office_staff, invitation_id=invitation.pk, opinion="迟到的意见")
    study.refresh_from_db()
    assert js.outcome_agreement(study) == "会商建议：3.3.6 不予公开：属于四类过程性信息；尚未答复。"
    close(case, "2026-03-20", "3.3.6")
    study.refresh_from_db()
    assert js.outcome_agreement(study) == "答复结果与会商建议一致（3.3.6 不予公开：属于四类过程性信息）。"
    with pytest.raises(Conflict):
        js.joint_study_conclude(actor=handler, study_id=study.pk, conclusion="再议", proposed_outcome="")


def test_supervision_counts_the_studies_of_the_year(study, supervisor, case):
    overview = supervision_overview(supervisor, year=2026, today=D("2026-03-20"))
    row = next(r for r in overview.rows if r.organization.pk == case.organization_id)
    assert row.joint_studies == 1
    assert overview.totals["joint_studies"] == 1
    assert supervision_overview(supervisor, year=2025, today=D("2025-12-31")).totals["joint_studies"] == 0


# --- Pages ------------------------------------------------------------------------------------------


def test_the_handler_opens_a_study_from_the_case(case, handler, units, client, on_day):
    on_day("2026-03-10")
    client.force_login(handler)
    page = client.get(f"/staff/casework/cases/{case.pk}/joint-studies/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "会商不暂停答复期限：答复期限 2026-03-30，剩余 14 个工作日。" in html
    assert "大连市国家保密局" in html and "大连市司法局</label>" not in html  # never the own agency
    response = client.post(
        f"/staff/casework/cases/{case.pk}/joint-studies/new/",
        {"question": "是否涉密？", "difficulty": "定密不明", "units": [units["secrecy"].pk]},
    )
    study = JointStudy.objects.get(application=case)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/casework/joint-studies/{study.pk}/"
    assert "标记为疑难申请并发起会商" in client.get(f"/staff/foi/{case.pk}/").content.decode()


def test_an_invited_unit_reads_the_study_without_the_applicant_and_answers(
    study, units, make_staff, client, on_day
):
    on_day("2026-03-11")
    staff = make_staff(units["secrecy"], "editor", username="bmj_page")
    client.force_login(staff)
    listing = client.get("/staff/casework/joint-studies/").content.decode()
    assert study.application.tracking_code in listing and "待本单位提出意见（1）" in listing
    html = client.get(f"/staff/casework/joint-studies/{study.pk}/").content.decode()
    assert "所申请的会议纪要是否属于国家秘密或过程性信息？" in html
    assert "剩余 13 个工作日" in html
    assert "张明" not in html  # personal data stays with the handling agency
    invitation = study.invitations.get(organization=units["secrecy"])
    response = client.post(
        f"/staff/casework/joint-studies/{study.pk}/",
        {"step": "opinion", "invitation": invitation.pk, "opinion": "未定密。"},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.opinion == "未定密。" and invitation.answered_on == D("2026-03-11")


def test_someone_neither_handling_nor_invited_gets_a_404(study, units, make_staff, client):
    outsider = make_staff(units["civil"], "handler", username="mzj_page")
    client.force_login(outsider)
    assert client.get(f"/staff/casework/joint-studies/{study.pk}/").status_code == 404
    assert client.get(f"/staff/casework/cases/{study.application_id}/joint-studies/new/").status_code == 404


def test_the_handler_records_the_conclusion_on_the_page(study, handler, client, on_day):
    on_day("2026-03-18")
    client.force_login(handler)
    response = client.post(
        f"/staff/casework/joint-studies/{study.pk}/",
        {"step": "conclude", "conclusion": "不予公开。", "proposed_outcome": "3.3.1"},
    )
    assert response.status_code == 302
    html = client.get(f"/staff/casework/joint-studies/{study.pk}/").content.decode()
    assert "不予公开。" in html and "3.3.1" in html and "尚未答复" in html
