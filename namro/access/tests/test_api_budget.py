"""Every API list costs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from namro.documents.services import goal_create, indicator_create
from namro.factories import DocumentFactory, PersonFactory, TaskFactory, UnitFactory
from namro.orgs.services import position_create
from namro.tasks import services as task_services
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db

BUDGET = 8  # session, user, role scopes, the page, and its prefetches

LISTS = [
    "/units",
    "/units/{department}/subtree",
    "/units/tree?root={province}&depth=4",
    "/people",
    "/positions",
    "/documents",
    "/documents/{document}/goals",
    "/documents/{document}/indicators",
    "/tasks",
    "/tasks?unit={department}&status=in_progress&q=de+an",
    "/tasks/{task}/updates",
    "/tasks/{task}/extension-requests",
    "/extension-requests",
]


def _grow(p, n):
    """Add ``n`` of everything each list shows, all in the tracker's scope."""
    for i in range(n):
        unit = UnitFactory(parent=p.department)
        person = PersonFactory()
        position_create(actor=None, person=person, title="Chuyên viên", unit=unit)
        goal_create(actor=None, document=p.document, text=f"Mục tiêu {i}")
        indicator_create(actor=None, document=p.document, name=f"Chỉ tiêu {i}", target=i + 1)
        task = TaskFactory(
            document=p.document,
            lead_unit=unit,
            owner=person,
            coordinating_units=[p.commune],
            action=f"Xây dựng đề án {i}",
            due_on=p.task.due_on,
        )
        task_services.extension_request_create(
            actor=None, task=task, requested_due_on=task.due_on.replace(year=2099), reason="Chờ"
        )
        task_services.task_report_progress(actor=None, task=p.task, progress=i + 1)
        DocumentFactory(issuer=p.province, implements=[p.document])
        due = Task.objects.get(pk=p.task.pk).due_on
        extension = task_services.extension_request_create(
            actor=None, task=p.task, requested_due_on=due + timedelta(days=1), reason="Chờ"
        )
        task_services.extension_decide(actor=None, request=extension, grant=True)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("template", LISTS)
def test_list_endpoints_cost_the_same_number_of_queries_at_two_sizes(personas, client, template):
    client.force_login(personas.user("tracker"))
    url = "/api/v1" + template.format(
        department=personas.department.pk,
        province=personas.province.pk,
        document=personas.document.pk,
        task=personas.task.pk,
    )
    _grow(personas, 2)
    small, small_body = _queries(client, url)
    _grow(personas, 6)
    large, large_body = _queries(client, url)
    assert small == large <= BUDGET, (small, large)
    assert len(str(large_body)) > len(str(small_body))  # the larger size really shows more
