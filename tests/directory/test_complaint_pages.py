"""The complaint pages: the portal form (proof of work, CSRF, rate limit), the complainant's page
(no personal data), and the competent department's answer in the back office."""

import pytest
from django.test import Client

from tests.factories import altcha_solved
from zwgk.core.models import AuditEntry
from zwgk.directory.models import Complaint, ComplaintState

pytestmark = pytest.mark.django_db

FORM = "/public-services/complain/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def _post(client, enterprise, **overrides):
    data = {
        "organization": enterprise.code,
        "subject": "服务时间与公布的不一致",
        "body": "营业厅公布 17:00 下班，16:30 已停止办理。",
        "name": "李女士",
        "email": "li@example.cn",
        "phone": "13800000000",
        "altcha": altcha_solved(client),
    }
    data.update(overrides)
    return client.post(FORM, data)


def test_a_citizen_files_a_complaint_and_follows_it(client, enterprise, agency):
    page = client.get(f"{FORM}?unit={enterprise.code}").content.decode()
    assert f'<option value="{enterprise.code}" selected>' in page
    response = _post(client, enterprise)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/complaints/{complaint.token}/"
    assert complaint.department == agency and complaint.state == ComplaintState.OPEN
    status = client.get(response["Location"]).content.decode()
    assert complaint.number in status and "办理中" in status and "市司法局" in status
    # Nothing personal on the public page.
    for personal in ("李女士", "li@example.cn", "13800000000"):
        assert personal not in status
    assert client.get("/complaints/not-a-token/").status_code == 404
    assert AuditEntry.objects.filter(verb="directory.complaint_file").count() == 1


def test_without_proof_of_work_or_contact_nothing_is_filed(client, enterprise):
    assert _post(client, enterprise, altcha="").status_code == 200
    page = _post(client, enterprise, email="", phone="").content.decode()
    assert "请至少留下电子邮箱或联系电话" in page
    assert not Complaint.objects.exists()


def test_the_form_needs_the_csrf_token(enterprise):
    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, enterprise).status_code == 403
    assert not Complaint.objects.exists()


def test_public_posts_are_rate_limited(client, enterprise, settings):
    from django.core.cache import cache

    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "public_form": (2, 3600)}
    cache.clear()
    assert _post(client, enterprise).status_code == 302
    assert _post(client, enterprise).status_code == 302
    assert _post(client, enterprise).status_code == 429
    assert Complaint.objects.count() == 2


def test_the_department_answers_in_the_back_office(
    client, enterprise, agency, make_staff, mailoutbox, django_capture_on_commit_callbacks
):
    _post(client, enterprise)
    complaint = Complaint.objects.get()
    # The unit itself and another agency do not see the complaint.
    for outsider in (make_staff(enterprise, "editor"),):
        client.force_login(outsider)
        assert client.get(f"/staff/directory/complaints/{complaint.pk}/").status_code == 404
    client.force_login(make_staff(agency, "editor"))
    listing = client.get("/staff/directory/complaints/?state=open").content.decode()
    assert complaint.number in listing and "公开申诉" in listing
    detail = client.get(f"/staff/directory/complaints/{complaint.pk}/").content.decode()
    assert "李女士" in detail and "li@example.cn" in detail  # the department sees who complains
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/directory/complaints/{complaint.pk}/",
            {
                "outcome": "upheld",
                "answer": "经核查属实，已责令更正服务时间。",
                "answered_on": complaint.received_on.isoformat(),
            },
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.ANSWERED and complaint.answered_on == complaint.received_on
    assert mailoutbox[-1].to == ["li@example.cn"] and "已责令更正服务时间" in mailoutbox[-1].body
    status = Client().get(f"/complaints/{complaint.token}/").content.decode()
    assert "申诉成立，已责令整改" in status and "已责令更正服务时间" in status


def test_the_supervisor_sees_but_does_not_answer(client, enterprise, city, make_staff):
    _post(client, enterprise)
    complaint = Complaint.objects.get()
    client.force_login(make_staff(city, "supervisor"))
    page = client.get(f"/staff/directory/complaints/{complaint.pk}/").content.decode()
    assert complaint.number in page and "保存并告知申诉人" not in page
    client.post(
        f"/staff/directory/complaints/{complaint.pk}/",
        {"outcome": "rejected", "answer": "x", "answered_on": "2026-06-10"},
    )
    assert Complaint.objects.get().state == ComplaintState.OPEN


def test_the_public_page_filters_by_sector(client, enterprise, agency):
    from tests.factories import OrganizationFactory
    from zwgk.directory.models import Sector
    from zwgk.directory.services import unit_sector_set

    water = Sector.objects.update_or_create(code="water", defaults={"name": "供水"})[0]
    other = OrganizationFactory(
        code="dl-bus", name="大连公交测试公司", kind="public_enterprise", parent=agency
    )
    unit_sector_set(actor=None, organization=enterprise, sector=water, check_permission=False)
    page = client.get("/public-services/?sector=water").content.decode()
    assert "大连市法律服务中心" in page and other.name not in page and "领域：供水" in page
    assert other.name in client.get("/public-services/").content.decode()


def _filed(enterprise, received_on, subject="营业时间不符"):
    from zwgk.directory import complaints

    return complaints.complaint_file(
        filing=complaints.Filing(
            organization=enterprise, name="李女士", subject=subject, body="公布的时间与实际不符。",
            email="li@example.cn", phone="13812345678",
        ),
        received_on=received_on,
    )  # fmt: skip


def test_the_department_finds_its_overdue_complaints_by_state(client, enterprise, agency, make_staff):
    from datetime import date, timedelta

    from django.utils import timezone

    today = timezone.localdate()
    late = _filed(enterprise, date(2025, 6, 3), subject="逾期的申诉")
    fresh = _filed(enterprise, today - timedelta(days=1), subject="新收到的申诉")
    client.force_login(make_staff(agency, "editor"))
    overdue = client.get("/staff/directory/complaints/?state=overdue").content.decode()
    assert late.number in overdue and fresh.number not in overdue and "（已逾期）" in overdue
    opened = client.get("/staff/directory/complaints/?state=open").content.decode()
    assert late.number in opened and fresh.number in opened
    assert client.get("/staff/directory/complaints/?state=answered").content.decode().count("SS20") == 0


def test_the_list_filters_by_department_and_keeps_it_across_tabs(
    client, enterprise, agency, other_agency, city, make_staff
):
    from datetime import date

    from tests.factories import OrganizationFactory

    other_unit = OrganizationFactory(
        code="dl-yly", name="大连养老服务中心", kind="public_enterprise", parent=other_agency
    )
    ours, theirs = _filed(enterprise, date(2025, 6, 3)), _filed(other_unit, date(2025, 6, 3))
    client.force_login(make_staff(city, "supervisor"))
    page = client.get(f"/staff/directory/complaints/?state=overdue&department={agency.code}").content.decode()
    assert ours.number in page and theirs.number not in page
    assert "办理部门：大连市司法局" in page and f"?state=open&amp;department={agency.code}" in page
    both = client.get("/staff/directory/complaints/?state=overdue").content.decode()
    assert ours.number in both and theirs.number in both


def test_supervisors_read_the_complainant_masked(client, enterprise, agency, city, make_staff):
    from datetime import date

    complaint = _filed(enterprise, date(2025, 6, 3))
    client.force_login(make_staff(city, "supervisor"))
    page = client.get(f"/staff/directory/complaints/{complaint.pk}/").content.decode()
    assert "李**" in page and "l***@example.cn" in page and "138****5678" in page
    for personal in ("李女士", "li@example.cn", "13812345678"):
        assert personal not in page
    client.force_login(make_staff(agency, "office_head"))
    page = client.get(f"/staff/directory/complaints/{complaint.pk}/").content.decode()
    assert "李女士" in page and "13812345678" in page


def test_the_answer_form_says_what_is_missing_in_chinese(client, enterprise, agency, make_staff):
    from datetime import date, timedelta

    from django.utils import timezone

    complaint = _filed(enterprise, date(2025, 6, 3))
    client.force_login(make_staff(agency, "editor"))
    url = f"/staff/directory/complaints/{complaint.pk}/"
    page = client.post(url, {"outcome": "", "answer": " ", "answered_on": ""})
    html = page.content.decode()
    assert page.status_code == 400
    for message in ("请选择调查结果。", "请填写答复内容。", "请填写答复日期。"):
        assert message in html
    html = client.post(url, {"outcome": "upheld", "answer": "属实。", "answered_on": "6/10"}).content.decode()
    assert "请按“年-月-日”填写答复日期" in html
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    html = client.post(
        url, {"outcome": "upheld", "answer": "属实。", "answered_on": tomorrow}
    ).content.decode()
    assert "答复日期不能晚于今天。" in html
    html = client.post(
        url, {"outcome": "upheld", "answer": "属实。", "answered_on": "2025-06-01"}
    ).content.decode()
    assert "答复日期不能早于收到日期。" in html
    assert Complaint.objects.get().state == ComplaintState.OPEN
