"""Addresses and the SSRF guard: which hosts may be fetched, which addresses connected to."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Family = Literal[4, 6]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str) -> IPAddress:
    """An IP address, accepting the bracketed IPv6 form ``[::1]`` that URLs and curl use."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return ipaddress.ip_address(text)


def ip_literal(text: str) -> IPAddress | None:
    """The address when `text` is an IP literal, else None (cheaply, for the common name case)."""
    if ":" not in text and not text.replace(".", "").isdigit():
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def family_of(addr: IPAddress) -> Family:
    return 4 if addr.version == 4 else 6


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(addr: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address tunnels to, if any.

    IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::) addresses
    reach the embedded IPv4 host, so ::ffff:127.0.0.1 must be judged as 127.0.0.1.
    """
    if addr.version == 4:
        return None
    assert isinstance(addr, ipaddress.IPv6Address)
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return addr.sixtofour


def is_public_address(addr: IPAddress) -> bool:
    """Whether the address is globally routable unicast: not private, loopback, link-local,
    multicast, reserved, unspecified or shared (CGNAT), including through IPv6 tunnels."""
    inner = embedded_ipv4(addr)
    if inner is not None:
        if not is_public_address(inner):
            return False
        if addr.version == 6 and (addr.ipv4_mapped is not None or addr in _NAT64):
            return True  # a translation prefix: where it leads is all that matters
    return addr.is_global and not (
        addr.is_multicast
        or addr.is_reserved
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_unspecified
        or addr.is_private
    )


def normalize_host(host: str) -> str:
    """Lower-case ASCII (IDNA) form without a trailing dot; raises ValueError when invalid."""
    host = host.strip().rstrip(".").lower()
    if not host:
        raise ValueError("empty host")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"invalid host name: {host!r}") from exc


@dataclass(frozen=True)
class Guard:
    """The SSRF guard: which hosts may be fetched and which addresses may be connected to.

    `allowed_hosts` holds host names (``gov-a.test``) and domain suffixes (``.gov-a.test`` = the
    domain and every subdomain); None allows any host, which the inspection of outbound links
    needs, while addresses are still checked. Pinned addresses are always trusted: the operator
    chose them.
    """

    allowed_hosts: frozenset[str] | None = None
    allow_private: bool = False

    @classmethod
    def for_sites(cls, hosts: Iterable[str], *, allow_private: bool = False) -> Guard:
        allowed = frozenset(
            ("." + normalize_host(h[1:])) if h.startswith(".") else normalize_host(h) for h in hosts
        )
        return cls(allowed_hosts=allowed, allow_private=allow_private)

    def host_allowed(self, host: str) -> bool:
        if self.allowed_hosts is None:
            return True
        if host in self.allowed_hosts:
            return True
        return any(
            entry.startswith(".") and (host == entry[1:] or host.endswith(entry))
            for entry in self.allowed_hosts
        )

    def address_allowed(self, addr: IPAddress, *, pinned: bool = False) -> bool:
        return pinned or self.allow_private or is_public_address(addr)
