from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zwgk.reports"
    label = "reports"
    verbose_name = "年报与统计"
