"""Letters of a case: generated from the template, edited, signed off, issued (RULES §2.8).

Life of a letter: draft → submitted (a `foi.letter` request of the review engine) → approved →
issued. A letter is issued when it is approved *and* its step is in the timeline (its `event`);
only issued letters reach the applicant (tracking page, e-mail). Returned letters go back to
draft. A reply letter is the exception: its last sign-off records the reply itself, which
closes the case (`casework.replies`, decision 0016). A step event whose letter does not exist
yet generates it (`letter_for_event`, called by the service that appends events); a caller
holding every step of the letter's chain signs it off at once when the letter needs nothing
written in (API.md: "the caller's role decides").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zwgk.casework.documents import LetterLayout, build_docx
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.domain.letter_texts import EVENT_KINDS, LetterKind
from zwgk.casework.domain.scrub import Known, scrub
from zwgk.casework.letter_values import letter_values, office_contact
from zwgk.casework.models import Letter, LetterState, LetterTemplate
from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import EventType
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.foi.selectors import ACT_ROLES, PERSONAL_DATA_ROLES, application_list_for
from zwgk.foi.services.replies import application_reply_signed, reply_check
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_own_role, has_role, organizations_with_role, require_admin
from zwgk.review import registry
from zwgk.review.chains import chain_for
from zwgk.review.models import ReviewRequest
from zwgk.review.services import (
    may_sign_at_once,
    review_approve,
    review_cancel_obsolete,
    review_return,
    review_sign_at_once,
    review_submit,
)

REVIEW_KIND = "foi.letter"
# Who reads the agency's letters: its case staff and every post a sign-off chain may name
# (decision 0016), since signers must read what they sign.
LETTER_ROLES = (
    *PERSONAL_DATA_ROLES,
    Role.SECTION_HEAD,
    Role.DEPUTY_LEADER,
    Role.PRINCIPAL,
    Role.SECRECY_REVIEWER,
)
# The refusal of a `replied` event whose letter is not issued (decision 0016).
REPLY_NEEDS_SIGNOFF = "reply_needs_signoff"
PUBLIC_LINK_SALT = "casework.public-letter"
PUBLIC_LINK_MAX_AGE = 7 * 24 * 3600  # a tracking answer's links stay valid for a week


# --- Templates ---------------------------------------------------------------------------------


def template_current(kind: LetterKind | str, variant: str = "") -> tuple[str, int]:
    """The text in force and its version (0: the built-in text)."""
    row = LetterTemplate.objects.filter(kind=kind, variant=variant).order_by("-version").first()
    if row is not None:
        return row.body, row.version
    return texts.default_text(kind, variant), 0


def template_save(*, actor: Any, kind: str, variant: str, body: str, note: str = "") -> LetterTemplate:
    """A new version of a template (administrators). The text must pass the legal checklist."""
    require_admin(actor)
    if (LetterKind(kind), variant) not in texts.template_keys():
        raise ValidationFailed("没有这种文书模板。", fields={"variant": "未知"})
    body = body.replace("\r\n", "\n").strip()
    problems = texts.check_template(kind, variant, body)
    if problems:
        raise ValidationFailed(
            "模板不符合法定要求：" + "；".join(problems), fields={"body": "；".join(problems)}
        )
    with transaction.atomic():
        _, current = template_current(kind, variant)
        row = LetterTemplate.objects.create(
            kind=kind,
            variant=variant,
            version=current + 1,
            body=body,
            note=note.strip()[:300],
            created_by=actor,
        )
        audit.record(
            actor=actor, verb="casework.template", target=row, data={"kind": kind, "variant": variant}
        )
    return row


# --- Reading -----------------------------------------------------------------------------------


def _may_read(user: Any, application: Application) -> bool:
    # Letters name the applicant: the handling agency's own staff only (like the case's personal data).
    return has_own_role(user, application.organization, *LETTER_ROLES)


def access_letter(user: Any, pk: int, *, for_update: bool = False) -> Letter:
    qs = Letter.objects.select_related("application__organization", "event")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    # Reviewers sign letters without handling cases: the agency's own letter roles, not READ_ROLES.
    letter = qs.filter(application__organization__in=organizations_with_role(user, *LETTER_ROLES)).get(pk=pk)
    if not _may_read(user, letter.application):
        raise Letter.DoesNotExist
    return letter


def access_case_letter(user: Any, application_id: int, letter_id: int) -> tuple[Letter, bool]:
    """A letter of a case for download, and whether the user gets the full copy (decision 0005).

    Whoever may see the case (`foi.selectors.application_list_for`) may download each letter its
    JSON lists: the agency's own letter roles the letter itself, everyone else (supervisors,
    platform administrators) the copy with the applicant's personal data scrubbed, as the
    tracking page shows it. The agency's reviewers, who sign letters without seeing cases, keep
    their full copy through `access_letter`.
    """
    try:
        letter = access_letter(user, letter_id)
    except Letter.DoesNotExist:
        pass
    else:
        if letter.application_id != application_id:
            raise Letter.DoesNotExist
        return letter, True
    application = application_list_for(user).get(pk=application_id)
    letter = Letter.objects.select_related("application__organization", "event").get(
        pk=letter_id, application=application
    )
    return letter, _may_read(user, application)


def letters_of(application: Application) -> list[Letter]:
    return list(application.letters.select_related("event").order_by("created_at", "id"))


def letters_json(application: Application, *, full: bool = True) -> list[dict[str, Any]]:
    """The API's `letters` field (API.md): {id, kind, outcome, state, docx_url, pdf_url}.

    `full`: the caller may read the letters themselves (`access_case_letter`); for anyone else
    the .docx is the scrubbed copy and there is no PDF (it is rendered from the full text).
    """
    out = []
    for letter in letters_of(application):
        out.append(
            {
                "id": letter.pk,
                "kind": letter.kind,
                "outcome": letter.outcome or None,
                "state": letter.state,
                # API routes: a token works there as well as a staff session.
                "docx_url": reverse("api:application_letter_file", args=[application.pk, letter.pk, "docx"]),
                "pdf_url": reverse("api:application_letter_file", args=[application.pk, letter.pk, "pdf"])
                if letter.pdf and full
                else None,
            }
        )
    return out


def public_text(letter: Letter) -> str:
    """The letter as the tracking page shows it: the applicant's name and any number scrubbed,
    because a tracking code may have been passed on (issue 5: no personal data)."""
    a = letter.application
    known = Known(
        names=(a.applicant_name, a.contact_person),
        others=(a.id_number, a.phone, a.email),
    )
    return scrub(letter.body, known)


def issued_letters_public(application: Application) -> list[dict[str, Any]]:
    """The issued letters addressed to the applicant, for the tracking answer."""
    out = []
    qs = application.letters.filter(state=LetterState.ISSUED).order_by("issued_at", "id")
    for letter in qs:
        if not letter.kind_enum.to_applicant:
            continue
        token = signing.dumps({"l": letter.pk}, salt=PUBLIC_LINK_SALT)
        out.append(
            {
                "kind": letter.kind,
                "label": letter.kind_enum.label,
                "title": letter.title,
                "outcome": letter.outcome or None,
                "letter_date": letter.letter_date.isoformat(),
                "issued_on": timezone.localdate(letter.issued_at).isoformat() if letter.issued_at else None,
                "text": public_text(letter),
                "docx_url": reverse("portal:casework_letter", args=[token]),
            }
        )
    return out


def public_letter(token: str) -> Letter:
    """The issued letter a tracking-page link names; DoesNotExist for bad or stale links."""
    try:
        pk = signing.loads(token, salt=PUBLIC_LINK_SALT, max_age=PUBLIC_LINK_MAX_AGE)["l"]
    except (signing.BadSignature, KeyError, TypeError):
        raise Letter.DoesNotExist from None
    letter = Letter.objects.select_related("application__organization").get(pk=pk, state=LetterState.ISSUED)
    if not letter.kind_enum.to_applicant:
        raise Letter.DoesNotExist
    return letter


def letter_docx(letter: Letter, *, public: bool = False) -> bytes:
    """The .docx: the stored one once issued, else built from the current text."""
    if letter.docx and not public:
        with letter.docx.open("rb") as f:
            return f.read()
    return build_docx(_layout(letter, body=public_text(letter) if public else letter.body))


def _layout(letter: Letter, *, body: str) -> LetterLayout:
    org = letter.application.organization
    return LetterLayout(
        title=letter.title,
        body=body,
        signature=org.name,
        letter_date=letter.letter_date,
        contact=office_contact(org),
    )


# --- Creating ------------------------------------------------------------------------------------


def _fill(
    application: Application,
    kind: LetterKind,
    variant: str,
    event: ApplicationEvent | None,
    today: date,
    extra: dict[str, str] | None,
) -> tuple[str, int]:
    template, version = template_current(kind, variant)
    events = list(application.events.order_by("seq"))
    values = letter_values(
        application,
        kind=kind,
        variant=variant,
        event=event,
        events=events,
        cal=calendar_current(),
        today=today,
        extra=extra,
    )
    return texts.fill(template, values), version


def _variant_for(kind: LetterKind, event: ApplicationEvent | None, variant: str) -> str:
    if event is not None and kind in (LetterKind.REPLY, LetterKind.REREPLY):
        return str(event.payload.get("outcome") or "")
    if event is not None and kind is LetterKind.CONSULTATION_LETTER:
        return str(event.payload.get("kind") or "third_party")
    return variant


def _create(
    application: Application,
    kind: LetterKind,
    *,
    variant: str = "",
    event: ApplicationEvent | None = None,
    actor: Any,
    today: date,
    extra: dict[str, str] | None = None,
) -> Letter:
    variant = _variant_for(kind, event, variant)
    if (kind, variant) not in texts.template_keys():
        raise ValidationFailed("没有适用的文书模板。", code="no_letter_template", fields={"variant": variant})
    body, version = _fill(application, kind, variant, event, today, extra)
    user = actor if getattr(actor, "pk", None) else None
    letter = Letter.objects.create(
        application=application,
        event=event,
        kind=kind,
        variant=variant,
        title=kind.document_title,
        body=body,
        template_version=version,
        letter_date=event.on if event is not None else today,
        created_by=user,
    )
    audit.record(
        actor=actor,
        verb="casework.letter.create",
        target=letter,
        organization_code=application.organization.code,
        data={"application": application.pk, "kind": kind.value, "variant": variant, "template": version},
    )
    return letter


def letter_draft(
    *,
    actor: Any,
    application_id: int,
    kind: str,
    variant: str = "",
    extra: dict[str, str] | None = None,
    today: date | None = None,
) -> Letter:
    """A letter drafted before its step is recorded (a reply prepared ahead, a referral notice)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = application_list_for(actor).select_for_update(of=("self",)).get(pk=application_id)
        if not has_role(actor, application.organization, *ACT_ROLES):
            raise NotPermitted("只有受理机关的依申请经办人或公开工作机构负责人可以起草文书。")
        letter_kind = LetterKind(kind)
        if letter_kind not in (LetterKind.REPLY, LetterKind.REFERRAL_NOTICE):
            raise ValidationFailed(
                "该文书随办理事项自动生成，请先登记相应的办理事项。", code="letter_needs_event"
            )
        return _create(application, letter_kind, variant=variant, actor=actor, today=today, extra=extra)


def letter_for_event(*, application: Application, event: ApplicationEvent, actor: Any) -> Letter | None:
    """The letter of a step event (API.md), inside the caller's transaction.

    An unlinked draft of the same kind (and outcome) is taken over, else one is generated from
    the template. A reviewer of the agency appending the event signs it off at once when nothing
    is left to write in; everyone else's letter waits as a draft for editing and sign-off.
    """
    kind = EVENT_KINDS.get(event.type)
    if kind is None:
        return None
    if Letter.objects.filter(event=event).exists():
        return None
    variant = _variant_for(kind, event, "")
    unlinked = application.letters.select_for_update().filter(kind=kind, variant=variant, event__isnull=True)
    # A signed-off reply whose approval appends this event is the one it belongs to.
    letter = (
        unlinked.filter(state=LetterState.APPROVED).order_by("-id").first()
        or unlinked.order_by("-id").first()
    )
    if letter is not None:
        letter.event = event
        letter.letter_date = event.on
        letter.save(update_fields=["event", "letter_date", "updated_at"])
        if letter.state == LetterState.APPROVED:
            _issue(letter, actor)
        return letter
    letter = _create(application, kind, event=event, actor=actor, today=event.on)
    sign_at_once(letter, actor)
    return letter


def letter_for_appended_event(
    *, application: Application, event: ApplicationEvent, actor: Any
) -> Letter | None:
    """The hook `foi` calls in the transaction of every appended step event: the step's letter,
    and the rule of decision 0016 held where every `replied` event passes: a reply closes its
    case only with its letter issued. A `replied` event whose letter is not issued (the caller
    does not hold every step of the reply chain, or something is left to write in) is refused
    and the whole append undone, so no caller of `application_append_event` closes a case ahead
    of the sign-off; `casework.replies.reply_record` sends such a reply through the chain."""
    if event.type == EventType.WITHDRAWN:
        _withdraw_pending_reply(application, actor)
    letter = letter_for_event(application=application, event=event, actor=actor)
    if event.type == EventType.REPLIED:
        issued = Letter.objects.filter(event=event, state=LetterState.ISSUED).exists()
        if not issued:
            raise Conflict(
                "答复书须经审签签发后才能办结；请登记答复并报审签，签发时自动办结。",
                code=REPLY_NEEDS_SIGNOFF,
            )
    return letter


def _withdraw_pending_reply(application: Application, actor: Any) -> None:
    """A withdrawn case is not replied to: the reply letter waiting for sign-off leaves the
    signers' queues and goes back to draft; its last approval would otherwise try to close a
    closed case."""
    waiting = application.letters.select_for_update().filter(
        kind=LetterKind.REPLY, event__isnull=True, state__in=(LetterState.SUBMITTED, LetterState.APPROVED)
    )
    for letter in waiting:
        req = ReviewRequest.objects.for_target(letter).pending().first()
        if req is not None:
            review_cancel_obsolete(actor=actor, request_id=req.pk, reason="申请人撤回申请，答复书不再签发")
        else:
            letter.state = LetterState.DRAFT
            letter.save(update_fields=["state", "updated_at"])


def sign_at_once(letter: Letter, actor: Any) -> bool:
    """A letter filled in wholly from its template is nobody's draft: a caller holding every
    step of its chain signs it off at once (API.md, decision 0016). Returns whether it did."""
    org = letter.application.organization
    steps = chain_for(org, REVIEW_KIND, letter.kind)
    if texts.markers(letter.body) or not may_sign_at_once(actor, org, steps):
        return False
    _check_ready(letter)
    letter.state = LetterState.SUBMITTED
    letter.save(update_fields=["state", "updated_at"])
    review_sign_at_once(
        actor=actor,
        target=letter,
        organization=org,
        kind=REVIEW_KIND,
        subkind=letter.kind,
        title=_review_title(letter),
        note="办理人为审签人，登记时一并审签",
        comment="登记办理事项时审签",
    )
    letter.refresh_from_db()
    return True


# --- Editing and sign-off ------------------------------------------------------------------------


def _check_may_act(actor: Any, letter: Letter) -> None:
    if not has_role(actor, letter.application.organization, *ACT_ROLES, Role.REVIEWER):
        raise NotPermitted("只有受理机关的经办人、公开工作机构负责人或审签人可以办理文书。")


def letter_update(*, actor: Any, letter_id: int, body: str) -> Letter:
    with transaction.atomic():
        letter = access_letter(actor, letter_id, for_update=True)
        _check_may_act(actor, letter)
        if not letter.editable:
            raise Conflict("文书已报审或已发出，不能修改；退回后可修改。", code="letter_not_editable")
        body = body.replace("\r\n", "\n").strip()
        if not body:
            raise ValidationFailed("正文不能为空。", fields={"body": "必填"})
        before = letter.body
        letter.body = body
        letter.save(update_fields=["body", "updated_at"])
        audit.record(
            actor=actor,
            verb="casework.letter.edit",
            target=letter,
            organization_code=letter.application.organization.code,
            data={"chars_before": len(before), "chars_after": len(body)},
        )
    return letter


def letter_regenerate(*, actor: Any, letter_id: int, today: date | None = None) -> Letter:
    """Refill a draft from the template in force (after the template or the case changed)."""
    with transaction.atomic():
        letter = access_letter(actor, letter_id, for_update=True)
        _check_may_act(actor, letter)
        if not letter.editable:
            raise Conflict("只有草稿可以重新生成。", code="letter_not_editable")
        body, version = _fill(
            letter.application,
            letter.kind_enum,
            letter.variant,
            letter.event,
            today or letter.letter_date,
            None,
        )
        letter.body, letter.template_version = body, version
        letter.save(update_fields=["body", "template_version", "updated_at"])
    return letter


def _check_ready(letter: Letter) -> None:
    problems = texts.markers(letter.body)
    if problems:
        raise ValidationFailed(
            "文书中还有待填写的内容：" + "、".join(problems[:5]),
            code="letter_incomplete",
            fields={"body": "待填写"},
        )
    if letter.kind_enum is LetterKind.REPLY and letter.event_id is None:
        # Its last sign-off will append the `replied` event: refuse now what that would refuse.
        reply_check(letter.application, outcome=letter.variant, on=timezone.localdate())


def _review_title(letter: Letter) -> str:
    return f"{letter.kind_enum.label}（{letter.application.tracking_code}）"


def _submit(letter: Letter, actor: Any, *, note: str = "") -> ReviewRequest:
    _check_ready(letter)
    letter.state = LetterState.SUBMITTED
    letter.save(update_fields=["state", "updated_at"])
    app = letter.application
    return review_submit(
        actor=actor,
        target=letter,
        organization=app.organization,
        kind=REVIEW_KIND,
        title=_review_title(letter),
        note=note,
        # Decision 0016: chains per letter kind; whoever drafted the letter may not sign it.
        subkind=letter.kind,
        author=letter.created_by or (actor if getattr(actor, "pk", None) else None),
    )


def letter_submit(*, actor: Any, letter_id: int, note: str = "") -> Letter:
    with transaction.atomic():
        letter = access_letter(actor, letter_id, for_update=True)
        _check_may_act(actor, letter)
        if not letter.editable:
            raise Conflict("该文书已报审或已发出。", code="letter_not_editable")
        _submit(letter, actor, note=note)
    return letter


def _pending_request(letter: Letter) -> ReviewRequest:
    req = ReviewRequest.objects.for_target(letter).pending().first()
    if req is None:
        raise Conflict("该文书没有待审签的请求。", code="review_not_pending")
    return req


def letter_approve(*, actor: Any, letter_id: int, comment: str = "") -> Letter:
    letter = access_letter(actor, letter_id)
    review_approve(actor=actor, request_id=_pending_request(letter).pk, comment=comment)
    letter.refresh_from_db()
    return letter


def letter_return(*, actor: Any, letter_id: int, comment: str) -> Letter:
    letter = access_letter(actor, letter_id)
    review_return(actor=actor, request_id=_pending_request(letter).pk, comment=comment)
    letter.refresh_from_db()
    return letter


def _issue(letter: Letter, actor: Any) -> None:
    """Store the final file and let the applicant see it; PDF and e-mail after commit."""
    letter.state = LetterState.ISSUED
    letter.issued_at = timezone.now()
    data = build_docx(_layout(letter, body=letter.body))
    letter.docx.save(f"letter-{letter.pk}.docx", ContentFile(data), save=False)
    letter.save(update_fields=["state", "issued_at", "docx", "updated_at"])
    audit.record(
        actor=actor,
        verb="casework.letter.issue",
        target=letter,
        organization_code=letter.application.organization.code,
        data={"application": letter.application_id, "kind": letter.kind},
    )
    from zwgk.casework import tasks

    pk, to_applicant = letter.pk, letter.kind_enum.to_applicant
    transaction.on_commit(lambda: tasks.render_letter_pdf.enqueue(pk))
    if to_applicant:
        transaction.on_commit(lambda: tasks.notify_letter_issued.enqueue(pk))


def _letter_of(req: ReviewRequest) -> Letter:
    return (
        Letter.objects.select_for_update().select_related("application__organization").get(pk=req.object_id)
    )


def _on_approve(req: ReviewRequest, actor: Any) -> None:
    letter = _letter_of(req)
    letter.state = LetterState.APPROVED
    letter.save(update_fields=["state", "updated_at"])
    if letter.event_id is not None:
        _issue(letter, actor)
    elif letter.kind_enum is LetterKind.REPLY:
        # Issue 19 item 10: the reply closes the case when its letter is signed off, dated the
        # day of the last sign-off (its 落款日期); the event's hook links and issues this letter.
        application_reply_signed(
            actor=actor,
            application_id=letter.application_id,
            outcome=letter.variant,
            on=timezone.localdate(),
        )


def _back_to_draft(req: ReviewRequest, actor: Any) -> None:
    letter = _letter_of(req)
    letter.state = LetterState.DRAFT
    letter.save(update_fields=["state", "updated_at"])


def register_review_kinds() -> None:
    registry.register(
        registry.ReviewKind(
            code=REVIEW_KIND,
            label="依申请公开文书",
            on_approve=_on_approve,
            on_return=_back_to_draft,
            on_cancel=_back_to_draft,
            subkinds=tuple((k.value, k.label) for k in LetterKind),
        )
    )


def outcome_label(code: str) -> str:
    outcome = OUTCOMES_BY_CODE.get(code)
    return f"{code} {outcome.label}" if outcome else ""
