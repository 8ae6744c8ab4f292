"""The transport under httpx: HTTP/1.1 over pooled asyncio streams."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx

DEFAULT_PORTS = {"http": 80, "https": 443}

_ConnKey = tuple[str, str, int, str | None]  # scheme, IP literal, port, TLS server name


@dataclass(eq=False)
class _Connection:
    key: _ConnKey
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    idle_since: float = 0.0

    def usable(self, now: float, expiry: float) -> bool:
        return (
            now - self.idle_since < expiry
            and not self.reader.at_eof()
            and not self.writer.is_closing()
            and not self.reader._buffer  # type: ignore[attr-defined]  # unsolicited bytes: unusable
        )

    def close(self) -> None:
        self.writer.close()


class PooledTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 keep-alive connections pooled per (scheme, address, port, SNI name).

    httpx stays the client API (requests, responses, content decoding); this replaces httpcore's
    pool, whose bookkeeping cost more than a millisecond of CPU per request — too much for crawls
    of tens of thousands of pages. The key holds the address, so connections are reused per
    (host address, family) and a TLS connection is never reused for another server name.
    """

    def __init__(
        self,
        *,
        ssl_context: Callable[[], ssl.SSLContext],
        keepalive_expiry: float = 30.0,
        max_idle_per_key: int = 64,
        max_header_bytes: int = 64 * 1024,
    ) -> None:
        self._ssl_context = ssl_context
        self._expiry = keepalive_expiry
        self._max_idle = max_idle_per_key
        self._limit = max_header_bytes
        self._idle: dict[_ConnKey, list[_Connection]] = {}

    async def aclose(self) -> None:
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()

    def _checkout(self, key: _ConnKey) -> _Connection | None:
        conns = self._idle.get(key)
        now = time.monotonic()
        while conns:
            conn = conns.pop()
            if conn.usable(now, self._expiry):
                return conn
            conn.close()
        return None

    def release(self, conn: _Connection) -> None:
        conns = self._idle.setdefault(conn.key, [])
        if len(conns) >= self._max_idle:
            conn.close()
            return
        conn.idle_since = time.monotonic()
        conns.append(conn)

    async def _connect(self, key: _ConnKey, timeout: float | None) -> _Connection:
        scheme, host, port, sni = key
        tls = self._ssl_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host,
                    port,
                    ssl=tls,
                    server_hostname=(sni or host) if tls is not None else None,
                    limit=self._limit,
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"connecting to {host}:{port} timed out") from exc
        except OSError as exc:  # ssl.SSLError included: _classify finds it in the chain
            raise httpx.ConnectError(f"cannot connect to {host}:{port}: {exc}") from exc
        return _Connection(key, reader, writer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        port = url.port or DEFAULT_PORTS[scheme]
        sni = request.extensions.get("sni_hostname")
        key: _ConnKey = (scheme, url.host, port, sni if isinstance(sni, str) else None)
        timeouts = request.extensions.get("timeout", {})
        read_timeout = timeouts.get("read")
        payload = _serialize(request, await request.aread())
        # Only idempotent requests are sent again when a kept-alive connection turns out closed.
        conn = self._checkout(key) if request.method in ("GET", "HEAD") else None
        if conn is not None:
            try:
                return await self._exchange(conn, request, payload, read_timeout)
            except _StaleConnection:
                pass  # the server closed the idle connection first: once more on a new one
        conn = await self._connect(key, timeouts.get("connect"))
        try:
            return await self._exchange(conn, request, payload, read_timeout)
        except _StaleConnection as exc:
            raise httpx.RemoteProtocolError("server closed the connection without answering") from exc

    async def _exchange(
        self, conn: _Connection, request: httpx.Request, payload: bytes, read_timeout: float | None
    ) -> httpx.Response:
        try:
            conn.writer.write(payload)
            async with asyncio.timeout(read_timeout):
                await conn.writer.drain()
                while True:
                    head = await conn.reader.readuntil(b"\r\n\r\n")
                    http10, status, reason, headers = _parse_head(head)
                    if status >= 200 or status == 101:
                        break  # 1xx interim answers (100 Continue) precede the real one
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            conn.close()
            if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                raise httpx.RemoteProtocolError("incomplete response head") from exc
            raise _StaleConnection from exc
        except TimeoutError as exc:
            conn.close()
            raise httpx.ReadTimeout("no response head in time") from exc
        except (asyncio.LimitOverrunError, ValueError) as exc:
            conn.close()
            raise httpx.RemoteProtocolError(f"malformed response head: {exc}") from exc
        except OSError as exc:  # TLS errors on an established connection
            conn.close()
            raise httpx.ReadError(f"connection failed: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        stream = _BodyStream(self, conn, request.method, status, headers, read_timeout, http10=http10)
        return httpx.Response(
            status,
            headers=headers,
            stream=stream,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason},
        )


class _StaleConnection(Exception):
    pass


def _serialize(request: httpx.Request, body: bytes) -> bytes:
    lines = [b"%s %s HTTP/1.1" % (request.method.encode("ascii"), request.url.raw_path)]
    lines.extend(b"%s: %s" % (name, value) for name, value in request.headers.raw)
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _parse_head(head: bytes) -> tuple[bool, int, bytes, list[tuple[bytes, bytes]]]:
    """(HTTP/1.0?, status, reason, headers) of a response head ending in CRLF CRLF."""
    lines = head[:-4].split(b"\r\n")
    version, _, rest = lines[0].partition(b" ")
    code, _, reason = rest.partition(b" ")
    if not version.startswith(b"HTTP/1.") or len(code) != 3 or not code.isdigit():
        raise ValueError(f"bad status line {lines[0][:80]!r}")
    headers: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip():
            raise ValueError(f"bad header line {line[:80]!r}")
        headers.append((name, value.strip()))
    return version == b"HTTP/1.0", int(code), reason, headers


class _BodyStream(httpx.AsyncByteStream):
    """The body as framed by HTTP/1.1; hands the connection back when read to the end."""

    def __init__(
        self,
        transport: PooledTransport,
        conn: _Connection,
        method: str,
        status: int,
        headers: list[tuple[bytes, bytes]],
        read_timeout: float | None,
        *,
        http10: bool,
    ) -> None:
        self._transport = transport
        self._conn: _Connection | None = conn
        self._timeout = read_timeout
        fields = {n.lower(): v for n, v in headers}
        connection = fields.get(b"connection", b"").lower()
        # An HTTP/1.0 answer is kept alive only when it says so.
        self._reusable = b"close" not in connection and (not http10 or b"keep-alive" in connection)
        self._length: int | None
        self._chunked = False
        if method == "HEAD" or status in (204, 304) or status < 200:
            self._length = 0
        elif b"chunked" in fields.get(b"transfer-encoding", b"").lower():
            self._length, self._chunked = None, True
        elif (declared := fields.get(b"content-length", b"").strip()).isdigit():
            self._length = int(declared)
        else:
            self._length, self._reusable = None, False  # delimited by the server closing

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None:
            return
        reader = conn.reader
        try:
            if self._chunked:
                while True:
                    async with asyncio.timeout(self._timeout):
                        size_line = await reader.readuntil(b"\r\n")
                    size = int(size_line.split(b";", 1)[0].strip(), 16)
                    if size == 0:
                        async with asyncio.timeout(self._timeout):
                            while await reader.readuntil(b"\r\n") != b"\r\n":
                                pass  # trailers
                        break
                    async for piece in self._exactly(reader, size):
                        yield piece
                    async with asyncio.timeout(self._timeout):
                        await reader.readexactly(2)
            elif self._length is not None:
                async for piece in self._exactly(reader, self._length):
                    yield piece
            else:
                while True:
                    async with asyncio.timeout(self._timeout):
                        piece = await reader.read(65536)
                    if not piece:
                        break
                    yield piece
        except TimeoutError as exc:
            self._discard()
            raise httpx.ReadTimeout("body not received in time") from exc
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError, ValueError) as exc:
            self._discard()
            raise httpx.ReadError(f"broken body: {exc}") from exc
        self._conn = None
        if self._reusable:
            self._transport.release(conn)
        else:
            conn.close()

    async def _exactly(self, reader: asyncio.StreamReader, size: int) -> AsyncIterator[bytes]:
        while size > 0:
            async with asyncio.timeout(self._timeout):
                piece = await reader.read(min(size, 65536))
            if not piece:
                raise asyncio.IncompleteReadError(b"", size)
            size -= len(piece)
            yield piece

    def _discard(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def aclose(self) -> None:
        # Closed before the end (a body not wanted, or too large): the connection cannot be reused.
        self._discard()
