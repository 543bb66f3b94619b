"""Reads of visits and recommendations that pages and the API share, each in a fixed number
of queries whatever the number of rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from namro.access import policy
from namro.orgs.models import Person, Unit

from .answers import with_answer_status
from .models import Recommendation, RecommendationEvent, Visit, VisitMember


def visits_for(user: Any, qs: QuerySet[Visit] | None = None) -> QuerySet[Visit]:
    """Visible visits with what a list row shows."""
    return (
        policy.visible_visits(user, qs)
        .select_related("visiting_unit", "host_unit", "conclusion")
        .prefetch_related(
            "subject_documents",
            Prefetch(
                "members",
                queryset=VisitMember.objects.select_related("person").order_by("order", "id"),
            ),
        )
        .annotate(recommendation_count=Count("recommendations", distinct=True))
    )


def recommendations_for(
    user: Any, as_of: date, qs: QuerySet[Recommendation] | None = None
) -> QuerySet[Recommendation]:
    """Visible recommendations with their answer status as of ``as_of``."""
    return with_answer_status(
        policy.visible_recommendations(user, qs).select_related(
            "raised_by", "addressed_to", "responsible_unit", "visit"
        ),
        as_of,
    )


def recommendation_events(recommendation: Recommendation) -> QuerySet[RecommendationEvent]:
    return recommendation.events.select_related("actor", "unit").order_by("on", "at", "id")


def counts_by_answerer(qs: QuerySet[Recommendation]) -> list[dict[str, Any]]:
    """Per answering body: how many answers are owed, overdue, answered (late), one query."""

    return list(
        qs.values("responsible_unit__name", "responsible_unit_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(answered_on__isnull=True)),
            overdue=Count("pk", filter=Q(answer_status="overdue")),
            late=Count("pk", filter=Q(answer_status="done_late")),
        )
        .order_by("-overdue", "-open", "responsible_unit__name")
    )


def member_candidates(user: Any, visiting_unit: Unit) -> QuerySet[Person]:
    """People who may be named to a delegation of ``visiting_unit``: those the user sees, and
    those holding a position in the visiting body (whom the visit itself brings into view)."""
    in_body = Person.objects.filter(visiting_unit.subtree_q("positions__unit__")).values("pk")
    seen = policy.visible_people(user).values("pk")
    return Person.objects.filter(Q(pk__in=seen) | Q(pk__in=in_body))
