"""Writes through the API walk the seed scenario (conclude with tasks, answer, give a task,
open a review, plan and link a programme item); bad input is a 4xx JSON naming the field
and changes nothing; the new lists keep their query budget."""

from __future__ import annotations

from datetime import date

import pytest

from namro.audit.models import AuditEvent
from namro.documents.models import Document
from namro.oversight import services
from namro.oversight.models import Recommendation, Review, Visit, VisitMember, VisitState
from namro.programs.models import ProgramItem, WorkProgram
from namro.programs.services import program_create
from namro.tasks.models import Task

from .scenario import play_scenario

API = "/api/v1"


@pytest.fixture
def seeded(world):
    visit, _plan, rec, review = play_scenario(world)
    return world, visit, rec, review


def _post(client, url, body):
    return client.post(f"{API}{url}", body, content_type="application/json")


def _written():
    return (
        Visit.objects.count(),
        VisitMember.objects.count(),
        Recommendation.objects.count(),
        Review.objects.count(),
        Document.objects.count(),
        Task.objects.count(),
        WorkProgram.objects.count(),
        ProgramItem.objects.count(),
        AuditEvent.objects.count(),
    )


def _second_visit(world, state=VisitState.HELD):
    return services.visit_create(
        actor=None,
        kind="working_session",
        title="Làm việc lần hai",
        visiting_unit=world.delegation,
        host_unit=world.standing,
        held_on=date(2024, 6, 1),
        state=state,
    )


def test_the_delegation_concludes_with_tasks_through_the_api(client, seeded):
    world, *_ = seeded
    visit = _second_visit(world)
    client.force_login(world.users["central"])
    response = _post(
        client,
        f"/visits/{visit.pk}/conclude",
        {
            "issued_on": "2024-06-05",
            "number": "02-TB/ĐCT",
            "title": "Thông báo kết luận lần hai",
            "tasks": [
                {
                    "action": "Báo cáo kết quả phân cấp",
                    "lead_unit_id": world.office.pk,
                    "due_on": "2024-09-30",
                    "expected_output": "Báo cáo",
                }
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    task = Task.objects.get(pk=body["task_ids"][0])
    assert (task.document_id, task.authority, task.lead_unit) == (
        body["document_id"],
        world.delegation,
        world.office,
    )
    detail = client.get(f"{API}/visits/{visit.pk}").json()
    assert detail["conclusion_id"] == body["document_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"issued_on": "2024-05-01", "title": "Trước ngày làm việc"}, "issued_on"),
        ({"issued_on": "2024-06-05", "title": ""}, "title"),
        (
            {
                "issued_on": "2024-06-05",
                "title": "Nhiệm vụ sai",
                "tasks": [{"action": "X", "lead_unit_id": 999999}],
            },
            "tasks.0.lead_unit_id",
        ),
    ],
)
def test_a_bad_conclusion_is_refused_naming_the_field_and_nothing_is_issued(
    client, seeded, body, field
):
    world, *_ = seeded
    visit = _second_visit(world)
    client.force_login(world.users["central"])
    before = _written()
    response = _post(client, f"/visits/{visit.pk}/conclude", body)
    assert response.status_code in (400, 422)
    assert field in response.json()["errors"]
    assert _written() == before


def test_concluding_twice_or_a_planned_visit_is_refused(client, seeded):
    world, visit, *_ = seeded
    client.force_login(world.users["central"])
    body = {"issued_on": "2024-06-05", "title": "Lần nữa"}
    before = _written()
    assert _post(client, f"/visits/{visit.pk}/conclude", body).status_code == 400
    planned = _second_visit(world, VisitState.PLANNED)
    before = _written()
    response = _post(client, f"/visits/{planned.pk}/conclude", body)
    assert response.status_code == 400 and "đã diễn ra" in response.json()["detail"]
    assert _written() == before


def test_members_are_added_and_removed_through_the_api(client, seeded):
    world, visit, *_ = seeded
    client.force_login(world.users["city"])
    before = _written()
    refused = _post(client, f"/visits/{visit.pk}/members", {"person_id": world.dung.pk})
    assert refused.status_code == 400 and "role" in refused.json()["errors"]
    assert _written() == before
    added = _post(
        client, f"/visits/{visit.pk}/members", {"person_id": world.dung.pk, "role": "invited"}
    )
    assert added.status_code == 201
    assert [m["full_name"] for m in added.json()["members"]][-1] == "Đinh Tiến Dũng"
    removed = client.delete(f"{API}/visits/{visit.pk}/members/{world.dung.pk}")
    assert removed.status_code == 200
    assert not visit.members.filter(person=world.dung).exists()
    assert client.delete(f"{API}/visits/{visit.pk}/members/{world.dung.pk}").status_code == 404


def test_a_person_the_user_cannot_see_is_a_field_error(client, seeded):
    world, visit, *_ = seeded
    from namro.orgs.services import person_create, position_create

    stranger = person_create(actor=None, full_name="Người Ngoài")
    position_create(actor=None, person=stranger, title="Chuyên viên", unit=world.outside)
    client.force_login(world.users["city"])
    response = _post(
        client, f"/visits/{visit.pk}/members", {"person_id": stranger.pk, "role": "invited"}
    )
    assert response.status_code == 400 and "person_id" in response.json()["errors"]


def test_an_accepted_recommendation_gives_a_task_through_the_api(client, seeded):
    world, _, rec, _ = seeded
    client.force_login(world.users["central"])
    body = {
        "document_id": world.resolution.pk,
        "action": "Xây dựng đề án phân cấp",
        "lead_unit_id": world.organisation.pk,
        "due_on": "2023-12-31",
    }
    before = _written()
    early = _post(client, f"/recommendations/{rec.pk}/tasks", body)
    assert early.status_code == 400 and "outcome" in early.json()["errors"]
    assert _written() == before
    _post(
        client,
        f"/recommendations/{rec.pk}/answer",
        {"on": "2023-07-15", "outcome": "accepted", "answer": "Tiếp thu."},
    )
    response = _post(client, f"/recommendations/{rec.pk}/tasks", body)
    assert response.status_code == 201, response.content
    assert client.get(f"{API}/recommendations/{rec.pk}").json()["task_ids"] == [
        response.json()["task_id"]
    ]


def test_a_review_is_opened_and_drafted_through_the_api(client, seeded):
    world, *_ = seeded
    client.force_login(world.users["city"])
    body = {
        "kind": "interim",
        "document_id": world.resolution.pk,
        "unit_id": world.hanoi.pk,
        "period_start": "2022-01-01",
        "period_end": "2023-06-30",
    }
    response = _post(client, "/reviews", body)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["total_tasks"] == 3 and "nhiệm vụ gốc" in draft["counting"]
    before = _written()
    refused = _post(client, "/reviews", {**body, "period_end": "2021-01-01"})
    assert refused.status_code == 400 and "period_end" in refused.json()["errors"]
    bad_kind = _post(client, "/reviews", {**body, "kind": "weekly"})
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["errors"]
    assert _written() == before


def test_a_programme_is_planned_and_linked_through_the_api(client, seeded):
    world, visit, *_ = seeded
    client.force_login(world.users["city"])
    created = _post(
        client,
        "/programs",
        {
            "unit_id": world.hanoi.pk,
            "kind": "annual",
            "title": "Chương trình công tác năm 2023",
            "starts_on": "2023-01-01",
            "ends_on": "2023-12-31",
        },
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    item = _post(
        client,
        f"/programs/{pid}/items",
        {
            "kind": "run_visit",
            "title": "Làm việc với Đoàn công tác",
            "period_kind": "month",
            "year": 2023,
            "period_number": 3,
        },
    )
    assert item.status_code == 201
    item_id = item.json()["items"][0]["id"]
    before = _written()
    wrong = _post(
        client, f"/programs/{pid}/items/{item_id}/link", {"document_id": world.programme.pk}
    )
    assert wrong.status_code == 400 and "document" in wrong.json()["errors"]
    assert _written() == before
    linked = _post(client, f"/programs/{pid}/items/{item_id}/link", {"visit_id": visit.pk})
    assert linked.status_code == 200
    row = linked.json()["items"][0]
    assert (row["status"], row["slip_days"]) == ("done_late", 12)
    outside = _post(
        client,
        f"/programs/{pid}/items",
        {"kind": "other", "title": "Ngoài kỳ", "period_kind": "month", "year": 2030},
    )
    assert outside.status_code == 400 and "year" in outside.json()["errors"]


def test_review_and_programme_lists_keep_their_query_budget(
    client, seeded, django_assert_max_num_queries
):
    world, *_ = seeded
    for year in (2021, 2022, 2023):
        program_create(
            actor=None,
            unit=world.hanoi,
            kind="annual",
            title=f"Chương trình {year}",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
        )
        services.review_create(
            actor=None,
            kind="interim",
            document=world.programme,
            unit=world.hanoi,
            period_start=date(year, 1, 1),
            period_end=date(year, 6, 30),
        )
    client.force_login(world.users["city"])
    for url, n in (("/reviews", 4), ("/programs", 3)):
        with django_assert_max_num_queries(6):
            assert len(client.get(f"{API}{url}").json()["items"]) == n
