"""The draft of a review (sơ kết, tổng kết), built from the data as of the period's end.

The page and the Word document read the same ``ReviewDraft``; it costs a fixed number of
queries whatever the number of tasks or units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from namro.documents.models import Document, Goal, Indicator, Measurement
from namro.tasks import rules, timeline
from namro.tasks.aggregation import count_by_status, with_status
from namro.tasks.models import ExplanationRequest, Task

from .answers import with_answer_status
from .coverage import TASKS, Coverage, coverage
from .models import Recommendation, Review, Visit

STATUS_ORDER = [s.value for s in rules.Status]

# Said in the review next to the figures, so the reader knows what one "task" is.
COUNTING_NOTE = _(
    "Mỗi phần việc được tính một lần: nhiệm vụ đơn vị giao tiếp cho cấp dưới được tính theo "
    "nhiệm vụ gốc, không tính thêm các phần việc giao tiếp."
)


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: Measurement | None

    @property
    def achieved_percent(self) -> Decimal | None:
        """How far the latest value has come from the baseline toward the target."""
        if self.latest is None:
            return None
        base = self.indicator.baseline or Decimal(0)
        span = self.indicator.target - base
        if span == 0:
            return None
        return round((self.latest.value - base) / span * 100, 1)


@dataclass
class OverdueRow:
    """A task overdue at the period's end and the latest explanation its lead unit gave by
    then (None when it gave none)."""

    task: Task
    explanation: ExplanationRequest | None


@dataclass
class ReviewDraft:
    review: Review
    as_of: date
    documents: list[Document]
    totals: dict[str, int]
    by_unit: list[dict[str, Any]]
    goals: list[tuple[Goal | None, list[IndicatorRow]]]
    concretising: list[Document]
    not_concretised: list[str]
    recommendations: list[Recommendation]
    visits: list[Visit]
    coverage: Coverage
    overdue: list[OverdueRow]

    @property
    def counting_note(self) -> str:
        return str(COUNTING_NOTE)

    @property
    def total_tasks(self) -> int:
        return sum(self.totals[s] for s in STATUS_ORDER)

    @property
    def on_time_rate(self) -> Decimal | None:
        """The on-time rate as a percentage (``timeline.on_time_rate``'s definition)."""
        return timeline.on_time_percent(self.totals)


def review_draft(review: Review) -> ReviewDraft:
    """Everything the review reports: tasks by status and by unit, indicators against
    targets by goal, the lower documents that concretised the document and the units that
    have tasks but no such document, the recommendations and visits of the period."""
    as_of = review.period_end
    cov = coverage(review.document, review.unit, as_of)
    doc_ids = sorted(cov.documents)
    documents = list(
        Document.objects.filter(pk__in=doc_ids).select_related("issuer").order_by("issued_on")
    )
    under = Task.objects.filter(review.unit.subtree_q("lead_unit__"), document_id__in=doc_ids)
    # A delegated part is the same piece of work as its parent: count only the tasks whose
    # parent is not itself in the review (top-level within the review).
    tasks = under.exclude(parent__in=under.values("pk"))
    totals = count_by_status(tasks, as_of)
    rows = (
        with_status(tasks, as_of)
        .exclude(status__isnull=True)
        .values("lead_unit__name", "lead_unit__path")
        .annotate(
            **{s: Count("pk", filter=Q(status=s)) for s in STATUS_ORDER},
            total=Count("pk"),
        )
        .order_by("lead_unit__path")
    )
    by_unit = [{**r, "name": r["lead_unit__name"]} for r in rows]

    latest = Measurement.objects.filter(measured_on__lte=as_of).order_by("-measured_on")
    indicators = (
        Indicator.objects.filter(document_id__in=doc_ids)
        .select_related("goal", "document")
        .prefetch_related(Prefetch("measurements", queryset=latest, to_attr="until_end"))
        .order_by("document__issued_on", "goal__order", "id")
    )
    grouped: dict[Goal | None, list[IndicatorRow]] = defaultdict(list)
    for ind in indicators:
        grouped[ind.goal].append(IndicatorRow(ind, ind.until_end[0] if ind.until_end else None))
    goals = list(Goal.objects.filter(document_id__in=doc_ids).order_by("document_id", "order"))
    goal_rows: list[tuple[Goal | None, list[IndicatorRow]]] = [
        (g, grouped.get(g, [])) for g in goals
    ]
    if grouped.get(None):
        goal_rows.append((None, grouped[None]))

    by_id = {d.pk: d for d in documents}
    concretising = [by_id[i] for i in doc_ids if i != review.document.pk and i in by_id]
    not_concretised = [n.name for n in cov.nodes if n.state == TASKS]

    about = Q(subject_document_id__in=doc_ids) | Q(visit__subject_documents__in=doc_ids)
    recommendations = list(
        with_answer_status(
            Recommendation.objects.filter(
                about,
                Q(review.unit.subtree_q("raised_by__")),
                raised_on__gte=review.period_start,
                raised_on__lte=as_of,
            ).distinct(),
            as_of,
        )
        .select_related("raised_by", "responsible_unit")
        .order_by("raised_on", "pk")
    )
    visits = list(
        Visit.objects.filter(
            review.unit.subtree_q("host_unit__"),
            subject_documents__in=doc_ids,
            held_on__gte=review.period_start,
            held_on__lte=as_of,
        )
        .distinct()
        .select_related("visiting_unit", "host_unit", "conclusion")
        .order_by("held_on")
    )
    answered = ExplanationRequest.objects.filter(
        answered_on__isnull=False, answered_on__lte=as_of
    ).order_by("-answered_on", "-pk")
    overdue = [
        OverdueRow(t, t.answered[0] if t.answered else None)
        for t in with_status(tasks, as_of)
        .filter(status=rules.Status.OVERDUE.value)
        .select_related("lead_unit")
        .prefetch_related(Prefetch("explanation_requests", queryset=answered, to_attr="answered"))
        .order_by("deadline_on", "pk")
    ]
    return ReviewDraft(
        review=review,
        as_of=as_of,
        documents=documents,
        totals=totals,
        by_unit=by_unit,
        goals=goal_rows,
        concretising=concretising,
        not_concretised=not_concretised,
        recommendations=recommendations,
        visits=visits,
        coverage=cov,
        overdue=overdue,
    )
