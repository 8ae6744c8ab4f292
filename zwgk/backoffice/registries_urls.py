"""Included under /staff/registries/ in the backoffice namespace (backoffice:registries_*)."""

from django.urls import path

from zwgk.backoffice import registries_views as views

urlpatterns = [
    path("", views.registries_index, name="registries"),
    path("catalogues/template.xlsx", views.catalogue_template, name="registries_catalogue_template"),
    path("catalogues/<slug:code>/", views.catalogue_page, name="registries_catalogue"),
    path("catalogues/<slug:code>/export.xlsx", views.catalogue_export, name="registries_catalogue_export"),
    path("powers/template.xlsx", views.power_template, name="registries_power_template"),
    path("powers/<slug:code>/", views.power_page, name="registries_powers"),
    path("powers/<slug:code>/export.xlsx", views.power_export, name="registries_power_export"),
    path("emergency/", views.emergency_overview, name="registries_emergency"),
    path("emergency/<slug:code>/", views.emergency_unit, name="registries_emergency_unit"),
    path("training/<slug:code>/", views.training_page, name="registries_training"),
]
