"""Who may see and change visits, recommendations and reviews, built on ``access.policy``.

A visit is seen by the visiting body's side and the host's side; a recommendation by the unit
that raised it, the body it is addressed to and the body that must answer it.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from namro.access import policy
from namro.access.models import Role
from namro.orgs.models import Unit

from .models import Recommendation, Review, Visit

MANAGE_ROLES = frozenset({Role.TRACKER, Role.LEADER})


def scope_q(user: Any, prefix: str, roles: frozenset[Role] | None = None) -> Q | None:
    """Q over ``<prefix>path`` for the subtrees the user holds a role over; None means all."""
    if policy.is_admin(user):
        return None
    parts = [s.q(prefix) for s in policy.scopes(user) if roles is None or s.role in roles]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def _any_of(user: Any, prefixes: list[str]) -> Q | None:
    parts = [scope_q(user, p) for p in prefixes]
    if any(p is None for p in parts):
        return None
    return reduce(or_, [p for p in parts if p is not None])


def _narrow(qs: QuerySet[Any], q: Q | None) -> QuerySet[Any]:
    return qs if q is None else qs.filter(q)


def visible_visits(user: Any, qs: QuerySet[Visit] | None = None) -> QuerySet[Visit]:
    """Visits whose visiting body or host is in the user's scope."""
    qs = Visit.objects.all() if qs is None else qs
    return _narrow(qs, _any_of(user, ["visiting_unit__", "host_unit__"]))


def visible_recommendations(
    user: Any, qs: QuerySet[Recommendation] | None = None
) -> QuerySet[Recommendation]:
    """Recommendations raised, addressed to or to be answered by a unit in scope."""
    qs = Recommendation.objects.all() if qs is None else qs
    return _narrow(qs, _any_of(user, ["raised_by__", "addressed_to__", "responsible_unit__"]))


def visible_reviews(user: Any, qs: QuerySet[Review] | None = None) -> QuerySet[Review]:
    qs = Review.objects.all() if qs is None else qs
    return _narrow(qs, scope_q(user, "unit__"))


def manages(user: Any, unit: Unit | None) -> bool:
    if policy.is_admin(user):
        return True
    if unit is None:
        return False
    return any(s.role in MANAGE_ROLES and s.covers(unit) for s in policy.scopes(user))


def manages_any(user: Any) -> bool:
    """Whether the user is a tracker or leader anywhere (may open the pages that create)."""
    return policy.is_admin(user) or any(s.role in MANAGE_ROLES for s in policy.scopes(user))


def can_manage_visit(user: Any, visit: Visit) -> bool:
    """Record, hold and conclude a visit: a tracker or leader on either side."""
    return manages(user, visit.visiting_unit) or manages(user, visit.host_unit)


def can_create_visit(user: Any, visiting_unit: Unit, host_unit: Unit) -> bool:
    return manages(user, visiting_unit) or manages(user, host_unit)


def can_conclude_visit(user: Any, visit: Visit, issuer: Unit | None = None) -> bool:
    """Issue the conclusion notice and set its tasks: whoever may manage the visit and keep the
    documents of the issuer (the visiting body unless said otherwise)."""
    return can_manage_visit(user, visit) and policy.can_create_document(
        user, issuer or visit.visiting_unit
    )


def can_raise_recommendation(user: Any, raised_by: Unit) -> bool:
    return manages(user, raised_by)


def can_handle_recommendation(user: Any, recommendation: Recommendation) -> bool:
    """Receive, consider and answer: a tracker or leader of the body addressed or answering."""
    return manages(user, recommendation.responsible_unit) or manages(
        user, recommendation.addressed_to
    )


def can_close_recommendation(user: Any, recommendation: Recommendation) -> bool:
    """Close an answered recommendation: either side."""
    return can_handle_recommendation(user, recommendation) or manages(
        user, recommendation.raised_by
    )


def can_manage_review(user: Any, unit: Unit) -> bool:
    return manages(user, unit)
