"""The documents API: filters, detail, goals and indicators, creation by the issuer's tracker."""

from __future__ import annotations

import pytest

from namro.documents.models import Document
from namro.documents.services import goal_create, indicator_create

pytestmark = pytest.mark.django_db


def test_documents_filter_by_issuer_subtree_kind_and_text(personas, client):
    client.force_login(personas.user("admin"))
    by_issuer = client.get(f"/api/v1/documents?issuer={personas.outside.pk}").json()["items"]
    assert [d["id"] for d in by_issuer] == [personas.outside_document.pk]
    by_text = client.get("/api/v1/documents?q=02-KH").json()["items"]
    assert [d["number"] for d in by_text] == ["02-KH/TU"]
    assert client.get("/api/v1/documents?kind=directive").json()["items"] == []


def test_goals_and_indicators_of_a_document(personas, client):
    goal = goal_create(actor=None, document=personas.document, text="Tăng trưởng 8%")
    indicator_create(actor=None, document=personas.document, name="GRDP", target="8.5", goal=goal)
    client.force_login(personas.user("viewer"))
    goals = client.get(f"/api/v1/documents/{personas.document.pk}/goals").json()["items"]
    assert [g["text"] for g in goals] == ["Tăng trưởng 8%"]
    indicators = client.get(f"/api/v1/documents/{personas.document.pk}/indicators").json()
    assert indicators["items"][0]["goal_id"] == goal.pk


def test_the_tracker_records_a_document_that_implements_a_higher_one(personas, client):
    client.force_login(personas.user("tracker"))
    response = client.post(
        "/api/v1/documents",
        {
            "kind": "plan",
            "number": "10-KH/TU",
            "title": "Kế hoạch thực hiện",
            "issuer_id": personas.department.pk,
            "issued_on": "2025-02-01",
            "implements": [personas.document.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = Document.objects.get(pk=response.json()["id"])
    assert list(created.implements.all()) == [personas.document]


def test_a_duplicate_number_is_400_naming_the_field(personas, client):
    client.force_login(personas.user("tracker"))
    response = client.post(
        "/api/v1/documents",
        {
            "kind": "plan",
            "number": "01-KH/TU",
            "title": "Trùng số",
            "issuer_id": personas.province.pk,
            "issued_on": "2025-02-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "number" in response.json()["errors"]
