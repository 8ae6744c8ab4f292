from django.http import JsonResponse
from django.shortcuts import render


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": "未找到。", "fields": {}}}, status=404)
    return render(request, "portal/404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "服务器内部错误。", "fields": {}}}, status=500
        )
    return render(request, "portal/500.html", status=500)
