from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zwgk.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from zwgk.core import page_cache

        page_cache.connect()
