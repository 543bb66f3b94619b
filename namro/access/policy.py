"""The one place that answers who may see and change what.

Roles are held over a unit and its whole subtree (``RoleAssignment``). Every page, API
endpoint, export and search narrows its querysets with ``visible_*`` and asks ``can_*`` before
a write; services re-check inside their transaction. An object outside the user's scope is
answered with 404, so its existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from namro.documents.models import Document, Goal, Indicator
from namro.orgs.models import PATH_LENGTH, SEGMENT, Person, Position, Unit
from namro.tasks.models import ExtensionRequest, Task, TaskUpdate

from .models import Role, RoleAssignment

ALL_ROLES = frozenset(Role)
WRITE_ROLES = frozenset({Role.ADMIN, Role.TRACKER, Role.LEADER, Role.REPORTER})


@dataclass(frozen=True)
class Scope:
    """One role over one subtree, given by the root's path."""

    role: Role
    unit_id: int
    path: str

    def q(self, prefix: str = "") -> Q:
        upper = self.path + "9" * (PATH_LENGTH - len(self.path))
        return Q(**{f"{prefix}path__gte": self.path, f"{prefix}path__lte": upper})

    def covers(self, unit: Unit | None) -> bool:
        return unit is not None and unit.path.startswith(self.path)


def scopes(user: Any) -> list[Scope]:
    """The user's role scopes, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_namro_scopes", None)
    if cached is None:
        cached = [
            Scope(Role(role), unit_id, path)
            for role, unit_id, path in RoleAssignment.objects.filter(user=user).values_list(
                "role", "unit_id", "unit__path"
            )
        ]
        user._namro_scopes = cached
    return cached


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        s.role is Role.ADMIN for s in scopes(user)
    )


def _units_q(user: Any, prefix: str, roles: frozenset[Role] = ALL_ROLES) -> Q | None:
    """Q over ``<prefix>path`` for the units the user holds one of ``roles`` over; None = all."""
    if is_admin(user):
        return None
    parts = [s.q(prefix) for s in scopes(user) if s.role in roles]
    if not parts:
        return Q(pk__in=[])
    return reduce(or_, parts)


def _filter(qs: QuerySet[Any], q: Q | None) -> QuerySet[Any]:
    return qs if q is None else qs.filter(q)


def visible_units(user: Any, qs: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """Units in any of the user's subtrees, and their ancestors (for breadcrumbs)."""
    qs = Unit.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    own = _units_q(user, "")
    ancestors = [
        s.path[:i] for s in scopes(user) for i in range(len(s.path) - SEGMENT, 0, -SEGMENT)
    ]
    return qs.filter(own | Q(path__in=ancestors)) if own is not None else qs


def visible_tasks(user: Any, qs: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks led or coordinated by a unit in scope, or set by a document issued in scope."""
    qs = Task.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    lead = _units_q(user, "lead_unit__")
    issuer = _units_q(user, "document__issuer__")
    in_scope_units = Unit.objects.filter(_units_q(user, "") or Q())
    coordinated = Exists(
        Task.coordinating_units.through.objects.filter(
            task_id=OuterRef("pk"), unit_id__in=in_scope_units.values("pk")
        )
    )
    assert lead is not None and issuer is not None
    return qs.filter(lead | issuer | Q(coordinated))


def visible_documents(user: Any, qs: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Documents issued in scope, those with tasks led in scope, and the higher documents
    that a document issued in scope implements."""
    qs = Document.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    issuer = _units_q(user, "issuer__")
    assert issuer is not None
    with_tasks = Exists(
        Task.objects.filter(Q(document=OuterRef("pk")) & _units_q(user, "lead_unit__"))
    )
    implemented = Exists(
        Document.implements.through.objects.filter(
            to_document_id=OuterRef("pk"),
            from_document__in=Document.objects.filter(issuer),
        )
    )
    return qs.filter(issuer | Q(with_tasks) | Q(implemented))


def visible_people(user: Any, qs: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People holding a post in a visible unit, or answering for a visible task."""
    qs = Person.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    holds_post = Exists(
        Position.objects.filter(person=OuterRef("pk"), unit__in=visible_units(user).values("pk"))
    )
    owns_task = Exists(visible_tasks(user).filter(owner=OuterRef("pk")))
    return qs.filter(Q(holds_post) | Q(owns_task))


def visible_positions(user: Any, qs: QuerySet[Position] | None = None) -> QuerySet[Position]:
    """Posts in a visible unit."""
    qs = Position.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    return qs.filter(unit__in=visible_units(user).values("pk"))


def visible_goals(user: Any, qs: QuerySet[Goal] | None = None) -> QuerySet[Goal]:
    qs = Goal.objects.all() if qs is None else qs
    return qs if is_admin(user) else qs.filter(document__in=visible_documents(user).values("pk"))


def visible_indicators(user: Any, qs: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.all() if qs is None else qs
    return qs if is_admin(user) else qs.filter(document__in=visible_documents(user).values("pk"))


def visible_updates(user: Any, qs: QuerySet[TaskUpdate] | None = None) -> QuerySet[TaskUpdate]:
    """Timeline entries of visible tasks."""
    qs = TaskUpdate.objects.all() if qs is None else qs
    return qs if is_admin(user) else qs.filter(task__in=visible_tasks(user).values("pk"))


def visible_extension_requests(
    user: Any, qs: QuerySet[ExtensionRequest] | None = None
) -> QuerySet[ExtensionRequest]:
    """Extension requests of visible tasks."""
    qs = ExtensionRequest.objects.all() if qs is None else qs
    return qs if is_admin(user) else qs.filter(task__in=visible_tasks(user).values("pk"))


def can_write(user: Any) -> bool:
    """Whether the user holds any role that may change something (not only viewer)."""
    return is_admin(user) or any(s.role in WRITE_ROLES for s in scopes(user))


def _roles_over(user: Any, unit: Unit | None) -> set[Role]:
    if unit is None:
        return set()
    return {s.role for s in scopes(user) if s.covers(unit)}


def can_view_task(user: Any, task: Task) -> bool:
    return visible_tasks(user, Task.objects.filter(pk=task.pk)).exists()


def can_manage_document(user: Any, document: Document) -> bool:
    """Create and assign tasks under a document: its issuer's tracker (or admin)."""
    return is_admin(user) or Role.TRACKER in _roles_over(user, document.issuer)


def can_create_document(user: Any, issuer: Unit) -> bool:
    return is_admin(user) or Role.TRACKER in _roles_over(user, issuer)


def can_report(user: Any, task: Task) -> bool:
    """Report progress, claim completion, ask for an extension: the lead unit's reporters."""
    if is_admin(user):
        return True
    return bool(_roles_over(user, task.lead_unit) & {Role.REPORTER, Role.TRACKER})


def can_verify(user: Any, task: Task) -> bool:
    """Confirm or send back a completion: the tracker over the document's issuer or the
    lead unit's parent, or a leader over the task's authority."""
    if is_admin(user):
        return True
    if Role.TRACKER in _roles_over(user, task.document.issuer):
        return True
    authority = task.authority or task.document.issuer
    return bool(_roles_over(user, authority) & {Role.LEADER, Role.TRACKER})


def can_decide_extension(user: Any, task: Task) -> bool:
    """Grant or refuse an extension: a leader over the authority (or the issuer)."""
    if is_admin(user):
        return True
    authority = task.authority or task.document.issuer
    return Role.LEADER in _roles_over(user, authority)


def can_delegate(user: Any, task: Task) -> bool:
    """Pass part of a task to sub-units: the lead unit's reporters and trackers."""
    return can_report(user, task)


def can_change_task(user: Any, task: Task) -> bool:
    """Edit what a task asks or cancel it: the tracker of the issuing body."""
    return can_manage_document(user, task.document)
