import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

# How long a client should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 30


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": "未找到。", "fields": {}}}, status=404)
    return render(request, "portal/404.html", status=404)


def _database_unavailable() -> bool:
    # Django calls handler500 inside its `except`, so the exception is at hand. A lost or refused
    # database connection (a restart, a failover) is the platform being away, not a bug: 503.
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError)


def _unavailable(request) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": {
                    "code": "service_unavailable",
                    "message": "服务暂时不可用（数据库连接中断），请稍后重试。",
                    "fields": {},
                }
            },
            status=503,
        )
    else:
        # No request context: its processors read the database, which is what is missing.
        response = HttpResponse(render_to_string("portal/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    if _database_unavailable():
        return _unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "服务器内部错误。", "fields": {}}}, status=500
        )
    return render(request, "portal/500.html", status=500)
