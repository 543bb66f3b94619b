"""The counters by status now belong to the tasks app; their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_tally_without_parallel_scans"),
        ("tasks", "0002_tally_from_insights"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="tasktrail", name="task"),
                migrations.RemoveField(model_name="tasktrail", name="unit"),
                migrations.DeleteModel(name="StatusTally"),
                migrations.DeleteModel(name="TaskTrail"),
            ],
            database_operations=[],
        )
    ]
