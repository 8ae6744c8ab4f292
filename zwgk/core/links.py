"""Links in mail sent without a request (notices, reminders, digests): the portal's public
address (`ZWGK_PUBLIC_URL`; in demo mode the demo's own) and a path of this site."""

from __future__ import annotations

from django.conf import settings


def public_base_url() -> str:
    return str(settings.ZWGK_PUBLIC_URL).rstrip("/")


def public_url(path: str) -> str:
    """`path` (from `reverse`, starting with /) as an absolute link."""
    return public_base_url() + path
