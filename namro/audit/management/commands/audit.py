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
        bench = sub.add_parser(
            "bench",
            help="Đo số sự kiện ghi được mỗi giây với nhiều người ghi cùng lúc "
            "(ghi sự kiện bench.write vào chuỗi: chỉ chạy trên cơ sở dữ liệu đo hiệu năng).",
        )
        bench.add_argument("--writers", default="1,8,32", help="Số luồng ghi, cách nhau dấu phẩy.")
        bench.add_argument("--seconds", type=float, default=5.0, help="Thời gian đo mỗi mức.")
        bench.add_argument("--json", action="store_true", help="In kết quả dạng JSON ở dòng cuối.")
        bench.add_argument(
            "--yes",
            action="store_true",
            help="Xác nhận ghi sự kiện đo hiệu năng vào chuỗi nhật ký của cơ sở dữ liệu này.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seal":
            made = seal()
            if not made:
                self.stdout.write("Nhật ký chưa có sự kiện nào; không có gì để niêm phong.")
                return
            events = sum(h["count"] for h in made["heads"].values())
            self.stdout.write(
                f"Đã niêm phong {events} sự kiện ({len(made['heads'])} chuỗi) vào {seal_file()}."
            )
            return
        if action == "bench":
            self._bench(options)
            return
        if action == "rotate-key":
            key_id = keys.rotate()
            self.stdout.write(f"Đã thêm khóa {key_id} vào {keys.key_file()}; khóa cũ được giữ.")
            return
        self._verify(options)

    def _bench(self, options: dict[str, Any]) -> None:
        import json

        from namro.audit.bench import measure

        if not options["yes"]:
            raise CommandError(
                "Lệnh này ghi sự kiện bench.write vào chuỗi nhật ký; chỉ chạy trên cơ sở dữ liệu "
                "đo hiệu năng, với --yes."
            )
        writers = [int(n) for n in options["writers"].split(",") if n.strip()]
        rates = measure(writers, options["seconds"])
        self.stdout.write("người ghi | sự kiện/giây (chuỗi) | dòng/giây (không khóa) | tỉ lệ")
        for rate in rates:
            self.stdout.write(
                f"{rate.writers:>9} | {rate.chain_per_s:>20.1f} | {rate.plain_per_s:>22.1f} | "
                f"{rate.ratio:.2f}"
            )
        if options["json"]:
            self.stdout.write(json.dumps({"audit_writes": [r.as_dict() for r in rates]}))

    def _verify(self, options: dict[str, Any]) -> None:
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
