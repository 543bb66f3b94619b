"""``namro insights rebuild``: recount the counters by status from the tasks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from namro.tasks.tally import tally_rebuild


class Command(BaseCommand):
    help = (
        "Tính lại bộ đếm trạng thái nhiệm vụ từ dữ liệu nhiệm vụ (sau khi nạp dữ liệu hàng loạt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args: Any, **options: Any) -> None:
        count = tally_rebuild()
        self.stdout.write(f"Đã tính lại bộ đếm cho {count} nhiệm vụ.")
