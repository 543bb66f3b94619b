"""Beside the score, the evaluation lists the unit's documents entered late (the entry clock,
in working days) and the requests for explanation its tasks received."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from namro.access.models import Role
from namro.documents.models import Document
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.insights.evaluation import Period, discipline, evaluate_unit
from namro.tasks import services
from namro.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

Q2 = Period("quarter", 2026, 2)


def _received(issuer, number: str, received: date, entered: date | None) -> Document:
    document = DocumentFactory(
        issuer=issuer, number=number, issued_on=date(2026, 4, 1), received_on=received
    )
    Document.objects.filter(pk=document.pk).update(tasks_entered_on=entered)
    return document


@pytest.fixture
def province():
    root = UnitFactory(name="UBND tỉnh")
    department = UnitFactory(parent=root, name="Sở Nội vụ")
    office = UserFactory(username="vanphong")
    grant(office, Role.TRACKER, root)
    CalendarDay.objects.create(day=date(2026, 4, 30), name="Ngày Chiến thắng")
    CalendarDay.objects.create(day=date(2026, 5, 1), name="Ngày Quốc tế Lao động")
    # Received Wednesday 29/4: due Monday 4/5 across the holidays; entered on time.
    _received(department, "1/SNV", date(2026, 4, 29), date(2026, 5, 4))
    # Received Monday 6/4: due 7/4, entered Thursday 9/4: two working days late.
    _received(department, "2/SNV", date(2026, 4, 6), date(2026, 4, 9))
    # Received 1/6 and never entered: late until the period's end.
    _received(department, "3/SNV", date(2026, 6, 1), None)
    # Received in another quarter.
    _received(department, "4/SNV", date(2026, 7, 6), date(2026, 7, 20))
    return root, department, office


def test_late_entries_are_counted_in_working_days_within_the_period(province):
    _root, department, office = province
    found = discipline(department, Q2, user=office, today=date(2026, 12, 1))
    assert found.received == 3
    late = {e.number: e for e in found.late_entries}
    assert set(late) == {"2/SNV", "3/SNV"}
    assert late["2/SNV"].days_late == 2 and late["2/SNV"].due_on == date(2026, 4, 7)
    assert late["3/SNV"].entered_on is None
    assert late["3/SNV"].days_late == 20  # the working days from 3/6 to 30/6


def test_a_period_not_yet_ended_counts_to_today(province):
    _root, department, office = province
    found = discipline(department, Q2, user=office, today=date(2026, 6, 3))
    assert {e.number: e.days_late for e in found.late_entries} == {"2/SNV": 2, "3/SNV": 1}


def test_explanations_received_by_where_they_stand(province):
    root, department, office = province
    document = DocumentFactory(issuer=root, issued_on=date(2026, 3, 1))

    def asked(on: date):
        task = services.task_create(
            actor=None,
            document=document,
            action="Việc",
            lead_unit=department,
            due_on=date(2026, 4, 10),
            assigned_on=date(2026, 3, 2),
        )
        return services.explanation_ask(actor=None, task=task, question="Vì sao chậm?", on=on)

    answered = asked(date(2026, 4, 15))
    services.explanation_answer(
        actor=None, request=answered, reason="Thiếu số liệu", remedy="Bổ sung", on=date(2026, 4, 20)
    )
    accepted = asked(date(2026, 5, 4))
    services.explanation_answer(
        actor=None, request=accepted, reason="Chờ ý kiến", remedy="Đôn đốc", on=date(2026, 5, 5)
    )
    services.explanation_review(actor=None, request=accepted, accept=True, on=date(2026, 5, 6))
    asked(date(2026, 6, 10))
    asked(date(2026, 7, 2))  # another quarter
    found = discipline(department, Q2, user=office, today=date(2026, 12, 1))
    assert (found.explanations_asked, found.explanations_answered) == (3, 2)
    assert found.explanations_accepted == 1


def test_the_score_stays_what_the_tasks_due_make_it(province):
    _root, department, office = province
    assert evaluate_unit(department, Q2, user=office).score is None


def test_the_page_and_the_api_show_it_and_an_outsider_sees_nothing(client, province):
    _root, department, office = province
    client.force_login(office)
    url = reverse("insights:evaluation", args=[department.pk])
    html = client.get(url, {"kind": "quarter", "year": 2026, "number": 2}).content.decode()
    assert "Văn bản nhập nhiệm vụ chậm" in html and "2/SNV" in html and "1/SNV" not in html
    api = f"/api/v1/insights/units/{department.pk}/evaluation"
    data = client.get(api, {"year": 2026, "number": 2}).json()["discipline"]
    assert data["late_entry_count"] == 2 and data["received"] == 3
    assert [e["number"] for e in data["late_entries"]] == ["2/SNV", "3/SNV"]
    outsider = UserFactory(username="ngoai")
    grant(outsider, Role.LEADER, UnitFactory(name="Khác"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(api, {"year": 2026, "number": 2}).status_code == 404


def test_a_colleague_elsewhere_in_the_tree_sees_only_what_is_in_scope(client, province):
    root, _department, _office = province
    sibling = UnitFactory(parent=root, name="Sở Tư pháp")
    viewer = UserFactory(username="sotuphap")
    grant(viewer, Role.TRACKER, sibling)
    found = discipline(root, Q2, user=viewer, today=date(2026, 12, 1))
    assert found.received == 0 and found.late_entries == []


@pytest.mark.parametrize("size", [2, 12])
def test_the_query_count_does_not_grow_with_documents(
    size, province, django_assert_max_num_queries
):
    _root, department, office = province
    for i in range(size):
        _received(department, f"{10 + i}/SNV", date(2026, 5, 4), date(2026, 5, 20))
    with django_assert_max_num_queries(5):  # with the tops of the trees, once
        found = discipline(department, Q2, user=office, today=date(2026, 12, 1))
    assert len(found.late_entries) == 2 + size
