"""Excel import and export of a document's tasks: all rows or none, errors by row and column."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from namro.factories import DocumentFactory, PersonFactory, TaskFactory, UnitFactory
from namro.intake.core.headers import Column, map_header
from namro.intake.excel import import_tasks
from namro.orgs.models import Unit
from namro.tasks.excel import export_tasks
from namro.tasks.models import Recurrence, Task

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Sản phẩm"]


def sheet(*rows, header=HEADER, title_rows=1) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    for _ in range(title_rows):
        ws.append(["KẾ HOẠCH TRIỂN KHAI"])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def place():
    province = UnitFactory(name="Tỉnh ủy Tân Hà")
    finance = UnitFactory(name="Sở Tài chính", parent=province, aliases=["STC"])
    building = UnitFactory(name="Sở Xây dựng", parent=province)
    document = DocumentFactory(issuer=province, issued_on=date(2026, 3, 1))
    return document, finance, building


def test_a_sheet_becomes_tasks_with_units_found_without_diacritics(place):
    document, finance, building = place
    data = sheet(
        [
            "1",
            "Xây dựng kế hoạch cải tạo trụ sở dôi dư",
            "so xay dung",
            "Sở Tài chính; STC",
            "30/06/2026",
            "Kế hoạch",
        ],
        ["2", "Báo cáo kết quả thực hiện", "Sở Tài chính", "", "hằng quý", "Báo cáo"],
        ["3", "Rà soát tài sản công", "Sở Tài chính", "", date(2026, 9, 30), ""],
    )
    tasks = import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    assert [t.section for t in tasks] == ["1", "2", "3"]
    assert tasks[0].lead_unit == building and list(tasks[0].coordinating_units.all()) == [finance]
    assert tasks[0].due_on == date(2026, 6, 30)
    assert tasks[1].recurrence == Recurrence.QUARTERLY and tasks[1].due_on is None
    assert tasks[2].due_on == date(2026, 9, 30)


def test_every_bad_row_is_named_and_nothing_is_saved(place):
    document, _finance, _building = place
    data = sheet(
        ["1", "Việc hợp lệ", "Sở Tài chính", "", "30/06/2026", ""],
        ["2", "", "Sở Tài chính", "", "30/06/2026", ""],
        ["3", "Việc có đơn vị lạ", "Sở Ngoại giao", "", "30/06/2026", ""],
        ["4", "Việc có hạn sai", "Sở Tài chính", "", "31/02/2026", ""],
        ["5", "Việc có hạn trước ngày ban hành", "Sở Tài chính", "", "01/01/2026", ""],
    )
    with pytest.raises(ValidationError) as exc:
        import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    text = "\n".join(exc.value.messages)
    assert "Dòng 4, cột «Nội dung nhiệm vụ»" in text
    assert "Dòng 5, cột «Đơn vị chủ trì»: không tìm thấy «Sở Ngoại giao»" in text
    assert "Dòng 6, cột «Thời hạn»" in text and "31/02/2026" in text
    assert "Dòng 7, cột «Thời hạn»: Thời hạn 01/01/2026 trước ngày ban hành" in text
    assert not Task.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(place):
    document, *_ = place
    with pytest.raises(ValidationError, match="không phải bảng tính"):
        import_tasks(actor=None, document=document, data=b"\x00\x01junk", units=Unit.objects.all())
    with pytest.raises(ValidationError, match="Tệp bị hỏng hoặc không phải tệp Office"):
        import_tasks(
            actor=None, document=document, data=b"PK\x03\x04broken", units=Unit.objects.all()
        )


def test_a_sheet_without_the_needed_columns_says_which(place):
    document, *_ = place
    with pytest.raises(ValidationError, match="«Đơn vị chủ trì»"):
        import_tasks(
            actor=None,
            document=document,
            data=sheet(header=["STT", "Nội dung"]),
            units=Unit.objects.all(),
        )


def test_an_ambiguous_unit_name_is_refused(place):
    document, *_ = place
    UnitFactory(name="Sở Tài chính")  # another province's
    data = sheet(["1", "Việc", "Sở Tài chính", "", "30/06/2026", ""])
    with pytest.raises(ValidationError, match="trùng tên"):
        import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())


def test_export_reads_back_into_the_same_tasks(place):
    document, _finance, _building = place
    owner = PersonFactory(full_name="Lê Thị Mẫu")
    data = sheet(
        [
            "1",
            "Xây dựng kế hoạch cải tạo trụ sở",
            "Sở Xây dựng",
            "Sở Tài chính",
            "30/06/2026",
            "Kế hoạch",
        ],
        ["2", "Báo cáo định kỳ", "Sở Tài chính", "", "Định kỳ 6 tháng", "Báo cáo"],
    )
    import_tasks(actor=None, document=document, data=data, units=Unit.objects.all(), people=[owner])
    exported = export_tasks(Task.objects.filter(document=document).order_by("order"))
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("STT", "Mục", "Nội dung nhiệm vụ", "Đơn vị chủ trì")
    assert rows[3][3] == "Sở Xây dựng" and rows[4][5] == "Định kỳ 6 tháng"
    other = DocumentFactory(issuer=document.issuer, issued_on=date(2026, 3, 1))
    again = import_tasks(actor=None, document=other, data=exported, units=Unit.objects.all())
    assert [(t.action, t.lead_unit_id, t.due_on, t.recurrence) for t in again] == [
        (t.action, t.lead_unit_id, t.due_on, t.recurrence)
        for t in Task.objects.filter(document=document).order_by("order")
    ]


def test_an_exported_sheet_reads_its_sections_from_muc_not_from_the_row_counter(place):
    document, _finance, building = place
    for order, section in enumerate(["I.1", "I.2", "II.1"], start=1):
        TaskFactory(
            document=document,
            lead_unit=building,
            section=section,
            order=order,
            due_on=date(2026, 6, 30),
        )
    exported = export_tasks(Task.objects.filter(document=document).order_by("order"))
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert [r[:2] for r in rows[3:6]] == [(1, "I.1"), (2, "I.2"), (3, "II.1")]
    other = DocumentFactory(issuer=document.issuer, issued_on=date(2026, 3, 1))
    again = import_tasks(actor=None, document=other, data=exported, units=Unit.objects.all())
    assert [t.section for t in again] == ["I.1", "I.2", "II.1"]


def test_an_office_sheet_with_stt_alone_reads_its_sections_from_stt():
    assert map_header(["STT", "Nội dung", "Chủ trì"])["section"] == Column(0, "STT")
    assert map_header(["Mục", "STT", "Nội dung"])["section"] == Column(0, "Mục")
    assert map_header(["STT", "Mục", "Nội dung"])["section"] == Column(1, "Mục")


def test_import_and_export_commands(place, tmp_path, capsys):
    document, *_ = place
    source = tmp_path / "nhiem-vu.xlsx"
    source.write_bytes(
        sheet(["1", "Xây dựng kế hoạch", "Sở Xây dựng", "", "30/06/2026", "Kế hoạch"])
    )
    call_command("import", str(source), "--document", str(document.pk))
    assert "Đã thêm 1 nhiệm vụ" in capsys.readouterr().out
    target = tmp_path / "xuat.xlsx"
    call_command("export", "--document", str(document.pk), "-o", str(target))
    assert load_workbook(target).active.max_row == 4  # title, blank, header, the task
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(sheet(["1", "Việc", "Sở Không Có", "", "", ""]))
    with pytest.raises(CommandError, match=r"sai\.xlsx"):
        call_command("import", str(bad), "--document", str(document.pk))
