from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from zwgk.api.api import api
from zwgk.backoffice.forms import AdminLoginForm

# The platform's name with the city, as on every other page (issue 20 item 8).
admin.site.site_header = f"{settings.ZWGK_SITE['city']}政务公开平台管理（参考数据）"
admin.site.site_title = f"{settings.ZWGK_SITE['city']}政务公开平台管理"
admin.site.index_title = "参考数据管理"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("api/v1/", api.urls),
    path("staff/", include("zwgk.backoffice.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("zwgk.portal.urls")),
]

if settings.BENCH_HELLO:
    from django.http import HttpResponse

    # The same gunicorn, workers and middleware as the pages, and nothing else (bench/load.py).
    urlpatterns.insert(0, path("bench/hello/", lambda request: HttpResponse("hello")))

handler404 = "zwgk.portal.errors.not_found"
handler500 = "zwgk.portal.errors.server_error"
