"""Included under /staff/participation/ in the backoffice namespace (backoffice:participation_*)."""

from django.urls import path

from zwgk.backoffice import participation_views as views

urlpatterns = [
    path("messages/", views.message_list, name="participation_messages"),
    path("messages/<int:pk>/", views.message_detail, name="participation_message"),
    path("messages/statistics/", views.message_statistics, name="participation_statistics"),
    path("messages/channels/", views.channel_list, name="participation_channels"),
    path("messages/words/", views.sensitive_words, name="participation_words"),
    path("consultations/", views.consultation_list, name="participation_consultations"),
    path("consultations/new/", views.consultation_new, name="participation_consultation_new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="participation_consultation"),
    path("meetings/", views.meeting_list, name="participation_meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="participation_meeting"),
    path("interviews/", views.interview_list, name="participation_interviews"),
    path("interviews/<int:pk>/", views.interview_detail, name="participation_interview"),
    path("decisions/", views.decision_list, name="participation_decisions"),
]
