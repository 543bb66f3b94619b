"""`namro units …`: manage the unit tree from the command line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.orgs.admin_units import load_communes
from namro.orgs.models import Unit, UnitKind


class Command(BaseCommand):
    help = "Quản lý cây đơn vị (units). Lệnh con: load-admin."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load-admin",
            help="Nạp các xã, phường của một tỉnh/thành phố theo danh mục hành chính từ 01/7/2025.",
        )
        load.add_argument("--province", required=True, help='Tên tỉnh/thành phố, ví dụ "Hà Nội".')
        load.add_argument("--parent", help="Mã (id) hoặc tên chính xác của đơn vị cấp trên.")
        load.add_argument(
            "--kind",
            default=UnitKind.PARTY_COMMITTEE,
            choices=[UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT],
            help="Nạp cấp ủy (mặc định) hay UBND cấp xã.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        parent = None
        if options.get("parent"):
            ref = options["parent"]
            parent = (
                Unit.objects.filter(pk=int(ref)).first()
                if ref.isdigit()
                else Unit.objects.filter(name=ref).first()
            )
            if parent is None:
                raise CommandError(f"Không tìm thấy đơn vị cấp trên «{ref}».")
        try:
            parent, created, present = load_communes(
                actor=None, province=options["province"], parent=parent, kind=options["kind"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"{parent.name}: đã thêm {created} đơn vị cấp xã, {present} đơn vị đã có từ trước."
        )
