"""The task page's explanation section (Giải trình) and the notice of a sent-back claim: who
sees which form, each step through the services, errors by the field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from namro.tasks import services
from namro.tasks.models import ExplanationState, UpdateKind

pytestmark = pytest.mark.django_db


def url(name, task):
    return reverse(f"tasks:{name}", args=[task.pk])


def page(client, personas, name, task=None):
    client.force_login(personas.user(name))
    return client.get(url("task", task or personas.task)).content.decode()


@pytest.mark.parametrize(
    ("name", "sees"),
    [("admin", True), ("tracker", True), ("leader", True), ("reporter", False), ("viewer", False)],
)
def test_who_may_ask_for_an_explanation_sees_the_form(client, personas, name, sees):
    assert ('id="action-ask_explanation"' in page(client, personas, name)) == sees


def test_the_whole_round_on_the_task_page(client, personas):
    task = personas.task
    client.force_login(personas.user("tracker"))
    refused = client.post(url("ask_explanation", task), {"ask_explanation-question": " "})
    assert refused.status_code == 400
    assert "Phải nêu nội dung yêu cầu giải trình." in refused.content.decode()
    asked = client.post(url("ask_explanation", task), {"ask_explanation-question": "Vì sao chậm?"})
    assert asked.status_code == 302
    request = task.explanation_requests.get()
    assert 'id="action-ask_explanation"' not in page(client, personas, "tracker")

    body = page(client, personas, "reporter")
    assert 'id="action-answer_explanation"' in body and "Vì sao chậm?" in body
    assert 'id="action-answer_explanation"' not in page(client, personas, "viewer")
    client.force_login(personas.user("reporter"))
    refused = client.post(
        url("answer_explanation", task), {"answer_explanation-reason": "Thiếu vốn"}
    )
    assert refused.status_code == 400
    assert 'id="id_answer_explanation-remedy_error"' in refused.content.decode()
    proposed = timezone.localdate() + timedelta(days=45)
    client.post(
        url("answer_explanation", task),
        {
            "answer_explanation-reason": "Thiếu vốn",
            "answer_explanation-remedy": "Trình bổ sung vốn",
            "answer_explanation-proposed_due_on": proposed.isoformat(),
        },
    )
    request.refresh_from_db()
    assert request.state == ExplanationState.ANSWERED

    body = page(client, personas, "tracker")
    assert 'id="action-review_explanation"' in body
    assert "Trình bổ sung vốn" in body and proposed.strftime("%d/%m/%Y") in body
    client.force_login(personas.user("tracker"))
    client.post(
        url("review_explanation", task),
        {"review_explanation-accept": "0", "review_explanation-note": "Nêu rõ nguồn vốn"},
    )
    request.refresh_from_db()
    assert request.state == ExplanationState.ASKED and request.rounds == 2
    assert "Yêu cầu giải trình lại" in page(client, personas, "reporter")
    kinds = list(task.updates.order_by("pk").values_list("kind", flat=True))
    assert kinds[-3:] == [
        UpdateKind.EXPLANATION_ASKED,
        UpdateKind.EXPLANATION_GIVEN,
        UpdateKind.EXPLANATION_ASKED_AGAIN,
    ]


def test_a_reporter_cannot_ask_and_an_outsider_is_not_told_the_task_exists(client, personas):
    client.force_login(personas.user("reporter"))
    response = client.post(url("ask_explanation", personas.task), {"ask_explanation-question": "?"})
    assert response.status_code == 403
    client.force_login(personas.user("tracker"))
    response = client.post(
        url("ask_explanation", personas.outside_task), {"ask_explanation-question": "?"}
    )
    assert response.status_code == 404
    assert not personas.task.explanation_requests.exists()


def test_answering_when_nothing_is_asked_says_so(client, personas):
    client.force_login(personas.user("reporter"))
    response = client.post(
        url("answer_explanation", personas.task),
        {"answer_explanation-reason": "a", "answer_explanation-remedy": "b"},
    )
    assert response.status_code == 400
    assert "Không có yêu cầu giải trình nào đang chờ giải trình." in response.content.decode()


def test_a_sent_back_claim_is_told_to_the_lead_unit_until_it_claims_again(client, personas):
    task = personas.task
    services.task_claim_done(actor=None, task=task, output_note="Dự thảo")
    services.task_send_back(actor=None, task=task, reason="Thiếu số liệu so sánh")
    body = page(client, personas, "reporter")
    assert 'id="sent-back-notice"' in body and "Thiếu số liệu so sánh" in body
    assert 'id="sent-back-notice"' not in page(client, personas, "viewer")
    services.task_claim_done(actor=None, task=task, output_note="Bản hoàn chỉnh")
    assert 'id="sent-back-notice"' not in page(client, personas, "reporter")


@pytest.mark.parametrize("name", ["reporter", "tracker", "leader", "viewer"])
def test_a_sent_back_completion_is_not_shown_as_accepted(client, personas, name):
    task = personas.task
    services.task_claim_done(actor=None, task=task, output_note="Dự thảo lần đầu")
    services.task_send_back(actor=None, task=task, reason="Thiếu số liệu so sánh")
    body = page(client, personas, name)
    assert "chưa được chấp nhận" in body
    assert "Kết quả đã báo cáo (bị trả lại)" in body and "<del>Dự thảo lần đầu</del>" in body
    assert "Kết quả đạt được" not in body
    services.task_claim_done(actor=None, task=task, output_note="Bản hoàn chỉnh")
    body = page(client, personas, name)
    assert "chưa được chấp nhận" not in body and "Kết quả đạt được" in body


def test_a_parent_says_how_many_of_its_delegated_parts_are_overdue(client, personas):
    task = personas.task
    today = timezone.localdate()
    late = dict(actor=None, task=task, lead_unit=personas.division, on=today - timedelta(days=40))
    services.task_delegate(**late, action="Phần việc thứ nhất", due_on=today - timedelta(days=5))
    services.task_delegate(**late, action="Phần việc thứ hai", due_on=today - timedelta(days=2))
    services.task_delegate(**late, action="Phần việc đúng hạn", due_on=today + timedelta(days=30))
    body = page(client, personas, "tracker")
    assert "2 phần việc đã phân cấp quá hạn" in body
    other = services.task_delegate(**late, action="Phần việc riêng", due_on=today)
    assert "phần việc đã phân cấp quá hạn" not in page(client, personas, "tracker", other)
