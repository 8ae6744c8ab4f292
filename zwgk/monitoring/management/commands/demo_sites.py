"""``zwgk demo-sites``: serve the demo's stand-in agency websites on loopback (issue 20 item 3)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from zwgk.monitoring.standins import STAND_INS, StandInServers


class Command(BaseCommand):
    help = (
        "演示：在本机（127.0.0.1 与 ::1）提供被监测网站的替身站点，演示不向外发出任何请求"
        "（zwgk serve 在演示模式下自动启动）"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=None, help="端口（默认 ZWGK_DEMO_SITES_PORT）")

    def handle(self, *args: Any, port: int | None, **options: Any) -> None:
        port = settings.ZWGK_DEMO_SITES_PORT if port is None else port
        servers = StandInServers(port, today=timezone.localdate)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        if options["verbosity"] > 1:
            hosts = "、".join(s.host for s in STAND_INS)
            self.stdout.write(f"演示替身站点：{hosts}，端口 {servers.port}")
        stop.wait()
        servers.close()
