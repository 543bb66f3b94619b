"""Every task service asks the gate itself: called directly, it refuses a user without the
right and writes nothing; it lets the persona whose work it is, and the system, through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from namro.access.tests.personas import ROLE_OF, Personas
from namro.audit.models import AuditEvent
from namro.factories import UserFactory, grant
from namro.tasks import services
from namro.tasks.models import ExtensionRequest, Task, TaskOccurrence, TaskUpdate

pytestmark = pytest.mark.django_db


def _task(p: Personas) -> Task:
    return p.task


def _claimed(p: Personas) -> Task:
    services.task_claim_done(actor=None, task=p.task, output_note="Đã xong")
    return p.task


def _extension(p: Personas) -> ExtensionRequest:
    return services.extension_request_create(
        actor=None, task=p.task, requested_due_on=p.task.due_on + timedelta(days=90), reason="Chờ"
    )


@dataclass(frozen=True)
class Case:
    """One service: who may call it (``owner``), a colleague in scope who may not
    (``colleague``), how to prepare its object and how to call it."""

    name: str
    owner: str
    colleague: str
    call: Callable[[Any, Any, Personas], Any]
    setup: Callable[[Personas], Any] = _task

    def __str__(self) -> str:
        return self.name


CASES = [
    Case(
        "task_create",
        "tracker",
        "reporter",
        lambda actor, document, p: services.task_create(
            actor=actor, document=document, action="Tổ chức hội nghị", lead_unit=p.department
        ),
        setup=lambda p: p.document,
    ),
    Case(
        "task_report_progress",
        "reporter",
        "leader",
        lambda actor, task, p: services.task_report_progress(actor=actor, task=task, progress=30),
    ),
    Case(
        "task_claim_done",
        "reporter",
        "leader",
        lambda actor, task, p: services.task_claim_done(
            actor=actor, task=task, output_note="Đã ban hành"
        ),
    ),
    Case(
        "task_confirm",
        "tracker",
        "reporter",
        lambda actor, task, p: services.task_confirm(actor=actor, task=task),
        setup=_claimed,
    ),
    Case(
        "task_send_back",
        "leader",
        "reporter",
        lambda actor, task, p: services.task_send_back(actor=actor, task=task, reason="Thiếu"),
        setup=_claimed,
    ),
    Case(
        "extension_request_create",
        "reporter",
        "leader",
        lambda actor, task, p: services.extension_request_create(
            actor=actor, task=task, requested_due_on=task.due_on + timedelta(days=30), reason="Chờ"
        ),
    ),
    Case(
        "extension_decide",
        "leader",
        "tracker",
        lambda actor, request, p: services.extension_decide(
            actor=actor, request=request, grant=True
        ),
        setup=_extension,
    ),
    Case(
        "task_delegate",
        "reporter",
        "leader",
        lambda actor, task, p: services.task_delegate(actor=actor, task=task, lead_unit=p.division),
    ),
    Case(
        "task_cancel",
        "tracker",
        "leader",
        lambda actor, task, p: services.task_cancel(actor=actor, task=task, reason="Thôi"),
    ),
    Case(
        "task_change",
        "tracker",
        "reporter",
        lambda actor, task, p: services.task_change(actor=actor, task=task, is_key=False),
    ),
    Case(
        "tasks_transfer",
        "admin",
        "tracker",
        lambda actor, task, p: services.tasks_transfer(
            actor=actor, from_unit=p.department, to_unit=p.commune, on=task.assigned_on
        ),
    ),
]


def _written() -> tuple[int, ...]:
    return (
        Task.objects.count(),
        TaskUpdate.objects.count(),
        TaskOccurrence.objects.count(),
        ExtensionRequest.objects.count(),
        AuditEvent.objects.count(),
    )


def _outsider(p: Personas) -> Any:
    """A tracker of the other province: every role, none of it over this task."""
    user = UserFactory(username="outside_tracker")
    grant(user, ROLE_OF["tracker"], p.outside)
    return user


REFUSED = {
    "outsider": _outsider,
    "viewer": lambda p: p.user("viewer"),
    "norole": lambda p: p.user("norole"),
    "anonymous": lambda p: AnonymousUser(),
}


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("who", [*REFUSED, "colleague"])
def test_a_user_without_the_right_is_refused_and_nothing_is_written(personas, case, who):
    target = case.setup(personas)
    actor = REFUSED[who](personas) if who in REFUSED else personas.user(case.colleague)
    before = _written()
    with pytest.raises(PermissionDenied) as refused:
        case.call(actor, target, personas)
    assert str(refused.value)  # the gate's message, for the page and the API
    assert _written() == before


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_persona_whose_work_it_is_may(personas, case):
    target = case.setup(personas)
    before = AuditEvent.objects.count()
    case.call(personas.user(case.owner), target, personas)
    assert AuditEvent.objects.filter(actor=personas.user(case.owner)).exists()
    assert AuditEvent.objects.count() > before


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_system_may(personas, case):
    target = case.setup(personas)
    before = AuditEvent.objects.count()
    case.call(None, target, personas)
    assert AuditEvent.objects.count() > before


def test_the_refusal_names_who_may(personas):
    with pytest.raises(PermissionDenied, match="đơn vị chủ trì"):
        services.task_report_progress(actor=personas.user("viewer"), task=personas.task, progress=5)


def test_delegation_asks_for_the_right_to_delegate_not_to_manage_the_document(personas):
    """The reporter of the lead unit delegates (a child task under the document) without
    being the document's tracker."""
    child = services.task_delegate(
        actor=personas.user("reporter"), task=personas.task, lead_unit=personas.division
    )
    assert child.parent_id == personas.task.pk
    with pytest.raises(PermissionDenied):
        services.task_create(
            actor=personas.user("reporter"),
            document=personas.document,
            action="Việc riêng",
            lead_unit=personas.division,
        )


def test_the_page_and_the_api_answer_a_refusal_alike(personas, client):
    """Both narrow for 404 and call the same service: 403, nothing written, and the API
    says who may."""
    client.force_login(personas.user("viewer"))
    task = personas.task
    before = _written()
    page = client.post(reverse("tasks:progress", args=[task.pk]), {"progress-progress": "50"})
    api = client.post(
        f"/api/v1/tasks/{task.pk}/progress", {"progress": 50}, content_type="application/json"
    )
    assert (page.status_code, api.status_code) == (403, 403)
    assert "đơn vị chủ trì" in api.json()["detail"]
    assert _written() == before
