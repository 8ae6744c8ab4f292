"""The casework pages answer for the roles that use them, and a letter goes through sign-off on them."""

import pytest

from tests.casework.steps import close, new_case, reply, step
from zwgk.casework import letters, library
from zwgk.casework.models import Letter, LetterState
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(dalian_office, handler):
    return new_case(dalian_office, handler)


def test_letter_edit_submit_and_sign_off_on_the_pages(client, case, handler, reviewer):
    letter = reply(case, handler, "2026-03-20", "3.2")
    client.force_login(handler)
    page = client.get(f"/staff/casework/cases/{case.pk}/")
    assert page.status_code == 200 and "答复告知书" in page.content.decode()
    page = client.get(f"/staff/casework/letters/{letter.pk}/")
    assert "还有 3 处待填写" in page.content.decode()
    body = (
        letter.body.replace("【待填写：可以公开的部分】", "经费预算表")
        .replace("【待填写：不予公开的部分】", "内部审批单")
        .replace("【待填写：不予公开的理由及所依据的条款】", "属于内部事务信息（《条例》第十六条第一款）")
    )
    client.post(f"/staff/casework/letters/{letter.pk}/", {"body": body, "action": "submit"})
    assert Letter.objects.get().state == LetterState.SUBMITTED
    assert client.get(f"/staff/casework/letters/{letter.pk}/file.docx").status_code == 200
    client.force_login(reviewer)
    client.post(f"/staff/casework/letters/{letter.pk}/do/approve/", {"comment": "同意"})
    assert Letter.objects.get().state == LetterState.ISSUED


def test_the_back_office_pages_answer(client, case, handler, supervisor, admin_user, reviewer):
    close(case, "2026-03-20", "3.1")
    step(case, handler, "reconsideration_filed", "2026-04-10")
    client.force_login(handler)
    lib = client.post(f"/staff/casework/cases/{case.pk}/library/")
    pk = library.library_cases_for(handler).get().pk
    assert lib.status_code == 302 and lib["Location"] == f"/staff/casework/library/{pk}/"
    for url in (
        "/staff/casework/library/",
        f"/staff/casework/library/{pk}/",
        "/staff/casework/conversion/",
        "/staff/casework/appeals/",
        "/staff/casework/templates/",
        "/staff/casework/templates/reply/3.3.4/",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(supervisor)
    appeals_page = client.get("/staff/casework/appeals/").content.decode()
    assert case.tracking_code in appeals_page and "尚未审结" in appeals_page
    assert (
        client.get(f"/staff/casework/letters/{case.letters.get().pk}/").status_code == 404
    )  # names the applicant
    client.force_login(admin_user)
    assert client.get("/staff/casework/templates/fee_notice/").status_code == 200


def test_the_portal_lists_only_published_library_cases(client, case, handler, reviewer):
    close(case, "2026-03-20", "3.1")
    lc = library.library_case_create(actor=handler, application_id=case.pk)
    assert lc.title not in client.get("/cases/").content.decode()
    library.library_case_submit(actor=handler, pk=lc.pk)
    review_approve(actor=reviewer, request_id=ReviewRequest.objects.get(kind="casework.library").pk)
    library.library_case_set_public(actor=reviewer, pk=lc.pk, public=True)
    listing = client.get("/cases/").content.decode()
    assert lc.title in listing
    assert client.get("/cases/?group=disclosed").status_code == 200


def test_the_tracking_answer_carries_issued_letters(client, case, make_staff, agency):
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    step(case, signer, "replied", "2026-03-20", outcome="3.1")
    (public,) = letters.issued_letters_public(case)
    assert public["title"] == "政府信息公开申请答复告知书"
    assert case.tracking_code not in public["docx_url"]
