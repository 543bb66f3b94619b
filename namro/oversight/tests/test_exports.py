"""The Excel exports of the oversight lists (recommendations with their filters, visits,
reviews): the office's layout read back with openpyxl, hostile texts kept as text, scope by
persona, refusals like the lists', and a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from namro.access.tests.personas import PERSONAS
from namro.oversight.models import (
    Recommendation,
    RecommendationState,
    Review,
    ReviewKind,
    Visit,
    VisitKind,
    VisitState,
)

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'
RAISED_ON = date(2025, 3, 3)
IN_SCOPE = "Kiến nghị trong phạm vi"
OUT_OF_SCOPE = "Kiến nghị bên ngoài"
ROLES = [p for p in PERSONAS if p not in {"norole", "anonymous"}]


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def table(response):
    """The sheet, its header (the row starting with STT), its row number, the rows under it."""
    sheet = workbook(response).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    return sheet, list(rows[at]), at + 1, rows[at + 1 :]


def export(client, name, **params):
    return client.get(reverse(name), {**params, "format": "xlsx"})


def recommendation(personas, subject=IN_SCOPE, *, outside=False, **fields):
    raiser = personas.outside_department if outside else personas.department
    body = personas.outside if outside else personas.province
    values = {
        "raised_by": raiser,
        "addressed_to": body,
        "responsible_unit": body,
        "subject": subject,
        "raised_on": RAISED_ON,
        "answer_due_on": RAISED_ON + timedelta(days=30),
        **fields,
    }
    return Recommendation.objects.create(**values)


def visit(personas, title="Làm việc về chuyển đổi số", *, outside=False, **fields):
    values = {
        "kind": VisitKind.INSPECTION,
        "title": title,
        "visiting_unit": personas.outside if outside else personas.province,
        "host_unit": personas.outside_department if outside else personas.department,
        "held_on": date(2025, 4, 12),
        **fields,
    }
    return Visit.objects.create(**values)


def review(personas, title="Sơ kết 6 tháng", *, outside=False, **fields):
    values = {
        "kind": ReviewKind.INTERIM,
        "document": personas.outside_document if outside else personas.document,
        "unit": personas.outside if outside else personas.province,
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 6, 30),
        "title": title,
        **fields,
    }
    return Review.objects.create(**values)


@pytest.fixture
def listed(personas):
    recommendation(personas)
    recommendation(personas, OUT_OF_SCOPE, outside=True)
    visit(personas).subject_documents.add(personas.document)
    visit(personas, "Làm việc bên ngoài", outside=True)
    review(personas, held_on=date(2025, 7, 10))
    review(personas, "Sơ kết bên ngoài", outside=True)
    return personas


# --- the links on the lists ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("oversight:recommendations", {"state": "raised"}),
        ("oversight:visits", {}),
        ("oversight:reviews", {}),
    ],
)
def test_each_list_offers_its_export_with_its_filters(client, listed, name, params):
    client.force_login(listed.users["leader"])
    page = client.get(reverse(name), params)
    assert page.status_code == 200
    query = "&amp;".join([*(f"{k}={v}" for k, v in params.items()), "format=xlsx"])
    assert f'href="?{query}"' in page.text and "Xuất Excel" in page.text


# --- recommendations -------------------------------------------------------------------------


def test_the_recommendations_export_is_the_offices_sheet(client, listed):
    today = timezone.localdate()
    recommendation(
        listed,
        HOSTILE,
        answered_on=RAISED_ON + timedelta(days=40),
        state=RecommendationState.ANSWERED,
        outcome="accepted",
    )
    client.force_login(listed.users["tracker"])
    sheet, header, at, rows = table(export(client, "oversight:recommendations"))
    assert sheet["A1"].value == "DANH SÁCH KIẾN NGHỊ, ĐỀ XUẤT"
    assert sheet["A2"].value == f"Tình hình đến ngày {today:%d/%m/%Y}"
    assert header == [
        "STT", "Nội dung kiến nghị", "Đơn vị kiến nghị", "Cơ quan trả lời", "Ngày kiến nghị",
        "Số ngày", "Hạn trả lời", "Trạng thái", "Hạn",
    ]  # fmt: skip
    assert sheet.freeze_panes == f"A{at + 1}"
    subjects = [r[1] for r in rows]
    assert set(subjects) == {IN_SCOPE, HOSTILE}
    plain = rows[subjects.index(IN_SCOPE)]
    assert plain[2:4] == (listed.department.name, listed.province.name)
    assert plain[5] == (today - RAISED_ON).days
    assert plain[7:] == ("Đã kiến nghị", "Quá hạn")
    assert rows[subjects.index(HOSTILE)][7:] == ("Đã trả lời", "Trả lời quá hạn")
    line = at + 1 + subjects.index(IN_SCOPE)
    raised = sheet.cell(row=line, column=5)
    assert raised.is_date and raised.number_format == "DD/MM/YYYY"
    assert raised.value.date() == RAISED_ON
    assert sheet.cell(row=line, column=6).data_type == "n"
    hostile = sheet.cell(row=at + 1 + subjects.index(HOSTILE), column=2)
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix


def test_the_recommendations_export_keeps_the_lists_filters(client, listed):
    recommendation(listed, "Đã tiếp nhận", state=RecommendationState.RECEIVED)
    recommendation(listed, "Còn hạn", answer_due_on=timezone.localdate() + timedelta(days=9))
    client.force_login(listed.users["leader"])
    sheet, _header, _at, rows = table(export(client, "oversight:recommendations", state="received"))
    assert sheet["A2"].value == "Bộ lọc: Trạng thái: Đã tiếp nhận"
    assert [r[1] for r in rows] == ["Đã tiếp nhận"]
    sheet, _header, _at, rows = table(
        export(client, "oversight:recommendations", answerer=listed.province.pk, overdue="1")
    )
    assert sheet["A2"].value == (
        f"Bộ lọc: Cơ quan trả lời: {listed.province.name}; Quá hạn trả lời"
    )
    assert {r[1] for r in rows} == {IN_SCOPE, "Đã tiếp nhận"}


@pytest.mark.parametrize("persona", ROLES)
def test_the_recommendations_export_holds_the_personas_scope_only(client, listed, persona):
    client.force_login(listed.users[persona])
    _sheet, _header, _at, rows = table(export(client, "oversight:recommendations"))
    subjects = {r[1] for r in rows}
    assert IN_SCOPE in subjects
    assert (OUT_OF_SCOPE in subjects) == (persona == "admin")


# --- visits ----------------------------------------------------------------------------------


def test_the_visits_export_is_the_offices_sheet(client, listed):
    held = visit(listed, HOSTILE, state=VisitState.HELD, kind=VisitKind.SUPERVISION)
    recommendation(listed, "Kiến nghị của đoàn", visit=held)
    client.force_login(listed.users["tracker"])
    sheet, header, at, rows = table(export(client, "oversight:visits"))
    assert sheet["A1"].value == "DANH SÁCH ĐOÀN CÔNG TÁC, KIỂM TRA, GIÁM SÁT"
    assert sheet["A2"].value == f"Tình hình đến ngày {timezone.localdate():%d/%m/%Y}"
    assert header == [
        "STT", "Ngày", "Hình thức", "Nội dung", "Đoàn công tác", "Đơn vị làm việc",
        "Văn bản được xem xét", "Trạng thái", "Kiến nghị",
    ]  # fmt: skip
    titles = [r[3] for r in rows]
    assert set(titles) == {"Làm việc về chuyển đổi số", HOSTILE}
    first = rows[titles.index("Làm việc về chuyển đổi số")]
    assert first[2] == "Kiểm tra" and first[6] == str(listed.document) and first[8] == 0
    assert rows[titles.index(HOSTILE)][7:] == ("Đã làm việc", 1)
    day = sheet.cell(row=at + 1, column=2)
    assert day.is_date and day.number_format == "DD/MM/YYYY"
    assert day.value.date() == date(2025, 4, 12)
    hostile = sheet.cell(row=at + 1 + titles.index(HOSTILE), column=4)
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix


@pytest.mark.parametrize("persona", ROLES)
def test_the_visits_export_holds_the_personas_scope_only(client, listed, persona):
    client.force_login(listed.users[persona])
    _sheet, _header, _at, rows = table(export(client, "oversight:visits"))
    titles = {r[3] for r in rows}
    assert "Làm việc về chuyển đổi số" in titles
    assert ("Làm việc bên ngoài" in titles) == (persona == "admin")


# --- reviews ---------------------------------------------------------------------------------


def test_the_reviews_export_is_the_offices_sheet(client, listed):
    review(listed, HOSTILE, kind=ReviewKind.FINAL, period_end=date(2025, 12, 31))
    client.force_login(listed.users["leader"])
    sheet, header, at, rows = table(export(client, "oversight:reviews"))
    assert sheet["A1"].value == "DANH SÁCH SƠ KẾT, TỔNG KẾT"
    assert sheet["A2"].value == f"Tình hình đến ngày {timezone.localdate():%d/%m/%Y}"
    assert header == [
        "STT", "Tiêu đề", "Loại", "Văn bản", "Đơn vị", "Từ ngày", "Đến ngày", "Ngày hội nghị",
    ]  # fmt: skip
    assert [r[1] for r in rows] == [HOSTILE, "Sơ kết 6 tháng"]  # the latest first
    assert rows[1][2:5] == ("Sơ kết", str(listed.document), listed.province.name)
    assert rows[0][2] == "Tổng kết" and rows[0][7] is None
    end = sheet.cell(row=at + 2, column=7)
    assert end.is_date and end.number_format == "DD/MM/YYYY"
    assert end.value.date() == date(2025, 6, 30)
    assert sheet.cell(row=at + 2, column=8).value.date() == date(2025, 7, 10)
    hostile = sheet.cell(row=at + 1, column=2)
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix


@pytest.mark.parametrize("persona", ROLES)
def test_the_reviews_export_holds_the_personas_scope_only(client, listed, persona):
    client.force_login(listed.users[persona])
    _sheet, _header, _at, rows = table(export(client, "oversight:reviews"))
    titles = {r[1] for r in rows}
    # A review is the province's: the department's reporter and viewer do not see it.
    assert ("Sơ kết 6 tháng" in titles) == (persona in {"admin", "leader", "tracker"})
    assert ("Sơ kết bên ngoài" in titles) == (persona == "admin")


# --- refusals --------------------------------------------------------------------------------

LISTS = ["oversight:recommendations", "oversight:visits", "oversight:reviews"]


@pytest.mark.parametrize("name", LISTS)
def test_without_a_role_an_export_is_an_empty_table_like_the_list(client, listed, name):
    client.force_login(listed.users["norole"])
    assert client.get(reverse(name)).status_code == 200
    _sheet, _header, _at, rows = table(export(client, name))
    assert rows == []


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_is_sent_to_log_in_for_an_export_like_the_list(client, listed, name):
    for response in (client.get(reverse(name)), export(client, name)):
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- queries ---------------------------------------------------------------------------------


def _many(personas, size: int) -> None:
    Recommendation.objects.bulk_create(
        Recommendation(
            raised_by=personas.department,
            addressed_to=personas.province,
            responsible_unit=personas.province,
            subject=f"Kiến nghị {n}",
            raised_on=RAISED_ON,
        )
        for n in range(size)
    )
    visits = Visit.objects.bulk_create(
        Visit(
            kind=VisitKind.SURVEY,
            title=f"Khảo sát {n}",
            visiting_unit=personas.province,
            host_unit=personas.department,
            held_on=date(2025, 5, 1),
        )
        for n in range(size)
    )
    through = Visit.subject_documents.through
    through.objects.bulk_create(
        through(visit_id=v.pk, document_id=personas.document.pk) for v in visits
    )
    Review.objects.bulk_create(
        Review(
            kind=ReviewKind.INTERIM,
            document=personas.document,
            unit=personas.province,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 3, 31),
            title=f"Sơ kết {n}",
        )
        for n in range(size)
    )


# The session, the user and their roles; then the rows (and, for visits, their documents,
# once per chunk read; for the answerer's name, one query).
EXPORT_QUERIES = {
    ("oversight:recommendations", ""): 4,
    ("oversight:recommendations", "answerer"): 5,
    ("oversight:visits", ""): 5,
    ("oversight:reviews", ""): 4,
}


@pytest.mark.parametrize(("name", "param"), list(EXPORT_QUERIES))
@pytest.mark.parametrize("size", [3, 120])
def test_an_export_costs_a_fixed_number_of_queries(
    client, listed, django_assert_num_queries, name, param, size
):
    _many(listed, size)
    client.force_login(listed.users["leader"])
    client.get(reverse("oversight:visits"))
    params = {"answerer": listed.province.pk} if param else {}
    with django_assert_num_queries(EXPORT_QUERIES[name, param]):
        response = export(client, name, **params)
    _sheet, _header, _at, rows = table(response)
    assert len(rows) == size + 1  # and the one of the fixture
