from django.core.management.base import BaseCommand

from zwgk.catalog.services import document_publish_due, document_validity_refresh_due


class Command(BaseCommand):
    help = "发布已到定时发布时间的信息，并更新到期生效的有效性（建议每分钟由 cron/systemd 定时执行）"

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务进程执行，而不是在本进程执行")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            from zwgk.catalog.tasks import publish_due

            result = publish_due.enqueue()
            self.stdout.write(f"已加入后台任务：{result.id}")
            return
        published = document_publish_due()
        changed = document_validity_refresh_due()
        self.stdout.write(f"定时发布 {len(published)} 条；有效性变更 {len(changed)} 条。")
