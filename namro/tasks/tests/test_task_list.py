"""The task list page: the shared filter (as the API), status as of a date, scope, a fixed
number of queries, the Excel export, and the dashboard's numbers leading to it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from namro.factories import DocumentFactory, TaskFactory
from namro.tasks import services
from namro.tasks.models import Task
from namro.testing import xlsx_table

pytestmark = pytest.mark.django_db

URL = "/nhiem-vu/"


def listed(response) -> set[int]:
    return {t.pk for t in response.context["page"].object_list}


def test_list_is_at_its_vietnamese_address():
    assert reverse("tasks:list") == URL


@pytest.mark.parametrize("persona", ["leader", "tracker", "reporter", "viewer"])
def test_list_shows_tasks_in_scope_only(client, personas, persona):
    client.force_login(personas.users[persona])
    response = client.get(URL)
    assert response.status_code == 200
    assert personas.task.pk in listed(response)
    assert personas.outside_task.pk not in listed(response)


def test_admin_sees_every_task(client, personas):
    client.force_login(personas.users["admin"])
    assert {personas.task.pk, personas.outside_task.pk} <= listed(client.get(URL))


def test_list_without_role_is_empty_and_anonymous_must_log_in(client, personas):
    client.force_login(personas.users["norole"])
    assert listed(client.get(URL)) == set()
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_unit_out_of_scope_is_refused_not_leaked(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(URL, {"unit": personas.outside_department.pk})
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị" in response.content.decode()
    assert personas.outside_task.pk not in listed(response)


def test_unit_filter_takes_the_whole_subtree(client, personas):
    below = TaskFactory(document=personas.document, lead_unit=personas.division)
    elsewhere = TaskFactory(document=personas.document, lead_unit=personas.commune)
    client.force_login(personas.users["tracker"])
    found = listed(client.get(URL, {"unit": personas.department.pk, "role": "lead"}))
    assert {personas.task.pk, below.pk} <= found
    assert elsewhere.pk not in found


def test_status_is_computed_as_of_the_chosen_date(client, personas):
    due = date(2025, 3, 31)
    task = TaskFactory(
        document=personas.document,
        lead_unit=personas.department,
        assigned_on=date(2025, 1, 10),
        due_on=due,
    )
    services.task_claim_done(
        actor=None, task=task, output_note="Xong", on=date(2025, 4, 20), explanation="Chờ vốn"
    )
    services.task_confirm(actor=None, task=Task.objects.get(pk=task.pk), on=date(2025, 4, 25))
    client.force_login(personas.users["tracker"])
    overdue = {"status": "overdue", "unit": personas.department.pk}
    assert task.pk in listed(client.get(URL, {**overdue, "as_of": "2025-04-10"}))
    assert task.pk not in listed(client.get(URL, {**overdue, "as_of": "30/04/2025"}))
    late = {"status": "done_late", "unit": personas.department.pk, "as_of": "2025-04-30"}
    assert task.pk in listed(client.get(URL, late))
    # Not yet assigned on the date: not on that day's list at all.
    assert task.pk not in listed(client.get(URL, {"as_of": "2025-01-05"}))


def test_due_soon_lists_tasks_in_progress_near_their_deadline(client, personas):
    today = timezone.localdate()
    soon = TaskFactory(
        document=personas.document,
        lead_unit=personas.department,
        assigned_on=today - timedelta(days=10),
        due_on=today + timedelta(days=3),
    )
    client.force_login(personas.users["tracker"])
    found = listed(client.get(URL, {"status": "due_soon"}))
    assert soon.pk in found and personas.task.pk not in found


def test_document_key_and_text_filters(client, personas):
    other = DocumentFactory(issuer=personas.province, number="09-KH/TU")
    plain = TaskFactory(document=other, lead_unit=personas.department, action="Nâng cấp đường")
    client.force_login(personas.users["tracker"])
    assert listed(client.get(URL, {"document": other.pk})) == {plain.pk}
    assert listed(client.get(URL, {"is_key": "true"})) == {personas.task.pk}
    assert plain.pk in listed(client.get(URL, {"q": "nang cap DUONG"}))


def test_bad_parameters_are_named_and_the_page_still_answers(client, personas):
    client.force_login(personas.users["tracker"])
    response = client.get(URL, {"as_of": "hôm qua", "status": "xyz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "không phải là ngày" in html and "không hợp lệ" in html


def test_form_offers_an_as_of_date_picker_with_the_date_shown(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(URL, {"as_of": "2025-04-10"}).content.decode()
    assert 'type="date" name="as_of" value="2025-04-10"' in html
    assert "10/04/2025" in html


def test_htmx_request_gets_the_list_only(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "<form" not in html and "<table" in html


def _bulk_tasks(personas, n: int) -> None:
    Task.objects.bulk_create(
        TaskFactory.build_batch(
            n,
            document=personas.document,
            lead_unit=personas.department,
            owner=personas.person,
            assigned_on=date(2025, 1, 1),
            due_on=date(2025, 6, 30),
        )
    )


@pytest.mark.parametrize("size", [10, 500])
def test_list_costs_a_fixed_number_of_queries(client, personas, django_assert_num_queries, size):
    _bulk_tasks(personas, size)
    client.force_login(personas.users["tracker"])
    client.get(URL)  # the session and the user once
    params = {"unit": personas.department.pk, "as_of": "2025-07-15", "status": "overdue"}
    with django_assert_num_queries(QUERIES):
        response = client.get(URL, params)
    assert response.context["page"].paginator.count == size


# The total from the counters (counters, due soon), the rows from the streams that can hold
# overdue tasks (changed since the date, open by deadline), the tops of the trees, and the
# top bar's count of what waits.
QUERIES = 11


def test_export_gives_the_filtered_list_as_excel(client, personas):
    _bulk_tasks(personas, 3)
    client.force_login(personas.users["tracker"])
    params = {"unit": personas.department.pk, "as_of": "2025-07-15", "status": "overdue"}
    html = client.get(URL, params).content.decode()
    assert "format=xlsx" in html
    response = client.get(URL, {**params, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _sheet, header, rows = xlsx_table(response)
    assert len(rows) == 3
    lead = header.index("Đơn vị chủ trì")
    assert all(r[lead] == personas.department.name for r in rows)
    assert {r[header.index("Tình trạng")] for r in rows} == {"Quá hạn"}


def test_export_leaves_out_tasks_out_of_scope(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(URL, {"format": "xlsx"})
    _sheet, header, rows = xlsx_table(response)
    actions = [r[header.index("Nội dung nhiệm vụ")] for r in rows]
    assert personas.task.action in actions and personas.outside_task.action not in actions


def test_dashboard_numbers_lead_to_the_task_list(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("insights:unit", args=[personas.province.pk])).content.decode()
    assert f"{URL}?unit={personas.province.pk}" in html
    assert "/api/v1/tasks" not in html


def test_evaluation_numbers_lead_to_the_task_list(client, personas):
    client.force_login(personas.users["tracker"])
    url = reverse("insights:evaluation", args=[personas.department.pk])
    html = client.get(url, {"kind": "quarter", "year": 2025, "number": 1}).content.decode()
    assert f"{URL}?unit={personas.department.pk}&amp;role=lead&amp;as_of=2025-03-31" in html
    assert "due_from=2025-01-01&amp;due_to=2025-03-31" in html
    assert (
        "as_of=2025-04-01&amp;due_from=2025-01-01&amp;due_to=2025-03-31&amp;status=overdue" in html
    )


def test_home_page_shows_the_tasks_as_of_the_chosen_date(client, personas):
    task = TaskFactory(
        document=personas.document,
        lead_unit=personas.department,
        assigned_on=date(2025, 1, 10),
        due_on=date(2025, 3, 31),
    )
    client.force_login(personas.users["tracker"])
    response = client.get("/", {"as_of": "2025-04-10", "status": "overdue"})
    assert response.status_code == 200
    assert task.pk in listed(response)
    html = response.content.decode()
    assert "10/04/2025" in html and 'value="2025-04-10"' in html
    assert task.pk not in listed(client.get("/", {"as_of": "2025-02-10", "status": "overdue"}))
