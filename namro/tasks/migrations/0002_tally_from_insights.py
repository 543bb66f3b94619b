"""The counters by status move here from insights; their tables (insights_statustally,
insights_tasktrail) and rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("tasks", "0001_initial"),
        ("insights", "0002_tally_without_parallel_scans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TaskTrail",
                    fields=[
                        ("task", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="+", serialize=False, to="tasks.task")),
                        ("trail", models.TextField(default="")),
                        ("unit", models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="orgs.unit")),
                    ],
                    options={
                        "verbose_name": "diễn biến trạng thái",
                        "verbose_name_plural": "diễn biến trạng thái",
                        "db_table": "insights_tasktrail",
                    },
                ),
                migrations.CreateModel(
                    name="StatusTally",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("grain", models.SmallIntegerField(choices=[(0, "năm"), (1, "tháng"), (2, "ngày")])),
                        ("start", models.DateField()),
                        ("in_progress", models.IntegerField(default=0)),
                        ("overdue", models.IntegerField(default=0)),
                        ("done_on_time", models.IntegerField(default=0)),
                        ("done_late", models.IntegerField(default=0)),
                        ("ongoing", models.IntegerField(default=0)),
                        ("cancelled", models.IntegerField(default=0)),
                        ("unit", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.unit")),
                    ],
                    options={
                        "verbose_name": "bộ đếm trạng thái",
                        "verbose_name_plural": "bộ đếm trạng thái",
                        "db_table": "insights_statustally",
                        "constraints": [
                            models.UniqueConstraint(fields=("unit", "grain", "start"), name="tally_one_row_per_unit_period")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # TaskStatus carries the labels the pages show (choices only: no change to the table).
        migrations.AlterField(
            model_name="taskupdate",
            name="status_after",
            field=models.CharField(blank=True, choices=[('in_progress', 'Đang thực hiện'), ('overdue', 'Quá hạn'), ('done_on_time', 'Hoàn thành đúng hạn'), ('done_late', 'Hoàn thành quá hạn'), ('ongoing', 'Thường xuyên'), ('cancelled', 'Dừng / hủy')], max_length=16),
        ),
        migrations.AlterField(
            model_name="taskupdate",
            name="status_before",
            field=models.CharField(blank=True, choices=[('in_progress', 'Đang thực hiện'), ('overdue', 'Quá hạn'), ('done_on_time', 'Hoàn thành đúng hạn'), ('done_late', 'Hoàn thành quá hạn'), ('ongoing', 'Thường xuyên'), ('cancelled', 'Dừng / hủy')], max_length=16),
        ),
    ]
