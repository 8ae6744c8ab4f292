"""`OutboundClient.fetch`: every hop resolved, guarded, polite, bounded."""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from zwgk.core.http.addresses import Family, Guard, IPAddress, ip_literal, normalize_host
from zwgk.core.http.names import Pins, Resolution, Resolver, SystemResolver
from zwgk.core.http.politeness import HostLimiter
from zwgk.core.http.transport import DEFAULT_PORTS, PooledTransport

USER_AGENT = "zwgk-monitor/1.0"
# RULES §5.1 (国办秘函〔2019〕19号): a probe fails if the home page has not opened after 15 s.
PAGE_OPEN_TIMEOUT_S = 15.0

# "all": read any body; "html": read only HTML/XML/text bodies (attachments are checked by
# status alone, which keeps crawls cheap); "none": status and headers only.
BodyMode = Literal["all", "html", "none"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A redirect body is drained (up to this) so that the connection can be reused.
_DRAIN_LIMIT = 64 * 1024


class FetchError(StrEnum):
    """Why a fetch produced no usable response (`FetchResult.error`)."""

    BAD_URL = "bad_url"
    BLOCKED_HOST = "blocked_host"
    BLOCKED_ADDRESS = "blocked_address"
    DNS = "dns"  # the name does not resolve at all (NXDOMAIN or resolver failure)
    NO_ADDRESS = "no_address"  # the name exists but has no record of the requested family
    CONNECT = "connect"
    TIMEOUT = "timeout"
    TLS = "tls"
    PROTOCOL = "protocol"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"


@dataclass(frozen=True)
class HttpSettings:
    connect_timeout: float = 5.0
    read_timeout: float = PAGE_OPEN_TIMEOUT_S
    # The whole fetch (name resolution, every hop, the body) must finish within this.
    total_timeout: float = PAGE_OPEN_TIMEOUT_S
    max_body_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    per_host_concurrency: int = 8
    per_host_interval: float = 0.0
    user_agent: str = USER_AGENT
    # True: the system/certifi trust store; a path: a CA bundle; False: no verification.
    verify: bool | str = True
    keepalive_expiry: float = 30.0


@dataclass(slots=True)
class FetchResult:
    """What one fetch got. `status` and `headers` are the last hop's; `body` is empty when it
    was not read (see `BodyMode`) or on error; `ms` is the time spent on the network (name
    resolution, connections, every hop, the body), not the politeness waits."""

    url: str
    final_url: str  # the last hop tried: the page itself, or where a redirect chain failed
    status: int | None = None
    ms: float | None = None
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    error: FetchError | None = None
    address: str | None = None  # the IP address that answered the last hop
    redirects: int = 0
    resolution: Resolution | None = None  # of the last hop's host, when one was needed

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 400

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return is_html_type(self.content_type)

    @property
    def body_text(self) -> str:
        return decode_body(self.body, self.headers.get("content-type", ""))


def is_html_type(content_type: str) -> bool:
    # Many government CMSs send no content type at all for their pages.
    return content_type in ("", "text/html", "application/xhtml+xml", "text/plain", "text/xml")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


def decode_body(body: bytes, content_type: str = "") -> str:
    """Text of a body: the declared charset (header, then <meta>), else UTF-8, else GB18030.

    GB2312 and GBK labels are read as GB18030, their superset: many Chinese sites declare
    GB2312 and use GBK characters.
    """
    m = _CHARSET_PARAM.search(content_type)
    label = m.group(1) if m else None
    if label is None:
        mb = _META_CHARSET.search(body[:4096])
        label = mb.group(1).decode("ascii") if mb else None
    if label is not None:
        label = label.lower()
        if label in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"):
            label = "gb18030"
        try:
            return body.decode(label, errors="replace")
        except LookupError:
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace")


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, never empty
    ip_literal: IPAddress | None

    @property
    def host_header(self) -> str:
        shown = (
            f"[{self.host}]" if self.ip_literal is not None and self.ip_literal.version == 6 else self.host
        )
        return shown if self.port == DEFAULT_PORTS[self.scheme] else f"{shown}:{self.port}"


def _parse_target(url: str) -> _Target | None:
    try:
        parts = urlsplit(url)
        port = parts.port
        raw_host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not raw_host:
        return None
    literal = ip_literal(raw_host.split("%", 1)[0])
    if literal is not None:
        host = str(literal)
    else:
        try:
            host = normalize_host(raw_host)
        except ValueError:
            return None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(scheme, host, port or DEFAULT_PORTS[scheme], path, literal)


class _HopFailed(Exception):
    def __init__(self, error: FetchError, resolution: Resolution | None = None) -> None:
        super().__init__(error.value)
        self.error = error
        self.resolution = resolution


class OutboundClient:
    """Use as ``async with OutboundClient(...) as client: await client.fetch(url)``."""

    def __init__(
        self,
        *,
        guard: Guard | None = None,
        pins: Pins | None = None,
        resolver: Resolver | None = None,
        settings: HttpSettings | None = None,
    ) -> None:
        self.guard = guard or Guard()
        self.pins = pins or Pins()
        self.resolver: Resolver = resolver or SystemResolver()
        self.settings = settings or HttpSettings()
        self.limiter = HostLimiter(
            max_concurrency=self.settings.per_host_concurrency,
            min_interval=self.settings.per_host_interval,
        )
        self._ssl: ssl.SSLContext | None = None
        self._transport = PooledTransport(
            ssl_context=self._ssl_context, keepalive_expiry=self.settings.keepalive_expiry
        )
        # httpx's Request/Response and content decoding, straight on the transport: the
        # AsyncClient layer (cookies, auth, URL merging, environment proxies — which would
        # bypass the guard) is not wanted and costs time on every request.
        self._timeouts = {
            "connect": self.settings.connect_timeout,
            "read": self.settings.read_timeout,
            "write": self.settings.read_timeout,
            "pool": None,
        }

    async def __aenter__(self) -> OutboundClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()

    # ----------------------------------------------------------------------------------------

    async def resolve(self, host: str, port: int, family: Family) -> Resolution:
        """The addresses a fetch of host:port over `family` would use: pins first, then DNS."""
        literal = ip_literal(host)
        if literal is not None:
            return Resolution(addresses=(literal,) if literal.version == family else ())
        pinned = self.pins.lookup(host, port, family)
        if pinned is not None:
            return pinned
        return await self.resolver.resolve(host, family)

    async def has_aaaa(self, url: str) -> bool:
        target = _parse_target(url)
        if target is None:
            return False
        return bool((await self.resolve(target.host, target.port, 6)).addresses)

    async def fetch(
        self,
        url: str,
        *,
        family: Family | None = None,
        body: BodyMode = "all",
        method: str = "GET",
    ) -> FetchResult:
        """Fetch `url`, following redirects hop by hop (each hop guarded), never raising for
        network trouble: the outcome is in `FetchResult.error` / `status`."""
        result = FetchResult(url=url, final_url=url)
        elapsed = 0.0
        current = url
        while True:
            target = _parse_target(current)
            if target is None:
                result.error = FetchError.BAD_URL
                return result
            result.final_url = current
            if not self.guard.host_allowed(target.host):
                result.error = FetchError.BLOCKED_HOST
                return result
            async with self.limiter.slot(target.host):
                started = time.perf_counter()
                location: str | None = None
                remaining = self.settings.total_timeout - elapsed
                try:
                    if remaining <= 0:
                        raise TimeoutError
                    async with asyncio.timeout(remaining):
                        location = await self._hop(target, family, body, method, result)
                except TimeoutError:
                    result.error = FetchError.TIMEOUT
                except _HopFailed as exc:
                    result.error = exc.error
                    if exc.resolution is not None:
                        result.resolution = exc.resolution
                finally:
                    elapsed += time.perf_counter() - started
                    result.ms = round(elapsed * 1000, 1)
            if result.error is not None or location is None:
                return result
            if result.redirects >= self.settings.max_redirects:
                result.error = FetchError.TOO_MANY_REDIRECTS
                return result
            result.redirects += 1
            if result.status == 303 or (result.status in (301, 302) and method == "POST"):
                method = "GET"
            current = urljoin(current, location).split("#", 1)[0]

    async def _hop(
        self, target: _Target, family: Family | None, body: BodyMode, method: str, result: FetchResult
    ) -> str | None:
        """One request; returns the Location to follow, or None when this is the final answer."""
        candidates = await self._candidates(target, family, result)
        last_error = FetchError.CONNECT
        for addr, _pinned in candidates:
            try:
                return await self._request(target, addr, body, method, result)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # Only connection set-up failures try the next address: after a request was
                # sent, retrying could repeat it.
                last_error = _classify(exc)
        raise _HopFailed(last_error)

    async def _candidates(
        self, target: _Target, family: Family | None, result: FetchResult
    ) -> list[tuple[IPAddress, bool]]:
        families: tuple[Family, ...] = (family,) if family is not None else (4, 6)
        if target.ip_literal is not None:
            if target.ip_literal.version not in families:
                raise _HopFailed(FetchError.NO_ADDRESS)
            resolutions = [Resolution(addresses=(target.ip_literal,))]
        else:
            # One family after the other: answers are cached, and tasks for a gather would cost
            # more than they save on every request of a crawl.
            resolutions = [await self.resolve(target.host, target.port, f) for f in families]
        found = [(a, r.pinned) for r in resolutions for a in r.addresses]
        combined = Resolution(
            addresses=tuple(a for a, _ in found),
            pinned=any(r.pinned for r in resolutions),
            nxdomain=all(r.nxdomain for r in resolutions),
            error=next((r.error for r in resolutions if r.error), None),
        )
        result.resolution = combined
        if not found:
            if combined.nxdomain or combined.error:
                raise _HopFailed(FetchError.DNS, combined)
            raise _HopFailed(FetchError.NO_ADDRESS, combined)
        allowed = [(a, p) for a, p in found if self.guard.address_allowed(a, pinned=p)]
        if not allowed:
            # Addresses that fail the guard are skipped, never connected to; a name with only
            # such addresses is blocked.
            raise _HopFailed(FetchError.BLOCKED_ADDRESS, combined)
        return allowed

    async def _request(
        self, target: _Target, addr: IPAddress, body: BodyMode, method: str, result: FetchResult
    ) -> str | None:
        shown = f"[{addr}]" if addr.version == 6 else str(addr)
        url = f"{target.scheme}://{shown}:{target.port}{target.path}"
        headers = {
            "Host": target.host_header,
            "User-Agent": self.settings.user_agent,
            "Accept": "*/*",
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        }
        extensions: dict[str, object] = {"timeout": self._timeouts}
        if target.scheme == "https":
            extensions["sni_hostname"] = target.host
        request = httpx.Request(method, url, headers=headers, extensions=extensions)
        try:
            response = await self._transport.handle_async_request(request)
            response.request = request
        except (httpx.ConnectError, httpx.ConnectTimeout):
            raise
        except httpx.HTTPError as exc:
            raise _HopFailed(_classify(exc)) from exc
        result.address = str(addr)
        result.status = response.status_code
        result.headers = dict(response.headers.items())  # lower-case names, repeats joined
        result.body = b""
        try:
            location: str | None = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                await _drain(response)
                return location
            content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if method == "HEAD" or body == "none" or (body == "html" and not is_html_type(content_type)):
                return None
            result.body = await self._read_capped(response)
            return None
        except httpx.HTTPError as exc:
            raise _HopFailed(_classify(exc)) from exc
        finally:
            await response.aclose()

    async def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.settings.max_body_bytes
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            raise _HopFailed(FetchError.TOO_LARGE)
        chunks: list[bytes] = []
        size = 0
        # Counted after decompression, so a small gzip bomb is capped too.
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise _HopFailed(FetchError.TOO_LARGE)
            chunks.append(chunk)
        return b"".join(chunks)

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            verify = self.settings.verify
            if verify is False:
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            elif isinstance(verify, str):
                ctx = ssl.create_default_context(cafile=verify)
            else:
                ctx = ssl.create_default_context()
                try:
                    import certifi

                    ctx.load_verify_locations(certifi.where())
                except ImportError:
                    pass
            self._ssl = ctx
        return self._ssl


async def _drain(response: httpx.Response) -> None:
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read > _DRAIN_LIMIT:
            return


def _classify(exc: BaseException) -> FetchError:
    if isinstance(exc, httpx.TimeoutException):
        return FetchError.TIMEOUT
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return FetchError.TLS
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return FetchError.CONNECT
    return FetchError.PROTOCOL
