"""Pages that write: record a visit, its delegation, that it was held, its conclusion and
files; raise a recommendation, move it through its lifecycle and give a task from it; open a
review. Each page asks ``access.policy``; an object the user may not act on is a 404.
Plain forms (no JavaScript needed); a service's ``ValidationError`` is shown next to its field
and nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from namro.access import policy
from namro.access.policy import Action
from namro.core.forms import apply_errors, submit
from namro.documents.models import Document
from namro.orgs.models import Person

from . import services
from .forms import (
    AttachForm,
    ConclusionForm,
    HoldForm,
    MemberForm,
    RecommendationForm,
    ReviewForm,
    SpawnTaskForm,
    VisitForm,
)
from .models import Recommendation, RecommendationOutcome, Visit, VisitState
from .selectors import member_candidates, recommendations_for, visits_for

# How many documents a choice list offers (the most recent the user sees).
DOCUMENT_CHOICES = 200
NO_RIGHT = _("Bạn không được giao theo dõi đơn vị này.")


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    submit: str,
    back: str,
    back_label: str,
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """The page of one form; a refused post answers 400 with the form and its errors."""
    context = {
        "form": form,
        "heading": heading,
        "submit": submit,
        "back": back,
        "back_label": back_label,
        "intro": intro,
        "multipart": multipart,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "oversight/form_page.html", context, status=status)


def recent_documents(user: Any, qs: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """The most recent documents the user sees (as a queryset a choice field can filter)."""
    ids = list(
        policy.visible_documents(user, qs)
        .order_by("-issued_on", "-pk")
        .values_list("pk", flat=True)[:DOCUMENT_CHOICES]
    )
    return Document.objects.filter(pk__in=ids).select_related("issuer").order_by("-issued_on")


def managed_documents(user: Any) -> QuerySet[Document]:
    """Documents the user keeps (tracker of the issuer), under which tasks may be given."""
    qs = Document.objects.filter(issuer__in=policy.units_where(user, Action.DOCUMENT_CREATE))
    return recent_documents(user, qs)


def _require_some_right(user: Any) -> None:
    """A page that creates something is a 404 to a user who manages no unit at all."""
    if not policy.allows(user, Action.VISIT_CREATE):
        raise Http404


def _visit(request: HttpRequest, pk: int) -> Visit:
    """The visit, if the user sees it and may manage it; otherwise 404."""
    visit = get_object_or_404(visits_for(request.user), pk=pk)
    if not policy.allows(request.user, Action.VISIT_MANAGE, visit):
        raise Http404
    return visit


def _back_to_visit(visit: Visit) -> dict[str, str]:
    return {"back": reverse("oversight:visit", args=[visit.pk]), "back_label": str(visit)}


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_some_right(user)
    data = request.POST if request.method == "POST" else None
    form = VisitForm(
        data,
        request.FILES if data is not None else None,
        units=policy.visible_units(user),
        documents=recent_documents(user),
        initial={"held_on": timezone.localdate()},
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        visit = submit(
            form,
            lambda: services.visit_create(
                actor=user,
                kind=d["kind"],
                title=d["title"],
                visiting_unit=d["visiting_unit"],
                host_unit=d["host_unit"],
                held_on=d["held_on"],
                place=d["place"],
                state=d["state"],
                subject_documents=d["subject_documents"],
                agenda=d["agenda"],
                minutes=d["minutes"],
                attachments=d["attachments"],
            ),
            refused_on="visiting_unit",
            refusal=NO_RIGHT,
        )
        if visit is not None:
            messages.success(request, _("Đã ghi nhận buổi làm việc; hãy thêm thành phần đoàn."))
            return redirect("oversight:visit", pk=visit.pk)
    return form_page(
        request,
        form,
        heading=_("Ghi nhận buổi làm việc"),
        submit=_("Lưu buổi làm việc"),
        back=reverse("oversight:visits"),
        back_label=_("Đoàn công tác, kiểm tra, giám sát"),
        multipart=True,
    )


@login_required
def visit_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    data = request.POST if request.method == "POST" else None
    form = MemberForm(data, people=member_candidates(request.user, visit.visiting_unit))
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.visit_member_add(
                actor=request.user,
                visit=visit,
                person=d["person"],
                role=d["role"],
                position_title=d["position_title"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s vào đoàn.") % {"name": d["person"]})
            return redirect("oversight:visit", pk=visit.pk)
    return form_page(
        request,
        form,
        heading=_("Thêm thành viên đoàn"),
        submit=_("Thêm vào đoàn"),
        intro=_("Cán bộ không giữ chức vụ trong %(unit)s phải được nêu vai trò trong đoàn.")
        % {"unit": visit.visiting_unit.name},
        **_back_to_visit(visit),
    )


@login_required
@require_POST
def visit_member_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    person = get_object_or_404(Person.objects.filter(pk=person_pk))
    try:
        services.visit_member_remove(actor=request.user, visit=visit, person=person)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi đoàn.") % {"name": person})
    return redirect("oversight:visit", pk=visit.pk)


@login_required
def visit_hold(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    if visit.state == VisitState.HELD:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = HoldForm(data, initial={"held_on": visit.held_on, "minutes": visit.minutes})
    if data is not None and form.is_valid():
        try:
            services.visit_hold(
                actor=request.user,
                visit=visit,
                held_on=form.cleaned_data["held_on"],
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận buổi làm việc đã diễn ra."))
            return redirect("oversight:visit", pk=visit.pk)
    return form_page(
        request,
        form,
        heading=_("Ghi nhận đã làm việc"),
        submit=_("Ghi nhận"),
        **_back_to_visit(visit),
    )


@login_required
def visit_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """The conclusion notice; its tasks are then entered on the documents' fast-entry page."""
    visit = get_object_or_404(visits_for(request.user), pk=pk)
    if not policy.allows(request.user, Action.VISIT_CONCLUDE, visit) or visit.conclusion_id:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = ConclusionForm(data, initial={"issued_on": timezone.localdate()})
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            conclusion = services.visit_conclude(
                actor=request.user,
                visit=visit,
                issued_on=d["issued_on"],
                title=d["title"],
                number=d["number"],
                body=d["body"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ban hành thông báo kết luận; hãy nhập các nhiệm vụ của kết luận.")
            )
            return redirect("documents:add_tasks", pk=conclusion.pk)
    return form_page(
        request,
        form,
        heading=_("Thông báo kết luận buổi làm việc"),
        submit=_("Ban hành và nhập nhiệm vụ"),
        intro=_(
            "Thông báo kết luận do %(unit)s ban hành; sau khi lưu, nhập các nhiệm vụ của kết "
            "luận trên trang nhập nhanh."
        )
        % {"unit": visit.visiting_unit.name},
        **_back_to_visit(visit),
    )


@login_required
def visit_attach(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    data = request.POST if request.method == "POST" else None
    form = AttachForm(data, request.FILES if data is not None else None)
    if data is not None and form.is_valid():
        try:
            made = services.visit_attach(
                actor=request.user, visit=visit, files=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu %(n)d tệp.") % {"n": len(made)})
            return redirect("oversight:visit", pk=visit.pk)
    return form_page(
        request,
        form,
        heading=_("Đính kèm tệp"),
        submit=_("Lưu tệp"),
        multipart=True,
        **_back_to_visit(visit),
    )


@login_required
def recommendation_raise(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_some_right(user)
    raw = request.POST.get("visit") or request.GET.get("visit") or ""
    visit = get_object_or_404(visits_for(user), pk=int(raw)) if raw.isdigit() else None
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {"raised_on": timezone.localdate()}
    if visit is not None:
        initial["raised_by"] = visit.host_unit.name
    form = RecommendationForm(
        data, units=policy.visible_units(user), documents=recent_documents(user), initial=initial
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        rec = submit(
            form,
            lambda: services.recommendation_raise(
                actor=user,
                raised_by=d["raised_by"],
                addressed_to=d["addressed_to"],
                responsible_unit=d["responsible_unit"],
                subject=d["subject"],
                detail=d["detail"],
                visit=visit,
                subject_document=d["subject_document"],
                raised_on=d["raised_on"],
                answer_due_on=d["answer_due_on"],
            ),
            refused_on="raised_by",
            refusal=NO_RIGHT,
        )
        if rec is not None:
            messages.success(request, _("Đã ghi nhận kiến nghị."))
            return redirect("oversight:recommendation", pk=rec.pk)
    back = (
        {"back": reverse("oversight:visit", args=[visit.pk]), "back_label": str(visit)}
        if visit is not None
        else {
            "back": reverse("oversight:recommendations"),
            "back_label": _("Kiến nghị, đề xuất"),
        }
    )
    page = form_page(
        request,
        form,
        heading=_("Nêu kiến nghị, đề xuất"),
        submit=_("Lưu kiến nghị"),
        intro=_("Từ buổi làm việc: %(visit)s") % {"visit": visit} if visit else "",
        **back,
    )
    return page


def _rec(request: HttpRequest, pk: int) -> Recommendation:
    return get_object_or_404(recommendations_for(request.user, timezone.localdate()), pk=pk)


@login_required
def recommendation_spawn_task(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rec = _rec(request, pk)
    if not policy.allows(user, Action.RECOMMENDATION_HANDLE, rec) or rec.outcome not in {
        RecommendationOutcome.ACCEPTED,
        RecommendationOutcome.PARTLY_ACCEPTED,
    }:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = SpawnTaskForm(
        data,
        units=policy.visible_units(user),
        documents=managed_documents(user),
        initial={"action": rec.subject},
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.recommendation_spawn_task(
                actor=user,
                recommendation=rec,
                document=d["document"],
                action=d["action"],
                lead_unit=d["lead_unit"],
                due_on=d["due_on"],
                expected_output=d["expected_output"],
            )
        except PermissionDenied:
            form.add_error("document", _("Bạn không theo dõi văn bản này."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã giao nhiệm vụ thực hiện kiến nghị."))
            return redirect("oversight:recommendation", pk=rec.pk)
    return form_page(
        request,
        form,
        heading=_("Giao nhiệm vụ thực hiện kiến nghị"),
        submit=pgettext("button", "Giao nhiệm vụ"),
        intro=rec.subject,
        back=reverse("oversight:recommendation", args=[rec.pk]),
        back_label=str(rec),
    )


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_some_right(user)
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {}
    raw = request.GET.get("document", "")
    if raw.isdigit():
        initial["document"] = int(raw)
    form = ReviewForm(
        data, units=policy.visible_units(user), documents=recent_documents(user), initial=initial
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        review = submit(
            form,
            lambda: services.review_create(
                actor=user,
                kind=d["kind"],
                document=d["document"],
                unit=d["unit"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                held_on=d["held_on"],
                title=d["title"],
            ),
            refused_on="unit",
            refusal=NO_RIGHT,
        )
        if review is not None:
            messages.success(request, _("Đã lập dự thảo sơ kết, tổng kết từ số liệu."))
            return redirect("oversight:review", pk=review.pk)
    return form_page(
        request,
        form,
        heading=_("Mở sơ kết, tổng kết"),
        submit=_("Lập dự thảo"),
        back=reverse("oversight:reviews"),
        back_label=_("Sơ kết, tổng kết"),
    )
