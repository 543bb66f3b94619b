"""The reads of the notifications pages, the bell and the task page."""

from __future__ import annotations

from django.db.models import F, QuerySet

from namro.access import policy
from namro.core.actors import Actor
from namro.tasks.models import Task

from .models import Escalation, Notification, Reminder


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
