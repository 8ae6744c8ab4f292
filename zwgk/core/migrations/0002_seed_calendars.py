from django.db import migrations


def seed(apps, schema_editor):
    # RULES §1: the table is seeded from chinese-calendar for 2019–2026; later years are loaded by staff.
    import chinese_calendar

    CalendarYear = apps.get_model("core", "CalendarYear")
    for year in range(2019, 2027):
        if CalendarYear.objects.filter(year=year).exists():
            continue
        holidays = sorted(d.isoformat() for d in chinese_calendar.holidays if d.year == year)
        makeup = sorted(d.isoformat() for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5)
        CalendarYear.objects.create(year=year, holidays=holidays, makeup_days=makeup, source="chinese-calendar")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
