"""Evaluation of units over a period, sibling ranking, and closed periods."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from namro.access.models import Role
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.insights.evaluation import Period, evaluate_unit, sibling_ranking
from namro.insights.services import period_close, period_correct, period_figures
from namro.tasks import rules, services

Q1 = Period("quarter", 2025, 1)


@pytest.fixture
def setup(db):
    root = UnitFactory(name="Tỉnh ủy")
    a, b = UnitFactory(parent=root, name="Sở A"), UnitFactory(parent=root, name="Sở B")
    doc = DocumentFactory(issuer=root, issued_on=date(2025, 1, 2))
    office = UserFactory(username="vanphong")
    grant(office, Role.TRACKER, root)

    def task(unit, due, **kw):
        return services.task_create(
            actor=None, document=doc, action="Việc", lead_unit=unit, due_on=due,
            assigned_on=date(2025, 1, 5), **kw,
        )  # fmt: skip

    def finish(t, claimed, confirmed):
        services.task_claim_done(
            actor=None, task=t, output_note="Xong", on=claimed, explanation="Muộn"
        )
        services.task_confirm(actor=None, task=t, on=confirmed)

    on_time = task(a, date(2025, 2, 1))
    finish(on_time, date(2025, 1, 30), date(2025, 1, 31))
    late = task(a, date(2025, 3, 1))
    finish(late, date(2025, 3, 10), date(2025, 3, 11))
    sent_back = task(b, date(2025, 3, 15))
    services.task_claim_done(actor=None, task=sent_back, output_note="Xong", on=date(2025, 3, 1))
    services.task_send_back(actor=None, task=sent_back, reason="Chưa đạt", on=date(2025, 3, 2))
    finish(sent_back, date(2025, 3, 5), date(2025, 3, 6))
    extended = task(b, date(2025, 2, 10))
    request = services.extension_request_create(
        actor=None, task=extended, requested_due_on=date(2025, 5, 1), reason="Lý do",
        on=date(2025, 2, 1),
    )  # fmt: skip
    services.extension_decide(actor=None, request=request, grant=True, on=date(2025, 2, 5))
    task(b, date(2025, 8, 1))  # due in another quarter
    return root, a, b, office, extended


def test_unit_evaluation_counts_scores_and_lists_tasks(setup) -> None:
    _root, a, _b, office, _ = setup
    result = evaluate_unit(a, Q1, user=office)
    assert (result.due, result.done_on_time, result.done_late, result.overdue) == (2, 1, 1, 0)
    assert result.score == 93.75
    assert result.rating.value == "excellent"
    assert len(result.products) == 2


def test_sent_back_counts_against_quality(setup) -> None:
    _root, _a, b, office, _ = setup
    result = evaluate_unit(b, Q1, user=office)
    assert result.due == 1  # the extended task is now due in Q2
    assert result.products[0].quality == 37.5


def test_original_deadline_setting_counts_the_extended_task(setup) -> None:
    _root, _a, b, office, _extended = setup
    result = evaluate_unit(b, Q1, user=office, count_against=rules.CountAgainst.ORIGINAL)
    assert result.due == 2
    assert result.overdue == 1


def test_siblings_ranked_by_score(setup) -> None:
    _root, a, b, office, _ = setup
    ranking = sibling_ranking(a, Q1, user=office)
    assert [(r["unit_id"], r["rank"]) for r in ranking] == [(a.pk, 1), (b.pk, 2)]


def test_closed_period_keeps_its_figures_and_shows_a_later_correction(setup) -> None:
    root, a, _b, office, _ = setup
    doc = DocumentFactory(issuer=root, issued_on=date(2025, 1, 2))
    open_task = services.task_create(
        actor=None, document=doc, action="Việc còn dở", lead_unit=a, due_on=date(2025, 3, 20),
        assigned_on=date(2025, 1, 5),
    )  # fmt: skip
    closed = period_close(actor=office, unit=root, period=Q1, on=date(2025, 4, 5))
    before = closed.snapshot
    assert before["overdue"] == 1
    # A completion entered after closing, dated back into the quarter, changes the live
    # figures but not the closed ones.
    services.task_claim_done(actor=None, task=open_task, output_note="Xong", on=date(2025, 3, 18))
    services.task_confirm(actor=None, task=open_task, on=date(2025, 3, 19))
    assert evaluate_unit(root, Q1, user=office).overdue == 0
    closed.refresh_from_db()
    assert period_figures(closed) == before
    with pytest.raises(ValidationError):
        period_close(actor=office, unit=root, period=Q1, on=date(2025, 4, 6))
    correction = period_correct(actor=office, closed=closed, reason="Bổ sung minh chứng")
    assert correction.before == before
    assert correction.after["overdue"] == 0
    assert period_figures(closed) == correction.after


def test_only_the_office_closes_and_only_ended_periods(setup) -> None:
    root, _a, _b, office, _ = setup
    viewer = UserFactory(username="xem")
    grant(viewer, Role.VIEWER, root)
    with pytest.raises(PermissionDenied):
        period_close(actor=viewer, unit=root, period=Q1, on=date(2025, 4, 5))
    with pytest.raises(ValidationError):
        period_close(actor=office, unit=root, period=Q1, on=date(2025, 3, 30))


def test_evaluation_page_and_api(client, setup) -> None:
    _root, a, _b, office, _ = setup
    client.force_login(office)
    url = reverse("insights:evaluation", args=[a.pk])
    response = client.get(url, {"kind": "quarter", "year": 2025, "number": 1})
    assert response.status_code == 200
    assert "Hoàn thành xuất sắc nhiệm vụ" in response.content.decode()
    data = client.get(
        f"/api/v1/insights/units/{a.pk}/evaluation", {"year": 2025, "number": 1}
    ).json()
    assert data["evaluation"]["score"] == 93.75
    assert [r["rank"] for r in data["ranking"]] == [1, 2]
    outsider = UserFactory(username="ngoai")
    grant(outsider, Role.LEADER, UnitFactory(name="Khác"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/insights/units/{a.pk}/evaluation?year=2025").status_code == 404
