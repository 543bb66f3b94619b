"""The home page: the user's units and where their tasks stand today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from namro.access.models import RoleAssignment
from namro.orgs.models import Unit
from namro.tasks.aggregation import count_by_status
from namro.tasks.models import Task


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    assignments = list(
        RoleAssignment.objects.filter(user=request.user)
        .select_related("unit")
        .order_by("unit__path")
    )
    rows = []
    for assignment in assignments:
        unit = assignment.unit
        tasks = Task.objects.filter(lead_unit__in=Unit.objects.subtree(unit))
        rows.append({"assignment": assignment, "counts": count_by_status(tasks, today)})
    return render(request, "core/home.html", {"rows": rows, "today": today})
