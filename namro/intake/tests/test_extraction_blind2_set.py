"""The second blind set (tests/data/extraction_blind2.json), scored with the same bench.

Written from the development set's description and conventions only, before the rules were
read: sentences wrapped across lines, hyphenated dates, week, year-end and quarter-start
deadlines, monthly reporting days, leads in brackets, 'là cơ quan thường trực', 'làm đầu mối',
'phối hợp chặt chẽ với', unit names closing with a number, and ethnic-minority names with
bracketed terms in their positions.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from namro.intake.core.bench import run

BLIND2_SET = Path(__file__).resolve().parent / "data" / "extraction_blind2.json"


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return run(BLIND2_SET)


def test_blind2_set_meets_the_task_thresholds(scores: dict[str, Any]) -> None:
    assert scores["task"]["f1"] >= 0.9
    assert scores["all_right_rate"] >= 0.85


def test_blind2_set_meets_the_people_thresholds(scores: dict[str, Any]) -> None:
    assert scores["people"]["f1"] >= 0.9
    assert scores["positions"]["f1"] >= 0.9


def test_blind2_set_keeps_its_shape() -> None:
    data = json.loads(BLIND2_SET.read_text(encoding="utf-8"))
    negatives = [c for c in data["cases"] if not c["tasks"]]
    assert len(data["cases"]) >= 45
    assert len(negatives) >= 7
    assert len(data["people_cases"]) >= 20
