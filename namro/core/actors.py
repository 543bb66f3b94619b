"""Who acts: a signed-in user, or ``None`` for namro itself.

Every service takes ``actor``. ``None`` is the system — the demo loader, a command run by the
machine's operator, a migration — and may do anything; an anonymous user is not the system and
may do nothing. ``namro.access.policy`` decides what a user may do.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None
"""The acting user; ``None`` is the system."""

__all__ = ["Actor"]
