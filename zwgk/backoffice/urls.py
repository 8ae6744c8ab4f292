from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from zwgk.backoffice import assessment_views, completeness_views, profile_views, supervision_views, views

app_name = "backoffice"

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="backoffice/password_change.html",
            success_url=reverse_lazy("backoffice:password_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="backoffice/password_done.html"),
        name="password_done",
    ),
    path("", views.dashboard, name="dashboard"),
    path("leaders/", views.leaders, name="leaders"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("audit/", views.audit_log, name="audit"),
    path("supervision/", supervision_views.supervision_dashboard, name="supervision"),
    path("assessment/", assessment_views.assessment_page, name="assessment"),
    path("assessment/export.xlsx", assessment_views.assessment_export, name="assessment_export"),
    path("profiles/", profile_views.profile_list, name="agency_profiles"),
    path("profiles/<slug:code>/", profile_views.profile_edit, name="agency_profile"),
    path("completeness/", completeness_views.completeness_report, name="completeness"),
    path("completeness/matrix/", completeness_views.completeness_matrix, name="completeness_matrix"),
    path("assessment/publish/", assessment_views.assessment_publish_view, name="assessment_publish"),
    path("catalog/", include("zwgk.backoffice.catalog_urls")),
    path("workplan/", include("zwgk.backoffice.workplan_urls")),
    path("reports/", include("zwgk.backoffice.reports_urls")),
    path("monitoring/", include("zwgk.backoffice.monitoring_urls")),
    path("foi/", include("zwgk.backoffice.foi_urls")),
    path("casework/", include("zwgk.backoffice.casework_urls")),
    path("directory/", include("zwgk.backoffice.directory_urls")),
    path("knowledge/", include("zwgk.backoffice.knowledge_urls")),
    path("newmedia/", include("zwgk.backoffice.newmedia_urls")),
    path("signoff/", include("zwgk.backoffice.review_urls")),
    path("services/", include("zwgk.backoffice.services_urls")),
]
