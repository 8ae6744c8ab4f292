"""Included under /staff/directory/ in the backoffice namespace (backoffice:directory_*)."""

from django.urls import path

from zwgk.backoffice import directory_complaint_views as complaint_views
from zwgk.backoffice import directory_views as views

urlpatterns = [
    path("", views.enterprise_list, name="directory_enterprises"),
    path("complaints/", complaint_views.complaint_list, name="directory_complaints"),
    path("complaints/<int:pk>/", complaint_views.complaint_detail, name="directory_complaint"),
    path("sectors/", views.sector_list, name="directory_sectors"),
    path("export.xlsx", views.directory_export, name="directory_export"),
    path("import/", views.directory_import, name="directory_import"),
    path("<slug:code>/", views.enterprise_detail, name="directory_enterprise"),
]
