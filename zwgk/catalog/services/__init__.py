"""Every change of the catalogue, one function each (`<entity>_<action>(*, actor, …)`)."""

from zwgk.catalog.services.drafts import (
    attachment_add,
    attachment_remove,
    document_create_draft,
    document_submit,
    document_update_draft,
)
from zwgk.catalog.services.links import (
    column_place,
    column_remove,
    document_link_interpretation,
    document_record_lifecycle,
    document_validity_refresh_due,
)
from zwgk.catalog.services.publishing import (
    PUBLISH_REVIEW_KIND,
    document_import,
    document_publish,
    document_publish_due,
    document_withdraw,
)

__all__ = [
    "PUBLISH_REVIEW_KIND",
    "attachment_add",
    "attachment_remove",
    "column_place",
    "column_remove",
    "document_create_draft",
    "document_import",
    "document_link_interpretation",
    "document_publish",
    "document_publish_due",
    "document_record_lifecycle",
    "document_submit",
    "document_update_draft",
    "document_validity_refresh_due",
    "document_withdraw",
]
