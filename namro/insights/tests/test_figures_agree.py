"""One figure, one value: the dashboard, the home page's cards, the evaluation, the review and
the periodic report give the same counts and the same on-time rate, written the same way, for
the same unit and date, on random trees of tasks (each read through its page, as a leader of
the whole tree opens it)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from namro.access.models import Role
from namro.core import formats
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.oversight import services as oversight
from namro.oversight.models import ReviewKind
from namro.tasks import services

pytestmark = pytest.mark.django_db

YEAR = 2025
END = date(YEAR, 12, 31)
FIGURES = ("done_on_time", "done_late", "overdue")


def random_tree(rng: random.Random):
    """A province with two to four departments, each with up to two communes; one resolution
    of the province and 12–30 one-off tasks due in the year, led anywhere in the tree: some
    done on time, some late, some after the year, some stopped, the rest left open."""
    root = UnitFactory(name="Tỉnh ủy Đối chiếu")
    units = [root]
    for i in range(rng.randint(2, 4)):
        child = UnitFactory(parent=root, name=f"Sở {i}")
        units.append(child)
        units += [UnitFactory(parent=child, name=f"Xã {i}.{j}") for j in range(rng.randint(0, 2))]
    document = DocumentFactory(issuer=root, issued_on=date(YEAR, 1, 2))
    for n in range(rng.randint(12, 30)):
        due = date(YEAR, 2, 1) + timedelta(days=rng.randint(0, 300))
        task = services.task_create(
            actor=None,
            document=document,
            action=f"Nhiệm vụ đối chiếu {n}",
            lead_unit=rng.choice(units),
            due_on=due,
            assigned_on=date(YEAR, 1, 10),
        )
        fate = rng.choice(["on time", "late", "next year", "stopped", "open", "open"])
        if fate in ("on time", "late"):
            days = -rng.randint(0, 20) if fate == "on time" else rng.randint(1, 30)
            claimed = min(due + timedelta(days=days), END - timedelta(days=1))
            services.task_claim_done(
                actor=None, task=task, output_note="Xong", on=claimed, explanation="Chậm vì mưa lũ"
            )
            services.task_confirm(actor=None, task=task, on=claimed + timedelta(days=1))
        elif fate == "stopped":
            services.task_cancel(actor=None, task=task, reason="Điều chỉnh", on=due)
    return root, document


def written(rate: float | None) -> str:
    return formats.rate(rate)


@pytest.mark.parametrize("seed", range(4))
def test_every_page_gives_the_same_figures_for_the_same_unit_and_date(client, seed):
    rng = random.Random(seed)
    root, document = random_tree(rng)
    leader = UserFactory(username=f"doichieu{seed}")
    grant(leader, Role.LEADER, root)
    client.force_login(leader)
    as_of = END.isoformat()

    board = client.get(reverse("insights:unit", args=[root.pk]), {"as_of": as_of})
    unit = board.context["board"].summary.unit
    counts = {f: getattr(unit, f) for f in (*FIGURES, "in_progress")}
    rate = unit.on_time_rate
    assert sum(counts[f] for f in FIGURES) > 0, "the tree has tasks that came due"

    home = client.get(reverse("home"), {"as_of": as_of})
    cards = dict(home.context["counts"])
    assert {f: cards[f] for f in counts} == counts, "home cards"

    evaluation = client.get(
        reverse("insights:evaluation", args=[root.pk]), {"kind": "year", "year": YEAR}
    )
    figures = evaluation.context["figures"]
    assert {f: figures[f] for f in FIGURES} == {f: counts[f] for f in FIGURES}, "evaluation"
    assert figures["on_time_rate"] == rate, "evaluation rate"

    review = oversight.review_create(
        actor=leader,
        kind=ReviewKind.values[0],
        document=document,
        unit=root,
        period_start=date(YEAR, 1, 1),
        period_end=END,
    )
    shown = client.get(reverse("oversight:review", args=[review.pk]))
    draft = shown.context["draft"]
    assert {f: draft.totals[f] for f in counts} == counts, "review"

    report = client.get(
        reverse("reports:periodic"), {"unit": root.pk, "period": str(YEAR), "calendar": "1"}
    )
    table = report.context["report"].table
    assert {f: getattr(table, f) for f in counts} == counts, "periodic report"

    # The rate is one figure, written one way, on every page that shows it.
    text = written(rate)
    assert re.fullmatch(r"\d{1,3},\d%|—", text)
    for name, response in (
        ("dashboard", board),
        ("evaluation", evaluation),
        ("review", shown),
        ("periodic report", report),
    ):
        assert text in response.content.decode(), name

    # And as of a day inside the year: the dashboard, the home cards and the month's report.
    month = rng.randint(3, 11)
    month_end = date(YEAR, month + 1, 1) - timedelta(days=1)
    day = month_end.isoformat()
    inside = client.get(reverse("insights:unit", args=[root.pk]), {"as_of": day})
    unit = inside.context["board"].summary.unit
    counts = {f: getattr(unit, f) for f in (*FIGURES, "in_progress")}
    cards = dict(client.get(reverse("home"), {"as_of": day}).context["counts"])
    assert {f: cards[f] for f in counts} == counts, f"home cards on {day}"
    monthly = client.get(
        reverse("reports:periodic"),
        {"unit": root.pk, "period": f"{YEAR}-M{month}", "calendar": "1"},
    )
    table = monthly.context["report"].table
    assert {f: getattr(table, f) for f in counts} == counts, f"report of month {month}"
    assert written(unit.on_time_rate) in monthly.content.decode()


@pytest.mark.parametrize("seed", range(4))
def test_the_evaluation_of_a_quarter_or_a_month_counts_the_tasks_its_links_list(client, seed):
    """Each figure of an evaluation opens the task list behind it: as many tasks there as the
    figure says, for a quarter and a month chosen at random."""
    rng = random.Random(100 + seed)
    root, _document = random_tree(rng)
    leader = UserFactory(username=f"doichieuky{seed}")
    grant(leader, Role.LEADER, root)
    client.force_login(leader)
    quarter, month = rng.randint(1, 4), rng.randint(2, 11)
    for params in (
        {"kind": "quarter", "year": YEAR, "number": quarter},
        {"kind": "month", "year": YEAR, "number": month},
    ):
        page = client.get(reverse("insights:evaluation", args=[root.pk]), params)
        figures, links = page.context["figures"], page.context["links"]
        listed = {
            f: client.get(links[f].replace("&amp;", "&")).context["page"].paginator.count
            for f in (*FIGURES, "due")
        }
        assert listed == {f: figures[f] for f in (*FIGURES, "due")}, params
