from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zwgk.reports"
    label = "reports"
    verbose_name = "年报与统计"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.reports.tasks import annual_report_reminders

        # Daily is enough: the window is ten working days and each agency is reminded once.
        schedule.register(
            "reports.annual_report_reminders", every_minutes=24 * 60, task=annual_report_reminders
        )
        from zwgk.reports.todos import register_todos

        register_todos()
