"""What `namro extract` does, without Django: read the file, extract, print JSON or a table.

Extraction needs no database, so the console script runs this module directly (``run``) and
answers in a fraction of the time Django's start takes. Only counting "N ngày làm việc" from
a ``--date`` needs the holiday calendar, which lives in the database: ``calendar_days`` starts
Django then, and only then. The management command ``extract`` is the same code under Django
(its options, its output, its messages), and serves every call the fast path does not take
(``--help``, Django's own options).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from namro.intake.core import Extraction, ExtractionError, extract, read_file
from namro.intake.core.readers import MAX_FILE_BYTES, decode_text

HELP = (
    "Trích xuất nhiệm vụ (nội dung, đơn vị chủ trì, phối hợp, thời hạn, sản phẩm), cán bộ và "
    "chức vụ, số văn bản và buổi làm việc từ một văn bản tiếng Việt (.txt, .docx, .pdf có lớp "
    "chữ, hoặc «-» để đọc từ đầu vào chuẩn). Không ghi gì vào cơ sở dữ liệu."
)
FILE_HELP = "Tệp .txt, .docx, .pdf, hoặc - (stdin)."
JSON_HELP = "In đúng một đối tượng JSON: tasks, people, documents, visit."
DATE_HELP = (
    "Ngày của văn bản: thời hạn không ghi năm lấy ngày gần nhất từ ngày này, «trong N "
    "ngày kể từ ngày ký» tính từ ngày này; không có thì các thời hạn đó để trống."
)

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


class UsageError(Exception):
    """An option given a value the command cannot use; the message says which and how."""


def parse_day(value: str) -> date:
    """The day written ``YYYY-MM-DD``; else ``UsageError`` saying how to write it."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
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


def calendar_days(day: date, n: int) -> date:
    """``add_working_days`` of the holiday calendar, Django started on the first call."""
    from django.apps import apps

    if not apps.ready:
        import os

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namro.settings")
        django.setup()
    from namro.workdays.calendar import add_working_days

    return add_working_days(day, n)


def output(
    file: str,
    *,
    as_json: bool,
    day: str | None,
    add_working_days: Callable[[date, int], date] = calendar_days,
) -> str:
    """What the command prints for these options; ``ExtractionError`` or ``UsageError``."""
    doc_date = parse_day(day) if day else None
    text = read_input(file)
    result = extract(text, doc_date=doc_date, add_working_days=add_working_days)
    if as_json:
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    return render(result)


class _Unparsed(Exception):
    """Arguments the fast path does not take (left to the management command)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Unparsed(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="namro extract", add_help=False, allow_abbrev=False)
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--date")
    return parser


def run(
    argv: Sequence[str], stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int | None:
    """Run ``namro extract`` with ``argv`` (the arguments after "extract") without Django:
    the exit status, or None when the arguments are for the management command (help,
    Django's options, mistakes, which its parser explains)."""
    try:
        options = _parser().parse_args(list(argv))
    except _Unparsed:
        return None
    out = stdout or sys.stdout
    try:
        text = output(options.file, as_json=options.json, day=options.date)
    except ExtractionError as exc:
        (stderr or sys.stderr).write(f"CommandError: {exc.message_vi}\n")
        return 1
    except UsageError as exc:
        (stderr or sys.stderr).write(f"CommandError: {exc}\n")
        return 1
    out.write(text if text.endswith("\n") else text + "\n")
    out.flush()
    return 0
