"""The demo's stand-in agency websites, served on loopback by the demo itself (issue 20 item 3).

A demo must never send a request outside its machine: demo machines are often offline, or inside
a government network where unexpected outbound traffic is flagged. So the sites the demo
monitors are not the agencies' real sites but these stand-ins:

- their names end in ``.test`` (RFC 6761: never resolvable on the Internet), one registrable
  domain per agency, so a round never wanders from one stand-in into another;
- `zwgk demo-sites` serves them on 127.0.0.1 and ::1 (`zwgk serve` starts it in demo mode), on
  ``ZWGK_DEMO_SITES_PORT`` (default ``PORT`` + 1);
- `demo_pins()` pins every host on that port to loopback. The pins come from the demo's
  configuration (`zwgk.monitoring.rounds.operator_pins`), never from the back office, whose
  pins the SSRF guard does not trust (issue 21 item 2).

Pages are made on request from the site's profile and today's date, so a demo loaded a month ago
still shows fresh columns where the profile says so. `page()` is pure; the server is plain
``http.server``, one thread per connection.
"""

from __future__ import annotations

import html
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOPBACK = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class StandIn:
    code: str  # the agency's code; the host is ``{code}.test``
    name: str
    contacts: tuple[str, ...]
    # good: fresh, IPv6 everywhere, one dead link; ipv6_gap: a share of pages fail over IPv6, a
    # stale column; improving: a few IPv6 gaps left; empty_columns: five empty columns (veto).
    profile: str

    @property
    def host(self) -> str:
        return f"{self.code}.test"


STAND_INS: tuple[StandIn, ...] = (
    StandIn("dl", "大连市人民政府门户网站", ("wzjc@dl.gov.cn",), "good"),
    StandIn("dl-sfj", "大连市司法局网站", ("bgs@sfj.dl.gov.cn",), "good"),
    StandIn("dl-mzj", "大连市民政局网站", ("xxzx@mzj.dl.gov.cn",), "ipv6_gap"),
    StandIn("dl-wjw", "大连市卫生健康委员会网站", ("bgs@wjw.dl.gov.cn",), "improving"),
    StandIn("dl-zsq", "大连市中山区人民政府网站", ("zfb@dlzs.gov.cn",), "empty_columns"),
    StandIn("dl-jpxq", "大连金普新区管委会网站", ("dzb@dljp.gov.cn",), "good"),
)
BY_HOST = {s.host: s for s in STAND_INS}

# (name, path, kind): the columns every stand-in has and the demo watches.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("政务要闻", "col/zwyw/", "news"),
    ("部门动态", "col/bmdt/", "news"),
    ("通知公告", "col/tzgg/", "notice"),
    ("政策文件", "col/zcwj/", "policy"),
    ("政策解读", "col/zcjd/", "policy"),
    ("机构概况", "col/jggk/", "other"),
)
ITEMS_PER_COLUMN = 10
TOPICS = (
    "优化营商环境", "政务公开", "公共法律服务", "养老服务", "就业创业", "城市更新", "乡村振兴", "安全生产",
)  # fmt: skip


def home_url(site: StandIn, port: int) -> str:
    return f"http://{site.host}:{port}/"


def demo_pins(port: int) -> list[str]:
    """curl-style pins of every stand-in host on `port` to loopback (both families)."""
    return [f"{s.host}:{port}:{','.join(LOOPBACK)}" for s in STAND_INS]


def _empty_columns(site: StandIn) -> int:
    return 5 if site.profile == "empty_columns" else 0


def _stale_column(site: StandIn) -> str | None:
    return "col/zcjd/" if site.profile == "ipv6_gap" else None


def _item_date(site: StandIn, path: str, n: int, today: date) -> date:
    if path == _stale_column(site):
        return today - timedelta(days=200 + 9 * n)
    kind = next(k for _, p, k in COLUMNS if p == path)
    step = 2 if kind == "news" else 9
    return today - timedelta(days=(n * step) + (len(site.code) + len(path)) % 2)


def _ipv6_fails(site: StandIn, path: str) -> bool:
    """Whether the page is broken over IPv6 (the profile's IPv6 gap)."""
    if not path.startswith("/art/"):
        return False
    n = sum(map(ord, path))
    if site.profile == "ipv6_gap":
        return n % 7 == 0
    if site.profile == "improving":
        return n % 23 == 0
    return False


def _page(title: str, body: str, *, site: StandIn, today: date) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="PubDate" content="{today.isoformat()} 09:00">'
        f"<title>{html.escape(title)}</title></head><body>"
        f'<header><h1><a href="/">{html.escape(site.name)}</a></h1><nav><ul>'
        + "".join(f'<li class="nav"><a href="/{p}">{n}</a></li>' for n, p, _ in COLUMNS)
        + "</ul></nav>"
        '<form role="search" action="/search/"><input type="search" name="q" aria-label="站内搜索"></form>'
        f"</header><main>{body}</main>"
        f"<footer><p>主办：{html.escape(site.name)}（演示站点，仅在本机提供）</p></footer></body></html>"
    )


def _title(site: StandIn, path: str, n: int) -> str:
    name = next(c for c, p, _ in COLUMNS if p == path)
    return f"{site.name.removesuffix('网站')}{TOPICS[(n + len(path)) % len(TOPICS)]}{name}（第{n + 1}期）"


def _list(site: StandIn, path: str, today: date) -> str:
    slug = path.split("/")[1]
    return (
        "<ul>"
        + "".join(
            f'<li><a href="/art/{slug}/{n + 1}.html">{html.escape(_title(site, path, n))}</a>'
            f"<span>{_item_date(site, path, n, today).isoformat()}</span></li>"
            for n in range(ITEMS_PER_COLUMN)
        )
        + "</ul>"
    )


def page(host: str, path: str, *, today: date, family: int) -> tuple[int, str]:
    """Status and HTML of `path` on the stand-in `host` as seen over IPv`family` on `today`."""
    site = BY_HOST.get(host)
    path = path.split("?", 1)[0].split("#", 1)[0] or "/"
    if site is None:
        return 404, "<!DOCTYPE html><title>404</title><p>未知的演示站点</p>"
    if family == 6 and _ipv6_fails(site, path):
        return 404, _page("页面不存在", "<p>页面不存在</p>", site=site, today=today)
    columns = [p for _, p, _ in COLUMNS]
    empty = set(columns[: _empty_columns(site)])
    if path == "/":
        latest = "".join(
            f'<li><a href="/art/{p.split("/")[1]}/{n + 1}.html">{html.escape(_title(site, p, n))}</a>'
            f"<span>{_item_date(site, p, n, today).isoformat()}</span></li>"
            for p in columns[:3]
            if p not in empty
            for n in range(3)
        )
        body = f"<h2>最新信息</h2><ul>{latest}</ul>"
        if site.code != "dl":
            body += '<p><a href="http://dl.test:{PORT}/">大连市人民政府门户网站</a></p>'
        return 200, _page(site.name, body, site=site, today=today)
    if path.lstrip("/") in columns:
        column = path.lstrip("/")
        name = next(n for n, p, _ in COLUMNS if p == column)
        listing = "<p>暂无信息</p>" if column in empty else _list(site, column, today)
        return 200, _page(name, f"<h2>{name}</h2>{listing}", site=site, today=today)
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] == "art" and f"col/{parts[1]}/" in columns and parts[2].endswith(".html"):
        column = f"col/{parts[1]}/"
        try:
            n = int(parts[2].removesuffix(".html")) - 1
        except ValueError:
            n = -1
        if column in empty or not 0 <= n < ITEMS_PER_COLUMN:
            return 404, _page("页面不存在", "<p>页面不存在</p>", site=site, today=today)
        title = _title(site, column, n)
        body = (
            f"<article><h2>{html.escape(title)}</h2>"
            f"<p>发布日期：{_item_date(site, column, n, today).isoformat()}</p>"
            f"<p>{html.escape(title)}的正文。本页由演示数据生成，只在本机提供。</p>"
            f'<p><a href="/{column}">返回栏目</a></p></article>'
        )
        # Dead links, as real sites have: one on the good sites, more elsewhere.
        dead = 1 if site.profile == "good" else 4
        if n < dead:
            body += f'<p><a href="/art/{parts[1]}/old-{n + 1}.html">相关旧文</a></p>'
        return 200, _page(title, body, site=site, today=today)
    return 404, _page("页面不存在", "<p>页面不存在</p>", site=site, today=today)


# --- the server -----------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a quiet console: a line per request would drown the demo's own log

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        host = self.headers.get("Host", "").rsplit(":", 1)[0].lower()
        status, text = page(host, self.path, today=self.server.today(), family=self.server.family)
        body = text.replace("{PORT}", str(self.server.port)).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64
    family = 4

    def __init__(self, address: tuple[str, int], today: Callable[[], date]) -> None:
        super().__init__(address, _Handler)
        self.port = self.server_address[1]
        self.today = today

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a crawler hanging up early is not an error worth a traceback


class _Server6(_Server):
    address_family = socket.AF_INET6
    family = 6


class StandInServers:
    """The stand-ins on 127.0.0.1 and ::1, same port (0: any free one), in daemon threads."""

    def __init__(self, port: int, *, today: Callable[[], date]) -> None:
        self.servers: list[_Server] = []
        v6: _Server | None
        try:
            v6 = _Server6(("::1", port), today)
        except OSError:
            v6 = None  # no IPv6 loopback on this machine: the stand-ins are IPv4-only
        self.port = v6.port if v6 is not None else port
        self.servers.append(_Server(("127.0.0.1", self.port), today))
        if v6 is not None:
            self.servers.append(v6)
        self.port = self.servers[0].port
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True, name="zwgk-demo-sites").start()

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
