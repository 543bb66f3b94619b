"""The writes a person makes here: their notification preferences, marking notifications read."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.audit.services import record, snapshot
from namro.core.actors import Actor

from .models import Notification, NotificationKind, Preference

PREFERENCE_FIELDS = ["in_app", "email", "kinds", "digest_hour"]


def preference_of(user: Actor) -> Preference:
    """The user's preferences; the defaults (unsaved) when they never changed them."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Cần đăng nhập để xem cài đặt thông báo."))
    found = policy.restrict(Preference.objects.filter(user=user), user).first()
    return found if found is not None else Preference(user=user)


def preference_update(
    *,
    actor: Actor,
    user: Actor,
    in_app: bool,
    email: bool,
    kinds: Iterable[str],
    digest_hour: int,
) -> Preference:
    """Set how ``user`` is told; a person changes only their own preferences."""
    if actor is not None and (user is None or actor.pk != user.pk):
        raise PermissionDenied(_("Chỉ chính người dùng được đổi cài đặt thông báo của mình."))
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Cần đăng nhập để đổi cài đặt thông báo."))
    chosen = list(dict.fromkeys(kinds))
    unknown = [k for k in chosen if k not in NotificationKind.values]
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["kinds"] = [_("Loại nhắc việc không có: %(kinds)s.") % {"kinds": ", ".join(unknown)}]
    if not 0 <= digest_hour <= 23:
        errors["digest_hour"] = [_("Giờ gửi bản tin phải từ 0 đến 23.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user=user).first()
        before = snapshot(pref, PREFERENCE_FIELDS) if pref is not None else None
        if pref is None:
            pref = Preference(user=user)
        pref.in_app = in_app
        pref.email = email
        pref.kinds = [k for k in NotificationKind.values if k in chosen]
        pref.digest_hour = digest_hour
        pref.save()
        record(
            actor=actor,
            action="preference.update",
            obj=pref,
            before=before,
            after=snapshot(pref, PREFERENCE_FIELDS),
        )
    return pref


def notifications_mark_read(*, actor: Actor, notifications: QuerySet[Notification]) -> int:
    """Mark the actor's own unread notifications among ``notifications`` read; how many."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Cần đăng nhập để đọc thông báo."))
    with transaction.atomic():
        own = notifications.filter(recipient=actor, read_at__isnull=True)
        return own.update(read_at=timezone.now())
