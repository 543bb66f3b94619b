"""The errors services raise: Django's ValidationError, with messages a person can act on."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError"]
