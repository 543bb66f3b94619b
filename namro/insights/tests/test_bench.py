"""The benchmark at a small size: seeding fills the counters the services would, and the
dashboard benchmark prints its figures. Times are not asserted."""

from __future__ import annotations

import json
import random
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from namro.insights.selectors import unit_summary
from namro.orgs.models import Unit

from .brute import brute_counts


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_seed_and_dashboard_benchmark_at_small_size() -> None:
    out = StringIO()
    call_command(
        "bench", "seed", "--units", "300", "--tasks", "20000", "--json", "--no-progress",
        stdout=out,
    )  # fmt: skip
    seeded = json.loads(out.getvalue())
    assert seeded["tasks"] == 20000 and seeded["units"] >= 250
    rng = random.Random(3)
    units = list(Unit.objects.order_by("path"))
    first, last = date.fromisoformat(seeded["first_day"]), date.fromisoformat(seeded["last_day"])
    for unit in [units[0], *rng.sample(units, 4)]:
        as_of = date.fromordinal(rng.randint(first.toordinal(), last.toordinal() + 200))
        summary = unit_summary(unit.pk, as_of)
        assert summary is not None
        assert summary.unit.as_dict() == brute_counts(unit, as_of), (unit, as_of)
    out = StringIO()
    call_command("bench", "dashboard", "--json", "--dates", "3", "--repeat", "3", stdout=out)
    figures = json.loads(out.getvalue())
    for key in ("database", "units", "tasks", "root_p50_ms", "root_p95_ms", "leaf_p50_ms",
                "leaf_p95_ms", "scan_ms", "root_ratio", "leaf_ratio", "queries_per_request",
                "peak_rss_mb"):  # fmt: skip
        assert key in figures
    assert figures["tasks"] == 20000
    assert figures["queries_per_request"] <= 3
