"""Issue 19 item 11, decision 0005: whoever sees a case's letters in the case JSON can download
every file listed there; the agency's own staff get the letter, everyone else the scrubbed copy."""

import pytest
from django.core.files.base import ContentFile

from tests.casework.steps import new_case, step
from zwgk.casework.documents import read_docx_text
from zwgk.casework.models import Letter

pytestmark = pytest.mark.django_db

APPLICANT = "张明"


@pytest.fixture
def case_with_letters(dalian_office, handler, make_staff, on_day):
    """A correction notice (draft), then a reply signed off at once by a reviewer-handler, with a PDF."""
    case = new_case(dalian_office, handler)
    step(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    step(case, handler, "correction_received", "2026-03-09")
    signer = make_staff(dalian_office, "handler", "reviewer", username="sfj_signer")
    reply = step(case, signer, "replied", "2026-03-20", outcome="3.1")
    reply.refresh_from_db()
    assert reply.state == "issued"
    # CI has no LibreOffice: store a PDF as the worker would have rendered it.
    reply.pdf.save(f"letter-{reply.pk}.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    on_day("2026-03-20")
    return case


def _roles(agency, city, other_agency, make_staff):
    from tests.factories import UserFactory

    admin = UserFactory(username="platform_admin", is_superuser=True)
    return {
        "handler": make_staff(agency, "handler", username="r_handler"),
        "office_head": make_staff(agency, "office_head", username="r_head"),
        "supervisor": make_staff(city, "supervisor", username="r_gkb"),
        "platform_admin_role": make_staff(other_agency, "admin", username="r_admin"),
        "superuser": admin,
        "reviewer": make_staff(agency, "reviewer", username="r_reviewer"),
        "editor": make_staff(agency, "editor", username="r_editor"),
        "other_handler": make_staff(other_agency, "handler", username="r_other"),
    }


FULL = {"handler", "office_head"}
SCRUBBED = {"supervisor", "platform_admin_role", "superuser"}
NO_CASE = {"reviewer", "editor", "other_handler"}


def test_every_listed_letter_downloads_for_every_role(
    case_with_letters, agency, city, other_agency, make_staff, api_client
):
    case = case_with_letters
    roles = _roles(agency, city, other_agency, make_staff)
    assert set(roles) == FULL | SCRUBBED | NO_CASE
    for name, user in roles.items():
        api = api_client(user)
        detail = api.get(f"/api/v1/staff/applications/{case.pk}")
        if name in NO_CASE:
            assert detail.status_code == 404, name
            continue
        assert detail.status_code == 200, name
        listed = detail.json()["letters"]
        assert [row["kind"] for row in listed] == ["correction_notice", "reply"], name
        for row in listed:
            response = api.get(row["docx_url"])
            assert response.status_code == 200, (name, row["kind"])
            text = read_docx_text(response.content)
            assert "查询码" in text
            if name in FULL:
                assert APPLICANT in text, name
            else:
                assert APPLICANT not in text, name  # personal data stays with the agency (0005)
            if row["pdf_url"] is not None:
                pdf = api.get(row["pdf_url"])
                assert pdf.status_code == 200, (name, row["kind"])
                assert pdf.getvalue().startswith(b"%PDF")
        pdfs = [row["pdf_url"] for row in listed if row["pdf_url"]]
        # The PDF is rendered from the full text: listed only for those who may read it.
        assert len(pdfs) == (1 if name in FULL else 0), name


def test_scrubbed_callers_cannot_reach_the_full_pdf_by_url(case_with_letters, supervisor, api_client):
    case = case_with_letters
    reply = Letter.objects.get(application=case, kind="reply")
    url = f"/api/v1/staff/applications/{case.pk}/letters/{reply.pk}.pdf"
    assert api_client(supervisor).get(url).status_code == 404


def test_reviewers_sign_letters_without_seeing_the_case(
    case_with_letters, agency, city, other_agency, make_staff, api_client
):
    """The agency's reviewer downloads the full letter (to sign it) though the case JSON is not theirs."""
    case = case_with_letters
    reviewer = _roles(agency, city, other_agency, make_staff)["reviewer"]
    reply = Letter.objects.get(application=case, kind="reply")
    response = api_client(reviewer).get(f"/api/v1/staff/applications/{case.pk}/letters/{reply.pk}.docx")
    assert response.status_code == 200
    assert APPLICANT in read_docx_text(response.content)


def test_a_letter_of_another_case_is_a_404(case_with_letters, dalian_office, handler, api_client):
    other = new_case(dalian_office, handler, received_on="2026-03-03")
    reply = Letter.objects.get(application=case_with_letters, kind="reply")
    url = f"/api/v1/staff/applications/{other.pk}/letters/{reply.pk}.docx"
    assert api_client(handler).get(url).status_code == 404
