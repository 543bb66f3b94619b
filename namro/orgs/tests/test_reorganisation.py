"""Dissolving a unit passes its open tasks to the successor, keeping their identity."""

from __future__ import annotations

from datetime import date

import pytest

from namro.factories import DocumentFactory, TaskFactory, UnitFactory
from namro.orgs.services import unit_dissolve
from namro.tasks.models import UpdateKind
from namro.tasks.services import task_claim_done, task_confirm

pytestmark = pytest.mark.django_db


def test_open_tasks_pass_to_the_successor_with_history_and_original_deadline():
    province = UnitFactory(name="Tỉnh ủy Tân Hà")
    old = UnitFactory(name="Huyện ủy Bình Xuyên", parent=province)
    new = UnitFactory(name="Đảng ủy xã Bình Xuyên", parent=province)
    document = DocumentFactory(issuer=province, issued_on=date(2025, 1, 1))
    open_task = TaskFactory(document=document, lead_unit=old, due_on=date(2025, 9, 30))
    done = TaskFactory(document=document, lead_unit=old, due_on=date(2025, 3, 30))
    task_claim_done(actor=None, task=done, output_note="Xong", on=date(2025, 3, 1))
    task_confirm(actor=None, task=done, on=date(2025, 3, 2))
    unit_dissolve(actor=None, unit=old, on=date(2025, 6, 30), successors=[new])
    open_task.refresh_from_db()
    done.refresh_from_db()
    assert open_task.lead_unit == new
    assert open_task.original_due_on == date(2025, 9, 30)
    assert open_task.updates.last().kind == UpdateKind.TRANSFERRED
    assert done.lead_unit == old
    old.refresh_from_db()
    assert old.valid_until == date(2025, 6, 30)
    assert list(old.successors.all()) == [new]
