"""The dashboard's and the evaluation's Excel exports: the office's layout read back with
openpyxl, numbers as numbers, rates as percentages, hostile texts kept as text, scope by
persona, refusals like the pages', and a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from namro.access.tests.personas import PERSONAS
from namro.factories import PersonFactory, UnitFactory
from namro.insights.evaluation import Period, evaluate_people
from namro.insights.services import period_close
from namro.orgs.services import position_create
from namro.tasks import services
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'
AS_OF = "2025-07-15"
Q1 = {"period": "quarter-2025-1"}
ROLES = [p for p in PERSONAS if p not in {"norole", "anonymous"}]


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def table(sheet):
    """The header (the row starting with STT), its row number, and the rows under it."""
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    return list(rows[at]), at + 1, rows[at + 1 :]


def dashboard(client, unit=None, **params):
    url = reverse("insights:unit", args=[unit.pk]) if unit else reverse("insights:dashboard")
    return client.get(url, {"as_of": AS_OF, **params, "format": "xlsx"})


def task(personas, unit, due, action="Việc được giao", **fields):
    return services.task_create(
        actor=None, document=personas.document, action=action, lead_unit=unit, due_on=due,
        assigned_on=date(2025, 1, 5), **fields,
    )  # fmt: skip


def finish(t, on):
    services.task_claim_done(actor=None, task=t, output_note="Xong", on=on, explanation="Muộn")
    services.task_confirm(actor=None, task=t, on=on)


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_page_offers_its_export_with_its_date(client, personas):
    client.force_login(personas.users["leader"])
    page = client.get(reverse("insights:unit", args=[personas.province.pk]), {"as_of": AS_OF})
    assert page.status_code == 200
    assert f"?as_of={AS_OF}&amp;format=xlsx" in page.text and "Xuất Excel" in page.text


def test_the_dashboard_export_holds_the_units_figures_and_a_row_per_child(client, personas):
    task(personas, personas.department, date(2025, 3, 1))  # overdue on the day
    done = task(personas, personas.commune, date(2025, 3, 1))
    finish(done, date(2025, 2, 20))
    late = task(personas, personas.commune, date(2025, 3, 1))
    finish(late, date(2025, 3, 10))
    UnitFactory(name=HOSTILE, parent=personas.province)
    client.force_login(personas.users["leader"])
    book = workbook(dashboard(client, personas.province))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"
    assert sheet["A2"].value == f"Đơn vị: {personas.province.name} và các đơn vị trực thuộc"
    assert sheet["A3"].value == "Tình hình đến ngày 15/07/2025"
    header, at, rows = table(sheet)
    assert header == [
        "STT", "Đơn vị", "Tất cả", "Đang thực hiện", "Quá hạn", "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn", "Thường xuyên", "Dừng / hủy", "Tỷ lệ hoàn thành đúng hạn",
    ]  # fmt: skip
    assert sheet.freeze_panes == f"A{at + 1}"
    names = [r[1] for r in rows]
    assert names[0] == personas.province.name
    assert set(names[1:]) == {personas.department.name, personas.commune.name, HOSTILE}
    commune = rows[names.index(personas.commune.name)]
    assert commune[2] == 2 and commune[header.index("Hoàn thành đúng hạn")] == 1
    rate = sheet.cell(row=at + 1 + names.index(personas.commune.name), column=len(header))
    assert rate.value == 0.5 and rate.number_format == "0.0%"
    total = sheet.cell(row=at + 1, column=3)
    assert total.data_type == "n" and total.value == 4  # the persona's task and the three
    hostile = sheet.cell(row=at + 1 + names.index(HOSTILE), column=2)
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix


@pytest.mark.parametrize("persona", ROLES)
def test_the_dashboard_export_holds_the_personas_scope_only(client, personas, persona):
    client.force_login(personas.users[persona])
    _header, _at, rows = table(workbook(dashboard(client)).worksheets[0])
    names = {r[1] for r in rows}
    assert personas.department.name in names
    assert personas.outside_department.name not in names
    assert personas.outside.name not in names or persona == "admin"


@pytest.mark.parametrize("persona", ["leader", "reporter", "viewer"])
def test_the_dashboard_export_of_a_unit_out_of_scope_is_refused_like_the_page(
    client, personas, persona
):
    client.force_login(personas.users[persona])
    page = client.get(reverse("insights:unit", args=[personas.outside_department.pk]))
    export = dashboard(client, personas.outside_department)
    assert page.status_code == export.status_code == 404


def test_the_dashboard_export_without_a_role_or_a_login_is_refused_like_the_page(client, personas):
    client.force_login(personas.users["norole"])
    assert client.get(reverse("insights:dashboard")).status_code == 404
    assert dashboard(client).status_code == 404
    client.logout()
    response = dashboard(client)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_a_dashboard_export_with_a_bad_date_shows_the_page_and_its_message(client, personas):
    client.force_login(personas.users["leader"])
    response = dashboard(client, personas.province, as_of="31/02/2025")
    assert response["Content-Type"].startswith("text/html")
    assert "không phải là ngày" in response.text


# The session, the user, their roles; the unit in scope; the unit with its children and the
# sum of the counters.
DASHBOARD_QUERIES = 6


@pytest.mark.parametrize("children", [1, 8])
def test_the_dashboard_export_costs_a_fixed_number_of_queries(
    client, personas, django_assert_num_queries, children
):
    for n in range(children):
        unit = UnitFactory(parent=personas.province)
        task(personas, unit, date(2025, 3, 1 + n))
    client.force_login(personas.users["leader"])
    client.get(reverse("insights:dashboard"))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = dashboard(client, personas.province)
    _header, _at, rows = table(workbook(response).worksheets[0])
    assert len(rows) == 1 + 2 + children  # the province, the department, the commune


# --- the evaluation --------------------------------------------------------------------------


def evaluation(client, unit, **params):
    url = reverse("insights:evaluation", args=[unit.pk])
    return client.get(url, {**Q1, **params, "format": "xlsx"})


@pytest.fixture
def scored(personas):
    on_time = task(personas, personas.department, date(2025, 2, 1), action=HOSTILE)
    finish(on_time, date(2025, 1, 30))
    late = task(personas, personas.commune, date(2025, 3, 1))
    finish(late, date(2025, 3, 10))
    task(personas, personas.division, date(2025, 3, 20))  # overdue at the end of the quarter
    services.task_create(
        actor=None, document=personas.outside_document, action="Việc ngoài", due_on=date(2025, 3, 1),
        lead_unit=personas.outside_department, assigned_on=date(2025, 1, 5),
    )  # fmt: skip
    return personas


def test_the_evaluation_page_offers_its_export_for_its_period(client, scored):
    client.force_login(scored.users["leader"])
    page = client.get(reverse("insights:evaluation", args=[scored.province.pk]), Q1)
    assert "period=quarter-2025-1&amp;against=current&amp;format=xlsx" in page.text
    assert "Xuất Excel" in page.text


def test_the_evaluation_export_ranks_the_unit_and_its_children(client, scored):
    client.force_login(scored.users["leader"])
    book = workbook(evaluation(client, scored.province))
    sheet = book["Đánh giá"]
    assert sheet["A1"].value == "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
    assert sheet["A2"].value == f"Đơn vị: {scored.province.name}"
    assert sheet["A3"].value == "Kỳ đánh giá: Quý I/2025 (01/01/2025 – 31/03/2025)"
    assert sheet["A4"].value == "Tính theo thời hạn: đã gia hạn (đang có hiệu lực)"
    header, at, rows = table(sheet)
    assert header == [
        "STT", "Hạng", "Đơn vị", "Đến hạn", "Đúng hạn", "Trễ hạn", "Chưa hoàn thành",
        "Tỷ lệ đúng hạn", "Điểm", "Xếp loại",
    ]  # fmt: skip
    own, first, second = rows
    assert own[1:7] == (None, scored.province.name, 3, 1, 1, 1)
    # The department (on time, and its division's overdue) 50; the commune (late) 87.5.
    assert first[1:3] == (1, scored.commune.name) and first[8] == 87.5
    assert first[9] == "Hoàn thành tốt nhiệm vụ"
    assert second[1:3] == (2, scored.department.name) and second[8] == 50
    rate = sheet.cell(row=at + 1, column=header.index("Tỷ lệ đúng hạn") + 1)
    assert rate.number_format == "0.0%" and rate.value == pytest.approx(1 / 3, abs=1e-4)
    score = sheet.cell(row=at + 2, column=header.index("Điểm") + 1)
    assert score.data_type == "n"
    assert "Cùng cấp" not in book.sheetnames  # a province has no siblings shown


def test_the_evaluation_export_lists_the_scored_tasks_with_dates_and_hostile_text(client, scored):
    client.force_login(scored.users["leader"])
    sheet = workbook(evaluation(client, scored.province))["Nhiệm vụ"]
    assert sheet["A1"].value == "CÁC NHIỆM VỤ ĐƯỢC TÍNH ĐIỂM"
    header, at, rows = table(sheet)
    assert header == [
        "STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Kết quả", "Lần trả lại", "Tiến độ",
        "Chất lượng", "Điểm",
    ]  # fmt: skip
    assert [r[2] for r in rows] == [
        scored.department.name,
        scored.commune.name,
        scored.division.name,
    ]  # the page's order: the earliest deadline first
    due = sheet.cell(row=at + 1, column=4)
    assert due.is_date and due.number_format == "DD/MM/YYYY"
    assert due.value.date() == date(2025, 2, 1)
    assert rows[0][4:] == ("Hoàn thành đúng hạn", 0, 50, 50, 100)
    assert rows[2][4] == "Chưa hoàn thành" and rows[2][8] == 0
    hostile = sheet.cell(row=at + 1, column=2)
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix


def test_a_closed_periods_export_shows_the_figures_kept_at_closing(client, scored):
    office = scored.users["tracker"]
    period_close(actor=office, unit=scored.province, period=Period("quarter", 2025, 1))
    task(scored, scored.commune, date(2025, 3, 2))  # entered after closing: not in the kept
    client.force_login(office)
    sheet = workbook(evaluation(client, scored.province))["Đánh giá"]
    assert sheet["A5"].value.startswith("Đã khóa sổ ngày ")
    _header, _at, rows = table(sheet)
    assert rows[0][2:4] == (scored.province.name, 3)  # as closed; the page shows the same
    commune = next(r for r in rows if r[2] == scored.commune.name)
    assert commune[3] == 2  # a child unit's figures are live


def test_the_evaluation_export_of_a_child_adds_its_siblings_ranking(client, scored):
    client.force_login(scored.users["leader"])
    book = workbook(evaluation(client, scored.department))
    assert book.sheetnames == ["Đánh giá", "Cùng cấp", "Cán bộ", "Nhiệm vụ"]
    _header, _at, rows = table(book["Cùng cấp"])
    assert [r[1:3] for r in rows] == [(1, scored.commune.name), (2, scored.department.name)]


def test_the_evaluation_export_ranks_the_people_of_the_unit_as_the_page_does(client, scored):
    head = PersonFactory(full_name="Trần Văn Trưởng")
    staff = PersonFactory(full_name="Lê Thị Viên")
    position_create(actor=None, person=head, title="Giám đốc", unit=scored.department, is_head=True)
    position_create(actor=None, person=staff, title="Chuyên viên", unit=scored.department)
    finish(task(scored, scored.department, date(2025, 2, 10), owner=staff), date(2025, 2, 9))
    client.force_login(scored.users["leader"])
    page = client.get(reverse("insights:evaluation", args=[scored.department.pk]), Q1).text
    book = workbook(evaluation(client, scored.department))
    assert book.sheetnames == ["Đánh giá", "Cùng cấp", "Cán bộ", "Nhiệm vụ"]
    sheet = book["Cán bộ"]
    assert sheet["A1"].value == "ĐÁNH GIÁ CÁN BỘ CỦA ĐƠN VỊ"
    assert sheet["A2"].value == f"Đơn vị: {scored.department.name}"
    header, _at, rows = table(sheet)
    assert header == [
        "STT", "Hạng", "Cán bộ", "Chức vụ", "Đến hạn", "Điểm sản phẩm", "Kết quả đơn vị",
        "Điểm", "Xếp loại", "Ghi chú",
    ]  # fmt: skip
    people = evaluate_people(scored.department, Period("quarter", 2025, 1), user=None)
    assert [r[2] for r in rows] == [p.name for p in people.rows]
    assert [r[1] for r in rows] == [p.rank for p in people.rows]
    assert [r[7] for r in rows] == [p.score for p in people.rows]
    by_name = {r[2]: r for r in rows}
    assert by_name[staff.full_name][3:6] == ("Chuyên viên", 1, 100)
    assert by_name[head.full_name][3] == "Giám đốc" and by_name[head.full_name][6] is not None
    assert all(name in page for name in by_name)  # the page lists the same people


def test_the_evaluation_export_of_a_unit_without_posts_has_no_people_sheet(client, scored):
    client.force_login(scored.users["leader"])
    assert "Cán bộ" not in workbook(evaluation(client, scored.province)).sheetnames


@pytest.mark.parametrize("persona", ROLES)
def test_the_evaluation_export_holds_the_personas_scope_only(client, scored, persona):
    client.force_login(scored.users[persona])
    unit = scored.department
    book = workbook(evaluation(client, unit))
    _header, _at, tasks = table(book["Nhiệm vụ"])
    assert {r[2] for r in tasks} == {scored.department.name, scored.division.name}
    _header, _at, ranked = table(book["Đánh giá"])
    assert [r[2] for r in ranked] == [scored.department.name, scored.division.name]


@pytest.mark.parametrize("persona", ["leader", "reporter", "norole"])
def test_the_evaluation_export_out_of_scope_is_refused_like_the_page(client, scored, persona):
    client.force_login(scored.users[persona])
    url = reverse("insights:evaluation", args=[scored.outside_department.pk])
    assert client.get(url, Q1).status_code == 404
    assert evaluation(client, scored.outside_department).status_code == 404
    client.logout()
    assert evaluation(client, scored.department).status_code == 302


# The session, the user, their roles; the unit in scope; the closed period; the reading of
# the tree and of the siblings (``evaluation``: the tops of the trees, then for each the
# tasks due, their extensions, claims and send-backs, and the child or sibling units); the
# scored tasks' names, once per chunk of ``EXPORT_CHUNK``; the people of the unit (their
# posts, and the products of the tasks they own).
EVALUATION_MAX_QUERIES = 21


def test_the_evaluation_export_costs_the_same_queries_at_two_sizes(client, scored):
    client.force_login(scored.users["leader"])
    client.get(reverse("insights:dashboard"))
    counts = []
    for size in (2, 40):
        while Task.objects.filter(lead_unit=scored.division).count() < 1 + size:
            task(scored, scored.division, date(2025, 2, 1 + Task.objects.count() % 20))
        with CaptureQueriesContext(connection) as queries:
            response = evaluation(client, scored.department)
        _header, _at, rows = table(workbook(response)["Nhiệm vụ"])
        assert len(rows) == 2 + size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= EVALUATION_MAX_QUERIES


def test_the_scored_tasks_are_named_a_chunk_at_a_time_in_the_pages_order(
    client, scored, monkeypatch
):
    from namro.insights import excel

    for n in range(5):
        task(scored, scored.division, date(2025, 2, 10 + n), action=f"Việc {n}")
    client.force_login(scored.users["leader"])
    whole = table(workbook(evaluation(client, scored.province))["Nhiệm vụ"])[2]
    monkeypatch.setattr(excel, "EXPORT_CHUNK", 2)
    chunked = table(workbook(evaluation(client, scored.province))["Nhiệm vụ"])[2]
    assert chunked == whole and len(whole) == 8
    monkeypatch.setattr(excel, "EXPORT_LIMIT", 3)
    book = workbook(evaluation(client, scored.province))
    assert len(table(book["Nhiệm vụ"])[2]) == 3
    assert book["Nhiệm vụ"]["A5"].value == "3 nhiệm vụ đầu tiên trong 8, sớm hạn nhất trước"
