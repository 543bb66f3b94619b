"""The shared development set and the seed article, scored as the issue asks."""

import pytest

from namro.intake.core import extract
from namro.intake.core.bench import run
from namro.testing import shared_case_json, shared_case_path


@pytest.fixture(scope="module")
def scores() -> dict:
    return run(
        shared_case_path("extraction_dev.json"),
        shared_case_path("seed_article_vi.txt"),
        shared_case_path("seed_article_expected.json"),
    )


def test_dev_set_meets_the_task_thresholds(scores):
    assert scores["task"]["f1"] >= 0.9
    assert scores["all_right_rate"] >= 0.85


def test_dev_set_meets_the_people_thresholds(scores):
    assert scores["people"]["f1"] >= 0.9
    assert scores["positions"]["f1"] >= 0.9


def test_seed_article_yields_the_expected_record():
    text = shared_case_path("seed_article_vi.txt").read_text(encoding="utf-8")
    expected = shared_case_json("seed_article_expected.json")
    got = extract(text).to_dict()
    assert got["people"] == expected["people"]
    assert got["visit"] == expected["visit"]
    assert got["tasks"] == expected["tasks"]
