"""Included under /staff/knowledge/ in the backoffice namespace (backoffice:knowledge_*)."""

from django.urls import path

from zwgk.backoffice import knowledge_views as views

urlpatterns = [
    path("", views.entry_list, name="knowledge_entries"),
    path("new/", views.entry_new, name="knowledge_entry_new"),
    path("calls/new/", views.call_new, name="knowledge_call_new"),
    path("statistics/", views.statistics, name="knowledge_statistics"),
    path("<int:pk>/", views.entry_detail, name="knowledge_entry"),
    path("<int:pk>/<slug:action>/", views.entry_action, name="knowledge_entry_action"),
]
