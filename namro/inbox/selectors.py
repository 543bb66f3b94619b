"""What waits for a person (việc cần xử lý): everything that waits for their action, by kind,
oldest first, and how many of each.

Each kind is one queryset built from the gate's rules as querysets (``policy.allowed``), so
the list holds exactly what the person may act on. The rows cost one query per kind and the
counts one query for all kinds together, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.actors import Actor
from namro.documents.clock import entry_due_on
from namro.documents.models import Document
from namro.oversight.models import Recommendation, RecommendationState
from namro.tasks import rules
from namro.tasks.models import (
    ExplanationRequest,
    ExplanationState,
    ExtensionRequest,
    ExtensionState,
    Recurrence,
    Task,
    TaskOccurrence,
    TaskUpdate,
    UpdateKind,
)

DEFAULT_LIMIT = 50  # rows of each kind on the page and in the API
# Counts stop here: a count of COUNT_CAP + 1 means "more than COUNT_CAP" (shown "1.000+").
# Counting further would read every waiting row of a national office on every page.
COUNT_CAP = 1000


class Kind(StrEnum):
    """The kinds of what waits, in the order the page shows them."""

    CLAIM = "claim"  # completion claims to confirm or send back
    EXTENSION = "extension"  # extension requests to decide
    EXPLANATION_TO_ANSWER = "explanation_to_answer"
    EXPLANATION_TO_REVIEW = "explanation_to_review"
    RECOMMENDATION = "recommendation"  # recommendations to answer
    SENT_BACK = "sent_back"  # completion claims sent back to the lead unit
    DUE = "due"  # tasks led that are overdue or due soon
    ENTRY = "entry"  # documents received whose tasks are not yet entered


LABELS = {
    Kind.CLAIM: _("Báo cáo hoàn thành chờ xác nhận"),
    Kind.EXTENSION: _("Đề nghị gia hạn chờ quyết định"),
    Kind.EXPLANATION_TO_ANSWER: _("Yêu cầu giải trình chờ trả lời"),
    Kind.EXPLANATION_TO_REVIEW: _("Giải trình chờ xem xét"),
    Kind.RECOMMENDATION: _("Kiến nghị chờ trả lời"),
    Kind.SENT_BACK: _("Nhiệm vụ bị trả lại"),
    Kind.DUE: _("Nhiệm vụ quá hạn hoặc sắp đến hạn"),
    Kind.ENTRY: _("Văn bản chưa nhập nhiệm vụ"),
}

OPEN_RECOMMENDATION = [
    RecommendationState.RAISED,
    RecommendationState.RECEIVED,
    RecommendationState.UNDER_CONSIDERATION,
]
PERIODIC = [r.value for r in rules.PERIODIC]


@dataclass(frozen=True)
class Item:
    """One row of what waits: what it is, where to act on it and since when it waits."""

    kind: Kind
    id: int  # of what the row acts on: the task, the request, the recommendation, the document
    title: str
    url: str
    since: date | None
    due_on: date | None
    unit: str  # the unit it concerns
    detail: str = ""  # the reason, the question, the answer
    task_id: int | None = None
    obj: Any = field(default=None, compare=False, repr=False)


@dataclass
class Inbox:
    items: dict[Kind, list[Item]]
    counts: dict[Kind, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def sections(self) -> list[dict[str, Any]]:
        return [
            {"kind": k, "label": LABELS[k], "items": self.items[k], "count": self.counts[k]}
            for k in Kind
        ]


def _open_tasks() -> QuerySet[Task]:
    return Task.objects.filter(cancelled_on__isnull=True, confirmed_on__isnull=True)


def _of(tasks: QuerySet[Task]) -> Exists:
    """The row's task is one of ``tasks``: checked row by row from the (few) requests or
    entries waiting, rather than by listing every task in scope first."""
    return Exists(tasks.filter(pk=OuterRef("task_id")))


def _pending_occurrences() -> QuerySet[TaskOccurrence]:
    return TaskOccurrence.objects.filter(
        task=OuterRef("pk"), claimed_on__isnull=False, confirmed_on__isnull=True
    )


def _claims(user: Actor, today: date) -> QuerySet[Task]:
    pending = _pending_occurrences()
    # Each branch by its own index (the claims waiting, the occurrences claimed), so that
    # the database reads the claims, not every task in scope.
    one_off = Task.objects.filter(
        recurrence=Recurrence.NONE, claimed_on__isnull=False, confirmed_on__isnull=True
    )
    periodic = TaskOccurrence.objects.filter(claimed_on__isnull=False, confirmed_on__isnull=True)
    waiting = Q(pk__in=one_off.values("pk")) | Q(
        pk__in=periodic.values("task_id"), recurrence__in=PERIODIC
    )
    first_claim = Subquery(pending.order_by("due_on").values("claimed_on")[:1])
    return (
        policy.allowed(user, Action.TASK_CONFIRM, _open_tasks())
        .filter(waiting)
        .annotate(waiting_since=Coalesce("claimed_on", first_claim))
        .order_by("waiting_since", "pk")
    )


def _extensions(user: Actor, today: date) -> QuerySet[ExtensionRequest]:
    tasks = policy.allowed(user, Action.TASK_DECIDE_EXTENSION, _open_tasks())
    return ExtensionRequest.objects.filter(_of(tasks), state=ExtensionState.PENDING).order_by(
        "requested_on", "pk"
    )


def _to_answer(user: Actor, today: date) -> QuerySet[ExplanationRequest]:
    tasks = policy.allowed(user, Action.TASK_REPORT, _open_tasks())
    return ExplanationRequest.objects.filter(_of(tasks), state=ExplanationState.ASKED).order_by(
        "asked_on", "pk"
    )


def _to_review(user: Actor, today: date) -> QuerySet[ExplanationRequest]:
    tasks = policy.allowed(user, Action.TASK_ASK_EXPLANATION, _open_tasks())
    return ExplanationRequest.objects.filter(_of(tasks), state=ExplanationState.ANSWERED).order_by(
        "answered_on", "pk"
    )


def _recommendations(user: Actor, today: date) -> QuerySet[Recommendation]:
    return policy.allowed(
        user,
        Action.RECOMMENDATION_HANDLE,
        Recommendation.objects.filter(state__in=OPEN_RECOMMENDATION),
    ).order_by("raised_on", "pk")


def _sent_back(user: Actor, today: date) -> QuerySet[TaskUpdate]:
    """The send-backs that are still the last word on their task's claim: no claim came
    after them (a confirmation cannot come without one)."""
    later = TaskUpdate.objects.filter(
        task=OuterRef("task"),
        kind__in=[UpdateKind.CLAIM, UpdateKind.SEND_BACK],
        pk__gt=OuterRef("pk"),
    )
    tasks = policy.allowed(user, Action.TASK_REPORT, _open_tasks())
    return (
        TaskUpdate.objects.filter(_of(tasks), kind=UpdateKind.SEND_BACK)
        .exclude(Exists(later))
        .order_by("on", "pk")
    )


def _due(user: Actor, today: date) -> QuerySet[Task]:
    """One-off tasks the user's unit leads, not yet claimed, overdue or due within
    ``NAMRO_DUE_SOON_DAYS``; the most overdue first."""
    horizon = today + timedelta(days=int(settings.NAMRO_DUE_SOON_DAYS))
    return policy.allowed(
        user,
        Action.TASK_REPORT,
        _open_tasks().filter(
            claimed_on__isnull=True,
            due_on__isnull=False,
            due_on__lte=horizon,
            assigned_on__lte=today,
        ),
    ).order_by("due_on", "pk")


def _entries(user: Actor, today: date) -> QuerySet[Document]:
    return policy.allowed(
        user,
        Action.DOCUMENT_MANAGE,
        Document.objects.filter(received_on__isnull=False, tasks_entered_on__isnull=True),
    ).order_by("received_on", "pk")


QUERIES: dict[Kind, Callable[[Actor, date], QuerySet[Any]]] = {
    Kind.CLAIM: _claims,
    Kind.EXTENSION: _extensions,
    Kind.EXPLANATION_TO_ANSWER: _to_answer,
    Kind.EXPLANATION_TO_REVIEW: _to_review,
    Kind.RECOMMENDATION: _recommendations,
    Kind.SENT_BACK: _sent_back,
    Kind.DUE: _due,
    Kind.ENTRY: _entries,
}


def waiting(user: Actor, kind: Kind, today: date) -> QuerySet[Any]:
    """The queryset of one kind (filtered and ordered, no rows read)."""
    return QUERIES[kind](user, today)


def counts(user: Actor, today: date) -> dict[Kind, int]:
    """How many of each kind wait for ``user``, up to ``COUNT_CAP + 1`` each: one query for
    all kinds (none for an anonymous user)."""
    if user is not None and not user.is_authenticated:
        return {k: 0 for k in Kind}
    parts: list[str] = []
    params: list[Any] = []
    alias = "default"
    for i, kind in enumerate(Kind):
        qs = waiting(user, kind, today).order_by().values("pk")[: COUNT_CAP + 1]
        alias = qs.db
        try:
            sql, p = qs.query.get_compiler(using=alias).as_sql()
        except EmptyResultSet:  # the gate grants this kind nowhere: nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS waiting_{i})")
        params.extend(p)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {kind: int(n) for kind, n in zip(Kind, row, strict=True)}


def _task_item(kind: Kind, task: Task, **extra: Any) -> Item:
    values: dict[str, Any] = {
        "id": task.pk,
        "title": str(task),
        "url": reverse("tasks:task", args=[task.pk]),
        "since": None,
        "due_on": task.due_on,
        "unit": task.lead_unit.name if task.lead_unit_id else "",
        "task_id": task.pk,
        "obj": task,
    }
    values.update(extra)
    return Item(kind=kind, **values)


def _rows(kind: Kind, qs: QuerySet[Any], limit: int) -> list[Item]:
    """The first ``limit`` rows of ``qs`` (a queryset of ``kind``) as items: one query."""
    if kind is Kind.CLAIM:
        return [
            _task_item(kind, t, since=t.waiting_since, detail=t.output_note)
            for t in qs.select_related("lead_unit")[:limit]
        ]
    if kind is Kind.EXTENSION:
        return [
            _task_item(
                kind,
                e.task,
                id=e.pk,
                since=e.requested_on,
                due_on=e.previous_due_on,
                detail=e.reason,
                obj=e,
            )
            for e in qs.select_related("task__lead_unit", "requested_by")[:limit]
        ]
    if kind in (Kind.EXPLANATION_TO_ANSWER, Kind.EXPLANATION_TO_REVIEW):
        answering = kind is Kind.EXPLANATION_TO_ANSWER
        return [
            _task_item(
                kind,
                r.task,
                id=r.pk,
                since=r.asked_on if answering else r.answered_on,
                due_on=r.answer_due_on if answering else r.proposed_due_on,
                detail=r.question if answering else r.reason,
                obj=r,
            )
            for r in qs.select_related("task__lead_unit", "asked_by", "answered_by")[:limit]
        ]
    if kind is Kind.SENT_BACK:
        return [
            _task_item(kind, u.task, since=u.on, detail=u.narrative, obj=u)
            for u in qs.select_related("task__lead_unit", "author")[:limit]
        ]
    if kind is Kind.DUE:
        return [
            _task_item(kind, t, since=t.assigned_on, obj=t)
            for t in qs.select_related("lead_unit")[:limit]
        ]
    if kind is Kind.RECOMMENDATION:
        return [
            Item(
                kind=kind,
                id=r.pk,
                title=str(r),
                url=reverse("oversight:recommendation", args=[r.pk]),
                since=r.raised_on,
                due_on=r.answer_due_on,
                unit=r.raised_by.name,
                detail=r.get_state_display(),
                obj=r,
            )
            for r in qs.select_related("raised_by")[:limit]
        ]
    assert kind is Kind.ENTRY
    return [
        Item(
            kind=kind,
            id=d.pk,
            title=f"{d.number} {d.title}".strip(),
            url=reverse("documents:add_tasks", args=[d.pk]),
            since=d.received_on,
            due_on=entry_due_on(d.received_on) if d.received_on else None,
            unit=d.issuer.name,
            obj=d,
        )
        for d in qs.select_related("issuer")[:limit]
    ]


def inbox(user: Actor, today: date, *, limit_per_kind: int = DEFAULT_LIMIT) -> Inbox:
    """Everything that waits for ``user`` on ``today``: the first ``limit_per_kind`` rows of
    each kind, oldest first, and the count of each kind."""
    if user is not None and not user.is_authenticated:
        return Inbox(items={k: [] for k in Kind}, counts={k: 0 for k in Kind})
    items = {kind: _rows(kind, waiting(user, kind, today), limit_per_kind) for kind in Kind}
    return Inbox(items=items, counts=counts(user, today))


def row(user: Actor, kind: Kind, today: date, pk: int) -> Item | None:
    """The row of ``kind`` for the object ``pk`` if it still waits for ``user``."""
    found = _rows(kind, waiting(user, kind, today).filter(pk=pk), 1)
    return found[0] if found else None
