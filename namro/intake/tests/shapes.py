"""Readers shared by the tests of extraction rules on hand-written sentences: the tasks of a
text as the API gives them, the one task it must hold, the units a list names, the people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from namro.intake.core import extract
from namro.intake.core.text import Doc
from namro.intake.core.units import parse_unit_list

Tasks = Callable[..., list[dict[str, Any]]]
Only = Callable[..., dict[str, Any]]


def readers(day: date | None) -> tuple[Tasks, Only]:
    """``tasks(text, when=day)`` and ``only(text, when=day)`` for texts dated ``day``."""

    def tasks(text: str, when: date | None = day) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = extract(text, doc_date=when).to_dict()["tasks"]
        return result

    def only(text: str, when: date | None = day) -> dict[str, Any]:
        found = tasks(text, when)
        assert len(found) == 1, found
        return found[0]

    return tasks, only


def units(text: str) -> list[str]:
    """The units a list at the start of ``text`` names, as written."""
    return [u.text for u in parse_unit_list(Doc.of(text), 0)[0]]


def positions(text: str) -> dict[str, list[str]]:
    return {p["name"]: p["positions"] for p in extract(text).to_dict()["people"]}
