"""Included under /staff/reports/ in the backoffice namespace (backoffice:report_*)."""

from django.urls import path

from zwgk.backoffice import reports_views as views

urlpatterns = [
    path("annual/", views.annual, name="report_annual"),
    path("annual/import/", views.part2_import, name="report_part2_import"),
    path("annual/import/template.xlsx", views.part2_import_template, name="report_part2_template"),
    path("annual/<slug:code>/<int:year>/part2/", views.part2_save, name="report_part2_save"),
    path("annual/<slug:code>/<int:year>/texts/", views.texts_save, name="report_texts_save"),
    path("annual/<slug:code>/<int:year>/publish/", views.publish, name="report_publish"),
    path("annual/<slug:code>/<int:year>/scope/", views.scope_save, name="report_scope_save"),
    path("annual/<slug:code>/<int:year>/draft.<str:fmt>", views.draft_file, name="report_draft_file"),
]
