"""`namro extract [--json] [--date YYYY-MM-DD] FILE|-`: tasks, people, document numbers and a
working session drawn from a Vietnamese text."""

from __future__ import annotations

import json
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.intake.core import Extraction, ExtractionError, extract, read_file
from namro.intake.core.readers import MAX_FILE_BYTES, decode_text
from namro.workdays.calendar import add_working_days

RECURRENCE_VI = {
    "none": "",
    "ongoing": "thường xuyên",
    "yearly": "hằng năm",
    "semiannual": "định kỳ 6 tháng",
    "quarterly": "hằng quý",
    "monthly": "hằng tháng",
}
STATE_VI = {
    "raised": "đã kiến nghị",
    "received": "đã tiếp nhận",
    "under_consideration": "đang xem xét",
    "answered": "đã trả lời",
    "closed": "đã kết thúc",
}


def read_input(name: str) -> str:
    """The text of file ``name``, or of standard input for "-" (same checks as a file)."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ExtractionError(
                f"Đầu vào quá lớn (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).",
                f"Input too large (limit {MAX_FILE_BYTES // (1024 * 1024)} MB).",
            )
        return decode_text(data)
    path = Path(name)
    if not path.is_file():
        raise ExtractionError(f"Không tìm thấy tệp {name}.", f"File not found: {name}.")
    return read_file(path)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Ngày «{value}» không hợp lệ: hãy ghi theo dạng YYYY-MM-DD, ví dụ 2026-03-15."
        ) from None


def _dmy(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """A plain-text table: cells wrapped to ``widths``, columns separated by " │ "."""
    lines = []

    def emit(cells: list[str]) -> None:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [
                (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True)
            ]
            lines.append(" │ ".join(parts).rstrip())

    emit(headers)
    lines.append("─┼─".join("─" * n for n in widths))
    for row in rows:
        emit(row)
    return "\n".join(lines)


def render(result: Extraction) -> str:
    """The extraction as text a person reads in a terminal."""
    data = result.to_dict()
    out: list[str] = []
    tasks = data["tasks"]
    out.append(f"NHIỆM VỤ ({len(tasks)})")
    if tasks:
        rows = []
        for i, t in enumerate(tasks, start=1):
            timing = _dmy(t["deadline"]) or (t["deadline_text"] or "")
            if t["deadline"] and t["deadline_text"]:
                timing += f" ({t['deadline_text']})"
            recurrence = RECURRENCE_VI.get(t["recurrence"], t["recurrence"])
            rows.append(
                [
                    str(i),
                    t["action"],
                    t["lead"] or "(chưa rõ)",
                    "; ".join(t["coordinating"]),
                    "; ".join(p for p in (timing, recurrence) if p),
                    t["output"] or "",
                ]
            )
        headers = ["#", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm"]
        out.append(table(headers, rows, [3, 48, 22, 22, 20, 18]))
    people = data["people"]
    out += ["", f"CÁN BỘ ({len(people)})"]
    out += [f"  - {p['name']}: {', '.join(p['positions'])}" for p in people]
    documents = data["documents"]
    out += ["", f"SỐ VĂN BẢN ({len(documents)})"]
    out += [
        f"  - {d['number']} ({d['kind']}; {d['issuer'] or 'chưa rõ cơ quan'})" for d in documents
    ]
    visit = data["visit"]
    out += ["", "BUỔI LÀM VIỆC"]
    if visit is None:
        out.append("  (không có)")
    else:
        out += [
            f"  Thời gian:        {visit['date_text'] or ''}",
            f"  Đoàn công tác:    {visit['visiting_body'] or ''}",
            f"  Đơn vị làm việc:  {visit['host'] or ''}",
            f"  Về văn bản:       {'; '.join(visit['subject_documents'])}",
            f"  Chủ trì:          {', '.join(visit['chaired_by'])}",
        ]
        for r in visit["recommendations"]:
            out.append(
                f"  Kiến nghị của {r['raised_by'] or '?'} gửi {r['to'] or '?'}: {r['subject']}"
            )
            if r["answer"]:
                out.append(f"    Trả lời: {r['answer']} ({STATE_VI.get(r['state'], r['state'])})")
    return "\n".join(out)


class Command(BaseCommand):
    help = (
        "Trích xuất nhiệm vụ (nội dung, đơn vị chủ trì, phối hợp, thời hạn, sản phẩm), cán bộ và "
        "chức vụ, số văn bản và buổi làm việc từ một văn bản tiếng Việt (.txt, .docx, .pdf có lớp "
        "chữ, hoặc «-» để đọc từ đầu vào chuẩn). Không ghi gì vào cơ sở dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="Tệp .txt, .docx, .pdf, hoặc - (stdin).")
        parser.add_argument(
            "--json",
            action="store_true",
            help="In đúng một đối tượng JSON: tasks, people, documents, visit.",
        )
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help=(
                "Ngày của văn bản: thời hạn không ghi năm lấy ngày gần nhất từ ngày này, «trong N "
                "ngày kể từ ngày ký» tính từ ngày này; không có thì các thời hạn đó để trống."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        doc_date = _day(options["date"]) if options.get("date") else None
        try:
            text = read_input(options["file"])
            result = extract(text, doc_date=doc_date, add_working_days=add_working_days)
        except ExtractionError as exc:
            raise CommandError(exc.message_vi) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render(result))
