"""The one outbound HTTP client of the platform (STYLE §8: no outbound HTTP outside it).

Every request goes through `OutboundClient.fetch`, which:

- resolves names itself (A and AAAA separately), so a caller can force IPv4 or IPv6 per request
  and an operator can pin a name to addresses like curl's ``--resolve HOST:PORT:ADDR[,ADDR…]``;
- checks every hop (redirects are followed here, not by httpx) against the SSRF guard: the host
  must be allowed and the address public, unless the deployment allows private addresses or the
  operator pinned the address;
- connects to the IP literal with the ``Host`` header (and the TLS SNI name) set to the real
  host, reusing connections per (host, address);
- bounds time (connect, read, total), body size and redirects, and is polite per host
  (concurrency and minimum interval between request starts).

No Django imports: the monitoring engine uses it from plain asyncio code and tests.
"""

from zwgk.core.http.addresses import (
    Family,
    Guard,
    IPAddress,
    embedded_ipv4,
    family_of,
    ip_literal,
    is_public_address,
    normalize_host,
    parse_address,
)
from zwgk.core.http.client import (
    PAGE_OPEN_TIMEOUT_S,
    REDIRECT_STATUSES,
    USER_AGENT,
    BodyMode,
    FetchError,
    FetchResult,
    HttpSettings,
    OutboundClient,
    decode_body,
    is_html_type,
)
from zwgk.core.http.names import DnsResolver, Pins, Resolution, Resolver, StaticResolver, SystemResolver
from zwgk.core.http.politeness import HostLimiter
from zwgk.core.http.transport import PooledTransport

__all__ = [
    "PAGE_OPEN_TIMEOUT_S",
    "REDIRECT_STATUSES",
    "USER_AGENT",
    "BodyMode",
    "DnsResolver",
    "Family",
    "FetchError",
    "FetchResult",
    "Guard",
    "HostLimiter",
    "HttpSettings",
    "IPAddress",
    "OutboundClient",
    "Pins",
    "PooledTransport",
    "Resolution",
    "Resolver",
    "StaticResolver",
    "SystemResolver",
    "decode_body",
    "embedded_ipv4",
    "family_of",
    "ip_literal",
    "is_html_type",
    "is_public_address",
    "normalize_host",
    "parse_address",
]
