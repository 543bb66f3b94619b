"""What the access commands share."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username: str) -> Any:
    """The account ``username``, or a command error that names it."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản «{username}».")
    return user
