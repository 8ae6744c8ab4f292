from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zwgk.core.web_servers import static_fingerprint


class Command(BaseCommand):
    help = "整理静态文件（仅在静态文件有变化时重新收集和压缩）"

    def handle(self, *args, **options):
        collect_static()


def collect_static() -> None:
    """collectstatic compresses every file again (whitenoise: gzip and brotli, seconds of CPU),
    so it runs only when the static sources differ from the last collection: `zwgk serve` calls
    this at every start, and `make demo` while the demo data loads."""
    stamp = settings.STATIC_ROOT / ".zwgk-collected"
    fingerprint = static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
