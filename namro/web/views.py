"""Pages that belong to no one app: My work (home), search, password change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils import timezone

from namro.access import factor, policy
from namro.access.models import RoleAssignment
from namro.core.pages import paginate, query_without, render_page
from namro.insights.scope_counts import list_total, scope_counts
from namro.tasks.filters import TaskFilter
from namro.tasks.forms import TaskFilterForm
from namro.tasks.labels import STATUS_ORDER
from namro.tasks.models import Task
from namro.tasks.selectors import UrgentTasks, task_rows
from namro.web import search as search_module

DOCUMENT_CHOICES = 100


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My work: the tasks of my units, the most urgent first, with counts and filters."""
    today = timezone.localdate()
    user = request.user
    assignments = list(
        RoleAssignment.objects.filter(user=user).select_related("unit").order_by("unit__path")
    )
    errors: list[str] = []
    try:
        as_of = TaskFilter.from_params({"as_of": request.GET.get("as_of")}).as_of
    except ValidationError as exc:
        errors = [str(m) for messages in exc.message_dict.values() for m in messages]
        as_of = today
    mine = policy.visible_tasks(user, Task.objects.exclude(assigned_on__gt=as_of))
    units = [(a.unit_id, a.unit.name) for a in assignments]
    units = list(dict.fromkeys(units))
    params: dict[str, Any] = {k: v for k, v in request.GET.items() if k != "page"}
    params["as_of"] = as_of
    if params.get("role") and not params.get("unit") and units:
        params["unit"] = str(units[0][0])
    try:
        chosen = TaskFilter.from_params(params, units=policy.visible_units(user))
    except ValidationError as exc:
        errors += [str(m) for messages in exc.message_dict.values() for m in messages]
        chosen = TaskFilter.from_params({"as_of": as_of})
    filtered = chosen.apply(mine)
    documents = list(
        policy.visible_documents(user)
        .order_by("-issued_on", "pk")
        .values_list("pk", "number", "title")[:DOCUMENT_CHOICES]
    )
    form = TaskFilterForm(
        request.GET or None,
        documents=[(pk, f"{number} {title}".strip()[:90]) for pk, number, title in documents],
        units=units,
    )
    counts = scope_counts(user, as_of)
    total = list_total(user, chosen, filtered, counts=counts)
    page = paginate(request, UrgentTasks(task_rows(filtered), as_of, total, status=chosen.status))
    context = {
        "today": as_of,
        "as_of_param": as_of.isoformat() if as_of != today else "",
        "form": form,
        "filter_errors": errors,
        "counts": [(key, counts.get(key, 0)) for key in STATUS_ORDER],
        "total": counts["total"],
        "page": page,
        "assignments": assignments,
    }
    return render_page(request, "web/home.html", "web/_task_list.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One box that finds units, people, documents and tasks, without regard to diacritics.

    Without a kind, the first few of each kind (one query each); with one, a paginated list.
    """
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    labels = {k.key: k.label for k in search_module.KINDS}
    groups = []
    results = search_module.search(request.user, query, kind=kind) if query else None
    for key, qs in (results or {}).items():
        group: dict[str, Any] = {"key": key, "label": labels[key], "page": None, "more": False}
        if kind:
            page = paginate(request, qs, per_page=search_module.PAGE_SIZE)
            group["items"] = page.object_list
            group["page"] = page
            group["prefix"] = f"?{query_without(request, 'page')}&"
        else:
            # How many there are in all, counted over the matches in the same query as the
            # first few (a window over the whole result, before the limit).
            items = list(qs.annotate(found=Window(Count("pk")))[: search_module.PER_KIND + 1])
            group["items"] = items[: search_module.PER_KIND]
            group["more"] = len(items) > search_module.PER_KIND
            group["count"] = items[0].found if items else 0
        groups.append(group)
    context = {
        "search_query": query,
        "kind": kind,
        "results": results,
        "groups": groups,
        "kinds": search_module.KINDS,
    }
    return render_page(request, "web/search.html", "web/_search_results.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The change page, also the sign-in's step when the password is due (set by an
    administrator, or older than the change period)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["due"] = factor.PASSWORD in factor.pending(self.request)
        context["next"] = self.request.GET.get("next", "")
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        factor.done(self.request, factor.PASSWORD)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"
