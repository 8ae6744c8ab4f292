from django.db import migrations, models


def drop_empty_years_and_seed(apps, schema_editor):
    # RULES §1: 0002 may have stored a year with no holidays (chinese-calendar < 1.11 has no 2026)
    # as if it were loaded; such a row is missing data, not a schedule. Then seed every year the
    # installed package covers that is still missing (the package's years, not a typed range).
    from zwgk.core.packaged_schedules import packaged_years, schedule_rows

    CalendarYear = apps.get_model("core", "CalendarYear")
    for row in CalendarYear.objects.all():
        if not row.holidays:
            row.delete()
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    for year in packaged_years():
        if year not in existing:
            CalendarYear.objects.create(year=year, source="chinese-calendar", **schedule_rows(year))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_calendars")]

    operations = [
        migrations.RunPython(drop_empty_years_and_seed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="calendaryear",
            constraint=models.CheckConstraint(
                condition=models.Q(("holidays", []), _negated=True),
                name="core_calendaryear_has_holidays",
                violation_error_message="该年度没有任何放假日期，不能作为已公布的安排载入。",
            ),
        ),
    ]
