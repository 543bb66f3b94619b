"""The search box: units, people, documents and tasks, without regard to case or diacritics.

Every model keeps a folded copy of its searchable text in ``search_text`` (``core.text.fold``),
so the same ``LIKE`` finds "Hà Nội" from "ha noi" on SQLite and on PostgreSQL. Each word of
the query must appear; results pass through the access policy first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from namro.access import policy
from namro.core.query import words_q

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
    """Matches by kind: every kind (then the caller shows the first few) or one kind."""
    q = words_q(text)
    sets = querysets(user)
    if kind in sets:
        sets = {kind: sets[kind]}
    if q is None:
        return {key: qs.none() for key, qs in sets.items()}
    return {key: qs.filter(q) for key, qs in sets.items()}
