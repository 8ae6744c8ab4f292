"""Included under /staff/registries/ in the backoffice namespace (backoffice:registries_*)."""

from django.urls import path

from zwgk.backoffice import registries_reference_views as reference
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
    path("areas/", reference.areas_page, name="registries_areas"),
    path("areas/<slug:code>/", reference.area_page, name="registries_area"),
    path("plan-types/", reference.plan_types_page, name="registries_plan_types"),
    path("plan-types/<slug:code>/", reference.plan_type_page, name="registries_plan_type"),
    path("negative-list/", reference.negative_editions, name="registries_negative_editions"),
    path("negative-list/<int:pk>/", reference.negative_edition, name="registries_negative_edition"),
    path("emergency/<slug:code>/plans/<int:pk>/", views.plan_page, name="registries_plan"),
]
