"""Personas for permission tests, shared by the API and the pages.

A small tree — a province with a department (and a division under it) and a commune, and an
outside province with its own department — one user per role, a user with no role, and a
document with a task in scope and another out of scope.

The root ``conftest.py`` loads this module as a plugin, so any test can ask for it::

    def test_something(personas, client):
        client.force_login(personas.users["reporter"])
        ...

``PERSONAS`` lists the persona names in a fixed order (``anonymous`` has no user).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from namro.access.models import Role
from namro.factories import (
    DocumentFactory,
    PersonFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    grant,
)
from namro.orgs.models import Person, Position, Unit, UnitKind, UnitLevel
from namro.orgs.services import position_create
from namro.tasks.models import Task

PERSONAS = ("admin", "leader", "tracker", "reporter", "viewer", "norole", "anonymous")
ROLE_OF = {
    "admin": Role.ADMIN,
    "leader": Role.LEADER,
    "tracker": Role.TRACKER,
    "reporter": Role.REPORTER,
    "viewer": Role.VIEWER,
}


@dataclass
class Personas:
    """The tree, the users and the objects each persona sees or does not see."""

    province: Unit
    department: Unit
    division: Unit
    commune: Unit
    outside: Unit
    outside_department: Unit
    outside_division: Unit
    users: dict[str, Any]
    person: Person
    outside_person: Person
    position: Position
    outside_position: Position
    document: Any
    task: Task
    outside_document: Any
    outside_task: Task
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, name: str) -> Any:
        """The persona's user; None for ``anonymous``."""
        return self.users.get(name)

    def in_scope(self, kind: str) -> Any:
        return {
            "unit": self.department,
            "person": self.person,
            "document": self.document,
            "task": self.task,
            "position": self.position,
        }[kind]

    def out_of_scope(self, kind: str) -> Any:
        return {
            "unit": self.outside_department,
            "person": self.outside_person,
            "document": self.outside_document,
            "task": self.outside_task,
            "position": self.outside_position,
        }[kind]


def build_personas() -> Personas:
    """Build the persona world (call inside a test with database access)."""
    province = UnitFactory(
        name="Tỉnh ủy Thử nghiệm", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    department = UnitFactory(name="Sở Kế hoạch và Đầu tư", parent=province)
    division = UnitFactory(name="Phòng Tổng hợp", parent=department)
    commune = UnitFactory(
        name="Đảng ủy xã Thử nghiệm",
        kind=UnitKind.PARTY_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=province,
    )
    outside = UnitFactory(
        name="Tỉnh ủy Bên ngoài", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    outside_department = UnitFactory(name="Sở Tài chính Bên ngoài", parent=outside)
    outside_division = UnitFactory(name="Phòng Ngân sách Bên ngoài", parent=outside_department)

    users: dict[str, Any] = {}
    for name, role in ROLE_OF.items():
        user = UserFactory(username=f"persona_{name}")
        unit = department if role in {Role.REPORTER, Role.VIEWER} else province
        grant(user, role, unit)
        users[name] = user
    users["norole"] = UserFactory(username="persona_norole")

    person = PersonFactory(full_name="Nguyễn Văn Trong")
    position = position_create(
        actor=None, person=person, title="Giám đốc Sở", unit=department, is_head=True
    )
    outside_person = PersonFactory(full_name="Trần Thị Ngoài")
    outside_position = position_create(
        actor=None, person=outside_person, title="Giám đốc Sở", unit=outside_department
    )

    # Open and not yet due whenever the tests run, so every write is possible today.
    due_on = timezone.localdate() + timedelta(days=180)
    document = DocumentFactory(number="01-KH/TU", issuer=province, issued_on=date(2025, 1, 15))
    task = TaskFactory(
        document=document,
        lead_unit=department,
        owner=person,
        authority=province,
        due_on=due_on,
        is_key=True,
    )
    outside_document = DocumentFactory(
        number="02-KH/TU", issuer=outside, issued_on=date(2025, 1, 15)
    )
    outside_task = TaskFactory(
        document=outside_document,
        lead_unit=outside_department,
        owner=outside_person,
        authority=outside,
        due_on=due_on,
    )
    return Personas(
        province=province,
        department=department,
        division=division,
        commune=commune,
        outside=outside,
        outside_department=outside_department,
        outside_division=outside_division,
        users=users,
        person=person,
        outside_person=outside_person,
        position=position,
        outside_position=outside_position,
        document=document,
        task=task,
        outside_document=outside_document,
        outside_task=outside_task,
    )


@pytest.fixture
def personas(db: Any) -> Personas:
    return build_personas()
