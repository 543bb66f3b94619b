"""Pages: work programmes and each item's status and slippage."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from namro.tasks.models import TaskStatus

from .access import visible_programs
from .selectors import count_rows, item_rows, program_items


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = list(visible_programs(request.user).select_related("unit", "document")[:100])
    return render(request, "programs/program_list.html", {"programs": programs})


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(visible_programs(request.user).select_related("unit"), pk=pk)
    today = timezone.localdate()
    rows = item_rows(list(program_items(program)), today)
    labels = dict(TaskStatus.choices)
    context = {
        "program": program,
        "rows": [(r, labels.get(r.status, "")) for r in rows],
        "counts": count_rows(rows),
        "today": today,
    }
    return render(request, "programs/program_detail.html", context)
