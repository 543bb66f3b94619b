"""The tasks API: authentication, errors, pagination, writes through the services."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from namro.access.models import ApiToken
from namro.access.services import token_create, token_revoke
from namro.audit.models import AuditEvent
from namro.factories import TaskFactory
from namro.tasks.models import Task, TaskUpdate, UpdateKind

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_bearer_token_authenticates_and_records_its_last_use(personas, client):
    token, secret = token_create(actor=None, user=personas.user("reporter"))
    response = client.get(f"{API}/tasks", **_bearer(secret))
    assert response.status_code == 200
    assert [t["id"] for t in response.json()["items"]] == [personas.task.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_writes_by_token_are_audited_as_the_tokens_user_with_the_request_id(personas, client):
    _token, secret = token_create(actor=None, user=personas.user("reporter"))
    response = client.post(
        f"{API}/tasks/{personas.task.pk}/progress",
        {"progress": 30, "narrative": "Đã khảo sát"},
        content_type="application/json",
        HTTP_X_REQUEST_ID="req-12345678",
        **_bearer(secret),
    )
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == "req-12345678"
    event = AuditEvent.objects.filter(action="task.progress").get()
    assert event.actor == personas.user("reporter")
    assert event.request_id == "req-12345678"


def test_a_request_without_an_id_gets_a_fresh_one(personas, client):
    client.force_login(personas.user("reporter"))
    response = client.get(f"{API}/tasks")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.parametrize(
    "header", ["Bearer namro_wrong", "Bearer ", "Token abc", "Bearer " + "x" * 300]
)
def test_a_wrong_token_is_401_json(personas, client, header):
    response = client.get(f"{API}/tasks", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_revoked_token_is_refused(personas, client):
    token, secret = token_create(actor=None, user=personas.user("reporter"))
    token_revoke(actor=None, token=token)
    assert client.get(f"{API}/tasks", **_bearer(secret)).status_code == 401
    assert ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=False).exists()


def test_a_token_of_a_deactivated_user_is_refused(personas, client):
    user = personas.user("reporter")
    _token, secret = token_create(actor=None, user=user)
    user.is_active = False
    user.save()
    assert client.get(f"{API}/tasks", **_bearer(secret)).status_code == 401


def test_session_writes_need_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.user("reporter"))
    url = f"{API}/tasks/{personas.task.pk}/progress"
    refused = client.post(url, {"progress": 10}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/dang-nhap/")  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        url, {"progress": 10}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201, accepted.content


def test_token_writes_need_no_csrf_token(personas):
    _token, secret = token_create(actor=None, user=personas.user("reporter"))
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{API}/tasks/{personas.task.pk}/progress",
        {"progress": 10},
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 201


def test_input_that_does_not_fit_the_schema_is_422_naming_the_field(personas, client):
    client.force_login(personas.user("reporter"))
    response = client.post(
        f"{API}/tasks/{personas.task.pk}/progress",
        {"progress": 150},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert "progress" in body["errors"]
    assert "«progress»" in body["detail"] and "quá lớn" in body["detail"]


def test_a_service_refusal_is_400_with_its_vietnamese_message(personas, client):
    client.force_login(personas.user("reporter"))
    response = client.post(
        f"{API}/tasks/{personas.task.pk}/extension-requests",
        {"requested_due_on": personas.task.due_on.isoformat(), "reason": "Chờ vốn"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "requested_due_on" in response.json()["errors"]
    assert "Thời hạn đề nghị phải sau" in response.json()["detail"]


def test_a_refused_write_leaves_nothing_half_written(personas, client):
    client.force_login(personas.user("viewer"))
    before = (TaskUpdate.objects.count(), AuditEvent.objects.count())
    response = client.post(
        f"{API}/tasks/{personas.task.pk}/claim",
        {"output_note": "Xong"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (TaskUpdate.objects.count(), AuditEvent.objects.count()) == before


def test_pages_follow_the_cursor_through_every_task_once(personas, client):
    for _ in range(4):
        TaskFactory(document=personas.document, lead_unit=personas.department)
    client.force_login(personas.user("reporter"))
    seen, cursor = [], None
    while True:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        body = client.get(f"{API}/tasks{query}").json()
        assert len(body["items"]) <= 2
        seen += [t["id"] for t in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    expected = Task.objects.filter(lead_unit=personas.department).order_by(
        "document_id", "order", "id"
    )
    assert seen == list(expected.values_list("pk", flat=True))


@pytest.mark.parametrize("cursor", ["garbage", "WyJ4Il0", "W251bGwsbnVsbCxudWxsXQ"])
def test_a_bad_cursor_is_400(personas, client, cursor):
    client.force_login(personas.user("reporter"))
    response = client.get(f"{API}/tasks?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_task_detail_reports_status_as_of_a_date_and_missing_clears(personas, client):
    client.force_login(personas.user("viewer"))
    late = personas.task.due_on.replace(year=personas.task.due_on.year + 1).isoformat()
    body = client.get(f"{API}/tasks/{personas.task.pk}?as_of={late}").json()
    assert body["status"] == "overdue"
    assert body["lead_unit"]["id"] == personas.department.pk
    assert isinstance(body["missing_clears"], list)


def test_the_whole_completion_flow_through_the_api(personas):
    reporter, tracker, leader = Client(), Client(), Client()
    reporter.force_login(personas.user("reporter"))
    tracker.force_login(personas.user("tracker"))
    leader.force_login(personas.user("leader"))
    url = f"{API}/tasks/{personas.task.pk}"
    ext = reporter.post(
        f"{url}/extension-requests",
        {
            "requested_due_on": personas.task.due_on.replace(
                year=personas.task.due_on.year + 1
            ).isoformat(),
            "reason": "Chờ vốn",
        },
        content_type="application/json",
    ).json()
    decided = leader.post(
        f"{API}/extension-requests/{ext['id']}/decide",
        {"grant": True},
        content_type="application/json",
    )
    assert decided.json()["state"] == "granted"
    child = reporter.post(
        f"{url}/delegate", {"lead_unit_id": personas.division.pk}, content_type="application/json"
    ).json()
    assert child["parent_id"] == personas.task.pk
    reporter.post(
        f"{url}/claim", {"output_note": "Đề án đã ban hành"}, content_type="application/json"
    )
    confirmed = tracker.post(f"{url}/confirm", {"note": "Đạt"}, content_type="application/json")
    assert confirmed.status_code == 201
    timeline = reporter.get(f"{url}/updates").json()["items"]
    kinds = [u["kind"] for u in timeline]
    assert kinds[0] == UpdateKind.CREATED and kinds[-1] == UpdateKind.CONFIRM
    assert UpdateKind.EXTENSION_GRANTED in kinds and UpdateKind.DELEGATED in kinds
    assert reporter.get(url).json()["status"] == "done_on_time"


def test_the_tracker_assigns_a_task_only_to_units_in_scope(personas, client):
    client.force_login(personas.user("tracker"))
    payload = {
        "document_id": personas.document.pk,
        "action": "Tổng kết",
        "lead_unit_id": personas.outside_department.pk,
    }
    response = client.post(f"{API}/tasks", payload, content_type="application/json")
    assert response.status_code == 400
    assert "lead_unit_id" in response.json()["errors"]
    payload["lead_unit_id"] = personas.commune.pk
    payload["coordinating_unit_ids"] = [personas.department.pk]
    created = client.post(f"{API}/tasks", payload, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["coordinating_units"] == [
        {"id": personas.department.pk, "name": personas.department.name}
    ]
