"""Resource-library pages, included into the back office's namespace by zwgk/backoffice/urls.py."""

from django.urls import path

from zwgk.backoffice import catalog_views as v
from zwgk.backoffice import column_views as cv

urlpatterns = [
    path("documents/", v.document_list, name="catalog_documents"),
    path("documents/new/", v.document_new, name="catalog_document_new"),
    path("documents/lookup/", v.document_lookup, name="catalog_document_lookup"),
    path("documents/<int:pk>/", v.document_detail, name="catalog_document"),
    path("documents/<int:pk>/edit/", v.document_edit, name="catalog_document_edit"),
    path("documents/<int:pk>/submit/", v.document_submit_view, name="catalog_document_submit"),
    path("documents/<int:pk>/publish/", v.document_publish_view, name="catalog_document_publish"),
    path("documents/<int:pk>/withdraw/", v.document_withdraw_view, name="catalog_document_withdraw"),
    path("documents/<int:pk>/attachments/", v.attachment_upload, name="catalog_attachment_upload"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/delete/",
        v.attachment_delete,
        name="catalog_attachment_delete",
    ),
    path("attachments/<int:attachment_id>/", v.attachment_download, name="catalog_attachment_download"),
    path("documents/<int:pk>/lifecycle/", v.lifecycle_add, name="catalog_lifecycle_add"),
    path("documents/<int:pk>/interpretation/", v.interpretation_link, name="catalog_interpretation_link"),
    path("documents/<int:pk>/columns/", v.placement_add, name="catalog_placement_add"),
    path(
        "documents/<int:pk>/columns/<int:column_id>/remove/",
        v.placement_remove,
        name="catalog_placement_remove",
    ),
    path("review/", v.review_queue, name="review_queue"),
    path("review/<int:request_id>/decide/", v.review_decide, name="review_decide"),
    path("compliance/", v.compliance, name="catalog_compliance"),
    path("columns/", cv.column_list, name="catalog_columns"),
    path("columns/new/", cv.column_new, name="catalog_column_new"),
    path("columns/<int:pk>/edit/", cv.column_edit, name="catalog_column_edit"),
    path("columns/<int:pk>/deactivate/", cv.column_deactivate_view, name="catalog_column_deactivate"),
    path("columns/<int:pk>/activate/", cv.column_activate_view, name="catalog_column_activate"),
]
