"""The entry clock: a received document's tasks are due to be entered within one working day
of its arrival (two when it holds many); every way in records the day of arrival, the first
task stops the clock, and the document's page and API show it."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from namro.documents.clock import entry_clock
from namro.documents.models import Document
from namro.documents.services import (
    DocumentFields,
    TaskRow,
    document_receive,
    document_with_tasks,
)
from namro.factories import DocumentFactory
from namro.intake.excel import import_tasks
from namro.orgs.models import Unit
from namro.tasks import services as task_services
from namro.workdays.calendar import working_days_between
from namro.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def test_a_document_received_before_a_holiday_is_due_after_it(settings):
    # Received Wednesday 29/4/2026: 30/4 and 1/5 are off, so one working day ends Monday 4/5.
    CalendarDay.objects.create(day=date(2026, 4, 30), name="Ngày Chiến thắng")
    CalendarDay.objects.create(day=date(2026, 5, 1), name="Ngày Quốc tế Lao động")
    clock = entry_clock(date(2026, 4, 29), date(2026, 5, 4), 3, date(2026, 5, 20))
    assert clock is not None
    assert clock.due_on == date(2026, 5, 4) and clock.days_late == 0 and not clock.late
    late = entry_clock(date(2026, 4, 29), date(2026, 5, 6), 3, date(2026, 5, 20))
    assert late is not None and late.days_late == 2


def test_many_tasks_give_two_working_days_and_waiting_counts_to_today(settings):
    settings.NAMRO_ENTRY_MANY_TASKS = 5
    many = entry_clock(date(2026, 12, 4), None, 6, date(2026, 12, 9))
    assert many is not None and many.due_on == date(2026, 12, 8)  # Friday + 2 = Tuesday
    assert many.waiting and many.days_late == 1
    assert entry_clock(None, None, 0, date(2026, 12, 9)) is None


def _fields(personas, **changes) -> DocumentFields:
    values = {
        "kind": "plan",
        "number": "90-KH/TU",
        "title": "Kế hoạch tiếp nhận",
        "issuer": personas.province,
        "issued_on": _today() - timedelta(days=40),
        "received_on": _today() - timedelta(days=30),
    }
    return DocumentFields(**{**values, **changes})


def _row(personas, number: int = 1) -> TaskRow:
    return TaskRow(number=number, action=f"Việc {number}", lead_unit=personas.department)


def test_the_first_task_stops_the_clock_and_later_ones_leave_it(personas):
    tracker = personas.users["tracker"]
    result = document_with_tasks(tracker, document=_fields(personas), rows=[_row(personas)])
    assert result.ok
    document = Document.objects.get(pk=result.document.pk)
    assert document.received_on == _today() - timedelta(days=30)
    assert document.tasks_entered_on == _today()
    Document.objects.filter(pk=document.pk).update(tasks_entered_on=_today() - timedelta(days=3))
    document_with_tasks(tracker, document=document, rows=[_row(personas, 2)])
    document.refresh_from_db()
    assert document.tasks_entered_on == _today() - timedelta(days=3)


def test_a_task_created_alone_stops_the_clock_but_a_delegation_does_not(personas):
    empty = DocumentFactory(issuer=personas.province, issued_on=date(2025, 1, 15))
    task = task_services.task_create(
        actor=None, document=empty, action="Việc đầu tiên", lead_unit=personas.department
    )
    empty.refresh_from_db()
    assert empty.tasks_entered_on == _today()
    other = DocumentFactory(issuer=personas.province, issued_on=date(2025, 1, 15))
    task_services.task_create(
        actor=None,
        document=other,
        action="Giao xuống",
        lead_unit=personas.division,
        parent=task,
    )
    other.refresh_from_db()
    assert other.tasks_entered_on is None


def test_a_day_of_arrival_before_the_document_or_in_the_future_is_refused(personas):
    early = _fields(personas, received_on=_today() - timedelta(days=41))
    result = document_with_tasks(personas.users["tracker"], document=early, rows=[_row(personas)])
    assert not result.ok and "trước ngày ban hành" in result.header["received_on"][0]
    with pytest.raises(ValidationError, match="chưa tới"):
        document_receive(
            actor=None, document=personas.document, received_on=_today() + timedelta(days=1)
        )


def _entry_data(personas, **extra) -> dict[str, str]:
    data = {
        "kind": "plan",
        "number": "91-KH/TU",
        "title": "Kế hoạch nhập nhanh",
        "issuer": personas.province.name,
        "issued_on": f"{_today() - timedelta(days=10):%d/%m/%Y}",
        "received_on": f"{_today() - timedelta(days=8):%d/%m/%Y}",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
        "tasks-0-action": "Tổ chức hội nghị",
        "tasks-0-lead_unit": personas.department.name,
        "tasks-0-recurrence": "none",
        "do": "save",
        "accept_unclear": "on",
    }
    data.update(extra)
    return data


def test_fast_entry_records_the_day_of_arrival(client, personas):
    client.force_login(personas.users["tracker"])
    response = client.post(reverse("documents:entry"), _entry_data(personas))
    assert response.status_code == 302
    document = Document.objects.get(number="91-KH/TU")
    assert document.received_on == _today() - timedelta(days=8)
    assert document.tasks_entered_on == _today()


def test_fast_entry_names_a_day_of_arrival_before_the_document(client, personas):
    client.force_login(personas.users["tracker"])
    data = _entry_data(personas, received_on=f"{_today() - timedelta(days=20):%d/%m/%Y}")
    html = client.post(reverse("documents:entry"), data).content.decode()
    assert 'id="id_received_on_error"' in html and "trước ngày ban hành" in html
    assert not Document.objects.filter(number="91-KH/TU").exists()


def test_text_intake_records_the_day_of_arrival(client, personas):
    data = {
        "do": "save",
        "kind": "plan",
        "number": "92-KH/TU",
        "title": "Kế hoạch từ văn bản",
        "issuer": personas.province.name,
        "issued_on": f"{_today() - timedelta(days=10):%Y-%m-%d}",
        "received_on": f"{_today() - timedelta(days=9):%Y-%m-%d}",
        "body": "Giao Sở chủ trì.",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "1",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
        "tasks-0-include": "on",
        "tasks-0-recurrence": "none",
        "tasks-0-action": "Rà soát thủ tục",
        "tasks-0-lead_unit": personas.department.name,
    }
    client.force_login(personas.users["tracker"])
    response = client.post(reverse("intake:draft_tasks"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(number="92-KH/TU")
    assert document.received_on == _today() - timedelta(days=9)
    assert document.tasks_entered_on == _today()


def _sheet(*rows: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_excel_import_records_the_day_of_arrival(personas):
    document = DocumentFactory(issuer=personas.province, issued_on=date(2025, 1, 15))
    import_tasks(
        actor=personas.users["tracker"],
        document=document,
        data=_sheet(["1", "Việc một", personas.department.name, ""]),
        units=Unit.objects.all(),
        received_on=date(2025, 1, 17),
    )
    document.refresh_from_db()
    assert document.received_on == date(2025, 1, 17) and document.tasks_entered_on == _today()


def test_the_document_page_shows_a_document_waiting_for_its_tasks(client, personas):
    document = DocumentFactory(
        issuer=personas.province,
        issued_on=_today() - timedelta(days=30),
        received_on=_today() - timedelta(days=20),
    )
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("documents:document", args=[document.pk])).content.decode()
    assert "chờ nhập nhiệm vụ" in html
    due = entry_clock(document.received_on, None, 0, _today())
    assert due is not None and f"{due.due_on:%d/%m/%Y}" in html
    late = working_days_between(due.due_on, _today())
    assert f"chậm {late} ngày làm việc" in html
    assert "Ghi ngày đến" in html
    Document.objects.filter(pk=personas.document.pk).update(received_on=date(2025, 1, 16))
    client.force_login(personas.users["reporter"])
    url = reverse("documents:document", args=[personas.document.pk])
    html = client.get(url).content.decode()
    assert "Hạn nhập nhiệm vụ" in html and "Ghi ngày đến" not in html


def test_the_document_page_shows_an_entry_made_on_time(client, personas):
    today = _today()
    document = DocumentFactory(
        issuer=personas.province, issued_on=today - timedelta(days=3), received_on=today
    )
    Document.objects.filter(pk=document.pk).update(tasks_entered_on=today)
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("documents:document", args=[document.pk])).content.decode()
    assert "đúng hạn" in html and "Ngày nhập nhiệm vụ" in html and "chờ nhập" not in html


@pytest.mark.parametrize(
    ("persona", "expected"), [("tracker", 302), ("reporter", 403), ("norole", 404)]
)
def test_recording_the_day_of_arrival_on_the_page(client, personas, persona, expected):
    document = personas.document
    client.force_login(personas.users[persona])
    response = client.post(
        reverse("documents:received", args=[document.pk]), {"received_on": "2025-01-16"}
    )
    assert response.status_code == expected
    document.refresh_from_db()
    assert (document.received_on == date(2025, 1, 16)) is (expected == 302)


def test_the_page_form_names_a_bad_day_of_arrival(client, personas):
    client.force_login(personas.users["tracker"])
    url = reverse("documents:received", args=[personas.document.pk])
    response = client.post(url, {"received_on": "2025-01-01"}, follow=True)
    assert "trước ngày ban hành" in response.content.decode()
    personas.document.refresh_from_db()
    assert personas.document.received_on is None


def test_the_api_records_and_shows_the_clock(client, personas):
    client.force_login(personas.users["tracker"])
    url = f"/api/v1/documents/{personas.document.pk}"
    assert client.get(url).json()["entry_clock"] is None
    body = client.patch(url, {"received_on": "2025-01-16"}, content_type="application/json")
    assert body.status_code == 200
    clock = body.json()["entry_clock"]
    assert clock["received_on"] == "2025-01-16" and clock["due_on"] == "2025-01-17"
    assert body.json()["received_on"] == "2025-01-16"
    refused = client.patch(url, {"received_on": "2025-01-01"}, content_type="application/json")
    assert refused.status_code == 400
    created = client.post(
        "/api/v1/documents",
        {
            "kind": "plan",
            "title": "Công văn đến",
            "issuer_id": personas.province.pk,
            "issued_on": "2025-03-01",
            "received_on": "2025-03-03",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["entry_clock"]["waiting"] is True
