"""`namro reminders run [--date YYYY-MM-DD] [--dry-run] [--hour H]`: the sweep, once."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from namro.reminders.models import Channel
from namro.reminders.sweep import SweepResult, run_sweep

CHANNELS = {Channel.IN_APP.value: "trong ứng dụng", Channel.EMAIL.value: "thư điện tử"}
KINDS = {
    "overdue": "quá hạn",
    "due_today": "đến hạn hôm nay",
    "due_soon": "sắp đến hạn",
    "stale": "lâu chưa cập nhật",
}


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: «{value}» (dạng YYYY-MM-DD).") from None


def _channels(names: list[str]) -> str:
    return ", ".join(CHANNELS.get(c, c) for c in names) or "—"


def report(result: SweepResult) -> list[str]:
    """The sweep's result, per person, in Vietnamese."""
    day = result.day.strftime("%d/%m/%Y")
    head = "Chạy thử (không gửi, không ghi)" if result.dry_run else "Quét nhắc việc"
    if result.skipped:
        return [f"{head} ngày {day}: ngày nghỉ, không nhắc (NAMRO_REMIND_ON_DAYS_OFF=1 để nhắc)."]
    lines = [
        f"{head} ngày {day}: {len(result.people)} người, {result.reminders} lượt nhắc, "
        f"{result.escalations} báo cáo vượt cấp."
    ]
    for p in result.people:
        verb = "sẽ gửi" if result.dry_run else "đã gửi"
        state = f"{verb} qua {_channels(p.channels)}"
        if not result.dry_run:
            state = f"đã gửi qua {_channels(p.sent)}"
        if p.already:
            state += f"; đã gửi trước đó qua {_channels(p.already)}"
        if p.waiting:
            state = "chưa đến giờ gửi bản tin"
        if not p.channels:
            state = "không nhận thông báo (đã tắt mọi kênh)"
        if p.errors:
            state += "; lỗi: " + "; ".join(p.errors)
        who = f"{p.name} <{p.email}>" if p.email else p.name
        lines.append(f"- {who}: {len(p.items)} nhiệm vụ — {state}")
        for item in p.items:
            reasons = [KINDS.get(k, k) for k in item.kinds]
            if item.escalation_level:
                reasons.insert(0, f"báo cáo vượt cấp {item.escalation_level}")
            deadline = item.task.deadline.strftime("%d/%m/%Y") if item.task.deadline else "—"
            lines.append(
                f"    · [{', '.join(reasons)}] {item.task.label[:90]} (hạn {deadline}) "
                f"{item.task.url}"
            )
    if not result.dry_run:
        lines.append(f"Đã gửi {result.digests_sent} bản tin.")
    return lines


class Command(BaseCommand):
    help = "Nhắc việc: run — quét một lần (cho cron và kiểm thử)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Quét nhắc việc một lần và gửi bản tin.")
        run.add_argument("--date", help="Ngày quét, dạng YYYY-MM-DD (mặc định: hôm nay).")
        run.add_argument(
            "--dry-run", action="store_true", help="Chỉ in những gì sẽ gửi, không ghi, không gửi."
        )
        run.add_argument(
            "--hour",
            type=int,
            choices=range(24),
            metavar="GIỜ",
            help="Chỉ gửi bản tin cho người đã đến giờ nhận (mặc định: gửi cho mọi người).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["date"]) if options["date"] else timezone.localdate()
        result = run_sweep(day, dry_run=options["dry_run"], hour=options["hour"])
        for line in report(result):
            self.stdout.write(line)
