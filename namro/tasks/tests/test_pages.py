"""The task page and its actions: who sees what, what each role may do, bad input refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from namro.factories import TaskFactory
from namro.tasks import services
from namro.tasks.models import Evidence, ExtensionState, Task, TaskUpdate

pytestmark = pytest.mark.django_db


def url(name, task):
    return reverse(f"tasks:{name}", args=[task.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("leader", 200),
        ("tracker", 200),
        ("reporter", 200),
        ("viewer", 200),
        ("norole", 404),
    ],
)
def test_task_page_is_seen_in_scope_only(client, personas, persona, status):
    client.force_login(personas.users[persona])
    assert client.get(url("task", personas.task)).status_code == status


def test_task_out_of_scope_is_404(client, personas):
    client.force_login(personas.users["reporter"])
    assert client.get(url("task", personas.outside_task)).status_code == 404
    response = client.post(url("progress", personas.outside_task), {"progress-progress": "50"})
    assert response.status_code == 404


def test_task_page_shows_six_clears_and_flags_missing(client, personas):
    bare = TaskFactory(
        document=personas.document, lead_unit=personas.department, expected_output=""
    )
    client.force_login(personas.users["tracker"])
    html = client.get(url("task", bare)).content.decode()
    assert "Sáu rõ" in html
    assert "Chưa có người chịu trách nhiệm." in html
    assert "Chưa nêu sản phẩm, kết quả." in html


def test_reporter_sees_report_forms_viewer_does_not(client, personas):
    client.force_login(personas.users["reporter"])
    html = client.get(url("task", personas.task)).content.decode()
    assert url("progress", personas.task) in html
    assert url("confirm", personas.task) not in html
    client.force_login(personas.users["viewer"])
    html = client.get(url("task", personas.task)).content.decode()
    assert url("progress", personas.task) not in html


def test_viewer_cannot_report(client, personas):
    client.force_login(personas.users["viewer"])
    response = client.post(url("progress", personas.task), {"progress-progress": "50"})
    assert response.status_code == 403
    assert not TaskUpdate.objects.filter(task=personas.task, kind="progress").exists()


def test_reporter_reports_progress_with_evidence(client, personas):
    client.force_login(personas.users["reporter"])
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        url("progress", personas.task),
        {
            "progress-progress": "40",
            "progress-narrative": "Đã họp triển khai",
            "progress-evidence": [pdf],
        },
    )
    assert response.status_code == 302
    personas.task.refresh_from_db()
    assert personas.task.progress == 40
    assert Evidence.objects.filter(update__task=personas.task, name="bien-ban.pdf").exists()
    html = client.get(url("task", personas.task)).content.decode()
    assert "Đã họp triển khai" in html
    assert "bien-ban.pdf" in html
    evidence = Evidence.objects.get(name="bien-ban.pdf")
    download = reverse("tasks:evidence", args=[evidence.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(personas.users["norole"])
    assert client.get(download).status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [("150", "Tiến độ phải là số nguyên từ 0 đến 100."), ("", "Hãy nhập tiến độ (0–100%).")],
)
def test_bad_progress_is_refused_next_to_the_field(client, personas, value, message):
    client.force_login(personas.users["reporter"])
    response = client.post(url("progress", personas.task), {"progress-progress": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_progress-progress_error"' in html
    assert message in html
    personas.task.refresh_from_db()
    assert personas.task.progress == 0
    assert not TaskUpdate.objects.filter(task=personas.task, kind="progress").exists()


def test_wrong_upload_type_is_refused(client, personas):
    client.force_login(personas.users["reporter"])
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        url("progress", personas.task), {"progress-progress": "10", "progress-evidence": [exe]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_progress-evidence_error"' in html
    assert "không đúng định dạng" in html
    assert not Evidence.objects.exists()
    assert not TaskUpdate.objects.filter(task=personas.task, kind="progress").exists()


def test_oversized_upload_is_refused(client, personas, settings):
    settings.NAMRO_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(personas.users["reporter"])
    big = SimpleUploadedFile("lon.pdf", b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(
        url("progress", personas.task), {"progress-progress": "10", "progress-evidence": [big]}
    )
    assert response.status_code == 400
    assert "vượt quá dung lượng" in response.content.decode()
    assert not Evidence.objects.exists()


def test_overdue_report_needs_explanation(client, personas):
    late = TaskFactory(
        document=personas.document, lead_unit=personas.department, due_on=date(2025, 2, 1)
    )
    client.force_login(personas.users["reporter"])
    response = client.post(url("progress", late), {"progress-progress": "20"})
    assert response.status_code == 400
    assert 'id="id_progress-explanation_error"' in response.content.decode()


def test_claim_then_tracker_confirms(client, personas):
    task = personas.task
    client.force_login(personas.users["reporter"])
    response = client.post(url("claim", task), {"claim-output_note": "Đề án đã trình"})
    assert response.status_code == 302
    client.force_login(personas.users["tracker"])
    html = client.get(url("task", task)).content.decode()
    assert url("confirm", task) in html
    assert client.post(url("confirm", task), {"confirm-note": "Đạt"}).status_code == 302
    task.refresh_from_db()
    assert task.confirmed_on == timezone.localdate()


def test_claim_without_output_is_refused(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.post(url("claim", personas.task), {"claim-output_note": ""})
    assert response.status_code == 400
    assert "Phải nêu kết quả, sản phẩm đã hoàn thành." in response.content.decode()
    personas.task.refresh_from_db()
    assert personas.task.claimed_on is None


def test_send_back_needs_reason_and_clears_claim(client, personas):
    task = personas.task
    services.task_claim_done(actor=None, task=task, output_note="Xong")
    client.force_login(personas.users["tracker"])
    assert client.post(url("send_back", task), {"send_back-reason": ""}).status_code == 400
    assert (
        client.post(url("send_back", task), {"send_back-reason": "Thiếu phụ lục"}).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.claimed_on is None


def test_reporter_cannot_confirm(client, personas):
    services.task_claim_done(actor=None, task=personas.task, output_note="Xong")
    client.force_login(personas.users["reporter"])
    assert client.post(url("confirm", personas.task), {}).status_code == 403


def test_extension_requested_then_decided_by_leader(client, personas):
    task = personas.task
    client.force_login(personas.users["reporter"])
    new_due = task.due_on + timedelta(days=30)
    response = client.post(
        url("extension", task),
        {"extension-requested_due_on": new_due.isoformat(), "extension-reason": "Chờ ý kiến Bộ"},
    )
    assert response.status_code == 302
    client.force_login(personas.users["tracker"])
    assert client.post(url("decide", task), {"decide-grant": "1"}).status_code == 403
    client.force_login(personas.users["leader"])
    assert (
        client.post(url("decide", task), {"decide-grant": "1", "decide-note": "Đồng ý"}).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.due_on == new_due
    assert task.extension_requests.get().state == ExtensionState.GRANTED


def test_extension_to_an_earlier_date_is_refused(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.post(
        url("extension", personas.task),
        {"extension-requested_due_on": "01/01/2025", "extension-reason": "Lý do"},
    )
    assert response.status_code == 400
    assert 'id="id_extension-requested_due_on_error"' in response.content.decode()


def test_delegate_to_a_sub_unit(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.post(
        url("delegate", personas.task),
        {
            "delegate-lead_unit": str(personas.division.pk),
            "delegate-action": "Tổng hợp số liệu quý",
        },
    )
    assert response.status_code == 302
    child = Task.objects.get(parent=personas.task)
    assert child.lead_unit == personas.division
    html = client.get(url("task", personas.task)).content.decode()
    assert "Tổng hợp số liệu quý" in html


def test_delegate_outside_the_lead_unit_is_refused(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.post(
        url("delegate", personas.task), {"delegate-lead_unit": str(personas.commune.pk)}
    )
    assert response.status_code == 400
    assert not Task.objects.filter(parent=personas.task).exists()


@pytest.mark.parametrize("updates", [10, 500])
def test_task_page_query_count_does_not_grow(client, personas, django_assert_num_queries, updates):
    task = personas.task
    TaskUpdate.objects.bulk_create(
        [
            TaskUpdate(task=task, kind="progress", on=task.assigned_on, progress=1)
            for _ in range(updates)
        ]
    )
    for n in range(3):
        services.task_delegate(
            actor=None, task=task, lead_unit=personas.division, action=f"Phần {n}"
        )
    client.force_login(personas.users["reporter"])
    # 16, the reminders of the task, and with the explanation round and claim steps, the open
    # request, the count of delegated parts overdue and the top bar's count
    with django_assert_num_queries(21):
        assert client.get(url("task", task)).status_code == 200
