"""`namro holidays`: load the law's days off into the calendar, and list a year's days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from namro.workdays.models import CalendarDay
from namro.workdays.services import load_holidays

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class Command(BaseCommand):
    help = (
        "Lịch nghỉ lễ, Tết. Lệnh con: load --year NĂM [--year NĂM …] (nạp ngày nghỉ theo Bộ "
        "luật Lao động; không ghi đè ngày quản trị đã sửa), list --year NĂM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Nạp ngày nghỉ lễ, nghỉ bù, làm bù của các năm.")
        load.add_argument("--year", type=int, action="append", required=True, dest="years")
        listing = sub.add_parser("list", help="Liệt kê ngày nghỉ, làm bù của một năm.")
        listing.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            years = sorted(set(options["years"]))
            result = load_holidays(actor=None, years=years)
            self.stdout.write(
                f"Năm {', '.join(map(str, years))}: thêm {result.created}, cập nhật "
                f"{result.updated}, bỏ {result.removed}; giữ nguyên {result.kept} ngày "
                "quản trị đã sửa."
            )
            return
        rows = CalendarDay.objects.filter(day__year=options["year"]).order_by("day")
        if not rows:
            self.stdout.write(
                f"Năm {options['year']} chưa có ngày nghỉ nào; chạy: namro holidays load "
                f"--year {options['year']}"
            )
        for row in rows:
            kind = "nghỉ" if row.is_day_off else "làm bù"
            self.stdout.write(
                f"{row.day:%d/%m/%Y}  {WEEKDAYS[row.day.weekday()]:8}  {kind:6}  {row.name}  "
                f"({row.get_source_display()})"
            )
