"""Every oversight page for three personas: the city's tracker (owner), a viewer in the same
scope (colleague) and a tracker of another province (outsider, who gets 404)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from namro.oversight import services
from namro.oversight.models import Recommendation, RecommendationState

from .scenario import play_scenario


@pytest.fixture
def seeded(world):
    visit, _plan, rec, review = play_scenario(world)
    return world, visit, rec, review


def _pages(world, visit, rec, review):
    return [
        reverse("oversight:visit", args=[visit.pk]),
        reverse("oversight:recommendation", args=[rec.pk]),
        reverse("oversight:review", args=[review.pk]),
        reverse("reports:review_docx", args=[review.pk]),
        reverse("oversight:coverage", args=[world.resolution.pk]) + f"?unit={world.hanoi.pk}",
    ]


@pytest.mark.parametrize("persona", ["city", "colleague"])
def test_owner_and_colleague_in_scope_see_every_page(client, seeded, persona):
    world, visit, rec, review = seeded
    client.force_login(world.users[persona])
    for url in _pages(world, visit, rec, review):
        assert client.get(url).status_code == 200, url


def test_outsider_gets_404_on_every_detail_page(client, seeded):
    world, visit, rec, review = seeded
    client.force_login(world.users["outsider"])
    for url in _pages(world, visit, rec, review):
        assert client.get(url).status_code == 404, url


def test_outsider_lists_are_empty(client, seeded):
    world, *_ = seeded
    client.force_login(world.users["outsider"])
    assert "Đẩy mạnh phân cấp" not in client.get(reverse("oversight:recommendations")).text
    assert "Đoàn công tác số 1" not in client.get(reverse("oversight:visits")).text


def test_anonymous_is_sent_to_login(client, seeded):
    response = client.get(reverse("oversight:recommendations"))
    assert response.status_code == 302 and "dang-nhap" in response.url


def test_visit_page_shows_members_with_their_positions_then(client, seeded):
    world, visit, *_ = seeded
    client.force_login(world.users["city"])
    page = client.get(reverse("oversight:visit", args=[visit.pk])).text
    assert "Trương Thị Mai" in page and "Trưởng Ban Tổ chức Trung ương" in page
    assert "Trưởng đoàn" in page and "Hoàn thiện báo cáo tổng kết 15 năm" in page


def test_recommendation_list_filters_by_state_and_answerer(client, seeded):
    world, _, _rec, _ = seeded
    client.force_login(world.users["city"])
    url = reverse("oversight:recommendations")
    page = client.get(url, {"state": "under_consideration"}).text
    assert "Đẩy mạnh phân cấp" in page and "Ban Tổ chức Trung ương" in page
    assert "Đẩy mạnh phân cấp" not in client.get(url, {"state": "closed"}).text
    assert "Đẩy mạnh phân cấp" in client.get(url, {"answerer": world.organisation.pk}).text


def test_answering_body_answers_through_the_page(client, seeded):
    world, _, rec, _ = seeded
    client.force_login(world.users["central"])
    url = reverse("oversight:recommendation_step", args=[rec.pk, "answer"])
    response = client.post(
        url,
        {"answer-on": "10/07/2023", "answer-outcome": "accepted", "answer-note": "Tiếp thu."},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.state, rec.answered_on) == (RecommendationState.ANSWERED, date(2023, 7, 10))
    page = client.get(reverse("oversight:recommendation", args=[rec.pk])).text
    assert "Trả lời quá hạn" in page


def test_colleague_without_the_right_cannot_step_and_nothing_changes(client, seeded):
    world, _, rec, _ = seeded
    client.force_login(world.users["colleague"])
    url = reverse("oversight:recommendation_step", args=[rec.pk, "answer"])
    response = client.post(
        url, {"answer-on": "10/07/2023", "answer-outcome": "accepted", "answer-note": "X"}
    )
    assert response.status_code == 404
    assert Recommendation.objects.get(pk=rec.pk).state == RecommendationState.UNDER_CONSIDERATION


def test_a_refused_step_shows_the_reason(client, seeded):
    world, _, rec, _ = seeded
    client.force_login(world.users["central"])
    url = reverse("oversight:recommendation_step", args=[rec.pk, "close"])
    response = client.post(url, {"close-on": "10/07/2023"}, follow=True)
    assert "không thể chuyển sang" in response.text


def test_review_docx_download_is_a_word_file(client, seeded):
    world, *_, review = seeded
    client.force_login(world.users["city"])
    response = client.get(reverse("reports:review_docx", args=[review.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content[:2] == b"PK"


def test_coverage_page_colours_units(client, seeded):
    world, *_ = seeded
    client.force_login(world.users["city"])
    page = client.get(reverse("oversight:coverage", args=[world.resolution.pk])).text
    assert 'data-state="issued"' in page and 'data-state="none"' in page


def _more_recommendations(world, n):
    visit = world.visit if hasattr(world, "visit") else None
    for i in range(n):
        services.recommendation_raise(
            actor=None,
            raised_by=world.communes[i % 2],
            addressed_to=world.hanoi,
            subject=f"Kiến nghị mẫu {i}",
            visit=visit,
            raised_on=date(2023, 5, 1),
            answer_due_on=date(2023, 6, 1),
        )


def test_recommendation_list_costs_the_same_queries_for_more_rows(
    client, seeded, django_assert_max_num_queries
):
    world, *_ = seeded
    client.force_login(world.users["city"])
    url = reverse("oversight:recommendations")
    client.get(url)
    _more_recommendations(world, 12)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_visit_list_costs_a_fixed_number_of_queries(client, seeded, django_assert_max_num_queries):
    world, *_ = seeded
    client.force_login(world.users["city"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("oversight:visits")).status_code == 200
