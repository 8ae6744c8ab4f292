"""Included under /staff/newmedia/ in the backoffice namespace (backoffice:newmedia_*)."""

from django.urls import path

from zwgk.backoffice import newmedia_views as views

urlpatterns = [
    path("", views.account_list, name="newmedia_accounts"),
    path("new/", views.account_new, name="newmedia_account_new"),
    path("<int:pk>/", views.account_detail, name="newmedia_account"),
    path("<int:pk>/posts.xlsx", views.account_posts, name="newmedia_account_posts"),
]
