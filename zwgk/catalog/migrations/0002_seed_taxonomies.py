from django.db import migrations


def seed(apps, schema_editor):
    from zwgk.catalog.taxonomy_seed import seed_taxonomies

    seed_taxonomies(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
