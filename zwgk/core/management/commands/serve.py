import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zwgk.core.management.commands.static import collect_static
from zwgk.core.web_servers import SERVERS, default_server


class Command(BaseCommand):
    help = "生产方式启动：Web 服务（N 个进程）加后台任务进程和周期调度（--no-worker 不启动后两者）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("ZWGK_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ZWGK_WEB_WORKERS", "2")))
        # The server and its threads per process were chosen by measurement (decision 0040).
        # Unset: gunicorn (sync) on SQLite, granian (threads) on PostgreSQL.
        parser.add_argument("--server", choices=sorted(SERVERS), default=os.environ.get("ZWGK_WEB_SERVER"))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ZWGK_WEB_THREADS", "0")))
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, host, port, workers, server, threads, no_worker, **options):
        server = server or default_server(connection.vendor)
        if server not in SERVERS:
            raise CommandError(f"未知的 Web 服务器：{server}（可选：{'、'.join(sorted(SERVERS))}）")
        collect_static()
        access_log = os.environ.get("ZWGK_ACCESS_LOG", "0" if settings.DEMO_MODE else "1") not in ("0", "")
        children = []
        if not no_worker:
            if settings.DEMO_MODE:
                # The sites the demo inspects are stand-ins on this machine (issue 20 item 3).
                children.append(subprocess.Popen([sys.executable, "-m", "zwgk.cli", "demo_sites"]))
            children.append(subprocess.Popen([sys.executable, "-m", "zwgk.cli", "db_worker"]))
            children.append(subprocess.Popen([sys.executable, "-m", "zwgk.cli", "scheduler"]))
        command = SERVERS[server].command(host, port, workers, threads, access_log, settings.DATA_DIR)
        web = subprocess.Popen(command)
        children.append(web)
        shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(f"zwgk 已启动：http://{shown}/ （{server}，数据目录 {settings.DATA_DIR}）")

        def stop(*_):
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            web.wait()
        finally:
            stop()
            for child in children:
                child.wait(timeout=30)
