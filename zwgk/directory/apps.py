from django.apps import AppConfig

# What the public 办事公开 page shows (decision 0036): a change to one of these bumps its own
# scope, not "site", so publishing an outlet leaves every other cached page cached.
PUBLIC_PAGE_MODELS = ("ServiceOutlet", "ComplaintChannel", "DisclosureVerification", "Sector", "UnitSector")
PAGE_SCOPE = "directory"


def _recompute_on_calendar_change(sender, *, year: int, actor=None, **kwargs) -> None:
    from zwgk.directory.complaints import complaints_recompute_deadlines

    complaints_recompute_deadlines(year=year)


def _page_scopes(row) -> list[str]:
    return [PAGE_SCOPE]


class DirectoryConfig(AppConfig):
    name = "zwgk.directory"
    label = "directory"
    verbose_name = "公共企事业单位信息公开"

    def ready(self) -> None:
        from zwgk.core import page_cache
        from zwgk.core.calendars import calendar_changed
        from zwgk.directory.todos import register_todos

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="directory.complaint_deadlines")
        register_todos()
        for model in PUBLIC_PAGE_MODELS:
            page_cache.watch(f"directory.{model}", _page_scopes)
        # Complaints are personal and shown only behind their link or to staff (never cached).
        page_cache.ignore("directory.Complaint")
