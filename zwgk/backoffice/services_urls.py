"""Included under /staff/services/ in the backoffice namespace (backoffice:services_*)."""

from django.urls import path

from zwgk.backoffice import services_views as views

urlpatterns = [
    path("", views.guide_list, name="services_guides"),
    path("new/", views.guide_new, name="services_guide_new"),
    path("<int:pk>/", views.guide_detail, name="services_guide"),
    path("<int:pk>/edit/", views.guide_edit, name="services_guide_edit"),
    path("<int:pk>/submit/", views.guide_submit, name="services_guide_submit"),
    path("<int:pk>/withdraw/", views.guide_withdraw, name="services_guide_withdraw"),
    path("<int:pk>/files/", views.guide_file_upload, name="services_guide_file_upload"),
    path("packages/", views.package_list, name="services_packages"),
    path("packages/new/", views.package_edit, name="services_package_new"),
    path("packages/<slug:code>/", views.package_edit, name="services_package"),
    path("versions/<int:pk>/", views.version_redirect, name="services_version"),
]
