"""`zwgk search rebuild`: re-index every published item while the site keeps serving.

`zwgk search cluster` (PostgreSQL): rewrite the index in publication order (bulk.cluster_by_rowkey),
in a maintenance window: search waits for it (at a million items ~5 minutes to rewrite the
rows, ~8 to rebuild the GIN indexes with them).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from zwgk.search.bulk import cluster_by_rowkey
from zwgk.search.index import registered_sources
from zwgk.search.rebuild import expected_total, optimise, rebuild


class Command(BaseCommand):
    help = (
        "全文检索索引维护：rebuild 从目录重建索引（逐批替换，重建期间检索照常可用）；"
        "cluster 按发布日期重排 PostgreSQL 索引（期间检索暂停，请在维护窗口运行）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="re-index every published item, in place, with a progress bar")
        sub.add_parser("cluster", help="PostgreSQL: rewrite the index in publication order (locks search)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "cluster":
            self._cluster()
            return
        if options["action"] != "rebuild":
            raise CommandError(f"unknown action {options['action']}")
        if not registered_sources():
            raise CommandError("没有注册索引来源（zwgk.search.index.register_source）：目录应用未加载？")
        total = expected_total()
        started = time.monotonic()
        tty = sys.stderr.isatty()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            if total:
                filled = int(30 * min(done, total) / total)
                bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}"
            else:
                bar = f"{done:,}"
            line = f"{bar}  {rate:,.0f} 条/秒"
            # A bar redrawn in place on a terminal, plain lines in logs.
            self.stderr.write(f"\r{line}" if tty else line, ending="" if tty else "\n")

        indexed, removed = rebuild(progress=progress)
        if tty:
            self.stderr.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(f"已索引 {indexed:,} 条，移除 {removed:,} 条过期索引，用时 {elapsed:,.1f} 秒。")

    def _cluster(self) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite 的全文索引本就按发布日期存放，无需重排。")
            return
        started = time.monotonic()
        self.stderr.write("正在按发布日期重排索引，期间检索将等待……")
        with transaction.atomic():
            cluster_by_rowkey()
        optimise()
        self.stdout.write(f"索引已按发布日期重排，用时 {time.monotonic() - started:,.1f} 秒。")
