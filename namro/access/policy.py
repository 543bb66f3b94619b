"""The one gate: who may see and do what.

Roles are held over a unit and its whole subtree (``RoleAssignment``). Everything namro
decides about permissions is here, and nowhere else:

- ``restrict(qs, actor)`` narrows a queryset to what the actor may see. Each model's rule is
  registered once (``@visibility(Model)``); the ``visible_*`` functions are those rules.
  An object outside the actor's scope is answered with 404, so its existence does not leak.
- ``require(actor, action, obj)`` raises ``PermissionDenied`` (403 on a page or in the API)
  unless ``allows(actor, action, obj)``. Each action is registered once (``@rule(...)``) with
  the message the refused person reads. A service that writes locks its row and calls
  ``require`` on the locked row inside its transaction; views and API handlers ask ``allows``
  only to decide what to show.
- ``allows(actor, action)`` without an object asks "may the actor do this anywhere" (which
  links and pages to offer); ``units_where(actor, action)`` gives the units where they may.

The actor ``None`` is the system (demo loading, commands) and may do anything; an anonymous
user may do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from namro.core.actors import Actor
from namro.documents.models import Document, Goal, Indicator
from namro.insights.models import ClosedPeriod
from namro.orgs.models import PATH_LENGTH, SEGMENT, Person, Position, Unit
from namro.oversight.models import Recommendation, Review, Visit
from namro.programs.models import WorkProgram
from namro.reminders.models import (
    CalendarFeed,
    Digest,
    Escalation,
    Notification,
    Preference,
    Reminder,
)
from namro.tasks.models import ExplanationRequest, ExtensionRequest, Task, TaskUpdate

from .models import Role, RoleAssignment

ALL_ROLES = frozenset(Role)
OFFICE = frozenset({Role.TRACKER})
MANAGERS = frozenset({Role.TRACKER, Role.LEADER})
REPORTERS = frozenset({Role.REPORTER, Role.TRACKER})
LEADERS = frozenset({Role.LEADER})

M = TypeVar("M", bound=Model)


# --- scopes ---------------------------------------------------------------------------------


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


def _is_system(actor: Actor) -> bool:
    return actor is None


def scopes(actor: Actor) -> list[Scope]:
    """The actor's role scopes, read once per request and cached on the user object."""
    if actor is None or not actor.is_authenticated:
        return []
    cached: list[Scope] | None = getattr(actor, "_namro_scopes", None)
    if cached is None:
        cached = [
            Scope(Role(role), unit_id, path)
            for role, unit_id, path in RoleAssignment.objects.filter(user=actor).values_list(
                "role", "unit_id", "unit__path"
            )
        ]
        actor._namro_scopes = cached  # type: ignore[union-attr]
    return cached


def forget_scopes(actor: Actor) -> None:
    """Drop the cached scopes (after a role is granted or revoked)."""
    for name in ("_namro_scopes", "_namro_roots"):
        if actor is not None and hasattr(actor, name):
            delattr(actor, name)


def is_admin(actor: Actor) -> bool:
    """The system, a superuser, or a holder of the administrator role."""
    if _is_system(actor):
        return True
    return bool(getattr(actor, "is_superuser", False)) or any(
        s.role is Role.ADMIN for s in scopes(actor)
    )


def leads_or_administers(actor: Actor) -> bool:
    """An administrator, or the holder of a leader role anywhere: the people whose sign-in
    must carry a second factor (``namro.access.factor``)."""
    return is_admin(actor) or any(s.role in LEADERS for s in scopes(actor))


def _units_q(actor: Actor, prefix: str, roles: frozenset[Role] = ALL_ROLES) -> Q | None:
    """Q over ``<prefix>path`` for the units the actor holds one of ``roles`` over; None = all."""
    if is_admin(actor):
        return None
    parts = [s.q(prefix) for s in scopes(actor) if s.role in roles]
    if not parts:
        return Q(pk__in=[])
    return reduce(or_, parts)


def _any_of(actor: Actor, prefixes: list[str]) -> Q | None:
    parts = [_units_q(actor, p) for p in prefixes]
    if any(p is None for p in parts):
        return None
    return reduce(or_, [p for p in parts if p is not None])


def _narrow(qs: QuerySet[M], q: Q | None) -> QuerySet[M]:
    return qs if q is None else qs.filter(q)


def _holds(actor: Actor, roles: frozenset[Role], unit: Unit | None) -> bool:
    """Whether the actor (not an admin) holds one of ``roles`` over ``unit``; over no unit
    (an empty foreign key) nobody does."""
    return unit is not None and any(s.role in roles and s.covers(unit) for s in scopes(actor))


def holders(units: Iterable[int | Unit], roles: frozenset[Role]) -> dict[int, set[int]]:
    """{unit id: the ids of the users holding one of ``roles`` on exactly that unit} (not on
    an ancestor: who answers for a unit directly, e.g. whom to remind); one query. A unit
    nobody holds such a role on is absent."""
    ids = {u.pk if isinstance(u, Unit) else u for u in units}
    found: dict[int, set[int]] = {}
    if not ids or not roles:
        return found
    rows = RoleAssignment.objects.filter(
        unit_id__in=ids, role__in=list(roles), user__is_active=True
    )
    for unit_id, user_id in rows.values_list("unit_id", "user_id").distinct():
        found.setdefault(unit_id, set()).add(user_id)
    return found


def root_units(actor: Actor, roles: frozenset[Role] = ALL_ROLES) -> QuerySet[Unit]:
    """The units at the top of the actor's scopes (for an admin, the top of the tree)."""
    if is_admin(actor):
        return Unit.objects.filter(depth=1)
    paths = {s.path: s.unit_id for s in scopes(actor) if s.role in roles}
    tops = [pk for p, pk in paths.items() if not any(p != o and p.startswith(o) for o in paths)]
    return Unit.objects.filter(pk__in=tops)


# --- what an actor may see ------------------------------------------------------------------

_VISIBILITY: dict[type[Model], Callable[[Actor, QuerySet[Any]], QuerySet[Any]]] = {}


def visibility(
    model: type[M],
) -> Callable[
    [Callable[[Actor, QuerySet[M] | None], QuerySet[M]]],
    Callable[[Actor, QuerySet[M] | None], QuerySet[M]],
]:
    """Register the function that narrows ``model``'s querysets to what an actor may see."""

    def register(
        fn: Callable[[Actor, QuerySet[M] | None], QuerySet[M]],
    ) -> Callable[[Actor, QuerySet[M] | None], QuerySet[M]]:
        _VISIBILITY[model] = fn
        return fn

    return register


def restrict(qs: QuerySet[M], actor: Actor) -> QuerySet[M]:
    """``qs`` narrowed to what ``actor`` may see, by the rule registered for its model."""
    try:
        narrow = _VISIBILITY[qs.model]
    except KeyError:
        raise LookupError(f"no visibility rule for {qs.model._meta.label}") from None
    return narrow(actor, qs)


def registered_models() -> list[type[Model]]:
    return list(_VISIBILITY)


@visibility(Unit)
def visible_units(actor: Actor, qs: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """Units in any of the actor's subtrees, and their ancestors (for breadcrumbs)."""
    qs = Unit.objects.all() if qs is None else qs
    if is_admin(actor):
        return qs
    own = _units_q(actor, "")
    ancestors = [
        s.path[:i] for s in scopes(actor) for i in range(len(s.path) - SEGMENT, 0, -SEGMENT)
    ]
    return qs.filter(own | Q(path__in=ancestors)) if own is not None else qs


def sees_everything(actor: Actor) -> bool:
    """Whether the actor's scopes cover every tree (an admin, or a role over every root):
    then no narrowing is needed, and none is applied, so the database reads no join for it."""
    if is_admin(actor):
        return True
    return _covers_roots(actor, {s.path for s in scopes(actor)})


def _covers_roots(actor: Actor, held: set[str]) -> bool:
    """Whether ``held`` (paths) includes the top of every tree; asks for the tops only when
    it holds one."""
    if not any(len(p) == SEGMENT for p in held):
        return False
    roots = _root_paths(actor)
    return bool(roots) and roots <= held


def _root_paths(actor: Actor) -> frozenset[str]:
    """The paths of the tops of the trees, read once per request (cached like the scopes)."""
    cached: frozenset[str] | None = getattr(actor, "_namro_roots", None)
    if cached is None:
        cached = frozenset(Unit.objects.filter(depth=1).values_list("path", flat=True))
        if actor is not None:
            actor._namro_roots = cached  # type: ignore[union-attr]
    return cached


def scope_tops(actor: Actor) -> dict[str, int]:
    """{path: unit id} of the tops of the actor's scopes (any role), none nested in another;
    for an admin, the roots of the tree. No query beyond the cached scopes and roots."""
    if is_admin(actor):
        return dict(Unit.objects.filter(depth=1).values_list("path", "pk"))
    paths = {s.path: s.unit_id for s in scopes(actor)}
    return {p: pk for p, pk in paths.items() if not any(p != o and p.startswith(o) for o in paths)}


def scope_units(actor: Actor) -> QuerySet[Unit]:
    """The units in any of the actor's subtrees (all units for an admin); as a subquery,
    one index range per scope."""
    q = _units_q(actor, "")
    return Unit.objects.filter(q) if q is not None else Unit.objects.all()


@visibility(Task)
def visible_tasks(actor: Actor, qs: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks led or coordinated by a unit in scope, or set by a document issued in scope.

    Each of the three is a key lookup through its own index (the tasks of the units in
    scope, of the documents issued there, of the coordination rows there), so a small scope
    reads its own tasks only, whatever the size of the table."""
    qs = Task.objects.all() if qs is None else qs
    if sees_everything(actor):
        return qs
    units = scope_units(actor).values("pk")
    lead = Q(lead_unit_id__in=units)
    issuer = Q(document_id__in=Document.objects.filter(issuer_id__in=units).values("pk"))
    coordinated = Q(
        pk__in=Task.coordinating_units.through.objects.filter(unit_id__in=units).values("task_id")
    )
    return qs.filter(lead | issuer | coordinated)


@visibility(Document)
def visible_documents(actor: Actor, qs: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Documents issued in scope, those with tasks led in scope, and the higher documents
    that a document issued in scope implements."""
    qs = Document.objects.all() if qs is None else qs
    if is_admin(actor):
        return qs
    issuer = _units_q(actor, "issuer__")
    assert issuer is not None
    with_tasks = Exists(
        Task.objects.filter(Q(document=OuterRef("pk")) & _units_q(actor, "lead_unit__"))
    )
    implemented = Exists(
        Document.implements.through.objects.filter(
            to_document_id=OuterRef("pk"),
            from_document__in=Document.objects.filter(issuer),
        )
    )
    return qs.filter(issuer | Q(with_tasks) | Q(implemented))


@visibility(Person)
def visible_people(actor: Actor, qs: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People holding a post in a visible unit, or answering for a visible task."""
    qs = Person.objects.all() if qs is None else qs
    if is_admin(actor):
        return qs
    holds_post = Exists(
        Position.objects.filter(person=OuterRef("pk"), unit__in=visible_units(actor).values("pk"))
    )
    owns_task = Exists(visible_tasks(actor).filter(owner=OuterRef("pk")))
    return qs.filter(Q(holds_post) | Q(owns_task))


@visibility(Position)
def visible_positions(actor: Actor, qs: QuerySet[Position] | None = None) -> QuerySet[Position]:
    """Posts in a visible unit."""
    qs = Position.objects.all() if qs is None else qs
    if is_admin(actor):
        return qs
    return qs.filter(unit__in=visible_units(actor).values("pk"))


@visibility(Goal)
def visible_goals(actor: Actor, qs: QuerySet[Goal] | None = None) -> QuerySet[Goal]:
    qs = Goal.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(document__in=visible_documents(actor).values("pk"))


@visibility(Indicator)
def visible_indicators(actor: Actor, qs: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(document__in=visible_documents(actor).values("pk"))


@visibility(TaskUpdate)
def visible_updates(actor: Actor, qs: QuerySet[TaskUpdate] | None = None) -> QuerySet[TaskUpdate]:
    """Timeline entries of visible tasks."""
    qs = TaskUpdate.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(task__in=visible_tasks(actor).values("pk"))


@visibility(ExtensionRequest)
def visible_extension_requests(
    actor: Actor, qs: QuerySet[ExtensionRequest] | None = None
) -> QuerySet[ExtensionRequest]:
    """Extension requests of visible tasks."""
    qs = ExtensionRequest.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(task__in=visible_tasks(actor).values("pk"))


@visibility(ExplanationRequest)
def visible_explanation_requests(
    actor: Actor, qs: QuerySet[ExplanationRequest] | None = None
) -> QuerySet[ExplanationRequest]:
    """Explanation requests of visible tasks."""
    qs = ExplanationRequest.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(task__in=visible_tasks(actor).values("pk"))


@visibility(Visit)
def visible_visits(actor: Actor, qs: QuerySet[Visit] | None = None) -> QuerySet[Visit]:
    """Visits whose visiting body or host is in the actor's scope."""
    qs = Visit.objects.all() if qs is None else qs
    return _narrow(qs, _any_of(actor, ["visiting_unit__", "host_unit__"]))


@visibility(Recommendation)
def visible_recommendations(
    actor: Actor, qs: QuerySet[Recommendation] | None = None
) -> QuerySet[Recommendation]:
    """Recommendations raised, addressed to or to be answered by a unit in scope."""
    qs = Recommendation.objects.all() if qs is None else qs
    return _narrow(qs, _any_of(actor, ["raised_by__", "addressed_to__", "responsible_unit__"]))


@visibility(Review)
def visible_reviews(actor: Actor, qs: QuerySet[Review] | None = None) -> QuerySet[Review]:
    qs = Review.objects.all() if qs is None else qs
    return _narrow(qs, _units_q(actor, "unit__"))


@visibility(WorkProgram)
def visible_programs(
    actor: Actor, qs: QuerySet[WorkProgram] | None = None
) -> QuerySet[WorkProgram]:
    """Programmes of units in the actor's scope."""
    qs = WorkProgram.objects.all() if qs is None else qs
    return _narrow(qs, _units_q(actor, "unit__"))


@visibility(ClosedPeriod)
def visible_closed_periods(
    actor: Actor, qs: QuerySet[ClosedPeriod] | None = None
) -> QuerySet[ClosedPeriod]:
    """Closed evaluation periods of units in the actor's scope."""
    qs = ClosedPeriod.objects.all() if qs is None else qs
    return _narrow(qs, _units_q(actor, "unit__"))


def _own(actor: Actor, qs: QuerySet[M], field: str = "recipient") -> QuerySet[M]:
    if is_admin(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    return qs.filter(**{field: actor})


@visibility(Notification)
def visible_notifications(
    actor: Actor, qs: QuerySet[Notification] | None = None
) -> QuerySet[Notification]:
    """A person's own notifications."""
    return _own(actor, Notification.objects.all() if qs is None else qs)


@visibility(Digest)
def visible_digests(actor: Actor, qs: QuerySet[Digest] | None = None) -> QuerySet[Digest]:
    """A person's own daily digests."""
    return _own(actor, Digest.objects.all() if qs is None else qs)


@visibility(Preference)
def visible_preferences(
    actor: Actor, qs: QuerySet[Preference] | None = None
) -> QuerySet[Preference]:
    """A person's own notification preferences."""
    return _own(actor, Preference.objects.all() if qs is None else qs, "user")


@visibility(CalendarFeed)
def visible_calendar_feeds(
    actor: Actor, qs: QuerySet[CalendarFeed] | None = None
) -> QuerySet[CalendarFeed]:
    """A person's own calendar feeds."""
    return _own(actor, CalendarFeed.objects.all() if qs is None else qs, "user")


@visibility(Reminder)
def visible_reminders(actor: Actor, qs: QuerySet[Reminder] | None = None) -> QuerySet[Reminder]:
    """Reminders about visible tasks."""
    qs = Reminder.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(task__in=visible_tasks(actor).values("pk"))


@visibility(Escalation)
def visible_escalations(
    actor: Actor, qs: QuerySet[Escalation] | None = None
) -> QuerySet[Escalation]:
    """Escalations of visible tasks."""
    qs = Escalation.objects.all() if qs is None else qs
    return qs if is_admin(actor) else qs.filter(task__in=visible_tasks(actor).values("pk"))


# --- what an actor may do -------------------------------------------------------------------


class Action(StrEnum):
    """Everything namro lets a person do that someone else might not."""

    DOCUMENT_CREATE = "document.create"  # obj: the issuing unit
    DOCUMENT_MANAGE = "document.manage"  # obj: a document; add, assign and import its tasks
    TASK_REPORT = "task.report"  # progress, completion claim, extension request
    TASK_CONFIRM = "task.confirm"  # confirm or send back a completion claim
    TASK_DECIDE_EXTENSION = "task.decide_extension"
    TASK_ASK_EXPLANATION = "task.ask_explanation"  # ask, accept or ask again; answering is REPORT
    TASK_DELEGATE = "task.delegate"
    TASK_CHANGE = "task.change"  # edit what a task asks, cancel it
    VISIT_CREATE = "visit.create"  # obj: the visiting unit; host=the host unit
    VISIT_MANAGE = "visit.manage"  # record, hold, delegation, attachments
    VISIT_CONCLUDE = "visit.conclude"  # issuer=the unit issuing the conclusion
    RECOMMENDATION_RAISE = "recommendation.raise"  # obj: the raising unit
    RECOMMENDATION_HANDLE = "recommendation.handle"  # receive, consider, answer
    RECOMMENDATION_CLOSE = "recommendation.close"
    REVIEW_MANAGE = "review.manage"  # obj: the reviewed unit or a review
    PROGRAM_CREATE = "program.create"  # obj: the programme's unit
    PROGRAM_MANAGE = "program.manage"  # obj: a programme
    PERIOD_CLOSE = "period.close"  # obj: the unit; close and correct evaluation periods
    EVALUATION_WAIVE = "evaluation.waive"  # obj: a task; record an objective cause confirmed
    ROLE_GRANT = "role.grant"  # obj: the unit the role is held over
    PERSON_NAME = "person.name"  # obj: a unit; record a new person as owner of a task it leads


@dataclass(frozen=True)
class Rule:
    check: Callable[..., bool]
    refusal: str | Promise
    roles: frozenset[Role]
    """The roles that may hold the action somewhere (for ``allows(actor, action)``)."""


_RULES: dict[Action, Rule] = {}

DEFAULT_REFUSAL = _("Bạn không có quyền thực hiện thao tác này.")


def rule(
    action: Action, roles: frozenset[Role], refusal: str | Promise = DEFAULT_REFUSAL
) -> Callable[[Callable[..., bool]], Callable[..., bool]]:
    """Register the check of ``action``: ``check(actor, obj, **context) -> bool`` for a user
    who is neither the system nor an admin."""

    def register(check: Callable[..., bool]) -> Callable[..., bool]:
        if action in _RULES:
            raise RuntimeError(f"rule {action} registered twice")
        _RULES[action] = Rule(check, refusal, roles)
        return check

    return register


class _Anywhere:
    """The object ``allows`` is given when it is asked "anywhere at all"."""


ANYWHERE: Any = _Anywhere()


def allows(actor: Actor, action: Action | str, obj: Any = ANYWHERE, **context: Any) -> bool:
    """Whether ``actor`` may do ``action`` on ``obj``; without ``obj``, anywhere at all.
    An explicit ``None`` (an empty field) is no object: only the system and admins may."""
    if actor is not None and not actor.is_authenticated:
        return False
    if is_admin(actor):
        return True
    entry = _RULES[Action(action)]
    if obj is ANYWHERE:
        return any(s.role in entry.roles for s in scopes(actor))
    if obj is None:
        return False
    return bool(entry.check(actor, obj, **context))


def require(actor: Actor, action: Action | str, obj: Any = ANYWHERE, **context: Any) -> None:
    """Raise ``PermissionDenied`` with the action's message unless ``allows``."""
    if not allows(actor, action, obj, **context):
        raise PermissionDenied(str(_RULES[Action(action)].refusal))


def units_where(actor: Actor, action: Action | str) -> QuerySet[Unit]:
    """The units over which ``actor`` may do a unit-scoped ``action`` (all for an admin)."""
    if is_admin(actor):
        return Unit.objects.all()
    q = _units_q(actor, "", _RULES[Action(action)].roles)
    return Unit.objects.filter(q or Q())


def rules() -> dict[Action, Rule]:
    return dict(_RULES)


# --- where: the same rules as querysets -------------------------------------------------------
#
# A list of what waits for a person ("claims I may confirm") needs the rule of an action as a
# filter, not as a test of one object. Each ``@where(action)`` gives the Q over the action's
# model that holds exactly for the objects ``allows(actor, action, obj)`` accepts; a test holds
# the two equal on random trees.

_WHERE: dict[Action, tuple[type[Model], Callable[[Actor], Q]]] = {}


def where(
    action: Action, model: type[Model]
) -> Callable[[Callable[[Actor], Q]], Callable[[Actor], Q]]:
    def register(build: Callable[[Actor], Q]) -> Callable[[Actor], Q]:
        if action in _WHERE:
            raise RuntimeError(f"where {action} registered twice")
        _WHERE[action] = (model, build)
        return build

    return register


def allowed(actor: Actor, action: Action | str, qs: QuerySet[M]) -> QuerySet[M]:
    """The objects of ``qs`` on which ``actor`` may do ``action`` (all for the system and
    admins, none for anonymous users)."""
    model, build = _WHERE[Action(action)]
    if qs.model is not model:
        raise TypeError(f"{action} applies to {model.__name__}, not {qs.model.__name__}")
    if actor is not None and not actor.is_authenticated:
        return qs.none()
    if is_admin(actor):
        return qs
    return qs.filter(build(actor))


def where_actions() -> dict[Action, type[Model]]:
    return {action: model for action, (model, _build) in _WHERE.items()}


def _over(actor: Actor, prefix: str, roles: frozenset[Role]) -> Q:
    """Q over ``<prefix>path`` for a non-admin actor holding one of ``roles``."""
    q = _units_q(actor, prefix, roles)
    assert q is not None
    return q


def _unit_in(actor: Actor, field: str, roles: frozenset[Role]) -> Q:
    """Q: the unit in ``field`` (a foreign key to Unit) is one the actor holds one of
    ``roles`` over; a key lookup by the field's index, not a join on the tree."""
    if _covers_roots(actor, {s.path for s in scopes(actor) if s.role in roles}):
        return Q(**{f"{field}__isnull": False})
    return Q(**{f"{field}__in": Unit.objects.filter(_over(actor, "", roles)).values("pk")})


def _issued_in(actor: Actor, roles: frozenset[Role]) -> Q:
    """Q over tasks: set by a document issued by a unit the actor holds one of ``roles`` over."""
    return Q(document_id__in=Document.objects.filter(_unit_in(actor, "issuer", roles)).values("pk"))


def _authority_or_issuer(actor: Actor, roles: frozenset[Role]) -> Q:
    return Q(authority__isnull=False) & _unit_in(actor, "authority", roles) | Q(
        authority__isnull=True
    ) & _issued_in(actor, roles)


@where(Action.TASK_REPORT, Task)
def _task_report_where(actor: Actor) -> Q:
    return _unit_in(actor, "lead_unit", REPORTERS)


@where(Action.TASK_CONFIRM, Task)
def _task_confirm_where(actor: Actor) -> Q:
    return _issued_in(actor, OFFICE) | _authority_or_issuer(actor, MANAGERS)


@where(Action.TASK_ASK_EXPLANATION, Task)
def _task_ask_explanation_where(actor: Actor) -> Q:
    return _task_confirm_where(actor)


@where(Action.TASK_DECIDE_EXTENSION, Task)
def _task_decide_extension_where(actor: Actor) -> Q:
    return _authority_or_issuer(actor, frozenset({Role.LEADER}))


@where(Action.DOCUMENT_MANAGE, Document)
def _document_manage_where(actor: Actor) -> Q:
    return _unit_in(actor, "issuer", OFFICE)


@where(Action.RECOMMENDATION_HANDLE, Recommendation)
def _recommendation_handle_where(actor: Actor) -> Q:
    return _unit_in(actor, "responsible_unit", MANAGERS) | _unit_in(actor, "addressed_to", MANAGERS)


@rule(
    Action.DOCUMENT_CREATE,
    OFFICE,
    _("Chỉ chuyên viên theo dõi của cơ quan ban hành được nhập văn bản cho cơ quan này."),
)
def _document_create(actor: Actor, issuer: Unit) -> bool:
    return _holds(actor, OFFICE, issuer)


@rule(
    Action.DOCUMENT_MANAGE,
    OFFICE,
    _("Chỉ chuyên viên theo dõi của cơ quan ban hành được giao nhiệm vụ theo văn bản này."),
)
def _document_manage(actor: Actor, document: Document) -> bool:
    return _holds(actor, OFFICE, document.issuer)


@rule(
    Action.TASK_REPORT,
    REPORTERS,
    _("Chỉ đơn vị chủ trì (báo cáo viên, chuyên viên theo dõi) được báo cáo nhiệm vụ này."),
)
def _task_report(actor: Actor, task: Task) -> bool:
    return _holds(actor, REPORTERS, task.lead_unit)


@rule(
    Action.TASK_CONFIRM,
    MANAGERS,
    _("Chỉ chuyên viên theo dõi hoặc lãnh đạo cấp có thẩm quyền được xác nhận hoặc trả lại."),
)
def _task_confirm(actor: Actor, task: Task) -> bool:
    """The tracker over the document's issuer, or a tracker or leader over the authority."""
    if _holds(actor, OFFICE, task.document.issuer):
        return True
    return _holds(actor, MANAGERS, task.authority or task.document.issuer)


@rule(
    Action.TASK_ASK_EXPLANATION,
    MANAGERS,
    _("Chỉ chuyên viên theo dõi hoặc lãnh đạo cấp có thẩm quyền được yêu cầu giải trình."),
)
def _task_ask_explanation(actor: Actor, task: Task) -> bool:
    return _task_confirm(actor, task)


@rule(
    Action.TASK_DECIDE_EXTENSION,
    frozenset({Role.LEADER}),
    _("Chỉ lãnh đạo cấp có thẩm quyền được quyết định gia hạn."),
)
def _task_decide_extension(actor: Actor, task: Task) -> bool:
    return _holds(actor, frozenset({Role.LEADER}), task.authority or task.document.issuer)


@rule(
    Action.TASK_DELEGATE,
    REPORTERS,
    _("Chỉ đơn vị chủ trì (báo cáo viên, chuyên viên theo dõi) được phân cấp nhiệm vụ này."),
)
def _task_delegate(actor: Actor, task: Task) -> bool:
    return _task_report(actor, task)


@rule(
    Action.TASK_CHANGE,
    OFFICE,
    _("Chỉ chuyên viên theo dõi của cơ quan ban hành được sửa hoặc dừng/hủy nhiệm vụ."),
)
def _task_change(actor: Actor, task: Task) -> bool:
    return _holds(actor, OFFICE, task.document.issuer)


@rule(Action.VISIT_CREATE, MANAGERS)
def _visit_create(actor: Actor, visiting_unit: Unit, host: Unit | None = None) -> bool:
    return _holds(actor, MANAGERS, visiting_unit) or (
        host is not None and _holds(actor, MANAGERS, host)
    )


@rule(Action.VISIT_MANAGE, MANAGERS)
def _visit_manage(actor: Actor, visit: Visit) -> bool:
    """A tracker or leader on either side."""
    return _holds(actor, MANAGERS, visit.visiting_unit) or _holds(actor, MANAGERS, visit.host_unit)


@rule(Action.VISIT_CONCLUDE, OFFICE)
def _visit_conclude(actor: Actor, visit: Visit, issuer: Unit | None = None) -> bool:
    """Whoever may manage the visit and keep the documents of the issuer of the conclusion
    (the visiting body unless said otherwise)."""
    return _visit_manage(actor, visit) and _holds(actor, OFFICE, issuer or visit.visiting_unit)


@rule(Action.RECOMMENDATION_RAISE, MANAGERS)
def _recommendation_raise(actor: Actor, raised_by: Unit) -> bool:
    return _holds(actor, MANAGERS, raised_by)


@rule(Action.RECOMMENDATION_HANDLE, MANAGERS)
def _recommendation_handle(actor: Actor, recommendation: Recommendation) -> bool:
    """Receive, consider and answer: a tracker or leader of the body addressed or answering."""
    return _holds(actor, MANAGERS, recommendation.responsible_unit) or _holds(
        actor, MANAGERS, recommendation.addressed_to
    )


@rule(Action.RECOMMENDATION_CLOSE, MANAGERS)
def _recommendation_close(actor: Actor, recommendation: Recommendation) -> bool:
    """Close an answered recommendation: either side."""
    return _recommendation_handle(actor, recommendation) or _holds(
        actor, MANAGERS, recommendation.raised_by
    )


@rule(
    Action.PERSON_NAME,
    OFFICE,
    _("Chỉ chuyên viên theo dõi phụ trách đơn vị chủ trì được thêm cán bộ mới cho đơn vị này."),
)
def _person_name(actor: Actor, unit: Unit) -> bool:
    """An office entering tasks names their owner; one not yet recorded is added with them."""
    return _holds(actor, OFFICE, unit)


@rule(Action.REVIEW_MANAGE, MANAGERS)
def _review_manage(actor: Actor, obj: Unit | Review) -> bool:
    unit = obj.unit if isinstance(obj, Review) else obj
    return _holds(actor, MANAGERS, unit)


@rule(Action.PROGRAM_CREATE, MANAGERS)
def _program_create(actor: Actor, unit: Unit) -> bool:
    return _holds(actor, MANAGERS, unit)


@rule(Action.PROGRAM_MANAGE, MANAGERS)
def _program_manage(actor: Actor, program: WorkProgram) -> bool:
    """Plan items and link their results: a tracker or leader of the programme's unit."""
    return _holds(actor, MANAGERS, program.unit)


@rule(
    Action.PERIOD_CLOSE,
    OFFICE,
    _("Chỉ văn phòng (chuyên viên theo dõi) của đơn vị được chốt hoặc đính chính kỳ đánh giá."),
)
def _period_close(actor: Actor, unit: Unit) -> bool:
    return _holds(actor, OFFICE, unit)


@rule(
    Action.EVALUATION_WAIVE,
    MANAGERS,
    _(
        "Chỉ chuyên viên theo dõi hoặc lãnh đạo cấp có thẩm quyền giao nhiệm vụ được ghi nhận "
        "xác nhận nguyên nhân khách quan."
    ),
)
def _evaluation_waive(actor: Actor, task: Task) -> bool:
    """Whoever may confirm or send back the task's completion: the competent authority's
    office or leaders record its decision."""
    return _task_confirm(actor, task)


@rule(Action.ROLE_GRANT, frozenset({Role.ADMIN}), _("Chỉ quản trị viên được phân quyền."))
def _role_grant(actor: Actor, unit: Unit) -> bool:
    return False  # administrators only (allowed above)


ADMIN_ONLY = _("Chỉ quản trị viên được thực hiện thao tác này.")


def require_admin(actor: Actor) -> None:
    """Refuse anyone but the system and administrators: the writes no role grants (the
    organisation tree, moving tasks when units are reorganised)."""
    if not is_admin(actor):
        raise PermissionDenied(str(ADMIN_ONLY))
