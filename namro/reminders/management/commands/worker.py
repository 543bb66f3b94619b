"""`namro worker`: the job worker (django-tasks' database backend), queueing the reminder
sweep every hour of the working day as it goes, and taking back imports whose process died
part way."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection
from django.utils import timezone

from namro.audit.services import seal
from namro.reminders.jobs import schedule_sweeps
from namro.tasks.services import imports_recover

logger = logging.getLogger(__name__)


class Scheduler(threading.Thread):
    """Every ``interval`` seconds, queue this hour's sweep (a no-op when already queued) and
    take back any import left part way by a process that died (``imports_recover``); once an
    hour seal the audit chain's heads to the seal file outside the database."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="namro-sweep-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.sealed_hour: tuple[object, int] | None = None

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                schedule_sweeps()
                imports_recover()
                self.seal_hourly()
            except DatabaseError:  # a database hiccup must not stop the schedule: log, retry
                logger.exception(
                    "could not queue the reminder sweep, recover imports or seal the audit log"
                )
            finally:
                connection.close()
            self.stopped.wait(self.interval)

    def seal_hourly(self) -> None:
        now = timezone.localtime()
        hour = (now.date(), now.hour)
        if hour != self.sealed_hour:
            seal()
            self.sealed_hour = hour


class Command(BaseCommand):
    help = (
        "Chạy tiến trình xử lý công việc nền (db_worker của django-tasks) và mỗi giờ đưa lượt "
        "quét nhắc việc vào hàng đợi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check-every",
            type=float,
            default=60.0,
            help="Số giây giữa hai lần kiểm tra lịch quét (mặc định 60).",
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Chỉ xử lý hàng đợi, không lên lịch quét."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Xử lý hết hàng đợi rồi dừng (cho kiểm thử)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = None
        if not options["no_schedule"]:
            scheduler = Scheduler(options["check_every"])
            scheduler.start()
        worker_args = ["--batch"] if options["batch"] else []
        try:
            call_command("db_worker", *worker_args, stdout=self.stdout, stderr=self.stderr)
        finally:
            if scheduler is not None:
                scheduler.stopped.set()
