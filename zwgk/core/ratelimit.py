"""Fixed-window rate limits on public forms and lookups, shared through the cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from zwgk.core.errors import RateLimited


def client_ip(request: HttpRequest) -> str:
    # Behind a trusted proxy the deployment sets ZWGK_TRUST_X_FORWARDED_FOR; otherwise never trust it.
    if getattr(settings, "ZWGK_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(request: HttpRequest, name: str) -> None:
    """Count one request against limit `name` for this client; raise RateLimited over the limit."""
    limit, window = settings.ZWGK_RATE_LIMITS[name]
    bucket = int(time.time() // window)
    key = f"rl:{name}:{client_ip(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window + 5)
            count = 1
    if count > limit:
        raise RateLimited("请求过于频繁，请稍后再试。")
