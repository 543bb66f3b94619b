"""namro's own labelled set (tests/data/extraction_own.json), scored with the same bench.

The set is written under the development set's labelling conventions (copied into the file)
but with other provinces, people and sentence shapes, so it checks that the rules generalise.
"""

from pathlib import Path
from typing import Any

import pytest

from namro.intake.core.bench import run

OWN_SET = Path(__file__).resolve().parent / "data" / "extraction_own.json"


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return run(OWN_SET)


def test_own_set_meets_the_task_thresholds(scores: dict[str, Any]) -> None:
    assert scores["task"]["f1"] >= 0.9
    assert scores["all_right_rate"] >= 0.85


def test_own_set_meets_the_people_thresholds(scores: dict[str, Any]) -> None:
    assert scores["people"]["f1"] >= 0.9
    assert scores["positions"]["f1"] >= 0.9


def test_own_set_is_large_enough_and_has_negatives() -> None:
    import json

    data = json.loads(OWN_SET.read_text(encoding="utf-8"))
    assert len(data["cases"]) >= 50
    assert sum(1 for case in data["cases"] if not case["tasks"]) >= 8
    assert len(data["people_cases"]) >= 20
