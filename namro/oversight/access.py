"""Transitional: ``intake.services`` still asks this; delete once it asks ``access.policy``."""

from __future__ import annotations

from namro.access import policy
from namro.access.policy import Action
from namro.core.actors import Actor

from .models import Recommendation


def can_handle_recommendation(actor: Actor, recommendation: Recommendation) -> bool:
    return policy.allows(actor, Action.RECOMMENDATION_HANDLE, recommendation)
