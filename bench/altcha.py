"""What the proof of work costs a visitor (`make bench-altcha`): the vendored ALTCHA widget solving
real challenges in Chromium, as a desktop and as a phone, beside the server's cost to check one.

    .venv/bin/python -m bench.altcha [--runs 20] [--maxnumber 100000]

A page with the widget (the portal's own static files) is served from 127.0.0.1 by a small
threaded HTTP server that also hands out challenges made by `zwgk.core.proof_of_work`. Each run
loads the page, clicks the widget and times from the click to "verified". A phone is Chromium
with its CPU slowed down 4× and 6× (DevTools' CPU throttling, which also slows the Web Workers)
and 4 workers: Lighthouse's mid-range and low-end mobile settings. The solve time varies with the
secret number (uniform in 0…maxnumber), hence several runs and percentiles.
Writes bench/results/altcha.json and bench/results/altcha.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STATIC = ROOT / "zwgk" / "portal" / "static" / "vendor" / "altcha"
CHROMIUM = "/usr/bin/chromium"

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title>
<link rel="stylesheet" href="/altcha.css"><script src="/altcha.umd.js"></script></head><body>
<form><altcha-widget name="altcha" challengeurl="/challenge" workerurl="/worker.js" workers="{workers}"
hidelogo hidefooter></altcha-widget></form></body></html>"""


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def serve(workers: int) -> ThreadingHTTPServer:
    from zwgk.core.proof_of_work import challenge_new

    types = {".js": "text/javascript", ".css": "text/css"}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/":
                body, kind = PAGE.format(workers=workers).encode(), "text/html; charset=utf-8"
            elif self.path == "/challenge":
                body, kind = json.dumps(challenge_new()).encode(), "application/json"
            elif (STATIC / self.path.lstrip("/")).is_file() and "/" not in self.path.lstrip("/"):
                path = STATIC / self.path.lstrip("/")
                body, kind = path.read_bytes(), types.get(path.suffix, "application/octet-stream")
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def solve_times(profile: dict[str, Any], runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    server = serve(profile["workers"])
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    times: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        for _ in range(runs):
            page = browser.new_page()
            if profile["throttle"] > 1:
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["throttle"]})
            page.goto(url)
            page.wait_for_function("() => customElements.get('altcha-widget') !== undefined")
            started = time.perf_counter()
            page.locator("altcha-widget input[type=checkbox]").click()
            page.wait_for_function(
                "() => document.querySelector('altcha-widget input[name=altcha]')?.value", timeout=120_000
            )
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    server.shutdown()
    return times


def check_cost(n: int = 2000) -> float:
    """Server-side milliseconds to verify one payload (and remember it)."""
    from zwgk.core.proof_of_work import challenge_check, challenge_new, solve

    payloads = [solve(challenge_new()) for _ in range(n)]
    started = time.perf_counter()
    for payload in payloads:
        challenge_check(payload)
    return (time.perf_counter() - started) * 1000 / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--maxnumber", type=int, default=None, help="default: the setting (70,000)")
    args = parser.parse_args()
    if args.maxnumber:
        os.environ["ZWGK_ALTCHA_MAX_NUMBER"] = str(args.maxnumber)
    os.environ.setdefault("ZWGK_CACHE_URL", "locmem")
    _django()
    from django.conf import settings

    profiles = [
        {"name": "桌面（本机 Chromium）", "throttle": 1, "workers": os.cpu_count() or 2},
        {"name": "中端手机（CPU 降速 4×，4 个 worker）", "throttle": 4, "workers": 4},
        {"name": "低端手机（CPU 降速 6×，4 个 worker）", "throttle": 6, "workers": 4},
    ]
    rows = []
    for profile in profiles:
        times = sorted(solve_times(profile, args.runs))
        rows.append(
            {
                **profile,
                "runs": len(times),
                "p50_s": round(statistics.median(times), 3),
                "p90_s": round(times[int(0.9 * (len(times) - 1))], 3),
                "max_s": round(times[-1], 3),
                "mean_s": round(statistics.fmean(times), 3),
            }
        )
        print(f"{profile['name']}: p50 {rows[-1]['p50_s']} s, p90 {rows[-1]['p90_s']} s", file=sys.stderr)
    result = {
        "maxnumber": settings.ZWGK_ALTCHA_MAX_NUMBER,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "server_check_ms": round(check_cost(), 4),
        "profiles": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "altcha.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    lines = [
        f"# Proof of work: cost per submission (maxnumber {result['maxnumber']:,})",
        "",
        f"Machine: {result['machine']}. Server check: {result['server_check_ms']} ms per payload.",
        "",
        "| profile | runs | p50 s | p90 s | max s | mean s |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r['name']} | {r['runs']} | {r['p50_s']} | {r['p90_s']} | {r['max_s']} | {r['mean_s']} |"
            for r in rows
        ),
        "",
    ]
    (RESULTS / "altcha.md").write_text("\n".join(lines), "utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
