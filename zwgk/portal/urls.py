from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_control

from zwgk.portal import (
    casework_views,
    catalog_views,
    complaint_views,
    feeds,
    foi_views,
    guide_views,
    knowledge_views,
    participation_views,
    registry_views,
    report_views,
    search_views,
    services_views,
    subscription_views,
    views,
)
from zwgk.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("rss/", cache_control(public=True, max_age=300)(feeds.SiteFeed()), name="site_rss"),
    path("atom/", cache_control(public=True, max_age=300)(feeds.SiteAtomFeed()), name="site_atom"),
    path("organizations/", views.organization_directory, name="organizations"),
    path("public-services/", views.public_services, name="public_services"),
    path("public-services/complain/", complaint_views.complaint_new, name="complaint_new"),
    path("complaints/<str:token>/", complaint_views.complaint_status, name="complaint_status"),
    path("accessibility/", views.accessibility, name="accessibility"),
    # Registries (issue 22): standard catalogues, power lists, the negative list.
    path("registries/", registry_views.registries_home, name="registries"),
    path(
        "registries/catalogues/common/", registry_views.common_catalogue, name="registries_common_catalogue"
    ),
    path("registries/catalogues/<slug:code>/", registry_views.catalogue, name="registries_catalogue"),
    path("registries/powers/", registry_views.power_search, name="registries_power_search"),
    path("registries/powers/<slug:code>/", registry_views.power_list, name="registries_power_list"),
    path("registries/negative-list/", registry_views.negative_list, name="registries_negative_list"),
    path("registries/emergency-plans/", registry_views.emergency_plans, name="registries_emergency_plans"),
    path("registries/training/", registry_views.training_year, name="registries_training"),
    path("apply/", foi_views.apply, name="foi_apply"),
    path("apply/submitted/", foi_views.submitted, name="foi_submitted"),
    path("track/", foi_views.track, name="foi_track"),
    path("track/letters/<str:token>/", casework_views.tracked_letter, name="casework_letter"),
    path("cases/", casework_views.case_list, name="casework_cases"),
    path("cases/<int:pk>/", casework_views.case_detail, name="casework_case"),
    path("search/", search_views.search, name="search"),
    path("qa/", knowledge_views.qa_search, name="qa_search"),
    # Service transparency (issue 24): guides, 一件事 packages, progress lookup.
    path("services/", services_views.guide_list, name="service_guides"),
    path("services/guides/<int:pk>/", services_views.guide_detail, name="service_guide"),
    path("services/packages/<slug:code>/", services_views.package_detail, name="service_package"),
    path("services/progress/", services_views.progress_lookup, name="service_progress"),
    path("services/files/<int:pk>/", services_views.material_file, name="service_material_file"),
    # Public participation (issue 23).
    path("interaction/", participation_views.message_list, name="participation_messages"),
    path("interaction/<int:pk>/", participation_views.message_detail, name="participation_message"),
    path("interaction/write/", participation_views.message_new, name="participation_message_new"),
    path(
        "interaction/submitted/",
        participation_views.message_submitted,
        name="participation_message_submitted",
    ),
    path("interaction/track/", participation_views.message_track, name="participation_message_track"),
    path("consultations/", participation_views.consultation_list, name="participation_consultations"),
    path(
        "consultations/<int:pk>/", participation_views.consultation_detail, name="participation_consultation"
    ),
    path("meetings/", participation_views.meeting_list, name="participation_meetings"),
    path("meetings/<int:pk>/", participation_views.meeting_detail, name="participation_meeting"),
    path(
        "meetings/<int:pk>/withdraw/",
        participation_views.meeting_withdraw,
        name="participation_meeting_withdraw",
    ),
    path("interviews/", participation_views.interview_list, name="participation_interviews"),
    path("interviews/<int:pk>/", participation_views.interview_detail, name="participation_interview"),
    path(
        "interviews/<int:pk>/answers/",
        participation_views.interview_answers,
        name="participation_interview_answers",
    ),
    path("decisions/", participation_views.decision_list, name="participation_decisions"),
    # Published annual reports (issue 7).
    path("reports/annual/", report_views.annual_report_list, name="annual_reports"),
    path("reports/annual/<slug:code>/<int:year>/", report_views.annual_report_page, name="annual_report"),
    path(
        "reports/annual/<slug:code>/<int:year>/report.<str:fmt>",
        report_views.annual_report_file,
        name="annual_report_file",
    ),
    # The resource library (issue 3): agencies, columns, documents, guides, feeds, sitemap.
    path("org/<slug:code>/", catalog_views.agency_detail, name="agency_detail"),
    path("org/<slug:code>/guide/", guide_views.agency_guide, name="agency_guide"),
    path("org/<slug:code>/catalogue/", guide_views.agency_catalogue, name="agency_catalogue"),
    path(
        "org/<slug:code>/rss/", cache_control(public=True, max_age=300)(feeds.AgencyFeed()), name="agency_rss"
    ),
    path(
        "org/<slug:code>/atom/",
        cache_control(public=True, max_age=300)(feeds.AgencyAtomFeed()),
        name="agency_atom",
    ),
    path("column/<str:key>/", catalog_views.column_detail, name="column_detail"),
    path(
        "column/<str:key>/rss/",
        cache_control(public=True, max_age=300)(feeds.ColumnFeed()),
        name="column_rss",
    ),
    path(
        "column/<str:key>/atom/",
        cache_control(public=True, max_age=300)(feeds.ColumnAtomFeed()),
        name="column_atom",
    ),
    path("documents/<int:pk>/", catalog_views.document_detail, name="document_detail"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/",
        catalog_views.attachment_download,
        name="attachment_download",
    ),
    path("rules/", catalog_views.lifecycle_list, name="lifecycle_list"),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(public=True, max_age=3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("subscribe/", subscription_views.subscribe, name="subscribe"),
    path("subscribe/sent/", subscription_views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", subscription_views.confirm, name="subscription_confirm"),
    path(
        "subscribe/unsubscribe/<str:token>/", subscription_views.unsubscribe, name="subscription_unsubscribe"
    ),
]
