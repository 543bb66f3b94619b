"""The unit page (breadcrumbs, children with counts, tasks, people) and the unit picker."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from namro.factories import (
    DocumentFactory,
    PersonFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    grant,
)
from namro.orgs.models import Unit, UnitKind, UnitLevel
from namro.orgs.services import position_create
from namro.tasks import services

pytestmark = pytest.mark.django_db


def test_unit_page_shows_breadcrumbs_children_and_people(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("orgs:unit", args=[personas.division.pk])).content.decode()
    assert reverse("orgs:unit", args=[personas.province.pk]) in html
    assert reverse("orgs:unit", args=[personas.department.pk]) in html
    html = client.get(reverse("orgs:unit", args=[personas.department.pk])).content.decode()
    assert "Phòng Tổng hợp" in html
    assert "Nguyễn Văn Trong" in html
    assert personas.task.action in html


def test_unit_out_of_scope_is_404(client, personas):
    client.force_login(personas.users["reporter"])
    assert client.get(reverse("orgs:unit", args=[personas.outside.pk])).status_code == 404
    assert client.get(reverse("orgs:unit", args=[personas.department.pk])).status_code == 200


def test_children_counts_cover_each_childs_subtree(client, personas):
    doc = personas.document
    TaskFactory(document=doc, lead_unit=personas.division, due_on=date(2025, 2, 1))
    done = TaskFactory(document=doc, lead_unit=personas.commune, due_on=date(2099, 1, 1))
    services.task_claim_done(actor=None, task=done, output_note="Xong", on=date(2025, 3, 1))
    services.task_confirm(actor=None, task=done, on=date(2025, 3, 2))
    client.force_login(personas.users["tracker"])
    response = client.get(reverse("orgs:unit", args=[personas.province.pk]))
    rows = {row["unit"].pk: row["counts"] for row in response.context["children"]}
    # The department's count includes the overdue task of its division.
    assert rows[personas.department.pk]["overdue"] == 1
    assert rows[personas.department.pk]["in_progress"] == 1
    assert rows[personas.commune.pk]["done_on_time"] == 1
    assert rows[personas.commune.pk].get("overdue", 0) == 0


@pytest.mark.parametrize("size", [10, 500])
def test_unit_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    root = UnitFactory(name="Tỉnh Tải", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE)
    children = [UnitFactory(name=f"Xã Tải {n}", parent=root) for n in range(3)]
    user = UserFactory(username=f"unitload{size}")
    grant(user, "tracker", root)
    doc = DocumentFactory(issuer=root)
    for n in range(size):
        TaskFactory(
            document=doc,
            lead_unit=children[n % 3] if n % 4 else root,
            action=f"Nhiệm vụ số {n} của tỉnh",
        )
    client.force_login(user)
    # session, user, scopes, unit, breadcrumbs, children count+page, counts by child, totals,
    # tasks count+page, positions count
    # the counts of the unit and its children: counters, due soon (the tops of the trees
    # once); with the top bar's count of what waits
    with django_assert_num_queries(13):
        assert client.get(reverse("orgs:unit", args=[root.pk])).status_code == 200


def test_unit_picker_suggests_without_diacritics(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("orgs:suggest"), {"q": "ke hoach dau tu"}).content.decode()
    assert '<option value="Sở Kế hoạch và Đầu tư">' in html
    html = client.get(reverse("orgs:suggest"), {"tasks-0-lead_unit": "tong hop"}).content.decode()
    assert "Phòng Tổng hợp" in html


def test_unit_picker_hides_units_out_of_scope(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("orgs:suggest"), {"q": "ben ngoai"}).content.decode()
    assert "Bên ngoài" not in html


def test_unit_picker_tells_apart_units_of_the_same_name(client, personas):
    UnitFactory(name="Văn phòng", parent=personas.department)
    UnitFactory(name="Văn phòng", parent=personas.commune)
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("orgs:suggest"), {"q": "van phong"}).content.decode()
    assert "Văn phòng (Sở Kế hoạch và Đầu tư)" in html
    assert Unit.objects.filter(name="Văn phòng").count() == 2


def person_options(client, **params):
    html = client.get(reverse("orgs:person_suggest"), params).content.decode()
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', html)


def test_owner_picker_offers_the_people_of_the_row_s_lead_unit_before_anything_is_typed(
    client, personas
):
    other = PersonFactory(full_name="Lê Văn Phối")
    position_create(actor=None, person=other, title="Trưởng phòng", unit=personas.division)
    client.force_login(personas.users["tracker"])
    options = person_options(
        client, **{"tasks-2-lead_unit": "Sở Kế hoạch và Đầu tư", "tasks-2-owner": ""}
    )
    assert options == [
        ("Nguyễn Văn Trong", "Nguyễn Văn Trong — Giám đốc Sở, Sở Kế hoạch và Đầu tư")
    ]
    # Typing widens to everyone the user may see, the lead unit's people first.
    options = person_options(
        client, **{"tasks-2-lead_unit": "Phòng Tổng hợp", "tasks-2-owner": "van"}
    )
    assert [value for value, _ in options] == ["Lê Văn Phối", "Nguyễn Văn Trong"]


def test_owner_picker_counts_who_answers_for_the_unit_s_tasks_as_its_people(client, personas):
    named = PersonFactory(full_name="Phạm Thị Mới")  # no post: named as a task's owner
    TaskFactory(document=personas.document, lead_unit=personas.commune, owner=named)
    client.force_login(personas.users["tracker"])
    options = person_options(client, **{"tasks-0-lead_unit": "Đảng ủy xã Thử nghiệm"})
    assert options == [("Phạm Thị Mới", "")]


@pytest.mark.parametrize("persona", ["tracker", "reporter", "viewer", "norole"])
def test_owner_picker_never_offers_a_person_out_of_the_user_s_scope(client, personas, persona):
    client.force_login(personas.users[persona])
    options = person_options(client, **{"tasks-0-owner": "tran thi ngoai"})
    assert options == []
    options = person_options(client, **{"tasks-0-lead_unit": "Sở Tài chính Bên ngoài"})
    assert options == []


def test_owner_picker_asks_for_signing_in(client, personas):
    response = client.get(reverse("orgs:person_suggest"), {"q": "nguyen"})
    assert response.status_code == 302


def test_owner_picker_costs_the_same_queries_whatever_it_finds(client, personas):
    client.force_login(personas.users["tracker"])
    params = {"tasks-0-lead_unit": "Sở Kế hoạch và Đầu tư", "q": "nguyen"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            person_options(client, **params)
        return len(captured)

    few = queries()
    for n in range(30):
        person = PersonFactory(full_name=f"Nguyễn Văn Số {n}")
        position_create(actor=None, person=person, title="Chuyên viên", unit=personas.department)
    assert len(person_options(client, **params)) == 15
    # the session, the user, the scopes, the lead unit, the people and their posts: as many
    # for one person as for thirty
    assert queries() == few <= 7
