"""One service creates a document with its tasks: every row checked, all kept or nothing, and
the same row error whichever page or command the rows came from."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook

from namro.documents.models import Document
from namro.documents.services import DocumentFields, TaskRow, document_with_tasks
from namro.intake.excel import SheetError, import_tasks
from namro.orgs.models import Unit
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db

LEAD_ALSO_COORDINATING = "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."


def new_document(personas, issuer=None) -> DocumentFields:
    return DocumentFields(
        kind="plan",
        number="88-KH/TU",
        title="Kế hoạch thực hiện cải cách hành chính",
        issuer=issuer or personas.province,
        issued_on=date(2026, 1, 10),
    )


def row(personas, number, **changes) -> TaskRow:
    values = {
        "number": number,
        "action": f"Nhiệm vụ thứ {number}",
        "lead_unit": personas.department,
        "due_on": date(2026, 6, 30),
        "authority": personas.province,
    }
    return TaskRow(**{**values, **changes})


def test_good_rows_make_the_document_and_its_tasks(personas):
    rows = [
        row(personas, 1, coordinating_units=(personas.division,), owner=personas.person),
        row(personas, 2, lead_unit=personas.commune),
    ]
    result = document_with_tasks(
        personas.users["tracker"], document=new_document(personas), rows=rows
    )
    assert result.ok and not result.errors
    document = Document.objects.get(number="88-KH/TU")
    assert result.document == document
    tasks = list(document.tasks.order_by("order"))
    assert tasks == result.tasks
    assert [t.lead_unit for t in tasks] == [personas.department, personas.commune]
    assert list(tasks[0].coordinating_units.all()) == [personas.division]
    assert tasks[0].owner == personas.person and tasks[0].authority == personas.province


def test_rows_are_added_to_an_existing_document(personas):
    before = personas.document.tasks.count()
    result = document_with_tasks(
        personas.users["tracker"], document=personas.document, rows=[row(personas, 1)]
    )
    assert result.ok and result.document == personas.document
    assert personas.document.tasks.count() == before + 1
    assert result.tasks[0].order == before + 1


def test_a_bad_row_in_the_middle_writes_nothing_and_is_named(personas):
    tasks_before = Task.objects.count()
    rows = [
        row(personas, 1),
        row(personas, 2, due_on=date(2025, 12, 31)),  # before the document's date
        row(personas, 3),
    ]
    result = document_with_tasks(
        personas.users["tracker"], document=new_document(personas), rows=rows
    )
    assert not result.ok and result.document is None and result.tasks == []
    [error] = result.errors
    assert (error.row, error.field) == (2, "due_on")
    assert error.message == "Thời hạn 31/12/2025 trước ngày ban hành văn bản 10/01/2026."
    assert str(error).startswith("Dòng 2: ")
    assert not Document.objects.filter(number="88-KH/TU").exists()
    assert Task.objects.count() == tasks_before


def test_every_bad_row_is_reported_at_once(personas):
    rows = [
        row(personas, 1, action=" "),
        row(personas, 2),
        row(personas, 3, coordinating_units=(personas.department,)),
    ]
    result = document_with_tasks(None, document=new_document(personas), rows=rows)
    assert result.by_row() == {
        1: {"action": ["Nội dung nhiệm vụ không được để trống."]},
        3: {"coordinating_units": [LEAD_ALSO_COORDINATING]},
    }
    assert not Document.objects.filter(number="88-KH/TU").exists()


def test_a_duplicate_number_is_a_header_error_and_writes_nothing(personas):
    tasks_before = Task.objects.count()
    fields = new_document(personas)
    document_with_tasks(None, document=fields, rows=[row(personas, 1)])
    result = document_with_tasks(None, document=fields, rows=[row(personas, 1)])
    assert not result.ok and "number" in result.header
    assert Task.objects.count() == tasks_before + 1


def test_an_outsider_is_refused_and_nothing_is_written(personas):
    tasks_before = Task.objects.count()
    with pytest.raises(PermissionDenied):
        document_with_tasks(
            personas.users["tracker"],
            document=new_document(personas, issuer=personas.outside),
            rows=[row(personas, 1)],
        )
    for name in ("reporter", "leader", "viewer", "norole"):
        with pytest.raises(PermissionDenied):
            document_with_tasks(
                personas.users[name], document=new_document(personas), rows=[row(personas, 1)]
            )
        with pytest.raises(PermissionDenied):
            document_with_tasks(
                personas.users[name], document=personas.document, rows=[row(personas, 1)]
            )
    assert not Document.objects.filter(number="88-KH/TU").exists()
    assert Task.objects.count() == tasks_before


# --- the three entry points give the same row error ------------------------------------------


def _fast_entry(client, personas) -> str:
    rows = [
        {"action": "Việc hợp lệ", "lead_unit": personas.department.name},
        {
            "action": "Việc có chủ trì cũng phối hợp",
            "lead_unit": personas.department.name,
            "coordinating_units": personas.department.name,
        },
    ]
    data = {
        "kind": "plan",
        "number": "88-KH/TU",
        "title": "Kế hoạch thực hiện cải cách hành chính",
        "issuer": personas.province.name,
        "issued_on": "10/01/2026",
        "tasks-TOTAL_FORMS": str(len(rows)),
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
        "do": "save",
        "accept_unclear": "on",
    }
    for i, values in enumerate(rows):
        data[f"tasks-{i}-recurrence"] = "none"
        for key, value in values.items():
            data[f"tasks-{i}-{key}"] = value
    client.force_login(personas.users["tracker"])
    response = client.post(reverse("documents:entry"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_tasks-1-coordinating_units_error"' in html
    return html


def _text_intake(client, personas) -> str:
    rows = [
        {"action": "Việc hợp lệ", "lead_unit": personas.department.name},
        {
            "action": "Việc có chủ trì cũng phối hợp",
            "lead_unit": personas.department.name,
            "coordinating_units": personas.department.name,
        },
    ]
    data = {
        "do": "save",
        "kind": "plan",
        "number": "88-KH/TU",
        "title": "Kế hoạch thực hiện cải cách hành chính",
        "issuer": personas.province.name,
        "issued_on": "2026-01-10",
        "body": "Giao Sở Kế hoạch và Đầu tư chủ trì.",
        "tasks-TOTAL_FORMS": str(len(rows)),
        "tasks-INITIAL_FORMS": str(len(rows)),
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
    }
    for i, values in enumerate(rows):
        for key, value in {"include": "on", "recurrence": "none", **values}.items():
            data[f"tasks-{i}-{key}"] = value
    client.force_login(personas.users["tracker"])
    response = client.post(reverse("intake:draft_tasks"), data)
    assert response.status_code == 400
    return response.content.decode()


def _excel_import(personas) -> list[str]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp"])
    sheet.append(["1", "Việc hợp lệ", personas.department.name, ""])
    name = personas.department.name
    sheet.append(["2", "Việc có chủ trì cũng phối hợp", name, name])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(SheetError) as exc:
        import_tasks(
            actor=personas.users["tracker"],
            document=personas.document,
            data=out.getvalue(),
            units=Unit.objects.all(),
        )
    [error] = exc.value.row_errors
    assert error.row == 3 and error.column == "Đơn vị phối hợp"
    return [error.message]


def test_each_entry_point_gives_the_same_row_error(client, personas):
    tasks_before = Task.objects.count()
    assert LEAD_ALSO_COORDINATING in _fast_entry(client, personas)
    assert LEAD_ALSO_COORDINATING in _text_intake(client, personas)
    assert _excel_import(personas) == [LEAD_ALSO_COORDINATING]
    assert not Document.objects.filter(number="88-KH/TU").exists()
    assert Task.objects.count() == tasks_before
