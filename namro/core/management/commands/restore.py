"""`namro restore DIR`: check a backup's manifest, restore it into an empty database and media
folder, then verify the audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.audit.services import verify_chain
from namro.core.backup import BackupError, check, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của namro vào cơ sở dữ liệu trống: kiểm tra mã băm từng tệp "
        "trước, khôi phục, rồi kiểm tra chuỗi nhật ký."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Thư mục bản sao lưu (có manifest.json).")
        parser.add_argument(
            "--check-only", action="store_true", help="Chỉ kiểm tra mã băm, không khôi phục."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            if options["check_only"]:
                check(folder)
                self.stdout.write(f"Bản sao lưu {folder} nguyên vẹn.")
                return
            restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        seals = folder / "audit.seals"
        result = verify_chain(seals_path=seals if seals.exists() else None)
        if not result.ok:
            raise CommandError(
                f"Đã khôi phục nhưng chuỗi nhật ký không toàn vẹn ({result.reason}); "
                "kiểm tra khóa nhật ký (NAMRO_AUDIT_KEY_FILE) có đúng của hệ thống cũ không."
            )
        self.stdout.write(
            f"Đã khôi phục {folder}; nhật ký: {result.checked} sự kiện toàn vẹn, "
            f"khớp {result.seals} dấu niêm phong. Kiểm tra khóa bí mật xác thực hai lớp mở được "
            "bằng khóa niêm phong (NAMRO_FACTOR_KEY_FILE) với: namro factor check."
        )
