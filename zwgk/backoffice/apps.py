from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "zwgk.backoffice"
    label = "backoffice"
    verbose_name = "后台"
