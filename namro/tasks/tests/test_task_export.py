"""The task list's Excel export: the office's layout read back with openpyxl, hostile texts
kept as text, scope by persona, and a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from namro.factories import TaskFactory, UnitFactory
from namro.tasks.models import Recurrence, Task
from namro.testing import xlsx_table

pytestmark = pytest.mark.django_db

URL = "/nhiem-vu/"
OVERDUE_ON = {"as_of": "2025-07-15"}
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
]


def _export(client, params=None):
    response = client.get(URL, {**OVERDUE_ON, **(params or {}), "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nhiem-vu-')
    return response


def _bulk(personas, n: int, **fields) -> None:
    values = {
        "document": personas.document,
        "lead_unit": personas.department,
        "owner": personas.person,
        "assigned_on": date(2025, 1, 1),
        "due_on": date(2025, 6, 30),
        **fields,
    }
    Task.objects.bulk_create(TaskFactory.build_batch(n, **values))


def test_export_is_the_offices_sheet(client, personas):
    task = TaskFactory(
        document=personas.document,
        lead_unit=personas.department,
        assigned_on=date(2025, 1, 1),
        due_on=date(2025, 6, 30),
    )
    task.coordinating_units.add(personas.commune)
    client.force_login(personas.users["tracker"])
    response = _export(client, {"unit": personas.department.pk, "status": "overdue"})
    sheet, header, rows = xlsx_table(response)
    assert sheet["A1"].value == "DANH SÁCH NHIỆM VỤ"
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"A1:K1", "A2:K2", "A3:K3"}
    assert sheet["A2"].value.startswith(f"Bộ lọc: Đơn vị: {personas.department.name}")
    assert "Tình trạng: Quá hạn" in sheet["A2"].value
    assert sheet["A3"].value == "Tình hình đến ngày 15/07/2025"
    assert header == [
        "STT", "Mục", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
        "Sản phẩm", "Người chịu trách nhiệm", "Cấp có thẩm quyền", "Trọng tâm", "Tình trạng",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A6"  # title, filter, date, a blank row, the header
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    row = next(r for r in rows if r[2] == task.action)
    assert row[3] == personas.department.name and row[4] == personas.commune.name
    due = sheet.cell(row=6 + rows.index(row), column=6)
    assert due.is_date and due.number_format == "DD/MM/YYYY"
    assert due.value.date() == task.due_on
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDF"}
    assert widths["A"] < widths["F"] < widths["C"] <= 62  # STT narrow, action wide but bounded
    assert widths["D"] >= len(personas.department.name)


def test_a_recurring_task_shows_its_recurrence_as_text(client, personas):
    _bulk(personas, 1, recurrence=Recurrence.QUARTERLY, due_on=None, action="Báo cáo quý")
    client.force_login(personas.users["tracker"])
    _sheet, header, rows = xlsx_table(_export(client, {"unit": personas.department.pk}))
    row = next(r for r in rows if r[header.index("Nội dung nhiệm vụ")] == "Báo cáo quý")
    assert row[header.index("Thời hạn")] == "Hằng quý"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_like_task_text_is_stored_as_text(client, personas, text):
    _bulk(personas, 1, action=text, expected_output=text)
    client.force_login(personas.users["tracker"])
    sheet, header, rows = xlsx_table(_export(client, {"unit": personas.department.pk}))
    at = next(i for i, r in enumerate(rows) if r[header.index("Sản phẩm")] == text)
    for column in (header.index("Nội dung nhiệm vụ"), header.index("Sản phẩm")):
        cell = sheet.cell(row=6 + at, column=column + 1)
        assert cell.value == text  # the words unchanged, so the file imports back the same
        assert cell.data_type == "s" and cell.data_type != "f"
        assert cell.quotePrefix  # typed-apostrophe mark: no formula on editing either


@pytest.mark.parametrize("persona", ["leader", "tracker", "reporter", "viewer"])
def test_export_holds_the_tasks_in_scope_only(client, personas, persona):
    client.force_login(personas.users[persona])
    _sheet, header, rows = xlsx_table(_export(client))
    actions = {r[header.index("Nội dung nhiệm vụ")] for r in rows}
    assert personas.task.action in actions
    assert personas.outside_task.action not in actions


def test_export_without_a_role_is_an_empty_table_and_anonymous_must_log_in(client, personas):
    client.force_login(personas.users["norole"])
    _sheet, _header, rows = xlsx_table(_export(client))
    assert rows == []
    client.logout()
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_export_of_a_unit_out_of_scope_is_refused(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(URL, {"unit": personas.outside_department.pk, "format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")
    assert "Không tìm thấy đơn vị" in response.content.decode()


# The session, the user and their roles, the chosen unit and the tops of the trees (the
# filter), the tasks, their coordinating units (these two once per chunk of tasks read).
EXPORT_QUERIES = 7


@pytest.mark.parametrize("size", [5, 300])
def test_export_costs_a_fixed_number_of_queries(client, personas, django_assert_num_queries, size):
    _bulk(personas, size)
    others = UnitFactory.create_batch(2, parent=personas.province)
    for task in Task.objects.filter(lead_unit=personas.department)[:size]:
        task.coordinating_units.set(others)
    client.force_login(personas.users["tracker"])
    client.get(URL)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = _export(client, {"unit": personas.department.pk})
    _sheet, header, rows = xlsx_table(response)
    assert len(rows) == size + 1  # the persona's own task too
    assert sum(bool(r[header.index("Đơn vị phối hợp")]) for r in rows) == size
