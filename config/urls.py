from django.contrib import admin
from django.urls import include, path

from zwgk.api.api import api
from zwgk.backoffice.forms import AdminLoginForm

admin.site.site_header = "zwgk 平台管理（参考数据）"
admin.site.site_title = "zwgk 平台管理"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("api/v1/", api.urls),
    path("staff/", include("zwgk.backoffice.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("zwgk.portal.urls")),
]

handler404 = "zwgk.portal.errors.not_found"
handler500 = "zwgk.portal.errors.server_error"
