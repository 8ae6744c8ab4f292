from django.shortcuts import render

from zwgk.core.errors import DomainError


class DomainErrorMiddleware:
    """A domain error escaping a page view becomes a readable page with its status, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            template = "backoffice/error.html" if request.path.startswith("/staff/") else "portal/error.html"
            return render(request, template, {"error": exception}, status=exception.status)
        return None
