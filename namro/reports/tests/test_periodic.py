"""The periodic report: its four figures agree with ``status_of`` as of the cut-off, it reads
a fixed number of queries whatever the size, and every persona sees only its own units."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from io import BytesIO

import docx
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from namro.access import policy
from namro.access.models import Role
from namro.factories import DocumentFactory, PersonFactory, UnitFactory, UserFactory, grant
from namro.orgs.models import UnitKind, UnitLevel
from namro.reports import periods
from namro.reports.periodic_data import BUCKETS, LIST_LIMIT, periodic_report
from namro.reports.periodic_docx import periodic_docx
from namro.tasks import rules, services
from namro.tasks.models import Task
from namro.tasks.selectors import tasks_with_facts

Q3 = periods.parse("2026-Q3")
START, END = Q3.window()


def counted(unit, user, as_of):
    """The four figures counted task by task with the pure status rules."""
    qs = policy.visible_tasks(user, Task.objects.filter(unit.subtree_q("lead_unit__")))
    found = Counter(rules.status_of(t.facts(), as_of) for t in tasks_with_facts(qs))
    return {b: found[rules.Status(b)] for b in BUCKETS}


@pytest.fixture
def tree(db):
    root = UnitFactory(
        name="Tỉnh ủy Thử nghiệm", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    children = [
        UnitFactory(parent=root, name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thử nghiệm"),
        UnitFactory(parent=root, name="Sở Nội vụ Thử nghiệm"),
        UnitFactory(
            parent=root,
            name="Đảng ủy xã Thử nghiệm",
            kind=UnitKind.PARTY_COMMITTEE,
            level=UnitLevel.COMMUNE,
        ),
    ]
    below = [UnitFactory(parent=c, name=f"Phòng {n} — {c.name}") for c in children for n in (1, 2)]
    document = DocumentFactory(issuer=root, issued_on=date(2026, 1, 5))
    owner = PersonFactory(full_name="Lê Văn Chủ Trì")
    people = {
        "owner": UserFactory(username="vanphong"),
        "colleague": UserFactory(username="so"),
        "outsider": UserFactory(username="ngoai"),
    }
    grant(people["owner"], Role.TRACKER, root)
    grant(people["colleague"], Role.LEADER, children[1])
    grant(people["outsider"], Role.LEADER, UnitFactory(name="Tỉnh ủy Khác"))
    chance = random.Random(11)

    def add(count):
        for _ in range(count):
            unit = chance.choice([root, *children, *below])
            due = date(2026, 5, 1) + timedelta(days=chance.randrange(200))
            roll = chance.random()
            task = services.task_create(
                actor=None, document=document, action="Việc", lead_unit=unit, owner=owner,
                due_on=due if roll > 0.05 else None,
                recurrence="ongoing" if roll <= 0.05 else "none",
                assigned_on=date(2026, 1, 10) + timedelta(days=chance.randrange(200)) if due > date(2026, 8, 1) else date(2026, 1, 10),
                is_key=chance.random() < 0.2, is_breakthrough=chance.random() < 0.1,
            )  # fmt: skip
            if roll <= 0.05:
                continue
            if chance.random() < 0.15:
                request = services.extension_request_create(
                    actor=None, task=task, requested_due_on=due + timedelta(days=30),
                    reason="Chờ ý kiến", on=min(due, date(2026, 7, 1)),
                )  # fmt: skip
                services.extension_decide(
                    actor=None, request=request, grant=True, on=min(due, date(2026, 7, 1))
                )
            if chance.random() < 0.05:
                services.task_cancel(actor=None, task=task, reason="Không còn phù hợp", on=due)
                continue
            if chance.random() < 0.55:
                claimed = due + timedelta(days=chance.randrange(-30, 30))
                claimed = max(claimed, task.assigned_on)
                services.task_claim_done(
                    actor=None, task=task, output_note="Xong", on=claimed, explanation="Muộn"
                )
                services.task_confirm(
                    actor=None, task=task, on=claimed + timedelta(days=chance.randrange(5))
                )
            elif due < END and chance.random() < 0.5:
                asked = services.explanation_ask(
                    actor=None, task=task, question="Vì sao chậm?", on=due + timedelta(days=1)
                )
                services.explanation_answer(
                    actor=None, request=asked, reason="Chờ hướng dẫn", remedy="Làm việc với Bộ",
                    on=due + timedelta(days=2),
                )  # fmt: skip

    return root, children, people, add


def test_four_figures_equal_status_of_as_of_the_cut_off_for_the_unit_and_each_child(tree):
    root, children, people, add = tree
    add(90)
    for person in ("owner", "colleague"):
        user = people[person]
        report = periodic_report(root, Q3, user=user)
        table = report.table
        assert {b: getattr(table, b) for b in BUCKETS} == counted(root, user, END)
        for row in report.children:
            unit = next(c for c in children if c.pk == row.unit_id)
            assert {b: getattr(row, b) for b in BUCKETS} == counted(unit, user, END)
    mine = periodic_report(root, Q3, user=people["owner"])
    assert mine.table.total > 0 and mine.table.overdue > 0 and mine.table.done_late > 0
    assert [c.unit_id for c in mine.children] == [c.pk for c in children]


def test_calendar_option_counts_as_of_the_period_end(tree):
    root, _children, people, add = tree
    add(40)
    report = periodic_report(root, Q3, user=people["owner"], calendar=True)
    assert (report.start, report.end) == (date(2026, 7, 1), date(2026, 9, 30))
    table = report.table
    assert {b: getattr(table, b) for b in BUCKETS} == counted(root, people["owner"], report.end)


def test_overdue_list_gives_days_late_and_the_explanation_given_by_the_cut_off(tree):
    root, _children, people, add = tree
    add(80)
    report = periodic_report(root, Q3, user=people["owner"])
    assert report.overdue.rows and report.overdue.total == report.table.overdue
    for row in report.overdue.rows:
        assert row.task.facts() and rules.status_of(row.task.facts(), END) is rules.Status.OVERDUE
        assert row.days_late == (END - row.deadline).days > 0
    explained = [r for r in report.overdue.rows if r.explanation is not None]
    assert explained and all(r.explanation.answered_on <= END for r in explained)


def test_extensions_are_those_granted_in_the_window(tree):
    root, _children, people, add = tree
    add(80)
    report = periodic_report(root, Q3, user=people["owner"])
    assert report.extensions.rows
    assert all(START <= e.decided_on <= END for e in report.extensions.rows)
    assert report.extensions.total == len(report.extensions.rows)


def test_key_tasks_list_only_key_or_breakthrough_tasks(tree):
    root, _children, people, add = tree
    add(60)
    report = periodic_report(root, Q3, user=people["owner"])
    assert report.key_tasks.rows
    assert all(r.task.is_key or r.task.is_breakthrough for r in report.key_tasks.rows)
    assert report.key_tasks.total == len(report.key_tasks.rows) <= LIST_LIMIT


def test_drafted_headings_carry_the_figures_in_vietnamese_format(tree):
    root, _children, people, add = tree
    add(60)
    report = periodic_report(root, Q3, user=people["owner"])
    document = docx.Document(BytesIO(periodic_docx(report, year=2026)))
    text = "\n".join(p.text for p in document.paragraphs)
    for heading in ("KẾT QUẢ ĐẠT ĐƯỢC", "HẠN CHẾ, NGUYÊN NHÂN", "NHIỆM VỤ TRỌNG TÂM KỲ TỚI"):
        assert heading in text
    assert f"tổng số nhiệm vụ theo dõi là {report.table.total} nhiệm vụ" in text
    rate = report.table.on_time_rate
    assert rate is not None and f"{rate:.1f}".replace(".", ",") + "%" in text
    assert "14/09/2026" in text


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.mark.parametrize("person", ["owner", "colleague"])
def test_the_report_page_api_and_docx_cost_the_same_queries_at_two_sizes(
    client, tree, person, monkeypatch
):
    from namro.reports import periodic_data

    # Short lists, so that they are full at the larger size and not at the smaller.
    monkeypatch.setattr(periodic_data, "LIST_LIMIT", 4)
    root, children, people, add = tree
    unit = root if person == "owner" else children[1]
    client.force_login(people[person])
    params = {"unit": unit.pk, "period": "2026-Q3"}
    counts = []
    for size in (6, 60):
        add(size)
        counts.append(
            (
                _queries(lambda: client.get(reverse("reports:periodic"), params)),
                _queries(lambda: client.get("/api/v1/reports/periodic", params)),
                _queries(lambda: client.get(reverse("reports:periodic_docx"), params)),
            )
        )
    assert counts[0] == counts[1]


def test_a_full_list_says_how_many_there_are_in_all(tree, monkeypatch):
    from namro.reports import periodic_data

    root, _children, people, add = tree
    add(60)
    monkeypatch.setattr(periodic_data, "LIST_LIMIT", 3)
    report = periodic_report(root, Q3, user=people["owner"])
    assert len(report.overdue.rows) == 3 and report.overdue.total == report.table.overdue > 3
    document = docx.Document(BytesIO(periodic_docx(report, year=2026)))
    assert f"(Liệt kê 3 trên tổng số {report.overdue.total}.)" in [
        p.text for p in document.paragraphs
    ]


# --- personas: page, API and downloads --------------------------------------------------------

SEES = {"admin", "leader", "tracker", "reporter", "viewer"}


def _get(client, personas, name, url, unit):
    user = personas.user(name)
    if user is not None:
        client.force_login(user)
    return client.get(url, {"unit": unit.pk, "period": "2026-Q3"})


@pytest.mark.parametrize("name", ["admin", "leader", "tracker", "reporter", "viewer", "norole"])
@pytest.mark.parametrize("target", ["reports:periodic", "reports:periodic_docx", "api"])
def test_personas_see_the_report_of_a_unit_in_scope_only(client, personas, name, target):
    url = "/api/v1/reports/periodic" if target == "api" else reverse(target)
    inside = _get(client, personas, name, url, personas.department)
    assert inside.status_code == (200 if name in SEES else 404)
    outside = _get(client, personas, name, url, personas.outside_department)
    assert outside.status_code == (200 if name == "admin" else 404)


@pytest.mark.parametrize("name", ["leader", "viewer", "norole"])
def test_the_pdf_of_a_unit_outside_scope_is_404(client, personas, name):
    response = _get(client, personas, name, reverse("reports:periodic_pdf"), personas.outside)
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in_and_the_api_refuses(client, personas):
    page = client.get(reverse("reports:periodic"), {"unit": personas.department.pk})
    assert page.status_code == 302
    api = client.get("/api/v1/reports/periodic", {"unit": personas.department.pk, "period": "2026"})
    assert api.status_code == 401


def test_the_report_shows_only_what_the_persona_may_see(client, personas):
    client.force_login(personas.user("viewer"))
    body = client.get(
        "/api/v1/reports/periodic", {"unit": personas.province.pk, "period": "2026-Q3"}
    ).json()
    names = [c["name"] for c in body["children"]]
    assert names == [personas.department.name]


def test_the_page_chooser_offers_the_units_in_scope_and_links_the_downloads(client, personas):
    client.force_login(personas.user("tracker"))
    bare = client.get(reverse("reports:periodic")).content.decode()
    assert personas.department.name in bare and personas.outside_department.name not in bare
    page = client.get(
        reverse("reports:periodic"), {"unit": personas.province.pk, "period": "2026-Q3"}
    ).content.decode()
    assert "dinh-ky.docx?" in page and "dinh-ky.pdf?" in page
    assert "Kết quả đạt được" in page and "15/06/2026" in page
    assert 'href="/bao-cao/"' in page  # the navigation entry


def test_a_bad_period_is_explained_on_the_page_and_refused_by_the_api(client, personas):
    client.force_login(personas.user("tracker"))
    page = client.get(reverse("reports:periodic"), {"unit": personas.department.pk, "period": "Q9"})
    assert page.status_code == 200 and "không phải là kỳ báo cáo" in page.content.decode()
    api = client.get("/api/v1/reports/periodic", {"unit": personas.department.pk, "period": "Q9"})
    assert api.status_code in (400, 422) and "period" in api.content.decode()


def test_the_navigation_offers_reports_only_to_a_role_holder(client, personas):
    client.force_login(personas.user("norole"))
    assert 'href="/bao-cao/"' not in client.get("/").content.decode()


def test_command_writes_the_docx(tree, tmp_path, capsys):
    root, _children, _people, add = tree
    add(20)
    target = tmp_path / "bao-cao.docx"
    call_command(
        "report", "periodic", "--unit", str(root.pk), "--period", "2026-Q3", "-o", str(target)
    )
    document = docx.Document(str(target))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "2026-Q3" in capsys.readouterr().out


def test_the_page_in_english(client, personas):
    from django.conf import settings
    from django.utils import translation

    client.force_login(personas.user("tracker"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = client.get(
            reverse("reports:periodic"), {"unit": personas.province.pk, "period": "2026-Q3"}
        ).content.decode()
    finally:
        # The request leaves English active in this thread; later tests expect Vietnamese.
        translation.activate(settings.LANGUAGE_CODE)
    for label in ("Periodic report", "Results achieved", "Download Word (.docx)", "On time"):
        assert label in page, label


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 3), "2026-Q4"),
        (date(2026, 12, 15), "2027-Q1"),
        (date(2026, 3, 14), "2026-Q1"),
        (date(2026, 3, 15), "2026-Q2"),
    ],
)
def test_the_page_opens_on_the_quarter_whose_window_holds_today(today, expected):
    from namro.reports.views import current_period

    assert current_period(today).code == expected
