"""Who may see and change work programmes, built on ``access.policy``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from namro.orgs.models import Unit
from namro.oversight.access import manages, scope_q

from .models import WorkProgram


def visible_programs(user: Any, qs: QuerySet[WorkProgram] | None = None) -> QuerySet[WorkProgram]:
    """Programmes of units in the user's scope."""
    qs = WorkProgram.objects.all() if qs is None else qs
    q = scope_q(user, "unit__")
    return qs if q is None else qs.filter(q)


def can_manage_program_unit(user: Any, unit: Unit) -> bool:
    return manages(user, unit)


def can_manage_program(user: Any, program: WorkProgram) -> bool:
    """Plan items and link their results: a tracker or leader of the programme's unit."""
    return manages(user, program.unit)
