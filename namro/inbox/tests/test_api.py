"""GET /api/v1/inbox: what waits for the caller, by persona, and at a fixed query cost; the
explanation endpoints' errors said by the field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from namro.access.tests.personas import PERSONAS
from namro.factories import TaskFactory
from namro.tasks import services
from namro.workdays import calendar

pytestmark = pytest.mark.django_db

URL = "/api/v1/inbox"


def _claimed(task):
    services.task_claim_done(actor=None, task=task, output_note="Đã xong")
    return task


# Who finds the in-scope claim in their inbox: who may confirm it.
CONFIRMS = {"admin", "tracker", "leader"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_inbox_holds_what_the_caller_may_act_on(client, personas, persona):
    _claimed(personas.task)
    _claimed(personas.outside_task)
    user = personas.user(persona)
    if user is None:
        assert client.get(URL).status_code == 401
        return
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    claims = {i["id"] for i in body["items"] if i["kind"] == "claim"}
    assert (personas.task.pk in claims) == (persona in CONFIRMS)
    assert (personas.outside_task.pk in claims) == (persona == "admin")
    assert body["counts"]["claim"] == len(claims)
    assert set(body["counts"]) >= {"claim", "extension", "sent_back", "due", "entry"}
    if claims:
        item = next(i for i in body["items"] if i["id"] == personas.task.pk)
        assert item["url"] == f"/nhiem-vu/{personas.task.pk}/"
        assert item["since"] and item["task_id"] == personas.task.pk


def test_a_sent_back_task_and_an_explanation_wait_for_the_reporter(client, personas):
    _claimed(personas.task)
    services.task_send_back(actor=None, task=personas.task, reason="Thiếu minh chứng")
    asked = services.explanation_ask(actor=None, task=personas.task, question="Vì sao chậm?")
    client.force_login(personas.user("reporter"))
    body = client.get(URL).json()
    kinds = {(i["kind"], i["id"]) for i in body["items"]}
    assert ("sent_back", personas.task.pk) in kinds
    assert ("explanation_to_answer", asked.pk) in kinds
    assert body["counts"]["sent_back"] == 1 and body["counts"]["explanation_to_answer"] == 1


def test_the_limit_bounds_the_rows_not_the_counts(client, personas):
    for _ in range(3):
        _claimed(
            TaskFactory(
                document=personas.document,
                lead_unit=personas.department,
                due_on=personas.task.due_on,
            )
        )
    client.force_login(personas.user("tracker"))
    body = client.get(URL + "?limit=1").json()
    assert len([i for i in body["items"] if i["kind"] == "claim"]) == 1
    assert body["counts"]["claim"] == 3
    assert client.get(URL + "?limit=0").status_code == 422


def _queries(client):
    calendar.forget()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_inbox_costs_the_same_queries_at_two_sizes(client, personas):
    client.force_login(personas.user("tracker"))

    def grow(n):
        for _ in range(n):
            task = TaskFactory(
                document=personas.document,
                lead_unit=personas.department,
                due_on=personas.task.due_on,
            )
            _claimed(task)
            asked = services.explanation_ask(actor=None, task=task, question="Vì sao?")
            services.explanation_answer(actor=None, request=asked, reason="a", remedy="b")

    grow(2)
    small = _queries(client)
    grow(10)
    assert _queries(client) == small


def test_an_answer_without_a_remedy_is_refused_by_the_field(client, personas):
    asked = services.explanation_ask(actor=None, task=personas.task, question="Vì sao chậm?")
    client.force_login(personas.user("reporter"))
    url = f"/api/v1/explanations/{asked.pk}/answer"
    response = client.post(url, {"reason": "Thiếu vốn", "remedy": " "}, "application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["remedy"] == ["Phải nêu giải pháp khắc phục."]
    assert client.post(url, {"reason": "x"}, "application/json").status_code == 422
    answered = client.post(
        url,
        {
            "reason": "Thiếu vốn",
            "remedy": "Bổ sung vốn",
            "proposed_due_on": (personas.task.due_on + timedelta(days=30)).isoformat(),
        },
        "application/json",
    )
    assert answered.status_code == 200 and answered.json()["state"] == "answered"


def test_asking_again_needs_the_new_question(client, personas):
    asked = services.explanation_ask(actor=None, task=personas.task, question="Vì sao chậm?")
    services.explanation_answer(actor=None, request=asked, reason="a", remedy="b")
    client.force_login(personas.user("tracker"))
    url = f"/api/v1/explanations/{asked.pk}/review"
    refused = client.post(url, {"accept": False}, "application/json")
    assert refused.status_code == 400 and "note" in refused.json()["errors"]
    again = client.post(url, {"accept": False, "note": "Nêu nguồn vốn"}, "application/json")
    assert again.json()["state"] == "asked" and again.json()["rounds"] == 2
    listed = client.get(f"/api/v1/tasks/{personas.task.pk}/explanations").json()
    assert [i["id"] for i in listed["items"]] == [asked.pk]
