import pytest

from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.review import registry
from zwgk.review.models import ReviewRequest
from zwgk.review.selectors import review_queue_for
from zwgk.review.services import review_approve, review_cancel, review_return, review_submit

pytestmark = pytest.mark.django_db

calls: list[tuple[str, int]] = []


def _record_approve(req, actor):
    calls.append(("approve", req.pk))


def _record_return(req, actor):
    calls.append(("return", req.pk))


def _record_cancel(req, actor):
    calls.append(("cancel", req.pk))


registry.register(
    registry.ReviewKind(
        code="test.letter",
        label="测试答复书",
        on_approve=_record_approve,
        on_return=_record_return,
        on_cancel=_record_cancel,
    )
)


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()


def _submit(actor, target, org):
    return review_submit(
        actor=actor, target=target, organization=org, kind="test.letter", title="依申请公开答复书"
    )


def test_approve_runs_the_kinds_hook_and_is_audited(make_staff, agency):
    editor = make_staff(agency, "editor")
    reviewer = make_staff(agency, "reviewer")
    req = _submit(editor, agency, agency)
    assert list(review_queue_for(reviewer)) == [req]
    review_approve(actor=reviewer, request_id=req.pk, comment="同意")
    req.refresh_from_db()
    assert (req.state, req.decided_by, req.comment) == ("approved", reviewer, "同意")
    assert calls == [("approve", req.pk)]
    verbs = AuditEntry.objects.filter(target_type="review.reviewrequest").values_list("verb", flat=True)
    assert sorted(verbs) == ["review.approve", "review.submit"]


def test_editor_cannot_approve(make_staff, agency):
    editor = make_staff(agency, "editor")
    req = _submit(editor, agency, agency)
    with pytest.raises(NotPermitted):
        review_approve(actor=editor, request_id=req.pk)
    assert calls == []


def test_reviewer_of_another_agency_cannot_approve(make_staff, agency, other_agency):
    editor = make_staff(agency, "editor")
    stranger = make_staff(other_agency, "reviewer")
    req = _submit(editor, agency, agency)
    with pytest.raises(NotPermitted):
        review_approve(actor=stranger, request_id=req.pk)
    assert list(review_queue_for(stranger)) == []


def test_self_approval_is_refused_and_the_step_waits_for_another_signer(make_staff, agency):
    signer = make_staff(agency, "editor", "reviewer")
    colleague = make_staff(agency, "reviewer")
    req = _submit(signer, agency, agency)
    assert list(review_queue_for(signer)) == []  # not in the author's own queue
    with pytest.raises(NotPermitted) as exc:
        review_approve(actor=signer, request_id=req.pk)
    assert exc.value.code == "self_approval"
    req.refresh_from_db()
    assert req.state == "pending" and not AuditEntry.objects.filter(verb="review.approve").exists()
    assert list(review_queue_for(colleague)) == [req]
    review_approve(actor=colleague, request_id=req.pk)
    req.refresh_from_db()
    assert req.state == "approved" and req.decided_by == colleague


def test_return_needs_a_comment(make_staff, agency):
    editor = make_staff(agency, "editor")
    reviewer = make_staff(agency, "reviewer")
    req = _submit(editor, agency, agency)
    with pytest.raises(ValidationFailed):
        review_return(actor=reviewer, request_id=req.pk, comment=" ")
    review_return(actor=reviewer, request_id=req.pk, comment="依据条款引用有误")
    assert ReviewRequest.objects.get(pk=req.pk).state == "returned"
    assert calls == [("return", req.pk)]


def test_a_decided_request_cannot_be_decided_again(make_staff, agency):
    editor = make_staff(agency, "editor")
    reviewer = make_staff(agency, "reviewer")
    req = _submit(editor, agency, agency)
    review_approve(actor=reviewer, request_id=req.pk)
    with pytest.raises(Conflict):
        review_return(actor=reviewer, request_id=req.pk, comment="晚了")


def test_only_one_pending_request_per_target(make_staff, agency):
    editor = make_staff(agency, "editor")
    _submit(editor, agency, agency)
    with pytest.raises(Conflict):
        _submit(editor, agency, agency)


def test_submitter_cancels_others_cannot(make_staff, agency):
    editor = make_staff(agency, "editor")
    colleague = make_staff(agency, "editor")
    req = _submit(editor, agency, agency)
    with pytest.raises(NotPermitted):
        review_cancel(actor=colleague, request_id=req.pk)
    review_cancel(actor=editor, request_id=req.pk)
    assert ReviewRequest.objects.get(pk=req.pk).state == "cancelled"
    assert calls == [("cancel", req.pk)]


def test_unregistered_kind_is_refused(make_staff, agency):
    editor = make_staff(agency, "editor")
    with pytest.raises(LookupError):
        review_submit(actor=editor, target=agency, organization=agency, kind="nope", title="x")
