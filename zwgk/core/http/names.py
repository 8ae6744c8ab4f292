"""Name resolution (A and AAAA asked separately) and curl-style pinning."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from zwgk.core.http.addresses import Family, IPAddress, normalize_host, parse_address


@dataclass(frozen=True)
class Resolution:
    """The addresses of one name for one family.

    `nxdomain` says the name does not exist at all (a hijacked or expired domain), as opposed
    to existing without a record of this family (an IPv4-only site has no AAAA).
    """

    addresses: tuple[IPAddress, ...] = ()
    pinned: bool = False
    nxdomain: bool = False
    error: str | None = None


class Resolver(Protocol):
    async def resolve(self, host: str, family: Family) -> Resolution: ...


class _CachedResolver:
    """Caches answers (negative ones too, but not resolver failures) and shares one look-up
    among concurrent askers, so a crawl of thousands of pages on a host asks once per family."""

    def __init__(self, *, ttl: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[tuple[str, Family], tuple[float, asyncio.Task[Resolution]]] = {}

    async def resolve(self, host: str, family: Family) -> Resolution:
        key = (host, family)
        hit = self._cache.get(key)
        if hit is None or hit[0] <= self._clock():
            # A task of its own, so that one asker's timeout does not cancel the others' answer.
            task = asyncio.get_running_loop().create_task(self._lookup(host, family))
            self._cache[key] = hit = (self._clock() + self._ttl, task)
            task.add_done_callback(lambda t: self._forget_failure(key, t))
        return await asyncio.shield(hit[1])

    def _forget_failure(self, key: tuple[str, Family], task: asyncio.Task[Resolution]) -> None:
        failed = task.cancelled() or task.exception() is not None or task.result().error is not None
        entry = self._cache.get(key)
        if failed and entry is not None and entry[1] is task:
            del self._cache[key]

    async def _lookup(self, host: str, family: Family) -> Resolution:
        raise NotImplementedError


class SystemResolver(_CachedResolver):
    """getaddrinfo, once per family: honours /etc/hosts and the system's resolver settings."""

    async def _lookup(self, host: str, family: Family) -> Resolution:
        af = socket.AF_INET if family == 4 else socket.AF_INET6
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, None, family=af, type=socket.SOCK_STREAM
            )
        except socket.gaierror as exc:
            if exc.errno == getattr(socket, "EAI_NODATA", None):
                return Resolution()
            if exc.errno == socket.EAI_NONAME:
                return Resolution(nxdomain=True)
            return Resolution(error=str(exc))
        seen: dict[IPAddress, None] = {}
        for info in infos:
            addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if addr.version == family:  # some libcs return v4-mapped answers for AF_INET6
                seen.setdefault(addr)
        return Resolution(addresses=tuple(seen))


class DnsResolver(_CachedResolver):
    """dnspython's stub resolver: tells NXDOMAIN from "no record of this type" reliably."""

    def __init__(
        self,
        *,
        lifetime: float = 5.0,
        ttl: float = 300.0,
        nameservers: list[str] | None = None,
        port: int = 53,
    ) -> None:
        super().__init__(ttl=ttl)
        self._lifetime = lifetime
        self._nameservers = nameservers
        self._port = port
        self._resolver: object | None = None  # built on first use: it reads /etc/resolv.conf

    async def _lookup(self, host: str, family: Family) -> Resolution:
        import dns.asyncresolver
        import dns.exception
        import dns.resolver

        if self._resolver is None:
            resolver = dns.asyncresolver.Resolver(configure=self._nameservers is None)
            if self._nameservers is not None:
                resolver.nameservers = self._nameservers
            resolver.port = self._port
            self._resolver = resolver
        assert isinstance(self._resolver, dns.asyncresolver.Resolver)
        try:
            answer = await self._resolver.resolve(
                host, "A" if family == 4 else "AAAA", lifetime=self._lifetime, search=False
            )
        except dns.resolver.NXDOMAIN:
            return Resolution(nxdomain=True)
        except dns.resolver.NoAnswer:
            return Resolution()
        except dns.exception.DNSException as exc:
            return Resolution(error=type(exc).__name__)
        return Resolution(addresses=tuple(ipaddress.ip_address(r.address) for r in answer))


class StaticResolver:
    """A fixed table of names; every other name is NXDOMAIN. For tests and closed networks."""

    def __init__(self, table: Mapping[str, Iterable[str]] | None = None) -> None:
        self._table = {
            normalize_host(h): tuple(parse_address(a) for a in addrs) for h, addrs in (table or {}).items()
        }

    async def resolve(self, host: str, family: Family) -> Resolution:
        addrs = self._table.get(host)
        if addrs is None:
            return Resolution(nxdomain=True)
        return Resolution(addresses=tuple(a for a in addrs if a.version == family))


@dataclass(frozen=True)
class Pins:
    """Operator-pinned addresses, like curl's ``--resolve HOST:PORT:ADDR[,ADDR…]``.

    A pinned HOST:PORT never goes to DNS; the IPv4 addresses among its pins stand for its A
    records and the IPv6 ones for its AAAA records. ``*`` as HOST pins every host on that port.

    Trust (issue 21 item 2): pins an operator gives on the command line or in the environment
    are trusted by the SSRF guard, loopback included. Pins stored on a site in the back office
    are `trusted=False`: they still spare the DNS look-up, but their addresses pass the same
    public-address check as any resolved address, so nobody reaches internal hosts through them.
    """

    entries: Mapping[tuple[str, int], tuple[IPAddress, ...]] = field(default_factory=dict)
    untrusted: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def parse(cls, specs: Iterable[str], *, trusted: bool = True) -> Pins:
        entries: dict[tuple[str, int], tuple[IPAddress, ...]] = {}
        for spec in specs:
            host, sep1, rest = spec.strip().partition(":")
            port_text, sep2, addr_text = rest.partition(":")
            if not (sep1 and sep2 and host and addr_text):
                raise ValueError(f"--resolve wants HOST:PORT:ADDR[,ADDR…], got {spec!r}")
            if host[0] in "+-":
                raise ValueError(f"curl's +/- --resolve forms are not supported: {spec!r}")
            try:
                port = int(port_text)
                addrs = tuple(parse_address(a) for a in addr_text.split(",") if a.strip())
            except ValueError as exc:
                raise ValueError(f"bad --resolve entry {spec!r}: {exc}") from exc
            if not 0 < port < 65536 or not addrs:
                raise ValueError(f"bad --resolve entry {spec!r}")
            key = (host if host == "*" else normalize_host(host), port)
            merged = dict.fromkeys(entries.get(key, ()) + addrs)  # repeated entries add up, in order
            entries[key] = tuple(merged)
        return cls(entries, untrusted=frozenset() if trusted else frozenset(entries))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __or__(self, other: Pins) -> Pins:
        """Both tables; where both pin the same HOST:PORT, a trusted entry wins over an untrusted
        one (an operator's pin is never weakened by a site's), else `other`'s."""
        entries = dict(self.entries)
        untrusted = set(self.untrusted)
        for key, addrs in other.entries.items():
            if key in other.untrusted and key in entries and key not in untrusted:
                continue
            entries[key] = addrs
            if key in other.untrusted:
                untrusted.add(key)
            else:
                untrusted.discard(key)
        return Pins(entries, untrusted=frozenset(untrusted))

    def lookup(self, host: str, port: int, family: Family) -> Resolution | None:
        key = (host, port)
        addrs = self.entries.get(key)
        if addrs is None:
            key = ("*", port)
            addrs = self.entries.get(key)
        if addrs is None:
            return None
        return Resolution(
            addresses=tuple(a for a in addrs if a.version == family), pinned=key not in self.untrusted
        )

    def specs(self) -> list[str]:
        return [f"{h}:{p}:" + ",".join(str(a) for a in addrs) for (h, p), addrs in self.entries.items()]
