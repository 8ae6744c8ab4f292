"""Response headers every page and API answer gets (issue 21.7, decision 0019).

- A Content-Security-Policy on every HTML page: scripts, styles, fonts and images only from
  this site (the vendored files under /static/); no inline script or event handler, no
  <style> element, no framing, forms posting only here. Behaviour lives in static .js files,
  looks in static .css files.
- `Cache-Control: no-store` on answers a shared or browser cache must not keep: the back
  office, the staff API, tracking lookups, and anything answered to a logged-in user or to a
  token.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Style attributes only (never <style> elements): document bodies keep text-align and
    # text-indent, the two properties the sanitiser lets through (catalog.html); an attribute
    # cannot hold a selector, so it cannot read the page the way injected CSS rules can.
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Personal data or secrets (tracking codes, letters) behind these prefixes, whoever asks.
PRIVATE_PREFIXES = (
    "/staff/",
    "/django-admin/",
    "/api/v1/staff/",
    "/api/v1/reports/",
    "/api/v1/applications",
    "/track/",
    "/apply/",
)


def policy_header(policy: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def is_private(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith(PRIVATE_PREFIXES) or (path.startswith("/api/") and "/track/" in path):
        return True
    if "Authorization" in request.headers:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = policy_header(
            getattr(settings, "ZWGK_CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", self.policy)
        if is_private(request):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response
