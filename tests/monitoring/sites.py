"""Test websites served for real on 127.0.0.1 and ::1, one ephemeral port per site.

A `Site` is a table of pages; a page may answer differently over IPv6 (a stub, an error) and
may be keyed by host name too, so that one server plays several hosts (``news.gov-a.test``).
`serve()` binds ::1 first with port 0, then 127.0.0.1 on the same port (retrying on a
collision), and runs both in daemon threads. Tests reach the sites through curl-style pins, never
through DNS. ``{PORT}`` in a body is replaced by the site's port, for absolute links.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Family = int  # 4 or 6


@dataclass
class Answer:
    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow page)
    chunked: bool = False  # no Content-Length, body sent in chunks


def html(title: str, body: str = "", *, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


def links(*hrefs: str) -> str:
    return "<ul>" + "".join(f'<li><a href="{h}">{h}</a></li>' for h in hrefs) + "</ul>"


STUB = html("IPv6 改造中", "<p>本站 IPv6 改造中，请使用 IPv4 访问。</p>")


class Site:
    def __init__(self, name: str) -> None:
        self.name = name
        self.pages: dict[str, Answer | Callable[[Request], Answer]] = {}
        self.v6_pages: dict[str, Answer | Callable[[Request], Answer]] = {}
        self.v6_default: Answer | None = None  # every path over IPv6, e.g. a stub page
        self.fallback: Callable[[Request], Answer] | None = None  # pages made on the fly

    def page(self, path: str, body: str | bytes = "", *, v6: Answer | None = None, **kw: Any) -> Site:
        self.pages[path] = Answer(body=body, **kw)
        if v6 is not None:
            self.v6_pages[path] = v6
        return self

    def route(self, path: str, handler: Callable[[Request], Answer]) -> Site:
        self.pages[path] = handler
        return self

    def answer(self, request: Request) -> Answer:
        keys = (request.host + request.path, request.path)
        if request.family == 6:
            for key in keys:
                if key in self.v6_pages:
                    return _call(self.v6_pages[key], request)
            if self.v6_default is not None:
                return self.v6_default
        for key in keys:
            if key in self.pages:
                return _call(self.pages[key], request)
        if self.fallback is not None:
            return self.fallback(request)
        return Answer(404, html("404 Not Found", "<p>页面不存在</p>"))


def _call(entry: Answer | Callable[[Request], Answer], request: Request) -> Answer:
    return entry(request) if callable(entry) else entry


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    host: str  # without the port
    host_header: str
    family: Family
    headers: dict[str, str]


class Stats:
    """What the servers saw: requests, connections per family, peak concurrency."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[Request] = []
        self.connections = {4: 0, 6: 0}
        self.in_flight: dict[str, int] = {}
        self.peak: dict[str, int] = {}  # per path: tests share servers, and slow pages linger

    def paths(self, family: Family | None = None) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests if family is None or r.family == family]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so that connection reuse can be observed
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Head and body go out in separate writes: without this, Nagle + delayed ACK add 40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.stats.lock:
            self.server.stats.connections[self.server.family] += 1

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        stats = self.server.stats
        host_header = self.headers.get("Host", "")
        host = host_header.rsplit(":", 1)[0] if not host_header.startswith("[") else host_header
        request = Request(
            self.command, self.path, host.lower(), host_header, self.server.family, dict(self.headers.items())
        )
        with stats.lock:
            stats.requests.append(request)
            now = stats.in_flight[request.path] = stats.in_flight.get(request.path, 0) + 1
            stats.peak[request.path] = max(stats.peak.get(request.path, 0), now)
        try:
            answer = self.server.site.answer(request)
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.body
            if isinstance(body, str):
                body = body.replace("{PORT}", str(self.server.port)).encode("utf-8")
            self.send_response(answer.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
            for name, value in headers.items():
                self.send_header(name, value.replace("{PORT}", str(self.server.port)))
            if answer.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            if answer.chunked:
                for i in range(0, len(body), 16384):
                    piece = body[i : i + 16384]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.wfile.write(body)
        finally:
            with stats.lock:
                stats.in_flight[request.path] -= 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops concurrent SYNs: a 1 s retransmit each
    allow_reuse_address = False  # a collision on the shared port must be seen, not hidden
    family: Family = 4

    def __init__(
        self, address: tuple[str, int], site: Site, stats: Stats, tls: ssl.SSLContext | None
    ) -> None:
        super().__init__(address, _Handler)
        self.site = site
        self.stats = stats
        self.port = self.server_address[1]
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out and hang up are part of the tests


class _Server6(_Server):
    address_family = socket.AF_INET6
    family = 6


@dataclass
class Running:
    site: Site
    port: int
    families: tuple[Family, ...]
    stats: Stats
    servers: list[_Server]
    scheme: str = "http"

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.site.name}:{self.port}{path}"

    def pin(self, host: str | None = None, families: Iterable[Family] | None = None) -> str:
        """A --resolve entry for this site: HOST:PORT:127.0.0.1,::1 (the families it serves)."""
        fams = tuple(families) if families is not None else self.families
        addrs = [a for f, a in ((4, "127.0.0.1"), (6, "::1")) if f in fams]
        return f"{host or self.site.name}:{self.port}:{','.join(addrs)}"

    def stop(self) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()


def start(site: Site, *, families: Iterable[Family] = (4, 6), tls: ssl.SSLContext | None = None) -> Running:
    fams = tuple(families)
    stats = Stats()
    last: OSError | None = None
    for _ in range(50):
        servers: list[_Server] = []
        try:
            port = 0
            if 6 in fams:
                servers.append(_Server6(("::1", 0), site, stats, tls))
                port = servers[-1].port
            if 4 in fams:
                servers.append(_Server(("127.0.0.1", port), site, stats, tls))
                port = servers[-1].port
        except OSError as exc:  # the port taken on 127.0.0.1 by someone else: try another
            last = exc
            for s in servers:
                s.server_close()
            continue
        for s in servers:
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return Running(site, port, fams, stats, servers, "https" if tls else "http")
    raise RuntimeError(f"could not bind one port on both families: {last}")


@contextmanager
def serve(
    site: Site, *, families: Iterable[Family] = (4, 6), tls: ssl.SSLContext | None = None
) -> Iterator[Running]:
    running = start(site, families=families, tls=tls)
    try:
        yield running
    finally:
        running.stop()


# --------------------------------------------------------------------------------------------
# The sites


def dual_stack_site() -> Site:
    """gov-a.test, on both families. 10 depth-2 pages (one of them on news.gov-a.test), each with
    two depth-3 pages (20). Over IPv6: /d2/10.html is missing (404), /d3/1-1.html is a stub and
    /d3/2-1.html fails (503): depth 2 = 9/10, depth 3 = 18/20, exactly the 90% target.
    The home page also links to gov-b.test (external) and to a PDF on gov-b.test."""
    site = Site("gov-a.test")
    d2 = [f"/d2/{i}.html" for i in range(1, 10)] + ["http://news.gov-a.test:{PORT}/d2/10.html"]
    home_links = [*d2, "/", "/#top", "http://gov-b.test:{BPORT}/", "mailto:xxgk@gov-a.test", "javascript:;"]
    site.page("/", html("某市人民政府门户网站", "<h1>某市人民政府</h1>" + links(*home_links)))
    for i in range(1, 11):
        # Absolute links from news.gov-a.test back to gov-a.test, so that they are the same URLs.
        base = "" if i < 10 else "http://gov-a.test:{PORT}"
        hrefs = [f"{base}/d3/{i}-1.html", f"{base}/d3/{i}-2.html", f"{base}/", f"{base}/d2/1.html"]
        body = f"<p>第 {i} 页 正文内容 政务公开</p>" + links(*hrefs)
        page = html(f"二级页面 {i}", body)
        path = f"/d2/{i}.html" if i < 10 else "news.gov-a.test/d2/10.html"
        site.page(path, page, v6=Answer(404, html("404 Not Found")) if i == 10 else None)
        for j in (1, 2):
            v6 = {(1, 1): Answer(body=STUB), (2, 1): Answer(503, "unavailable")}.get((i, j))
            site.page(f"/d3/{i}-{j}.html", html(f"三级页面 {i}-{j}", f"<p>内容 {i}-{j}</p>"), v6=v6)
    return site


def wide_site(fanout: int = 100) -> Site:
    """gov-w.test: `fanout` depth-2 pages with `fanout` depth-3 pages each (100 → 10,101 pages),
    made on the fly; every page links home and to the first column, as real menus do."""
    site = Site("gov-w.test")
    text = "<p>" + "大连市人民政府办公室关于做好政务公开工作的通知。" * 40 + "</p>"
    nav = '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/d2/0.html">栏目</a></li></ul>'

    def page(request: Request) -> Answer:
        path = request.path
        if path == "/":
            hrefs = [f"/d2/{i}.html" for i in range(fanout)]
        elif path.startswith("/d2/") and path.endswith(".html"):
            i = path[4:-5]
            hrefs = [f"/d3/{i}-{j}.html" for j in range(fanout)]
        elif path.startswith("/d3/"):
            hrefs = []
        else:
            return Answer(404, html("404 Not Found"))
        items = "".join(f'<li><a href="{h}">文章 {h}</a> [11-20]</li>' for h in hrefs)
        return Answer(body=html(f"页面 {path}", nav + text + f"<ul>{items}</ul>"))

    site.fallback = page
    return site


def partner_site() -> Site:
    """gov-b.test (an external site) on both families; old-partner.test redirects off to it."""
    site = Site("gov-b.test")
    site.page("/", html("合作单位", "<p>合作单位首页</p>"))
    site.page("/landing", html("落地页", "<p>广告</p>"))
    site.page("old-partner.test/", status=302, headers={"Location": "http://gov-b.test:{PORT}/landing"})
    site.page("spam.test/", html("spam", "<p>spam</p>"))
    return site


def ipv4_only_site() -> Site:
    """gov-v4.test: 3 depth-2 pages with 2 depth-3 pages each, served on 127.0.0.1 only."""
    site = Site("gov-v4.test")
    site.page("/", html("仅 IPv4 网站", links("/a.html", "/b.html", "/c.html")))
    for name in "abc":
        site.page(f"/{name}.html", html(name, links(f"/{name}/1.html", f"/{name}/2.html")))
        for j in (1, 2):
            site.page(f"/{name}/{j}.html", html(f"{name}{j}", "<p>内容</p>"))
    return site


def stub_site() -> Site:
    """gov-stub.test: dual-stack, but every IPv6 answer is the same stub page."""
    site = Site("gov-stub.test")
    site.page("/", html("某区人民政府", "<p>欢迎访问</p>" + links("/x.html", "/y.html")))
    site.page("/x.html", html("X", links("/x/1.html")))
    site.page("/y.html", html("Y", "<p>y</p>"))
    site.page("/x/1.html", html("X1", "<p>x1</p>"))
    site.v6_default = Answer(body=STUB)
    return site


def broken_site() -> Site:
    """gov-c.test: broken, slow, looping and redirected links, dead and hijacked outbound links
    and a hidden spam link. Pair it with `partner_site()` (its port is {BPORT})."""
    site = Site("gov-c.test")
    home = links(
        "/ok.html",
        "/missing.html",
        "/error.html",
        "/slow.html",
        "/loop",
        "/moved",
        "/files/report.pdf",
        "http://dead.test/",
        "http://gov-b.test:{BPORT}/missing",
        "http://old-partner.test:{BPORT}/",
        "http://gov-b.test:{BPORT}/",
        "http://127.0.0.1:{PORT}/admin",  # an address the guard refuses: not checked
    )
    hidden = '<div style="position:absolute; left:-9999px"><a href="http://spam.test:{BPORT}/">博彩</a></div>'
    site.page("/", html("某县人民政府", home + hidden))
    site.page("/ok.html", html("正常", links("/deep-missing.html", "/ok2.html")))
    site.page("/ok2.html", html("正常2", "<p>ok</p>"))
    site.page("/error.html", status=500, body="oops")
    site.page("/slow.html", html("慢", "<p>slow</p>"), delay=3.0)
    site.page("/loop", status=302, headers={"Location": "/loop2"})
    site.page("/loop2", status=302, headers={"Location": "/loop"})
    site.page("/moved", status=301, headers={"Location": "/ok2.html"})
    site.page("/files/report.pdf", b"%PDF-1.4 fake", headers={"Content-Type": "application/pdf"})
    return site


def columns_site() -> Site:
    """gov-d.test, with columns as of 2026-11-27: two fresh and three stale news columns, one
    stale and one fresh notice column, a policy column untouched for over a year, and five empty
    columns. The home page was last updated 2026-11-20 (fresh)."""
    site = Site("gov-d.test")
    nav = links("/", "/col/news1/", "/col/news2/")  # menus are <li> too, without dates

    def column(title: str, entries: list[tuple[str, str]]) -> str:
        items = "".join(
            f'<li><a href="/art/{i}.html">{t}</a><span>{d}</span></li>' for i, (t, d) in enumerate(entries)
        )
        listing = f'<ul class="list">{items}</ul>' if entries else '<div class="list">暂无信息</div>'
        return html(title, nav + listing)

    home_items = (
        '<ul><li><a href="/art/1.html">要闻一</a>[11-20]</li>'
        '<li><a href="/art/2.html">要闻二</a>[11-18]</li></ul>'
    )
    site.page("/", html("某开发区管委会", nav + home_items))
    site.page("/col/news1/", column("要闻", [("新闻A", "2026-11-20"), ("新闻B", "2026-11-01")]))
    site.page("/col/news2/", column("动态", [("动态A", "2026年11月13日")]))  # exactly 14 days: fresh
    site.page("/col/news3/", column("部门动态", [("动态B", "2026-11-12")]))  # 15 days: stale
    site.page("/col/news4/", column("区县动态", [("动态C", "[10-01]")]))
    site.page("/col/news5/", column("图片新闻", [("图片", "2026/09/30")]))
    site.page("/col/notice1/", column("通知公告", [("通知", "2026-05-26")]))  # 6 months + 1 day
    site.page("/col/notice2/", column("公示公告", [("公示", "2026-05-27")]))  # exactly 6 months
    site.page("/col/policy1/", column("政策文件", [("文件", "2025-10-01")]))
    for i in range(1, 6):
        site.page(f"/col/empty{i}/", column(f"空栏目{i}", []))
    return site


@contextmanager
def serve_all(*sites: tuple[Site, Iterable[Family]]) -> Iterator[list[Running]]:
    """Serve several sites; ``{BPORT}`` in any body is the port of the last one (the partner)."""
    started: list[Running] = []
    try:
        for site, fams in sites:
            started.append(start(site, families=fams))
        partner = started[-1].port
        for running in started:
            _substitute(running.site, "{BPORT}", str(partner))
        yield started
    finally:
        for running in started:
            running.stop()


def _substitute(site: Site, marker: str, value: str) -> None:
    for table in (site.pages, site.v6_pages):
        for entry in table.values():
            if isinstance(entry, Answer):
                if isinstance(entry.body, str):
                    entry.body = entry.body.replace(marker, value)
                entry.headers = {k: v.replace(marker, value) for k, v in entry.headers.items()}


# --------------------------------------------------------------------------------------------
# A site to harvest (集约整合): document pages in the two common layouts


HARVEST_DOCS: list[dict[str, str]] = [
    # layout "table": a TRS-style 信息公开 table of label/value cells, meta tags in the head
    {
        "path": "/art/2026/3/5/art_101_1.html",
        "layout": "table",
        "title": "大连市司法局关于印发《大连市行政执法公示办法》的通知",
        "index_no": "2102000000-sfj/2026-00012",
        "publisher": "大连市司法局",
        "doc_no": "大司发〔2026〕3号",
        "signed_on": "2026年03月01日",
        "published_on": "2026年03月05日",
        "subject": "公安、安全、司法",
        "validity": "有效",
        "keywords": "行政执法,公示",
    },
    {
        "path": "/art/2026/2/20/art_101_2.html",
        "layout": "table",
        "title": "大连市司法局关于开展2026年度法治宣传教育工作的通知",
        "index_no": "2102000000-sfj/2026-00008",
        "publisher": "大连市司法局",
        "doc_no": "大司发〔2026〕1号",
        "signed_on": "2026-02-18",
        "published_on": "2026-02-20",
        "subject": "公安、安全、司法",
        "validity": "有效",
        "keywords": "法治宣传",
    },
    # layout "list": <ul><li><span>label：</span>value</li> lines above an <h1> and #zoom
    {
        "path": "/art/2026/2/12/art_102_3.html",
        "layout": "list",
        "title": "大连市民政局关于调整城乡居民最低生活保障标准的通知",
        "index_no": "2102000000-mzj/2026-00004",
        "publisher": "大连市民政局",
        "doc_no": "大民发〔2026〕7号",
        "signed_on": "2026-02-10",
        "published_on": "2026-02-12",
        "subject": "民政、扶贫、救灾",
        "validity": "已废止",
        "keywords": "低保 救助",
    },
    # layout "dl": <dl><dt>label</dt><dd>value</dd>, no ArticleTitle meta, publisher unknown
    {
        "path": "/art/2025/12/30/art_103_4.html",
        "layout": "dl",
        "title": "关于做好2026年元旦春节期间困难群众走访慰问工作的通知",
        "index_no": "2102000000-dl/2025-00321",
        "publisher": "大连市慈善总会",
        "doc_no": "",
        "signed_on": "2025年12月28日",
        "published_on": "2025年12月30日",
        "subject": "民政、扶贫、救灾",
        "validity": "",
        "keywords": "",
    },
]
HARVEST_BODY = (
    '<p style="text-align: center">{title}</p>'
    "<p>各区市县人民政府，市政府各有关部门：</p>"
    "<p>现将有关事项通知如下，请结合实际认真贯彻执行。<script>alert(1)</script></p>"
    '<p onclick="evil()">一、提高思想认识。二、明确工作责任。三、加强督促检查。</p>'
)


def _harvest_page(doc: dict[str, str]) -> str:
    nav = links("/", "/col/zcwj/index.html")
    body = HARVEST_BODY.format(title=doc["title"])
    attachment = '<p>附件：<a href="/files/{n}.pdf">实施方案</a></p>'.format(
        n=doc["path"].rsplit("_", 1)[-1][:-5]
    )
    fields = [
        ("索引号", doc["index_no"]),
        ("主题分类", doc["subject"]),
        ("发布机构", doc["publisher"]),
        ("成文日期", doc["signed_on"]),
        ("发文字号", doc["doc_no"]),
        ("发布日期", doc["published_on"]),
        ("有效性", doc["validity"]),
    ]
    if doc["layout"] == "table":
        pubdate = doc["published_on"].replace("年", "-").replace("月", "-")[:10]
        cells = "".join(
            f"<tr><th>{a}：</th><td>{b}</td><th>{c}：</th><td>{d}</td></tr>"
            for (a, b), (c, d) in zip(fields[0::2], [*fields[1::2], ("标题", doc["title"])], strict=False)
        )
        head = (
            f'<meta name="ArticleTitle" content="{doc["title"]}">'
            f'<meta name="PubDate" content="{pubdate} 09:30">'
            f'<meta name="ContentSource" content="{doc["publisher"]}">'
            f'<meta name="Keywords" content="{doc["keywords"]}">'
            f'<meta name="Description" content="{doc["title"]}（摘要）">'
        )
        main = f'<table class="xxgk">{cells}</table><div class="TRS_Editor">{body}{attachment}</div>'
        return html(f"{doc['title']}_大连市人民政府", nav + main, head=head)
    if doc["layout"] == "list":
        items = "".join(f"<li><span>{label}：</span>{value}</li>" for label, value in fields)
        head = f'<meta name="Keywords" content="{doc["keywords"]}">'
        main = f'<div class="meta"><ul>{items}</ul></div><h1>{doc["title"]}</h1><div id="zoom">{body}</div>'
        return html(doc["title"], nav + main + attachment, head=head)
    items = "".join(f"<dt>{label}</dt><dd>{value or '无'}</dd>" for label, value in fields if value)
    main = f'<dl class="info">{items}</dl><div class="content"><h2>{doc["title"]}</h2>{body}</div>'
    return html(f"{doc['title']} - 政府信息公开", nav + main)


def harvest_site() -> Site:
    """gov-h.test: a 政策文件 column over two list pages (下一页) with four document pages in the
    table, list and dl layouts, one page that is not a document (an image-only notice) and one
    that is gone (404)."""
    site = Site("gov-h.test")
    nav = links("/", "/col/zcwj/index.html", "/col/jggk/index.html")  # menus: no dates

    def listing(entries: list[tuple[str, str, str]], next_page: str | None) -> str:
        rows = "".join(f'<li><a href="{p}">{t}</a><span>{d}</span></li>' for p, t, d in entries)
        pager = f'<a href="{next_page}">下一页</a>' if next_page else ""
        return html(
            "政策文件_大连市人民政府", nav + f'<ul class="list">{rows}</ul><div class="pager">{pager}</div>'
        )

    docs = [(d["path"], d["title"], d["published_on"]) for d in HARVEST_DOCS]
    site.page("/", html("旧网站首页", nav))
    site.page(
        "/col/zcwj/index.html",
        listing([*docs[:3], ("/art/notice.html", "图片公告", "2026-01-05")], "index_1.html"),
    )
    site.page(
        "/col/zcwj/index_1.html", listing([docs[3], ("/art/gone.html", "已删除的文件", "2025-11-01")], None)
    )
    for doc in HARVEST_DOCS:
        site.page(doc["path"], _harvest_page(doc))
    for n in range(1, 5):
        site.page(
            f"/files/{n}.pdf", b"%PDF-1.4\n%test attachment\n", headers={"Content-Type": "application/pdf"}
        )
    site.page("/art/notice.html", html("图片公告", nav + '<img src="/notice.jpg" alt="">'))
    return site
