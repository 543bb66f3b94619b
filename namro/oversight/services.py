"""Every write to visits, recommendations and reviews.

Each service validates, writes inside one transaction, records an audit event and returns the
object. When the actor is a signed-in user the service re-checks the user's right inside the
transaction; ``actor=None`` is the system (demo loading, imports).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.audit.services import record, snapshot
from namro.core.actors import Actor
from namro.core.files import check_uploads, stored_fields
from namro.documents.models import Document, DocumentKind
from namro.documents.services import document_create
from namro.orgs.models import Person, Position, Unit
from namro.tasks.models import Task
from namro.tasks.services import task_create

from .models import (
    DelegationRole,
    Recommendation,
    RecommendationEvent,
    RecommendationOutcome,
    RecommendationState,
    Review,
    ReviewKind,
    Visit,
    VisitAttachment,
    VisitKind,
    VisitMember,
    VisitState,
)

S = RecommendationState

# The steps a recommendation may take from each state.
NEXT_STATES: dict[str, frozenset[str]] = {
    S.RAISED: frozenset({S.RECEIVED, S.UNDER_CONSIDERATION, S.ANSWERED}),
    S.RECEIVED: frozenset({S.UNDER_CONSIDERATION, S.ANSWERED}),
    S.UNDER_CONSIDERATION: frozenset({S.ANSWERED}),
    S.ANSWERED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

VISIT_FIELDS = ["kind", "title", "visiting_unit", "host_unit", "held_on", "place", "state"]


def _d(day: date) -> str:
    return date_format(day, "d/m/Y")


def _today() -> date:
    return timezone.localdate()


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _not_future(day: date, field: str, what: str) -> None:
    if day > _today():
        raise ValidationError(
            {field: _("%(what)s %(day)s là ngày trong tương lai.") % {"what": what, "day": _d(day)}}
        )


@dataclass(frozen=True)
class MemberInput:
    """A delegation member as given to ``visit_create``: the person, the title they held then
    (read from their positions when blank) and their role in the delegation."""

    person: Person
    role: str = ""
    position_title: str = ""


def _titles_on(person: Person, day: date) -> str:
    positions = Position.objects.filter(person=person).filter(
        Q(since__isnull=True) | Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day)
    )
    return ", ".join(p.title for p in positions.order_by("-is_head", "id"))


def _check_members(visiting: Unit, day: date, members: Sequence[MemberInput]) -> list[MemberInput]:
    """Resolve each member's role and title; an outsider to the visiting body needs a role."""
    seen: set[int] = set()
    inside = set(
        Position.objects.filter(
            visiting.subtree_q("unit__"),
            person__in=[m.person.pk for m in members],
        )
        .filter(
            Q(since__isnull=True) | Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day)
        )
        .values_list("person_id", flat=True)
    )
    resolved = []
    for m in members:
        if m.person.pk in seen:
            raise ValidationError(
                {"members": _("%(name)s được ghi hai lần trong đoàn.") % {"name": m.person}}
            )
        seen.add(m.person.pk)
        role = m.role.strip()
        if role and role not in DelegationRole.values:
            raise ValidationError(
                {"members": _("Vai trò «%(role)s» trong đoàn không hợp lệ.") % {"role": role}}
            )
        if not role:
            if m.person.pk not in inside:
                raise ValidationError(
                    {
                        "members": _(
                            "%(name)s không giữ chức vụ nào trong %(unit)s: phải nêu vai trò "
                            "trong đoàn (trưởng đoàn, thành viên, đại biểu mời…)."
                        )
                        % {"name": m.person, "unit": visiting}
                    }
                )
            role = DelegationRole.MEMBER
        title = m.position_title.strip() or _titles_on(m.person, day)
        resolved.append(MemberInput(person=m.person, role=role, position_title=title))
    return resolved


def visit_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    visiting_unit: Unit,
    host_unit: Unit,
    held_on: date,
    place: str = "",
    state: str = VisitState.PLANNED,
    members: Sequence[MemberInput] = (),
    subject_documents: Iterable[Document] = (),
    agenda: str = "",
    minutes: str = "",
    report: Document | None = None,
    attachments: Sequence[UploadedFile] = (),
    is_sample: bool = False,
) -> Visit:
    """Record a visit, planned or already held, with its delegation members and files."""
    _check_files(attachments)
    errors: dict[str, str] = {}
    if kind not in VisitKind.values:
        errors["kind"] = _("Hình thức «%(v)s» không hợp lệ.") % {"v": kind}
    if state not in VisitState.values:
        errors["state"] = _("Trạng thái «%(v)s» không hợp lệ.") % {"v": state}
    if not title.strip():
        errors["title"] = _("Nội dung buổi làm việc không được để trống.")
    if visiting_unit.pk == host_unit.pk:
        errors["host_unit"] = _("Đơn vị làm việc phải khác đoàn công tác.")
    if state == VisitState.HELD and held_on > _today():
        errors["held_on"] = _(
            "Buổi làm việc đã diễn ra không thể có ngày %(day)s trong tương lai."
        ) % {"day": _d(held_on)}
    if errors:
        raise ValidationError(errors)
    subjects = list(subject_documents)
    with transaction.atomic():
        policy.require(actor, Action.VISIT_CREATE, visiting_unit, host=host_unit)
        resolved = _check_members(visiting_unit, held_on, members)
        visit = Visit.objects.create(
            kind=kind,
            title=title.strip(),
            visiting_unit=visiting_unit,
            host_unit=host_unit,
            held_on=held_on,
            place=place.strip(),
            state=state,
            agenda=agenda.strip(),
            minutes=minutes.strip(),
            report=report,
            is_sample=is_sample,
            created_by=_user(actor),
        )
        visit.subject_documents.set(subjects)
        VisitMember.objects.bulk_create(
            VisitMember(
                visit=visit,
                person=m.person,
                role=m.role,
                position_title=m.position_title,
                order=i,
            )
            for i, m in enumerate(resolved, start=1)
        )
        _keep_files(actor, visit, attachments)
        record(
            actor=actor,
            action="visit.create",
            obj=visit,
            after={
                **snapshot(visit),
                "subject_documents": [d.pk for d in subjects],
                "members": [[m.person.pk, m.role, m.position_title] for m in resolved],
            },
        )
    return visit


def visit_hold(
    *, actor: Actor, visit: Visit, held_on: date | None = None, minutes: str = ""
) -> Visit:
    """Mark a planned visit as held on ``held_on`` (not in the future), with its minutes."""
    day = held_on or visit.held_on
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        policy.require(actor, Action.VISIT_MANAGE, visit)
        if visit.state == VisitState.HELD:
            raise ValidationError({"state": _("Buổi làm việc đã được ghi nhận là đã diễn ra.")})
        if day > _today():
            raise ValidationError(
                {
                    "held_on": _(
                        "Buổi làm việc đã diễn ra không thể có ngày %(day)s trong tương lai."
                    )
                    % {"day": _d(day)}
                }
            )
        before = snapshot(visit, [*VISIT_FIELDS, "minutes"])
        visit.state = VisitState.HELD
        visit.held_on = day
        if minutes.strip():
            visit.minutes = minutes.strip()
        visit.save()
        record(
            actor=actor,
            action="visit.hold",
            obj=visit,
            before=before,
            after=snapshot(visit, [*VISIT_FIELDS, "minutes"]),
        )
    return visit


def visit_member_add(
    *, actor: Actor, visit: Visit, person: Person, role: str = "", position_title: str = ""
) -> VisitMember:
    """Add a person to the delegation of ``visit``, with the title they held on its day; a
    person who holds no position in the visiting body must be given a role."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("visiting_unit").get(pk=visit.pk)
        policy.require(actor, Action.VISIT_MANAGE, visit)
        if visit.members.filter(person=person).exists():
            raise ValidationError(
                {"person": _("%(name)s đã có trong thành phần đoàn.") % {"name": person}}
            )
        try:
            (member,) = _check_members(
                visit.visiting_unit,
                visit.held_on,
                [MemberInput(person=person, role=role, position_title=position_title)],
            )
        except ValidationError as exc:
            # Either the role given is unknown or an outsider to the body was given none.
            raise ValidationError({"role": exc.messages}) from None
        last = visit.members.order_by("-order").values_list("order", flat=True).first() or 0
        created = VisitMember.objects.create(
            visit=visit,
            person=person,
            role=member.role,
            position_title=member.position_title,
            order=last + 1,
        )
        record(actor=actor, action="visit.member_add", obj=visit, after=snapshot(created))
    return created


def visit_member_remove(*, actor: Actor, visit: Visit, person: Person) -> None:
    """Take a person off the delegation of ``visit`` (the audit log keeps who it was)."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        policy.require(actor, Action.VISIT_MANAGE, visit)
        member = visit.members.filter(person=person).first()
        if member is None:
            raise ValidationError(
                {"person": _("%(name)s không có trong thành phần đoàn.") % {"name": person}}
            )
        before = snapshot(member)
        member.delete()
        record(actor=actor, action="visit.member_remove", obj=visit, before=before)


@dataclass(frozen=True)
class ConclusionTask:
    """A task the conclusion sets; the arguments of ``tasks.services.task_create``."""

    action: str
    lead_unit: Unit
    due_on: date | None = None
    owner: Person | None = None
    expected_output: str = ""
    recurrence: str = "none"
    coordinating_units: tuple[Unit, ...] = ()
    section: str = ""


def visit_conclude(
    *,
    actor: Actor,
    visit: Visit,
    issued_on: date,
    title: str,
    number: str = "",
    body: str = "",
    issuer: Unit | None = None,
    tasks: Sequence[ConclusionTask] = (),
    is_sample: bool = False,
) -> Document:
    """Issue the conclusion notice (thông báo kết luận) of a held visit, with its tasks.

    The notice is issued by the visiting body unless ``issuer`` says otherwise; the tasks are
    tasks of the notice, under the visiting body's authority.
    """
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("visiting_unit").get(pk=visit.pk)
        policy.require(actor, Action.VISIT_CONCLUDE, visit, issuer=issuer)
        if visit.state != VisitState.HELD:
            raise ValidationError({"state": _("Chỉ kết luận buổi làm việc đã diễn ra.")})
        if visit.conclusion_id is not None:
            raise ValidationError({"conclusion": _("Buổi làm việc đã có thông báo kết luận.")})
        if issued_on < visit.held_on:
            raise ValidationError(
                {
                    "issued_on": _("Ngày kết luận %(day)s trước ngày làm việc %(held)s.")
                    % {"day": _d(issued_on), "held": _d(visit.held_on)}
                }
            )
        _not_future(issued_on, "issued_on", _("Ngày kết luận"))
        conclusion = document_create(
            actor=actor,
            kind=DocumentKind.CONCLUSION_NOTICE,
            number=number,
            title=title,
            body=body,
            issuer=issuer or visit.visiting_unit,
            issued_on=issued_on,
            is_sample=is_sample,
        )
        for i, t in enumerate(tasks, start=1):
            task_create(
                actor=actor,
                document=conclusion,
                action=t.action,
                lead_unit=t.lead_unit,
                coordinating_units=t.coordinating_units,
                owner=t.owner,
                authority=visit.visiting_unit,
                due_on=t.due_on,
                recurrence=t.recurrence,
                expected_output=t.expected_output,
                section=t.section or str(i),
                assigned_on=issued_on,
            )
        visit.conclusion = conclusion
        visit.save(update_fields=["conclusion", "updated_at"])
        record(
            actor=actor,
            action="visit.conclude",
            obj=visit,
            before={"conclusion_id": None},
            after={"conclusion_id": conclusion.pk, "tasks": len(tasks)},
        )
    return conclusion


def _check_files(files: Sequence[UploadedFile]) -> None:
    """Refuse a file of a type not accepted or too large, before anything reads it."""
    check_uploads(files, "attachments")


def _keep_files(actor: Actor, visit: Visit, files: Sequence[UploadedFile]) -> list[VisitAttachment]:
    made = []
    for f in files:
        attachment = VisitAttachment.objects.create(visit=visit, **stored_fields(f))
        record(
            actor=actor,
            action="visit.attach",
            obj=attachment,
            after={
                "visit_id": visit.pk,
                "file": attachment.file.name,
                "name": attachment.name,
                "size": attachment.size,
                "content_type": attachment.content_type,
            },
        )
        made.append(attachment)
    return made


def visit_attach(
    *, actor: Actor, visit: Visit, files: Sequence[UploadedFile]
) -> list[VisitAttachment]:
    """Keep files with a visit, after checking their type and size."""
    _check_files(files)
    if not files:
        raise ValidationError({"attachments": _("Hãy chọn ít nhất một tệp.")})
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        policy.require(actor, Action.VISIT_MANAGE, visit)
        return _keep_files(actor, visit, files)


def recommendation_raise(
    *,
    actor: Actor,
    raised_by: Unit,
    addressed_to: Unit,
    subject: str,
    responsible_unit: Unit | None = None,
    detail: str = "",
    visit: Visit | None = None,
    source_document: Document | None = None,
    subject_document: Document | None = None,
    raised_on: date | None = None,
    answer_due_on: date | None = None,
    is_sample: bool = False,
) -> Recommendation:
    """A unit raises a recommendation to a higher body (from a visit or a report)."""
    day = raised_on or _today()
    errors: dict[str, str] = {}
    if not subject.strip():
        errors["subject"] = _("Nội dung kiến nghị không được để trống.")
    if addressed_to.depth >= raised_by.depth:
        errors["addressed_to"] = _("Kiến nghị phải gửi cơ quan cấp trên của %(unit)s.") % {
            "unit": raised_by
        }
    if answer_due_on is not None and answer_due_on < day:
        errors["answer_due_on"] = _("Hạn trả lời %(due)s trước ngày kiến nghị %(day)s.") % {
            "due": _d(answer_due_on),
            "day": _d(day),
        }
    if day > _today():
        errors["raised_on"] = _("Ngày kiến nghị %(day)s là ngày trong tương lai.") % {
            "day": _d(day)
        }
    if visit is not None and raised_by.pk not in {visit.host_unit_id, visit.visiting_unit_id}:
        errors["visit"] = _("Đơn vị kiến nghị không tham gia buổi làm việc này.")
    if visit is not None and day < visit.held_on:
        errors["raised_on"] = _("Ngày kiến nghị trước ngày làm việc %(day)s.") % {
            "day": _d(visit.held_on)
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy.require(actor, Action.RECOMMENDATION_RAISE, raised_by)
        recommendation = Recommendation.objects.create(
            raised_by=raised_by,
            addressed_to=addressed_to,
            responsible_unit=responsible_unit or addressed_to,
            subject=subject.strip(),
            detail=detail.strip(),
            visit=visit,
            source_document=source_document,
            subject_document=subject_document,
            raised_on=day,
            answer_due_on=answer_due_on,
            is_sample=is_sample,
        )
        RecommendationEvent.objects.create(
            recommendation=recommendation,
            state=S.RAISED,
            on=day,
            actor=_user(actor),
            unit=raised_by,
            note=subject.strip(),
        )
        record(
            actor=actor,
            action="recommendation.raise",
            obj=recommendation,
            after=snapshot(recommendation),
        )
    return recommendation


def _step(
    *,
    actor: Actor,
    recommendation: Recommendation,
    to: str,
    on: date | None,
    note: str = "",
    outcome: str = "",
    permission: Action,
) -> Recommendation:
    day = on or _today()
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        policy.require(actor, permission, rec)
        if to not in NEXT_STATES[rec.state]:
            if rec.state == S.CLOSED:
                message = _("Kiến nghị đã kết thúc ngày %(day)s, không thể «%(step)s».") % {
                    "day": _d(rec.closed_on) if rec.closed_on else "",
                    "step": S(to).label,
                }
            else:
                message = _(
                    "Kiến nghị đang ở bước «%(now)s», không thể chuyển sang «%(step)s»."
                ) % {
                    "now": S(rec.state).label,
                    "step": S(to).label,
                }
            raise ValidationError({"state": message})
        last = rec.events.order_by("-on", "-id").values_list("on", flat=True).first()
        if last is not None and day < last:
            raise ValidationError(
                {
                    "on": _("Ngày %(day)s trước bước trước đó (%(last)s).")
                    % {"day": _d(day), "last": _d(last)}
                }
            )
        if day > _today():
            raise ValidationError(
                {"on": _("Ngày %(day)s là ngày trong tương lai.") % {"day": _d(day)}}
            )
        before = snapshot(rec)
        rec.state = to
        if to == S.RECEIVED:
            rec.received_on = day
        elif to == S.UNDER_CONSIDERATION:
            rec.received_on = rec.received_on or day
        elif to == S.ANSWERED:
            rec.received_on = rec.received_on or day
            rec.answered_on = day
            rec.outcome = outcome
            rec.answer = note.strip()
        elif to == S.CLOSED:
            rec.closed_on = day
        rec.save()
        RecommendationEvent.objects.create(
            recommendation=rec,
            state=to,
            on=day,
            actor=_user(actor),
            unit=None if to == S.CLOSED else rec.responsible_unit,
            outcome=outcome,
            note=note.strip(),
        )
        record(
            actor=actor,
            action=f"recommendation.{to}",
            obj=rec,
            before=before,
            after=snapshot(rec),
        )
    return rec


def recommendation_receive(
    *, actor: Actor, recommendation: Recommendation, on: date | None = None, note: str = ""
) -> Recommendation:
    """The body addressed acknowledges receipt."""
    return _step(
        actor=actor,
        recommendation=recommendation,
        to=S.RECEIVED,
        on=on,
        note=note,
        permission=Action.RECOMMENDATION_HANDLE,
    )


def recommendation_consider(
    *, actor: Actor, recommendation: Recommendation, on: date | None = None, note: str = ""
) -> Recommendation:
    """The responsible body takes the recommendation under consideration."""
    return _step(
        actor=actor,
        recommendation=recommendation,
        to=S.UNDER_CONSIDERATION,
        on=on,
        note=note,
        permission=Action.RECOMMENDATION_HANDLE,
    )


def recommendation_answer(
    *,
    actor: Actor,
    recommendation: Recommendation,
    outcome: str,
    answer: str,
    on: date | None = None,
) -> Recommendation:
    """The responsible body answers: accepted, partly accepted, declined or referred."""
    if outcome not in RecommendationOutcome.values:
        raise ValidationError(
            {"outcome": _("Kết quả xem xét «%(v)s» không hợp lệ.") % {"v": outcome}}
        )
    if not answer.strip():
        raise ValidationError({"answer": _("Phải nêu nội dung trả lời kiến nghị.")})
    return _step(
        actor=actor,
        recommendation=recommendation,
        to=S.ANSWERED,
        on=on,
        note=answer,
        outcome=outcome,
        permission=Action.RECOMMENDATION_HANDLE,
    )


def recommendation_close(
    *, actor: Actor, recommendation: Recommendation, on: date | None = None, note: str = ""
) -> Recommendation:
    """Close an answered recommendation."""
    return _step(
        actor=actor,
        recommendation=recommendation,
        to=S.CLOSED,
        on=on,
        note=note,
        permission=Action.RECOMMENDATION_CLOSE,
    )


def recommendation_spawn_task(
    *,
    actor: Actor,
    recommendation: Recommendation,
    document: Document,
    action: str,
    lead_unit: Unit,
    due_on: date | None = None,
    owner: Person | None = None,
    expected_output: str = "",
    assigned_on: date | None = None,
) -> Task:
    """A task that carries out an accepted (or partly accepted) recommendation."""
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        policy.require(actor, Action.RECOMMENDATION_HANDLE, rec)
        policy.require(actor, Action.DOCUMENT_MANAGE, document)
        if rec.outcome not in {
            RecommendationOutcome.ACCEPTED,
            RecommendationOutcome.PARTLY_ACCEPTED,
        }:
            raise ValidationError(
                {"outcome": _("Chỉ giao nhiệm vụ từ kiến nghị đã được tiếp thu.")}
            )
        task = task_create(
            actor=actor,
            document=document,
            action=action,
            lead_unit=lead_unit,
            owner=owner,
            authority=rec.responsible_unit,
            due_on=due_on,
            expected_output=expected_output,
            assigned_on=assigned_on
            or max(rec.answered_on or document.issued_on, document.issued_on),
        )
        rec.tasks.add(task)
        record(
            actor=actor,
            action="recommendation.spawn_task",
            obj=rec,
            after={"task_id": task.pk},
        )
    return task


def review_create(
    *,
    actor: Actor,
    kind: str,
    document: Document,
    unit: Unit,
    period_start: date,
    period_end: date,
    title: str = "",
    held_on: date | None = None,
    is_sample: bool = False,
) -> Review:
    """Open an interim or final review of ``document`` by ``unit`` over a period."""
    errors: dict[str, str] = {}
    if kind not in ReviewKind.values:
        errors["kind"] = _("Loại «%(v)s» không hợp lệ.") % {"v": kind}
    if period_end < period_start:
        errors["period_end"] = _("Ngày kết thúc kỳ %(end)s trước ngày bắt đầu %(start)s.") % {
            "end": _d(period_end),
            "start": _d(period_start),
        }
    if held_on is not None and held_on > _today():
        errors["held_on"] = _("Hội nghị đã tổ chức không thể có ngày %(day)s trong tương lai.") % {
            "day": _d(held_on)
        }
    if errors:
        raise ValidationError(errors)
    label = ReviewKind(kind).label
    with transaction.atomic():
        policy.require(actor, Action.REVIEW_MANAGE, unit)
        review = Review.objects.create(
            kind=kind,
            document=document,
            unit=unit,
            period_start=period_start,
            period_end=period_end,
            held_on=held_on,
            title=title.strip() or f"{label} {document}",
            is_sample=is_sample,
            created_by=_user(actor),
        )
        record(actor=actor, action="review.create", obj=review, after=snapshot(review))
    return review
