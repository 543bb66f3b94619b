"""Events no service writes, put in the chain: sign-in, failed sign-in, sign-out, password
changes by any path, and every add, change and delete made through the admin site."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from namro.core.clients import client_address

from .services import record

ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(actor=user, action="auth.sign_in", obj=user, after={"ip": client_address(request)})


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        record(actor=user, action="auth.sign_out", obj=user, after={"ip": client_address(request)})


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    with transaction.atomic():
        record(
            actor=None,
            actor_name=username,
            action="auth.sign_in_failed",
            object_type="auth.user",
            object_id=username[:64],
            object_repr=username,
            after={"ip": client_address(request)},
        )


@receiver(pre_save, sender=get_user_model())
def _remember_password(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:
        instance._namro_old_password = None
        return
    instance._namro_old_password = (
        sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    )


@receiver(post_save, sender=get_user_model())
def _password_changed(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    old = getattr(instance, "_namro_old_password", None)
    if created or old is None or old == instance.password:
        return
    instance._namro_old_password = instance.password
    with transaction.atomic():
        record(actor=instance, action="auth.password_change", obj=instance)


@receiver(post_save, sender=LogEntry)
def _admin_action(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    with transaction.atomic():
        record(
            actor=instance.user,
            action=ADMIN_ACTIONS.get(instance.action_flag, "admin.action"),
            object_type=f"{instance.content_type.app_label}.{instance.content_type.model}"
            if instance.content_type
            else "",
            object_id=str(instance.object_id or ""),
            object_repr=instance.object_repr,
            after={"change": instance.get_change_message()},
        )
