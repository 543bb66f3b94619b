"""`namro factor`: the second factor of an account, seen and reset by the operator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from namro.access import factor, passwords
from namro.access.management.accounts import user_named


class Command(BaseCommand):
    help = (
        "Xác thực hai lớp của một tài khoản. Lệnh con: status TÊN_ĐĂNG_NHẬP, "
        "reset TÊN_ĐĂNG_NHẬP (gỡ thiết bị và mã khôi phục khi người dùng mất điện thoại)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Bắt buộc hay không, đã thiết lập chưa.").add_argument(
            "username"
        )
        sub.add_parser("reset", help="Gỡ thiết bị và mã khôi phục.").add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_named(options["username"])
        if options["action"] == "reset":
            factor.reset(actor=None, user=user)
            self.stdout.write(
                f"Đã gỡ xác thực hai lớp của «{user.get_username()}»; "
                + (
                    "lần đăng nhập sau phải thiết lập lại."
                    if factor.required(user)
                    else "có thể thiết lập lại khi muốn."
                )
            )
            return
        device = factor.device(user)
        self.stdout.write(f"Tài khoản: {user.get_username()}")
        self.stdout.write(f"Bắt buộc: {'có' if factor.required(user) else 'không'}")
        self.stdout.write(f"Đã thiết lập: {'có' if device else 'chưa'}")
        if device:
            self.stdout.write(f"Mã khôi phục còn lại: {factor.codes_left(user)}")
        self.stdout.write(f"Phải đổi mật khẩu: {passwords.change_due(user) or 'không'}")
