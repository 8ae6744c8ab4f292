"""Inspection-round benchmark (`make bench-monitor`): our engine and `wget --spider -r` side by side.

    .venv/bin/python -m bench.monitor [--pages 10000] [--hosts 5] [--latency 5-20] [--skip-wget]

A generated government site of `--pages` pages across `--hosts` host names (www.bench.test,
news.bench.test, …) is served by a small asyncio HTTP/1.1 server in a process of its own, bound to
127.0.0.1 and ::1 on one port, with a per-request latency drawn from `--latency` (milliseconds) to
model a network: on pure loopback everything is CPU-bound and the numbers say little about a real
round. Shape: the home page links 100 column pages (spread over the hosts); each column page links
~97 article pages of its host, one PDF and one missing page (404); every page
carries the site menu (links back home and to the first columns), ~6 KB of Chinese text and dated
list entries, like a real CMS page.

Each scenario runs, one after the other against the same server:
- our engine (`zwgk.monitoring.inspect.run_inspection`, depth 3, production defaults: 64 URLs in
  flight, 8 connections per host), in a child process, with curl-style pins for the host names —
  it fetches every internal page twice, over IPv4 and over IPv6, and compares the two (RULES §5.2);
- `wget --spider -r -l 2 -H -D bench.test` (Debian's wget; depth 2 from the home page is our depth
  3), through the server used as its HTTP proxy: wget has no `--resolve`, and as a proxy the
  server sees the same absolute URLs, so no name is ever looked up. wget fetches each page once,
  over one family, one request at a time.

Peak memory is each child's own maximum resident set (wait4), CPU time its user + system time.
Writes bench/results/monitor.json and bench/results/monitor.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOMAIN = "bench.test"
HOST_LABELS = ["www", "news", "zwgk", "fw", "bsdt", "hd", "sj", "zt"]
COLUMNS = 100

_TEXT = (
    "为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政务公开质量和实效，"
    "根据《中华人民共和国政府信息公开条例》，结合本市实际，现就做好政府信息主动公开工作通知如下。"
)


# --- the site -------------------------------------------------------------------------------------


class SiteShape:
    def __init__(self, pages: int, hosts: int) -> None:
        if pages < 1 + COLUMNS * 4:
            raise SystemExit(f"--pages must be at least {1 + COLUMNS * 4}")
        self.hosts = [f"{HOST_LABELS[i]}.{DOMAIN}" for i in range(hosts)]
        # Each column page also links one PDF and one missing page (a broken link): every URL
        # counts, so the site has exactly `pages` distinct internal URLs.
        articles = pages - 1 - COLUMNS * 3
        base, extra = divmod(articles, COLUMNS)
        self.per_column = [base + (1 if i < extra else 0) for i in range(COLUMNS)]

    def column_host(self, i: int) -> str:
        return self.hosts[i % len(self.hosts)]

    def nav(self, port: int) -> str:
        items = [f'<li><a href="http://www.{DOMAIN}:{port}/">首页</a></li>']
        for i in range(5):
            items.append(f'<li><a href="http://{self.column_host(i)}:{port}/col/{i}/">栏目{i}</a></li>')
        return '<ul class="nav">' + "".join(items) + "</ul>"

    def answer(self, host: str, path: str, port: int) -> tuple[int, str, bytes]:
        """(status, content type, body) of one URL."""
        html = "text/html; charset=utf-8"
        if host == f"www.{DOMAIN}" and path in ("/", "/index.html"):
            links = [
                f'<li><a href="http://{self.column_host(i)}:{port}/col/{i}/">第{i}栏目</a>'
                f"<span>2026-11-2{i % 7}</span></li>"
                for i in range(COLUMNS)
            ]
            return 200, html, self.page("首页", port, links)
        m = re.fullmatch(r"/col/(\d+)/(?:(art/(\d+)\.html)|(files/(\d+)\.pdf))?", path)
        if m is None or int(m.group(1)) >= COLUMNS or host != self.column_host(int(m.group(1))):
            return 404, html, self.page("404 页面不存在", port, [])
        col = int(m.group(1))
        if m.group(4):
            return 200, "application/pdf", b"%PDF-1.4\n" + b"0" * 2000
        if m.group(2):
            art = int(m.group(3))
            if art >= self.per_column[col]:
                return 404, html, self.page("404 页面不存在", port, [])
            return 200, html, self.page(f"第{col}栏目 文章{art}", port, [], paragraphs=8)
        links = [
            f'<li><a href="/col/{col}/art/{j}.html">文章 {j}</a><span>[11-{1 + j % 28:02d}]</span></li>'
            for j in range(self.per_column[col])
        ]
        links.insert(
            len(links) // 2, f'<li><a href="/col/{col}/art/{self.per_column[col]}.html">已删除的文章</a></li>'
        )
        links.append(f'<li><a href="/col/{col}/files/{col}.pdf">附件：年度报告.pdf</a></li>')
        return 200, html, self.page(f"第{col}栏目", port, links)

    def page(self, title: str, port: int, items: list[str], *, paragraphs: int = 4) -> bytes:
        text = "".join(f"<p>{_TEXT}</p>" for _ in range(paragraphs))
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="PubDate" content="2026-11-20 10:00"></head><body>{self.nav(port)}'
            f'<div class="main"><h1>{title}</h1>{text}<ul class="list">{"".join(items)}</ul></div>'
            "</body></html>"
        ).encode()


# --- the server (child process) ---------------------------------------------------------------


class Server:
    def __init__(self, shape: SiteShape, latency: tuple[float, float], seed: int = 1) -> None:
        self.shape = shape
        self.latency = latency
        self.random = random.Random(seed)
        self.port = 0
        self.requests = 0
        self.by_method: dict[str, int] = {}
        self.by_family = {4: 0, 6: 0}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        family = 6 if ":" in writer.get_extra_info("sockname")[0] else 4
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {
                    k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)
                }
                if target.startswith("http://"):  # absolute form: we are wget's proxy
                    rest = target[7:]
                    hostport, _, path = rest.partition("/")
                    path = "/" + path
                else:
                    hostport, path = headers.get("host", ""), target
                host = hostport.rsplit(":", 1)[0].lower()
                if path == "/__stats":
                    body = json.dumps(
                        {"requests": self.requests, "methods": self.by_method, "families": self.by_family}
                    ).encode()
                    self.requests, self.by_method, self.by_family = 0, {}, {4: 0, 6: 0}
                    status, ctype = 200, "application/json"
                else:
                    self.requests += 1
                    self.by_method[method] = self.by_method.get(method, 0) + 1
                    self.by_family[family] += 1
                    lo, hi = self.latency
                    if hi > 0:
                        await asyncio.sleep(self.random.uniform(lo, hi) / 1000)
                    status, ctype, body = self.shape.answer(host, path, self.port)
                reason = {200: "OK", 404: "Not Found"}[status]
                out = (
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
                ).encode()
                writer.write(out if method == "HEAD" else out + body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def serve(self, port_file: Path) -> None:
        v6 = await asyncio.start_server(self.handle, "::1", 0, backlog=1024)
        self.port = v6.sockets[0].getsockname()[1]
        v4 = await asyncio.start_server(self.handle, "127.0.0.1", self.port, backlog=1024)
        port_file.write_text(str(self.port))
        async with v6, v4:
            await asyncio.gather(v6.serve_forever(), v4.serve_forever())


# --- the engine (child process) ---------------------------------------------------------------


def run_engine(port: int, hosts: list[str], pages: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from zwgk.core.http import StaticResolver
    from zwgk.monitoring.inspect import CrawlSettings, run_inspection

    pins = [f"{h}:{port}:127.0.0.1,::1" for h in hosts]
    started = time.perf_counter()
    inspection = asyncio.run(
        run_inspection(
            f"http://www.{DOMAIN}:{port}/",
            pins=pins,
            resolver=StaticResolver(),
            settings=CrawlSettings(max_pages=pages),
        )
    )
    elapsed = time.perf_counter() - started
    report = inspection.as_json()
    return {
        "elapsed_s": round(elapsed, 2),
        "pages": inspection.pages,
        "truncated": inspection.truncated,
        "broken_links": len(report["broken_links"]),
        "depth": report["depth"],
        "ipv6_compliant": report["ipv6_compliant"],
    }


# --- the parent -------------------------------------------------------------------------------


def _child(
    cmd: list[str], *, stdout: Any = subprocess.PIPE, env: dict[str, str] | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    out = proc.stdout.read() if proc.stdout is not None else b""
    err = proc.stderr.read() if proc.stderr is not None else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "returncode": proc.returncode,
        "stdout": out.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"),
    }


def _stats(port: int) -> dict[str, Any]:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /__stats HTTP/1.1\r\nHost: control\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return json.loads(data.split(b"\r\n\r\n", 1)[1])


def _server_cpu(pid: int) -> float:
    """CPU seconds the server process has used so far (user + system, from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _engine(port: int, hosts: list[str], pages: int) -> dict[str, Any]:
    _stats(port)
    cmd = [
        sys.executable,
        "-m",
        "bench.monitor",
        "--engine-child",
        str(port),
        "--pages",
        str(pages),
        "--hosts",
        str(len(hosts)),
    ]
    run = _child(cmd)
    if run["returncode"] != 0:
        raise SystemExit(f"engine failed:\n{run['stderr']}")
    result = json.loads(run["stdout"])
    server = _stats(port)
    return {
        "tool": "zwgk engine",
        "elapsed_s": result["elapsed_s"],
        "pages": result["pages"],
        "pages_per_s": round(result["pages"] / result["elapsed_s"], 1),
        "requests": server["requests"],
        "requests_by_family": server["families"],
        "cpu_s": run["cpu_s"],
        "peak_rss_mb": run["peak_rss_mb"],
        "broken_links": result["broken_links"],
        "depth": result["depth"],
        "truncated": result["truncated"],
    }


def _wget(port: int) -> dict[str, Any]:
    wget = shutil.which("wget")
    if wget is None:
        return {"tool": "wget --spider -r", "skipped": "wget not installed (make system-deps)"}
    _stats(port)
    log = ROOT / "var" / "bench" / "wget.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    cmd = [
        wget,
        "--spider",
        "-r",
        "-l",
        "2",
        "-H",
        "-D",
        DOMAIN,
        "-e",
        "robots=off",
        "-e",
        "use_proxy=on",
        "-e",
        f"http_proxy=http://127.0.0.1:{port}/",
        "--no-verbose",
        "-o",
        str(log),
        "--tries=1",
        "--timeout=15",
        f"http://www.{DOMAIN}:{port}/",
    ]
    run = _child(cmd, env=env)
    text = log.read_text(encoding="utf-8", errors="replace")
    server = _stats(port)
    m = re.search(r"Found (\d+) broken links?", text)
    # GETs log "URL:http…", HEAD-only answers "URL: http… 200 OK", 404s "broken link!!!".
    broken = int(m.group(1)) if m else 0
    pages = len(set(re.findall(r"URL: ?(http\S+)", text))) + broken
    elapsed = run["wall_s"]
    return {
        "tool": "wget --spider -r",
        "elapsed_s": elapsed,
        "pages": pages,
        "requests": server["requests"],
        "requests_by_method": server["methods"],
        "pages_per_s": round(pages / elapsed, 1) if elapsed else None,
        "cpu_s": run["cpu_s"],
        "peak_rss_mb": run["peak_rss_mb"],
        "broken_links": broken,
        "exit_code": run["returncode"],  # 8: some pages answered with errors (the 404s)
    }


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    wget = shutil.which("wget")
    wget_version = (
        subprocess.run([wget, "--version"], capture_output=True, text=True).stdout.splitlines()[0].rstrip(".")
        if wget
        else None
    )
    return {
        # Other work on the machine slows a CPU-bound round: the 1-minute load average at the end.
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "wget": wget_version,
    }


def _write(results: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "monitor.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    m = results["machine"]
    s = results["settings"]
    lines = [
        "# Inspection round benchmark (`make bench-monitor`)",
        "",
        f"Generated site: {s['pages']:,} pages on {s['hosts']} hosts ({', '.join(s['host_names'])}), "
        "served on "
        "127.0.0.1 and ::1 by an asyncio HTTP/1.1 server in its own process. Engine: depth 3, every internal "
        "page over IPv4 and IPv6 (2 requests a page), 64 URLs in flight, 8 connections per host. wget: "
        "`--spider -r -l 2 -H -D bench.test` through the server as its proxy (1 family, "
        "1 request at a time).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['os']}; "
        f"Python {m['python']}; {m['wget']}; load average at the end {m.get('load_average_1m')}.",
        "",
        "| latency per request | tool | pages | time (s) | pages/s | requests | CPU (s) | server CPU (s) "
        "| peak RSS (MB) "
        "| broken links |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for sc in results["scenarios"]:
        for r in sc["runs"]:
            if "skipped" in r:
                lines.append(
                    f"| {sc['latency_ms']} ms | {r['tool']} | — | — | — | — | — | — | {r['skipped']} |"
                )
                continue
            lines.append(
                f"| {sc['latency_ms']} ms | {r['tool']} | {r['pages'] or '—'} | {r['elapsed_s']} "
                f"| {r['pages_per_s']} | {r['requests']:,} | {r['cpu_s']} | {r.get('server_cpu_s', '—')} "
                f"| {r['peak_rss_mb']} | {r['broken_links']} |"
            )
        if sc.get("speedup") is not None:
            lines.append(f"| | **wget time ÷ engine time** | | **{sc['speedup']}×** | | | | | | |")
    lines += [
        "",
        "CPU = the tool's own user + system time; server CPU = the test server's during that run.",
        "",
        "Targets: a 10,000-page round in under 60 s, at least 3× faster than wget, bounded memory.",
        "",
    ]
    lines += [f"- {t}" for t in results["verdict"]]
    (RESULTS / "monitor.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=5, choices=range(1, len(HOST_LABELS) + 1))
    parser.add_argument("--latency", default="5-20,0", help="ms ranges, one scenario each: 5-20,0")
    parser.add_argument("--skip-wget", action="store_true")
    parser.add_argument("--serve", metavar="PORT_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--serve-latency", default="0-0", help=argparse.SUPPRESS)
    parser.add_argument("--engine-child", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    shape = SiteShape(args.pages, args.hosts)

    if args.serve:
        lo, _, hi = args.serve_latency.partition("-")
        asyncio.run(Server(shape, (float(lo), float(hi or lo))).serve(Path(args.serve)))
        return
    if args.engine_child:
        print(json.dumps(run_engine(args.engine_child, shape.hosts, args.pages)))
        return

    scenarios = []
    for spec in args.latency.split(","):
        lo, _, hi = spec.partition("-")
        latency = f"{lo}-{hi or lo}"
        port_file = ROOT / "var" / "bench" / "monitor.port"
        port_file.parent.mkdir(parents=True, exist_ok=True)
        port_file.unlink(missing_ok=True)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.monitor",
                "--serve",
                str(port_file),
                "--serve-latency",
                latency,
                "--pages",
                str(args.pages),
                "--hosts",
                str(args.hosts),
            ]
        )
        try:
            for _ in range(100):
                if port_file.exists() and port_file.read_text():
                    break
                time.sleep(0.05)
            port = int(port_file.read_text())
            print(f"latency {latency} ms: server on port {port}", file=sys.stderr)
            cpu0 = _server_cpu(server.pid)
            runs = [_engine(port, shape.hosts, args.pages)]
            runs[0]["server_cpu_s"] = round(_server_cpu(server.pid) - cpu0, 2)
            print(f"  engine: {runs[0]['elapsed_s']} s, {runs[0]['peak_rss_mb']} MB", file=sys.stderr)
            if not args.skip_wget:
                cpu0 = _server_cpu(server.pid)
                runs.append(_wget(port))
                runs[1]["server_cpu_s"] = round(_server_cpu(server.pid) - cpu0, 2)
                print(f"  wget: {runs[1].get('elapsed_s')} s", file=sys.stderr)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait()
        wget_run = runs[1] if len(runs) > 1 and "skipped" not in runs[1] else None
        speedup = round(wget_run["elapsed_s"] / runs[0]["elapsed_s"], 1) if wget_run else None
        scenarios.append({"latency_ms": latency, "runs": runs, "speedup": speedup})

    main_sc = scenarios[0]
    engine = main_sc["runs"][0]
    verdict = [
        f"10,000-page round under 60 s ({main_sc['latency_ms']} ms latency): "
        + ("met" if engine["elapsed_s"] < 60 else "MISSED")
        + f" — {engine['elapsed_s']} s.",
    ]
    if main_sc["speedup"] is not None:
        verdict.append(
            f"At least 3× faster than wget: {'met' if main_sc['speedup'] >= 3 else 'MISSED'} "
            f"— {main_sc['speedup']}×"
            " (while fetching every page twice, over IPv4 and IPv6)."
        )
    for sc in scenarios[1:]:
        if sc["speedup"] is not None and sc["speedup"] < 1:
            verdict.append(
                f"With {sc['latency_ms']} ms latency (pure loopback) wget is faster ({sc['speedup']}×): "
                "the round is "
                "CPU-bound there — two fetches a page, lxml parsing and IPv4/IPv6 comparison in Python on "
                "cores shared with the server — see docs/decisions/0010-monitor-rounds-and-benchmark.md."
            )
    verdict.append(
        f"Memory: peak RSS {engine['peak_rss_mb']} MB for the whole round (page bodies are dropped once read;"
        " what remains grows with the number of distinct URLs only)."
    )
    results = {
        "benchmark": "monitor",
        "machine": _machine(),
        "settings": {
            "pages": args.pages,
            "hosts": args.hosts,
            "host_names": shape.hosts,
            "columns": COLUMNS,
            "depth": 3,
            "engine": {"concurrency": 64, "per_host_connections": 8, "families": [4, 6]},
            "wget": "--spider -r -l 2 -H -D bench.test -e robots=off (via the server as HTTP proxy)",
        },
        "scenarios": scenarios,
        "verdict": verdict,
    }
    _write(results)
    print("\n".join(verdict))


if __name__ == "__main__":
    main()
