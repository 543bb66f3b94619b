"""The organisation API: units in scope, the subtree, the tree, people and posts."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_reporter_lists_its_subtree_and_its_ancestors_only(personas, client):
    client.force_login(personas.user("reporter"))
    names = {u["name"] for u in client.get("/api/v1/units").json()["items"]}
    assert names == {personas.province.name, personas.department.name, personas.division.name}


def test_the_subtree_of_a_unit_is_the_unit_and_everything_below(personas, client):
    client.force_login(personas.user("tracker"))
    body = client.get(f"/api/v1/units/{personas.department.pk}/subtree").json()
    assert [u["id"] for u in body["items"]] == [personas.department.pk, personas.division.pk]


def test_the_tree_nests_children_under_the_callers_roots(personas, client):
    client.force_login(personas.user("tracker"))
    (root,) = client.get("/api/v1/units/tree").json()
    assert root["id"] == personas.province.pk
    children = {c["name"]: c for c in root["children"]}
    assert set(children) == {personas.department.name, personas.commune.name}
    assert [c["id"] for c in children[personas.department.name]["children"]] == [
        personas.division.pk
    ]
    shallow = client.get(f"/api/v1/units/tree?root={personas.province.pk}&depth=0").json()
    assert shallow[0]["children"] == []


def test_unit_detail_names_its_ancestors(personas, client):
    client.force_login(personas.user("viewer"))
    body = client.get(f"/api/v1/units/{personas.division.pk}").json()
    assert [a["id"] for a in body["ancestors"]] == [personas.province.pk, personas.department.pk]


def test_people_search_ignores_diacritics_and_filters_by_unit(personas, client):
    client.force_login(personas.user("admin"))
    found = client.get("/api/v1/people?q=nguyen van trong").json()["items"]
    assert [p["id"] for p in found] == [personas.person.pk]
    assert found[0]["positions"][0]["unit"]["id"] == personas.department.pk
    in_outside = client.get(f"/api/v1/people?unit={personas.outside.pk}").json()["items"]
    assert [p["id"] for p in in_outside] == [personas.outside_person.pk]


def test_a_filter_on_a_unit_out_of_scope_is_404(personas, client):
    client.force_login(personas.user("reporter"))
    assert client.get(f"/api/v1/positions?unit={personas.outside.pk}").status_code == 404
