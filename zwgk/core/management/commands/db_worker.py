"""`zwgk db_worker`: django-tasks-db's worker with a heartbeat and stale-claim recovery.

The command takes the name and every option of django-tasks-db's; zwgk.core comes before
django_tasks_db in INSTALLED_APPS so this one is found first.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from zwgk.core.task_claims import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "后台任务进程（django-tasks 数据库队列）：带心跳，启动时和运行中把已退出进程遗留的任务重新排队"

    def handle(self, *args, worker_id: str, **options):  # type: ignore[no-untyped-def]
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
