"""`namro audit verify | seal | rotate-key`: check, seal and re-key the audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.audit import keys
from namro.audit.services import seal, seal_file, verify_chain


class Command(BaseCommand):
    help = (
        "Nhật ký thay đổi (audit). Lệnh con: verify — kiểm tra chuỗi băm và các dấu niêm phong; "
        "seal — niêm phong đầu chuỗi ra tệp ngoài cơ sở dữ liệu; rotate-key — thêm khóa mới."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Kiểm tra toàn bộ chuỗi nhật ký; báo mắt xích hỏng đầu tiên."
        )
        verify.add_argument(
            "--against",
            type=Path,
            help="Đối chiếu với một bản sao khác của tệp niêm phong (mặc định: tệp cấu hình).",
        )
        sub.add_parser("seal", help="Ghi dấu niêm phong đầu chuỗi vào tệp niêm phong.")
        sub.add_parser("rotate-key", help="Thêm một khóa mới vào tệp khóa; khóa cũ được giữ.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seal":
            made = seal()
            if not made:
                self.stdout.write("Nhật ký chưa có sự kiện nào; không có gì để niêm phong.")
                return
            self.stdout.write(
                f"Đã niêm phong {made['count']} sự kiện (đến #{made['last_id']}) vào {seal_file()}."
            )
            return
        if action == "rotate-key":
            key_id = keys.rotate()
            self.stdout.write(f"Đã thêm khóa {key_id} vào {keys.key_file()}; khóa cũ được giữ.")
            return
        against = options.get("against")
        if against is not None and not against.exists():
            raise CommandError(f"Không tìm thấy tệp niêm phong {against}.")
        result = verify_chain(seals_path=against)
        if result.ok:
            sealed = (
                f"khớp {result.seals} dấu niêm phong"
                if result.seals
                else "chưa có dấu niêm phong nào (chạy: namro audit seal)"
            )
            self.stdout.write(f"OK: {result.checked} sự kiện, chuỗi băm toàn vẹn, {sealed}.")
            return
        where = f"sự kiện #{result.broken_id}" if result.broken_id else "cuối chuỗi"
        raise CommandError(
            f"Chuỗi nhật ký bị phá vỡ tại {where} ({result.reason}); "
            f"{result.checked} sự kiện trước đó hợp lệ."
        )
