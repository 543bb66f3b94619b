"""Requests for explanation: the asker asks the lead unit of a late task, the unit answers,
the asker accepts or asks again; every step on the timeline and in the audit log, each by
whoever the gate allows."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from namro.audit.models import AuditEvent
from namro.factories import TaskFactory
from namro.tasks.models import ExplanationState, UpdateKind
from namro.tasks.services import (
    explanation_answer,
    explanation_ask,
    explanation_review,
    task_cancel,
)

pytestmark = pytest.mark.django_db

ASKED = date(2025, 7, 3)


@pytest.fixture
def late(personas):
    return TaskFactory(
        document=personas.document,
        lead_unit=personas.department,
        authority=personas.province,
        assigned_on=date(2025, 3, 1),
        due_on=date(2025, 6, 30),
    )


def kinds(task):
    return list(task.updates.order_by("at", "id").values_list("kind", flat=True))


def test_the_whole_round_is_on_the_timeline_and_in_the_audit_log(personas, late):
    tracker, reporter = personas.user("tracker"), personas.user("reporter")
    asked = explanation_ask(
        actor=tracker, task=late, question="Đề nghị giải trình lý do chậm.", on=ASKED
    )
    assert asked.state == ExplanationState.ASKED and asked.asked_by == tracker
    answered = explanation_answer(
        actor=reporter,
        request=asked,
        reason="Chưa bố trí được vốn.",
        remedy="Trình HĐND bổ sung vốn tại kỳ họp tháng 7.",
        proposed_due_on=date(2025, 9, 30),
        on=date(2025, 7, 8),
    )
    assert answered.state == ExplanationState.ANSWERED
    again = explanation_review(
        actor=tracker, request=answered, accept=False, note="Nêu rõ nguồn vốn.", on=date(2025, 7, 9)
    )
    assert again.state == ExplanationState.ASKED and again.rounds == 2
    assert again.question == "Nêu rõ nguồn vốn."
    explanation_answer(
        actor=reporter,
        request=again,
        reason="Vốn ngân sách tỉnh.",
        remedy="Như trên.",
        on=date(2025, 7, 10),
    )
    done = explanation_review(actor=tracker, request=again, accept=True, on=date(2025, 7, 11))
    assert done.state == ExplanationState.ACCEPTED and done.closed_on == date(2025, 7, 11)
    assert kinds(late)[1:] == [
        UpdateKind.EXPLANATION_ASKED,
        UpdateKind.EXPLANATION_GIVEN,
        UpdateKind.EXPLANATION_ASKED_AGAIN,
        UpdateKind.EXPLANATION_GIVEN,
        UpdateKind.EXPLANATION_ACCEPTED,
    ]
    actions = set(
        AuditEvent.objects.filter(action__startswith="explanation.").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "explanation.ask",
        "explanation.answer",
        "explanation.ask_again",
        "explanation.accept",
    }


def test_only_a_tracker_or_leader_over_the_authority_may_ask(personas, late):
    for name in ("reporter", "viewer", "norole"):
        with pytest.raises(PermissionDenied):
            explanation_ask(actor=personas.user(name), task=late, question="?", on=ASKED)
    explanation_ask(actor=personas.user("leader"), task=late, question="Giải trình.", on=ASKED)


def test_only_the_lead_unit_answers(personas, late):
    asked = explanation_ask(actor=None, task=late, question="Giải trình.", on=ASKED)
    with pytest.raises(PermissionDenied):
        explanation_answer(
            actor=personas.user("viewer"), request=asked, reason="x", remedy="y", on=ASKED
        )


def test_an_answer_names_the_reason_and_the_remedy(personas, late):
    asked = explanation_ask(actor=None, task=late, question="Giải trình.", on=ASKED)
    with pytest.raises(ValidationError) as refused:
        explanation_answer(
            actor=personas.user("reporter"), request=asked, reason=" ", remedy="", on=ASKED
        )
    assert set(refused.value.message_dict) == {"reason", "remedy"}


def test_one_open_request_at_a_time_and_none_on_a_finished_task(personas, late):
    explanation_ask(actor=None, task=late, question="Giải trình.", on=ASKED)
    with pytest.raises(ValidationError):
        explanation_ask(actor=None, task=late, question="Lần nữa.", on=ASKED)
    other = TaskFactory(document=personas.document, lead_unit=personas.department)
    task_cancel(actor=None, task=other, reason="Không còn phù hợp.", on=other.assigned_on)
    with pytest.raises(ValidationError):
        explanation_ask(actor=None, task=other, question="Giải trình.", on=other.assigned_on)


def test_asking_again_needs_the_new_question(personas, late):
    asked = explanation_ask(actor=None, task=late, question="Giải trình.", on=ASKED)
    explanation_answer(actor=None, request=asked, reason="a", remedy="b", on=ASKED)
    with pytest.raises(ValidationError):
        explanation_review(actor=None, request=asked, accept=False, note=" ", on=ASKED)
