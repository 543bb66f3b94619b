"""`namro backup [-o DIR]`: a consistent snapshot of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một thư mục, kèm bảng mã băm "
        "(manifest.json). Khóa nhật ký không được sao lưu: hãy giữ riêng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="Thư mục chứa bản sao lưu (mặc định: NAMRO_VAR_DIR/backups).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["output"] or Path(settings.VAR_DIR) / "backups"
        out.mkdir(parents=True, exist_ok=True)
        try:
            folder = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {folder}")
