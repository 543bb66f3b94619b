"""Work programmes: items are judged by the task rules against what was actually issued,
reviewed or visited, so slippage shows; pages for owner, colleague and outsider."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from namro.documents.services import document_create
from namro.programs import services
from namro.programs.selectors import count_rows, item_rows, program_items

AS_OF = date(2023, 12, 31)


def test_items_take_the_task_statuses_and_show_slippage(programme, django_assert_num_queries):
    program, *_ = programme
    with django_assert_num_queries(1):
        rows = item_rows(list(program_items(program)), AS_OF)
    by_title = {r.item.title: r for r in rows}
    assert by_title["Ban hành kế hoạch"].status == "done_on_time"
    assert (
        by_title["Làm việc với Đoàn công tác"].status,
        by_title["Làm việc với Đoàn công tác"].slip_days,
    ) == ("done_late", 12)
    assert (by_title["Sơ kết 6 tháng"].status, by_title["Sơ kết 6 tháng"].slip_days) == (
        "overdue",
        153,
    )
    counts = count_rows(rows)
    assert (counts["done_on_time"], counts["done_late"], counts["overdue"]) == (1, 1, 1)


def test_linking_the_wrong_kind_of_result_is_refused(programme, world):
    _, _, _, missed = programme
    plan = document_create(
        actor=None,
        kind="plan",
        number="6-KH/TU",
        title="Khác",
        issuer=world.hanoi,
        issued_on=date(2023, 8, 1),
    )
    with pytest.raises(ValidationError, match="không gắn với loại này"):
        services.program_item_link(actor=world.users["city"], item=missed, document=plan)
    missed.refresh_from_db()
    assert missed.done_on is None


def test_an_item_outside_the_programme_period_is_refused(programme, world):
    program, *_ = programme
    with pytest.raises(ValidationError, match="nằm ngoài"):
        services.program_item_add(
            actor=world.users["city"],
            program=program,
            kind="other",
            title="X",
            period_kind="month",
            year=2025,
            period_number=1,
        )


def test_a_cancelled_item_counts_as_cancelled(programme, world):
    program, _, _, missed = programme
    services.program_item_cancel(
        actor=world.users["city"], item=missed, reason="Lồng ghép", on=date(2023, 6, 1)
    )
    rows = item_rows(list(program_items(program)), AS_OF)
    assert count_rows(rows)["cancelled"] == 1


@pytest.mark.parametrize(
    ("persona", "code"), [("city", 200), ("colleague", 200), ("outsider", 404)]
)
def test_programme_page_by_persona(client, programme, world, persona, code):
    program, *_ = programme
    client.force_login(world.users[persona])
    response = client.get(reverse("programs:detail", args=[program.pk]))
    assert response.status_code == code
    listed = client.get(reverse("programs:list")).text
    assert (program.title in listed) is (code == 200)
    if code == 200:
        assert (
            'data-status="overdue"' in response.text and 'data-status="done_late"' in response.text
        )


def test_programme_page_costs_a_fixed_number_of_queries(
    client, programme, world, django_assert_max_num_queries
):
    program, *_ = programme
    client.force_login(world.users["city"])
    with django_assert_max_num_queries(7):  # with the top bar's count of what waits
        client.get(reverse("programs:detail", args=[program.pk]))


def test_outsider_cannot_plan_in_another_units_programme(programme, world):
    from django.core.exceptions import PermissionDenied

    program, *_ = programme
    with pytest.raises(PermissionDenied):
        services.program_item_add(
            actor=world.users["outsider"],
            program=program,
            kind="other",
            title="X",
            period_kind="month",
            year=2023,
            period_number=5,
        )
