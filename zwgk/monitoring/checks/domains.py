"""Registrable domains: what "internal link" means (same registrable domain as the site).

A simple rule instead of the full Public Suffix List: the last two labels, or the last three
when the second-level label is a Chinese or generic second-level domain (``dl.gov.cn``,
``example.com.cn``, ``gov.hk``). It is wrong for a few private suffixes (``github.io``), which
government sites do not use.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Second-level labels under a country code that are not registrable on their own.
GENERIC_SLDS = frozenset({"gov", "com", "org", "edu", "net", "ac", "mil", "co"})
# CNNIC's provincial second-level domains (``bj.cn`` …): ``example.ln.cn`` is registrable.
CN_PROVINCE_SLDS = frozenset(
    {
        "bj", "sh", "tj", "cq", "he", "sx", "nm", "ln", "jl", "hl", "js", "zj", "ah", "fj", "jx", "sd",
        "ha", "hb", "hn", "gd", "gx", "hi", "sc", "gz", "yn", "xz", "sn", "gs", "qh", "nx", "xj", "tw",
        "hk", "mo",
    }
)  # fmt: skip


def registrable_domain(host: str) -> str:
    """``www.dl.gov.cn`` → ``dl.gov.cn``; ``news.gov-a.test`` → ``gov-a.test``; IPs stay as they are."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) <= 2:
        return host
    tld, sld = labels[-1], labels[-2]
    private_sld = len(tld) == 2 and (sld in GENERIC_SLDS or (tld == "cn" and sld in CN_PROVINCE_SLDS))
    return ".".join(labels[-3:] if private_sld else labels[-2:])


def url_domain(url: str) -> str:
    """The registrable domain of a URL's host ("" when the URL has none)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return registrable_domain(host) if host else ""


def same_site(url: str, site_domain: str) -> bool:
    return url_domain(url) == site_domain
