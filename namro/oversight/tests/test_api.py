"""The visits, recommendations and programmes API for owner, colleague and outsider; errors
come back as 4xx JSON with a message; lists cost a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from namro.oversight import services
from namro.programs.services import program_create

from .scenario import play_scenario

API = "/api/v1"


@pytest.fixture
def seeded(world):
    visit, _plan, rec, _review = play_scenario(world)
    program = program_create(
        actor=None,
        unit=world.hanoi,
        kind="term",
        title="Chương trình công tác toàn khóa (mẫu)",
        starts_on=date(2020, 10, 1),
        ends_on=date(2025, 9, 30),
    )
    return world, visit, rec, program


def _urls(visit, rec, program):
    return [
        f"{API}/visits/{visit.pk}",
        f"{API}/recommendations/{rec.pk}",
        f"{API}/programs/{program.pk}",
    ]


@pytest.mark.parametrize("persona", ["city", "colleague", "central"])
def test_in_scope_personas_read_every_endpoint(client, seeded, persona):
    world, visit, rec, program = seeded
    client.force_login(world.users[persona])
    for url in _urls(visit, rec, program):
        if persona == "central" and "programs" in url:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
    assert (
        client.get(f"{API}/visits/{visit.pk}").json()["members"][0]["full_name"] == "Trương Thị Mai"
    )


def test_outsider_gets_404_json_and_empty_lists(client, seeded):
    world, visit, rec, program = seeded
    client.force_login(world.users["outsider"])
    for url in _urls(visit, rec, program):
        response = client.get(url)
        assert response.status_code == 404 and "detail" in response.json()
    for url in ("visits", "recommendations", "programs"):
        assert client.get(f"{API}/{url}").json()["items"] == []


def test_anonymous_gets_401(client, seeded):
    assert client.get(f"{API}/recommendations").status_code == 401


def test_recommendation_lifecycle_through_the_api(client, seeded):
    world, _visit, rec, _ = seeded
    client.force_login(world.users["central"])
    url = f"{API}/recommendations/{rec.pk}"
    response = client.post(
        f"{url}/answer",
        {"on": "2023-07-05", "outcome": "accepted", "answer": "Tiếp thu."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["answer_status"]) == ("answered", "done_late")
    assert [e["state"] for e in body["events"]] == ["raised", "under_consideration", "answered"]
    counts = client.get(f"{API}/recommendations/counts", {"as_of": "2023-07-10"}).json()
    assert counts["done_late"] == 1
    client.post(f"{url}/close", {"on": "2023-07-06"}, content_type="application/json")
    refused = client.post(
        f"{url}/answer",
        {"on": "2023-07-07", "outcome": "declined", "answer": "Không."},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "đã kết thúc" in refused.json()["detail"]


def test_colleague_without_the_right_is_refused_with_403(client, seeded):
    world, _, rec, _ = seeded
    client.force_login(world.users["colleague"])
    response = client.post(
        f"{API}/recommendations/{rec.pk}/receive", {}, content_type="application/json"
    )
    assert response.status_code == 403
    rec.refresh_from_db()
    assert rec.state == "under_consideration"


def test_creating_a_held_visit_in_the_future_is_a_400_naming_the_field(client, seeded):
    world, *_ = seeded
    client.force_login(world.users["city"])
    response = client.post(
        f"{API}/visits",
        {
            "kind": "inspection",
            "title": "Kiểm tra",
            "visiting_unit_id": world.hanoi.pk,
            "host_unit_id": world.communes[0].pk,
            "held_on": "2999-01-01",
            "state": "held",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "held_on" in response.json()["errors"]


def test_city_creates_a_visit_to_a_commune(client, seeded):
    world, *_ = seeded
    client.force_login(world.users["city"])
    response = client.post(
        f"{API}/visits",
        {
            "kind": "inspection",
            "title": "Kiểm tra việc thực hiện quy chế làm việc",
            "visiting_unit_id": world.hanoi.pk,
            "host_unit_id": world.communes[0].pk,
            "held_on": "2024-03-01",
            "state": "held",
            "members": [{"person_id": world.dung.pk}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["members"][0]["position_title"] == "Bí thư Thành ủy Hà Nội"


def test_raising_a_recommendation_to_a_lower_body_is_a_400(client, seeded):
    world, _visit, *_ = seeded
    client.force_login(world.users["city"])
    response = client.post(
        f"{API}/recommendations",
        {
            "raised_by_id": world.standing.pk,
            "addressed_to_id": world.communes[0].pk,
            "subject": "Sai cấp",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "addressed_to" in response.json()["errors"]


def test_recommendation_list_keeps_its_query_budget(client, seeded, django_assert_max_num_queries):
    world, _visit, *_ = seeded
    for i in range(15):
        services.recommendation_raise(
            actor=None,
            raised_by=world.standing,
            addressed_to=world.central,
            subject=f"Kiến nghị {i}",
            raised_on=date(2023, 5, 1),
        )
    client.force_login(world.users["city"])
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/recommendations", {"overdue": "false"})
    assert len(response.json()["items"]) == 16


def test_visit_list_keeps_its_query_budget(client, seeded, django_assert_max_num_queries):
    world, *_ = seeded
    client.force_login(world.users["city"])
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{API}/visits").json()["items"]) == 1
