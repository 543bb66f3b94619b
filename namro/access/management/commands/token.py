"""`namro token`: make, list and revoke personal API tokens."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from namro.access.management.accounts import user_named
from namro.access.models import ApiToken
from namro.access.services import hash_secret, token_create, token_revoke


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "—"


class Command(BaseCommand):
    help = (
        "Mã truy cập API cá nhân. Lệnh con: create TÊN_ĐĂNG_NHẬP (in mã mới, một lần, "
        "ở dòng cuối), list TÊN_ĐĂNG_NHẬP, revoke MÃ_SỐ|TIỀN_TỐ|MÃ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo mã mới; mã chỉ hiện một lần.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="Tên gợi nhớ của mã.")
        create.add_argument(
            "--scope", default="write", choices=["read", "write"], help="Phạm vi: read hoặc write."
        )
        create.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày hiệu lực (mặc định NAMRO_TOKEN_DAYS; 0: không hết hạn).",
        )
        listing = sub.add_parser("list", help="Liệt kê các mã của một tài khoản.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Thu hồi một mã.")
        revoke.add_argument("token", help="Mã số (cột đầu của list), tiền tố hoặc chính mã.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = user_named(options["username"])
            try:
                token, secret = token_create(
                    actor=None,
                    user=user,
                    name=options["name"],
                    scope=options["scope"],
                    days=options["days"],
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(
                f"Mã truy cập API #{token.pk} cho «{user.get_username()}» "
                "(chỉ hiện một lần; dùng trong tiêu đề Authorization: Bearer <mã>):"
            )
            self.stdout.write(secret)
        elif action == "list":
            user = user_named(options["username"])
            tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
            if not tokens:
                self.stdout.write(f"«{user.get_username()}» chưa có mã truy cập API nào.")
            for t in tokens:
                state = f"thu hồi {_when(t.revoked_at)}" if t.revoked_at else "còn hiệu lực"
                self.stdout.write(
                    f"#{t.pk}  {t.prefix}…  {t.name or '-'}  tạo {_when(t.created_at)}  "
                    f"dùng lần cuối {_when(t.last_used_at)}  {state}"
                )
        else:
            token = self._find(options["token"])
            try:
                token_revoke(actor=None, token=token)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(f"Đã thu hồi mã #{token.pk} ({token.prefix}…) của «{token.user}».")

    def _find(self, given: str) -> ApiToken:
        given = given.strip().lstrip("#")
        if given.isdigit():
            found = ApiToken.objects.filter(pk=int(given)).first()
        else:
            found = ApiToken.objects.filter(key_hash=hash_secret(given)).first()
            if found is None:
                matches = list(ApiToken.objects.filter(prefix=given.rstrip("…")))
                if len(matches) > 1:
                    raise CommandError(f"Có {len(matches)} mã cùng tiền tố «{given}»; dùng mã số.")
                found = matches[0] if matches else None
        if found is None:
            raise CommandError(f"Không tìm thấy mã truy cập «{given}».")
        return found
