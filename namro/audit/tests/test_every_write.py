"""Every service write appends an audit event naming its action, actor and object."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from namro.access.services import token_create, token_revoke
from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain
from namro.documents import services as documents
from namro.orgs import services as orgs
from namro.tasks import services as tasks

pytestmark = pytest.mark.django_db


def _writes(p, actor):
    """(expected action, the write) for every service; each runs on the persona world."""
    today = timezone.localdate()
    extension_due = p.task.due_on + timedelta(days=30)
    yield (
        "unit.create",
        lambda: orgs.unit_create(
            actor=actor, name="Ban mới", kind="department", level="province", parent=p.province
        ),
    )
    yield "unit.update", lambda: orgs.unit_update(actor=actor, unit=p.commune, short_name="Xã TN")
    yield "unit.move", lambda: orgs.unit_move(actor=actor, unit=p.division, new_parent=p.province)
    yield "person.create", lambda: orgs.person_create(actor=actor, full_name="Lê Văn Mới")
    yield (
        "position.create",
        lambda: orgs.position_create(
            actor=actor, person=p.person, title="Phó Giám đốc", unit=p.department
        ),
    )
    yield (
        "document.create",
        lambda: documents.document_create(
            actor=actor, kind="plan", title="Kế hoạch", issuer=p.province, issued_on=today
        ),
    )
    yield (
        "goal.create",
        lambda: documents.goal_create(actor=actor, document=p.document, text="Mục tiêu"),
    )
    yield (
        "indicator.create",
        lambda: documents.indicator_create(
            actor=actor, document=p.document, name="Tỷ lệ", target=90
        ),
    )
    yield (
        "task.create",
        lambda: tasks.task_create(
            actor=actor, document=p.document, action="Việc mới", lead_unit=p.commune
        ),
    )
    yield "task.progress", lambda: tasks.task_report_progress(actor=actor, task=p.task, progress=20)
    yield (
        "extension.request",
        lambda: tasks.extension_request_create(
            actor=actor, task=p.task, requested_due_on=extension_due, reason="Chờ"
        ),
    )
    yield (
        "extension.decide",
        lambda: tasks.extension_decide(
            actor=actor, request=p.task.extension_requests.get(), grant=False
        ),
    )
    yield (
        "task.delegate",
        lambda: tasks.task_delegate(actor=actor, task=p.task, lead_unit=p.division),
    )
    yield "task.change", lambda: tasks.task_change(actor=actor, task=p.task, is_key=False)
    yield "task.claim", lambda: tasks.task_claim_done(actor=actor, task=p.task, output_note="Xong")
    yield "task.send_back", lambda: tasks.task_send_back(actor=actor, task=p.task, reason="Thiếu")
    yield "task.claim", lambda: tasks.task_claim_done(actor=actor, task=p.task, output_note="Xong")
    yield "task.confirm", lambda: tasks.task_confirm(actor=actor, task=p.task)
    yield "task.cancel", lambda: tasks.task_cancel(actor=actor, task=p.outside_task, reason="Thôi")
    yield (
        "unit.dissolve",
        lambda: orgs.unit_dissolve(
            actor=actor, unit=p.outside_department, on=today, successors=[p.outside]
        ),
    )
    yield "api_token.create", lambda: token_create(actor=actor, user=actor)
    yield "api_token.revoke", lambda: token_revoke(actor=actor, token=actor.api_tokens.get())


def test_every_service_write_records_an_event_and_the_chain_holds(personas):
    actor = personas.user("admin")
    for action, write in _writes(personas, actor):
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        write()
        new = list(AuditEvent.objects.filter(id__gt=last))
        assert action in [e.action for e in new], action
        assert all(e.actor == actor for e in new), action
    assert verify_chain().ok
