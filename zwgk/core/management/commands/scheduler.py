import logging
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connections
from django.db.utils import InterfaceError, OperationalError

from zwgk.core.schedule import JOBS, due_jobs

LAST_RUN_KEY = "zwgk:scheduler:last-run"
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "周期任务调度：按登记的间隔把周期任务放入后台队列（由 zwgk serve 启动；--once 只检查一次）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--tick", type=float, default=30.0, help="检查间隔（秒）")

    def handle(self, *args, once: bool, tick: float, **options):
        self.verbosity = options["verbosity"]
        while True:
            try:
                self.tick()
            except (OperationalError, InterfaceError):
                if once:
                    raise
                # A database restart must not end the scheduler: try again at the next tick.
                logger.warning("scheduler: database unavailable, retrying", exc_info=True)
                connections.close_all()
            if once:
                self.stdout.write(f"周期任务 {len(JOBS)} 个。")
                return
            time.sleep(tick)

    def tick(self) -> None:
        last_run = cache.get(LAST_RUN_KEY) or {}
        now = time.time()
        for job in due_jobs(last_run, now):
            job.task.enqueue()
            last_run[job.name] = now
            if self.verbosity > 1:  # a line per job would flood the console
                self.stdout.write(f"已排队：{job.name}")
        cache.set(LAST_RUN_KEY, last_run, timeout=None)
