from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zwgk.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.search import tasks
        from zwgk.search.backend import DAYS_REFRESH_MINUTES

        schedule.register("search.refresh_days", every_minutes=DAYS_REFRESH_MINUTES, task=tasks.refresh_days)
