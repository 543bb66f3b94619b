"""Unit pages: breadcrumbs, children with their counts by status, tasks, people; the picker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from namro.access import policy
from namro.core.pages import paginate, render_page
from namro.core.query import words_q
from namro.insights.scope_counts import unit_counts
from namro.tasks.aggregation import with_status
from namro.tasks.labels import STATUS_ORDER
from namro.tasks.models import Task
from namro.tasks.selectors import task_rows, urgency_order

from .forms import label_of, resolve_unit
from .models import Position, Unit

SUGGESTIONS = 15


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    unit = get_object_or_404(policy.visible_units(user).select_related("parent"), pk=pk)
    breadcrumbs = list(policy.visible_units(user, Unit.objects.ancestors_of(unit)))
    children_page = paginate(
        request,
        policy.visible_units(user, Unit.objects.filter(parent=unit)).order_by("name"),
        param="upage",
        per_page=50,
    )
    children = list(children_page.object_list)
    counts = unit_counts(user, today, [unit, *children])
    own = policy.visible_tasks(user, Task.objects.filter(lead_unit=unit))
    tasks = paginate(request, task_rows(urgency_order(with_status(own, today))), param="page")
    positions = paginate(
        request,
        policy.visible_positions(user, Position.objects.filter(unit=unit))
        .select_related("person")
        .order_by("-is_head", "title", "pk"),
        param="ppage",
    )
    context = {
        "unit": unit,
        "today": today,
        "breadcrumbs": breadcrumbs,
        "children": [{"unit": c, "counts": counts[c.pk]} for c in children],
        "children_page": children_page,
        "status_order": STATUS_ORDER,
        "totals": counts[unit.pk],
        "page": tasks,
        "positions": positions,
    }
    return render_page(request, "orgs/unit.html", None, context)


@login_required
def unit_suggest(request: HttpRequest) -> HttpResponse:
    """htmx: ``<option>`` elements for a unit picker's ``<datalist>`` (any parameter is the
    text typed, so one endpoint serves every picker of a form)."""
    text = request.GET.get("q") or next((v for v in request.GET.values() if v.strip()), "")
    q = words_q(text)
    units: list[Unit] = []
    if q is not None:
        units = list(
            policy.visible_units(request.user)
            .filter(q)
            .select_related("parent")
            .order_by("depth", "name")[:SUGGESTIONS]
        )
    names = [u.name for u in units]
    options = [
        {"value": u.name if names.count(u.name) == 1 else label_of(u), "label": label_of(u)}
        for u in units
    ]
    return render(request, "orgs/_unit_options.html", {"options": options})


def _param_ending(request: HttpRequest, suffix: str) -> str:
    """The value of the first parameter named ``suffix`` or ending in ``-suffix`` (a row's
    field of a formset, such as ``tasks-3-owner``)."""
    for name, value in request.GET.items():
        if name == suffix or name.endswith(f"-{suffix}"):
            return value
    return ""


@login_required
def person_suggest(request: HttpRequest) -> HttpResponse:
    """htmx: ``<option>`` elements for an owner picker. With the row's lead unit, the people
    of that unit come first (those holding a post there or answering for its tasks), all of
    them while nothing is typed; then other people the user may see whose name holds every
    word typed. Each is labelled with a current post."""
    user = request.user
    text = _param_ending(request, "owner") or request.GET.get("q", "")
    unit = None
    unit_text = _param_ending(request, "lead_unit")
    if unit_text.strip():
        try:
            unit = resolve_unit(unit_text, policy.visible_units(user))
        except ValidationError:
            unit = None
    today = timezone.localdate()
    current = Q(until__isnull=True) | Q(until__gte=today)
    people = policy.visible_people(user)
    q = words_q(text)
    if q is not None:
        people = people.filter(q)
    if unit is not None:
        of_unit = Exists(
            Position.objects.filter(current, person=OuterRef("pk"), unit=unit)
        ) | Exists(Task.objects.filter(owner=OuterRef("pk"), lead_unit=unit))
        people = people.annotate(of_unit=of_unit)
        if q is None:
            people = people.filter(of_unit=True)
        people = people.order_by("-of_unit", "full_name", "pk")
    elif q is None:
        people = people.none()
    else:
        people = people.order_by("full_name", "pk")
    chosen = list(people[:SUGGESTIONS])
    posts: dict[int, str] = {}
    for position in (
        Position.objects.filter(current, person__in=chosen)
        .select_related("unit")
        .order_by("-is_head", "since", "pk")
    ):
        posts.setdefault(
            position.person_id,
            f"{position.title}, {position.unit.name}" if position.unit else position.title,
        )
    options = [
        {"value": p.full_name, "label": f"{p.full_name} — {posts[p.pk]}" if p.pk in posts else ""}
        for p in chosen
    ]
    return render(request, "orgs/_unit_options.html", {"options": options})
