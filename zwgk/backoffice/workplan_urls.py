"""Included under /staff/workplan/ in the backoffice namespace (backoffice:workplan_*)."""

from django.urls import path

from zwgk.backoffice import workplan_views as views

urlpatterns = [
    path("", views.overview, name="workplan_overview"),
    path("import/", views.arrangement_import, name="workplan_import"),
    path("<int:plan_id>/", views.overview, name="workplan_plan"),
    path("<int:plan_id>/matrix/", views.matrix, name="workplan_matrix"),
    path("<int:plan_id>/tasks/", views.task_list, name="workplan_tasks"),
    path("tasks/<int:task_id>/", views.task_detail, name="workplan_task"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="workplan_evidence"),
]
