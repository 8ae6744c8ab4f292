"""`zwgk restore FILE [--force]`: put back an archive of `zwgk backup`, migrate, repair search."""

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zwgk.core.backups import backup_restore
from zwgk.core.errors import DomainError


class Command(BaseCommand):
    help = "从 zwgk backup 的备份文件恢复数据库与附件文件（随后迁移数据库、检查全文检索索引）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="覆盖已有数据的数据库")

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        try:
            manifest = backup_restore(source=file, force=force)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        # An archive of an older release: bring its schema up to this one.
        call_command("migrate", interactive=False, verbosity=0)
        # Cached figures (calendar version, search day counts, rate limits) describe the old data.
        cache.clear()
        from zwgk.search import backend

        if backend.engine().out_of_step():
            self.stdout.write("全文检索索引与数据不一致，正在重建……")
            call_command("search", "rebuild", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {file} 恢复（备份于 {manifest.created_at}，{manifest.media_files} 个附件文件）。"
            )
        )
