"""The task-list filter (``tasks.filters``), shared by the pages and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from namro.access import policy
from namro.factories import TaskFactory
from namro.tasks.filters import filter_tasks
from namro.tasks.models import Task
from namro.tasks.services import task_claim_done, task_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    p = personas
    due = p.task.due_on
    p.extra["coordinated"] = TaskFactory(
        document=p.document,
        lead_unit=p.commune,
        coordinating_units=[p.division],
        action="Phối hợp tuyên truyền",
        due_on=due + timedelta(days=30),
        is_breakthrough=True,
    )
    p.extra["in_division"] = TaskFactory(
        document=p.document, lead_unit=p.division, action="Khảo sát hiện trạng", due_on=due
    )
    done = TaskFactory(document=p.document, lead_unit=p.commune, action="Đã xong", due_on=due)
    task_claim_done(actor=None, task=done, output_note="Xong")
    task_confirm(actor=None, task=done)
    p.extra["done"] = done
    return p


def _ids(params, user=None, p=None):
    qs = Task.objects.all() if user is None else policy.visible_tasks(user)
    return set(filter_tasks(qs, params).values_list("pk", flat=True))


def test_a_unit_means_its_whole_subtree_as_lead_or_coordinating(world):
    p = world
    both = _ids({"unit": str(p.department.pk)})
    assert both == {p.task.pk, p.extra["in_division"].pk, p.extra["coordinated"].pk}
    assert _ids({"unit": p.department.pk, "role": "lead"}) == {p.task.pk, p.extra["in_division"].pk}
    assert _ids({"unit": p.department.pk, "role": "coordinating"}) == {p.extra["coordinated"].pk}


def test_status_as_of_a_date(world):
    p = world
    later = (p.task.due_on + timedelta(days=1)).isoformat()
    overdue = _ids({"status": "overdue", "as_of": later})
    assert p.task.pk in overdue and p.extra["coordinated"].pk not in overdue
    assert _ids({"status": "done_on_time"}) == {p.extra["done"].pk}
    soon = (p.task.due_on - timedelta(days=2)).strftime("%d/%m/%Y")
    assert p.task.pk in _ids({"status": "due_soon", "as_of": soon})


def test_due_range_document_flags_and_text(world):
    p = world
    due = p.task.due_on
    assert _ids({"due_from": due + timedelta(days=1)}) >= {p.extra["coordinated"].pk}
    assert p.task.pk not in _ids({"due_from": due + timedelta(days=1)})
    assert _ids({"document": p.outside_document.pk}) == {p.outside_task.pk}
    assert _ids({"is_key": "true"}) == {p.task.pk}
    assert _ids({"is_breakthrough": True}) == {p.extra["coordinated"].pk}
    assert _ids({"q": "khao sat"}) == {p.extra["in_division"].pk}


def test_the_filter_stays_within_the_policy(world):
    p = world
    assert _ids({"document": p.outside_document.pk}, user=p.user("reporter")) == set()


def test_a_unit_out_of_scope_is_unknown(world):
    p = world
    with pytest.raises(ValidationError) as err:
        filter_tasks(
            Task.objects.all(),
            {"unit": p.outside.pk},
            units=policy.visible_units(p.user("reporter")),
        )
    assert "unit" in err.value.message_dict


@pytest.mark.parametrize(
    "params, field",
    [
        ({"unit": "abc"}, "unit"),
        ({"role": "boss"}, "role"),
        ({"status": "late"}, "status"),
        ({"as_of": "31/02/2025"}, "as_of"),
        ({"is_key": "perhaps"}, "is_key"),
        ({"due_from": "2025-05-01", "due_to": "2025-04-01"}, "due_to"),
    ],
)
def test_bad_values_name_their_parameter(world, params, field):
    with pytest.raises(ValidationError) as err:
        filter_tasks(Task.objects.all(), params)
    assert field in err.value.message_dict


def test_the_api_list_uses_the_same_filter(world, client):
    p = world
    client.force_login(p.user("tracker"))
    body = client.get(f"/api/v1/tasks?unit={p.department.pk}&role=coordinating").json()
    assert [t["id"] for t in body["items"]] == [p.extra["coordinated"].pk]
    bad = client.get(f"/api/v1/tasks?unit={p.outside.pk}")
    assert bad.status_code == 400 and "unit" in bad.json()["errors"]


def test_counted_leaves_out_the_tasks_stopped_by_the_date_on_the_page_and_the_api(world, client):
    from django.utils import timezone

    from namro.tasks.services import task_cancel

    p = world
    stopped_on = timezone.localdate() - timedelta(days=2)
    task_cancel(actor=None, task=p.extra["in_division"], reason="Điều chỉnh", on=stopped_on)
    led = {"unit": p.department.pk, "role": "lead"}
    assert _ids(led) == {p.task.pk, p.extra["in_division"].pk}
    assert _ids({**led, "counted": "true"}) == {p.task.pk}
    before = (stopped_on - timedelta(days=1)).isoformat()  # not stopped yet on that day
    assert _ids({**led, "counted": "true", "as_of": before}) == {
        p.task.pk,
        p.extra["in_division"].pk,
    }
    client.force_login(p.user("tracker"))
    body = client.get(f"/api/v1/tasks?unit={p.department.pk}&role=lead&counted=true").json()
    assert [t["id"] for t in body["items"]] == [p.task.pk]
    page = client.get("/nhiem-vu/", {**led, "counted": "true"})
    assert page.context["page"].paginator.count == 1
    assert 'name="counted" id="id_counted" checked' in page.content.decode()
