"""The one outbound HTTP client: SSRF guard, pinning, families, limits, politeness, reuse."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.monitoring import sites
from tests.monitoring.sites import Answer, Request, Running, Site
from zwgk.core.http import (
    USER_AGENT,
    DnsResolver,
    FetchError,
    FetchResult,
    Guard,
    HostLimiter,
    HttpSettings,
    OutboundClient,
    Pins,
    Resolution,
    StaticResolver,
    SystemResolver,
    decode_body,
    is_public_address,
)


def _echo(request: Request) -> Answer:
    seen = {"host": request.host_header, "ua": request.headers.get("User-Agent"), "family": request.family}
    return Answer(body=json.dumps(seen), headers={"Content-Type": "application/json"})


def _site() -> Site:
    site = Site("gov-a.test")
    site.route("/echo", _echo)
    site.page("/", sites.html("首页", "<p>ok</p>"))
    site.page("/exact", "x" * 1000)
    site.page("/big", "x" * 1001)
    site.page("/chunked-big", "x" * 5000, chunked=True)
    site.page("/chunked", "y" * 900, chunked=True)
    bomb = gzip.compress(b"0" * 100_000)
    site.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    for i in range(1, 4):
        site.page(f"/r/{i}", status=302, headers={"Location": f"/r/{i - 1}"})
    site.page("/r/0", sites.html("终点"))
    site.page("/relative/a", status=301, headers={"Location": "../r/0"})
    site.page("/loop", status=302, headers={"Location": "/loop"})
    site.page("/to-other", status=302, headers={"Location": "http://other.test:{PORT}/"})
    site.page("/to-loopback", status=302, headers={"Location": "http://127.0.0.1:{PORT}/"})
    site.page("/slow", sites.html("慢"), delay=1.0)
    site.page("/wait", sites.html("等"), delay=0.2)
    site.page("/report.pdf", b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    gbk = '<html><head><meta charset="gb2312"><title>政务公开</title></head><body>镕</body></html>'
    site.page("/gbk", gbk.encode("gbk"), headers={"Content-Type": "text/html"})
    return site


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    running = sites.start(_site())
    yield running
    running.stop()


def fetch(url: str, *, pins: list[str] | None = None, guard: Guard | None = None, **kw: Any) -> FetchResult:
    settings = HttpSettings(**kw.pop("settings", {}))
    resolver = kw.pop("resolver", StaticResolver())

    async def go() -> FetchResult:
        async with OutboundClient(
            pins=Pins.parse(pins or []), guard=guard, resolver=resolver, settings=settings
        ) as client:
            return await client.fetch(url, **kw)

    return asyncio.run(go())


# --- pins ------------------------------------------------------------------------------------


def test_pins_parse_like_curl() -> None:
    pins = Pins.parse(["Gov-A.test:8080:127.0.0.1,[::1]", "gov-a.test:8080:::2", "*:443:192.0.2.1"])
    v4, v6 = (pins.lookup("gov-a.test", 8080, f) for f in (4, 6))
    assert v4 == Resolution(addresses=(ipaddress.ip_address("127.0.0.1"),), pinned=True)
    assert v6 is not None and [str(a) for a in v6.addresses] == ["::1", "::2"]
    assert pins.lookup("gov-a.test", 80, 4) is None  # pinned per HOST:PORT, like curl
    anything = pins.lookup("any.test", 443, 4)
    assert anything is not None and [str(a) for a in anything.addresses] == ["192.0.2.1"]
    v4_only = Pins.parse(["gov-v4.test:80:127.0.0.1"]).lookup("gov-v4.test", 80, 6)
    assert v4_only == Resolution(addresses=(), pinned=True)  # no IPv6 pinned = no AAAA


@pytest.mark.parametrize(
    "spec",
    ["gov-a.test:80", "gov-a.test:http:127.0.0.1", "gov-a.test:80:not-an-ip", "+gov-a.test:80:127.0.0.1",
     "gov-a.test:0:127.0.0.1", "gov-a.test:80:", ":80:127.0.0.1"],
)  # fmt: skip
def test_bad_pins_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        Pins.parse([spec])


# --- the guard -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "addr, public",
    [
        ("202.96.64.68", True),
        ("240e:1::1", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("192.0.2.1", False),  # documentation range
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("64:ff9b::7f00:1", False),  # NAT64 to loopback
        ("64:ff9b::ca60:4044", True),  # NAT64 to a public address
        ("2002:7f00:1::1", False),  # 6to4 around loopback
    ],
)
def test_public_addresses(addr: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(addr)) is public


def test_allowed_hosts_exact_and_suffix() -> None:
    guard = Guard.for_sites(["www.dl.gov.cn", ".gov-a.test"])
    assert [guard.host_allowed(h) for h in ("www.dl.gov.cn", "dl.gov.cn", "gov-a.test", "x.gov-a.test")] == [
        True,
        False,
        True,
        True,
    ]
    assert guard.host_allowed("evil-gov-a.test") is False
    assert Guard().host_allowed("anything.test") is True


def test_unpinned_name_on_loopback_is_blocked(server: Running) -> None:
    resolver = StaticResolver({"gov-a.test": ["127.0.0.1", "::1"]})
    r = fetch(server.url("/echo"), resolver=resolver)
    assert (r.error, r.status, r.address) == (FetchError.BLOCKED_ADDRESS, None, None)
    assert server.stats.paths().count("/echo") == 0


def test_private_addresses_allowed_by_the_deployment_flag(server: Running) -> None:
    resolver = StaticResolver({"gov-a.test": ["127.0.0.1"]})
    r = fetch(server.url("/echo"), resolver=resolver, guard=Guard(allow_private=True))
    assert (r.error, r.status) == (None, 200)


def test_pinned_loopback_is_trusted(server: Running) -> None:
    r = fetch(server.url("/echo"), pins=[server.pin()])
    assert (r.ok, r.status, r.address) == (True, 200, "127.0.0.1")


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]"])
def test_ip_literal_urls_are_checked_too(server: Running, host: str) -> None:
    assert fetch(f"http://{host}:{server.port}/echo").error is FetchError.BLOCKED_ADDRESS


def test_host_outside_the_allowed_set_is_blocked(server: Running) -> None:
    r = fetch(server.url("/echo"), pins=[server.pin()], guard=Guard.for_sites(["gov-b.test"]))
    assert r.error is FetchError.BLOCKED_HOST


def test_every_redirect_hop_is_guarded(server: Running) -> None:
    pins = [server.pin(), server.pin("other.test")]
    r = fetch(server.url("/to-other"), pins=pins, guard=Guard.for_sites([".gov-a.test"]))
    assert (r.error, r.status, r.final_url) == (
        FetchError.BLOCKED_HOST,
        302,
        f"http://other.test:{server.port}/",
    )
    r = fetch(server.url("/to-loopback"), pins=pins)
    assert (r.error, r.final_url) == (FetchError.BLOCKED_ADDRESS, f"http://127.0.0.1:{server.port}/")


def test_non_http_schemes_are_refused() -> None:
    for url in ("file:///etc/passwd", "ftp://gov-a.test/", "gopher://gov-a.test/", "http:///nohost"):
        assert fetch(url).error is FetchError.BAD_URL


# --- families, names, connections ------------------------------------------------------------


@pytest.mark.parametrize("family, address", [(4, "127.0.0.1"), (6, "::1")])
def test_forced_family_host_header_and_user_agent(server: Running, family: int, address: str) -> None:
    r = fetch(server.url("/echo"), pins=[server.pin()], family=family)
    assert (r.status, r.address) == (200, address)
    assert json.loads(r.body) == {"host": f"gov-a.test:{server.port}", "ua": USER_AGENT, "family": family}


def test_no_record_of_the_family(server: Running) -> None:
    r = fetch(server.url("/echo"), pins=[server.pin(families=[4])], family=6)
    assert (r.error, r.status) == (FetchError.NO_ADDRESS, None)


def test_unknown_name_is_a_dns_error_with_nxdomain() -> None:
    r = fetch("http://expired.test/")
    assert r.error is FetchError.DNS
    assert r.resolution is not None and r.resolution.nxdomain


def test_refused_connection_then_next_address(server: Running) -> None:
    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    assert (
        fetch(f"http://gov-a.test:{closed}/", pins=[f"gov-a.test:{closed}:127.0.0.1"]).error
        is FetchError.CONNECT
    )
    # 127.0.0.2 is loopback but nobody listens there: the next pinned address is tried.
    r = fetch(server.url("/echo"), pins=[f"gov-a.test:{server.port}:127.0.0.2,127.0.0.1"], family=4)
    assert (r.status, r.address) == (200, "127.0.0.1")


def test_connections_are_reused_per_address_and_family(server: Running) -> None:
    before = dict(server.stats.connections)

    async def go() -> list[int | None]:
        async with OutboundClient(pins=Pins.parse([server.pin()]), resolver=StaticResolver()) as client:
            out = []
            for family in (4, 6):
                for _ in range(10):
                    out.append((await client.fetch(server.url("/"), family=family)).status)  # type: ignore[arg-type]
            return out

    assert asyncio.run(go()) == [200] * 20
    assert {f: server.stats.connections[f] - before[f] for f in (4, 6)} == {4: 1, 6: 1}


def test_resolver_answers_are_shared_and_cached() -> None:
    calls: list[tuple[str, int]] = []

    class Counting(SystemResolver):
        async def _lookup(self, host: str, family: int) -> Resolution:  # type: ignore[override]
            calls.append((host, family))
            await asyncio.sleep(0.01)
            return Resolution(addresses=(ipaddress.ip_address("192.0.2.7"),))

    async def go() -> None:
        resolver = Counting()
        await asyncio.gather(*(resolver.resolve("gov-a.test", 4) for _ in range(20)))
        await resolver.resolve("gov-a.test", 4)
        await resolver.resolve("gov-a.test", 6)

    asyncio.run(go())
    assert calls == [("gov-a.test", 4), ("gov-a.test", 6)]


@pytest.fixture(scope="module")
def dns_server() -> Iterator[int]:
    """A tiny authoritative DNS server on 127.0.0.1 (UDP) for DnsResolver."""
    import dns.message
    import dns.rcode
    import dns.rdatatype
    import dns.rrset

    records = {
        ("gov-a.test.", "A"): "192.0.2.10",
        ("gov-a.test.", "AAAA"): "2001:db8::10",
        ("v4.test.", "A"): "192.0.2.4",
    }
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                data, peer = sock.recvfrom(4096)
            except OSError:
                return
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            name = query.question[0].name.to_text().lower()
            rdtype = dns.rdatatype.to_text(query.question[0].rdtype)
            if (name, rdtype) in records:
                response.answer.append(dns.rrset.from_text(name, 60, "IN", rdtype, records[(name, rdtype)]))
            elif name not in {n for n, _ in records}:
                response.set_rcode(dns.rcode.NXDOMAIN)
            sock.sendto(response.to_wire(), peer)

    threading.Thread(target=serve, daemon=True).start()
    yield sock.getsockname()[1]
    sock.close()


def test_dns_resolver_tells_a_gone_domain_from_a_missing_record(dns_server: int) -> None:
    async def go() -> list[Resolution]:
        resolver = DnsResolver(nameservers=["127.0.0.1"], port=dns_server, lifetime=2.0)
        return [
            await resolver.resolve("gov-a.test", 4),
            await resolver.resolve("gov-a.test", 6),
            await resolver.resolve("v4.test", 6),
            await resolver.resolve("expired.test", 4),
        ]

    a, aaaa, v4_aaaa, gone = asyncio.run(go())
    assert [str(x) for x in a.addresses + aaaa.addresses] == ["192.0.2.10", "2001:db8::10"]
    assert (v4_aaaa.addresses, v4_aaaa.nxdomain) == ((), False)  # exists, no AAAA: IPv4-only
    assert (gone.addresses, gone.nxdomain) == ((), True)


def test_system_resolver_reads_the_hosts_file() -> None:
    async def go() -> tuple[Resolution, Resolution]:
        resolver = SystemResolver()
        return await resolver.resolve("localhost", 4), await resolver.resolve("name.invalid", 4)

    local, invalid = asyncio.run(go())
    assert ipaddress.ip_address("127.0.0.1") in local.addresses
    assert invalid.addresses == ()


# --- limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, error, length",
    [
        ("/exact", None, 1000),
        ("/big", FetchError.TOO_LARGE, 0),  # refused on its Content-Length
        ("/chunked", None, 900),
        ("/chunked-big", FetchError.TOO_LARGE, 0),  # no length given: counted while reading
        ("/bomb", FetchError.TOO_LARGE, 0),  # 100 kB unpacked from a few hundred bytes
    ],
)
def test_body_size_cap(server: Running, path: str, error: FetchError | None, length: int) -> None:
    r = fetch(server.url(path), pins=[server.pin()], settings={"max_body_bytes": 1000})
    assert (r.status, r.error, len(r.body)) == (200, error, length)


def test_redirects_are_followed_and_limited(server: Running) -> None:
    r = fetch(server.url("/r/3"), pins=[server.pin()])
    assert (r.status, r.redirects, r.final_url) == (200, 3, server.url("/r/0"))
    r = fetch(server.url("/relative/a"), pins=[server.pin()])
    assert (r.status, r.final_url) == (200, server.url("/r/0"))
    r = fetch(server.url("/r/3"), pins=[server.pin()], settings={"max_redirects": 2})
    assert (r.error, r.status, r.redirects) == (FetchError.TOO_MANY_REDIRECTS, 302, 2)
    r = fetch(server.url("/loop"), pins=[server.pin()])
    assert (r.error, r.redirects) == (FetchError.TOO_MANY_REDIRECTS, 5)


def test_read_timeout_and_total_timeout(server: Running) -> None:
    r = fetch(server.url("/slow"), pins=[server.pin()], settings={"read_timeout": 0.2})
    assert (r.error, r.status) == (FetchError.TIMEOUT, None)
    r = fetch(server.url("/slow"), pins=[server.pin()], settings={"total_timeout": 0.2})
    assert r.error is FetchError.TIMEOUT


def test_body_modes(server: Running) -> None:
    pdf_html = fetch(server.url("/report.pdf"), pins=[server.pin()], body="html")
    pdf_all = fetch(server.url("/report.pdf"), pins=[server.pin()], body="all")
    page_none = fetch(server.url("/"), pins=[server.pin()], body="none")
    assert (pdf_html.status, pdf_html.body, pdf_html.is_html) == (200, b"", False)
    assert pdf_all.body == b"%PDF-1.4"
    assert (page_none.status, page_none.body) == (200, b"")


def test_gb2312_pages_are_decoded(server: Running) -> None:
    r = fetch(server.url("/gbk"), pins=[server.pin()])
    assert "政务公开" in r.body_text and "镕" in r.body_text  # 镕 is GBK, not GB2312
    assert decode_body("政务".encode("gb18030")) == "政务"  # undeclared, not UTF-8
    assert decode_body("政务".encode()) == "政务"


# --- politeness ------------------------------------------------------------------------------


def test_concurrency_per_host_is_capped(server: Running) -> None:
    async def go() -> list[int | None]:
        settings = HttpSettings(per_host_concurrency=2)
        async with OutboundClient(
            pins=Pins.parse([server.pin()]), resolver=StaticResolver(), settings=settings
        ) as c:
            results = await asyncio.gather(*(c.fetch(server.url("/wait"), family=4) for _ in range(6)))
        return [r.status for r in results]

    assert asyncio.run(go()) == [200] * 6
    assert server.stats.peak["/wait"] <= 2


def test_request_starts_on_one_host_are_spaced() -> None:
    now = [100.0]
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    limiter = HostLimiter(max_concurrency=10, min_interval=0.5, clock=lambda: now[0], sleep=fake_sleep)

    async def go() -> None:
        for _ in range(3):
            async with limiter.slot("gov-a.test"):
                pass
        async with limiter.slot("gov-b.test"):  # another host has its own spacing
            pass

    asyncio.run(go())
    assert sleeps == [0.5, 1.0]


# --- TLS -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"),
         "-subj", "/CN=gov-a.test", "-addext", "subjectAltName=DNS:gov-a.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(d / "cert.pem", d / "key.pem")
    running = sites.start(_site(), tls=ctx)
    yield running, d / "cert.pem"
    running.stop()


def test_https_through_the_ip_literal_checks_the_real_name(tls_server: tuple[Running, Path]) -> None:
    running, cert = tls_server
    settings = {"verify": str(cert)}
    for family in (4, 6):
        r = fetch(running.url("/echo"), pins=[running.pin()], settings=settings, family=family)
        assert (r.status, json.loads(r.body)["host"]) == (200, f"gov-a.test:{running.port}")
    other = f"https://other.test:{running.port}/echo"
    r = fetch(other, pins=[running.pin("other.test")], settings=settings)
    assert (r.error, r.status) == (FetchError.TLS, None)  # the certificate is not for other.test
    r = fetch(running.url("/echo"), pins=[running.pin()])  # an unknown issuer
    assert r.error is FetchError.TLS
