"""Blank forms and samples of a guide's materials as uploaded files (issue 24.1, item 4 of the
leftovers): checked exactly like catalogue attachments (`catalog.attachments.check_upload`: type
sniffed from the bytes, the size cap, the scan hook) and stored under a name derived from the
content. A file is served to the public only while a published version's material points at it.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files import File
from django.db import transaction

from zwgk.catalog.attachments import check_upload
from zwgk.core import audit
from zwgk.services.guides import access_guide, check_edit
from zwgk.services.models import MaterialFile


def material_file_upload(
    *, actor: Any, guide_id: int, fileobj: IO[bytes], original_name: str
) -> MaterialFile:
    checked = check_upload(fileobj, original_name)
    with transaction.atomic():
        guide = access_guide(actor, guide_id, for_update=True)
        check_edit(actor, guide.organization)
        row = MaterialFile(
            guide=guide,
            original_name=original_name[-255:] or checked.safe_name,
            file_type=checked.file_type,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            scan_status=checked.scan.status,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        fileobj.seek(0)
        # The uploader's file name never reaches the disk.
        row.file.save(checked.safe_name, File(fileobj), save=False)
        row.save()
        audit.record(
            actor=actor,
            verb="services.material_file.upload",
            target=guide,
            organization_code=guide.organization.code,
            data={"file": row.pk, "name": row.original_name, "type": row.file_type, "size": row.size},
        )
    return row
