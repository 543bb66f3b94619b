"""Every change to a task leaves one entry on its timeline and one audit event."""

from __future__ import annotations

from datetime import date

import pytest

from namro.audit.models import AuditEvent
from namro.factories import DocumentFactory, TaskFactory, UnitFactory
from namro.tasks.models import ExtensionRequest, UpdateKind
from namro.tasks.services import (
    extension_decide,
    extension_request_create,
    task_cancel,
    task_change,
    task_claim_done,
    task_confirm,
    task_delegate,
    task_report_progress,
    task_send_back,
)

pytestmark = pytest.mark.django_db

D = date(2025, 4, 1)


def _claimed(task):
    task_claim_done(actor=None, task=task, output_note="Kế hoạch", on=D)
    return task


CHANGES = [
    (
        "progress",
        None,
        lambda t: task_report_progress(actor=None, task=t, progress=30, on=D),
        UpdateKind.PROGRESS,
    ),
    (
        "claim",
        None,
        lambda t: task_claim_done(actor=None, task=t, output_note="Kế hoạch", on=D),
        UpdateKind.CLAIM,
    ),
    ("confirm", _claimed, lambda t: task_confirm(actor=None, task=t, on=D), UpdateKind.CONFIRM),
    (
        "send back",
        _claimed,
        lambda t: task_send_back(actor=None, task=t, reason="Thiếu", on=D),
        UpdateKind.SEND_BACK,
    ),
    (
        "extension request",
        None,
        lambda t: extension_request_create(
            actor=None, task=t, requested_due_on=date(2025, 9, 1), reason="Chờ", on=D
        ),
        UpdateKind.EXTENSION_REQUESTED,
    ),
    (
        "extension decision",
        lambda t: (
            extension_request_create(
                actor=None, task=t, requested_due_on=date(2025, 9, 1), reason="Chờ", on=D
            )
            and t
        ),
        lambda t: extension_decide(
            actor=None, request=ExtensionRequest.objects.get(task=t), grant=True, on=D
        ),
        UpdateKind.EXTENSION_GRANTED,
    ),
    (
        "cancel",
        None,
        lambda t: task_cancel(actor=None, task=t, reason="Điều chỉnh", on=D),
        UpdateKind.CANCELLED,
    ),
    (
        "change",
        None,
        lambda t: task_change(actor=None, task=t, expected_output="Quyết định", on=D),
        UpdateKind.CHANGED,
    ),
    (
        "delegate",
        None,
        lambda t: task_delegate(
            actor=None, task=t, lead_unit=UnitFactory(parent=t.lead_unit), on=D
        ),
        UpdateKind.DELEGATED,
    ),
]


@pytest.mark.parametrize(
    ("name", "prepare", "change", "kind"), CHANGES, ids=[c[0] for c in CHANGES]
)
def test_each_change_adds_one_timeline_entry_and_an_audit_event(name, prepare, change, kind):
    province = UnitFactory()
    document = DocumentFactory(issuer=province, issued_on=date(2025, 3, 1))
    task = TaskFactory(
        document=document, lead_unit=UnitFactory(parent=province), due_on=date(2025, 6, 30)
    )
    if prepare:
        prepare(task)
    updates_before = task.updates.count()
    events_before = AuditEvent.objects.count()
    change(task)
    entries = list(task.updates.order_by("id").values_list("kind", flat=True))[updates_before:]
    assert entries == [kind]
    assert AuditEvent.objects.count() > events_before
