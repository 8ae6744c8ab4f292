from django.apps import AppConfig


def _recompute_on_calendar_change(sender, *, year: int, actor=None, **kwargs) -> None:
    from zwgk.directory.complaints import complaints_recompute_deadlines

    complaints_recompute_deadlines(year=year)


class DirectoryConfig(AppConfig):
    name = "zwgk.directory"
    label = "directory"
    verbose_name = "公共企事业单位信息公开"

    def ready(self) -> None:
        from zwgk.core.calendars import calendar_changed
        from zwgk.directory.todos import register_todos

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="directory.complaint_deadlines")
        register_todos()
