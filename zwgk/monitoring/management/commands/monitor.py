"""``zwgk monitor check URL [--resolve HOST:PORT:ADDR[,ADDR…]]… [--depth 3] [--json]`` (API.md).

Inspects one site now and prints the API.md JSON (``--json``) or a bilingual summary. Imports
no models: it runs before any site is registered.
"""

from __future__ import annotations

import asyncio
import json
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zwgk.core.http import Pins
from zwgk.monitoring.inspect import MAX_DEPTH, CrawlSettings, inspect_site


class Command(BaseCommand):
    help = "Website monitoring (网站监测): `monitor check URL` inspects one site now."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("check", help="inspect one site now: IPv6, depth-2/3 links, broken links")
        check.add_argument("url")
        check.add_argument(
            "--resolve",
            action="append",
            default=[],
            metavar="HOST:PORT:ADDR[,ADDR…]",
            help="pin HOST:PORT to these addresses like curl (an IPv6 address stands for AAAA); "
            "pinned addresses are trusted, loopback included",
        )
        check.add_argument("--depth", type=int, default=MAX_DEPTH, choices=range(1, MAX_DEPTH + 1))
        check.add_argument("--json", action="store_true", help="print the API.md JSON")
        check.add_argument("--max-pages", type=int, default=CrawlSettings.max_pages)
        check.add_argument("--no-external", action="store_true", help="do not check outbound links")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check":
            self._check(options)

    def _check(self, options: dict[str, Any]) -> None:
        try:
            pins = Pins.parse(options["resolve"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        crawl = CrawlSettings(max_pages=options["max_pages"], check_external=not options["no_external"])
        try:
            report = asyncio.run(
                inspect_site(
                    options["url"],
                    pins=pins,
                    depth=options["depth"],
                    settings=crawl,
                    # Intranet deployments monitor sites on private addresses (a deployment flag).
                    allow_private=bool(getattr(settings, "ZWGK_MONITOR_ALLOW_PRIVATE", False)),
                )
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(report))


def _yes(flag: bool) -> str:
    return "是 yes" if flag else "否 no"


def _fetch_line(label: str, probe: dict[str, Any]) -> str:
    if probe["ok"]:
        return f"  {label}: 可访问 reachable (HTTP {probe['status']}, {probe['ms']} ms)"
    status = f"HTTP {probe['status']}" if probe["status"] is not None else "无响应 no response"
    return f"  {label}: 不可访问 unreachable ({status})"


def render_text(report: dict[str, Any]) -> str:
    home = report["home"]
    lines = [
        f"网站检查 Site check: {report['url']}",
        f"检查时间 Checked at: {report['checked_at']}",
        "首页 Home page:",
        _fetch_line("IPv4", home["ipv4"]),
        _fetch_line("IPv6", home["ipv6"]),
        f"  AAAA 记录 record: {_yes(home['aaaa'])}",
        f"  IPv6 内容一致 content consistent: {_yes(home['content_consistent'])}",
    ]
    for level, label in (("2", "二级链接 Depth-2 links"), ("3", "三级链接 Depth-3 links")):
        d = report["depth"][level]
        ratio = "—" if d["ratio"] is None else f"{d['ratio'] * 100:.1f}%"
        lines.append(f"{label}: {d['ipv6_ok']}/{d['links']} IPv6 可达 reachable ({ratio})")
    broken = report["broken_links"]
    lines.append(f"错链 Broken links: {len(broken)}")
    for b in broken:
        status = b["status"] if b["status"] is not None else "—"
        lines.append(f"  [{status}] {b['url']}  (所在页面 found on {b['found_on']})")
    lines.append(f"IPv6 达标 compliant: {_yes(report['ipv6_compliant'])}")
    return "\n".join(lines)
