"""`namro audit verify`: walk the audit chain and name the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.audit.services import verify_chain


class Command(BaseCommand):
    help = "Nhật ký thay đổi (audit). Lệnh con: verify — kiểm tra chuỗi băm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Kiểm tra toàn bộ chuỗi nhật ký; báo mắt xích hỏng đầu tiên.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} sự kiện, chuỗi băm toàn vẹn.")
            return
        where = f"sự kiện #{result.broken_id}" if result.broken_id else "cuối chuỗi"
        raise CommandError(
            f"Chuỗi nhật ký bị phá vỡ tại {where} ({result.reason}); "
            f"{result.checked} sự kiện trước đó hợp lệ."
        )
