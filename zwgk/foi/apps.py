from django.apps import AppConfig


def _mark_on_calendar_change(sender, *, year: int, actor=None, **kwargs) -> None:
    # Inside the calendar change's transaction (zwgk.core.calendars): one UPDATE marks the cases
    # that may depend on the year, so the change commits at once (decision 0030).
    from zwgk.foi.services.deadlines import applications_mark_for_recompute

    applications_mark_for_recompute(year=year)


def _recompute_after_calendar_change(sender, *, year: int, actor=None, **kwargs) -> None:
    # After the change committed: the marked cases, in batches of their own transactions.
    from zwgk.foi.services.deadlines import applications_recompute_deadlines

    applications_recompute_deadlines(actor=actor)


class FoiConfig(AppConfig):
    name = "zwgk.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.core.calendars import calendar_changed, calendar_committed
        from zwgk.foi.tasks import send_reminders

        calendar_changed.connect(_mark_on_calendar_change, dispatch_uid="foi.mark_deadlines")
        calendar_committed.connect(_recompute_after_calendar_change, dispatch_uid="foi.recompute_deadlines")
        schedule.register("foi.reminders", every_minutes=60, task=send_reminders)
        from zwgk.foi.todos import register_todos

        register_todos()
