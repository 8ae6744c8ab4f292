from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "zwgk.foi"
    label = "foi"
    verbose_name = "依申请公开"
