"""Sign-off chains (decision 0016) on real catalogue items: steps in order, 保密审查 with its
result, no self-approval, configuration rights, the default single approval."""

import pytest

from tests.catalog.factories import document_input
from zwgk.catalog.selectors import documents_awaiting_review
from zwgk.catalog.services import document_create_draft, document_publish, document_submit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.review.chains import DEFAULT_STEPS, StepSpec, chain_for, signoff_chain_delete, signoff_chain_save
from zwgk.review.models import ReviewRequest, SignoffChain
from zwgk.review.selectors import review_queue_for
from zwgk.review.services import review_approve, review_cancel, review_return

pytestmark = pytest.mark.django_db

NORMATIVE_CHAIN = [
    StepSpec("section_head", "科室负责人审核"),
    StepSpec("secrecy_reviewer", "保密审查"),
    StepSpec("principal", "主要负责人签发"),
]


@pytest.fixture
def posts(make_staff, agency):
    return {
        "section_head": make_staff(agency, "section_head", username="sfj_kz"),
        "secrecy": make_staff(agency, "secrecy_reviewer", username="sfj_bm"),
        "principal": make_staff(agency, "principal", username="sfj_jz"),
    }


@pytest.fixture
def normative_chain(admin_user, agency):
    return signoff_chain_save(
        actor=admin_user,
        organization=agency,
        kind="catalog.publish",
        subkind="normative",
        steps=NORMATIVE_CHAIN,
    )


def _normative_draft(editor, agency):
    return document_create_draft(actor=editor, data=document_input(agency, kind="normative"))


def test_a_normative_document_goes_through_every_step_in_order(editor, agency, posts, normative_chain):
    doc = _normative_draft(editor, agency)
    req = document_submit(actor=editor, document_id=doc.pk)
    assert [(s.position, s.role, s.label) for s in req.steps.all()] == [
        (1, "section_head", "科室负责人审核"),
        (2, "secrecy_reviewer", "保密审查"),
        (3, "principal", "主要负责人签发"),
    ]
    # Only the holder of the step's post sees it, and only when it is that step's turn.
    assert list(documents_awaiting_review(posts["section_head"])) == [doc]
    assert list(documents_awaiting_review(posts["secrecy"])) == []
    with pytest.raises(NotPermitted):
        review_approve(actor=posts["principal"], request_id=req.pk)

    review_approve(actor=posts["section_head"], request_id=req.pk, comment="内容准确")
    doc.refresh_from_db()
    assert doc.state == "submitted"
    assert list(documents_awaiting_review(posts["section_head"])) == []
    assert list(documents_awaiting_review(posts["secrecy"])) == [doc]

    with pytest.raises(ValidationFailed) as exc:
        review_approve(actor=posts["secrecy"], request_id=req.pk)
    assert exc.value.code == "secrecy_result_required"
    review_approve(actor=posts["secrecy"], request_id=req.pk, secrecy_result="not_secret", comment="已审查")
    doc.refresh_from_db()
    assert doc.state == "submitted"

    review_approve(actor=posts["principal"], request_id=req.pk, comment="同意发布")
    doc.refresh_from_db()
    req.refresh_from_db()
    assert doc.state == "published" and req.state == "approved" and req.decided_by == posts["principal"]
    steps = list(req.steps.all())
    assert [(s.decision, s.decided_by) for s in steps] == [
        ("approved", posts["section_head"]),
        ("approved", posts["secrecy"]),
        ("approved", posts["principal"]),
    ]
    assert steps[1].secrecy_result == "not_secret"
    audit = list(
        AuditEntry.objects.filter(verb="review.approve").order_by("id").values_list("data", flat=True)
    )
    assert [(a["step"], a["label"], a["secrecy_result"], a["final"]) for a in audit] == [
        (1, "科室负责人审核", None, False),
        (2, "保密审查", "not_secret", False),
        (3, "主要负责人签发", None, True),
    ]


def test_the_author_is_refused_at_every_step_and_another_holder_signs(
    editor, agency, make_staff, normative_chain
):
    author = make_staff(agency, "editor", "section_head", username="sfj_kz_author")
    colleague = make_staff(agency, "section_head", username="sfj_kz2")
    doc = _normative_draft(author, agency)
    req = document_submit(actor=author, document_id=doc.pk)
    assert list(review_queue_for(author)) == []
    with pytest.raises(NotPermitted) as exc:
        review_approve(actor=author, request_id=req.pk)
    assert exc.value.code == "self_approval"
    with pytest.raises(NotPermitted):
        review_return(actor=author, request_id=req.pk, comment="自己退回")
    assert list(review_queue_for(colleague)) == [req]
    review_approve(actor=colleague, request_id=req.pk)
    req.refresh_from_db()
    assert req.current_role == "secrecy_reviewer"


def test_a_reviewers_own_draft_is_not_published_by_their_publish(reviewer, agency, make_staff):
    doc = document_create_draft(actor=reviewer, data=document_input(agency))
    doc = document_publish(actor=reviewer, document_id=doc.pk)
    assert doc.state == "submitted"  # sent for review, not self-approved
    other = make_staff(agency, "reviewer", username="sfj_reviewer2")
    assert list(documents_awaiting_review(other)) == [doc]
    doc = document_publish(actor=other, document_id=doc.pk)
    assert doc.state == "published"


def test_secrecy_review_can_return_with_its_finding(editor, agency, posts, normative_chain):
    doc = _normative_draft(editor, agency)
    req = document_submit(actor=editor, document_id=doc.pk)
    review_approve(actor=posts["section_head"], request_id=req.pk)
    review_return(
        actor=posts["secrecy"], request_id=req.pk, comment="第三条涉及国家秘密", secrecy_result="secret"
    )
    doc.refresh_from_db()
    req.refresh_from_db()
    assert doc.state == "returned" and req.state == "returned"
    assert [(s.decision, s.secrecy_result) for s in req.steps.all()] == [
        ("approved", ""),
        ("returned", "secret"),
        ("not_reached", ""),
    ]
    assert AuditEntry.objects.get(verb="review.return").data["secrecy_result"] == "secret"


def test_without_a_chain_the_single_approval_of_today_applies(editor, reviewer, agency, normative_chain):
    # The chain is for normative documents: a policy document keeps the default.
    doc = document_create_draft(actor=editor, data=document_input(agency, kind="policy"))
    req = document_submit(actor=editor, document_id=doc.pk)
    assert [(s.role, s.label) for s in req.steps.all()] == [(s.role, s.label) for s in DEFAULT_STEPS]
    review_approve(actor=reviewer, request_id=req.pk)
    doc.refresh_from_db()
    assert doc.state == "published"


def test_the_most_specific_chain_wins(admin_user, agency, other_agency):
    signoff_chain_save(
        actor=admin_user,
        organization=None,
        kind="catalog.publish",
        steps=[StepSpec("principal", "主要负责人签发")],
    )
    signoff_chain_save(
        actor=admin_user,
        organization=agency,
        kind="catalog.publish",
        steps=[StepSpec("section_head", ""), StepSpec("reviewer", "审签")],
    )
    assert [s.role for s in chain_for(other_agency, "catalog.publish", "normative")] == ["principal"]
    assert [s.role for s in chain_for(agency, "catalog.publish", "normative")] == ["section_head", "reviewer"]
    # An empty label takes the post's name.
    assert chain_for(agency, "catalog.publish")[0].label == "科室负责人"
    assert chain_for(agency, "foi.letter", "reply") == DEFAULT_STEPS


def test_a_pending_request_keeps_the_chain_it_was_submitted_with(editor, agency, posts, admin_user):
    chain = signoff_chain_save(
        actor=admin_user,
        organization=agency,
        kind="catalog.publish",
        steps=[StepSpec("section_head", "审核")],
    )
    doc = document_create_draft(actor=editor, data=document_input(agency))
    req = document_submit(actor=editor, document_id=doc.pk)
    signoff_chain_delete(actor=admin_user, chain_id=chain.pk)
    assert not SignoffChain.objects.exists()
    review_approve(actor=posts["section_head"], request_id=req.pk)
    doc.refresh_from_db()
    assert doc.state == "published"


def test_who_may_configure_chains(agency, other_agency, make_staff, editor, admin_user):
    head = make_staff(agency, "principal", username="sfj_jz")
    office_head = make_staff(agency, "office_head", username="sfj_head")
    steps = [StepSpec("reviewer", "审签")]
    for outsider in (editor,):
        with pytest.raises(NotPermitted):
            signoff_chain_save(actor=outsider, organization=agency, kind="foi.letter", steps=steps)
    with pytest.raises(NotPermitted):
        signoff_chain_save(actor=head, organization=other_agency, kind="foi.letter", steps=steps)
    with pytest.raises(NotPermitted):  # the platform-wide default is the administrators'
        signoff_chain_save(actor=head, organization=None, kind="foi.letter", steps=steps)
    signoff_chain_save(actor=head, organization=agency, kind="foi.letter", subkind="reply", steps=steps)
    chain = signoff_chain_save(
        actor=office_head, organization=agency, kind="foi.letter", subkind="reply", steps=steps * 2
    )
    assert SignoffChain.objects.count() == 1 and chain.steps.count() == 2
    assert AuditEntry.objects.filter(verb="review.chain.save").count() == 2
    with pytest.raises(ValidationFailed):
        signoff_chain_save(actor=admin_user, organization=agency, kind="foi.letter", steps=[])
    with pytest.raises(ValidationFailed):
        signoff_chain_save(
            actor=admin_user, organization=agency, kind="foi.letter", subkind="normative", steps=steps
        )


def test_cancelling_marks_the_steps_not_reached(editor, agency, posts, normative_chain):
    doc = _normative_draft(editor, agency)
    req = document_submit(actor=editor, document_id=doc.pk)
    review_approve(actor=posts["section_head"], request_id=req.pk)
    review_cancel(actor=editor, request_id=req.pk)
    req = ReviewRequest.objects.get(pk=req.pk)
    assert [s.decision for s in req.steps.all()] == ["approved", "not_reached", "not_reached"]
    assert (req.current_position, req.current_role) == (0, "")
