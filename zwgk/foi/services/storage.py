"""Writing a new case row and its uploaded files, and queueing the applicant's notice after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.foi import tracking_codes
from zwgk.foi.models import Application, ApplicationAttachment, ApplicationEvent
from zwgk.foi.services.inputs import ApplicantData, RequestData, applicant_key
from zwgk.organizations.models import Organization
from zwgk.workplan.evidence import EvidenceRejected, sniffed_upload

_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/ofd": "ofd",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/x-ole-storage": "doc",
}


def _new_application(
    organization: Organization, applicant: ApplicantData, request: RequestData, **fields: Any
) -> Application:
    for _ in range(5):
        application = Application(
            organization=organization,
            tracking_code=tracking_codes.new_code(),
            applicant_type=applicant.type,
            applicant_name=applicant.name,
            contact_person=applicant.contact_person,
            id_type=applicant.id_type,
            id_number=applicant.id_number,
            phone=applicant.phone,
            email=applicant.email,
            address=applicant.address,
            postcode=applicant.postcode,
            applicant_key=applicant_key(applicant),
            title=request.title,
            doc_no=request.doc_no,
            description=request.description,
            purpose=request.purpose,
            info_form=request.info_form,
            delivery=request.delivery,
            **fields,
        )
        try:
            with transaction.atomic():
                application.save()
            return application
        except IntegrityError:
            continue  # a tracking-code collision (1 in 2^60): draw again
    raise Conflict("无法生成查询码，请重试。", code="tracking_code_exhausted")


def _store_file(
    application: Application,
    upload: UploadedFile,
    *,
    kind: str,
    event: ApplicationEvent | None = None,
    field_name: str = "file",
) -> ApplicationAttachment:
    try:
        checked = sniffed_upload(upload, max_bytes=settings.ZWGK_UPLOAD_MAX_BYTES)
    except EvidenceRejected as exc:
        raise ValidationFailed(str(exc), code="attachment_rejected", fields={field_name: str(exc)}) from exc
    attachment = ApplicationAttachment(
        application=application,
        event=event,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # A random stored name: an uploaded file name may itself be personal data ("张三身份证.jpg").
    ext = _EXTENSIONS.get(checked.content_type, "bin")
    attachment.file.save(f"{checked.sha256[:16]}-{tracking_codes.new_code()}.{ext}", upload, save=False)
    attachment.save()
    return attachment


def _notify_after_commit(application_id: int, kind: str) -> None:
    from django_tasks_db import DatabaseBackend

    from zwgk.foi.tasks import notify_applicant

    if isinstance(notify_applicant.get_backend(), DatabaseBackend):
        # The queue is a table of this database: queued inside the transaction, the notice exists
        # exactly when the step does, and a worker sees it only after the commit. On commit
        # instead, an outage between the two would answer 503 for a stored application and
        # lose its notice (decision 0022).
        notify_applicant.enqueue(application_id, kind)
    else:
        transaction.on_commit(lambda: notify_applicant.enqueue(application_id, kind))
