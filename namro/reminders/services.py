"""The writes a person makes here: their notification preferences, marking notifications read,
and the secret addresses of their calendar feeds."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.services import hash_secret
from namro.audit.services import record, snapshot
from namro.core.actors import Actor
from namro.orgs.models import Unit

from .models import CalendarFeed, Notification, NotificationKind, Preference

PREFERENCE_FIELDS = ["in_app", "email", "kinds", "digest_hour"]
FEED_FIELDS = ["user", "unit", "prefix", "revoked_at"]
FEED_PREFIX = "lich_"
# Feeds a person may hold at once: enough for themselves and each unit they follow.
MAX_ACTIVE_FEEDS = 20
# last_used_at is written at most this often per feed, not on every fetch.
FEED_SEEN_RESOLUTION = timedelta(minutes=15)


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


def _signed_in(actor: Actor) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Cần đăng nhập để quản lý lịch nhiệm vụ."))


def feed_create(*, actor: Actor, unit: Unit | None = None) -> tuple[CalendarFeed, str]:
    """A calendar feed of the actor's own deadlines or, with ``unit``, of the deadlines the
    unit and its subtree lead; returns it with its secret, which is stored only hashed. The
    unit must be in the actor's scope."""
    _signed_in(actor)
    assert actor is not None
    with transaction.atomic():
        if unit is not None:
            in_scope = policy.scope_units(actor).filter(pk=unit.pk).first()
            if in_scope is None:
                raise PermissionDenied(_("Đơn vị này không thuộc phạm vi của anh/chị."))
            unit = in_scope
        active = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_FEEDS:
            raise ValidationError(
                _("Đã có %(n)d lịch đang dùng; hãy thu hồi lịch không dùng nữa trước.")
                % {"n": active}
            )
        secret = FEED_PREFIX + secrets.token_urlsafe(32)
        feed = CalendarFeed.objects.create(
            user=actor,
            unit=unit,
            prefix=secret[: len(FEED_PREFIX) + 6],
            key_hash=hash_secret(secret),
        )
        record(
            actor=actor,
            action="calendar_feed.create",
            obj=feed,
            after=snapshot(feed, FEED_FIELDS),
        )
    return feed, secret


def feed_revoke(*, actor: Actor, feed: CalendarFeed) -> CalendarFeed:
    """Revoke a feed: its address answers 404 from now on; the row stays on record. A person
    revokes their own feeds (the system, anyone's)."""
    with transaction.atomic():
        locked = (
            policy.restrict(CalendarFeed.objects.all(), actor)
            .select_for_update()
            .filter(pk=feed.pk)
            .first()
        )
        if locked is None or (actor is not None and locked.user_id != actor.pk):
            raise PermissionDenied(_("Chỉ chính người tạo được thu hồi lịch này."))
        if locked.revoked_at is not None:
            raise ValidationError(_("Lịch này đã bị thu hồi."))
        before = snapshot(locked, FEED_FIELDS)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="calendar_feed.revoke",
            obj=locked,
            before=before,
            after=snapshot(locked, FEED_FIELDS),
        )
    return locked


def feed_seen(*, feed: CalendarFeed) -> None:
    """Note when ``feed`` was last read, at most every ``FEED_SEEN_RESOLUTION``."""
    now = timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < FEED_SEEN_RESOLUTION:
        return
    with transaction.atomic():
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    feed.last_used_at = now
