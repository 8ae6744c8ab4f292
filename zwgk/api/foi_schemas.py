"""Response schemas of the applications API (API.md), so the OpenAPI document shows the case.

The dicts come from `foi.case_json`; these only describe (and check) them. Dates are ISO strings.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ApplicantOut(Schema):
    type: str
    name: str
    contact_person: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str
    postcode: str
    masked: bool  # true outside the handling agency: the values above are masked


class RequestOut(Schema):
    title: str
    doc_no: str
    description: str
    purpose: str
    form: str
    delivery: str


class ConsultationOut(Schema):
    id: int
    party: str
    kind: str
    started_on: str | None
    ended_on: str | None
    answer_due_on: str | None


class FeeOut(Schema):
    basis: str
    quantity: int
    amount_yuan: str
    already_counted: int
    sent_on: str | None
    paid_on: str | None
    due_on: str | None


class NoticeOut(Schema):
    notice: str  # correction_notice | fee_notice | reasons_notice
    sent_on: str | None
    sent_by: str
    delivered_on: str | None
    returned_on: str | None
    delivery: str  # delivered | provisional (posted, not signed for) | returned
    period_ends_on: str | None  # counted from delivery; null while returned undelivered


class AppealOut(Schema):
    kind: str
    filed_on: str | None
    decided_on: str | None
    result: str
    against: int  # 0 the failure to reply, 1 the reply, n + 1 the n-th new reply (RULES §2.10)
    accepted_on: str | None
    procedure: str | None  # ordinary | simplified
    extended_on: str | None


class RereplyOut(Schema):
    on: str | None
    outcome: str


class CaseAttachmentOut(Schema):
    id: int
    name: str
    size: int


class EventOut(Schema):
    seq: int
    type: str
    label: str
    on: str | None
    payload: dict[str, Any]
    note: str
    actor: str | None
    created_at: str
    attachments: list[CaseAttachmentOut]


class LetterOut(Schema):
    id: int
    kind: str
    outcome: str | None
    state: str
    docx_url: str
    pdf_url: str | None


class CaseOut(Schema):
    id: int
    tracking_code: str
    organization: str
    channel: str
    state: str
    state_label: str
    submitted_on: str | None
    received_on: str | None
    due_on: str | None
    due_provisional: bool
    workdays_left: int | None
    paused: bool
    correction_notice_due_on: str | None
    correction_period_ends_on: str | None
    outcome: str | None
    outcome_label: str | None
    closed_on: str | None
    handler: str | None
    imported: bool
    applicant: ApplicantOut
    request: RequestOut
    consultations: list[ConsultationOut]
    fee: FeeOut | None
    notices: list[NoticeOut] = []
    deadline_set: bool = False  # due_on is the Art. 35 date set by the office head
    rereplies: list[RereplyOut]
    appeals: list[AppealOut]
    events: list[EventOut]
    available_events: list[str]
    letters: list[LetterOut]
    # Issue 19 item 10: the reply letter is in sign-off; the case is open until it is issued.
    reply_awaiting_signoff: bool = False


class CaseWithConsultationOut(CaseOut):
    consultation_id: int | None = None  # set when the appended event started a consultation
