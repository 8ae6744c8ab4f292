from django.db import migrations


def seed(apps, schema_editor):
    from zwgk.registries.plan_types import seed_plan_types

    seed_plan_types(apps)


class Migration(migrations.Migration):
    dependencies = [("registries", "0003_emergency_plans")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
