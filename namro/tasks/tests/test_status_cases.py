"""The shared specification of task status (cases/status_cases.json), in both engines."""

from __future__ import annotations

from datetime import date

import pytest

from namro.factories import DocumentFactory, UnitFactory
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.models import ExtensionRequest, ExtensionState, Task, TaskOccurrence
from namro.testing import SHARED_CASES, shared_case_json


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def facts_from_case(case: dict) -> rules.TaskFacts:
    original = _d(case.get("original_due_on")) or _d(case.get("due_on"))
    extensions: tuple[rules.Extension, ...] = ()
    if case.get("extended_on"):
        extensions = (rules.Extension(_d(case["extended_on"]), _d(case["due_on"])),)
    claims: tuple[rules.Claim, ...] = ()
    if case.get("claimed_on"):
        claims = (
            rules.Claim(
                _d(case["claimed_on"]), _d(case.get("confirmed_on")), _d(case.get("sent_back_on"))
            ),
        )
    return rules.TaskFacts(
        assigned_on=_d(case["assigned_on"]),
        original_due_on=original,
        recurrence=rules.Recurrence(case.get("recurrence") or "none"),
        extensions=extensions,
        claims=claims,
        cancelled_on=_d(case.get("cancelled_on")),
    )


def save_facts(facts: rules.TaskFacts, document, lead) -> Task:
    """Store ``facts`` as rows exactly as the services would leave them (history included)."""
    current_due = (
        rules.deadline_as_of(facts, date.max) if facts.extensions else facts.original_due_on
    )
    last_ext = max(facts.extensions, key=lambda e: e.granted_on) if facts.extensions else None
    confirmed = [c for c in facts.claims if c.sent_back_on is None]
    one_off = facts.recurrence is rules.Recurrence.NONE
    claim = confirmed[0] if confirmed and one_off else None
    task = Task.objects.create(
        document=document,
        action="Nhiệm vụ thử nghiệm theo đặc tả",
        lead_unit=lead,
        assigned_on=facts.assigned_on,
        due_on=current_due if one_off else None,
        original_due_on=facts.original_due_on if one_off else None,
        extended_on=last_ext.granted_on if last_ext else None,
        recurrence=facts.recurrence.value,
        claimed_on=claim.claimed_on if claim else None,
        confirmed_on=claim.confirmed_on if claim else None,
        cancelled_on=facts.cancelled_on,
    )
    previous = facts.original_due_on
    for ext in sorted(facts.extensions, key=lambda e: e.granted_on):
        assert previous is not None
        ExtensionRequest.objects.create(
            task=task,
            requested_on=ext.granted_on,
            previous_due_on=previous,
            requested_due_on=ext.new_due_on,
            reason="Lý do thử nghiệm",
            state=ExtensionState.GRANTED,
            decided_on=ext.granted_on,
        )
        previous = ext.new_due_on
    if not one_off:
        for c in facts.claims:
            if c.sent_back_on is None and c.occurrence_due_on is not None:
                TaskOccurrence.objects.get_or_create(
                    task=task,
                    due_on=c.occurrence_due_on,
                    defaults={"claimed_on": c.claimed_on, "confirmed_on": c.confirmed_on},
                )
    return task


def _cases() -> list[dict]:
    return shared_case_json("status_cases.json")["cases"]


def _case_ids() -> list[str]:
    # Without the shared folder, one parameter whose test skips with a visible reason.
    if not (SHARED_CASES / "status_cases.json").exists():
        return ["shared-cases-absent"]
    return [c["name"] for c in _cases()]


@pytest.mark.parametrize("name", _case_ids())
def test_status_case_holds_in_pure_function(name: str) -> None:
    case = next(c for c in _cases() if c["name"] == name)
    count_against = rules.CountAgainst(case.get("count_against") or "current")
    result = rules.status_detail(
        facts_from_case(case), _d(case["as_of"]), count_against=count_against
    )
    got = result.status.value if result else None
    assert got == case["expected"], name
    if "due_soon" in case:
        assert result is not None and result.due_soon is case["due_soon"], name


@pytest.mark.django_db
@pytest.mark.parametrize("name", _case_ids())
def test_status_case_holds_in_database_aggregation(name: str) -> None:
    case = next(c for c in _cases() if c["name"] == name)
    count_against = rules.CountAgainst(case.get("count_against") or "current")
    lead = UnitFactory()
    document = DocumentFactory(issuer=lead, issued_on=date(2020, 1, 1))
    task = save_facts(facts_from_case(case), document, lead)
    row = with_status(
        Task.objects.filter(pk=task.pk), _d(case["as_of"]), count_against=count_against
    ).get()
    assert row.status == case["expected"], name
    if "due_soon" in case:
        assert row.due_soon is case["due_soon"], name
