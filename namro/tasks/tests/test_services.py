"""Task services: assignment, progress, confirmed completion, extensions, delegation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from namro.audit.models import AuditEvent
from namro.factories import DocumentFactory, PersonFactory, TaskFactory, UnitFactory
from namro.tasks import rules
from namro.tasks.clarity import Clear
from namro.tasks.models import ExtensionState, Recurrence, Task, TaskUpdate, UpdateKind
from namro.tasks.selectors import document_unclear_tasks, task_clarity
from namro.tasks.services import (
    extension_decide,
    extension_request_create,
    task_cancel,
    task_claim_done,
    task_confirm,
    task_create,
    task_delegate,
    task_report_progress,
    task_send_back,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return UnitFactory(name="Tỉnh ủy Tân Hà")


@pytest.fixture
def task(province):
    lead = UnitFactory(name="Sở Xây dựng", parent=province)
    document = DocumentFactory(issuer=province, issued_on=date(2025, 3, 1))
    return TaskFactory(
        document=document, lead_unit=lead, due_on=date(2025, 6, 30), assigned_on=date(2025, 3, 1)
    )


def kinds(task: Task) -> list[str]:
    return list(task.updates.order_by("at", "id").values_list("kind", flat=True))


def status(task: Task, day: date) -> str:
    task = Task.objects.get(pk=task.pk)
    result = task.status_on(day)
    return result.status.value if result else ""


def test_creating_a_task_opens_its_timeline_and_audit(task):
    assert kinds(task) == [UpdateKind.CREATED]
    assert AuditEvent.objects.filter(action="task.create", object_id=str(task.pk)).exists()
    assert task.original_due_on == task.due_on == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"action": "   "}, "action"),
        ({"lead_unit": 999_999}, "lead_unit"),
        ({"due_on": date(2025, 2, 1)}, "due_on"),
        ({"coordinating_units": [999_998]}, "coordinating_units"),
        ({"recurrence": "sometimes"}, "recurrence"),
        ({"recurrence": Recurrence.QUARTERLY}, "due_on"),
    ],
)
def test_bad_task_input_is_refused_with_the_field_named_and_nothing_written(
    province, changes, field
):
    document = DocumentFactory(issuer=province, issued_on=date(2025, 3, 1))
    before = (Task.objects.count(), TaskUpdate.objects.count(), AuditEvent.objects.count())
    values = {
        "action": "Ban hành kế hoạch chuyển đổi số",
        "lead_unit": province,
        "due_on": date(2025, 6, 30),
    }
    values.update(changes)
    with pytest.raises(ValidationError) as exc:
        task_create(actor=None, document=document, **values)
    assert field in exc.value.message_dict
    assert (Task.objects.count(), TaskUpdate.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("progress", [-1, 101, 150])
def test_progress_outside_0_to_100_is_refused(task, progress):
    with pytest.raises(ValidationError) as exc:
        task_report_progress(actor=None, task=task, progress=progress, on=date(2025, 4, 1))
    assert "progress" in exc.value.message_dict
    assert kinds(task) == [UpdateKind.CREATED]


def test_progress_report_goes_on_the_timeline(task):
    task_report_progress(
        actor=None, task=task, progress=40, narrative="Đã lập dự thảo", on=date(2025, 4, 1)
    )
    task.refresh_from_db()
    assert task.progress == 40
    assert kinds(task) == [UpdateKind.CREATED, UpdateKind.PROGRESS]
    assert AuditEvent.objects.filter(action="task.progress").count() == 1


def test_a_report_on_an_overdue_task_must_explain_the_delay(task):
    with pytest.raises(ValidationError) as exc:
        task_report_progress(actor=None, task=task, progress=60, on=date(2025, 7, 5))
    assert "explanation" in exc.value.message_dict
    task_report_progress(
        actor=None, task=task, progress=60, on=date(2025, 7, 5), explanation="Chờ thẩm định"
    )
    assert kinds(task)[-1] == UpdateKind.PROGRESS


def test_a_claim_counts_only_once_confirmed(task):
    task_claim_done(actor=None, task=task, output_note="Đã ban hành kế hoạch", on=date(2025, 6, 29))
    assert status(task, date(2025, 7, 1)) == rules.Status.OVERDUE
    task_confirm(actor=None, task=task, on=date(2025, 7, 2))
    assert status(task, date(2025, 7, 2)) == rules.Status.DONE_ON_TIME
    assert status(task, date(2025, 7, 1)) == rules.Status.OVERDUE  # as known on that day


def test_a_sent_back_claim_stays_on_the_timeline_and_the_task_is_not_done(task):
    task_claim_done(actor=None, task=task, output_note="Dự thảo", on=date(2025, 6, 20))
    with pytest.raises(ValidationError):
        task_send_back(actor=None, task=task, reason="  ", on=date(2025, 6, 25))
    task_send_back(actor=None, task=task, reason="Thiếu số liệu", on=date(2025, 6, 25))
    task.refresh_from_db()
    assert task.claimed_on is None
    assert kinds(task) == [UpdateKind.CREATED, UpdateKind.CLAIM, UpdateKind.SEND_BACK]
    assert status(task, date(2025, 7, 15)) == rules.Status.OVERDUE
    with pytest.raises(ValidationError):
        task_confirm(actor=None, task=task, on=date(2025, 6, 26))


def test_a_claim_without_output_is_refused(task):
    with pytest.raises(ValidationError) as exc:
        task_claim_done(actor=None, task=task, output_note="", on=date(2025, 6, 1))
    assert "output_note" in exc.value.message_dict


def test_an_extension_keeps_the_original_deadline(task):
    request = extension_request_create(
        actor=None,
        task=task,
        requested_due_on=date(2025, 7, 31),
        reason="Chờ ý kiến Bộ",
        on=date(2025, 6, 20),
    )
    extension_decide(actor=None, request=request, grant=True, on=date(2025, 6, 25))
    task.refresh_from_db()
    assert task.due_on == date(2025, 7, 31)
    assert task.original_due_on == date(2025, 6, 30)
    assert task.extended_on == date(2025, 6, 25)
    request.refresh_from_db()
    assert request.state == ExtensionState.GRANTED
    assert request.previous_due_on == date(2025, 6, 30)
    assert status(task, date(2025, 7, 10)) == rules.Status.IN_PROGRESS
    assert kinds(task)[-2:] == [UpdateKind.EXTENSION_REQUESTED, UpdateKind.EXTENSION_GRANTED]


def test_an_extension_must_move_the_deadline_later(task):
    with pytest.raises(ValidationError) as exc:
        extension_request_create(
            actor=None,
            task=task,
            requested_due_on=date(2025, 6, 1),
            reason="x",
            on=date(2025, 5, 1),
        )
    assert "requested_due_on" in exc.value.message_dict


def test_a_decided_extension_cannot_be_decided_again(task):
    request = extension_request_create(
        actor=None, task=task, requested_due_on=date(2025, 8, 1), reason="x", on=date(2025, 5, 1)
    )
    extension_decide(actor=None, request=request, grant=False, on=date(2025, 5, 2))
    with pytest.raises(ValidationError):
        extension_decide(actor=None, request=request, grant=True, on=date(2025, 5, 3))
    task.refresh_from_db()
    assert task.due_on == date(2025, 6, 30)


def test_delegation_goes_to_a_sub_unit_only(task, province):
    office = UnitFactory(name="Phòng Quản lý nhà", parent=task.lead_unit)
    child = task_delegate(
        actor=None, task=task, lead_unit=office, due_on=date(2025, 6, 15), on=date(2025, 3, 10)
    )
    assert child.parent == task and child.lead_unit == office
    assert kinds(task)[-1] == UpdateKind.DELEGATED
    outsider = UnitFactory(name="Sở Y tế", parent=province)
    with pytest.raises(ValidationError) as exc:
        task_delegate(actor=None, task=task, lead_unit=outsider, on=date(2025, 3, 10))
    assert "lead_unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        task_delegate(
            actor=None, task=task, lead_unit=office, due_on=date(2025, 8, 1), on=date(2025, 3, 10)
        )
    assert "due_on" in exc.value.message_dict


def test_cancelling_keeps_the_task_with_its_history(task):
    task_cancel(actor=None, task=task, reason="Điều chỉnh", on=date(2025, 5, 1))
    assert status(task, date(2025, 7, 10)) == rules.Status.CANCELLED
    assert status(task, date(2025, 4, 10)) == rules.Status.IN_PROGRESS
    with pytest.raises(ValidationError):
        task_report_progress(actor=None, task=task, progress=10, on=date(2025, 5, 2))


def test_periodic_task_is_completed_occurrence_by_occurrence(province):
    document = DocumentFactory(issuer=province, issued_on=date(2025, 1, 1))
    task = TaskFactory(
        document=document,
        lead_unit=province,
        due_on=None,
        recurrence=Recurrence.QUARTERLY,
        assigned_on=date(2025, 1, 1),
    )
    task_claim_done(actor=None, task=task, output_note="Báo cáo quý I", on=date(2025, 3, 25))
    task_confirm(actor=None, task=task, on=date(2025, 3, 28))
    assert status(task, date(2025, 3, 30)) == rules.Status.DONE_ON_TIME
    assert status(task, date(2025, 4, 2)) == rules.Status.IN_PROGRESS


def test_evidence_of_a_wrong_type_or_too_large_is_refused(task, settings):
    bad = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match=r"virus\.exe"):
        task_report_progress(
            actor=None, task=task, progress=10, on=date(2025, 4, 1), evidence=[bad]
        )
    settings.NAMRO_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile(
        "bien-ban.pdf", b"%PDF-1.4" + b"0" * 20, content_type="application/pdf"
    )
    with pytest.raises(ValidationError, match="dung lượng"):
        task_report_progress(
            actor=None, task=task, progress=10, on=date(2025, 4, 1), evidence=[big]
        )
    assert kinds(task) == [UpdateKind.CREATED]


def test_evidence_is_attached_to_the_update(task):
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    update = task_report_progress(
        actor=None, task=task, progress=10, on=date(2025, 4, 1), evidence=[pdf]
    )
    assert [e.name for e in update.evidence.all()] == ["bien-ban.pdf"]


def test_clarity_lists_the_missing_clears(province):
    document = DocumentFactory(issuer=province, issued_on=date(2025, 1, 1))
    vague = TaskFactory(
        document=document,
        action="Triển khai thực hiện",
        lead_unit=None,
        due_on=None,
        expected_output="",
    )
    owner = PersonFactory()
    clear = TaskFactory(document=document, owner=owner, authority=province, lead_unit=province)
    assert task_clarity(vague) == [
        Clear.OWNER,
        Clear.ACTION,
        Clear.SCHEDULE,
        Clear.RESPONSIBILITY,
        Clear.OUTPUT,
        Clear.AUTHORITY,
    ]
    assert task_clarity(vague, require_authority=False)[-1] == Clear.OUTPUT
    assert task_clarity(clear) == []
    assert [t.pk for t, _ in document_unclear_tasks(document)] == [vague.pk]


def test_a_confirmed_task_refuses_more_progress(task):
    task_claim_done(actor=None, task=task, output_note="Đã ban hành kế hoạch.", on=date(2025, 6, 1))
    task_confirm(actor=None, task=task, on=date(2025, 6, 2))
    with pytest.raises(ValidationError, match="đã được xác nhận hoàn thành"):
        task_report_progress(actor=None, task=task, progress=5, on=date(2025, 6, 3))
    assert Task.objects.get(pk=task.pk).progress == 100
    assert status(task, date(2025, 6, 3)) == rules.Status.DONE_ON_TIME.value
