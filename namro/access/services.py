"""Writes of the access app: personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.audit.services import record, snapshot

from .models import ApiToken

TOKEN_PREFIX = "namro_"
AUDITED_FIELDS = ["user", "name", "prefix", "revoked_at"]


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(*, actor: Any, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it with its secret, which is stored only hashed."""
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": _("Tài khoản «%(u)s» đã bị khóa.") % {"u": user}})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            key_hash=hash_secret(secret),
        )
        record(
            actor=actor,
            action="api_token.create",
            obj=token,
            after=snapshot(token, AUDITED_FIELDS),
        )
    return token, secret


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
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
