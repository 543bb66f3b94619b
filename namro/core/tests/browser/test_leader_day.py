"""A leader's day, on a desk (1366×900) and on a phone (390×844): the dashboard's charts read
at a glance (horizontal bars, whole-number axes, lines that never dip below zero, a sentence
saying what each shows), the evaluation picked by period whose every "due" figure opens a
list of as many tasks, and search that puts the exact document number first."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from namro.access import factor
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.orgs.models import UnitKind, UnitLevel
from namro.tasks import services

from .conftest import screenshot
from .test_daily_work import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUARTER = "Quý III/2026"


@pytest.fixture
def world(transactional_db):
    """A city with three departments that led tasks due in the third quarter of 2026: one
    done on time, one late, one open (overdue at the quarter's end) and one stopped each, the
    second department more behind; documents numbered 99-CTr/TU and 999/KH-UBND."""
    city = UnitFactory(
        name="Thành ủy Thử Nghiệm", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    departments = [
        UnitFactory(name=f"Sở Thử Nghiệm {n}", level=UnitLevel.PROVINCE, parent=city)
        for n in (1, 2, 3)
    ]
    programme = DocumentFactory(issuer=city, number="99-CTr/TU", issued_on=date(2026, 6, 1))
    DocumentFactory(issuer=city, number="999/KH-UBND", issued_on=date(2026, 6, 2))
    for n, unit in enumerate(departments):
        for k, fate in enumerate(["on time", "late", "open", "stopped", *["open"] * n]):
            due = date(2026, 7, 6) + timedelta(days=9 * k)
            task = services.task_create(
                actor=None, document=programme, action=f"Việc {n}.{k} của quý", lead_unit=unit,
                due_on=due, assigned_on=date(2026, 6, 5),
            )  # fmt: skip
            if fate in ("on time", "late"):
                on = due if fate == "on time" else date(2026, 9, 20)
                services.task_claim_done(
                    actor=None, task=task, output_note="Xong", on=on, explanation="Chậm"
                )
                services.task_confirm(actor=None, task=task, on=on)
            elif fate == "stopped":
                services.task_cancel(actor=None, task=task, reason="Điều chỉnh", on=due)
    leader = UserFactory(username="leader", first_name="Lãnh đạo")
    grant(leader, "leader", city)
    # A leader signs in with a second factor: the app on their phone is set up.
    factor.enrol_with_secret(actor=None, user=leader, secret="NAMROLEADERDAYNAMROLEADERDAYNAMR")
    return {"city": city, "departments": departments}


def open_menu(page) -> None:
    """On a phone the navigation is a menu to open first."""
    toggle = page.locator("button.menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


CHARTS = """() => Object.fromEntries(['chart-children', 'chart-trend', 'chart-heatmap'].map(id => {
  const chart = Chart.getChart(document.getElementById(id));
  if (!chart) return [id, null];
  const counts = chart.options.indexAxis === 'y' ? chart.scales.x : chart.scales.y;
  return [id, {
    indexAxis: chart.options.indexAxis || 'x',
    ticks: counts.ticks.map(t => t.value),
    min: counts.min,
    tension: chart.data.datasets.map(d => d.tension || 0),
  }];
}))"""


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_a_leaders_day_on_the_dashboard_the_evaluation_and_search(
    request, size, live_server, world
):
    page = request.getfixturevalue(size)
    log_in(page, live_server, "leader")

    # The dashboard: charts that answer "who is behind" at a glance, and say it in words.
    open_menu(page)
    page.get_by_role("link", name="Tổng hợp", exact=True).click()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('chart-trend'))"
    )
    charts = page.evaluate(CHARTS)
    bars = charts["chart-children"]
    assert bars["indexAxis"] == "y"  # unit names read horizontally
    assert all(float(t).is_integer() for t in bars["ticks"]) and bars["min"] == 0
    trend = charts["chart-trend"]
    assert all(float(t).is_integer() for t in trend["ticks"]) and trend["min"] >= 0
    assert set(trend["tension"]) == {0}  # straight lines: a count never dips below zero
    said = page.locator("#chart-children-said").inner_text()
    assert said.startswith("Nhiều nhiệm vụ quá hạn nhất: Sở Thử Nghiệm 3")
    assert fits(page)
    screenshot(page, f"leader-dashboard-{size}")

    # The evaluation of a quarter, chosen from the picker.
    open_menu(page)
    page.get_by_role("link", name="Đánh giá kết quả", exact=True).click()
    page.get_by_label("Kỳ đánh giá").select_option(label=QUARTER)
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r".*period=quarter-2026-3.*"))
    row = page.locator("tr", has=page.get_by_role("link", name="Sở Thử Nghiệm 2", exact=True))
    due = row.locator("td.num a").first
    shown = int(due.inner_text())
    assert shown == 4  # on time, late, two open; the stopped task counts for no one
    assert fits(page)
    screenshot(page, f"leader-evaluation-{size}")
    due.click()
    page.wait_for_url(re.compile(r".*/nhiem-vu/\?.*counted=true.*"))
    assert page.get_by_text(re.compile(rf"^{shown} nhiệm vụ — trạng thái")).count() == 1
    assert page.locator("#id_counted").is_checked()

    # Search: the exact number first, though a longer one holds it.
    search = page.get_by_role("searchbox")
    if not search.is_visible():
        open_menu(page)
    search.fill("99-CTr/TU")
    search.press("Enter")
    page.wait_for_url(re.compile(r".*/tim-kiem/\?q=.*"))
    documents = page.locator("section", has=page.locator("h2", has_text="Văn bản"))
    first = documents.locator("ul.results li").first.inner_text()
    assert first.startswith("99-CTr/TU"), first
    assert fits(page)
    screenshot(page, f"leader-search-{size}")
