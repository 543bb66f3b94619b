"""The API authorisation matrix: every endpoint × every persona × an object in scope and one
out of scope. A new endpoint is one more row in ``ENDPOINTS``.

Expected answers, unless the row says otherwise:
- anonymous → 401;
- a persona that cannot see the object → 404 (the object's existence does not leak);
- a persona that sees it but may not do this → 403;
- a persona that may → ``ok``.
List endpoints answer 200 to every authenticated persona and contain exactly what it sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from namro.access.tests.personas import PERSONAS, Personas
from namro.tasks import services as task_services

pytestmark = pytest.mark.django_db

SEES = frozenset({"admin", "leader", "tracker", "reporter", "viewer"})
REPORTS = frozenset({"admin", "tracker", "reporter"})
VERIFIES = frozenset({"admin", "tracker", "leader"})
MANAGES = frozenset({"admin", "tracker"})
DECIDES = frozenset({"admin", "leader"})


def _claimed(p: Personas, task: Any) -> Any:
    task_services.task_claim_done(actor=None, task=task, output_note="Đã xong", explanation="Trễ")
    return task


def _extension(p: Personas, task: Any) -> Any:
    return task_services.extension_request_create(
        actor=None, task=task, requested_due_on=task.due_on + timedelta(days=90), reason="Cần thêm"
    )


def _asked(p: Personas, task: Any) -> Any:
    return task_services.explanation_ask(actor=None, task=task, question="Vì sao chậm?")


def _answered(p: Personas, task: Any) -> Any:
    return task_services.explanation_answer(
        actor=None, request=_asked(p, task), reason="Thiếu vốn", remedy="Bổ sung vốn"
    )


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # "{id}" is the object's id
    kind: str  # which persona object: unit, person, position, document, task
    allowed: frozenset[str] = SEES
    ok: int = 200
    listing: bool = False
    body: Callable[[Personas, Any], dict[str, Any]] | None = None
    # Prepares the object (e.g. a pending claim) and returns what {id} names.
    setup: Callable[[Personas, Any], Any] | None = None
    # What a persona that cannot see the object gets (a body field naming it: 400).
    hidden: int = 404
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", "/units", "unit", listing=True),
    Endpoint("GET", "/units/tree?root={id}", "unit"),
    Endpoint("GET", "/units/{id}", "unit"),
    Endpoint("GET", "/units/{id}/subtree", "unit"),
    Endpoint("GET", "/people", "person", listing=True),
    Endpoint("GET", "/people/{id}", "person"),
    Endpoint("GET", "/positions", "position", listing=True),
    Endpoint("GET", "/documents", "document", listing=True),
    Endpoint("GET", "/documents/{id}", "document"),
    Endpoint("GET", "/documents/{id}/goals", "document"),
    Endpoint("GET", "/documents/{id}/indicators", "document"),
    Endpoint(
        "PATCH",
        "/documents/{id}",
        "document",
        allowed=MANAGES,
        body=lambda p, doc: {"received_on": f"{doc.issued_on:%Y-%m-%d}"},
    ),
    Endpoint(
        "POST",
        "/documents",
        "unit",
        allowed=MANAGES,
        ok=201,
        setup=lambda p, unit: p.province if unit == p.department else p.outside,
        body=lambda p, issuer: {
            "kind": "plan",
            "title": "Kế hoạch mới",
            "issuer_id": issuer.pk,
            "issued_on": "2025-03-01",
        },
        hidden=400,
    ),
    Endpoint("GET", "/tasks", "task", listing=True),
    Endpoint("GET", "/tasks/{id}", "task"),
    Endpoint("GET", "/tasks/{id}/updates", "task"),
    Endpoint("GET", "/tasks/{id}/extension-requests", "task"),
    Endpoint(
        "POST",
        "/tasks",
        "document",
        allowed=MANAGES,
        ok=201,
        body=lambda p, doc: {
            "document_id": doc.pk,
            "action": "Tổ chức hội nghị sơ kết",
            "lead_unit_id": (p.department if doc == p.document else p.outside_department).pk,
            "due_on": "2025-12-31",
        },
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/progress",
        "task",
        allowed=REPORTS,
        ok=201,
        body=lambda p, t: {"progress": 40, "explanation": "Chờ số liệu"},
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/claim",
        "task",
        allowed=REPORTS,
        ok=201,
        body=lambda p, t: {"output_note": "Đã ban hành đề án", "explanation": "Chờ số liệu"},
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/confirm",
        "task",
        allowed=VERIFIES,
        ok=201,
        setup=_claimed,
        body=lambda p, t: {"note": "Đạt"},
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/send-back",
        "task",
        allowed=VERIFIES,
        ok=201,
        setup=_claimed,
        body=lambda p, t: {"reason": "Thiếu minh chứng"},
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/delegate",
        "task",
        allowed=REPORTS,
        ok=201,
        body=lambda p, t: {"lead_unit_id": (p.division if t == p.task else p.outside_division).pk},
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/cancel",
        "task",
        allowed=MANAGES,
        body=lambda p, t: {"reason": "Không còn phù hợp"},
    ),
    Endpoint(
        "POST",
        "/tasks/{id}/extension-requests",
        "task",
        allowed=REPORTS,
        ok=201,
        body=lambda p, t: {
            "requested_due_on": (t.due_on + timedelta(days=90)).isoformat(),
            "reason": "Chờ vốn",
        },
    ),
    Endpoint("GET", "/tasks/{id}/explanations", "task"),
    Endpoint(
        "POST",
        "/tasks/{id}/explanations",
        "task",
        allowed=VERIFIES,
        ok=201,
        body=lambda p, t: {"question": "Đề nghị giải trình lý do chậm."},
    ),
    Endpoint("GET", "/explanations/{id}", "task", setup=_asked),
    Endpoint(
        "POST",
        "/explanations/{id}/answer",
        "task",
        allowed=REPORTS,
        setup=_asked,
        body=lambda p, e: {"reason": "Thiếu vốn", "remedy": "Bổ sung vốn"},
    ),
    Endpoint(
        "POST",
        "/explanations/{id}/review",
        "task",
        allowed=VERIFIES,
        setup=_answered,
        body=lambda p, e: {"accept": True},
    ),
    Endpoint("GET", "/extension-requests", "task", listing=True, setup=_extension),
    Endpoint("GET", "/extension-requests/{id}", "task", setup=_extension),
    Endpoint(
        "POST",
        "/extension-requests/{id}/decide",
        "task",
        allowed=DECIDES,
        setup=_extension,
        body=lambda p, e: {"grant": True},
    ),
]


def _call(client: Any, endpoint: Endpoint, personas: Personas, target: Any) -> Any:
    path = "/api/v1" + endpoint.path.replace("{id}", str(target.pk))
    if endpoint.method == "GET":
        return client.get(path)
    body = endpoint.body(personas, target) if endpoint.body else {}
    send = client.patch if endpoint.method == "PATCH" else client.post
    return send(path, body, content_type="application/json")


def _expected(endpoint: Endpoint, persona: str, in_scope: bool) -> int:
    if persona == "anonymous":
        return 401
    if endpoint.listing:
        return 200
    sees = persona in SEES if in_scope else persona == "admin"
    if not sees:
        return endpoint.hidden
    return endpoint.ok if persona in endpoint.allowed else 403


@pytest.mark.parametrize("in_scope", [True, False], ids=["in_scope", "out_of_scope"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_api_authorisation(client, personas, endpoint, persona, in_scope):
    obj = (personas.in_scope if in_scope else personas.out_of_scope)(endpoint.kind)
    target = endpoint.setup(personas, obj) if endpoint.setup else obj
    user = personas.user(persona)
    if user is not None:
        client.force_login(user)
    response = _call(client, endpoint, personas, target)
    expected = _expected(endpoint, persona, in_scope)
    assert response.status_code == expected, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    if endpoint.listing and expected == 200:
        ids = {item["id"] for item in response.json()["items"]}
        sees = persona in SEES if in_scope else persona == "admin"
        assert (target.pk in ids) == sees
    if expected >= 400:
        assert response.json()["detail"]


def test_every_api_operation_has_a_row_in_the_matrix():
    from namro.api import api

    schema = api.get_openapi_schema()
    covered = {
        (e.method, "/api/v1" + e.path.split("?")[0].replace("{id}", "{}")) for e in ENDPOINTS
    }
    import re

    missing = []
    for path, operations in schema["paths"].items():
        if not path.startswith(
            (
                "/api/v1/units",
                "/api/v1/people",
                "/api/v1/positions",
                "/api/v1/documents",
                "/api/v1/tasks",
                "/api/v1/extension-requests",
                "/api/v1/explanations",
            )
        ):
            continue  # other apps' routers have their own matrices
        for method in operations:
            key = (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
            if key not in covered:
                missing.append(key)
    assert not missing
