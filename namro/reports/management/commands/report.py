"""`namro report periodic --unit ID --period 2026-Q3 -o FILE.docx [--pdf] [--calendar]`:
write a unit's periodic report in its official layout (and its PDF beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from namro.access import policy
from namro.orgs.models import Unit
from namro.reports import periods
from namro.reports.pdf import PdfUnavailable, docx_to_pdf
from namro.reports.periodic_data import periodic_report
from namro.reports.periodic_docx import periodic_docx


class Command(BaseCommand):
    help = "Báo cáo của một đơn vị: report periodic --unit ID --period 2026-Q3 -o TỆP.docx"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        periodic = sub.add_parser("periodic", help="báo cáo định kỳ (tháng, quý, 6 tháng, năm)")
        periodic.add_argument("--unit", type=int, required=True, help="Mã (id) đơn vị.")
        periodic.add_argument(
            "--period", required=True, help="Kỳ: 2026-Q3, 2026-M10, 2026-H1 hoặc 2026."
        )
        periodic.add_argument("-o", "--output", required=True, help="Tệp .docx sẽ ghi.")
        periodic.add_argument(
            "--pdf", action="store_true", help="Ghi thêm tệp .pdf cùng tên (cần LibreOffice)."
        )
        periodic.add_argument(
            "--calendar",
            action="store_true",
            help="Kỳ dương lịch thay cho ngày chốt số liệu của Nghị định 09/2019/NĐ-CP.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = periods.parse(options["period"])
        except periods.PeriodError as error:
            raise CommandError(f"Kỳ báo cáo không hợp lệ: {error}") from None
        # The console runs as the system: it sees every unit.
        unit = policy.visible_units(None, Unit.objects.filter(pk=options["unit"])).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị mã {options['unit']}.")
        report = periodic_report(unit, period, user=None, calendar=options["calendar"])
        content = periodic_docx(report, year=timezone.localdate().year)
        target = Path(options["output"])
        target.write_bytes(content)
        self.stdout.write(f"Đã ghi báo cáo {period.code} của {unit.name} vào {target}.")
        if options["pdf"]:
            try:
                pdf = docx_to_pdf(content, name=target.stem)
            except PdfUnavailable as error:
                raise CommandError(f"Không tạo được tệp PDF: {error}") from None
            beside = target.with_suffix(".pdf")
            beside.write_bytes(pdf)
            self.stdout.write(f"Đã ghi {beside}.")
