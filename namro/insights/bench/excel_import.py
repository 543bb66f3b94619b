"""``namro bench excel-import``: a task sheet of N rows imported, against openpyxl alone.

The sheet is laid out as offices keep it (a title row, a blank row, the header, a task per
row with a code, a lead unit, coordinating units, a deadline as a date cell, an output, a
progress and a note column). The reference is openpyxl's read-only iteration of the same
file, values only, nothing else; it is timed before and after the import and the import is
compared with their mean. The import is ``plan_import`` (read, resolve, check every row) then
``write_plan``, into a document made for the run in the current database: one transaction
on PostgreSQL, a short one a batch on SQLite; the time inside the transactions is the time
SQLite's write lock is held, the longest of them the longest another writer waits. Hostile files are
then refused: not a workbook, a sheet that expands past the size limit (a zip bomb), a sheet
with more rows than the limit, a cell longer than the limit; for each, the time, the peak
memory, the message and that nothing was written.
"""

from __future__ import annotations

import io
import random
import string
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook, load_workbook

from namro.audit.models import AuditEvent
from namro.documents.models import Document, DocumentKind
from namro.documents.services import document_create
from namro.intake.excel import MAX_ROWS, plan_import, write_plan
from namro.orgs.models import Unit, UnitKind, UnitLevel
from namro.orgs.services import unit_create
from namro.tasks.models import Task

HEADER = [
    "STT",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Sản phẩm",
    "Tiến độ",
    "Ghi chú",
]
ISSUED = date(2026, 1, 5)


def sheet_bytes(rows: int, units: list[str], *, seed: int = 1) -> bytes:
    """An .xlsx of ``rows`` tasks led and coordinated by the units named ``units``."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Nhiệm vụ")
    ws.append(["KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT (bảng tổng hợp)"])
    ws.append([])
    ws.append(HEADER)
    for n in range(1, rows + 1):
        lead, helper = rng.sample(units, 2)
        ws.append(
            [
                n,
                f"NV-{n:06d}",
                f"Xây dựng và triển khai kế hoạch số {n} về chuyển đổi số trong cơ quan",
                lead,
                helper,
                ISSUED + timedelta(days=30 + n % 700),
                "Báo cáo kết quả",
                "",
                "",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def openpyxl_alone(data: bytes) -> tuple[float, int]:
    """Seconds for openpyxl to iterate every row of ``data`` (read-only, values), and rows."""
    return _openpyxl_alone(data)[::2]


def _openpyxl_alone(data: bytes) -> tuple[float, float, int]:
    """``openpyxl_alone`` with the CPU seconds of this process besides (wall, CPU, rows)."""
    started, cpu = time.perf_counter(), time.process_time()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return time.perf_counter() - started, time.process_time() - cpu, count


class PeakMemory:
    """The highest resident size of this process above its size at the start, sampled."""

    def __init__(self, every: float = 0.02) -> None:
        self.every, self.start, self.peak = every, 0, 0
        self._stop = threading.Event()

    @staticmethod
    def resident() -> int:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * 4096

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self.resident())

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = self.resident()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.resident())

    @property
    def mb(self) -> float:
        return round((self.peak - self.start) / 1048576, 1)


def _place(rows: int) -> tuple[Document, list[Unit]]:
    """A province with 30 departments and a plan issued by it, new for this run."""
    stamp = f"{time.time_ns() % 10**9}"
    root = unit_create(
        actor=None,
        name=f"Tỉnh ủy Đo Nhập {stamp}",
        kind=UnitKind.PARTY_COMMITTEE,
        level=UnitLevel.PROVINCE,
    )
    units = [
        unit_create(
            actor=None,
            name=f"Sở Đo {stamp} số {n}",
            kind=UnitKind.DEPARTMENT,
            level=UnitLevel.PROVINCE,
            parent=root,
        )
        for n in range(1, 31)
    ]
    document = document_create(
        actor=None,
        kind=DocumentKind.PLAN,
        title=f"Kế hoạch đo nhập {rows} nhiệm vụ",
        issuer=root,
        issued_on=ISSUED,
        number=f"{stamp}-KH/TU",
    )
    return document, [root, *units]


def _round(value: float) -> float:
    return round(value, 3)


def run(*, rows: int = 100_000, hostile: bool = True) -> dict[str, Any]:
    """Time openpyxl alone and the whole import of a ``rows``-row sheet; then hostile files."""
    call_command("migrate", interactive=False, verbosity=0)
    document, units = _place(rows)
    data = sheet_bytes(rows, [u.name for u in units[1:]])
    before, before_cpu, counted = _openpyxl_alone(data)
    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        plan = plan_import(document=document, data=data, units=units)
        planned = time.perf_counter() - started
        written = write_plan(actor=None, document=document, plan=plan)
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    after, after_cpu, _count = _openpyxl_alone(data)
    if plan.errors or len(written.created_ids) != rows:
        raise ValueError(f"import failed: {[str(e) for e in plan.errors[:5]]}")
    reference = (before + after) / 2
    again_started = time.perf_counter()
    again = plan_import(document=document, data=data, units=units)
    again_seconds = time.perf_counter() - again_started
    result: dict[str, Any] = {
        "database": connection.vendor,
        "rows": rows,
        "file_mb": round(len(data) / 1048576, 2),
        "sheet_rows_read_by_openpyxl": counted,
        "openpyxl_alone_s": [_round(before), _round(after)],
        "import_s": _round(total),
        "read_and_check_s": _round(planned),
        "write_s": _round(total - planned),
        "write_lock_s": _round(written.seconds_in_transaction),
        "longest_lock_s": _round(written.longest_transaction),
        "transactions": written.transactions,
        "ratio": round(total / reference, 2),
        # CPU seconds of this process (not the database server's): steadier than the wall
        # clock on a shared machine, the whole cost on SQLite.
        "openpyxl_alone_cpu_s": [_round(before_cpu), _round(after_cpu)],
        "import_cpu_s": _round(total_cpu),
        "ratio_cpu": round(total_cpu / ((before_cpu + after_cpu) / 2), 2),
        "peak_mb": memory.mb,
        "tasks_created": len(written.created_ids),
        "reimport_same_file": {
            "s": _round(again_seconds),
            "new": len(again.new),
            "changed": len(again.edits),
            "unchanged": again.unchanged,
        },
    }
    if hostile:
        result["hostile"] = hostile_files(document, units)
    return result


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _with_sheet(sheet_xml: Callable[[], Iterator[bytes]]) -> bytes:
    """A minimal workbook whose one sheet's XML is streamed from ``sheet_xml``."""
    base = io.BytesIO(_plain_workbook())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(base) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open("xl/worksheets/sheet1.xml", "w") as part:
                    for chunk in sheet_xml():
                        part.write(chunk)
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


def _plain_workbook() -> bytes:
    workbook = Workbook()
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _rows_xml(count: int, extra: Callable[[int], bytes] = lambda n: b"") -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    yield (
        b'<row r="1">'
        + _inline("A1", "Nội dung nhiệm vụ")
        + _inline("B1", "Đơn vị chủ trì")
        + _inline("C1", "Sản phẩm")
    )
    yield b"</row>"
    for n in range(2, count + 2):
        yield (
            f'<row r="{n}">'.encode()
            + _inline(f"A{n}", f"Việc {n}")
            + _inline(f"B{n}", "Sở Không Có")
            + extra(n)
            + b"</row>"
        )
    yield b"</sheetData></worksheet>"


def _long_cell() -> bytes:
    rng = random.Random(7)
    text = "".join(rng.choices(string.ascii_letters, k=3_000_000))
    return _with_sheet(lambda: _rows_xml(2, lambda n: _inline(f"C{n}", text) if n == 3 else b""))


def _bomb(mib: int) -> bytes:
    """A sheet of ``mib`` MiB of XML (empty rows), about a thousandth of that compressed."""
    return _with_sheet(lambda: (b"<row/>" * 174_763 for _ in range(mib)))


HOSTILE: dict[str, Callable[[], bytes]] = {
    "not_a_workbook": lambda: random.Random(7).randbytes(1_000_000),
    "zip_bomb_sheet_1gib": lambda: _bomb(1024),
    "rows_past_limit": lambda: _with_sheet(lambda: _rows_xml(MAX_ROWS + 10)),
    "cell_of_3m_chars": _long_cell,
    "declared_16384_columns": lambda: _with_sheet(
        lambda: _rows_xml(1000, lambda n: _inline(f"XFD{n}", "x"))
    ),
}


def hostile_sheet(name: str, *, bomb_mib: int = 1024) -> bytes:
    """The hostile file ``name`` of ``HOSTILE`` (the zip bomb of ``bomb_mib`` MiB)."""
    if name == "zip_bomb_sheet_1gib":
        return _bomb(bomb_mib)
    return HOSTILE[name]()


@contextmanager
def _unchanged() -> Iterator[dict[str, int]]:
    counts = {"tasks": Task.objects.count(), "audit_events": AuditEvent.objects.count()}
    found: dict[str, int] = {}
    yield found
    found["tasks_written"] = Task.objects.count() - counts["tasks"]
    found["audit_events_written"] = AuditEvent.objects.count() - counts["audit_events"]


def hostile_files(document: Document, units: list[Unit]) -> dict[str, Any]:
    """Each hostile file's refusal: its message, time, peak memory, what was written."""
    out: dict[str, Any] = {}
    for name in HOSTILE:
        data = hostile_sheet(name)
        said: list[str] = []
        with _unchanged() as written, PeakMemory() as memory:
            started = time.perf_counter()
            try:
                plan = plan_import(document=document, data=data, units=units)
                write_plan(actor=None, document=document, plan=plan)
            except ValidationError as exc:
                said = exc.messages
            seconds = time.perf_counter() - started
        out[name] = {
            "file_mb": round(len(data) / 1048576, 2),
            "s": _round(seconds),
            "peak_mb": memory.mb,
            "messages": len(said),
            "first_messages": [m[:200] for m in said[:3]],
            **written,
        }
    return out
