"""The programme pages that write, for the owner (the city's tracker), a colleague in scope
without the right (a viewer) and an outsider: the owner plans and links, the others get 404,
and bad input comes back next to its field with nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from namro.audit.models import AuditEvent
from namro.documents.services import document_create
from namro.programs import services
from namro.programs.models import ProgramItem, WorkProgram


def _written():
    return WorkProgram.objects.count(), ProgramItem.objects.count(), AuditEvent.objects.count()


def test_owner_creates_a_programme_and_plans_an_item(client, world):
    client.force_login(world.users["city"])
    assert client.get(reverse("programs:create")).status_code == 200
    response = client.post(
        reverse("programs:create"),
        {
            "unit": "Thành ủy Hà Nội",
            "kind": "annual",
            "title": "Chương trình công tác năm 2024",
            "starts_on": "2024-01-01",
            "ends_on": "2024-12-31",
        },
    )
    program = WorkProgram.objects.get(title="Chương trình công tác năm 2024")
    assert response.url == reverse("programs:detail", args=[program.pk])
    page = client.get(response.url).text
    assert reverse("programs:item_add", args=[program.pk]) in page
    response = client.post(
        reverse("programs:item_add", args=[program.pk]),
        {
            "kind": "hold_review",
            "title": "Sơ kết 6 tháng",
            "period_kind": "month",
            "year": "2024",
            "period_number": "6",
        },
    )
    assert response.status_code == 302
    assert program.items.get().due_on == date(2024, 6, 30)


def test_a_programme_ending_before_it_starts_is_refused_by_its_field(client, world):
    client.force_login(world.users["city"])
    before = _written()
    response = client.post(
        reverse("programs:create"),
        {
            "unit": "Thành ủy Hà Nội",
            "kind": "annual",
            "title": "Sai",
            "starts_on": "2024-12-31",
            "ends_on": "2024-01-01",
        },
    )
    assert response.status_code == 400 and "ends_on" in response.context["form"].errors
    assert _written() == before


def test_an_item_outside_the_programme_is_refused_by_its_field(client, programme, world):
    program, *_ = programme
    client.force_login(world.users["city"])
    before = _written()
    response = client.post(
        reverse("programs:item_add", args=[program.pk]),
        {
            "kind": "other",
            "title": "Ngoài kỳ",
            "period_kind": "month",
            "year": "2026",
            "period_number": "1",
        },
    )
    assert response.status_code == 400 and "nằm ngoài" in " ".join(
        response.context["form"].errors["year"]
    )
    assert _written() == before


def test_owner_links_an_item_to_the_document_issued(client, programme, world):
    program, _, _, missed = programme
    client.force_login(world.users["city"])
    page = client.get(reverse("programs:detail", args=[program.pk])).text
    url = reverse("programs:item_link", args=[program.pk, missed.pk])
    assert url in page
    plan = document_create(
        actor=None,
        kind="plan",
        number="7-KH/TU",
        title="Kế hoạch sơ kết",
        issuer=world.hanoi,
        issued_on=date(2023, 8, 1),
    )
    before = _written()
    refused = client.post(url, {"document": plan.pk})
    assert refused.status_code == 400 and "không gắn với loại này" in refused.text
    assert _written() == before
    nothing = client.post(url, {})
    assert nothing.status_code == 400 and "đúng một" in nothing.text
    from namro.oversight import services as oversight

    review = oversight.review_create(
        actor=None,
        kind="interim",
        document=world.programme,
        unit=world.hanoi,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 6, 30),
        held_on=date(2023, 8, 5),
    )
    assert client.post(url, {"review": review.pk}).status_code == 302
    missed.refresh_from_db()
    assert (missed.review, missed.done_on) == (review, date(2023, 8, 5))


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_who_may_not_plan_gets_404_on_the_programme_pages(client, programme, world, who):
    program, _, _, missed = programme
    client.force_login(world.users[who])
    for url in (
        reverse("programs:item_add", args=[program.pk]),
        reverse("programs:item_link", args=[program.pk, missed.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "other"}).status_code == 404


def test_colleague_without_any_right_cannot_open_the_create_page(client, world):
    client.force_login(world.users["colleague"])
    assert client.get(reverse("programs:create")).status_code == 404


def test_programme_list_costs_a_fixed_number_of_queries(
    client, programme, world, django_assert_max_num_queries
):
    client.force_login(world.users["city"])
    url = reverse("programs:list")
    client.get(url)
    for year in (2020, 2021, 2022):
        services.program_create(
            actor=None,
            unit=world.hanoi,
            kind="annual",
            title=f"Chương trình {year}",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
        )
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
