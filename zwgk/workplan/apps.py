from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "zwgk.workplan"
    label = "workplan"
    verbose_name = "工作安排"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.workplan.tasks import deadline_reminders
        from zwgk.workplan.todos import register_todos

        # Daily is enough: the window is five working days and each unit is reminded once.
        schedule.register("workplan.deadline_reminders", every_minutes=24 * 60, task=deadline_reminders)
        register_todos()
