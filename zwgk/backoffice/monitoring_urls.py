"""Website monitoring, included under /staff/monitoring/ in the backoffice namespace."""

from django.urls import path

from zwgk.backoffice import monitoring_views as v

urlpatterns = [
    path("", v.dashboard, name="monitoring_dashboard"),
    path("sites/new/", v.site_new, name="monitoring_site_new"),
    path("sites/<int:pk>/", v.site_detail, name="monitoring_site"),
    path("sites/<int:pk>/edit/", v.site_edit, name="monitoring_site_edit"),
    path("sites/<int:pk>/run/", v.site_run, name="monitoring_site_run"),
    path("sites/<int:pk>/columns/new/", v.column_save, name="monitoring_column_new"),
    path("sites/<int:pk>/columns/<int:column_id>/", v.column_save, name="monitoring_column_edit"),
    path("sites/<int:pk>/columns/<int:column_id>/delete/", v.column_delete, name="monitoring_column_delete"),
    path("sites/<int:pk>/harvest/", v.harvest_new, name="monitoring_harvest_new"),
    path("rounds/<int:pk>/", v.round_detail, name="monitoring_round"),
    path("rounds/<int:pk>/progress.json", v.round_progress, name="monitoring_round_progress"),
    path("harvests/<int:pk>/", v.harvest_detail, name="monitoring_harvest"),
]
