from django.db import migrations


def drop_fk(apps, schema_editor):
    # A foreign key from a table Django does not manage makes Django's flush (TRUNCATE of its own
    # tables) fail on PostgreSQL; the engine deletes overflow rows itself instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_overflow DROP CONSTRAINT IF EXISTS search_overflow_document_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [migrations.RunPython(drop_fk, migrations.RunPython.noop)]
