"""System checks of the access app: in production, the keys that seal the TOTP secrets must be
there before the application starts (outside production a missing key file is made on first
use)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import sealing


def factor_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error when production has no usable factor key (none set, a missing or malformed
    key file)."""
    if settings.NAMRO_ENV != "production":
        return []
    try:
        sealing.factor_keys()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                f"the keys that seal the TOTP secrets are missing or unusable: {error}",
                hint="Keep the key file apart from the database and its backups: without it no "
                "TOTP code can be checked (docs/deployment.md).",
                id="access.E001",
            )
        ]
    return []
