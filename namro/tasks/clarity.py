"""The five (six) clears — "5 rõ" — as a pure check.

A well-formed task names an owner (rõ người), a concrete action (rõ việc), a deadline or a
recurrence (rõ tiến độ), a lead unit (rõ trách nhiệm), an expected output (rõ hiệu quả) and,
as recent directives add, who holds the authority (rõ thẩm quyền). A unit may switch the
sixth off.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from namro.core.text import fold

# Actions so generic that they name no work of their own.
_VAGUE = frozenset(
    {
        "thuc hien",
        "thuc hien nhiem vu",
        "trien khai",
        "trien khai thuc hien",
        "to chuc thuc hien",
        "theo doi",
        "chi dao",
        "lam",
    }
)
_MIN_ACTION_WORDS = 3


class Clear(enum.StrEnum):
    OWNER = "owner"  # rõ người
    ACTION = "action"  # rõ việc
    SCHEDULE = "schedule"  # rõ tiến độ
    RESPONSIBILITY = "responsibility"  # rõ trách nhiệm
    OUTPUT = "output"  # rõ hiệu quả
    AUTHORITY = "authority"  # rõ thẩm quyền


LABELS_VI = {
    Clear.OWNER: "rõ người",
    Clear.ACTION: "rõ việc",
    Clear.SCHEDULE: "rõ tiến độ",
    Clear.RESPONSIBILITY: "rõ trách nhiệm",
    Clear.OUTPUT: "rõ hiệu quả",
    Clear.AUTHORITY: "rõ thẩm quyền",
}


@dataclass(frozen=True)
class ClarityFacts:
    """What the check reads of a task (or of a draft row not yet saved)."""

    action: str
    has_owner: bool
    has_deadline: bool
    recurrence: str
    has_lead_unit: bool
    expected_output: str
    has_authority: bool


def _folded_words(text: str) -> list[str]:
    return fold(text).split()


def clarity(facts: ClarityFacts, *, require_authority: bool = True) -> list[Clear]:
    """The clears a task lacks, in the order of the formula; empty when it is clear."""
    missing: list[Clear] = []
    if not facts.has_owner:
        missing.append(Clear.OWNER)
    words = _folded_words(facts.action)
    if len(words) < _MIN_ACTION_WORDS or " ".join(words) in _VAGUE:
        missing.append(Clear.ACTION)
    if not facts.has_deadline and facts.recurrence in ("", "none"):
        missing.append(Clear.SCHEDULE)
    if not facts.has_lead_unit:
        missing.append(Clear.RESPONSIBILITY)
    if not facts.expected_output.strip():
        missing.append(Clear.OUTPUT)
    if require_authority and not facts.has_authority:
        missing.append(Clear.AUTHORITY)
    return missing
