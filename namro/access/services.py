"""Writes of the access app: role grants and personal API tokens. Each is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.audit.services import record, snapshot
from namro.core.actors import Actor
from namro.orgs.models import Unit

from . import policy
from .models import ApiToken, Role, RoleAssignment, TokenScope

TOKEN_PREFIX = "namro_"
AUDITED_FIELDS = ["user", "name", "prefix", "revoked_at", "expires_at", "scope"]
ROLE_FIELDS = ["user", "role", "unit"]


def role_grant(
    *, actor: Actor, user: AbstractBaseUser, role: Role | str, unit: Unit
) -> RoleAssignment:
    """Let ``user`` hold ``role`` over ``unit`` and its subtree."""
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError({"role": _("Vai trò «%(r)s» không có.") % {"r": role}}) from None
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        policy.require(actor, policy.Action.ROLE_GRANT, unit)
        if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            raise ValidationError(
                _("«%(u)s» đã giữ vai trò %(r)s tại %(unit)s.")
                % {"u": user, "r": role.label, "unit": unit}
            )
        assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
        record(
            actor=actor,
            action="role.grant",
            obj=assignment,
            after=snapshot(assignment, ROLE_FIELDS),
        )
    policy.forget_scopes(user)
    return assignment


def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    """Take a role back; the audit event keeps what was held."""
    with transaction.atomic():
        locked = (
            RoleAssignment.objects.select_for_update()
            .select_related("unit", "user")
            .filter(pk=assignment.pk)
            .first()
        )
        if locked is None:
            raise ValidationError(_("Phân quyền này đã được thu hồi."))
        policy.require(actor, policy.Action.ROLE_GRANT, locked.unit)
        before = snapshot(locked, ROLE_FIELDS)
        record(actor=actor, action="role.revoke", obj=locked, before=before)
        locked.delete()
    policy.forget_scopes(locked.user)
    policy.forget_scopes(assignment.user)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(
    *,
    actor: Actor,
    user: AbstractBaseUser,
    name: str = "",
    scope: str = TokenScope.WRITE,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``user`` with ``scope`` (read or write) lasting ``days`` (by default
    ``NAMRO_TOKEN_DAYS``; 0 for no expiry); returns it with its secret, which is stored only
    hashed."""
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": _("Tài khoản «%(u)s» đã bị khóa.") % {"u": user}})
    if scope not in TokenScope.values:
        raise ValidationError(
            {"scope": _("Phạm vi «%(s)s» không hợp lệ (read, write).") % {"s": scope}}
        )
    days = settings.NAMRO_TOKEN_DAYS if days is None else days
    if days < 0:
        raise ValidationError({"days": _("Số ngày hiệu lực không được âm.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            key_hash=hash_secret(secret),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        record(
            actor=actor,
            action="api_token.create",
            obj=token,
            after=snapshot(token, AUDITED_FIELDS),
        )
    return token, secret


def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token; it stays on record, and is refused from now on."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ValidationError(_("Mã truy cập này đã bị thu hồi."))
        before = snapshot(token, AUDITED_FIELDS)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            before=before,
            after=snapshot(token, AUDITED_FIELDS),
        )
    return token


def token_seen_from(*, token: ApiToken, address: str) -> None:
    """Note that ``token`` was used from ``address``; a new address goes in the audit log."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.last_ip == address:
            return
        record(
            actor=locked.user,
            action="api_token.new_address",
            obj=locked,
            before={"ip": locked.last_ip},
            after={"ip": address},
        )
        locked.last_ip = address
        locked.save(update_fields=["last_ip"])
