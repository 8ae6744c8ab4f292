"""Included under /staff/directory/ in the backoffice namespace (backoffice:directory_*)."""

from django.urls import path

from zwgk.backoffice import directory_views as views

urlpatterns = [
    path("", views.enterprise_list, name="directory_enterprises"),
    path("<slug:code>/", views.enterprise_detail, name="directory_enterprise"),
]
