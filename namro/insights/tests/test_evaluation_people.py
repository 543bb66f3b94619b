"""The people of a unit on the evaluation page and a person's own evaluation page: who may
open them and record a waiver, and what they cost in queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from namro.access.models import Role
from namro.access.tests.personas import PERSONAS
from namro.factories import DocumentFactory, PersonFactory, UnitFactory, UserFactory, grant
from namro.insights.models import Waiver
from namro.orgs.services import position_create
from namro.tasks import services

pytestmark = pytest.mark.django_db

QUARTER = {"kind": "quarter", "year": 2025, "number": 1}


def _login(client, personas, name):
    user = personas.user(name)
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("name", PERSONAS)
def test_a_persons_evaluation_opens_for_those_who_see_the_person(client, personas, name):
    _login(client, personas, name)
    mine = client.get(reverse("insights:person_evaluation", args=[personas.person.pk]), QUARTER)
    outside = reverse("insights:person_evaluation", args=[personas.outside_person.pk])
    if name == "anonymous":
        assert mine.status_code == 302 and mine["Location"].startswith(
            resolve_url(settings.LOGIN_URL)
        )
        return
    expected = 404 if name == "norole" else 200
    assert mine.status_code == expected
    assert client.get(outside, QUARTER).status_code == (200 if name == "admin" else 404)
    if expected == 200:
        assert personas.person.full_name in mine.content.decode()


WAIVERS = {"admin": 302, "leader": 302, "tracker": 302, "reporter": 403, "viewer": 403}


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_competent_authoritys_office_or_leaders_record_a_waiver(client, personas, name):
    _login(client, personas, name)
    url = reverse("insights:person_evaluation", args=[personas.person.pk])
    posted = {
        "waive": "1", "task": personas.task.pk, "decided_by": "Ban Thường vụ Tỉnh ủy",
        "decision_number": "15-QĐ/TU", "decided_on": "02/04/2025", "reason": "Mưa bão kéo dài",
    }  # fmt: skip
    response = client.post(f"{url}?kind=quarter&year=2025&number=1", posted)
    if name == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(
            resolve_url(settings.LOGIN_URL)
        )
    else:
        assert response.status_code == WAIVERS.get(name, 404)
    recorded = Waiver.objects.filter(task=personas.task)
    assert recorded.exists() == (name in {"admin", "leader", "tracker"})
    if recorded.exists():
        waiver = recorded.get()
        assert (waiver.decision_number, waiver.decided_on) == ("15-QĐ/TU", date(2025, 4, 2))
        assert response["Location"].endswith("?kind=quarter&year=2025&number=1")
    # A task out of the user's sight is not found, whoever asks (but the administrator).
    outside = {**posted, "task": personas.outside_task.pk}
    if name not in {"anonymous", "admin"}:
        assert client.post(url, outside).status_code == 404


def test_a_waiver_refused_for_bad_input_says_why_on_the_page(client, personas):
    client.force_login(personas.user("tracker"))
    url = reverse("insights:evaluation", args=[personas.department.pk])
    posted = {"waive": "1", "task": personas.task.pk, "decided_by": "Tỉnh ủy", "reason": "Bão"}
    response = client.post(url, posted, follow=True)
    assert "Phải nêu số văn bản xác nhận" in response.content.decode()
    assert not Waiver.objects.exists()


@pytest.fixture
def unit_with_people(db):
    root = UnitFactory(name="Tỉnh")
    unit = UnitFactory(parent=root, name="Sở Nội vụ")
    subs = [UnitFactory(parent=unit, name=f"Phòng {n}") for n in range(2)]
    document = DocumentFactory(issuer=root, issued_on=date(2024, 12, 20))
    tracker = UserFactory(username="vanphong")
    grant(tracker, Role.TRACKER, root)
    people = []

    def add(count):
        for n in range(count):
            person = PersonFactory(full_name=f"Cán bộ {len(people)}")
            position_create(
                actor=None, person=person, title="Chuyên viên", unit=unit, is_head=not people
            )
            people.append(person)
            for k in range(3):
                due = date(2025, 1, 10) + timedelta(days=20 * k + n)
                task = services.task_create(
                    actor=None, document=document, action="Việc", lead_unit=unit, due_on=due,
                    owner=person, assigned_on=date(2024, 12, 25),
                )  # fmt: skip
                if k:
                    services.task_claim_done(
                        actor=None, task=task, output_note="Xong", on=due + timedelta(days=k - 1),
                        explanation="Muộn",
                    )  # fmt: skip
                    services.task_confirm(actor=None, task=task, on=due + timedelta(days=k))
            services.task_create(
                actor=None, document=document, action="Việc", lead_unit=subs[n % 2],
                due_on=date(2025, 2, 1), assigned_on=date(2024, 12, 25),
            )  # fmt: skip

    return unit, tracker, people, add


def test_the_unit_page_with_its_people_costs_the_same_queries_at_two_sizes(
    client, unit_with_people
):
    unit, tracker, people, add = unit_with_people
    client.force_login(tracker)
    url = reverse("insights:evaluation", args=[unit.pk])
    counts = []
    for size in (2, 12):
        add(size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, QUARTER)
        assert response.status_code == 200
        assert len(response.context["people"]) == len(people)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_persons_page_costs_the_same_queries_at_two_sizes(client, unit_with_people):
    _unit, tracker, people, add = unit_with_people
    client.force_login(tracker)
    counts = []
    for size in (2, 12):
        add(size)
        head = reverse("insights:person_evaluation", args=[people[0].pk])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(head, QUARTER)
        assert response.status_code == 200
        assert response.context["row"].is_head and response.context["row"].leader is not None
        counts.append(len(captured))
    assert counts[0] == counts[1]
