"""Deadlines written as a count of working days ("trong 05 ngày làm việc") are counted on the
holiday calendar: in text intake, in an Excel deadline cell and in pasted rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from namro.documents.models import Document
from namro.factories import DocumentFactory
from namro.intake.core import extract
from namro.intake.core.deadlines import parse_days, weekdays_only
from namro.intake.excel import SheetError, import_tasks
from namro.orgs.models import Unit
from namro.tasks.models import Task
from namro.workdays.calendar import add_working_days
from namro.workdays.models import CalendarDay

# Signed Monday 27/4/2026: 30/4 and 1/5 are public holidays.
SIGNED = date(2026, 4, 27)


def _deadline(text: str, doc_date: date | None = SIGNED, add=None) -> tuple[str | None, str]:
    [task] = extract(text, doc_date=doc_date, add_working_days=add).to_dict()["tasks"]
    return task["deadline"], task["deadline_text"]


def _holidays(day: date, n: int) -> date:
    off = {date(2026, 4, 30), date(2026, 5, 1)}
    current = day
    while n:
        current = weekdays_only(current, 1)
        if current not in off:
            n -= 1
    return current


def test_working_days_count_on_the_calendar_it_is_given():
    text = "Giao Sở Tài chính rà soát, báo cáo UBND tỉnh trong 05 ngày làm việc."
    assert _deadline(text) == ("2026-05-04", "trong 05 ngày làm việc")
    assert _deadline(text, add=_holidays) == ("2026-05-06", "trong 05 ngày làm việc")
    assert _deadline(text, doc_date=None) == (None, "trong 05 ngày làm việc")


def test_working_days_from_a_stated_day():
    text = (
        "Giao Sở Nội vụ tổng hợp, báo cáo UBND tỉnh chậm nhất 10 ngày làm việc kể từ ngày "
        "28/04/2026."
    )
    deadline, said = _deadline(text, add=_holidays)
    assert deadline == "2026-05-14"
    assert said == "chậm nhất 10 ngày làm việc kể từ ngày 28/04/2026"


def test_days_counted_from_receipt_keep_the_text_and_no_date():
    text = "Giao Sở Y tế báo cáo UBND tỉnh chậm nhất 10 ngày làm việc kể từ ngày nhận được văn bản."
    assert _deadline(text) == (None, "chậm nhất 10 ngày làm việc kể từ ngày nhận được văn bản")


def test_calendar_days_after_a_time_limit_and_not_the_length_of_a_meeting():
    assert _deadline("Giao Sở Tư pháp thẩm định, trả lời trong thời hạn 10 ngày.")[0] == (
        "2026-05-07"
    )
    assert _deadline("Giao Sở Văn hóa tổ chức liên hoan nghệ thuật trong 02 ngày.")[0] is None


def test_a_cell_of_days_counts_from_the_start_it_is_given():
    assert parse_days("05 ngày làm việc", SIGNED, _holidays) == date(2026, 5, 6)
    assert parse_days("Trong 10 ngày", SIGNED, _holidays) == date(2026, 5, 7)
    assert parse_days("10 ngày làm việc kể từ ngày 04/05/2026", None, _holidays) == date(
        2026, 5, 18
    )
    assert parse_days("05 ngày làm việc", None, _holidays) is None
    assert parse_days("10 ngày kể từ ngày nhận văn bản", SIGNED, _holidays) is None
    assert parse_days("Quý II/2026", SIGNED, _holidays) is None


def _holiday_rows() -> None:
    CalendarDay.objects.create(day=date(2026, 4, 30), name="Ngày Chiến thắng")
    CalendarDay.objects.create(day=date(2026, 5, 1), name="Ngày Quốc tế Lao động")


@pytest.mark.django_db
def test_the_text_intake_page_counts_on_the_holiday_calendar(client, personas):
    _holiday_rows()
    client.force_login(personas.users["tracker"])
    response = client.post(
        reverse("intake:draft_tasks"),
        {
            "do": "extract",
            "text": "Giao Sở Tài chính rà soát, báo cáo UBND tỉnh trong 05 ngày làm việc.",
            "doc_date": "2026-04-27",
        },
    )
    assert response.status_code == 200
    assert 'value="2026-05-06"' in response.content.decode()


@pytest.mark.django_db
def test_the_extract_api_counts_on_the_holiday_calendar(client, personas):
    _holiday_rows()
    client.force_login(personas.users["tracker"])
    response = client.post(
        "/api/v1/extract",
        {
            "text": "Giao Sở Tài chính rà soát, báo cáo UBND tỉnh trong 05 ngày làm việc.",
            "date": "2026-04-27",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["tasks"][0]["deadline"] == "2026-05-06"


def _sheet(*rows: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_excel_deadline_in_working_days_counts_from_the_document(personas):
    _holiday_rows()
    document = DocumentFactory(issuer=personas.province, issued_on=SIGNED)
    [task] = import_tasks(
        actor=personas.users["tracker"],
        document=document,
        data=_sheet(["1", "Rà soát", personas.department.name, "05 ngày làm việc"]),
        units=Unit.objects.all(),
    )
    assert task.due_on == add_working_days(SIGNED, 5) == date(2026, 5, 6)


@pytest.mark.django_db
def test_an_excel_deadline_of_days_counted_from_receipt_is_named(personas):
    document = DocumentFactory(issuer=personas.province, issued_on=SIGNED)
    with pytest.raises(SheetError) as exc:
        import_tasks(
            actor=personas.users["tracker"],
            document=document,
            data=_sheet(["1", "Rà soát", personas.department.name, "5 ngày kể từ ngày nhận"]),
            units=Unit.objects.all(),
        )
    [error] = exc.value.row_errors
    assert error.column == "Thời hạn" and "05 ngày làm việc" in error.message


@pytest.mark.django_db
def test_a_pasted_deadline_in_working_days_counts_from_the_typed_date(client, personas):
    _holiday_rows()
    client.force_login(personas.users["tracker"])
    data = {
        "kind": "plan",
        "number": "93-KH/TU",
        "title": "Kế hoạch dán",
        "issuer": personas.province.name,
        "issued_on": "27/04/2026",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
        "paste": f"Rà soát thủ tục\t{personas.department.name}\t05 ngày làm việc",
        "do": "paste",
    }
    html = client.post(reverse("documents:entry"), data).content.decode()
    assert 'name="tasks-0-due_on" value="2026-05-06"' in html
    assert not Document.objects.filter(number="93-KH/TU").exists()
    assert not Task.objects.filter(action="Rà soát thủ tục").exists()
