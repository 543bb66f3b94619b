"""The worker queues the sweep once an hour from the sweep hour on, and runs it; the command
runs the sweep once and says, per person, what it sent or would send."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from namro.reminders.jobs import schedule_sweeps
from namro.reminders.models import Digest, Reminder, ScheduledSweep

from . import month

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_the_sweep_is_queued_once_an_hour_from_the_sweep_hour():
    assert schedule_sweeps(datetime(2026, 3, 6, 5, 59, tzinfo=HCM)) is None
    slot = schedule_sweeps(datetime(2026, 3, 6, 6, 1, tzinfo=HCM))
    assert slot is not None and (slot.day.isoformat(), slot.hour) == ("2026-03-06", 6)
    assert schedule_sweeps(datetime(2026, 3, 6, 6, 59, tzinfo=HCM)) is None  # a second worker
    assert schedule_sweeps(datetime(2026, 3, 6, 7, 0, tzinfo=HCM)) is not None
    assert ScheduledSweep.objects.count() == 2
    jobs = DBTaskResult.objects.order_by("enqueued_at")
    assert [j.args_kwargs["args"] for j in jobs] == [["2026-03-06", 6], ["2026-03-06", 7]]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_sweeps(smtp):
    month.build()
    schedule_sweeps(datetime(2026, 3, 6, 6, 5, tzinfo=HCM))  # digests wait for 07:00
    schedule_sweeps(datetime(2026, 3, 6, 7, 5, tzinfo=HCM))
    call_command("worker", "--batch", "--no-schedule", stdout=StringIO(), stderr=StringIO())
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert [r.return_value["digests_sent"] for r in results] == [0, 3]
    assert Reminder.objects.count() == 2
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_the_command_prints_per_person_what_a_dry_run_would_send(smtp):
    world = month.build()
    world.up_to(month.d(13))
    out = StringIO()
    call_command("reminders", "run", "--date", "2026-03-13", "--dry-run", stdout=out)
    text = out.getvalue()
    assert text.startswith("Chạy thử (không gửi, không ghi) ngày 13/03/2026: 2 người, 6 lượt nhắc")
    assert (
        "- Chủ Nguyễn Văn <chu_tri@example.test>: 3 nhiệm vụ — sẽ gửi qua trong ứng dụng, "
        "thư điện tử" in text
    )
    assert "- Hà Lê Thị <bao_cao@example.test>: 3 nhiệm vụ — sẽ gửi qua trong ứng dụng" in text
    assert "[quá hạn] 1. Xây dựng đề án đô thị thông minh (hạn 05/03/2026)" in text
    assert not Reminder.objects.exists() and not Digest.objects.exists() and not smtp.messages


@pytest.mark.django_db
def test_the_command_runs_the_sweep_and_refuses_a_bad_date(smtp):
    month.build()
    out = StringIO()
    call_command("reminders", "run", "--date", "2026-03-06", stdout=out)
    assert "Đã gửi 3 bản tin." in out.getvalue()
    out = StringIO()
    call_command("reminders", "run", "--date", "2026-03-07", stdout=out)
    assert "ngày nghỉ, không nhắc" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("reminders", "run", "--date", "06/03/2026")


@pytest.mark.django_db
def test_the_scheduler_seals_the_audit_chain_once_an_hour(settings):
    from namro.audit.keys import keyring
    from namro.audit.services import read_seals, seal_file
    from namro.factories import UnitFactory
    from namro.reminders.management.commands.worker import Scheduler

    UnitFactory(name="Đơn vị được niêm phong")
    scheduler = Scheduler(interval=3600)
    scheduler.seal_hourly()
    scheduler.seal_hourly()
    seals, problem = read_seals(seal_file(), keyring())
    assert not problem and len(seals) == 1
