from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zwgk.core"
    label = "core"
    verbose_name = "基础"
