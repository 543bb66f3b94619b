"""The evaluation drills down a level at a time: the unit's figures, those of each child unit
from the same reading, and the scored tasks a page at a time — never the whole tree at once."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from namro.access.models import Role
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.insights.evaluation import Period, evaluate_tree, evaluate_unit
from namro.insights.views import EVALUATION_PAGE
from namro.tasks import services

Q1 = Period("quarter", 2025, 1)


@pytest.fixture
def tree(db):
    root = UnitFactory(name="Tỉnh")
    children = [UnitFactory(parent=root, name=f"Sở {n}") for n in range(3)]
    grandchildren = [UnitFactory(parent=c, name=f"{c.name} - Phòng {n}") for c in children for n in range(2)]  # fmt: skip
    document = DocumentFactory(issuer=root, issued_on=date(2024, 12, 20))
    tracker = UserFactory(username="vanphong")
    grant(tracker, Role.TRACKER, root)
    leader = UserFactory(username="giamdoc")
    grant(leader, Role.LEADER, children[0])
    outsider = UserFactory(username="ngoai")
    grant(outsider, Role.LEADER, UnitFactory(name="Tỉnh khác"))
    chance = random.Random(7)

    def add(count):
        for _ in range(count):
            unit = chance.choice([root, *children, *grandchildren])
            due = date(2025, 1, 1) + timedelta(days=chance.randrange(100))
            task = services.task_create(
                actor=None, document=document, action="Việc", lead_unit=unit, due_on=due,
                assigned_on=date(2024, 12, 25),
            )  # fmt: skip
            if chance.random() < 0.6:
                claimed = due + timedelta(days=chance.randrange(-10, 10))
                services.task_claim_done(
                    actor=None, task=task, output_note="Xong", on=claimed, explanation="Muộn"
                )
                services.task_confirm(actor=None, task=task, on=claimed + timedelta(days=1))

    return root, children, {"tracker": tracker, "leader": leader, "outsider": outsider}, add


def test_each_child_is_scored_as_its_own_evaluation_would_score_it(tree):
    root, children, people, add = tree
    add(80)
    for person in ("tracker", "leader"):
        user = people[person]
        for unit in (root, *children):
            found = evaluate_tree(unit, Q1, user=user)
            assert found.evaluation == evaluate_unit(unit, Q1, user=user)
            by_id = {c["unit_id"]: c["evaluation"] for c in found.children}
            for child in unit.children.all():
                mine = evaluate_unit(child, Q1, user=user)
                if child.pk in by_id:
                    assert by_id[child.pk].as_dict() == mine.as_dict()
                else:  # out of the viewer's scope: neither listed nor counted
                    assert mine.due == 0
    ranked = evaluate_tree(root, Q1, user=people["tracker"]).children
    assert [c["name"] for c in ranked] == [
        c["name"] for c in sorted(ranked, key=lambda c: -(c["evaluation"].score or -1))
    ]


def page(client, unit, **params):
    url = reverse("insights:evaluation", args=[unit.pk])
    return client.get(url, {"kind": "quarter", "year": 2025, "number": 1, **params})


def test_the_page_lists_the_children_and_pages_the_scored_tasks(client, tree):
    root, children, people, add = tree
    add(EVALUATION_PAGE + 30)
    client.force_login(people["tracker"])
    due = evaluate_unit(root, Q1, user=people["tracker"]).due
    assert due > EVALUATION_PAGE
    first = page(client, root).content.decode()
    assert "Các đơn vị trực thuộc" in first and all(c.name in first for c in children)
    assert first.count('<tr class="status-') == EVALUATION_PAGE
    assert "Trang 1/2" in first and 'rel="next"' in first
    second = page(client, root, page=2).content.decode()
    assert second.count('<tr class="status-') == due - EVALUATION_PAGE
    assert "kind=quarter" in second.split('rel="prev"')[0].rsplit("href=", 1)[1]


@pytest.mark.parametrize("person", ["tracker", "leader"])
def test_the_page_costs_the_same_queries_at_two_sizes(client, tree, person):
    root, children, people, add = tree
    unit = root if person == "tracker" else children[0]
    client.force_login(people[person])
    counts = []
    for size in (10, 120):
        add(size)
        with CaptureQueriesContext(connection) as captured:
            assert page(client, unit).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_outsider_gets_404_and_a_colleague_below_sees_only_their_branch(client, tree):
    root, children, people, add = tree
    add(30)
    client.force_login(people["outsider"])
    assert page(client, root).status_code == 404
    client.force_login(people["leader"])
    assert page(client, children[1]).status_code == 404
    assert page(client, children[0]).status_code == 200
    above = page(client, root)  # the units above their own are on the way, narrowed to it
    assert above.status_code == 200
    mine = evaluate_unit(children[0], Q1, user=people["leader"])
    shown = evaluate_tree(root, Q1, user=people["leader"])
    assert shown.evaluation.due == mine.due
    assert [c["unit_id"] for c in shown.children] == [children[0].pk]
    text = above.content.decode()
    assert children[0].name in text and children[1].name not in text


def test_the_api_gives_a_page_of_tasks_the_total_and_the_children(client, tree):
    root, _children, people, add = tree
    add(40)
    client.force_login(people["tracker"])
    url = f"/api/v1/insights/units/{root.pk}/evaluation"
    data = client.get(url, {"year": 2025, "number": 1, "tasks_limit": 5, "tasks_offset": 3}).json()
    whole = evaluate_unit(root, Q1, user=people["tracker"]).as_dict()
    assert data["evaluation"]["task_count"] == whole["due"]
    assert data["evaluation"]["tasks"] == whole["tasks"][3:8]
    assert [c["unit_id"] for c in data["children"]] == [
        c["unit_id"] for c in evaluate_tree(root, Q1, user=people["tracker"]).children
    ]
    assert client.get(url, {"year": 2025, "tasks_limit": 5000}).status_code in (400, 422)
    client.force_login(people["outsider"])
    assert client.get(url, {"year": 2025}).status_code == 404


def test_the_period_is_picked_by_name_and_the_picker_and_links_agree(client, tree):
    root, _children, people, add = tree
    add(10)
    client.force_login(people["tracker"])
    url = reverse("insights:evaluation", args=[root.pk])
    picked = client.get(url, {"period": "quarter-2025-1"})
    linked = client.get(url, {"kind": "quarter", "year": 2025, "number": 1})
    assert picked.status_code == linked.status_code == 200
    assert picked.context["figures"] == linked.context["figures"]
    html = picked.content.decode()
    assert '<option value="quarter-2025-1" selected>Quý I/2025</option>' in html
    assert 'name="number"' not in html
    assert client.get(url, {"period": "quarter-2025-9"}).status_code == 404
    home = client.get(reverse("insights:evaluation_home"), {"period": "month-2025-2"})
    assert home.context["unit"] == root and "Tháng 2/2025" in home.content.decode()
