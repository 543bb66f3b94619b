"""`namro export --document ID -o FILE`: write a document's tasks to an Excel sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.documents.models import Document
from namro.tasks.excel import export_tasks
from namro.tasks.selectors import tasks_with_facts


class Command(BaseCommand):
    help = "Xuất nhiệm vụ của một văn bản ra tệp Excel (.xlsx), cùng mẫu với lệnh import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--document", type=int, required=True, help="Mã (id) văn bản.")
        parser.add_argument("-o", "--output", required=True, help="Tệp .xlsx sẽ ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = Document.objects.filter(pk=options["document"]).first()
        if document is None:
            raise CommandError(f"Không tìm thấy văn bản mã {options['document']}.")
        tasks = tasks_with_facts().filter(document=document).order_by("order", "pk")
        Path(options["output"]).write_bytes(export_tasks(tasks))
        self.stdout.write(f"Đã xuất {tasks.count()} nhiệm vụ ra {options['output']}.")
