"""What waits for whom: each kind reaches the person who may act on it and nobody else, oldest
first, and the whole inbox costs the same number of queries at any size."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from namro.documents.clock import entry_due_on
from namro.documents.models import Document
from namro.factories import DocumentFactory, TaskFactory
from namro.inbox.selectors import Kind, counts, inbox
from namro.oversight.models import Recommendation
from namro.tasks import services
from namro.tasks.models import Recurrence, TaskOccurrence
from namro.workdays import calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def ids(box, kind):
    return [item.id for item in box.items[kind]]


def claimed(task, on=None):
    services.task_claim_done(actor=None, task=task, output_note="Đã xong", on=on)
    return task


def received_document(issuer, on, entered_on=None):
    """A document received on ``on`` (its arrival is recorded on the row: no service of
    documents takes it yet)."""
    document = DocumentFactory(issuer=issuer)
    Document.objects.filter(pk=document.pk).update(received_on=on, tasks_entered_on=entered_on)
    document.refresh_from_db()
    return document


def open_task(p, **extra):
    extra.setdefault("due_on", timezone.localdate() + timedelta(days=90))
    return TaskFactory(document=p.document, lead_unit=p.department, authority=p.province, **extra)


def test_a_claim_waits_for_who_may_confirm_it_oldest_first(personas, today):
    first = claimed(open_task(personas), on=today - timedelta(days=3))
    second = claimed(personas.task, on=today - timedelta(days=1))
    claimed(personas.outside_task)
    for name in ("tracker", "leader"):
        box = inbox(personas.user(name), today)
        assert ids(box, Kind.CLAIM) == [first.pk, second.pk], name
        assert box.counts[Kind.CLAIM] == 2
        assert box.items[Kind.CLAIM][0].since == today - timedelta(days=3)
    for name in ("reporter", "viewer", "norole"):
        assert inbox(personas.user(name), today).counts[Kind.CLAIM] == 0, name


def test_a_claimed_period_of_a_periodic_task_waits_too(personas, today):
    task = TaskFactory(
        document=personas.document,
        lead_unit=personas.department,
        recurrence=Recurrence.QUARTERLY,
        due_on=None,
        assigned_on=today - timedelta(days=200),
    )
    claimed(task, on=today)
    assert TaskOccurrence.objects.filter(task=task, confirmed_on__isnull=True).exists()
    box = inbox(personas.user("tracker"), today)
    assert ids(box, Kind.CLAIM) == [task.pk]
    assert box.items[Kind.CLAIM][0].since == today
    services.task_confirm(actor=None, task=task)
    assert counts(personas.user("tracker"), today)[Kind.CLAIM] == 0


def test_a_confirmed_or_sent_back_claim_no_longer_waits(personas, today):
    claimed(personas.task)
    services.task_confirm(actor=None, task=personas.task)
    other = claimed(open_task(personas))
    services.task_send_back(actor=None, task=other, reason="Thiếu minh chứng")
    assert counts(personas.user("tracker"), today)[Kind.CLAIM] == 0


def test_an_extension_request_waits_for_the_leader_who_decides_it(personas, today):
    request = services.extension_request_create(
        actor=None,
        task=personas.task,
        requested_due_on=personas.task.due_on + timedelta(days=30),
        reason="Chờ vốn",
    )
    box = inbox(personas.user("leader"), today)
    assert ids(box, Kind.EXTENSION) == [request.pk]
    assert box.items[Kind.EXTENSION][0].task_id == personas.task.pk
    assert inbox(personas.user("tracker"), today).counts[Kind.EXTENSION] == 0
    services.extension_decide(actor=None, request=request, grant=False)
    assert counts(personas.user("leader"), today)[Kind.EXTENSION] == 0


def test_an_explanation_waits_for_the_unit_then_for_the_asker(personas, today):
    reporter, tracker = personas.user("reporter"), personas.user("tracker")
    asked = services.explanation_ask(actor=tracker, task=personas.task, question="Vì sao chậm?")
    assert ids(inbox(reporter, today), Kind.EXPLANATION_TO_ANSWER) == [asked.pk]
    assert counts(tracker, today)[Kind.EXPLANATION_TO_REVIEW] == 0
    services.explanation_answer(actor=reporter, request=asked, reason="Thiếu vốn", remedy="Bổ sung")
    assert counts(reporter, today)[Kind.EXPLANATION_TO_ANSWER] == 0
    box = inbox(tracker, today)
    assert ids(box, Kind.EXPLANATION_TO_REVIEW) == [asked.pk]
    assert box.items[Kind.EXPLANATION_TO_REVIEW][0].detail == "Thiếu vốn"
    services.explanation_review(actor=tracker, request=asked, accept=False, note="Nêu rõ hơn")
    assert counts(reporter, today)[Kind.EXPLANATION_TO_ANSWER] == 1
    assert counts(personas.user("viewer"), today)[Kind.EXPLANATION_TO_ANSWER] == 0


def test_a_sent_back_task_waits_for_its_reporter_until_claimed_again(personas, today):
    reporter = personas.user("reporter")
    claimed(personas.task)
    services.task_send_back(actor=None, task=personas.task, reason="Thiếu số liệu so sánh")
    box = inbox(reporter, today)
    assert ids(box, Kind.SENT_BACK) == [personas.task.pk]
    assert box.items[Kind.SENT_BACK][0].detail == "Thiếu số liệu so sánh"
    assert counts(personas.user("viewer"), today)[Kind.SENT_BACK] == 0
    claimed(personas.task)
    assert counts(reporter, today)[Kind.SENT_BACK] == 0


def test_overdue_and_due_soon_tasks_wait_for_their_lead_unit_most_overdue_first(personas, today):
    late = open_task(personas, assigned_on=today - timedelta(days=60), due_on=today - timedelta(5))
    soon = open_task(personas, due_on=today + timedelta(days=3))
    open_task(personas, due_on=today + timedelta(days=30))  # not yet
    claimed(open_task(personas, due_on=today + timedelta(days=2)))  # waits for the tracker
    box = inbox(personas.user("reporter"), today)
    assert ids(box, Kind.DUE) == [late.pk, soon.pk]
    assert counts(personas.user("viewer"), today)[Kind.DUE] == 0


def test_a_received_document_without_its_tasks_waits_for_the_office(personas, today):
    received = today - timedelta(days=2)
    document = received_document(personas.province, received)
    received_document(personas.province, received, entered_on=today)
    received_document(personas.outside, received)
    box = inbox(personas.user("tracker"), today)
    assert ids(box, Kind.ENTRY) == [document.pk]
    assert box.items[Kind.ENTRY][0].due_on == entry_due_on(received)
    assert counts(personas.user("leader"), today)[Kind.ENTRY] == 0


def test_an_open_recommendation_waits_for_the_body_that_answers_it(personas, today):
    open_one = Recommendation.objects.create(
        raised_by=personas.department,
        addressed_to=personas.province,
        responsible_unit=personas.province,
        subject="Bổ sung biên chế",
        raised_on=today - timedelta(days=10),
    )
    Recommendation.objects.create(
        raised_by=personas.department,
        addressed_to=personas.province,
        responsible_unit=personas.province,
        subject="Đã xong",
        raised_on=today - timedelta(days=20),
        state="closed",
        answered_on=today,
        closed_on=today,
        outcome="accepted",
    )
    box = inbox(personas.user("leader"), today)
    assert ids(box, Kind.RECOMMENDATION) == [open_one.pk]
    assert counts(personas.user("reporter"), today)[Kind.RECOMMENDATION] == 0


def test_the_anonymous_user_waits_for_nothing(personas, today):
    from django.contrib.auth.models import AnonymousUser

    claimed(personas.task)
    assert sum(counts(AnonymousUser(), today).values()) == 0
    assert inbox(AnonymousUser(), today).total == 0


def test_rows_stop_at_the_limit_but_the_count_does_not(personas, today):
    for _ in range(4):
        claimed(open_task(personas))
    box = inbox(personas.user("tracker"), today, limit_per_kind=2)
    assert len(box.items[Kind.CLAIM]) == 2 and box.counts[Kind.CLAIM] == 4


def _grow(p, n, today):
    """``n`` of every kind, all waiting for the admin."""
    for i in range(n):
        claimed(open_task(p))
        services.extension_request_create(
            actor=None, task=open_task(p), requested_due_on=today + timedelta(days=400), reason="x"
        )
        asked = services.explanation_ask(actor=None, task=open_task(p), question="Vì sao?")
        answered = services.explanation_ask(actor=None, task=open_task(p), question="Vì sao?")
        services.explanation_answer(actor=None, request=answered, reason="a", remedy="b")
        assert asked.pk
        back = claimed(open_task(p))
        services.task_send_back(actor=None, task=back, reason="Chưa đạt")
        open_task(p, due_on=today + timedelta(days=1))
        received_document(p.province, today)
        Recommendation.objects.create(
            raised_by=p.department,
            addressed_to=p.province,
            responsible_unit=p.province,
            subject=f"Kiến nghị {i}",
            raised_on=today,
        )


def _queries(user, today):
    """Queries of a fresh request: the user's scopes and the calendar read again."""
    user = type(user).objects.get(pk=user.pk)
    calendar.forget()
    with CaptureQueriesContext(connection) as ctx:
        box = inbox(user, today)
    return len(ctx.captured_queries), box


def test_the_inbox_costs_the_same_queries_at_two_sizes(personas, today):
    admin = personas.user("admin")
    _grow(personas, 2, today)
    small, box = _queries(admin, today)
    assert all(box.counts[k] >= 2 for k in Kind), box.counts
    _grow(personas, 8, today)
    large, box = _queries(admin, today)
    assert all(box.counts[k] >= 10 for k in Kind), box.counts
    assert large == small
    # One query per kind for the rows, one for every count, one for the user's scopes and
    # at most one to read the working-day calendar.
    assert small <= len(Kind) + 3, small
