from django.urls import path

from zwgk.portal import search_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_directory, name="organizations"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("search/", search_views.search, name="search"),
]
