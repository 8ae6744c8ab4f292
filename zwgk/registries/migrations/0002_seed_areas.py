from django.db import migrations


def seed(apps, schema_editor):
    from zwgk.registries.areas import seed_areas

    seed_areas(apps)


class Migration(migrations.Migration):
    dependencies = [("registries", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
