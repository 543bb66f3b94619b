"""`namro role`: grant, list and revoke roles held over a unit and its subtree."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.access.management.accounts import user_named
from namro.access.models import Role, RoleAssignment
from namro.access.services import role_grant, role_revoke
from namro.orgs.models import Unit

ROLES = ", ".join(r.value for r in Role)


class Command(BaseCommand):
    help = (
        "Phân quyền theo đơn vị (vai trò có hiệu lực ở đơn vị và mọi đơn vị cấp dưới). "
        "Lệnh con: grant TÊN_ĐĂNG_NHẬP VAI_TRÒ MÃ_ĐƠN_VỊ, list [TÊN_ĐĂNG_NHẬP], "
        "revoke MÃ_SỐ. Mỗi lần cấp, thu hồi được ghi vào nhật ký thay đổi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser("grant", help="Cấp một vai trò tại một đơn vị.")
        grant.add_argument("username")
        grant.add_argument("role", help=f"Một trong: {ROLES}.")
        grant.add_argument("unit", type=int, help="Mã số đơn vị.")
        listing = sub.add_parser("list", help="Liệt kê phân quyền (của một tài khoản).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Thu hồi một phân quyền.")
        revoke.add_argument("assignment", help="Mã số phân quyền (cột đầu của list).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "grant":
                self._grant(options)
            elif action == "list":
                self._list(options.get("username"))
            else:
                self._revoke(options["assignment"])
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from None

    def _grant(self, options: dict[str, Any]) -> None:
        user = user_named(options["username"])
        unit = Unit.objects.filter(pk=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã số {options['unit']}.")
        if options["role"] not in Role.values:
            raise CommandError(f"Vai trò «{options['role']}» không có; dùng một trong: {ROLES}.")
        assignment = role_grant(actor=None, user=user, role=options["role"], unit=unit)
        self.stdout.write(
            f"Đã cấp #{assignment.pk}: «{user.get_username()}» — "
            f"{assignment.get_role_display()} — {unit}."
        )

    def _list(self, username: str | None) -> None:
        rows = RoleAssignment.objects.select_related("user", "unit").order_by(
            "user__username", "unit__path", "role"
        )
        if username:
            rows = rows.filter(user=user_named(username))
        if not rows:
            self.stdout.write("Chưa có phân quyền nào.")
        for a in rows:
            self.stdout.write(
                f"#{a.pk}  {a.user.get_username()}  {a.role}  {a.unit} (#{a.unit_id})"
            )

    def _revoke(self, given: str) -> None:
        given = given.strip().lstrip("#")
        found = (
            RoleAssignment.objects.select_related("user", "unit").filter(pk=int(given)).first()
            if given.isdigit()
            else None
        )
        if found is None:
            raise CommandError(f"Không tìm thấy phân quyền «{given}».")
        role_revoke(actor=None, assignment=found)
        self.stdout.write(
            f"Đã thu hồi #{given}: «{found.user.get_username()}» — "
            f"{found.get_role_display()} — {found.unit}."
        )
