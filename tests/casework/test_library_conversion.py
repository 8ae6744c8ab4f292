"""The case library (anonymised, reviewed, searchable, publishable) and conversion to proactive
disclosure (one step from a reply; groups of the same request)."""

import pytest

from tests.casework.steps import close, new_case, step
from tests.foi.factories import ApplicantFactory, RequestFactory
from zwgk.casework import conversion, library
from zwgk.casework.models import Conversion, ConversionGroup, GroupState, LibraryState
from zwgk.catalog.models import Document, DocumentState
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_approve

pytestmark = pytest.mark.django_db

DESCRIPTION = "请提供2026年老旧小区改造项目清单及资金安排。联系人张明，电话13904110001，住西安路88号。"


@pytest.fixture
def closed(dalian_office, handler, make_staff, agency):
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    case = new_case(
        dalian_office,
        handler,
        request=RequestFactory(title="2026年老旧小区改造项目清单", description=DESCRIPTION),
    )
    step(case, signer, "replied", "2026-03-20", outcome="3.1")
    case.refresh_from_db()
    return case


def test_a_closed_case_becomes_an_anonymised_draft_then_a_reviewed_library_case(
    closed, handler, reviewer, client
):
    case = library.library_case_create(actor=handler, application_id=closed.pk)
    text = "\n".join([case.title, case.request_summary, case.reasoning])
    for needle in library.personal_data_of(closed):
        assert needle not in text
    assert "第三十六条" in case.reasoning and "如对本答复不服" not in case.reasoning
    assert case.grounds == ["予以公开", "第三十六条第（一）项", "第三十六条第（二）项"]
    assert case.state == LibraryState.DRAFT
    with pytest.raises(ValidationFailed):
        library.library_case_update(
            actor=handler,
            pk=case.pk,
            title=case.title,
            request_summary="张明的申请",
            reasoning=case.reasoning,
            tags="",
        )
    library.library_case_submit(actor=handler, pk=case.pk)
    with pytest.raises(Conflict):
        library.library_case_set_public(actor=reviewer, pk=case.pk, public=True)
    review_approve(actor=reviewer, request_id=ReviewRequest.objects.get(kind="casework.library").pk)
    assert client.get(f"/cases/{case.pk}/").status_code == 404  # approved, not yet published
    library.library_case_set_public(actor=reviewer, pk=case.pk, public=True)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "老旧小区改造" in page and "张明" not in page and "13904110001" not in page


def test_only_closed_cases_enter_the_library(dalian_office, handler):
    case = new_case(dalian_office, handler)
    with pytest.raises(Conflict):
        library.library_case_create(actor=handler, application_id=case.pk)


def test_handlers_see_similar_library_cases(closed, handler, reviewer, dalian_office):
    case = library.library_case_create(actor=handler, application_id=closed.pk)
    library.library_case_submit(actor=handler, pk=case.pk)
    review_approve(actor=reviewer, request_id=ReviewRequest.objects.get(kind="casework.library").pk)
    similar = new_case(
        dalian_office,
        handler,
        request=RequestFactory(
            title="老旧小区改造项目资金安排", description="申请公开2026年老旧小区改造的项目清单和资金。"
        ),
    )
    other = new_case(
        dalian_office, handler, request=RequestFactory(title="法律援助经费", description="法律援助经费支出。")
    )
    assert [c.pk for c, _ in library.similar_cases(similar)] == [case.pk]
    assert library.similar_cases(other) == []
    assert library.similar_cases(closed) == []  # never its own entry
    assert list(library.library_search(handler, q="老旧小区")) == [case]


def test_a_disclosing_reply_becomes_a_catalogue_draft_in_one_step(closed, make_staff, agency):
    editor = make_staff(agency, "editor", "handler", username="sfj_editor")
    done = conversion.conversion_from_application(actor=editor, application_id=closed.pk)
    document = Document.objects.get(pk=done.document_id)
    assert document.state == DocumentState.DRAFT and document.organization == agency
    assert "老旧小区改造" in document.title and "第四十四条" in document.body
    assert "张明" not in document.body and "13904110001" not in document.body
    with pytest.raises(Conflict):
        conversion.conversion_from_application(actor=editor, application_id=closed.pk)
    assert conversion.conversions_per_agency(year=done.year) == {"dl-sfj": {"converted": 1, "published": 0}}


def test_refusals_are_not_converted(dalian_office, handler):
    case = new_case(dalian_office, handler)
    close(case, "2026-03-20", "3.3.5")
    with pytest.raises(Conflict):
        conversion.conversion_from_application(actor=handler, application_id=case.pk)


def test_applications_for_the_same_information_are_grouped_confirmed_and_converted(
    dalian_office, handler, make_staff, agency
):
    wordings = [
        ("2026年老旧小区改造项目清单及资金安排", "请提供2026年大连市老旧小区改造项目清单及资金安排。"),
        ("老旧小区改造项目清单", "申请公开2026年老旧小区改造的项目清单和资金安排情况。"),
        ("2026年老旧小区改造项目及资金", "2026年老旧小区改造项目清单、资金安排。"),
    ]
    apps = [
        new_case(
            dalian_office,
            handler,
            applicant=ApplicantFactory(),
            request=RequestFactory(title=t, description=d),
        )
        for t, d in wordings
    ]
    new_case(
        dalian_office, handler, request=RequestFactory(title="法律援助经费", description="法律援助经费支出。")
    )
    (group,) = conversion.conversion_groups_propose(organization=agency)
    assert set(group.members.values_list("pk", flat=True)) == {a.pk for a in apps}
    assert conversion.conversion_groups_propose(organization=agency) == []  # proposed once
    with pytest.raises(Conflict):
        conversion.conversion_from_group(actor=handler, group_id=group.pk)
    conversion.conversion_group_decide(actor=handler, group_id=group.pk, confirm=True)
    editor = make_staff(agency, "editor", username="sfj_editor")
    done = conversion.conversion_from_group(actor=editor, group_id=group.pk)
    assert ConversionGroup.objects.get().state == GroupState.CONVERTED
    assert "3位申请人" in done.document.summary
    assert Conversion.objects.count() == 1


def test_a_dismissed_group_is_not_proposed_again(dalian_office, handler, agency):
    for _ in range(2):
        new_case(dalian_office, handler, applicant=ApplicantFactory(), request=RequestFactory())
    (group,) = conversion.conversion_groups_propose(organization=agency)
    conversion.conversion_group_decide(actor=handler, group_id=group.pk, confirm=False)
    assert conversion.conversion_groups_propose(organization=agency) == []
