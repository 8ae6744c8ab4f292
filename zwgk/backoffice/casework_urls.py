"""Included under /staff/casework/ in the backoffice namespace (backoffice:casework_*)."""

from django.urls import path

from zwgk.backoffice import casework_views as views

urlpatterns = [
    path("cases/<int:pk>/", views.case_casework, name="casework_case"),
    path("cases/<int:pk>/letters/new/", views.letter_new, name="casework_letter_new"),
    path("cases/<int:pk>/appeals/new/", views.appeal_new, name="casework_appeal_new"),
    path("cases/<int:pk>/library/", views.library_new, name="casework_library_new"),
    path("cases/<int:pk>/convert/", views.convert_case, name="casework_convert"),
    path("letters/<int:pk>/", views.letter_detail, name="casework_letter"),
    path("letters/<int:pk>/do/<slug:action>/", views.letter_action, name="casework_letter_action"),
    path("letters/<int:pk>/file.<str:fmt>", views.letter_file, name="casework_letter_file"),
    path("templates/", views.template_list, name="casework_templates"),
    path("templates/<slug:kind>/", views.template_edit, name="casework_template"),
    path("templates/<slug:kind>/<str:variant>/", views.template_edit, name="casework_template_variant"),
    path("appeals/", views.appeal_list, name="casework_appeals"),
    path("cases/<int:pk>/joint-studies/new/", views.joint_study_new, name="casework_joint_study_new"),
    path("joint-studies/", views.joint_study_list, name="casework_joint_studies"),
    path("joint-studies/<int:pk>/", views.joint_study_detail, name="casework_joint_study"),
    path("appeals/<int:pk>/", views.appeal_detail, name="casework_appeal"),
    path("appeals/files/<int:pk>/", views.appeal_document, name="casework_appeal_file"),
    path("library/", views.library_list, name="casework_library"),
    path("library/<int:pk>/", views.library_case, name="casework_library_case"),
    path("conversion/", views.conversion_groups, name="casework_groups"),
    path("conversion/<int:pk>/<slug:action>/", views.group_action, name="casework_group_action"),
]
