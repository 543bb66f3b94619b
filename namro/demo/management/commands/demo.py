"""`namro demo`: load the Hà Nội demo story (once) and serve the application."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.demo import loader as demo


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa Hà Nội (chỉ một lần) và chạy ứng dụng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ nạp dữ liệu, không chạy máy chủ."
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="Địa chỉ:cổng của máy chủ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # Its accounts have a known password and a known second-factor secret.
            raise CommandError("namro demo không chạy khi NAMRO_ENV=production.")
        call_command("migrate", interactive=False, verbosity=0)
        if demo.load(stdout=self.stdout):
            pass
        else:
            self.stdout.write("Dữ liệu minh họa đã có; không nạp lại.")
        password = demo.demo_password()
        addr = options["addrport"]
        self.stdout.write("")
        self.stdout.write(f"namro: http://{addr}/")
        self.stdout.write(f"Tài khoản minh họa (mật khẩu: {password}):")
        for name, text in [
            ("admin", "quản trị toàn hệ thống"),
            ("tracker", "Văn phòng Thành ủy Hà Nội — theo dõi, giao nhiệm vụ"),
            ("leader", "lãnh đạo Thành ủy Hà Nội"),
            ("reporter", "một Đảng ủy phường — báo cáo tiến độ"),
            ("viewer", "chỉ xem"),
        ]:
            self.stdout.write(f"  {name:<9} {text}")
        self.stdout.write("")
        self.stdout.write(
            "Xác thực hai lớp: admin và leader đăng nhập thêm bằng mã sáu chữ số. "
            "Thêm khóa bí mật sau vào ứng dụng xác thực (TOTP) trên điện thoại:"
        )
        self.stdout.write(f"  {demo.demo_otp_secret()}")
        self.stdout.write("")
        self.stdout.write(f"API (http://{addr}/api/v1/docs) — mã truy cập cho từng tài khoản:")
        for name in ["admin", "tracker", "leader", "reporter", "viewer"]:
            self.stdout.write(f"  namro token create {name}")
        self.stdout.write(
            f'  curl -H "Authorization: Bearer <mã>" http://{addr}/api/v1/tasks?status=overdue'
        )
        if not options["no_serve"]:
            call_command("serve", addr, no_migrate=True)
