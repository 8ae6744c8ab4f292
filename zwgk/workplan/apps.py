from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "zwgk.workplan"
    label = "workplan"
    verbose_name = "工作安排"
