import importlib
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from zwgk.core import page_cache
from zwgk.core.demo import demo_day


class Command(BaseCommand):
    help = "载入演示数据（可重复执行）：每个应用的 demo.load() 按应用顺序执行；日期以载入当天为准"

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="按这一天（YYYY-MM-DD）生成演示数据的日期"
        )

    def handle(self, *args, today=None, **options):
        # Public pages' versions are bumped once at the end, not twice per saved row.
        with demo_day(today), page_cache.bumps_deferred():
            self._load()

    def _load(self):
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING("未处于演示模式（ZWGK_DEMO=1）：演示账号不设置密码，无法登录。")
            )
        for config in apps.get_app_configs():
            if not config.name.startswith("zwgk."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                summary = module.load(stdout=self.stdout)
            self.stdout.write(f"· {config.verbose_name}：{summary}")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
