"""The authorisation matrix of the visits, recommendations, reviews and programmes API: every
endpoint × every persona × an object in scope and one out of scope, with the expectations of
``namro.access.tests.test_api_matrix`` (anonymous 401, unseen 404, seen but not allowed 403).

Each row's object is built from the persona world's unit (the department in scope, the outside
department out of scope): a visit of its parent body to it, a recommendation it raises to its
parent body, a review and a programme of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from namro.access.tests.personas import PERSONAS, Personas
from namro.access.tests.test_api_matrix import MANAGES, SEES, Endpoint, _expected
from namro.oversight import services
from namro.oversight.models import VisitState
from namro.programs import services as program_services

pytestmark = pytest.mark.django_db

# A tracker or leader over the unit (or an admin): oversight.access.manages.
HANDLES = frozenset({"admin", "leader", "tracker"})
DAY = date(2025, 2, 1)


def _later() -> str:
    return (timezone.localdate() + timedelta(days=120)).isoformat()


def _visit(p: Personas, unit: Any, state: str = VisitState.HELD) -> Any:
    return services.visit_create(
        actor=None,
        kind="inspection",
        title="Kiểm tra việc thực hiện kế hoạch",
        visiting_unit=unit.parent,
        host_unit=unit,
        held_on=DAY,
        state=state,
    )


def _with_member(p: Personas, unit: Any) -> Any:
    visit = _visit(p, unit)
    person = p.person if unit == p.department else p.outside_person
    services.visit_member_add(actor=None, visit=visit, person=person)
    return visit


def _rec(p: Personas, unit: Any) -> Any:
    return services.recommendation_raise(
        actor=None,
        raised_by=unit,
        addressed_to=unit.parent,
        subject="Đề nghị bổ sung biên chế",
        raised_on=DAY,
        answer_due_on=DAY + timedelta(days=30),
    )


def _answered(p: Personas, unit: Any) -> Any:
    rec = _rec(p, unit)
    return services.recommendation_answer(
        actor=None, recommendation=rec, outcome="accepted", answer="Tiếp thu.", on=DAY
    )


def _review(p: Personas, unit: Any) -> Any:
    return services.review_create(
        actor=None,
        kind="interim",
        document=_document_of(p, unit),
        unit=unit,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
    )


def _program(p: Personas, unit: Any) -> Any:
    return program_services.program_create(
        actor=None,
        unit=unit,
        kind="annual",
        title="Chương trình công tác năm 2025",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )


def _item(p: Personas, unit: Any) -> Any:
    return program_services.program_item_add(
        actor=None,
        program=_program(p, unit),
        kind="issue_document",
        title="Ban hành kế hoạch",
        period_kind="quarter",
        year=2025,
        period_number=1,
    )


def _mine(p: Personas, obj: Any) -> bool:
    """Whether the row's object belongs to the in-scope side of the persona world."""
    for name in ("host_unit_id", "raised_by_id", "unit_id"):
        if hasattr(obj, name):
            return getattr(obj, name) == p.department.pk
    if hasattr(obj, "program"):
        return obj.program.unit_id == p.department.pk
    return obj == p.department


def _person_of(p: Personas, obj: Any) -> Any:
    return p.person if _mine(p, obj) else p.outside_person


def _document_of(p: Personas, obj: Any) -> Any:
    return p.document if _mine(p, obj) else p.outside_document


@dataclass(frozen=True)
class Row(Endpoint):
    """An ``Endpoint`` whose path may need more than the object's id."""

    url: Callable[[Personas, Any], str] | None = None


ROWS = [
    Row("GET", "/visits", "unit", listing=True, setup=_visit),
    Row("GET", "/visits/{id}", "unit", setup=_visit),
    Row(
        "POST",
        "/visits",
        "unit",
        allowed=HANDLES,
        ok=201,
        body=lambda p, u: {
            "kind": "supervision",
            "title": "Giám sát",
            "visiting_unit_id": u.parent_id,
            "host_unit_id": u.pk,
            "held_on": "2025-03-01",
            "state": "held",
        },
    ),
    Row(
        "POST",
        "/visits/{id}/members",
        "unit",
        allowed=HANDLES,
        ok=201,
        setup=_visit,
        body=lambda p, v: {"person_id": _person_of(p, v).pk, "role": "member"},
    ),
    Row(
        "DELETE",
        "/visits/{id}/members/{}",
        "unit",
        allowed=HANDLES,
        setup=_with_member,
        url=lambda p, v: f"/visits/{v.pk}/members/{_person_of(p, v).pk}",
    ),
    Row(
        "POST",
        "/visits/{id}/hold",
        "unit",
        allowed=HANDLES,
        setup=lambda p, u: _visit(p, u, VisitState.PLANNED),
        body=lambda p, v: {"minutes": "Đã làm việc."},
    ),
    Row(
        "POST",
        "/visits/{id}/conclude",
        "unit",
        allowed=MANAGES,
        ok=201,
        setup=_visit,
        body=lambda p, v: {
            "issued_on": "2025-02-10",
            "title": "Thông báo kết luận kiểm tra",
            "tasks": [
                {
                    "action": "Khắc phục hạn chế qua kiểm tra",
                    "lead_unit_id": v.host_unit_id,
                    "due_on": _later(),
                    "expected_output": "Báo cáo khắc phục",
                }
            ],
        },
    ),
    Row("GET", "/recommendations", "unit", listing=True, setup=_rec),
    Row("GET", "/recommendations/{id}", "unit", setup=_rec),
    Row(
        "POST",
        "/recommendations",
        "unit",
        allowed=HANDLES,
        ok=201,
        body=lambda p, u: {
            "raised_by_id": u.pk,
            "addressed_to_id": u.parent_id,
            "subject": "Đề nghị hướng dẫn",
        },
    ),
    Row("POST", "/recommendations/{id}/receive", "unit", allowed=HANDLES, setup=_rec),
    Row("POST", "/recommendations/{id}/consider", "unit", allowed=HANDLES, setup=_rec),
    Row(
        "POST",
        "/recommendations/{id}/answer",
        "unit",
        allowed=HANDLES,
        setup=_rec,
        body=lambda p, r: {"outcome": "partly_accepted", "answer": "Tiếp thu một phần."},
    ),
    Row("POST", "/recommendations/{id}/close", "unit", allowed=HANDLES, setup=_answered),
    Row(
        "POST",
        "/recommendations/{id}/tasks",
        "unit",
        allowed=MANAGES,
        ok=201,
        setup=_answered,
        body=lambda p, r: {
            "document_id": _document_of(p, r).pk,
            "action": "Bổ sung biên chế theo kiến nghị",
            "lead_unit_id": r.raised_by_id,
            "due_on": _later(),
        },
    ),
    Row("GET", "/reviews", "unit", listing=True, setup=_review),
    Row("GET", "/reviews/{id}", "unit", setup=_review),
    Row(
        "POST",
        "/reviews",
        "unit",
        allowed=HANDLES,
        ok=201,
        body=lambda p, u: {
            "kind": "interim",
            "document_id": _document_of(p, u).pk,
            "unit_id": u.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
        },
    ),
    Row("GET", "/programs", "unit", listing=True, setup=_program),
    Row("GET", "/programs/{id}", "unit", setup=_program),
    Row(
        "POST",
        "/programs",
        "unit",
        allowed=HANDLES,
        ok=201,
        body=lambda p, u: {
            "unit_id": u.pk,
            "kind": "annual",
            "title": "Chương trình công tác năm 2026",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    ),
    Row(
        "POST",
        "/programs/{id}/items",
        "unit",
        allowed=HANDLES,
        ok=201,
        setup=_program,
        body=lambda p, prog: {
            "kind": "hold_review",
            "title": "Sơ kết 6 tháng",
            "period_kind": "month",
            "year": 2025,
            "period_number": 6,
        },
    ),
    Row(
        "POST",
        "/programs/{id}/items/{}/link",
        "unit",
        allowed=HANDLES,
        setup=_item,
        url=lambda p, i: f"/programs/{i.program_id}/items/{i.pk}/link",
        body=lambda p, i: {"document_id": _document_of(p, i).pk},
    ),
]


def _call(client: Any, row: Row, personas: Personas, target: Any) -> Any:
    path = "/api/v1" + (
        row.url(personas, target) if row.url else row.path.replace("{id}", str(target.pk))
    )
    if row.method == "GET":
        return client.get(path)
    if row.method == "DELETE":
        return client.delete(path)
    body = row.body(personas, target) if row.body else {}
    return client.post(path, body, content_type="application/json")


@pytest.mark.parametrize("in_scope", [True, False], ids=["in_scope", "out_of_scope"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=str)
def test_api_authorisation(client, personas, row, persona, in_scope):
    obj = (personas.in_scope if in_scope else personas.out_of_scope)(row.kind)
    target = row.setup(personas, obj) if row.setup else obj
    user = personas.user(persona)
    if user is not None:
        client.force_login(user)
    response = _call(client, row, personas, target)
    expected = _expected(row, persona, in_scope)
    assert response.status_code == expected, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    if row.listing and expected == 200:
        ids = {item["id"] for item in response.json()["items"]}
        sees = persona in SEES if in_scope else persona == "admin"
        assert (target.pk in ids) == sees
    if expected >= 400:
        assert response.json()["detail"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_answer_counts_count_only_what_the_persona_sees(client, personas, persona):
    _rec(personas, personas.department)
    _rec(personas, personas.outside_department)
    user = personas.user(persona)
    if user is not None:
        client.force_login(user)
    response = client.get("/api/v1/recommendations/counts", {"as_of": "2025-02-15"})
    if persona == "anonymous":
        assert response.status_code == 401
        return
    seen = {"admin": 2, "norole": 0}.get(persona, 1)
    assert response.status_code == 200 and response.json()["in_progress"] == seen


PREFIXES = ("/api/v1/visits", "/api/v1/recommendations", "/api/v1/reviews", "/api/v1/programs")


def test_every_oversight_and_programme_operation_has_a_row():
    from namro.api import api

    covered = {(r.method, "/api/v1" + re.sub(r"\{[^}]*\}", "{}", r.path)) for r in ROWS}
    covered.add(("GET", "/api/v1/recommendations/counts"))
    missing = [
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, operations in api.get_openapi_schema()["paths"].items()
        if path.startswith(PREFIXES)
        for method in operations
        if (method.upper(), re.sub(r"\{[^}]+\}", "{}", path)) not in covered
    ]
    assert not missing
