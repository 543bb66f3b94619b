"""The unit dashboard page and the summary API: scope, figures, links, query budget."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from namro.access.models import Role
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.tasks import services

AS_OF = date(2025, 6, 1)


def make_tree(children: int, grandchildren: int):
    root = UnitFactory(name="Tỉnh ủy Thử nghiệm")
    document = DocumentFactory(issuer=root, issued_on=date(2025, 1, 2))
    for i in range(children):
        child = UnitFactory(parent=root)
        for j in range(grandchildren):
            leaf = UnitFactory(parent=child)
            services.task_create(
                actor=None,
                document=document,
                action=f"Nhiệm vụ {i}.{j}",
                lead_unit=leaf,
                due_on=date(2025, 3, 1 + j),
                assigned_on=date(2025, 1, 10),
                is_key=j == 0,
            )
    return root


@pytest.fixture
def tree(db):
    return make_tree(3, 2)


@pytest.fixture
def leader(tree):
    user = UserFactory(username="lanhdao")
    grant(user, Role.LEADER, tree)
    return user


def page(client, unit, **params):
    return client.get(reverse("insights:unit", args=[unit.pk]), params)


@pytest.mark.django_db
def test_leader_sees_overdue_counts_and_links_to_the_list(client, tree, leader) -> None:
    client.force_login(leader)
    response = page(client, tree, as_of="2025-06-01")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.summary.unit.overdue == 6
    assert len(board.summary.children) == 3
    assert len(board.overdue) == 6
    assert board.overdue[0].days_late == (AS_OF - date(2025, 3, 1)).days
    html = response.content.decode()
    assert f"unit={tree.pk}" in html and "status=overdue" in html and "as_of=2025-06-01" in html
    assert "chart-4.6.1.umd.min.js" in html


@pytest.mark.django_db
def test_dashboard_of_a_past_date_shows_tasks_then_in_progress(client, tree, leader) -> None:
    client.force_login(leader)
    board = page(client, tree, as_of="2025-02-01").context["board"]
    assert board.summary.unit.in_progress == 6
    assert board.summary.unit.overdue == 0


@pytest.mark.django_db
def test_outsider_gets_404(client, tree) -> None:
    other = UnitFactory(name="Tỉnh khác")
    outsider = UserFactory(username="ngoai")
    grant(outsider, Role.LEADER, other)
    client.force_login(outsider)
    assert page(client, tree).status_code == 404
    url = f"/api/v1/insights/units/{tree.pk}/summary"
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_colleague_of_a_child_unit_sees_its_dashboard_not_the_parent(client, tree) -> None:
    child = tree.children.first()
    colleague = UserFactory(username="dongnghiep")
    grant(colleague, Role.VIEWER, child)
    client.force_login(colleague)
    assert page(client, child).status_code == 200
    response = client.get(f"/api/v1/insights/units/{tree.pk}/summary")
    # Ancestors are visible for breadcrumbs; the summary only counts what is in scope.
    if response.status_code == 200:
        assert [c["unit_id"] for c in response.json()["children"]] == [child.pk]


@pytest.mark.django_db
def test_api_summary_equals_the_page(client, tree, leader) -> None:
    client.force_login(leader)
    data = client.get(f"/api/v1/insights/units/{tree.pk}/summary", {"as_of": "2025-06-01"}).json()
    assert data["unit"]["overdue"] == 6
    assert data["unit"]["on_time_rate"] == 0.0
    assert len(data["children"]) == 3


@pytest.mark.django_db
def test_progress_update_shows_in_the_next_request(client, tree, leader) -> None:
    from namro.tasks.models import Task

    client.force_login(leader)
    task = Task.objects.order_by("pk").first()
    services.task_claim_done(actor=None, task=task, output_note="Xong", on=date(2025, 2, 20))
    services.task_confirm(actor=None, task=task, on=date(2025, 2, 21))
    data = client.get(f"/api/v1/insights/units/{tree.pk}/summary", {"as_of": "2025-06-01"}).json()
    assert data["unit"]["done_on_time"] == 1
    assert data["unit"]["overdue"] == 5


def _queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert page(client, unit, as_of="2025-06-01").status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_page_costs_the_same_queries_for_a_small_and_a_large_tree(client) -> None:
    small = make_tree(1, 1)
    large = make_tree(6, 4)
    user = UserFactory(username="quantri", is_superuser=True)
    client.force_login(user)
    _queries(client, small)  # warm the session
    assert _queries(client, small) == _queries(client, large)


def _unequal_tree(children: int):
    """A root whose child ``i`` leads ``i`` overdue tasks (child 0 none)."""
    root = UnitFactory(name="Tỉnh ủy Biểu đồ")
    document = DocumentFactory(issuer=root, issued_on=date(2025, 1, 2))
    for i in range(children):
        child = UnitFactory(parent=root, name=f"Sở {i:02d}")
        for j in range(i):
            services.task_create(
                actor=None,
                document=document,
                action=f"Nhiệm vụ {i}.{j}",
                lead_unit=child,
                due_on=date(2025, 3, 1),
                assigned_on=date(2025, 1, 10),
            )
    return root


@pytest.mark.django_db
def test_the_chart_shows_the_worst_units_first_and_all_of_them_on_request(client) -> None:
    root = _unequal_tree(13)
    client.force_login(UserFactory(is_superuser=True))
    response = page(client, root, as_of="2025-06-01")
    chart = response.context["chart"]
    worst = [f"Sở {i:02d}" for i in range(12, 2, -1)]
    assert [c["name"] for c in chart["children"]] == worst
    # The table beside the chart holds every unit, in the same order.
    assert [r["counts"].name for r in response.context["rows"][1:]][:10] == worst
    assert len(response.context["rows"]) == 14
    html = response.content.decode()
    assert "Xem cả 13 đơn vị" in html and "units=all" in html
    everything = page(client, root, as_of="2025-06-01", units="all").context["chart"]
    assert len(everything["children"]) == 13


@pytest.mark.django_db
def test_the_heatmap_keeps_the_units_most_overdue_over_the_months(client, monkeypatch) -> None:
    from namro.insights import views

    monkeypatch.setattr(views, "HEATMAP_ROWS", 4)
    root = _unequal_tree(6)
    client.force_login(UserFactory(is_superuser=True))
    response = page(client, root, as_of="2025-06-01")
    assert [r["name"] for r in response.context["chart"]["heatmap"]] == [
        "Sở 05",
        "Sở 04",
        "Sở 03",
        "Sở 02",
    ]
    html = response.content.decode()
    assert "heatmap=all" in html
    # Every charted figure is also written in a table: months and overdue per unit.
    assert "Số liệu của biểu đồ" in html and "Quá hạn cuối tháng" in html
    assert len(page(client, root, heatmap="all").context["chart"]["heatmap"]) == 6


@pytest.mark.django_db
def test_the_on_time_rate_is_written_with_one_decimal_and_its_definition(client, tree) -> None:
    from namro.tasks.models import Task

    tasks = list(Task.objects.order_by("pk"))
    # Seven come due: one done on time, the others overdue: 1/7 = 14,3%.
    services.task_claim_done(actor=None, task=tasks[0], output_note="Xong", on=date(2025, 2, 20))
    services.task_confirm(actor=None, task=tasks[0], on=date(2025, 2, 21))
    services.task_create(
        actor=None,
        document=tasks[0].document,
        action="Thêm một nhiệm vụ",
        lead_unit=tasks[0].lead_unit,
        due_on=date(2025, 3, 1),
        assigned_on=date(2025, 1, 10),
    )
    client.force_login(UserFactory(is_superuser=True))
    html = page(client, tree, as_of="2025-06-01").content.decode()
    assert "<strong>14,3%</strong>" in html
    assert "÷ số nhiệm vụ đã đến hạn" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(client, tree, as_of="2025-06-01").content.decode()
    assert "<strong>14.3%</strong>" in english


@pytest.mark.django_db
def test_each_chart_says_in_words_what_it_shows(client) -> None:
    root = _unequal_tree(6)
    client.force_login(UserFactory(is_superuser=True))
    html = page(client, root, as_of="2025-06-01").content.decode()
    worst = "Sở 05 (5); Sở 04 (4); Sở 03 (3)"
    assert f'id="chart-children-said">Nhiều nhiệm vụ quá hạn nhất: {worst}.</p>' in html
    assert (
        'id="chart-trend-said">Ngày 01/06/2025: 15 nhiệm vụ quá hạn (không đổi so với cuối '
        "tháng trước); trong tháng hoàn thành đúng hạn 0, hoàn thành quá hạn 0.</p>"
    ) in html
    assert f'id="chart-heatmap-said">Ngày 01/06/2025, quá hạn nhiều nhất: {worst}.</p>' in html
    for chart in ("children", "trend", "heatmap"):
        assert f'aria-describedby="chart-{chart}-said"' in html


def test_a_charts_words_follow_its_figures() -> None:
    from types import SimpleNamespace

    from namro.insights.dashboard import chart_summaries

    calm = [SimpleNamespace(name="Sở A", overdue=0), SimpleNamespace(name="Sở B", overdue=0)]
    trend = [
        {"overdue": 1000, "done_on_time": 0, "done_late": 0},
        {"overdue": 1234, "done_on_time": 2500, "done_late": 7},
    ]
    heat = [{"name": "Sở A", "overdue": [3, 0]}, {"name": "Sở B", "overdue": [0, 0]}]
    said = chart_summaries(calm, date(2025, 11, 30), trend, heat)
    assert said["children"] == "Không đơn vị trực thuộc nào có nhiệm vụ quá hạn."
    assert said["trend"] == (
        "Cuối tháng 11/2025: 1.234 nhiệm vụ quá hạn (tăng 234 so với cuối tháng trước); "
        "trong tháng hoàn thành đúng hạn 2.500, hoàn thành quá hạn 7."
    )
    assert said["heatmap"] == "Cuối tháng 11/2025, không đơn vị nào có nhiệm vụ quá hạn."
    fewer = chart_summaries([], date(2025, 12, 3), list(reversed(trend)), [])
    assert fewer == {
        "trend": "Ngày 03/12/2025: 1.000 nhiệm vụ quá hạn (giảm 234 so với cuối tháng trước); "
        "trong tháng hoàn thành đúng hạn 0, hoàn thành quá hạn 0."
    }
