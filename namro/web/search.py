"""The search box: units, people, documents and tasks, without regard to case or diacritics.

Every model keeps a folded copy of its searchable text in ``search_text`` (``core.text.fold``),
so the same ``LIKE`` finds "Hà Nội" from "ha noi" on SQLite and on PostgreSQL. Each word of
the query must appear; results pass through the access policy first.

Documents whose number is the query come first, then those whose number starts with it,
then the rest by date; tasks whose own text matches come before the tasks led by a unit the
query names ("so noi vu" brings the department and what it leads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from namro.access import policy
from namro.core.query import words_q
from namro.core.text import number_key

PER_KIND = 10
PAGE_SIZE = 25


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise


KINDS = [
    Kind("units", _("Đơn vị")),
    Kind("people", _("Cán bộ")),
    Kind("documents", _("Văn bản")),
    Kind("tasks", _("Nhiệm vụ")),
]


def querysets(user: Any) -> dict[str, QuerySet[Any]]:
    """The searchable objects the user may see, each with what its result row shows."""
    return {
        "units": policy.visible_units(user).select_related("parent").order_by("depth", "name"),
        "people": policy.visible_people(user).order_by("full_name", "pk"),
        "documents": policy.visible_documents(user)
        .select_related("issuer")
        .order_by("-issued_on", "pk"),
        "tasks": policy.visible_tasks(user)
        .select_related("lead_unit", "document")
        .order_by("-assigned_on", "pk"),
    }


def search(user: Any, text: str, *, kind: str = "") -> dict[str, QuerySet[Any]]:
    """Matches by kind, best first: every kind (then the caller shows the first few) or one
    kind."""
    q = words_q(text)
    sets = querysets(user)
    if kind in sets:
        sets = {kind: sets[kind]}
    if q is None:
        return {key: qs.none() for key, qs in sets.items()}
    found = {key: qs.filter(q) for key, qs in sets.items()}
    if "documents" in found:
        found["documents"] = _documents(sets["documents"], q, number_key(text))
    if "tasks" in found:
        units = policy.visible_units(user).filter(q).values("pk")
        found["tasks"] = (
            sets["tasks"]
            .filter(q | Q(lead_unit__in=units))
            .annotate(rank=Case(When(q, then=Value(0)), default=Value(1), output_field=RANK))
            .order_by("rank", "-assigned_on", "pk")
        )
    return found


RANK = IntegerField()


def _documents(qs: QuerySet[Any], q: Q, key: str) -> QuerySet[Any]:
    """The documents matching ``q`` or whose number starts with ``key``: the exact number
    first, then the numbers it begins up to a separator ("99" begins "99-CTr/TU"), then
    the other numbers it begins ("999/KH-UBND"), then the rest, newest first."""
    if not key:
        return qs.filter(q)
    rank = Case(
        When(number_key=key, then=Value(0)),
        When(
            Q(number_key__startswith=f"{key}-") | Q(number_key__startswith=f"{key}/"),
            then=Value(1),
        ),
        When(number_key__startswith=key, then=Value(2)),
        default=Value(3),
        output_field=RANK,
    )
    return (
        qs.filter(q | Q(number_key__startswith=key))
        .annotate(rank=rank)
        .order_by("rank", "-issued_on", "pk")
    )
