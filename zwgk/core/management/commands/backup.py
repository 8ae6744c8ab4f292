"""`zwgk backup [--output FILE]`: one archive of the database (search index included) and media."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zwgk.core.backups import backup_create
from zwgk.core.errors import DomainError


class Command(BaseCommand):
    help = "备份数据库（含全文检索索引）与附件文件到一个 .tar.gz 文件；用 zwgk restore 恢复。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="备份文件路径（默认：数据目录下 backups/zwgk-日期时间.tar.gz）",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        from django.conf import settings

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = output or Path(settings.DATA_DIR) / "backups" / f"zwgk-{stamp}.tar.gz"
        try:
            manifest = backup_create(target=target)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {target}（{manifest.vendor} 数据库，{manifest.media_files} 个附件文件）。"
            )
        )
