"""The shared development set of real texts, scored per part (see namro.intake.core.bench).

The floors are the figures reached when the rules were last tuned, less a small margin: the
kept part was never tuned on, so its floor shows how far the rules generalise. The set sits
beside the project; without it these tests skip and say so.
"""

from typing import Any

import pytest

from namro.intake.core.bench import run
from namro.testing import shared_case_path

# part: (task F1, lead+deadline+recurrence all right, people F1, positions F1)
FLOORS = {
    "tune": (0.84, 0.63, 0.96, 0.93),
    "kept": (0.68, 0.26, 0.95, 0.82),
    "all": (0.80, 0.53, 0.96, 0.89),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    part: str = request.param
    return part, run(shared_case_path("extraction_real_dev.json"), part=part)


def test_real_set_holds_its_floors(scored: tuple[str, dict[str, Any]]) -> None:
    part, scores = scored
    task, all_right, people, positions = FLOORS[part]
    assert scores["task"]["f1"] >= task
    assert scores["all_right_rate"] >= all_right
    assert scores["people"]["f1"] >= people
    assert scores["positions"]["f1"] >= positions


def test_real_set_parts_split_the_whole(scored: tuple[str, dict[str, Any]]) -> None:
    part, scores = scored
    expected = {"tune": (49, 15), "kept": (18, 12), "all": (67, 27)}[part]
    assert (scores["cases"], scores["people_cases"]) == expected


def test_bench_command_scores_one_part_of_a_named_set() -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    path = shared_case_path("extraction_real_dev.json")
    out = StringIO()
    call_command("bench", "extract", "--cases", str(path), "--part", "kept", "--json", stdout=out)
    result = json.loads(out.getvalue())["extraction_real_dev"]
    assert result["part"] == "kept"
    assert (result["cases"], result["people_cases"]) == (18, 12)
    assert result["visit_matches_seed"] is None  # a named set is scored alone
    assert "misses" not in result
