"""`namro factor`: the second factor of an account, seen and reset by the operator, and the keys
that seal every account's TOTP secret (add one and seal again, or check that all open)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.access import factor, passwords, sealing
from namro.access.management.accounts import user_named
from namro.access.models import SealedTOTPDevice


class Command(BaseCommand):
    help = (
        "Xác thực hai lớp. Lệnh con: status TÊN_ĐĂNG_NHẬP, reset TÊN_ĐĂNG_NHẬP (gỡ thiết bị và "
        "mã khôi phục khi người dùng mất điện thoại); rotate-key (thêm khóa niêm phong mới và "
        "niêm phong lại mọi khóa bí mật), reseal (niêm phong lại bằng khóa hiện hành), "
        "check (kiểm tra mọi khóa bí mật mở được)."
    )
    # rotate-key makes the key file that production's check requires.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Bắt buộc hay không, đã thiết lập chưa.").add_argument(
            "username"
        )
        sub.add_parser("reset", help="Gỡ thiết bị và mã khôi phục.").add_argument("username")
        sub.add_parser(
            "rotate-key",
            help="Thêm một khóa mới vào tệp khóa niêm phong (khóa cũ được giữ) và niêm phong "
            "lại mọi khóa bí mật TOTP bằng khóa mới, trong một giao dịch.",
        )
        sub.add_parser(
            "reseal",
            help="Niêm phong lại bằng khóa hiện hành (khóa cuối của NAMRO_FACTOR_KEYS hoặc của "
            "tệp khóa) mọi khóa bí mật đang niêm phong bằng khóa cũ.",
        )
        sub.add_parser(
            "check", help="Kiểm tra mọi khóa bí mật mở được bằng các khóa niêm phong hiện có."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "rotate-key":
                key_id = sealing.add_key()
                self.stdout.write(f"Đã thêm khóa {key_id} vào {sealing.key_file()}.")
                self._reseal()
                return
            if action == "reseal":
                self._reseal()
                return
            if action == "check":
                self._check()
                return
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self._account(options)

    def _reseal(self) -> None:
        try:
            moved = factor.secrets_reseal(actor=None)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        current = sealing.factor_keys().current
        if not moved:
            self.stdout.write(f"Mọi khóa bí mật đã niêm phong bằng khóa {current}.")
            return
        froms = ", ".join(f"{n} từ khóa {key_id}" for key_id, n in sorted(moved.items()))
        self.stdout.write(
            f"Đã niêm phong lại {sum(moved.values())} khóa bí mật bằng khóa {current} ({froms}). "
            "Khóa cũ còn trong tệp để mở các bản sao lưu cũ; xóa khi không còn cần."
        )

    def _check(self) -> None:
        keys = sealing.factor_keys()
        counts = Counter(SealedTOTPDevice.objects.values_list("key_id", flat=True))
        for key_id, n in sorted(counts.items()):
            known = "" if key_id in keys.keys else " (không có trong các khóa hiện có)"
            self.stdout.write(f"Khóa {key_id}: {n} thiết bị{known}")
        broken = factor.unreadable_devices()
        if broken:
            names = ", ".join(f"#{d.pk} «{d.user.get_username()}»" for d in broken)
            raise CommandError(
                f"{len(broken)} thiết bị không mở được khóa bí mật: {names}. Kiểm tra "
                "NAMRO_FACTOR_KEY_FILE (hoặc NAMRO_FACTOR_KEYS) là khóa của hệ thống này; nếu "
                "đúng, gỡ bằng namro factor reset để người dùng thiết lập lại."
            )
        self.stdout.write(f"OK: {sum(counts.values())} khóa bí mật đều mở được.")

    def _account(self, options: dict[str, Any]) -> None:
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
