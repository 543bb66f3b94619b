"""The reads of the notifications pages, the bell, the task page and the calendar feeds."""

from __future__ import annotations

from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.access.services import hash_secret
from namro.core.actors import Actor
from namro.orgs.models import SEGMENT, Unit
from namro.tasks.models import Recurrence, Task

from .calendar import Deadline
from .models import CalendarFeed, Escalation, Notification, Reminder

# Events in one feed at most, the earliest deadlines first: a client that reads the feed
# every hour gets a bounded answer whatever the size of the unit.
FEED_CAP = 2000


def inbox(user: Actor) -> QuerySet[Notification]:
    """The user's own notifications, unread first, newest first."""
    own = (
        Notification.objects.filter(recipient=user)
        if user is not None
        else Notification.objects.none()
    )
    return policy.restrict(own, user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def unread_count(user: Actor) -> int:
    if user is None or not user.is_authenticated:
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return policy.restrict(unread, user).count()


def task_reminders(actor: Actor, task: Task, *, limit: int = 50) -> list[Reminder]:
    """The latest reminders about ``task`` the actor may see."""
    qs = policy.restrict(Reminder.objects.filter(task=task), actor)
    return list(qs.select_related("recipient").order_by("-day", "kind", "recipient_id")[:limit])


def task_escalations(actor: Actor, task: Task) -> list[Escalation]:
    qs = policy.restrict(Escalation.objects.filter(task=task), actor)
    return list(qs.select_related("recipient").order_by("level", "day", "recipient_id"))


# --- calendar feeds -------------------------------------------------------------------------


def open_deadlines() -> QuerySet[Task]:
    """Tasks with a deadline still to meet: one-off, neither confirmed done nor stopped (a
    completion claim waiting for confirmation stays, until it is confirmed)."""
    return Task.objects.filter(
        recurrence=Recurrence.NONE,
        due_on__isnull=False,
        confirmed_on__isnull=True,
        cancelled_on__isnull=True,
    )


def person_deadlines(user: Actor) -> QuerySet[Task]:
    """A person's own open deadlines: the tasks they answer for by name (``Task.owner`` is
    their ``Person``) and those their unit leads and they report on, as the inbox's list of
    tasks due counts them (``Action.TASK_REPORT``); of these, only what the gate lets them
    see today."""
    if user is None or not user.is_authenticated:
        return Task.objects.none()
    reported = policy.allowed(user, Action.TASK_REPORT, Task.objects.all()).values("pk")
    mine = open_deadlines().filter(Q(owner__user=user) | Q(pk__in=reported))
    return policy.visible_tasks(user, mine)


def unit_deadlines(user: Actor, unit: Unit) -> QuerySet[Task]:
    """The open deadlines of the tasks ``unit`` and its subtree lead that ``user`` may see."""
    if user is None or not user.is_authenticated:
        return Task.objects.none()
    led = open_deadlines().filter(lead_unit_id__in=Unit.objects.subtree(unit).values("pk"))
    return policy.visible_tasks(user, led)


def feed_by_secret(secret: str) -> CalendarFeed | None:
    """The active feed of an active user whose secret this is; one query."""
    if not secret or len(secret) > 200:
        return None
    return (
        CalendarFeed.objects.select_related("user", "unit")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def feed_tasks(feed: CalendarFeed) -> list[Task]:
    """What ``feed`` holds now, for its user as the gate sees them today: at most
    ``FEED_CAP`` tasks, the earliest deadline first; one query (beyond the user's scopes)."""
    qs = (
        unit_deadlines(feed.user, feed.unit)
        if feed.unit is not None
        else person_deadlines(feed.user)
    )
    return list(qs.select_related("lead_unit", "document").order_by("due_on", "pk")[:FEED_CAP])


def feed_name(feed: CalendarFeed) -> str:
    """The calendar's name in the person's calendar client."""
    if feed.unit is not None:
        return _("Thời hạn nhiệm vụ — %(unit)s") % {"unit": feed.unit.name}
    return _("Thời hạn nhiệm vụ của tôi")


def _host() -> str:
    return urlsplit(settings.NAMRO_SITE_URL).hostname or "namro"


def deadline_of(task: Task) -> Deadline:
    """The calendar event of ``task`` (needs ``lead_unit`` and ``document`` loaded)."""
    assert task.due_on is not None
    url = settings.NAMRO_SITE_URL + reverse("tasks:task", args=[task.pk])
    lines = [
        _("Đơn vị chủ trì: %(unit)s") % {"unit": task.lead_unit.name},
        _("Văn bản: %(number)s") % {"number": task.document.number or task.document.title},
        _("Nội dung: %(action)s") % {"action": task.action},
        url,
    ]
    return Deadline(
        uid=f"task-{task.pk}@{_host()}",
        summary=task.action,
        description="\n".join(lines),
        due_on=task.due_on,
        modified=task.updated_at,
        url=url,
    )


def feed_units(user: Actor) -> QuerySet[Unit]:
    """The units the settings page offers a feed for: the tops of the user's scopes and two
    levels below each (a deeper unit's deadlines are in the feed of the unit above it)."""
    tops = policy.scope_tops(user)
    if not tops:
        return Unit.objects.none()
    near = reduce(or_, [Q(path__startswith=p, depth__lte=len(p) // SEGMENT + 2) for p in tops])
    return policy.visible_units(user, Unit.objects.filter(near)).order_by("path")


def own_feeds(user: Actor) -> QuerySet[CalendarFeed]:
    """The user's feeds still active, with their units, newest first."""
    if user is None or not user.is_authenticated:
        return CalendarFeed.objects.none()
    qs = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)
    return policy.restrict(qs, user).select_related("unit").order_by("-created_at", "-id")
