"""API of visits and recommendations. Reads pass through ``access.policy`` (out of scope:
404); writes call the services, which re-check the caller's right inside their transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from namro.access import policy
from namro.access.policy import Action
from namro.api_support import ERRORS, Id, PageIn, check_ids, get_or_404, keyset_page
from namro.documents.models import Document
from namro.orgs.models import Person, Unit

from . import services
from .answers import count_answers_by_status
from .models import Recommendation, Visit
from .schemas import (
    AnswerCountsOut,
    AnswerIn,
    ConcludeIn,
    ConclusionOut,
    HoldIn,
    MemberIn,
    MemberRemovedOut,
    RecommendationDetailOut,
    RecommendationFilterIn,
    RecommendationIn,
    RecommendationPage,
    SpawnedTaskOut,
    SpawnTaskIn,
    StepIn,
    VisitDetailOut,
    VisitIn,
    VisitPage,
)
from .selectors import (
    member_candidates,
    recommendation_events,
    recommendations_for,
    visits_for,
)

visits = Router(tags=["Đoàn công tác"])
recommendations = Router(tags=["Kiến nghị"])


def _visit_out(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "kind": v.kind,
        "title": v.title,
        "visiting_unit_id": v.visiting_unit_id,
        "visiting_unit_name": v.visiting_unit.name,
        "host_unit_id": v.host_unit_id,
        "host_unit_name": v.host_unit.name,
        "held_on": v.held_on,
        "place": v.place,
        "state": v.state,
        "conclusion_id": v.conclusion_id,
        "is_sample": v.is_sample,
    }


def _visit_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    v = get_or_404(visits_for(request.user), pk)
    return {
        **_visit_out(v),
        "members": [
            {
                "person_id": m.person_id,
                "full_name": m.person.full_name,
                "position_title": m.position_title,
                "role": m.role,
            }
            for m in v.members.all()
        ],
        "subject_document_ids": [d.pk for d in v.subject_documents.all()],
        "agenda": v.agenda,
        "minutes": v.minutes,
        "recommendation_ids": list(
            recommendations_for(request.user, timezone.localdate())
            .filter(visit=v)
            .values_list("pk", flat=True)
        ),
    }


@visits.get("", response={200: VisitPage, **ERRORS}, summary="Danh sách buổi làm việc")
def visit_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    rows, cursor = keyset_page(
        visits_for(request.user), ("-held_on", "-id"), page.cursor, page.limit
    )
    return {"items": [_visit_out(v) for v in rows], "next_cursor": cursor}


@visits.get("/{visit_id}", response={200: VisitDetailOut, **ERRORS}, summary="Một buổi làm việc")
def visit_detail(request: HttpRequest, visit_id: Id) -> dict[str, Any]:
    return _visit_detail(request, visit_id)


@visits.post("", response={201: VisitDetailOut, **ERRORS}, summary="Ghi nhận một buổi làm việc")
def visit_create(request: HttpRequest, payload: VisitIn) -> Status:
    units = Unit.objects.all()
    visiting = get_or_404(units, payload.visiting_unit_id)
    host = get_or_404(units, payload.host_unit_id)
    if not (policy.visible_units(request.user).filter(pk__in=[visiting.pk, host.pk]).exists()):
        # Neither side is in the caller's scope: do not confirm the units exist.
        raise Http404
    people = member_candidates(request.user, visiting).in_bulk(
        [m.person_id for m in payload.members]
    )
    members = []
    for m in payload.members:
        person = people.get(m.person_id)
        if person is None:
            raise ValidationError({"members": f"Không tìm thấy cán bộ có mã {m.person_id}."})
        members.append(
            services.MemberInput(person=person, role=m.role, position_title=m.position_title)
        )
    subjects = list(
        policy.visible_documents(
            request.user, Document.objects.filter(pk__in=payload.subject_document_ids)
        )
    )
    visit = services.visit_create(
        actor=request.user,
        kind=payload.kind,
        title=payload.title,
        visiting_unit=visiting,
        host_unit=host,
        held_on=payload.held_on,
        place=payload.place,
        state=payload.state,
        members=members,
        subject_documents=subjects,
        agenda=payload.agenda,
    )
    return Status(201, _visit_detail(request, visit.pk))


@visits.post(
    "/{visit_id}/hold", response={200: VisitDetailOut, **ERRORS}, summary="Ghi nhận đã làm việc"
)
def visit_hold(request: HttpRequest, visit_id: Id, payload: HoldIn) -> dict[str, Any]:
    visit = get_or_404(visits_for(request.user), visit_id)
    services.visit_hold(
        actor=request.user, visit=visit, held_on=payload.held_on, minutes=payload.minutes
    )
    return _visit_detail(request, visit_id)


@visits.post(
    "/{visit_id}/members",
    response={201: VisitDetailOut, **ERRORS},
    summary="Thêm một thành viên đoàn",
)
def visit_member_add(request: HttpRequest, visit_id: Id, payload: MemberIn) -> Status:
    """The person's title on the visit's day is read from their positions when left blank; a
    person holding no position in the visiting body needs a ``role``."""
    visit = get_or_404(visits_for(request.user), visit_id)
    person = member_candidates(request.user, visit.visiting_unit).filter(pk=payload.person_id)
    found = person.first()
    if found is None:
        check_ids(Person.objects.none(), {"person_id": payload.person_id})
    services.visit_member_add(
        actor=request.user,
        visit=visit,
        person=found,
        role=payload.role,
        position_title=payload.position_title,
    )
    return Status(201, _visit_detail(request, visit_id))


@visits.delete(
    "/{visit_id}/members/{person_id}",
    response={200: MemberRemovedOut, **ERRORS},
    summary="Bỏ một thành viên khỏi đoàn",
)
def visit_member_remove(request: HttpRequest, visit_id: Id, person_id: Id) -> dict[str, int]:
    visit = get_or_404(visits_for(request.user), visit_id)
    member = visit.members.select_related("person").filter(person_id=person_id).first()
    if member is None:
        raise Http404
    services.visit_member_remove(actor=request.user, visit=visit, person=member.person)
    return {"visit_id": visit.pk, "person_id": person_id}


@visits.post(
    "/{visit_id}/conclude",
    response={201: ConclusionOut, **ERRORS},
    summary="Ban hành thông báo kết luận và giao nhiệm vụ",
)
def visit_conclude(request: HttpRequest, visit_id: Id, payload: ConcludeIn) -> Status:
    """The conclusion notice is a document of the visiting body; its tasks are tracked like
    any others. Only a visit already held can be concluded, once."""
    user = request.user
    visit = get_or_404(visits_for(user), visit_id)
    if not policy.allows(user, Action.VISIT_CONCLUDE, visit):
        raise PermissionDenied(
            _("Chỉ chuyên viên theo dõi của đoàn công tác được ban hành thông báo kết luận.")
        )
    units = policy.visible_units(user)
    for i, t in enumerate(payload.tasks):
        check_ids(
            units,
            {
                f"tasks.{i}.lead_unit_id": t.lead_unit_id,
                f"tasks.{i}.coordinating_unit_ids": t.coordinating_unit_ids,
            },
        )
        check_ids(policy.visible_people(user), {f"tasks.{i}.owner_id": t.owner_id})
    wanted = {t.lead_unit_id for t in payload.tasks}
    wanted |= {u for t in payload.tasks for u in t.coordinating_unit_ids}
    by_id = Unit.objects.in_bulk(wanted)
    people = Person.objects.in_bulk([t.owner_id for t in payload.tasks if t.owner_id])
    tasks = [
        services.ConclusionTask(
            action=t.action,
            lead_unit=by_id[t.lead_unit_id],
            due_on=t.due_on,
            owner=people.get(t.owner_id) if t.owner_id else None,
            expected_output=t.expected_output,
            recurrence=t.recurrence,
            coordinating_units=tuple(by_id[u] for u in t.coordinating_unit_ids),
        )
        for t in payload.tasks
    ]
    document = services.visit_conclude(
        actor=user,
        visit=visit,
        issued_on=payload.issued_on,
        title=payload.title,
        number=payload.number,
        body=payload.body,
        tasks=tasks,
    )
    return Status(
        201,
        {
            "visit_id": visit.pk,
            "document_id": document.pk,
            "number": document.number,
            "title": document.title,
            "issued_on": document.issued_on,
            "task_ids": list(document.tasks.order_by("order", "pk").values_list("pk", flat=True)),
        },
    )


def _rec_out(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "subject": r.subject,
        "raised_by_id": r.raised_by_id,
        "raised_by_name": r.raised_by.name,
        "addressed_to_id": r.addressed_to_id,
        "responsible_unit_id": r.responsible_unit_id,
        "responsible_unit_name": r.responsible_unit.name,
        "visit_id": r.visit_id,
        "raised_on": r.raised_on,
        "answer_due_on": r.answer_due_on,
        "state": r.state,
        "outcome": r.outcome,
        "answered_on": r.answered_on,
        "answer_status": getattr(r, "answer_status", None),
        "is_sample": r.is_sample,
    }


def _rec_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    r = get_or_404(recommendations_for(request.user, timezone.localdate()), pk)
    return {
        **_rec_out(r),
        "detail": r.detail,
        "answer": r.answer,
        "events": [
            {
                "state": e.state,
                "on": e.on,
                "actor": e.actor.username if e.actor else None,
                "outcome": e.outcome,
                "note": e.note,
            }
            for e in recommendation_events(r)
        ],
        "task_ids": list(r.tasks.values_list("pk", flat=True)),
    }


def _filtered(request: HttpRequest, filters: RecommendationFilterIn) -> Any:
    qs = recommendations_for(request.user, filters.as_of or timezone.localdate())
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.responsible_unit:
        qs = qs.filter(responsible_unit_id=filters.responsible_unit)
    if filters.overdue:
        qs = qs.filter(answer_status="overdue")
    return qs


@recommendations.get(
    "", response={200: RecommendationPage, **ERRORS}, summary="Danh sách kiến nghị"
)
def recommendation_list(
    request: HttpRequest, filters: Query[RecommendationFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    rows, cursor = keyset_page(
        _filtered(request, filters), ("raised_on", "id"), page.cursor, page.limit
    )
    return {"items": [_rec_out(r) for r in rows], "next_cursor": cursor}


@recommendations.get(
    "/counts", response={200: AnswerCountsOut, **ERRORS}, summary="Số kiến nghị theo hạn trả lời"
)
def recommendation_counts(
    request: HttpRequest, filters: Query[RecommendationFilterIn]
) -> dict[str, int]:
    """Answers owed, counted like tasks: in time, overdue, answered on time or late."""
    day = filters.as_of or timezone.localdate()
    return count_answers_by_status(_filtered(request, filters), day)


@recommendations.get(
    "/{rec_id}", response={200: RecommendationDetailOut, **ERRORS}, summary="Một kiến nghị"
)
def recommendation_detail(request: HttpRequest, rec_id: Id) -> dict[str, Any]:
    return _rec_detail(request, rec_id)


@recommendations.post(
    "", response={201: RecommendationDetailOut, **ERRORS}, summary="Nêu một kiến nghị"
)
def recommendation_raise(request: HttpRequest, payload: RecommendationIn) -> Status:
    units = Unit.objects.in_bulk(
        [
            i
            for i in (payload.raised_by_id, payload.addressed_to_id, payload.responsible_unit_id)
            if i
        ]
    )
    raised_by = get_or_404(policy.visible_units(request.user), payload.raised_by_id)
    addressed_to = units.get(payload.addressed_to_id)
    if addressed_to is None:
        raise Http404
    visit = get_or_404(visits_for(request.user), payload.visit_id) if payload.visit_id else None
    document = (
        get_or_404(policy.visible_documents(request.user), payload.subject_document_id)
        if payload.subject_document_id
        else None
    )
    rec = services.recommendation_raise(
        actor=request.user,
        raised_by=raised_by,
        addressed_to=addressed_to,
        responsible_unit=units.get(payload.responsible_unit_id)
        if payload.responsible_unit_id
        else None,
        subject=payload.subject,
        detail=payload.detail,
        visit=visit,
        subject_document=document,
        raised_on=payload.raised_on,
        answer_due_on=payload.answer_due_on,
    )
    return Status(201, _rec_detail(request, rec.pk))


def _step(request: HttpRequest, rec_id: int, service: Any, **kwargs: Any) -> dict[str, Any]:
    rec = get_or_404(recommendations_for(request.user, timezone.localdate()), rec_id)
    service(actor=request.user, recommendation=rec, **kwargs)
    return _rec_detail(request, rec_id)


@recommendations.post(
    "/{rec_id}/receive", response={200: RecommendationDetailOut, **ERRORS}, summary="Tiếp nhận"
)
def recommendation_receive(request: HttpRequest, rec_id: Id, payload: StepIn) -> dict[str, Any]:
    return _step(request, rec_id, services.recommendation_receive, on=payload.on, note=payload.note)


@recommendations.post(
    "/{rec_id}/consider",
    response={200: RecommendationDetailOut, **ERRORS},
    summary="Đưa vào xem xét",
)
def recommendation_consider(request: HttpRequest, rec_id: Id, payload: StepIn) -> dict[str, Any]:
    return _step(
        request, rec_id, services.recommendation_consider, on=payload.on, note=payload.note
    )


@recommendations.post(
    "/{rec_id}/answer", response={200: RecommendationDetailOut, **ERRORS}, summary="Trả lời"
)
def recommendation_answer(request: HttpRequest, rec_id: Id, payload: AnswerIn) -> dict[str, Any]:
    return _step(
        request,
        rec_id,
        services.recommendation_answer,
        on=payload.on,
        outcome=payload.outcome,
        answer=payload.answer,
    )


@recommendations.post(
    "/{rec_id}/close", response={200: RecommendationDetailOut, **ERRORS}, summary="Kết thúc"
)
def recommendation_close(request: HttpRequest, rec_id: Id, payload: StepIn) -> dict[str, Any]:
    return _step(request, rec_id, services.recommendation_close, on=payload.on, note=payload.note)


@recommendations.post(
    "/{rec_id}/tasks",
    response={201: SpawnedTaskOut, **ERRORS},
    summary="Giao nhiệm vụ thực hiện kiến nghị đã tiếp thu",
)
def recommendation_spawn_task(request: HttpRequest, rec_id: Id, payload: SpawnTaskIn) -> Status:
    """For an accepted or partly accepted recommendation, by the answering body's tracker who
    also keeps the document the task is given under."""
    user = request.user
    rec = get_or_404(recommendations_for(user, timezone.localdate()), rec_id)
    document = get_or_404(policy.visible_documents(user), payload.document_id)
    check_ids(policy.visible_units(user), {"lead_unit_id": payload.lead_unit_id})
    check_ids(policy.visible_people(user), {"owner_id": payload.owner_id})
    with transaction.atomic():
        task = services.recommendation_spawn_task(
            actor=user,
            recommendation=rec,
            document=document,
            action=payload.action,
            lead_unit=Unit.objects.get(pk=payload.lead_unit_id),
            due_on=payload.due_on,
            owner=Person.objects.get(pk=payload.owner_id) if payload.owner_id else None,
            expected_output=payload.expected_output,
            assigned_on=payload.assigned_on,
        )
    return Status(
        201,
        {
            "recommendation_id": rec.pk,
            "task_id": task.pk,
            "document_id": task.document_id,
            "action": task.action,
            "lead_unit_id": task.lead_unit_id,
            "due_on": task.due_on,
        },
    )
