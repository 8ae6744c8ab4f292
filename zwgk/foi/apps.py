from django.apps import AppConfig


def _recompute_on_calendar_change(sender, *, year: int, actor=None, **kwargs) -> None:
    # Sent inside the calendar change's transaction (zwgk.core.calendars): deadlines move with it.
    from zwgk.foi.services import applications_recompute_deadlines

    applications_recompute_deadlines(year=year, actor=actor)


class FoiConfig(AppConfig):
    name = "zwgk.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.core.calendars import calendar_changed
        from zwgk.foi.tasks import send_reminders

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="foi.recompute_deadlines")
        schedule.register("foi.reminders", every_minutes=60, task=send_reminders)
        from zwgk.foi.todos import register_todos

        register_todos()
