"""The blind set (tests/data/extraction_blind.json), scored with the same bench.

The set follows the development set's labelling conventions (copied into the file) with other
provinces, people and sentence shapes: long sentences with several tasks, leads carried
across sentences, lettered items under a unit heading,
periodic reporting days in parentheses, decoy dates, Tết and signing-relative deadlines,
comma-containing and shortened unit lists, and stacked positions.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from namro.intake.core.bench import run

BLIND_SET = Path(__file__).resolve().parent / "data" / "extraction_blind.json"


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return run(BLIND_SET)


def test_blind_set_meets_the_task_thresholds(scores: dict[str, Any]) -> None:
    assert scores["task"]["f1"] >= 0.9
    assert scores["all_right_rate"] >= 0.85


def test_blind_set_meets_the_people_thresholds(scores: dict[str, Any]) -> None:
    assert scores["people"]["f1"] >= 0.9
    assert scores["positions"]["f1"] >= 0.9


def test_blind_set_keeps_its_shape() -> None:
    data = json.loads(BLIND_SET.read_text(encoding="utf-8"))
    negatives = [c for c in data["cases"] if not c["tasks"]]
    assert len(data["cases"]) >= 45
    assert len(negatives) >= 7
    assert len(data["people_cases"]) >= 20
