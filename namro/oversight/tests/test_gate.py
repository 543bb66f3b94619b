"""Every write service of oversight, programmes and insights asks the gate itself.

Called directly (no page, no API), an outsider — a tracker of another province — is refused
with ``PermissionDenied`` and nothing is written; the owner (the tracker of the province)
and the system (``actor=None``) succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils import timezone

from namro.access.models import Role
from namro.access.tests.personas import Personas
from namro.audit.models import AuditEvent
from namro.documents.models import Document
from namro.factories import UserFactory, grant
from namro.insights import services as insights
from namro.insights.evaluation import Period
from namro.insights.models import ClosedPeriod, PeriodCorrection
from namro.oversight import services as oversight
from namro.oversight.models import (
    Recommendation,
    RecommendationEvent,
    RecommendationOutcome,
    Review,
    ReviewKind,
    Visit,
    VisitAttachment,
    VisitKind,
    VisitMember,
    VisitState,
)
from namro.programs import services as programs
from namro.programs.models import ItemKind, PeriodKind, ProgramItem, ProgramKind, WorkProgram
from namro.tasks.models import Task

WATCHED: list[type[Model]] = [
    AuditEvent,
    Visit,
    VisitMember,
    VisitAttachment,
    Recommendation,
    RecommendationEvent,
    Review,
    WorkProgram,
    ProgramItem,
    ClosedPeriod,
    PeriodCorrection,
    Document,
    Task,
]

Call = Callable[[Any], Any]


def _today() -> date:
    return timezone.localdate()


def _visit(p: Personas, state: str = VisitState.PLANNED) -> Visit:
    held = _today() - timedelta(days=3) if state == VisitState.HELD else _today()
    return oversight.visit_create(
        actor=None,
        kind=VisitKind.INSPECTION,
        title="Kiểm tra việc thực hiện kế hoạch",
        visiting_unit=p.province,
        host_unit=p.department,
        held_on=held,
        state=state,
    )


def _recommendation(p: Personas, answered: bool = False) -> Recommendation:
    rec = oversight.recommendation_raise(
        actor=None,
        raised_by=p.department,
        addressed_to=p.province,
        subject="Đề nghị bổ sung kinh phí",
        raised_on=_today() - timedelta(days=2),
    )
    if answered:
        oversight.recommendation_answer(
            actor=None,
            recommendation=rec,
            outcome=RecommendationOutcome.ACCEPTED,
            answer="Tiếp thu",
            on=_today() - timedelta(days=1),
        )
    return rec


def _program(p: Personas) -> WorkProgram:
    return programs.program_create(
        actor=None,
        unit=p.province,
        kind=ProgramKind.ANNUAL,
        title="Chương trình công tác năm 2025",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )


def _item(p: Personas) -> ProgramItem:
    return programs.program_item_add(
        actor=None,
        program=_program(p),
        kind=ItemKind.OTHER,
        title="Hội nghị quán triệt",
        period_kind=PeriodKind.QUARTER,
        year=2025,
        period_number=2,
    )


Q1 = Period("quarter", 2025, 1)


def visit_create(p: Personas) -> Call:
    return lambda actor: oversight.visit_create(
        actor=actor,
        kind=VisitKind.SUPERVISION,
        title="Giám sát chuyên đề",
        visiting_unit=p.province,
        host_unit=p.department,
        held_on=_today(),
    )


def visit_hold(p: Personas) -> Call:
    visit = _visit(p)
    return lambda actor: oversight.visit_hold(actor=actor, visit=visit, minutes="Biên bản")


def visit_member_remove(p: Personas) -> Call:
    visit = _visit(p)
    VisitMember.objects.create(visit=visit, person=p.person, role="member", order=1)
    return lambda actor: oversight.visit_member_remove(actor=actor, visit=visit, person=p.person)


def visit_attach(p: Personas) -> Call:
    visit = _visit(p)
    return lambda actor: oversight.visit_attach(
        actor=actor,
        visit=visit,
        files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
    )


def visit_conclude(p: Personas) -> Call:
    visit = _visit(p, VisitState.HELD)
    return lambda actor: oversight.visit_conclude(
        actor=actor, visit=visit, issued_on=_today(), title="Thông báo kết luận"
    )


def recommendation_raise(p: Personas) -> Call:
    return lambda actor: oversight.recommendation_raise(
        actor=actor, raised_by=p.department, addressed_to=p.province, subject="Đề nghị"
    )


def recommendation_receive(p: Personas) -> Call:
    rec = _recommendation(p)
    return lambda actor: oversight.recommendation_receive(actor=actor, recommendation=rec)


def recommendation_answer(p: Personas) -> Call:
    rec = _recommendation(p)
    return lambda actor: oversight.recommendation_answer(
        actor=actor, recommendation=rec, outcome=RecommendationOutcome.DECLINED, answer="Chưa"
    )


def recommendation_close(p: Personas) -> Call:
    rec = _recommendation(p, answered=True)
    return lambda actor: oversight.recommendation_close(actor=actor, recommendation=rec)


def recommendation_spawn_task(p: Personas) -> Call:
    rec = _recommendation(p, answered=True)
    return lambda actor: oversight.recommendation_spawn_task(
        actor=actor,
        recommendation=rec,
        document=p.document,
        action="Bố trí kinh phí theo kiến nghị",
        lead_unit=p.department,
        due_on=_today() + timedelta(days=60),
    )


def review_create(p: Personas) -> Call:
    return lambda actor: oversight.review_create(
        actor=actor,
        kind=ReviewKind.INTERIM,
        document=p.document,
        unit=p.department,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
    )


def program_create(p: Personas) -> Call:
    return lambda actor: programs.program_create(
        actor=actor,
        unit=p.province,
        kind=ProgramKind.TERM,
        title="Chương trình toàn khóa",
        starts_on=date(2025, 1, 1),
        ends_on=date(2030, 12, 31),
    )


def program_item_add(p: Personas) -> Call:
    program = _program(p)
    return lambda actor: programs.program_item_add(
        actor=actor,
        program=program,
        kind=ItemKind.OTHER,
        title="Sơ kết 6 tháng",
        period_kind=PeriodKind.QUARTER,
        year=2025,
        period_number=3,
    )


def program_item_link(p: Personas) -> Call:
    item = _item(p)
    return lambda actor: programs.program_item_link(actor=actor, item=item, document=p.document)


def program_item_cancel(p: Personas) -> Call:
    item = _item(p)
    return lambda actor: programs.program_item_cancel(actor=actor, item=item, reason="Lùi lịch")


def period_close(p: Personas) -> Call:
    return lambda actor: insights.period_close(
        actor=actor, unit=p.province, period=Q1, on=date(2025, 4, 5)
    )


def period_correct(p: Personas) -> Call:
    closed = insights.period_close(actor=None, unit=p.province, period=Q1, on=date(2025, 4, 5))
    return lambda actor: insights.period_correct(actor=actor, closed=closed, reason="Bổ sung")


CASES = [
    visit_create,
    visit_hold,
    visit_member_remove,
    visit_attach,
    visit_conclude,
    recommendation_raise,
    recommendation_receive,
    recommendation_answer,
    recommendation_close,
    recommendation_spawn_task,
    review_create,
    program_create,
    program_item_add,
    program_item_link,
    program_item_cancel,
    period_close,
    period_correct,
]


def _state() -> dict[str, list[dict[str, Any]]]:
    """Every row of the watched models, to show that a refused call changed nothing."""
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in WATCHED}


@pytest.fixture
def outsider(personas: Personas) -> Any:
    user = UserFactory(username="outside_tracker")
    grant(user, Role.TRACKER, personas.outside)
    return user


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_an_outsider_is_refused_and_nothing_is_written(personas, outsider, case) -> None:
    call = case(personas)
    before = _state()
    with pytest.raises(PermissionDenied):
        call(outsider)
    assert _state() == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_the_owner_may(personas, case) -> None:
    call = case(personas)
    events = AuditEvent.objects.count()
    call(personas.users["tracker"])
    assert AuditEvent.objects.count() > events


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_the_system_may(personas, case) -> None:
    call = case(personas)
    events = AuditEvent.objects.count()
    call(None)
    assert AuditEvent.objects.count() > events


@pytest.mark.parametrize("case", [visit_hold, recommendation_raise, period_close])
def test_a_viewer_of_the_same_unit_is_refused(personas, case) -> None:
    """Seeing is not doing: the viewer over the department may not write."""
    call = case(personas)
    with pytest.raises(PermissionDenied):
        call(personas.users["viewer"])
