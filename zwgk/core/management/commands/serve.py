import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "生产方式启动：gunicorn Web 服务（N 个进程）加后台任务进程和周期调度（--no-worker 不启动后两者）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("ZWGK_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ZWGK_WEB_WORKERS", "2")))
        # More than 1: gunicorn's threaded workers (gthread); 1 is sync workers (decision 0034).
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ZWGK_WEB_THREADS", "1")))
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, no_worker: bool, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        access_log = os.environ.get("ZWGK_ACCESS_LOG", "0" if settings.DEMO_MODE else "1") not in ("0", "")
        children = []
        if not no_worker:
            if settings.DEMO_MODE:
                # The sites the demo inspects are stand-ins on this machine (issue 20 item 3).
                children.append(subprocess.Popen([sys.executable, "-m", "zwgk.cli", "demo_sites"]))
            children.append(subprocess.Popen([sys.executable, "-m", "zwgk.cli", "db_worker"]))
            children.append(subprocess.Popen([sys.executable, "-m", "zwgk.cli", "scheduler"]))
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                *(["--threads", str(threads)] if threads > 1 else []),
                # Tracking codes are scrubbed from request lines (decision 0019).
                "--logger-class",
                "zwgk.core.access_log.ScrubbingLogger",
                "--timeout",
                "120",
                # The demo's console shows warnings only; a deployment logs every request
                # (ZWGK_ACCESS_LOG=0/1 overrides).
                *(["--access-logfile", "-"] if access_log else ["--log-level", "warning"]),
            ]
        )
        children.append(web)
        self.stdout.write(f"zwgk 已启动：http://{bind}/ （数据目录 {settings.DATA_DIR}）")

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
