"""The inbox page: who sees what, each row acting in place through the services, errors by
the field, the counts and the top-bar badge, and a fixed query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from namro.factories import TaskFactory
from namro.tasks import services
from namro.tasks.models import ExplanationState, ExtensionState, Task
from namro.workdays import calendar

pytestmark = pytest.mark.django_db

URL = "/viec-can-xu-ly/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def claimed(task):
    services.task_claim_done(actor=None, task=task, output_note="Đã ban hành kế hoạch")
    return task


def login(client, personas, name):
    client.force_login(personas.user(name))


def test_the_page_is_for_signed_in_people(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_tracker_sees_a_claim_with_its_count_in_the_top_bar(client, personas):
    claimed(personas.task)
    login(client, personas, "tracker")
    page = client.get(URL).content.decode()
    assert f'id="row-claim-{personas.task.pk}"' in page
    assert 'id="inbox-badge"' in page and ">1</span>" in page
    home = client.get("/").content.decode()
    assert 'href="/viec-can-xu-ly/"' in home and "Việc cần xử lý" in home


@pytest.mark.parametrize("name", ["reporter", "viewer", "norole"])
def test_a_claim_is_not_on_the_page_of_who_may_not_confirm_it(client, personas, name):
    claimed(personas.task)
    claimed(personas.outside_task)
    login(client, personas, name)
    page = client.get(URL).content.decode()
    assert "row-claim-" not in page


def test_confirming_from_the_inbox_removes_the_row_and_updates_the_counts(client, personas):
    claimed(personas.task)
    login(client, personas, "tracker")
    response = client.post(
        reverse("inbox:confirm", args=[personas.task.pk]),
        {f"confirm-{personas.task.pk}-note": ""},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "row-claim-" not in body
    assert 'id="count-claim" hx-swap-oob="true">0<' in body
    assert 'id="inbox-badge" hidden hx-swap-oob="true"' in body
    assert "Đã xác nhận hoàn thành." in body
    assert Task.objects.get(pk=personas.task.pk).confirmed_on == timezone.localdate()


def test_a_send_back_without_a_reason_is_refused_by_the_field(client, personas):
    claimed(personas.task)
    login(client, personas, "tracker")
    url = reverse("inbox:send_back", args=[personas.task.pk])
    field = f"send_back-{personas.task.pk}-reason"
    response = client.post(url, {field: " "}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="row-claim-{personas.task.pk}"' in body
    assert f'id="id_{field}_error"' in body and "Phải nêu lý do trả lại." in body
    # Without htmx the whole page comes back with the message, and nothing is saved.
    page = client.post(url, {field: ""})
    assert page.status_code == 400 and "Phải nêu lý do trả lại." in page.content.decode()
    assert Task.objects.get(pk=personas.task.pk).claimed_on is not None
    done = client.post(url, {field: "Thiếu minh chứng"})
    assert done.status_code == 302 and done["Location"] == URL
    assert Task.objects.get(pk=personas.task.pk).claimed_on is None


@pytest.mark.parametrize(
    ("name", "in_scope", "status"),
    [
        ("reporter", True, 403),  # sees the task, may not confirm it
        ("viewer", True, 403),
        ("norole", True, 404),
        ("tracker", False, 404),  # the outside task
    ],
)
def test_who_may_not_confirm_is_refused(client, personas, name, in_scope, status):
    task = claimed(personas.task if in_scope else personas.outside_task)
    login(client, personas, name)
    response = client.post(reverse("inbox:confirm", args=[task.pk]), {}, **HTMX)
    assert response.status_code == status
    assert Task.objects.get(pk=task.pk).confirmed_on is None


def test_the_leader_decides_an_extension_in_place(client, personas):
    request = services.extension_request_create(
        actor=None,
        task=personas.task,
        requested_due_on=personas.task.due_on + timedelta(days=30),
        reason="Chờ vốn",
    )
    login(client, personas, "leader")
    assert f'id="row-extension-{request.pk}"' in client.get(URL).content.decode()
    url = reverse("inbox:decide", args=[request.pk])
    missing = client.post(url, {}, **HTMX).content.decode()
    assert "Trường này là bắt buộc." in missing or "This field is required." in missing
    response = client.post(url, {f"decide-{request.pk}-grant": "1"}, **HTMX)
    assert response.status_code == 200 and "row-extension-" not in response.content.decode()
    request.refresh_from_db()
    assert request.state == ExtensionState.GRANTED
    login(client, personas, "reporter")
    assert client.post(url, {f"decide-{request.pk}-grant": "1"}, **HTMX).status_code == 403


def test_the_unit_answers_an_explanation_and_the_asker_asks_again(client, personas):
    asked = services.explanation_ask(
        actor=personas.user("tracker"), task=personas.task, question="Vì sao chậm?"
    )
    login(client, personas, "reporter")
    assert "Vì sao chậm?" in client.get(URL).content.decode()
    url = reverse("inbox:answer", args=[asked.pk])
    prefix = f"answer-{asked.pk}-"
    refused = client.post(url, {prefix + "reason": "Thiếu vốn"}, **HTMX).content.decode()
    assert f'id="id_{prefix}remedy_error"' in refused and "Phải nêu giải pháp khắc phục." in refused
    late = (timezone.localdate() - timedelta(days=1)).isoformat()
    refused = client.post(
        url,
        {
            prefix + "reason": "Thiếu vốn",
            prefix + "remedy": "Bổ sung",
            prefix + "proposed_due_on": late,
        },
        **HTMX,
    ).content.decode()
    assert f'id="id_{prefix}proposed_due_on_error"' in refused
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    done = client.post(
        url,
        {
            prefix + "reason": "Thiếu vốn",
            prefix + "remedy": "Bổ sung",
            prefix + "proposed_due_on": due,
        },
        **HTMX,
    )
    assert "Đã gửi giải trình." in done.content.decode()
    asked.refresh_from_db()
    assert asked.state == ExplanationState.ANSWERED and asked.remedy == "Bổ sung"

    login(client, personas, "tracker")
    assert f'id="row-explanation_to_review-{asked.pk}"' in client.get(URL).content.decode()
    url = reverse("inbox:review", args=[asked.pk])
    prefix = f"review-{asked.pk}-"
    refused = client.post(url, {prefix + "accept": "0"}, **HTMX).content.decode()
    assert "Phải nêu nội dung cần giải trình lại." in refused
    again = client.post(url, {prefix + "accept": "0", prefix + "note": "Nêu nguồn vốn"}, **HTMX)
    assert "Đã yêu cầu giải trình lại." in again.content.decode()
    asked.refresh_from_db()
    assert asked.state == ExplanationState.ASKED and asked.rounds == 2


def test_an_outsider_cannot_answer_an_explanation(client, personas):
    asked = services.explanation_ask(actor=None, task=personas.outside_task, question="Vì sao?")
    login(client, personas, "reporter")
    response = client.post(reverse("inbox:answer", args=[asked.pk]), {}, **HTMX)
    assert response.status_code == 404


def _grow(p, n):
    today = timezone.localdate()
    for _ in range(n):
        task = TaskFactory(
            document=p.document, lead_unit=p.department, due_on=today + timedelta(days=3)
        )
        claimed(task)
        other = TaskFactory(
            document=p.document, lead_unit=p.department, due_on=today + timedelta(days=60)
        )
        services.extension_request_create(
            actor=None, task=other, requested_due_on=today + timedelta(days=90), reason="Chờ"
        )
        answered = services.explanation_ask(actor=None, task=other, question="Vì sao?")
        services.explanation_answer(actor=None, request=answered, reason="a", remedy="b")


def _page_queries(client, user):
    calendar.forget()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["tracker", "leader", "admin"])
def test_the_page_costs_the_same_queries_at_two_sizes(client, personas, name):
    user = personas.user(name)
    _grow(personas, 2)
    small = _page_queries(client, user)
    _grow(personas, 10)
    large = _page_queries(client, user)
    assert large == small
    assert small <= 16, small  # session, user, scopes, one per kind, the counts, calendar


def test_the_top_bar_counts_once_and_not_for_anonymous_pages(client, personas):
    claimed(personas.task)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/dang-nhap/")
    assert not any("tasks_task" in q["sql"] for q in ctx.captured_queries)
    login(client, personas, "tracker")
    calendar.forget()
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    counting = [q for q in ctx.captured_queries if "COUNT(*)" in q["sql"].upper()]
    assert len(counting) == 1
