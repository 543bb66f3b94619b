"""Pages: visits, recommendations and their lifecycle, reviews and the coverage tree."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.downloads import export_url, wants_xlsx, xlsx_attachment
from namro.core.forms import apply_errors
from namro.orgs.models import Unit
from namro.tasks.models import TaskStatus

from . import services
from .coverage import ALL_BELOW, ISSUED, NONE, NONE_BELOW, SOME_BELOW, TASKS, coverage
from .edit_views import form_page
from .excel import describe_recommendations, write_recommendations, write_reviews, write_visits
from .forms import AnswerForm, StepForm
from .models import RecommendationOutcome, RecommendationState, Review, VisitState
from .review_data import STATUS_ORDER, review_draft
from .selectors import counts_by_answerer, recommendation_events, recommendations_for, visits_for

PAGE_SIZE = 100


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    """The visits in the user's scope, the latest first; ``?format=xlsx`` exports them."""
    if wants_xlsx(request):
        out = write_visits(visits_for(request.user), as_of=timezone.localdate())
        return xlsx_attachment(out, "doan-cong-tac")
    visits = list(visits_for(request.user).order_by("-held_on", "-id")[:PAGE_SIZE])
    return render(
        request,
        "oversight/visit_list.html",
        {
            "visits": visits,
            "can_create": policy.allows(request.user, Action.VISIT_CREATE),
            "export_url": export_url(request),
        },
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(visits_for(request.user), pk=pk)
    today = timezone.localdate()
    recs = list(recommendations_for(request.user, today).filter(visit=visit).order_by("pk"))
    tasks: list[Any] = []
    if visit.conclusion_id:
        from namro.tasks.aggregation import with_status

        tasks = list(
            with_status(
                policy.visible_tasks(request.user).filter(document_id=visit.conclusion_id),
                today,
            ).select_related("lead_unit")
        )
        for t in tasks:
            t.status_label = TaskStatus(t.status).label if t.status else ""
    user = request.user
    manage = policy.allows(user, Action.VISIT_MANAGE, visit)
    context = {
        "visit": visit,
        "recommendations": recs,
        "tasks": tasks,
        "today": today,
        "attachments": list(visit.attachments.order_by("pk")),
        "can_manage": manage,
        "can_hold": manage and visit.state == VisitState.PLANNED,
        "can_conclude": visit.state == VisitState.HELD
        and not visit.conclusion_id
        and policy.allows(user, Action.VISIT_CONCLUDE, visit),
        "can_add_tasks": visit.conclusion is not None
        and policy.allows(user, Action.DOCUMENT_MANAGE, visit.conclusion),
        "can_raise": policy.allows(user, Action.RECOMMENDATION_RAISE),
    }
    return render(request, "oversight/visit_detail.html", context)


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = recommendations_for(request.user, today)
    state = request.GET.get("state", "")
    if state in RecommendationState.values:
        qs = qs.filter(state=state)
    answerer = request.GET.get("answerer", "")
    if answerer.isdigit():
        # Scoped already: only recommendations the user may see are narrowed further.
        qs = qs.filter(responsible_unit_id=int(answerer))
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        qs = qs.filter(answer_status="overdue")
    if wants_xlsx(request):
        return _recommendations_export(request, qs, state, answerer, overdue_only)
    by_state = dict(
        recommendations_for(request.user, today)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("state", "n")
    )
    rows = list(qs.order_by("raised_on", "pk")[:PAGE_SIZE])
    for r in rows:
        r.age_days = (today - r.raised_on).days
    context = {
        "rows": rows,
        "states": [(s, label, by_state.get(s, 0)) for s, label in RecommendationState.choices],
        "state": state,
        "answerers": counts_by_answerer(recommendations_for(request.user, today)),
        "answerer": answerer,
        "overdue_only": overdue_only,
        "today": today,
        "can_raise": policy.allows(request.user, Action.RECOMMENDATION_RAISE),
        "export_url": export_url(request),
    }
    return render(request, "oversight/recommendation_list.html", context)


def _recommendations_export(
    request: HttpRequest, qs: Any, state: str, answerer: str, overdue_only: bool
) -> HttpResponse:
    """The filtered list as .xlsx, the filter and the day on top (one query more to name the
    answering body chosen, among the recommendations the user sees)."""
    today = timezone.localdate()
    answerer_name = None
    if answerer.isdigit():
        names = recommendations_for(request.user, today).filter(responsible_unit_id=int(answerer))
        answerer_name = next(iter(names.values_list("responsible_unit__name", flat=True)[:1]), "—")
    notes = describe_recommendations(
        state=state if state in RecommendationState.values else "",
        answerer_name=answerer_name,
        overdue_only=overdue_only,
        as_of=today,
    )
    return xlsx_attachment(write_recommendations(qs, notes=notes, as_of=today), "kien-nghi")


STEPS = {
    "receive": (RecommendationState.RECEIVED, services.recommendation_receive, StepForm),
    "consider": (
        RecommendationState.UNDER_CONSIDERATION,
        services.recommendation_consider,
        StepForm,
    ),
    "answer": (RecommendationState.ANSWERED, services.recommendation_answer, AnswerForm),
    "close": (RecommendationState.CLOSED, services.recommendation_close, StepForm),
}


def _actions(user: Any, rec: Any) -> list[tuple[str, str, Any]]:
    result = []
    for name, (to, _service, form) in STEPS.items():
        if to not in services.NEXT_STATES[rec.state]:
            continue
        allowed = (
            policy.allows(user, Action.RECOMMENDATION_CLOSE, rec)
            if name == "close"
            else policy.allows(user, Action.RECOMMENDATION_HANDLE, rec)
        )
        if allowed:
            result.append((name, RecommendationState(to).label, form(prefix=name)))
    return result


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    rec = get_object_or_404(recommendations_for(request.user, today), pk=pk)
    context = {
        "rec": rec,
        "events": list(recommendation_events(rec)),
        "tasks": list(
            policy.visible_tasks(request.user, rec.tasks.all()).select_related("lead_unit")
        ),
        "actions": _actions(request.user, rec),
        "today": today,
        "can_spawn": rec.outcome
        in {RecommendationOutcome.ACCEPTED, RecommendationOutcome.PARTLY_ACCEPTED}
        and policy.allows(request.user, Action.RECOMMENDATION_HANDLE, rec),
    }
    return render(request, "oversight/recommendation_detail.html", context)


@login_required
def recommendation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One lifecycle step (receive, consider, answer, close) on its own page; the detail page
    posts its forms here. A refused step shows the form again with the reason by its field."""
    today = timezone.localdate()
    rec = get_object_or_404(recommendations_for(request.user, today), pk=pk)
    if step not in STEPS:
        raise Http404
    to, service, form_class = STEPS[step]
    action = Action.RECOMMENDATION_CLOSE if step == "close" else Action.RECOMMENDATION_HANDLE
    if not policy.allows(request.user, action, rec):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = form_class(data, prefix=step)
    if data is not None and form.is_valid():
        kwargs: dict[str, Any] = {
            "actor": request.user,
            "recommendation": rec,
            "on": form.cleaned_data["on"],
        }
        if step == "answer":
            kwargs.update(outcome=form.cleaned_data["outcome"], answer=form.cleaned_data["note"])
        else:
            kwargs["note"] = form.cleaned_data["note"]
        try:
            service(**kwargs)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            if step == "answer" and "answer" in getattr(exc, "error_dict", {}):
                exc = ValidationError({"note": exc.error_dict["answer"]})
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật kiến nghị."))
            return redirect("oversight:recommendation", pk=rec.pk)
    return form_page(
        request,
        form,
        heading=f"{RecommendationState(to).label}: {rec}",
        submit=str(RecommendationState(to).label),
        back=reverse("oversight:recommendation", args=[rec.pk]),
        back_label=str(rec),
    )


def _review(request: HttpRequest, pk: int) -> Review:
    qs = policy.visible_reviews(request.user).select_related("document", "unit")
    return get_object_or_404(qs, pk=pk)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The reviews in the user's scope, the latest first; ``?format=xlsx`` exports them."""
    visible = policy.visible_reviews(request.user).select_related("document", "unit")
    if wants_xlsx(request):
        out = write_reviews(visible, as_of=timezone.localdate())
        return xlsx_attachment(out, "so-ket-tong-ket")
    reviews = list(visible[:PAGE_SIZE])
    return render(
        request,
        "oversight/review_list.html",
        {
            "reviews": reviews,
            "can_create": policy.allows(request.user, Action.REVIEW_MANAGE),
            "export_url": export_url(request),
        },
    )


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = review_draft(_review(request, pk))
    return render(
        request, "oversight/review_detail.html", {"draft": draft, "statuses": STATUS_ORDER}
    )


@login_required
def coverage_tree(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(policy.visible_documents(request.user), pk=document_pk)
    units = policy.visible_units(request.user)
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        root = get_object_or_404(units, pk=int(raw))
    else:
        root = _default_root(request.user, document)
    # Only subtrees the user holds a role over, not the ancestors shown for breadcrumbs.
    if not any(root.path.startswith(r.path) for r in policy.root_units(request.user)):
        raise Http404
    cov = coverage(document, root)
    return render(
        request,
        "oversight/coverage.html",
        {
            "cov": cov,
            "document": document,
            "ISSUED": ISSUED,
            "TASKS": TASKS,
            "NONE": NONE,
            "ALL_BELOW": ALL_BELOW,
            "SOME_BELOW": SOME_BELOW,
            "NONE_BELOW": NONE_BELOW,
        },
    )


def _default_root(user: Any, document: Any) -> Unit:
    """The issuer when the user may see its whole subtree, else the user's highest unit."""
    if policy.is_admin(user):
        return document.issuer
    top = policy.root_units(user).order_by("depth", "path").first()
    if top is None:
        raise Http404
    return document.issuer if document.issuer.path.startswith(top.path) else top
