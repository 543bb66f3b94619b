"""The counters are read a few hundred rows at a time: on PostgreSQL, starting parallel
workers for such a read costs more than the read itself."""

from django.db import migrations


def no_parallel_scans(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE insights_statustally SET (parallel_workers = 0)"
        )


def back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE insights_statustally RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(no_parallel_scans, back)]
