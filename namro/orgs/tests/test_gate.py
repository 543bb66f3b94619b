"""The organisation tree is written by the system and administrators only."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from namro.audit.models import AuditEvent
from namro.orgs import services
from namro.orgs.models import Person, Position, Unit

pytestmark = pytest.mark.django_db


def _writes(p):
    yield lambda actor: services.unit_create(
        actor=actor, name="Ban mới", kind="department", level="province", parent=p.province
    )
    yield lambda actor: services.unit_update(actor=actor, unit=p.commune, short_name="Xã TN")
    yield lambda actor: services.unit_move(actor=actor, unit=p.division, new_parent=p.province)
    yield lambda actor: services.person_create(actor=actor, full_name="Lê Văn Mới")
    yield lambda actor: services.position_create(
        actor=actor, person=p.person, title="Phó Giám đốc", unit=p.department
    )
    yield lambda actor: services.unit_dissolve(
        actor=actor, unit=p.commune, on=date(2025, 7, 1), successors=[p.department]
    )


def _written():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        AuditEvent.objects.count(),
        Unit.objects.filter(valid_until__isnull=False).count(),
    )


@pytest.mark.parametrize("name", ["tracker", "leader", "reporter", "norole"])
def test_a_user_who_is_not_an_administrator_changes_nothing_in_the_tree(personas, name):
    before = _written()
    for write in _writes(personas):
        with pytest.raises(PermissionDenied):
            write(personas.user(name))
    assert _written() == before


def test_an_administrator_and_the_system_change_the_tree(personas):
    writes = list(_writes(personas))
    for i, write in enumerate(writes):
        before = AuditEvent.objects.count()
        write(personas.user("admin") if i % 2 else None)
        assert AuditEvent.objects.count() > before
