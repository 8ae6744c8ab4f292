"""Background work of letters: PDF rendering (slow: LibreOffice) and the applicant's e-mail."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task()
def render_letter_pdf(letter_id: int) -> bool:
    """Render an issued letter's PDF where the machine can (documents.pdf_renderer)."""
    from django.core.files.base import ContentFile

    from zwgk.casework.documents import docx_to_pdf, pdf_renderer
    from zwgk.casework.letters import letter_docx
    from zwgk.casework.models import Letter, LetterState

    if pdf_renderer() is None:
        return False
    letter = Letter.objects.select_related("application__organization").filter(pk=letter_id).first()
    if letter is None or letter.state != LetterState.ISSUED or letter.pdf:
        return False
    pdf = docx_to_pdf(letter_docx(letter))
    if pdf is None:
        return False
    letter.pdf.save(f"letter-{letter.pk}.pdf", ContentFile(pdf), save=False)
    Letter.objects.filter(pk=letter.pk).update(pdf=letter.pdf.name)
    return True


@task(takes_context=True)
def notify_letter_issued(context: TaskContext, letter_id: int) -> int:
    """E-mail the issued letter; once per enqueue, even when a lost worker's task runs again."""
    from zwgk.casework.notices import letter_issued_notify
    from zwgk.core.task_effects import effect_once

    return effect_once(
        key=f"casework.notify_letter_issued:{context.task_result.id}",
        effect=lambda: letter_issued_notify(letter_id),
    )
