"""Included under /staff/foi/ in the backoffice namespace (backoffice:foi_*)."""

from django.urls import path

from zwgk.backoffice import foi_views as views

urlpatterns = [
    path("", views.workbench, name="foi_workbench"),
    path("register/", views.register, name="foi_register"),
    path("<int:pk>/", views.case_detail, name="foi_case"),
    path("<int:pk>/events/<slug:event_type>/", views.case_event, name="foi_event"),
    path("<int:pk>/handler/", views.case_handler, name="foi_handler"),
    path("files/<int:pk>/", views.attachment_download, name="foi_file"),
]
