"""The third blind set (tests/data/extraction_blind3.json), scored with the same bench.

Written as siblings of the development set's cases — same genres and constructions (directives,
plans, conclusions, tables, work programmes, news negatives, attendee lists) with new fictional
provinces, units, people, dates and wording — before the rules were read, and labelled by the
development set's conventions.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from namro.intake.core.bench import run

BLIND3_SET = Path(__file__).resolve().parent / "data" / "extraction_blind3.json"


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return run(BLIND3_SET)


def test_blind3_set_meets_the_task_thresholds(scores: dict[str, Any]) -> None:
    assert scores["task"]["f1"] >= 0.9
    assert scores["all_right_rate"] >= 0.85


def test_blind3_set_meets_the_people_thresholds(scores: dict[str, Any]) -> None:
    assert scores["people"]["f1"] >= 0.9
    assert scores["positions"]["f1"] >= 0.9


def test_blind3_set_keeps_its_shape() -> None:
    data = json.loads(BLIND3_SET.read_text(encoding="utf-8"))
    negatives = [c for c in data["cases"] if not c["tasks"]]
    assert len(data["cases"]) >= 45
    assert len(negatives) >= 7
    assert len(data["people_cases"]) >= 20
