"""`namro import FILE --document ID`: add the tasks of an Excel sheet to a document."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.access import policy
from namro.documents.models import Document
from namro.intake.excel import plan_import, write_plan
from namro.orgs.models import Person, Unit
from namro.tasks.services import imports_recover


class Command(BaseCommand):
    help = (
        "Nhập nhiệm vụ từ tệp Excel (.xlsx) vào một văn bản: tất cả các dòng hoặc không dòng nào. "
        "Cột bắt buộc: «Nội dung nhiệm vụ», «Đơn vị chủ trì»; có cột «Mã nhiệm vụ» thì nhập lại "
        "sẽ sửa nhiệm vụ cùng mã thay vì thêm mới."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Tệp .xlsx.")
        parser.add_argument("--document", type=int, help="Mã (id) văn bản.")
        parser.add_argument(
            "--recover",
            action="store_true",
            help=(
                "Hủy các lần nhập dở dang (tiến trình bị dừng giữa chừng): xóa những nhiệm vụ "
                "chúng đã ghi, để mỗi lần nhập là tất cả hoặc không gì."
            ),
        )
        parser.add_argument("--user", help="Nhập với quyền của tài khoản này (mặc định: hệ thống).")
        parser.add_argument(
            "--received",
            help="Ngày văn bản đến (dd/mm/yyyy); từ ngày này tính hạn nhập nhiệm vụ.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["recover"]:
            self.recover()
            return
        if not options["file"] or options["document"] is None:
            raise CommandError("Cần tệp .xlsx và --document MÃ (hoặc --recover).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản «{options['user']}».")
        documents = policy.visible_documents(user) if user else Document.objects.all()
        document = documents.filter(pk=options["document"]).first()
        if document is None:
            raise CommandError(f"Không tìm thấy văn bản mã {options['document']}.")
        units = policy.visible_units(user) if user else Unit.objects.all()
        received_on = None
        if options.get("received"):
            try:
                received_on = datetime.strptime(options["received"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(
                    f"Ngày đến «{options['received']}» không hợp lệ, hãy ghi dd/mm/yyyy."
                ) from None
        try:
            plan = plan_import(
                document=document,
                data=path.read_bytes(),
                units=units,
                people=Person.objects.all(),
            )
            written = write_plan(actor=user, document=document, plan=plan, received_on=received_on)
        except PermissionDenied as exc:
            raise CommandError("Tài khoản không có quyền giao nhiệm vụ theo văn bản này.") from exc
        except ValidationError as exc:
            raise CommandError(f"{path.name}:\n  " + "\n  ".join(exc.messages)) from exc
        self.stdout.write(
            f"Đã thêm {len(written.created_ids)} nhiệm vụ vào «{document}»"
            f", sửa {len(written.changed_ids)}, giữ nguyên {plan.unchanged}."
        )

    def recover(self) -> None:
        recovered = imports_recover()
        for item in recovered:
            self.stdout.write(
                f"Đã hủy lần nhập dở dang vào văn bản mã {item.document_id}: "
                f"xóa {item.tasks} nhiệm vụ."
            )
        if not recovered:
            self.stdout.write("Không có lần nhập dở dang.")
