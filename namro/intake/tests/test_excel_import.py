"""The Excel import as offices use it: their headers, a preview before anything is written,
all rows or none, re-import by task code, and hostile files refused by row and column."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain
from namro.factories import DocumentFactory, UnitFactory
from namro.insights.bench.excel_import import hostile_sheet
from namro.intake.core.headers import map_header
from namro.intake.excel import SheetError, import_tasks, plan_import, write_plan
from namro.orgs.models import Unit
from namro.tasks.models import StatusTally, Task, TaskTrail, TaskUpdate, UpdateKind
from namro.tasks.tally import tally_rebuild

pytestmark = pytest.mark.django_db

OFFICE_HEADER = [
    "STT",
    "Mã nhiệm vụ",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành (dd/mm/yyyy)",
    "Kết quả, sản phẩm",
    "Tiến độ",
    "Ghi chú",
]


def workbook(*rows, header=OFFICE_HEADER, numbers=True) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC NHIỆM VỤ"])
    ws.append(["(Kèm theo Kế hoạch số 12-KH/TU)"])
    ws.append([])
    ws.append(header)
    if numbers:
        ws.append([f"({n})" for n in range(1, len(header) + 1)])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def place():
    province = UnitFactory(name="Tỉnh ủy Hà Nam Thử")
    finance = UnitFactory(name="Sở Tài chính", parent=province)
    justice = UnitFactory(name="Sở Tư pháp", parent=province)
    document = DocumentFactory(issuer=province, issued_on=date(2026, 3, 1))
    return document, finance, justice


def counts() -> tuple[int, int, int]:
    return Task.objects.count(), AuditEvent.objects.count(), TaskUpdate.objects.count()


def test_office_wordings_of_the_headers_are_recognised():
    columns = map_header(
        ["TT", "Nội dung nhiệm vụ cụ thể", "Đơn vị\nchủ trì", "Thời hạn (ngày)", "Ghi chú"]
    )
    assert {k: c.letter for k, c in columns.items()} == {
        "section": "A",
        "action": "B",
        "lead_unit": "C",
        "due_on": "D",
        "note": "E",
    }


def test_a_sheet_below_title_rows_is_imported_with_its_codes(place):
    document, finance, justice = place
    data = workbook(
        [1, "NV-1", "Rà soát thủ tục", "Sở Tài chính", "Sở Tư pháp", "30/06/2026", "Báo cáo"],
        [2, "NV-2", "Sửa quy chế", "Sở Tư pháp", "", date(2026, 9, 30), "", "50%", "x"],
    )
    tasks = import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    assert [(t.external_key, t.lead_unit, t.due_on) for t in tasks] == [
        ("NV-1", finance, date(2026, 6, 30)),
        ("NV-2", justice, date(2026, 9, 30)),
    ]
    assert list(tasks[0].coordinating_units.all()) == [justice]
    assert TaskUpdate.objects.filter(task__in=tasks, kind=UpdateKind.CREATED).count() == 2
    assert AuditEvent.objects.filter(action="task.create", object_type="tasks.task").count() >= 2
    assert verify_chain().ok


def test_bulk_import_keeps_the_counters_a_recount_gives(place):
    document, *_ = place
    data = workbook(
        *[
            [n, f"K{n}", f"Việc {n}", "Sở Tài chính", "", f"{n % 28 + 1:02d}/04/2026", ""]
            for n in range(1, 41)
        ],
        [41, "K41", "Việc thường xuyên", "Sở Tư pháp", "", "Thường xuyên", ""],
    )
    import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    imported = sorted(StatusTally.objects.values_list("unit_id", "grain", "start", "overdue"))
    trails = sorted(TaskTrail.objects.values_list("task_id", "unit_id", "trail"))
    tally_rebuild()
    assert sorted(StatusTally.objects.values_list("unit_id", "grain", "start", "overdue")) == (
        imported
    )
    assert sorted(TaskTrail.objects.values_list("task_id", "unit_id", "trail")) == trails


def test_reimport_by_code_changes_the_task_instead_of_adding_one(place):
    document, finance, justice = place
    first = workbook([1, "NV-1", "Rà soát thủ tục", "Sở Tài chính", "", "30/06/2026", ""])
    [task] = import_tasks(actor=None, document=document, data=first, units=Unit.objects.all())
    again = workbook(
        [1, "NV-1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "", "30/06/2026", ""],
        [2, "NV-2", "Việc mới", "Sở Tài chính", "", "30/06/2026", ""],
    )
    plan = plan_import(document=document, data=again, units=Unit.objects.all())
    assert (len(plan.new), len(plan.edits), plan.unchanged) == (1, 1, 0)
    written = write_plan(actor=None, document=document, plan=plan)
    task.refresh_from_db()
    assert (task.action, task.lead_unit) == ("Rà soát thủ tục hành chính", justice)
    assert Task.objects.filter(document=document).count() == 2
    assert written.changed_ids == [task.pk]
    change = AuditEvent.objects.get(action="task.change", object_id=str(task.pk))
    assert change.before["lead_unit_id"] == finance.pk and change.after["lead_unit_id"] == (
        justice.pk
    )
    assert TaskUpdate.objects.filter(task=task, kind=UpdateKind.CHANGED).count() == 1
    same = plan_import(document=document, data=again, units=Unit.objects.all())
    assert (len(same.new), len(same.edits), same.unchanged) == (0, 0, 2)
    assert verify_chain().ok


def test_reimport_may_not_move_a_deadline(place):
    document, *_ = place
    import_tasks(
        actor=None,
        document=document,
        data=workbook([1, "NV-1", "Việc", "Sở Tài chính", "", "30/06/2026", ""]),
        units=Unit.objects.all(),
    )
    before = counts()
    with pytest.raises(SheetError) as exc:
        import_tasks(
            actor=None,
            document=document,
            data=workbook([1, "NV-1", "Việc", "Sở Tài chính", "", "30/07/2026", ""]),
            units=Unit.objects.all(),
        )
    [error] = exc.value.row_errors
    assert (error.row, error.letter) == (6, "F") and "gia hạn" in error.message
    assert counts() == before


def test_a_code_twice_in_one_sheet_names_both_rows(place):
    document, *_ = place
    data = workbook(
        [1, "A", "Việc một", "Sở Tài chính", "", "", ""],
        [2, "A", "Việc hai", "Sở Tài chính", "", "", ""],
    )
    with pytest.raises(SheetError) as exc:
        import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    [error] = exc.value.row_errors
    assert error.row == 7 and error.column == "Mã nhiệm vụ" and "dòng 6" in error.message
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("row", "where", "said"),
    [
        (["1", "X", "Việc", "Sở Ngoại giao", "", "30/06/2026", ""], (6, "D"), "không tìm thấy"),
        (["1", "X", "Việc", "Sở Tài chính", "", "31/02/2026", ""], (6, "F"), "31/02/2026"),
        (["1", "X", "Việc", "Sở Tài chính", "", "hôm nào đó", ""], (6, "F"), "không phải ngày"),
        (["1", "X", "x" * 6000, "Sở Tài chính", "", "", ""], (6, "C"), "tối đa 5.000"),
    ],
)
def test_a_hostile_row_is_named_by_row_and_column_and_nothing_is_written(place, row, where, said):
    document, *_ = place
    before = counts()
    data = workbook(["0", "OK", "Việc hợp lệ", "Sở Tài chính", "", "30/06/2026", ""], row)
    with pytest.raises(SheetError) as exc:
        import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    [error] = exc.value.row_errors
    assert (error.row - 1, error.letter) == where and said in error.message
    assert error.sheet == "Phụ lục" and f"ô {error.letter}{error.row}" in str(error)
    assert counts() == before


def test_wrong_headers_say_which_rows_and_columns_were_searched(place):
    document, *_ = place
    before = counts()
    data = workbook(["1", "Việc"], header=["STT", "Tên"], numbers=False)
    with pytest.raises(SheetError, match=r"dòng 1–30 \(cột A–BL\)") as exc:
        import_tasks(actor=None, document=document, data=data, units=Unit.objects.all())
    assert "«Nội dung nhiệm vụ»" in exc.value.messages[0]
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("not_a_workbook", "không phải bảng tính"),
        ("zip_bomb_sheet_1gib", "giải nén"),
        ("cell_of_3m_chars", "ô C3"),
        ("declared_16384_columns", "Dòng 2, cột «Đơn vị chủ trì»"),
    ],
)
def test_a_hostile_file_is_refused_clearly_and_writes_nothing(place, name, said):
    document, *_ = place
    data = hostile_sheet(name, bomb_mib=256)
    before = counts()
    with pytest.raises(SheetError) as exc:
        plan = plan_import(document=document, data=data, units=Unit.objects.all())
        write_plan(actor=None, document=document, plan=plan)
    assert said in "\n".join(exc.value.messages)
    assert counts() == before


def test_a_sheet_past_the_row_limit_is_refused_with_the_row_reached(place):
    document, *_ = place
    data = workbook(*[[n, "", f"Việc {n}", "Sở Tài chính"] for n in range(30)])
    with pytest.raises(SheetError, match=r"quá 20 dòng nhiệm vụ \(đọc đến dòng 25\)"):
        plan_import(document=document, data=data, units=Unit.objects.all(), max_rows=20)


def test_the_import_command_still_adds_and_then_updates(place, tmp_path, capsys):
    document, *_ = place
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(workbook([1, "NV-1", "Việc", "Sở Tài chính", "", "30/06/2026", ""]))
    call_command("import", str(source), "--document", str(document.pk))
    assert "Đã thêm 1 nhiệm vụ" in capsys.readouterr().out
    source.write_bytes(workbook([1, "NV-1", "Việc đã sửa", "Sở Tài chính", "", "30/06/2026", ""]))
    call_command("import", str(source), "--document", str(document.pk))
    assert "Đã thêm 0 nhiệm vụ" in capsys.readouterr().out
    assert Task.objects.get(document=document).action == "Việc đã sửa"


def test_a_zip_that_is_not_a_workbook_is_refused(place):
    document, *_ = place
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(SheetError, match="không phải bảng tính"):
        plan_import(document=document, data=out.getvalue(), units=Unit.objects.all())


# ---------------------------------------------------------------- the preview page


def page_rows(personas, count: int) -> bytes:
    name = personas.department.name
    return workbook(
        *[[n, f"P{n}", f"Việc {n}", name, "", "30/06/2026", ""] for n in range(1, count + 1)]
    )


def post_preview(client, document, data: bytes):
    url = reverse("intake:excel_import", args=[document.pk])
    handle = io.BytesIO(data)
    handle.name = "phu-luc.xlsx"
    return client.post(url, {"do": "preview", "file": handle})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin", 200),
        ("tracker", 200),
        ("leader", 403),
        ("reporter", 403),
        ("viewer", 403),
        ("norole", 404),
    ],
)
def test_the_import_page_by_persona(client, personas, name, status):
    client.force_login(personas.users[name])
    response = client.get(reverse("intake:excel_import", args=[personas.document.pk]))
    assert response.status_code == status


def test_an_outside_document_is_not_found(client, personas):
    client.force_login(personas.users["tracker"])
    url = reverse("intake:excel_import", args=[personas.outside_document.pk])
    assert client.get(url).status_code == 404
    assert post_preview(client, personas.outside_document, page_rows(personas, 1)).status_code == (
        404
    )


def test_the_preview_writes_nothing_and_confirm_writes_every_row(client, personas):
    client.force_login(personas.users["tracker"])
    before = counts()
    response = post_preview(client, personas.document, page_rows(personas, 3))
    page = response.content.decode()
    assert response.status_code == 200 and "thêm 3 nhiệm vụ" in page
    assert counts() == before
    token = response.context["token"]
    url = reverse("intake:excel_import", args=[personas.document.pk])
    response = client.post(url, {"do": "confirm", "token": token})
    assert response.status_code == 302
    assert (
        Task.objects.filter(document=personas.document, external_key__startswith="P").count() == 3
    )
    # The token is spent with its file.
    assert client.post(url, {"do": "confirm", "token": token}).status_code == 400


def test_the_preview_lists_errors_by_sheet_row_and_column(client, personas):
    client.force_login(personas.users["tracker"])
    data = workbook(["1", "X", "Việc", "Sở Không Có", "", "30/06/2026", ""])
    response = post_preview(client, personas.document, data)
    page = response.content.decode()
    assert response.status_code == 400 and "token" not in response.context
    assert "Phụ lục" in page and "<td>6</td>" in page and "D «Cơ quan chủ trì»" in page


def test_a_token_of_another_user_or_document_is_refused(client, personas):
    client.force_login(personas.users["tracker"])
    token = post_preview(client, personas.document, page_rows(personas, 1)).context["token"]
    client.force_login(personas.users["admin"])
    url = reverse("intake:excel_import", args=[personas.document.pk])
    response = client.post(url, {"do": "confirm", "token": token})
    assert response.status_code == 400 and "không thuộc" in response.content.decode()
    response = client.post(url, {"do": "confirm", "token": token + "x"})
    assert response.status_code == 400


def test_the_preview_costs_the_same_queries_for_few_or_many_rows(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.users["tracker"])
    for count in (2, 60):
        with django_assert_max_num_queries(14):
            response = post_preview(client, personas.document, page_rows(personas, count))
        assert response.status_code == 200


def test_confirming_costs_the_same_queries_for_few_or_many_rows(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.users["tracker"])
    url = reverse("intake:excel_import", args=[personas.document.pk])
    for count in (2, 60):
        token = post_preview(client, personas.document, page_rows(personas, count)).context["token"]
        Task.objects.filter(external_key__startswith="P").update(external_key="")
        with django_assert_max_num_queries(45):
            response = client.post(url, {"do": "confirm", "token": token})
        assert response.status_code == 302
