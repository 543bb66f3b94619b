"""Search finds what was meant: the exact document number first, then the numbers it begins,
then words; a unit's name also brings the tasks it leads; nothing outside the scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from namro.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory, grant
from namro.web.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = UnitFactory(name="Tỉnh Thử Nghiệm")
    department = UnitFactory(name="Sở Nội vụ", parent=province)
    outside = UnitFactory(name="Tỉnh Bên Ngoài")
    tracker = UserFactory()
    grant(tracker, "tracker", province)
    return province, department, outside, tracker


def test_the_exact_number_comes_before_longer_numbers_and_newer_documents(world) -> None:
    province, _department, _outside, tracker = world
    longer = DocumentFactory(issuer=province, number="999/KH-UBND", issued_on=date(2026, 5, 1))
    begins = DocumentFactory(issuer=province, number="99-CTr/TU-BS", issued_on=date(2026, 4, 1))
    exact = DocumentFactory(issuer=province, number="99-CTr/TU", issued_on=date(2024, 1, 1))
    for query in ("99-CTr/TU", "99-ctr/tu", " 99 -CTr / TU"):
        found = list(search(tracker, query, kind="documents")["documents"])
        assert found[:2] == [exact, begins], query
        assert longer not in found


def test_a_number_prefix_finds_the_documents_it_begins(world) -> None:
    province, _department, _outside, tracker = world
    first = DocumentFactory(issuer=province, number="99-CTr/TU", issued_on=date(2024, 1, 1))
    second = DocumentFactory(issuer=province, number="999/KH-UBND", issued_on=date(2026, 5, 1))
    found = list(search(tracker, "99", kind="documents")["documents"])
    assert set(found) == {first, second}


def test_a_unit_name_brings_the_tasks_it_leads_after_those_that_name_it(world) -> None:
    province, department, _outside, tracker = world
    document = DocumentFactory(issuer=province)
    led = TaskFactory(document=document, lead_unit=department, action="Rà soát biên chế")
    named = TaskFactory(
        document=document, lead_unit=province, action="Phối hợp với sở nội vụ về tổ chức"
    )
    other = TaskFactory(document=document, lead_unit=province, action="Chuyển đổi số")
    found = list(search(tracker, "so noi vu", kind="tasks")["tasks"])
    assert found == [named, led]
    assert other not in found


def test_tasks_of_a_unit_outside_the_scope_are_not_brought(world) -> None:
    _province, _department, outside, tracker = world
    hidden = TaskFactory(
        document=DocumentFactory(issuer=outside), lead_unit=outside, action="Việc bên ngoài"
    )
    assert hidden not in search(tracker, "tinh ben ngoai", kind="tasks")["tasks"]


def test_the_search_page_lists_the_exact_number_first(client, world) -> None:
    province, _department, _outside, tracker = world
    DocumentFactory(issuer=province, number="999/KH-UBND", title="Kế hoạch khác")
    exact = DocumentFactory(issuer=province, number="99-CTr/TU", title="Chương trình hành động")
    client.force_login(tracker)
    html = client.get(reverse("search"), {"q": "99"}).content.decode()
    assert html.index(reverse("documents:document", args=[exact.pk])) < html.index("999/KH-UBND")


def test_each_group_says_how_many_it_found(client, world) -> None:
    province, department, _outside, tracker = world
    document = DocumentFactory(issuer=province, title="Kế hoạch số hóa")
    for n in range(13):
        TaskFactory(document=document, lead_unit=department, action=f"Số hóa hồ sơ đợt {n}")
    client.force_login(tracker)
    response = client.get(reverse("search"), {"q": "so hoa"})
    groups = {g["key"]: g for g in response.context["groups"]}
    assert groups["tasks"]["count"] == 13 and len(groups["tasks"]["items"]) == 10
    assert groups["documents"]["count"] == 1 and groups["units"]["count"] == 0
    html = response.content.decode()
    assert '<span class="count">13</span>' in html and "Xem cả 13 kết quả" in html
    one_kind = client.get(reverse("search"), {"q": "so hoa", "kind": "tasks"})
    assert '<span class="count">13</span>' in one_kind.content.decode()
