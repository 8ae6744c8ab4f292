"""Telling the applicant that a letter was issued, with the letter attached (RULES §2; issue 6).

Goes through `foi.notifications`: every configured channel gets the notice; the e-mail channel
gets the .docx (and the PDF when one was rendered) attached. The deadline-extended and
reply-made notices themselves are sent by `foi.applicant_notices` when the event is recorded;
this one follows when the signed letter goes out.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.urls import reverse

from zwgk.casework.letters import letter_docx
from zwgk.casework.models import Letter, LetterState
from zwgk.core.links import public_url
from zwgk.core.workdays import provisional_text
from zwgk.foi.notifications import EmailNotifier, Notice, notifiers

logger = logging.getLogger(__name__)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def compose(letter: Letter) -> Notice:
    a = letter.application
    track = public_url(reverse("portal:foi_track"))
    label = letter.kind_enum.label
    subject = f"{a.organization.name}{label}（查询码 {a.tracking_code}）"
    body = (
        f"{a.organization.name}已向您发出{label}（查询码 {a.tracking_code}），文书见附件。\n"
        f"您也可以凭查询码在 {track} 查看和下载。"
    )
    if a.due_on and a.is_open:
        body += f"\n当前答复期限：{provisional_text(f'{a.due_on:%Y年%m月%d日}', a.due_provisional)}。"
    return Notice(subject=subject, body=body, email=a.email, phone=a.phone)


def _email_with_letter(letter: Letter, notice: Notice) -> bool:
    if not notice.email:
        return False
    message = EmailMessage(notice.subject, notice.body, None, [notice.email])
    message.attach(f"{letter.title}.docx", letter_docx(letter), DOCX_TYPE)
    if letter.pdf:
        with letter.pdf.open("rb") as f:
            message.attach(f"{letter.title}.pdf", f.read(), "application/pdf")
    message.send()
    return True


def letter_issued_notify(letter_id: int) -> int:
    letter = Letter.objects.select_related("application__organization").filter(pk=letter_id).first()
    if letter is None or letter.state != LetterState.ISSUED or not letter.kind_enum.to_applicant:
        return 0
    notice = compose(letter)
    sent = 0
    for notifier in notifiers():
        try:
            if isinstance(notifier, EmailNotifier):
                sent += _email_with_letter(letter, notice)
            else:
                sent += bool(notifier.send(notice))
        except Exception:
            # The channel, never the notice: it holds the applicant's address.
            logger.exception("letter notice failed via %s", type(notifier).__name__)
    return sent
