from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zwgk.api"
    label = "api"
    verbose_name = "接口"
