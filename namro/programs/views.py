"""Pages: work programmes and each item's status and slippage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.forms import apply_errors, submit
from namro.documents.models import Document
from namro.oversight.edit_views import form_page, recent_documents
from namro.oversight.models import Review, Visit, VisitState
from namro.tasks.models import TaskStatus

from . import services
from .forms import ItemForm, LinkForm, ProgramForm
from .models import ProgramItem, WorkProgram
from .selectors import count_rows, item_rows, program_items

LINK_CHOICES = 200


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = list(policy.visible_programs(request.user).select_related("unit", "document")[:100])
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "can_create": policy.allows(request.user, Action.PROGRAM_CREATE)},
    )


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(policy.visible_programs(request.user).select_related("unit"), pk=pk)
    today = timezone.localdate()
    rows = item_rows(list(program_items(program)), today)
    labels = dict(TaskStatus.choices)
    context = {
        "program": program,
        "rows": [(r, labels.get(r.status, "")) for r in rows],
        "counts": count_rows(rows),
        "today": today,
        "can_manage": policy.allows(request.user, Action.PROGRAM_MANAGE, program),
    }
    return render(request, "programs/program_detail.html", context)


def _managed(request: HttpRequest, pk: int) -> WorkProgram:
    """The programme, if the user sees it and may plan in it; otherwise 404."""
    program = get_object_or_404(policy.visible_programs(request.user).select_related("unit"), pk=pk)
    if not policy.allows(request.user, Action.PROGRAM_MANAGE, program):
        raise Http404
    return program


def _back(program: WorkProgram) -> dict[str, str]:
    return {"back": reverse("programs:detail", args=[program.pk]), "back_label": program.title}


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.allows(user, Action.PROGRAM_CREATE):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = ProgramForm(data, units=policy.visible_units(user))
    if data is not None and form.is_valid():
        d = form.cleaned_data
        program = submit(
            form,
            lambda: services.program_create(
                actor=user,
                unit=d["unit"],
                kind=d["kind"],
                title=d["title"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
            ),
            refused_on="unit",
            refusal=_("Bạn không được giao theo dõi đơn vị này."),
        )
        if program is not None:
            messages.success(request, _("Đã lập chương trình; hãy thêm các nội dung."))
            return redirect("programs:detail", pk=program.pk)
    return form_page(
        request,
        form,
        heading=_("Lập chương trình công tác"),
        submit=_("Lưu chương trình"),
        back=reverse("programs:list"),
        back_label=_("Chương trình công tác"),
    )


@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = _managed(request, pk)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(
        data,
        units=policy.visible_units(request.user),
        initial={"year": program.starts_on.year, "period_number": 1},
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.program_item_add(
                actor=request.user,
                program=program,
                kind=d["kind"],
                title=d["title"],
                period_kind=d["period_kind"],
                year=d["year"],
                period_number=d["period_number"] or 1,
                lead_unit=d["lead_unit"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm nội dung vào chương trình."))
            return redirect("programs:detail", pk=program.pk)
    return form_page(request, form, heading=_("Thêm nội dung"), submit=_("Thêm"), **_back(program))


@login_required
def item_link(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Link an item to the document issued, review held or visit held that carried it out."""
    user = request.user
    program = _managed(request, pk)
    item = get_object_or_404(ProgramItem.objects.filter(program=program), pk=item_pk)
    in_unit = program.unit.subtree_q
    documents = recent_documents(user, Document.objects.filter(in_unit("issuer__")))
    reviews = policy.visible_reviews(user, Review.objects.filter(in_unit("unit__"))).order_by(
        "-period_end"
    )[:LINK_CHOICES]
    visits = policy.visible_visits(
        user,
        Visit.objects.filter(in_unit("visiting_unit__") | in_unit("host_unit__")).filter(
            state=VisitState.HELD
        ),
    ).order_by("-held_on")[:LINK_CHOICES]
    data = request.POST if request.method == "POST" else None
    form = LinkForm(
        data,
        documents=documents,
        reviews=Review.objects.filter(pk__in=[r.pk for r in reviews]),
        visits=Visit.objects.filter(pk__in=[v.pk for v in visits]).select_related(
            "visiting_unit", "host_unit"
        ),
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.program_item_link(
                actor=user, item=item, document=d["document"], review=d["review"], visit=d["visit"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã gắn nội dung với kết quả thực hiện."))
            return redirect("programs:detail", pk=program.pk)
    return form_page(
        request,
        form,
        heading=_("Gắn kết quả thực hiện"),
        submit=_("Gắn kết quả"),
        intro=f"{item.title} ({item.get_kind_display()}, {date_format(item.due_on, 'd/m/Y')})",
        **_back(program),
    )
